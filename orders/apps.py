from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Resident service orders")

    def ready(self):
        from core.audit import register_history_access
        from core.loaders import loader_register
        from core.navigation import NavItem, nav_register

        from .demo_residents import demo_residents_load
        from .desk import register_desk
        from .models import Demand, ResidentApplication
        from .queries.demand import access_demand, can_see_demand
        from .queries.residents import access_application

        loader_register("demo", self.label, demo_residents_load)
        register_history_access(Demand, access_demand)
        register_history_access(ResidentApplication, access_application)
        nav_register(
            NavItem(label=_("Residents' demand"), url_name="orders:demand-list", visible=can_see_demand, order=50)
        )
        nav_register(
            NavItem(
                label=_("Community overview"),
                url_name="orders:community-overview",
                visible=lambda scope: bool(scope.community_ids),
                order=51,
            )
        )
        nav_register(
            NavItem(
                label=_("Residents: sign up"),
                url_name="orders:resident-signup",
                visible=lambda scope: not scope.roles,
                order=52,
            )
        )
        register_desk()
