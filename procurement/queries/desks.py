"""Reads of the three procurement desks: the street office's purchasing desk, the organisation's
bidding desk and the expert's scoring desk.

Each desk is a list of sections (`procurement.views.desks`); each section reads through one
function here, with a fixed number of queries whatever the volume. None of them reads a bid's
price or plan: the seal stays in `queries.bids` (the bidding desk lists the bidder's own bids
through `my_bids`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from accounts.queries import scope_for
from organizations.models import Organization
from organizations.qualification import Qualification, qualification_check
from organizations.queries.registration import admission_standard_current

from ..models import Bid, BudgetLine, Complaint, Criterion, ExpertAssignment, Project, Question

P = Project.Status

# How many waiting projects of each state the purchasing desk lists, the nearest deadline first (the
# counts are always exact; the rest is one link away, on the project list filtered by that state).
WAITING_ROWS = 5
# How many open calls and bids the bidding desk lists (the nearest deadlines and the newest bids;
# the rest are on the project list and the bids page, one link away), and the columns it shows.
CALL_ROWS = 20
BID_ROWS = 20
CALL_FIELDS = ("pk", "title", "method", "amount", "bid_deadline", "street__name", "community__name")
ASSIGNMENT_ROWS = 100

# --- The purchasing desk (street office) --------------------------------------------------------


# What waits on the purchasing street, one key per kind of work: the project states it applies to
# and the condition, read from the annotations of `_street_projects`.
WAITING_KINDS = ("to_publish", "to_answer", "to_assign", "to_evaluate", "to_award", "complaints", "to_close")


def _flag(statuses, model, condition: str = "") -> RawSQL:
    """Whether a row of `model` exists for the project (and meets `condition`), asked only of
    projects in `statuses`: false for the others, which the desk does not ask it of, so the
    database runs the subquery for a few projects instead of every one of the street's.

    SQL, not `Exists()`: the ORM took about 4 ms per desk to compile the four subqueries (each
    repeated wherever a condition reads it), more than the database takes to run them
    (bench/README.md, "Procurement")."""
    table = connection.ops.quote_name(model._meta.db_table)
    project = connection.ops.quote_name(Project._meta.db_table)
    marks = ", ".join(["%s"] * len(statuses))
    return RawSQL(
        f"CASE WHEN {project}.status IN ({marks}) THEN EXISTS (SELECT 1 FROM {table} f "
        f"WHERE f.project_id = {project}.id{condition}) ELSE FALSE END",
        tuple(statuses),
        output_field=BooleanField(),
    )


def _street_projects(street_ids) -> QuerySet[Project]:
    """The street's projects, annotated with what the desk asks of each (subqueries on indexed
    foreign keys, each only for the states that ask it: one row per project, no join fan-out)."""
    return Project.objects.filter(street_id__in=street_ids).annotate(
        unanswered=_flag([P.PUBLISHED, P.BIDDING_CLOSED, P.OPENED], Question, " AND f.answered_at IS NULL"),
        complaint_pending=_flag([P.AWARDED], Complaint, " AND f.answered_at IS NULL"),
        has_expert=_flag([P.OPENED], ExpertAssignment),
        scoring_open=_flag([P.OPENED], ExpertAssignment, " AND f.scored_at IS NULL"),
    )


# The annotations of `_street_projects` that the waiting kinds read.
FLAGS = ("unanswered", "complaint_pending", "has_expert", "scoring_open")


def _waiting_conditions() -> dict[str, Q]:
    return {
        "to_publish": Q(status=P.DRAFT),
        # Questions are answered while the project takes bids (and after, if one slipped through).
        "to_answer": Q(unanswered=True, status__in=[P.PUBLISHED, P.BIDDING_CLOSED, P.OPENED]),
        "to_assign": Q(status=P.OPENED, has_expert=False),
        "to_evaluate": Q(status=P.OPENED, has_expert=True, scoring_open=False),
        "to_award": Q(status=P.EVALUATED),
        # The same rule as actions.evaluation.complaints_pending, for many projects at once.
        "complaints": Q(status=P.AWARDED, complaint_pending=True),
        # Accepted by the community: the street pays what is owed and closes the project.
        "to_close": Q(status=P.ACCEPTED),
    }


@dataclass
class PurchasingDesk:
    state_counts: dict[str, int]
    waiting_counts: dict[str, int]
    # kind -> the first projects of that kind (at most WAITING_ROWS of each project state)
    waiting: dict[str, list[Project]]
    budget_lines: list[BudgetLine]
    year: int
    total: int = 0


def purchasing_desk(user, *, year: int | None = None) -> PurchasingDesk:
    """The street office's purchasing desk in three queries: counts (per state and per kind of
    waiting work, from one GROUP BY), the first waiting projects, and the year's budget lines."""
    street_ids = sorted(scope_for(user).street_ids)
    year = year or timezone.localdate().year
    conditions = _waiting_conditions()
    projects = _street_projects(street_ids)
    # One GROUP BY over the state and the four flags the waiting kinds read (a few dozen groups at
    # most), counted per state and per kind here with the same rules as the rows below.
    state_counts = dict.fromkeys(P.values, 0)
    waiting_counts = dict.fromkeys(WAITING_KINDS, 0)
    groups = projects.values("status", *FLAGS).annotate(n=Count("pk")).order_by() if street_ids else []
    for group in groups:
        state_counts[group["status"]] += group["n"]
        flags = SimpleNamespace(**group)
        for kind in WAITING_KINDS:
            if _matches(kind, flags):
                waiting_counts[kind] += group["n"]

    any_waiting = Q()
    for condition in conditions.values():
        any_waiting |= condition
    # The first few of each state, in one query: a row number per state, kept up to WAITING_ROWS.
    first_of_state = Window(RowNumber(), partition_by=F("status"), order_by=[F("bid_deadline").asc(), F("pk").asc()])
    rows = list(
        projects.filter(any_waiting)
        .annotate(place=first_of_state)
        .filter(place__lte=WAITING_ROWS)
        .select_related("community")
        .only("pk", "title", "status", "bid_deadline", "standstill_until", "community__name", "street_id")
        .order_by("bid_deadline", "pk")
        if street_ids and any(waiting_counts.values())
        else []
    )
    waiting: dict[str, list[Project]] = {k: [] for k in conditions}
    for project in rows:
        for kind in WAITING_KINDS:
            if len(waiting[kind]) < WAITING_ROWS and _matches(kind, project):
                waiting[kind].append(project)
    lines = list(
        BudgetLine.objects.filter(street_id__in=street_ids, year=year)
        .select_related("street")
        .order_by("street__name", "domain")
        if street_ids
        else []
    )
    return PurchasingDesk(
        state_counts=state_counts,
        waiting_counts=waiting_counts,
        waiting=waiting,
        budget_lines=lines,
        year=year,
        total=sum(state_counts.values()),
    )


