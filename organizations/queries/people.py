"""Reads about the people who do the work, scoped by who asks.

Resident IDs are personal data: `ric_for_viewer()` is the one place that decides whether a
viewer sees one whole or masked; the API field, the template tag and the admin all call it.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.queries import Scope, scope_for
from core.errors import DomainError

from ..identifiers import ric_mask, ric_normalise
from ..models import (
    Attendance,
    Branch,
    Certificate,
    Employment,
    Organization,
    Person,
    SocialWorker,
    TrainingSession,
    Volunteer,
)


# --- The admission-standard figure -----------------------------------------------------------
def certified_social_worker_count(organization: Organization | int, *, on: date | None = None) -> int:
    """How many of the organisation's social workers hold a certificate (any level).

    `on` (default: today) counts only workers employed by then whose exam was passed in or
    before that year. One query.
    """
    on = on or date.today()
    org_id = organization if isinstance(organization, int) else organization.pk
    return (
        SocialWorker.objects.filter(
            employer_id=org_id,
            started_on__lte=on,
            certificates__year_passed__lte=on.year,
        )
        .values("id")
        .distinct()
        .count()
    )


# --- Who sees a resident ID whole ------------------------------------------------------------
def sees_full_ric(scope: Scope, organization_id: int | None) -> bool:
    """The civil-affairs reviewers, and the staff of the organisation the person works for."""
    if scope.is_district_admin:
        return True
    return organization_id is not None and organization_id in scope.organization_ids


def ric_for_viewer(value: str, *, scope: Scope, organization_id: int | None) -> str:
    return ric_normalise(value) if sees_full_ric(scope, organization_id) else ric_mask(value)


# --- Who may manage whose people -------------------------------------------------------------
def manages_organization(scope: Scope, organization_id: int) -> bool:
    return scope.is_district_admin or organization_id in scope.organization_ids


def may_manage_people(scope: Scope) -> bool:
    return scope.is_district_admin or bool(scope.organization_ids)


def may_manage_coordinators(scope: Scope) -> bool:
    return scope.is_district_admin or Role.STREET_STAFF in scope.roles


# --- Social workers --------------------------------------------------------------------------
# What of a scope the social-workers list reads (which workers, whose resident ID shows whole):
# these fields and no other (a test holds them to it).
SOCIAL_WORKER_LIST_SCOPE = ("is_district_admin", "organization_ids")


def social_workers_for(user) -> QuerySet[SocialWorker]:
    """The district admin sees every social worker; an organisation's staff see their own."""
    scope = scope_for(user)
    qs = SocialWorker.objects.select_related("person", "employer").annotate(
        certificate_count=Count("certificates", distinct=True)
    )
    if scope.is_district_admin:
        return qs
    if scope.organization_ids:
        return qs.filter(employer_id__in=scope.organization_ids)
    return qs.none()


# What a row of the social-workers list shows, read as plain values (no model instances).
SOCIAL_WORKER_ROW = (
    "id",
    "person_id",
    "name",
    "person__resident_id",
    "phone",
    "employer_id",
    "employer__name",
    "started_on",
    "certificate_count",
)


def social_worker_rows_for(user) -> QuerySet:
    """social_workers_for() as list rows (dicts of SOCIAL_WORKER_ROW)."""
    return social_workers_for(user).values(*SOCIAL_WORKER_ROW)


def access_social_worker(user, pk) -> SocialWorker:
    sw = (
        social_workers_for(user)
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.order_by("year_passed", "id")),
        )
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if sw is None:
        raise Http404
    return sw


def attendance_of(person: Person) -> QuerySet[Attendance]:
    return person.attendances.select_related("session").order_by("-session__held_on", "-id")


# --- Training ---------------------------------------------------------------------------------
def training_sessions_public() -> QuerySet[TrainingSession]:
    """Sessions carry no personal data: anyone may list them, with how many attended."""
    return TrainingSession.objects.annotate(attendee_count=Count("attendances"))


def access_training_session(user, pk) -> TrainingSession:
    session = TrainingSession.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if session is None:
        raise Http404
    return session


# --- Coordinators -----------------------------------------------------------------------------
def coordinators_for(user) -> QuerySet[Employment]:
    """Coordinators' current employments: all for the district admin, the communities of their
    street (and the organisations there) for street staff, their own for an organisation."""
    scope = scope_for(user)
    qs = Employment.objects.filter(ended_on__isnull=True).select_related(
        "person", "community", "community__street", "organization"
    )
    if scope.is_district_admin:
        return qs
    q = Q(pk__in=[])
    if scope.overseen_community_ids:
        q |= Q(community_id__in=scope.overseen_community_ids)
        q |= Q(organization__street_id__in=scope.street_ids)
    if scope.organization_ids:
        q |= Q(organization_id__in=scope.organization_ids)
    return qs.filter(q) if (scope.overseen_community_ids or scope.organization_ids) else qs.none()


def access_coordinator(user, person_id) -> Employment:
    """The person's current employment, if the user may see it (404 alike otherwise)."""
    employment = coordinators_for(user).filter(person_id=person_id).first() if str(person_id).isdigit() else None
    if employment is None:
        raise Http404
    return employment


