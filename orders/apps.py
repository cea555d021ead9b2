from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Resident service orders")

    def ready(self):
        self._ready_residents_and_demand()
        self._ready_offerings_and_orders()

        # Procurement's hooks: a signed contract opens its offering; confirmed deliveries and
        # ratings flow back into the contract (pay follows verified delivery).
        from .hooks import register_hooks

        register_hooks()

    def _ready_residents_and_demand(self):
        """Residents and demand: demo data, history pages, menu entries and desk counts."""
        from core.audit import register_history_access
        from core.loaders import loader_register
        from core.navigation import NavItem, nav_register

        from .demo.residents import demo_residents_load
        from .desk import register_desk
        from .models import Demand, ResidentApplication
        from .queries.demand import access_demand, can_see_demand
        from .queries.residents import access_application

        loader_register("demo", self.label, demo_residents_load)
        register_history_access(Demand, access_demand)
        register_history_access(ResidentApplication, access_application)
        nav_register(
            NavItem(label=_("Residents' demand"), url_name="orders:demand-list", visible=can_see_demand, order=55)
        )
        nav_register(
            NavItem(
                label=_("Community overview"),
                url_name="orders:community-overview",
                visible=lambda scope: bool(scope.community_ids),
                order=56,
            )
        )
        nav_register(
            NavItem(
                label=_("Residents: sign up"),
                url_name="orders:resident-signup",
                visible=lambda scope: not scope.roles,
                order=57,
            )
        )
        register_desk()

    def _ready_offerings_and_orders(self):
        """Offerings and orders: demo data, history pages, menu entries and the order desk."""
        from core.audit import register_history_access
        from core.desk import DeskEntry, desk_register
        from core.loaders import loader_register
        from core.navigation import NavItem, nav_register

        from .demo.orders import demo_load
        from .models import Order
        from .queries.orders import access_order_history, community_attention, desk_waiting

        loader_register("demo", self.label, demo_load)
        register_history_access(Order, access_order_history)

        def is_resident(scope):
            return scope.resident_community_id is not None

        def sees_desk(scope):
            return bool(scope.organization_ids or scope.community_ids or scope.overseen_community_ids) or (
                scope.is_district_admin
            )

        nav_register(NavItem(label=_("Services at my door"), url_name="orders:offering-browse", order=50))
        nav_register(NavItem(label=_("My orders"), url_name="orders:my-orders", visible=is_resident, order=51))
        nav_register(NavItem(label=_("Order desk"), url_name="orders:order-desk", visible=sees_desk, order=52))
        nav_register(
            NavItem(
                label=_("Our offerings"),
                url_name="orders:offering-manage",
                visible=lambda scope: bool(scope.organization_ids),
                order=53,
            )
        )

        from accounts.queries import scope_for

        desk_register(
            DeskEntry(
                _("New service orders to answer"),
                "orders:order-desk",
                visible=lambda user: bool(scope_for(user).organization_ids),
                count=desk_waiting,
                order=25,
            )
        )
        desk_register(
            DeskEntry(
                _("Service orders needing the community"),
                "orders:order-desk",
                visible=lambda user: bool(scope_for(user).community_ids),
                count=community_attention,
                order=26,
            )
        )