def _matches(kind: str, p) -> bool:
    """The Python twin of `_waiting_conditions`, for rows already read with their annotations (a
    project, or a group of the counts with the same attributes)."""
    if kind == "to_publish":
        return p.status == P.DRAFT
    if kind == "to_answer":
        return p.unanswered and p.status in (P.PUBLISHED, P.BIDDING_CLOSED, P.OPENED)
    if kind == "to_assign":
        return p.status == P.OPENED and not p.has_expert
    if kind == "to_evaluate":
        return p.status == P.OPENED and p.has_expert and not p.scoring_open
    if kind == "to_award":
        return p.status == P.EVALUATED
    if kind == "complaints":
        return p.status == P.AWARDED and p.complaint_pending
    if kind == "to_close":
        return p.status == P.ACCEPTED
    raise ValueError(kind)


def budget_use(line: BudgetLine) -> dict[str, Decimal | int]:
    """Shares of a line for the bars: committed and paid as whole percentages of the allocation."""
    allocated = line.allocated or Decimal("0")

    def pct(value: Decimal) -> int:
        return int(value * 100 / allocated) if allocated else 0

    return {"committed_pct": pct(line.committed), "paid_pct": pct(line.paid), "available": line.available}


# --- The bidding desk (organisation) ------------------------------------------------------------


