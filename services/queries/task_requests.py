"""Reads of task requests, scoped by who asks.

Senders see what their department or street sent, a community what it received, the district
admin everything; nobody else sees any. `access_*` answer 404 alike for missing and not yours.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from accounts.models import Community, Department, Street
from accounts.queries import Scope, scope_for
from core.public_cache import TASKS, topic_part
from core.sql import fetch
from services.models import DutyItem, TaskAssignment, TaskRequest

# What of a scope the task lists read: task_visibility, visible_assignments, the scoped queries
# below and the caller's own answer read these fields and no other (a test holds them to it), so
# callers whose scopes agree on them are shown the same lists (the API keeps one answer for them).
TASK_LIST_SCOPE = ("is_district_admin", "department_ids", "street_ids", "community_ids")


def task_list_topics(scope: Scope) -> tuple[str, ...]:
    """The parts of the TASKS cache topic a scope's task lists are built from: the district's lists
    from every task; a sender's from its department's or street's tasks and all their answers; a
    community's from the tasks it received and its own answers only (core/public_cache.py)."""
    if scope.is_district_admin:
        return (topic_part(TASKS, "all"),)
    return (
        *(topic_part(TASKS, "department", pk) for pk in sorted(scope.department_ids)),
        *(topic_part(TASKS, "street", pk) for pk in sorted(scope.street_ids)),
        *(topic_part(TASKS, "community", pk) for pk in sorted(scope.community_ids)),
    )


def task_changed_topics(task: TaskRequest, community_ids) -> tuple[str, ...]:
    """The parts of the TASKS topic a write to `task` and to the answers of `community_ids`
    changes (the lists of task_list_topics that show them)."""
    return (
        topic_part(TASKS, "all"),
        *([topic_part(TASKS, "department", task.sender_department_id)] if task.sender_department_id else []),
        *([topic_part(TASKS, "street", task.sender_street_id)] if task.sender_street_id else []),
        *(topic_part(TASKS, "community", pk) for pk in sorted(community_ids)),
    )


def task_visibility(scope: Scope) -> Q | None:
    """The filter of task requests a scope may read; None when it may read none."""
    if scope.is_district_admin:
        return Q()
    q = Q(pk__in=[])
    if scope.department_ids:
        q |= Q(sender_department_id__in=scope.department_ids)
    if scope.street_ids:
        q |= Q(sender_street_id__in=scope.street_ids)
    if scope.community_ids:
        q |= Q(assignments__community_id__in=scope.community_ids)
    if not (scope.department_ids or scope.street_ids or scope.community_ids):
        return None
    return q


def visible_assignments(scope: Scope) -> Q:
    """Within a visible task, which assignments a scope sees: senders all, a community its own."""
    if scope.is_district_admin:
        return Q()
    q = Q(pk__in=[])
    if scope.department_ids:
        q |= Q(task__sender_department_id__in=scope.department_ids)
    if scope.street_ids:
        q |= Q(task__sender_street_id__in=scope.street_ids)
    if scope.community_ids:
        q |= Q(community_id__in=scope.community_ids)
    return q


# Every list of task requests, newest first by when it was sent. `sent_at` is the task's
# `created_at`, read in a community's inbox from the assignment's copy so that the inbox index
# (community, task_created_at, task) serves the order; each other scope has its composite index
# on TaskRequest. Either way a page 200 cursors deep is an index range like the first.
TASK_ORDER = ("-sent_at", "-id")


def _visible_tasks(scope: Scope) -> QuerySet[TaskRequest] | None:
    """The task requests a scope may read, as a query each index can serve; None when none.
    Every query carries `sent_at` for TASK_ORDER."""
    sent_at = F("created_at")
    kinds = [bool(scope.department_ids), bool(scope.street_ids), bool(scope.community_ids)]
    if scope.is_district_admin:
        qs = TaskRequest.objects.all()
    elif not any(kinds):
        return None
    elif sum(kinds) == 1 and scope.department_ids:
        qs = TaskRequest.objects.filter(sender_department_id__in=scope.department_ids)
    elif sum(kinds) == 1 and scope.street_ids:
        qs = TaskRequest.objects.filter(sender_street_id__in=scope.street_ids)
    elif sum(kinds) == 1 and len(scope.community_ids) == 1:
        # The inbox: a join from the community's assignments (a community gets a task once, so
        # no duplicates), ordered by the assignment's columns, which its index holds.
        qs = TaskRequest.objects.filter(assignments__community_id__in=scope.community_ids)
        sent_at = F("assignments__task_created_at")
    else:
        # Someone in two roles (or staff of several communities): rare, so the general OR will do.
        qs = TaskRequest.objects.filter(pk__in=TaskRequest.objects.filter(task_visibility(scope)).values("pk"))
    return qs.annotate(sent_at=sent_at)


