"""The services app's entries on each role's desk (core/desk.py): work waiting, counted with the
same scoped queries as the task pages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _


def register_desk() -> None:
    from accounts.queries import scope_for
    from core.desk import DeskEntry as _DeskEntry
    from core.desk import desk_register

    def DeskEntry(label, url_name, visible, *, count=None, url_args=None, order=100):
        """Entries written against the user's scope, registered against the user."""
        return _DeskEntry(
            label,
            url_name,
            visible=lambda user: visible(scope_for(user)),
            count=(lambda user: count(user, scope_for(user))) if count else None,
            url_args=(lambda user: url_args(scope_for(user))) if url_args else None,
            order=order,
        )

    from services.models import TaskAssignment

    from .queries.task_requests import (
        can_see_purchase_candidates,
        can_send_tasks,
        purchase_candidates_for,
        visible_assignments,
    )

    S = TaskAssignment.Status

    def to_answer(user, scope) -> QuerySet:
        return TaskAssignment.objects.filter(community_id__in=scope.community_ids, status=S.PENDING)

    def overturned(user, scope) -> QuerySet:
        return TaskAssignment.objects.filter(community_id__in=scope.community_ids, status=S.OVERTURNED)

    def refused(user, scope) -> QuerySet:
        senders = TaskAssignment.objects.filter(visible_assignments(scope)).exclude(
            community_id__in=scope.community_ids
        )
        return senders.filter(status=S.REFUSED)

    def appeals(user, scope) -> QuerySet:
        return TaskAssignment.objects.filter(status=S.APPEALED)

    def purchase(user, scope) -> QuerySet:
        return purchase_candidates_for(user)

    desk_register(
        DeskEntry(
            _("Tasks to answer"),
            "services:task-list",
            lambda s: bool(s.community_ids),
            count=to_answer,
            order=10,
        )
    )
    desk_register(
        DeskEntry(
            _("Tasks the community must do after an appeal"),
            "services:task-list",
            lambda s: bool(s.community_ids),
            count=overturned,
            order=11,
        )
    )
    desk_register(
        DeskEntry(
            _("Refusals to accept or appeal"),
            "services:task-list",
            can_send_tasks,
            count=refused,
            order=12,
        )
    )
    desk_register(
        DeskEntry(
            _("Appeals to decide"),
            "services:task-list",
            lambda s: s.is_district_admin,
            count=appeals,
            order=13,
        )
    )
    desk_register(
        DeskEntry(
            _("Purchase candidates"),
            "services:purchase-candidates",
            can_see_purchase_candidates,
            count=purchase,
            order=14,
        )
    )
    desk_register(DeskEntry(_("Send a task request"), "services:task-create", can_send_tasks, order=110))
    desk_register(
        DeskEntry(
            _("Look up the duty lists"), "services:duty-list-index", lambda s: s.is_staff_of_government, order=111
        )
    )
