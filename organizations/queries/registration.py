"""Reads of organisations, scoped by who asks.

Who sees what: the public (and anyone without a stake) sees registered organisations only; an
organisation's staff see their own in any state; the district civil-affairs bureau sees all.
`access_*` helpers answer 404 alike for "missing" and "not yours".
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from accounts.queries import scope_for

from ..models import (
    AdmissionStandard,
    AnnualReport,
    Incubation,
    IncubationMilestone,
    Member,
    Organization,
    OrganizationDomain,
    StaffMembership,
)


def _with_lists(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    """What every list shows, in a constant number of queries."""
    return (
        qs.select_related("street", "community")
        .prefetch_related(Prefetch("domains", queryset=OrganizationDomain.objects.order_by("domain")))
        .annotate(is_incubated=Exists(Incubation.objects.filter(incubatee=OuterRef("pk"))))
    )


def organizations_public() -> QuerySet[Organization]:
    """The directory: registered organisations only."""
    return _with_lists(Organization.objects.filter(status=Organization.Status.REGISTERED))


def organizations_for(user) -> QuerySet[Organization]:
    scope = scope_for(user)
    qs = Organization.objects.all()
    if not scope.is_district_admin:
        qs = qs.filter(Q(status=Organization.Status.REGISTERED) | Q(pk__in=scope.organization_ids))
    return _with_lists(qs)


def access_organization(user, pk) -> Organization:
    """The organisation if `user` may see it (see the module's rule), else 404."""
    try:
        return organizations_for(user).get(pk=int(pk))
    except (Organization.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def sees_application(user, organization: Organization) -> bool:
    """Staff of the organisation and the bureau see the application: members' IDs, documents,
    notifications, reports."""
    scope = scope_for(user)
    return scope.is_district_admin or organization.pk in scope.organization_ids


def access_organization_private(user, pk) -> Organization:
    """The organisation's application and records: its staff and the bureau only (else 404)."""
    org = access_organization(user, pk)
    if not sees_application(user, org):
        raise Http404
    return org


def review_queue() -> QuerySet[Organization]:
    return _with_lists(Organization.objects.filter(status=Organization.Status.SUBMITTED)).order_by("submitted_at", "pk")


def members_of(organization: Organization) -> QuerySet[Member]:
    return Member.objects.filter(organization=organization).order_by("position", "pk")


def legal_representative_of(organization: Organization) -> Member | None:
    return Member.objects.filter(organization=organization, is_legal_representative=True).first()


def annual_reports_of(organization: Organization) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(organization=organization).order_by("-year")


def incubations_of(organization: Organization) -> QuerySet[Incubation]:
    """Incubations the organisation gave or received, with their milestones."""
    return (
        Incubation.objects.filter(Q(incubator=organization) | Q(incubatee=organization))
        .select_related("incubator", "incubatee")
        .prefetch_related(Prefetch("milestones", queryset=IncubationMilestone.objects.order_by("due_date", "pk")))
        .order_by("-start", "pk")
    )


def incubations_for(user) -> QuerySet[Incubation]:
    """The bureau sees every incubation; others those between organisations they may see."""
    visible = organizations_for(user).values("pk")
    return (
        Incubation.objects.filter(incubator__in=visible, incubatee__in=visible)
        .select_related("incubator", "incubatee")
        .prefetch_related(Prefetch("milestones", queryset=IncubationMilestone.objects.order_by("due_date", "pk")))
    )


def admission_standard_current() -> AdmissionStandard:
    """The rules in force: the one settings row, or the defaults before anyone set them."""
    return AdmissionStandard.objects.filter(id=1).first() or AdmissionStandard(id=1)


def organizations_serving(community) -> QuerySet[Organization]:
    """The resident service centre (社会组织居民服务中心): registered organisations serving it."""
    return organizations_public().filter(communities_served=community).order_by("name")


# --- Organisation staff: the role source organizations registers with accounts ------------------
def organization_staff_of(user) -> list[int]:
    """The organisations `user` acts for (accounts' scope asks, once per request)."""
    return list(StaffMembership.objects.filter(user=user).values_list("organization_id", flat=True))


def organization_staff_sql() -> str:
    """organization_staff_of() as SQL, for accounts to read with the user's roles in one query."""
    qn = connection.ops.quote_name
    organization = StaffMembership._meta.get_field("organization").column
    user = StaffMembership._meta.get_field("user").column
    return (
        f"SELECT {qn(organization)} AS {qn('unit_id')} FROM {qn(StaffMembership._meta.db_table)} WHERE {qn(user)} = %s"
    )


def organization_staff_units(user) -> list[tuple[int, str]]:
    return list(
        StaffMembership.objects.filter(user=user).order_by("pk").values_list("organization_id", "organization__name")
    )


def organization_staff_holders(organization_id: int) -> Q:
    """A filter on users: the staff of the organisation."""
    return Q(pk__in=StaffMembership.objects.filter(organization_id=organization_id).values("user_id"))