def _with_related(qs: QuerySet[TaskRequest], scope: Scope) -> QuerySet[TaskRequest]:
    assignments = (
        TaskAssignment.objects.filter(visible_assignments(scope))
        .select_related("community", "community__street", "appeal_decided_by")
        .prefetch_related("judged_lists")
        .order_by("community__name")
    )
    return qs.select_related("sender_department", "sender_street", "created_by").prefetch_related(
        Prefetch("claimed_items", queryset=DutyItem.objects.select_related("duty_list", "category")),
        Prefetch("assignments", queryset=assignments, to_attr="visible_assignments"),
    )


def tasks_for(user) -> QuerySet[TaskRequest]:
    """Visible task requests with everything their page shows (claimed items, judgements)."""
    scope = scope_for(user)
    qs = _visible_tasks(scope)
    if qs is None:
        return TaskRequest.objects.none()
    return _with_related(qs, scope).order_by(*TASK_ORDER)


def _answers_of_visible_tasks(scope: Scope) -> Q:
    """visible_assignments() for tasks already known to be visible: a sender sees every answer of
    what it sent, so only a community's view needs a filter (and no join back to the task)."""
    if scope.is_district_admin or not scope.community_ids:
        return Q()
    if not (scope.department_ids or scope.street_ids):
        return Q(community_id__in=scope.community_ids)
    return visible_assignments(scope)


@functools.lru_cache(maxsize=8)
def _labels_in(language: str | None) -> tuple[dict[str, str], dict[str, str]]:
    return (
        {value: str(label) for value, label in TaskAssignment.Status.choices},
        {value: str(label) for value, label in TaskAssignment.Outcome.choices},
    )


def answer_labels() -> tuple[dict[str, str], dict[str, str]]:
    """(status labels, outcome labels) in the active language. A list shows a label per answer;
    `get_status_display()` hashes the whole lazy choice list on each call, which was a third of
    a list page."""
    return _labels_in(get_language())


# What a list row shows, read as plain values: building a model instance per task, per answer
# and per community was most of a list page's time (decision 014, second pass).
TASK_ROW = (
    "id",
    "title",
    "deadline",
    "funding",
    "sender_department_id",
    "sender_street_id",
    "sender_department__name",
    "sender_street__name",
    "created_at",
    "sent_at",
)
ANSWER_ROW = (
    "id",
    "task_id",
    "community_id",
    "community__name",
    "community__street_id",
    "status",
    "outcome",
    "responded_at",
)


def task_rows_for(user) -> QuerySet:
    """Visible task requests as list rows (dicts of TASK_ROW), newest first by TASK_ORDER; a row's
    `sender_name` and `answers` are added by `with_answers()` once the page is cut. Judgements and
    claimed items are on the task's own page."""
    qs = _visible_tasks(scope_for(user))
    if qs is None:
        qs = TaskRequest.objects.none().annotate(sent_at=F("created_at"))
    return qs.values(*TASK_ROW).order_by(*TASK_ORDER)


def with_answers(user, rows: list[dict]) -> list[dict]:
    """The page's rows, each with `sender_name` and `answers`: per community the caller sees, its
    answer (ANSWER_ROW, by community name). One query for the whole page."""
    by_task = {}
    for row in rows:
        row["sender_name"] = row["sender_department__name"] or row["sender_street__name"] or ""
        row["answers"] = []
        by_task[row["id"]] = row
    if by_task:
        for answer in _answer_rows(scope_for(user), list(by_task)):
            by_task[answer["task_id"]]["answers"].append(answer)
    return rows


