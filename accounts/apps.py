from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and places")

    def ready(self):
        from core.audit import register_history_access
        from core.navigation import NavItem, nav_register

        from .access import access_user_history
        from .models import User

        register_history_access(User, access_user_history)

        from core.loaders import loader_register

        from .demo import demo_load
        from .reference import reference_units_load

        loader_register("reference", self.label, reference_units_load)
        loader_register("demo", self.label, demo_load)

        nav_register(NavItem(label=_("Streets and communities"), url_name="accounts:street-list", order=90))
