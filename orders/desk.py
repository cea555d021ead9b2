"""The orders app's entries on each role's desk (core/desk.py) for residents and demand."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _


def register_desk() -> None:
    from accounts.queries import scope_for
    from core.desk import DeskEntry, desk_register

    from .models import Demand, ResidentApplication

    def to_confirm(user) -> QuerySet:
        scope = scope_for(user)
        return ResidentApplication.objects.filter(
            community_id__in=scope.community_ids, status=ResidentApplication.Status.PENDING
        )

    def open_demand(user) -> QuerySet:
        scope = scope_for(user)
        return Demand.objects.filter(community_id__in=scope.overseen_community_ids, status=Demand.Status.OPEN)

    desk_register(
        DeskEntry(
            _("Residents to confirm"),
            "orders:community-overview",
            visible=lambda user: bool(scope_for(user).community_ids),
            count=to_confirm,
            order=30,
        )
    )
    desk_register(
        DeskEntry(
            _("Residents' demand to consider"),
            "orders:demand-list",
            visible=lambda user: bool(scope_for(user).street_ids),
            count=open_demand,
            order=31,
        )
    )
    desk_register(
        DeskEntry(
            _("Ask for a service nobody offers yet"),
            "orders:demand-create",
            visible=lambda user: scope_for(user).resident_community_id is not None,
            order=130,
        )
    )
    desk_register(
        DeskEntry(
            _("Become a verified resident of your community"),
            "orders:resident-signup",
            visible=lambda user: not scope_for(user).roles,
            order=131,
        )
    )
    desk_register(
        DeskEntry(
            _("Register a resident in person"),
            "orders:resident-register",
            visible=lambda user: bool(scope_for(user).community_ids),
            order=132,
        )
    )