@functools.cache
def _answers_sql(tasks: int, communities: int) -> str:
    """answers_of() for a sender, the district (communities=0) or one community's staff, as SQL:
    read on every list page, it took the ORM more Python to build and compile than the database
    took to run it. Same columns (ANSWER_ROW), same filter, same order, same index (`task`)."""
    qn = connection.ops.quote_name
    assignment, community = TaskAssignment._meta, Community._meta
    a, c = qn(assignment.db_table), qn(community.db_table)
    col = {name: f"{a}.{qn(assignment.get_field(name).column)}" for name in ("id", "task", "community", "status")}
    col |= {name: f"{a}.{qn(assignment.get_field(name).column)}" for name in ("outcome", "responded_at")}
    marks = ", ".join(["%s"] * tasks)
    where = f"{col['task']} IN ({marks})"
    if communities:
        where += f" AND {col['community']} IN ({', '.join(['%s'] * communities)})"
    name, street = f"{c}.{qn('name')}", f"{c}.{qn(community.get_field('street').column)}"
    return (
        f"SELECT {col['id']}, {col['task']}, {col['community']}, {name}, {street}, {col['status']}, {col['outcome']}, "
        f"{col['responded_at']} FROM {a} INNER JOIN {c} ON ({col['community']} = {c}.{qn('id')}) "
        f"WHERE {where} ORDER BY {name} ASC, {col['id']} ASC"
    )


_ANSWER_FIELDS = tuple(
    TaskAssignment._meta.get_field(name) if name in ("status", "outcome", "responded_at") else None
    for name in ANSWER_ROW
)


def _answer_rows(scope: Scope, task_ids: list[int]):
    """The rows of answers_of(), read with a statement built once when the scope is a plain one."""
    condition = _answers_of_visible_tasks(scope)
    if condition == Q():
        communities = []
    elif condition == Q(community_id__in=scope.community_ids):
        communities = sorted(scope.community_ids)
    else:  # someone in several roles: the general filter, through the ORM
        return answers_of_scope(scope, task_ids)
    rows = fetch(_answers_sql(len(task_ids), len(communities)), [*task_ids, *communities], _ANSWER_FIELDS)
    return [dict(zip(ANSWER_ROW, row, strict=True)) for row in rows]


def answers_of(user, task_ids: list[int]) -> QuerySet:
    """The answers (ANSWER_ROW) the caller sees of tasks already known to be visible to it."""
    return answers_of_scope(scope_for(user), task_ids)


def answers_of_scope(scope: Scope, task_ids: list[int]) -> QuerySet:
    return (
        TaskAssignment.objects.filter(_answers_of_visible_tasks(scope), task_id__in=task_ids)
        .values(*ANSWER_ROW)
        .order_by("community__name", "id")
    )


def access_task(user, pk) -> TaskRequest:
    if not str(pk).isdigit():
        raise Http404
    task = tasks_for(user).filter(pk=pk).first()
    if task is None:
        raise Http404
    return task


def access_task_history(user, pk) -> TaskRequest:
    return access_task(user, pk)


def access_assignment_history(user, pk) -> TaskAssignment:
    if not str(pk).isdigit():
        raise Http404
    scope = scope_for(user)
    q = task_visibility(scope)
    if q is None:
        raise Http404
    assignment = (
        TaskAssignment.objects.filter(visible_assignments(scope), pk=pk).select_related("task", "community").first()
    )
    if assignment is None:
        raise Http404
    return assignment


def can_send_tasks(scope: Scope) -> bool:
    return bool(scope.department_ids or scope.street_ids)


def sender_choices(user) -> tuple[QuerySet[Department], QuerySet[Street]]:
    scope = scope_for(user)
    return (
        Department.objects.filter(pk__in=scope.department_ids).order_by("name"),
        Street.objects.filter(pk__in=scope.street_ids).order_by("name"),
    )


def communities_sendable(user) -> QuerySet[Community]:
    """Department staff may send to any community of the district; street staff to their street's."""
    scope = scope_for(user)
    qs = Community.objects.filter(is_active=True).select_related("street")
    if scope.department_ids:
        districts = Department.objects.filter(pk__in=scope.department_ids).values("district_id")
        return qs.filter(street__district_id__in=districts).order_by("street__name", "name")
    if scope.street_ids:
        return qs.filter(street_id__in=scope.street_ids).order_by("street__name", "name")
    return qs.none()


# --- Purchase candidates -------------------------------------------------------------------------

# What a higher app made of an assignment (procurement: the project that buys a purchase
# candidate). services may not import it, so that app registers a function here in its ready():
# `fn(user, assignment_ids) -> {assignment_id: [(label, url), ...]}`, scoped to what `user` may see.
_assignment_links: list = []


