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

        nav_register(NavItem(label=_("Streets and communities"), url_name="accounts:street-list", order=90))