@dataclass
class OrganizationStanding:
    organization: Organization
    qualification: Qualification


@dataclass
class BiddingDesk:
    standings: list[OrganizationStanding]
    calls: list[Project]
    bids: list[Bid]


def open_calls_for(organization_ids) -> QuerySet[Project]:
    """Published projects still taking bids that these organisations may bid on: every project
    that invites nobody, and those that invite one of them (bid_submit refuses the others)."""
    invited = Project.invited_organizations.through.objects.filter(project_id=OuterRef("pk"))
    return (
        Project.objects.filter(status=P.PUBLISHED, bid_deadline__gt=timezone.now())
        .filter(~Exists(invited) | Exists(invited.filter(organization_id__in=list(organization_ids))))
        .select_related("street", "community")
        .order_by("bid_deadline", "pk")
    )


def bidding_desk(user) -> BiddingDesk:
    """The organisation's bidding desk. Qualification is an organisation's standing, not a
    project's: it is checked once per organisation per request (a handful of queries each), and an
    organisation that fails it sees the failing rules instead of calls it could not bid on."""
    from .bids import my_bids

    org_ids = sorted(scope_for(user).organization_ids)
    organizations = list(Organization.objects.filter(pk__in=org_ids).order_by("name"))
    # The standards are read once, whatever the number of organisations.
    standard = admission_standard_current() if organizations else None
    standings = [OrganizationStanding(o, qualification_check(o, standard=standard)) for o in organizations]
    qualified = [s.organization.pk for s in standings if s.qualification.qualified]
    # Each call carries the id of my live bid on it, if any (a subquery, not a query per call).
    mine = Bid.objects.filter(
        project_id=OuterRef("pk"), organization_id__in=org_ids, status=Bid.Status.SUBMITTED
    ).values("pk")[:1]
    calls = (
        list(open_calls_for(qualified).annotate(my_bid_id=Subquery(mine)).only(*CALL_FIELDS)[:CALL_ROWS])
        if qualified
        else []
    )
    # The bidder's own bids, through the seal's gate (its own organisations' bids only); the desk
    # shows status and receipt, so the documents and staff are not fetched.
    bids = (
        list(
            my_bids(user)
            .prefetch_related(None)
            .select_related(None)
            .select_related("project")
            .only("pk", "status", "submitted_at", "receipt", "project__title")[:BID_ROWS]
        )
        if org_ids
        else []
    )
    return BiddingDesk(standings=standings, calls=calls, bids=bids)


# --- The scoring desk (expert) ------------------------------------------------------------------


def assignments_for(user) -> QuerySet[ExpertAssignment]:
    """The expert's assignments, those still to score first, each with how many bids and criteria
    it scores (opened bids × criteria but the price: the cells of its sheet). A sheet is submitted
    whole (actions.evaluation.scores_submit), so a submitted one has nothing left unscored."""
    if not getattr(user, "is_authenticated", False):
        return ExpertAssignment.objects.none()
    bids = Bid.objects.filter(project_id=OuterRef("project_id"), status=Bid.Status.OPENED).values("project_id")
    criteria = Criterion.objects.filter(project_id=OuterRef("project_id"), is_price=False).values("project_id")
    return (
        ExpertAssignment.objects.filter(expert__user=user)
        .select_related("project", "project__street", "project__community")
        .annotate(
            bid_count=Coalesce(Subquery(bids.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), 0),
            criterion_count=Coalesce(
                Subquery(criteria.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), 0
            ),
        )
        # What is still to score first (PostgreSQL sorts NULL last by default, SQLite first).
        .order_by(F("scored_at").asc(nulls_first=True), "-assigned_at", "-pk")
    )


def purchasing_desk_waiting(user) -> QuerySet:
    """For the home desk: the projects with purchase work waiting on the user's street office."""
    street_ids = sorted(scope_for(user).street_ids)
    if not street_ids:
        return Project.objects.none()
    any_waiting = Q()
    for condition in _waiting_conditions().values():
        any_waiting |= condition
    return _street_projects(street_ids).filter(any_waiting)
