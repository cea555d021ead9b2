"""The procurement app's entries on each role's desk (core/desk.py): the street office's purchase
work waiting, the expert's sheets to score, and a link to each procurement desk. One query per
counted entry, and only for the users who see it."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _


def register_desk() -> None:
    from accounts.queries import scope_for
    from core.desk import DeskEntry, desk_register

    from .models import ExpertAssignment, Project
    from .queries.desks import purchasing_desk_waiting
    from .views.desks import can_see_bidding_desk, can_see_purchasing_desk, can_see_scoring_desk

    def sheets_to_score(user) -> QuerySet:
        return ExpertAssignment.objects.filter(
            expert__user=user, scored_at__isnull=True, project__status=Project.Status.OPENED
        )

    desk_register(
        DeskEntry(
            _("Purchase work waiting"),
            "procurement:purchasing-desk",
            visible=lambda user: can_see_purchasing_desk(scope_for(user)),
            count=purchasing_desk_waiting,
            order=15,
        )
    )
    desk_register(
        DeskEntry(
            _("Scoring sheets to submit"),
            "procurement:scoring-desk",
            visible=lambda user: can_see_scoring_desk(scope_for(user)),
            count=sheets_to_score,
            order=16,
        )
    )
    desk_register(
        DeskEntry(
            _("Bidding desk: open calls and my bids"),
            "procurement:bidding-desk",
            visible=lambda user: can_see_bidding_desk(scope_for(user)),
            order=105,
        )
    )
