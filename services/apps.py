from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Duty lists, tasks and resident services")

    def ready(self):
        from core.navigation import NavItem, nav_register

        # The duty lists: public menu entry, before the organisations' entry (also 20), as it was
        # when services' ready() ran first.
        nav_register(NavItem(label=_("Duty lists"), url_name="services:duty-list-index", order=19))

        from core.loaders import loader_register

        from .demo import demo_load
        from .reference import reference_load

        loader_register("reference", self.label, reference_load)
        loader_register("demo", self.label, demo_load)

        from core.audit import register_history_access

        from .models import DutyList, DutyListImport
        from .queries.duties import access_duty_import, access_duty_list_history

        register_history_access(DutyList, access_duty_list_history)
        register_history_access(DutyListImport, access_duty_import)
        self._ready_tasks()

        from .desk import register_desk

        register_desk()

    def _ready_tasks(self):
        """Task requests: history pages and menu entries."""
        from core.audit import register_history_access
        from core.navigation import NavItem, nav_register

        from .models import TaskAssignment, TaskRequest
        from .queries.task_requests import (
            access_assignment_history,
            access_task_history,
            can_see_burden,
            can_see_purchase_candidates,
            task_visibility,
        )

        register_history_access(TaskRequest, access_task_history)
        register_history_access(TaskAssignment, access_assignment_history)
        nav_register(
            NavItem(
                label=_("Task requests"),
                url_name="services:task-list",
                visible=lambda scope: task_visibility(scope) is not None,
                order=30,
            )
        )
        nav_register(
            NavItem(
                label=_("Purchase candidates"),
                url_name="services:purchase-candidates",
                visible=can_see_purchase_candidates,
                order=32,
            )
        )
        nav_register(NavItem(label=_("Burden (减负)"), url_name="services:burden", visible=can_see_burden, order=34))