def register_assignment_links(fn) -> None:
    if fn not in _assignment_links:
        _assignment_links.append(fn)


def assignment_links(user, assignment_ids) -> dict[int, list[tuple[str, str]]]:
    links: dict[int, list[tuple[str, str]]] = {}
    for fn in _assignment_links:
        for assignment_id, rows in fn(user, list(assignment_ids)).items():
            links.setdefault(assignment_id, []).extend(rows)
    return links


def can_see_purchase_candidates(scope: Scope) -> bool:
    return scope.is_district_admin or bool(scope.street_ids)


def purchase_candidates_for(user) -> QuerySet[TaskAssignment]:
    """Assisting-government work routed to purchase: for the community's street office."""
    scope = scope_for(user)
    qs = TaskAssignment.objects.filter(status=TaskAssignment.Status.ROUTED_TO_PURCHASE)
    if not scope.is_district_admin:
        if not scope.street_ids:
            return qs.none()
        qs = qs.filter(community__street_id__in=scope.street_ids)
    return (
        qs.select_related("task", "task__sender_department", "task__sender_street", "community", "community__street")
        .prefetch_related(
            Prefetch("task__claimed_items", queryset=DutyItem.objects.select_related("duty_list", "category"))
        )
        .order_by("-id")
    )


# --- The burden view (减负) ------------------------------------------------------------------------


def month_bounds(month: date) -> tuple[datetime, datetime]:
    tz = ZoneInfo(settings.TIME_ZONE)
    start = datetime.combine(month.replace(day=1), time.min, tzinfo=tz)
    following = (month.replace(day=1) + timedelta(days=32)).replace(day=1)
    return start, datetime.combine(following, time.min, tzinfo=tz)


def _counts() -> dict:
    """The burden figures of a group of assignments, as SQL aggregates."""
    S = TaskAssignment.Status
    return {
        "tasks": Count("task", distinct=True),
        "requests": Count("pk"),
        "accepted": Count("pk", filter=Q(accepted_at__isnull=False)),
        "refused": Count("pk", filter=Q(refused_at__isnull=False)),
        "purchase": Count("pk", filter=Q(outcome=TaskAssignment.Outcome.REQUIRES_PURCHASE)),
        "appealed": Count("pk", filter=Q(appealed_at__isnull=False)),
        "upheld": Count("pk", filter=Q(status=S.REFUSAL_UPHELD)),
        "overturned": Count("pk", filter=Q(appeal_decision=TaskAssignment.AppealDecision.OVERTURN)),
    }


FIGURES = ("tasks", "requests", "accepted", "refused", "purchase", "appealed", "upheld", "overturned")


def can_see_burden(scope: Scope) -> bool:
    return scope.is_district_admin or bool(scope.street_ids)


def month_of(moment: datetime) -> date:
    """The month (its first day, in the district's time zone) a task sent at `moment` counts in."""
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date().replace(day=1)


def _burden_computed(month: date) -> dict:
    """The district's figures of one month, aggregated in SQL over the month's assignments."""
    start, end = month_bounds(month)
    base = TaskAssignment.objects.filter(task__created_at__gte=start, task__created_at__lt=end)
    by_department = (
        base.filter(task__sender_department__isnull=False)
        .values("task__sender_department_id", "task__sender_department__name")
        .annotate(**_counts())
        .order_by("task__sender_department__name")
    )
    by_sending_street = (
        base.filter(task__sender_street__isnull=False)
        .values("task__sender_street_id", "task__sender_street__name")
        .annotate(**_counts())
        .order_by("task__sender_street__name")
    )
    by_receiving_street = (
        base.values("community__street_id", "community__street__name")
        .annotate(**_counts())
        .order_by("community__street__name")
    )

    def rows(items, id_key, name_key):
        return [{"id": r[id_key], "name": r[name_key], **{f: r[f] for f in FIGURES}} for r in items]

    return {
        "by_department": rows(by_department, "task__sender_department_id", "task__sender_department__name"),
        "by_sending_street": rows(by_sending_street, "task__sender_street_id", "task__sender_street__name"),
        "by_receiving_street": rows(by_receiving_street, "community__street_id", "community__street__name"),
    }


