"""The organisations app's entries on each role's desk (core/desk.py)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
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

    from .models import Organization
    from .queries.registration import review_queue

    O = Organization.Status  # noqa: E741

    def to_review(user, scope) -> QuerySet:
        return review_queue()

    def to_complete(user, scope) -> QuerySet:
        return Organization.objects.filter(pk__in=scope.organization_ids, status__in=[O.DRAFT, O.RETURNED])

    def reports_due(user, scope) -> QuerySet:
        # Last year's report is due (by 31 May) from each registered organisation that has not filed it.
        year = timezone.localdate().year - 1
        return Organization.objects.filter(pk__in=scope.organization_ids, status=O.REGISTERED).exclude(
            annual_reports__year=year, annual_reports__submitted_at__isnull=False
        )

    def is_org_staff(scope) -> bool:
        return bool(scope.organization_ids)

    desk_register(
        DeskEntry(
            _("Applications to review"),
            "organizations:review",
            lambda s: s.is_district_admin,
            count=to_review,
            order=20,
        )
    )
    desk_register(
        DeskEntry(_("Applications to complete"), "organizations:mine", is_org_staff, count=to_complete, order=21)
    )
    desk_register(DeskEntry(_("Annual reports due"), "organizations:mine", is_org_staff, count=reports_due, order=22))
    desk_register(
        DeskEntry(
            _("My community's services"),
            "organizations:service-centre",
            lambda s: s.resident_community_id is not None,
            url_args=lambda s: (s.resident_community_id,),
            order=100,
        )
    )
    desk_register(
        DeskEntry(
            _("Find a social organisation"),
            "organizations:directory",
            lambda s: not s.is_staff_of_government,
            order=101,
        )
    )
