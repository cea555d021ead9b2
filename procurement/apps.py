from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Government purchase of services")

    def ready(self):
        from core.loaders import loader_register

        from .demo.projects import demo_load

        loader_register("demo", self.label, demo_load)
        from .demo.year_2014 import demo_load_2014

        # After the current demo (which registers expert_wang): the district's 2014 purchases.
        loader_register("demo", self.label, demo_load_2014)
        from .demo.contracts import demo_contracts_load

        # After the projects: the contracts are drafted from the demo's awards.
        loader_register("demo", self.label, demo_contracts_load)

        from core.audit import register_history_access
        from core.navigation import NavItem, nav_register

        from .models import Bid, Contract, Project
        from .queries.bids import access_bid_history
        from .queries.budgets import can_see_budgets
        from .queries.contracts import (
            access_contract_history,
            can_be_waited_on,
            can_see_contracts,
            contracts_waiting_on,
        )
        from .queries.projects import access_project_history

        # A bid's trail only to whoever may read the bid: before the opening, its bidder alone.
        register_history_access(Bid, access_bid_history)
        register_history_access(Project, access_project_history)
        register_history_access(Contract, access_contract_history)
        nav_register(NavItem(label=_("Purchase projects"), url_name="procurement:project-list", order=40))
        nav_register(NavItem(label=_("Purchase catalogue"), url_name="procurement:catalogue", order=41))
        nav_register(
            NavItem(
                label=_("My bids"),
                url_name="procurement:my-bids",
                visible=lambda scope: bool(scope.organization_ids),
                order=42,
            )
        )
        nav_register(NavItem(label=_("Budgets"), url_name="procurement:budgets", visible=can_see_budgets, order=43))
        from .views.desks import can_see_bidding_desk, can_see_purchasing_desk, can_see_scoring_desk

        nav_register(
            NavItem(
                label=_("Purchasing desk"),
                url_name="procurement:purchasing-desk",
                visible=can_see_purchasing_desk,
                order=39,
            )
        )
        nav_register(
            NavItem(
                label=_("Bidding desk"), url_name="procurement:bidding-desk", visible=can_see_bidding_desk, order=39
            )
        )
        nav_register(
            NavItem(
                label=_("Projects to score"),
                url_name="procurement:scoring-desk",
                visible=can_see_scoring_desk,
                order=39,
            )
        )

        from .desk import register_desk

        register_desk()
        nav_register(
            NavItem(label=_("My contracts"), url_name="procurement:contract-list", visible=can_see_contracts, order=44)
        )
        nav_register(NavItem(label=_("Contract notices"), url_name="procurement:contract-notices", order=45))

        from accounts.queries import scope_for
        from core.desk import DeskEntry, desk_register

        desk_register(
            DeskEntry(
                _("Contracts waiting on me"),
                "procurement:contract-list",
                visible=lambda user: can_be_waited_on(scope_for(user)),
                count=contracts_waiting_on,
                order=40,
            )
        )

        # The task page shows the project bought for a purchase candidate (services offers the hook).
        from services.queries.task_requests import register_assignment_links

        from .queries.projects import assignment_project_links

        register_assignment_links(assignment_project_links)