def burden_of_month(month: date) -> dict:
    """The district's figures of one month from the kept aggregate, recounted only when a task
    action changed the month since (see TaskBurdenMonth)."""
    from services.models import TaskBurdenMonth

    month = month.replace(day=1)
    row = TaskBurdenMonth.objects.filter(month=month).first()
    if row is not None and row.figures is not None and row.computed_generation == row.generation:
        return row.figures
    figures = _burden_computed(month)
    if row is None:
        if not any(figures.values()):
            # A month without tasks: nothing worth keeping, and no row for every month anyone asks.
            return figures
        row, created = TaskBurdenMonth.objects.get_or_create(month=month)
        if not created:
            # An action made the row while we counted: our count may predate it, so keep nothing.
            return figures
    # Stored only if no action bumped the generation while we counted: a stale count is never kept.
    TaskBurdenMonth.objects.filter(pk=row.pk, generation=row.generation).update(
        figures=figures, computed_generation=row.generation, computed_at=timezone.now()
    )
    return figures


def latest_burden_month(user, before: date) -> date | None:
    """The latest month before `before` in which this user's burden view has figures."""
    scope = scope_for(user)
    start, _end = month_bounds(before)
    qs = TaskAssignment.objects.filter(task__created_at__lt=start)
    if not scope.is_district_admin:
        if not scope.street_ids:
            return None
        qs = qs.filter(Q(task__sender_street_id__in=scope.street_ids) | Q(community__street_id__in=scope.street_ids))
    latest = qs.order_by("-task__created_at").values_list("task__created_at", flat=True).first()
    if latest is None:
        return None
    return latest.astimezone(ZoneInfo(settings.TIME_ZONE)).date().replace(day=1)


def burden_for(user, month: date) -> dict:
    """Figures of one month: by sending department, by sending street, and by the street whose
    communities received the work. Street staff see their own street only."""
    scope = scope_for(user)
    if not scope.is_district_admin and not scope.street_ids:
        return {"by_department": [], "by_sending_street": [], "by_receiving_street": []}
    figures = burden_of_month(month)
    if scope.is_district_admin:
        return figures
    return {
        "by_department": [],
        "by_sending_street": [r for r in figures["by_sending_street"] if r["id"] in scope.street_ids],
        "by_receiving_street": [r for r in figures["by_receiving_street"] if r["id"] in scope.street_ids],
    }


def refusals_public(month: date) -> list[dict]:
    """The public monthly figure: refusals of each department's requests."""
    return [
        {"id": r["id"], "name": r["name"], "requests": r["requests"], "refused": r["refused"]}
        for r in burden_of_month(month)["by_department"]
    ]


def assignments_to_remind(today: date) -> tuple[list[int], list[int]]:
    """(due soon, overdue): ids of open work whose reminder of that kind is not yet sent.

    Due soon: the deadline is at most two working days away (on weekdays only in a year whose
    holiday schedule is not known yet: see services/workdays.py).
    """
    from services.models import TaskReminder
    from services.states import OPEN_WORK
    from services.workdays import add_working_days

    open_work = TaskAssignment.objects.filter(status__in=OPEN_WORK)
    overdue = list(
        open_work.filter(task__deadline__lt=today)
        .exclude(reminders__kind=TaskReminder.Kind.OVERDUE)
        .values_list("pk", flat=True)
    )
    horizon = add_working_days(today, 2)
    due_soon = list(
        open_work.filter(task__deadline__gte=today, task__deadline__lte=horizon)
        .exclude(reminders__kind=TaskReminder.Kind.DUE_SOON)
        .values_list("pk", flat=True)
    )
    return due_soon, overdue


def reminders_for(user, *, limit: int = 20):
    """In-app reminders: due-soon ones to the community, overdue ones to the sender."""
    from services.models import TaskReminder
    from services.states import OPEN_WORK

    scope = scope_for(user)
    q = Q(pk__in=[])
    if scope.community_ids:
        q |= Q(kind=TaskReminder.Kind.DUE_SOON, assignment__community_id__in=scope.community_ids)
    if scope.department_ids:
        q |= Q(kind=TaskReminder.Kind.OVERDUE, assignment__task__sender_department_id__in=scope.department_ids)
    if scope.street_ids:
        q |= Q(kind=TaskReminder.Kind.OVERDUE, assignment__task__sender_street_id__in=scope.street_ids)
    return (
        TaskReminder.objects.filter(q, assignment__status__in=OPEN_WORK)
        .select_related("assignment__task", "assignment__community")
        .order_by("-sent_at")[:limit]
    )