def coordinator_history(person_id: int) -> QuerySet[Employment]:
    return (
        Employment.objects.filter(person_id=person_id)
        .select_related("community", "organization")
        .order_by("started_on", "id")
    )


def coordinator_moves(*, year: int | None = None) -> list[dict]:
    """How many coordinators moved from a community to an organisation, per year and per
    (street, community) → organisation. One aggregate query; no personal data."""
    qs = Employment.objects.filter(organization__isnull=False, previous__community__isnull=False)
    if year:
        qs = qs.filter(started_on__year=year)
    return list(
        qs.annotate(
            year=ExtractYear("started_on"),
            from_street=F("previous__community__street__name"),
            from_community=F("previous__community__name"),
            to_organization=F("organization__name"),
        )
        .values("year", "from_street", "from_community", "to_organization")
        .annotate(moved=Count("id"))
        .order_by("-year", "from_street", "from_community", "to_organization")
    )


def coordinator_moves_by_year() -> list[dict]:
    return list(
        Employment.objects.filter(organization__isnull=False, previous__community__isnull=False)
        .annotate(year=ExtractYear("started_on"))
        .values("year")
        .annotate(moved=Count("id"))
        .order_by("-year")
    )


# --- Volunteers -------------------------------------------------------------------------------
def volunteers_for(user) -> QuerySet[Volunteer]:
    scope = scope_for(user)
    qs = Volunteer.objects.select_related("person", "organization", "branch")
    if scope.is_district_admin:
        return qs
    if scope.organization_ids:
        return qs.filter(organization_id__in=scope.organization_ids)
    return qs.none()


def branches_for(user) -> QuerySet[Branch]:
    scope = scope_for(user)
    qs = Branch.objects.select_related("organization").annotate(volunteer_count=Count("volunteers"))
    if scope.is_district_admin:
        return qs
    if scope.organization_ids:
        return qs.filter(organization_id__in=scope.organization_ids)
    return qs.none()


def volunteer_card(token: str) -> Volunteer:
    """The public card: anyone holding the token sees it; no resident ID is ever on it."""
    volunteer = (
        Volunteer.objects.select_related("person", "organization", "branch").filter(card_token=token).first()
        if token
        else None
    )
    if volunteer is None:
        raise Http404
    return volunteer


def organizations_managed_by(user) -> QuerySet[Organization]:
    """The organisations whose people the user may manage (for form choices)."""
    scope = scope_for(user)
    qs = Organization.objects.filter(status=Organization.Status.REGISTERED).order_by("name")
    if scope.is_district_admin:
        return qs
    return qs.filter(pk__in=scope.organization_ids)


def organization_for_people(user, organization_id) -> Organization:
    """The organisation whose people the user manages: the one given (if theirs and registered),
    or their only one when none is given. Unknown, not-theirs and unregistered read alike."""
    qs = organizations_managed_by(user)
    if organization_id in (None, ""):
        scope = scope_for(user)
        if not scope.is_district_admin and len(scope.organization_ids) == 1:
            org = qs.filter(pk=next(iter(scope.organization_ids))).first()
            if org:
                return org
        msg = _("Choose the organisation.")
        raise DomainError(msg, fields={"organization": msg})
    org = qs.filter(pk=organization_id).first() if str(organization_id).isdigit() else None
    if org is None:
        msg = _("Choose one of your registered organisations.")
        raise DomainError(msg, fields={"organization": msg})
    return org


# --- History pages -----------------------------------------------------------------------------
def access_person_history(user, pk) -> Person:
    """A person's trail (coordinator hires and moves): whoever may see them as a coordinator.

    Managing a social worker of the same resident ID is not enough: any organisation may link a
    record to any ID, and must not learn another employer's history that way."""
    scope = scope_for(user)
    if not scope.authenticated or not str(pk).isdigit():
        raise Http404
    if scope.is_district_admin:
        person = Person.objects.filter(pk=pk).first()
    else:
        person = Person.objects.filter(pk=pk).filter(pk__in=coordinators_for(user).values("person_id")).first()
    if person is None:
        raise Http404
    return person


def register_people() -> None:
    """Called from the app's ready(): menu entries and history access."""
    from django.utils.translation import gettext_lazy

    from core.audit import register_history_access
    from core.navigation import NavItem, nav_register

    register_history_access(SocialWorker, access_social_worker)
    register_history_access(Person, access_person_history)
    nav_register(
        NavItem(gettext_lazy("Social workers"), "organizations:social-worker-list", may_manage_people, order=60)
    )
    nav_register(NavItem(gettext_lazy("Volunteers"), "organizations:volunteer-list", may_manage_people, order=61))
    nav_register(
        NavItem(
            gettext_lazy("Coordinators"),
            "organizations:coordinator-list",
            lambda s: may_manage_coordinators(s) or bool(s.organization_ids),
            order=62,
        )
    )
    nav_register(NavItem(gettext_lazy("Training"), "organizations:training-list", order=63))


def access_volunteer(user, pk) -> Volunteer:
    volunteer = volunteers_for(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if volunteer is None:
        raise Http404
    return volunteer
