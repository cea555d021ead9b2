"""The main query of each big list, as the bench prints its EXPLAIN (ANALYZE).

Each entry builds the queryset a list view runs for its first page, through the same query
functions and pagination as the view, so the plan printed is the one the view gets.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet


def _user(username: str):
    from accounts.models import User

    return User.objects.get(username=username)


def _api_page(qs: QuerySet, view) -> QuerySet:
    """The first page as the view's cursor paginator asks for it (page size + 1 rows)."""
    paginator = view.pagination_class()
    ordering = paginator.ordering if isinstance(paginator.ordering, list | tuple) else [paginator.ordering]
    return qs.order_by(*ordering)[: paginator.page_size + 1]


def tasks_api(username: str) -> Callable[[], QuerySet]:
    def build():
        from services.api.task_requests import TaskRequestList
        from services.queries.task_requests import task_rows_for

        return _api_page(task_rows_for(_user(username)), TaskRequestList)

    return build


def tasks_answers(username: str) -> Callable[[], QuerySet]:
    """The second query of a task list: the answers of the first page's tasks."""

    def build():
        from services.queries.task_requests import answers_of, task_rows_for

        user = _user(username)
        return answers_of(user, [row["id"] for row in task_rows_for(user)[:50]])

    return build


def social_workers_page() -> QuerySet:
    from organizations.queries.people import social_worker_rows_for

    return social_worker_rows_for(_user("district_admin")).order_by("-id")[:51]


def tasks_page_district() -> QuerySet:
    from services.queries.task_requests import task_rows_for

    return task_rows_for(_user("district_admin"))[:51]


def directory_page() -> QuerySet:
    from organizations.queries.registration import organizations_public

    return organizations_public().order_by("name", "pk")[:50]


def directory_search() -> QuerySet:
    from organizations.queries.registration import organizations_public

    return organizations_public().filter(name__icontains="基准养").order_by("name", "pk")[:50]


def burden_month() -> QuerySet:
    from datetime import date

    from django.db.models import Count

    from services.models import TaskAssignment
    from services.queries.task_requests import month_bounds

    start, end = month_bounds(date(2026, 6, 1))
    return (
        TaskAssignment.objects.filter(task__created_at__gte=start, task__created_at__lt=end)
        .values("community__street_id")
        .order_by("community__street_id")
        .annotate(n=Count("pk"))
    )


def burden_kept() -> QuerySet:
    from datetime import date

    from services.models import TaskBurdenMonth

    return TaskBurdenMonth.objects.filter(month=date(2026, 6, 1))


def procurement_projects_api() -> QuerySet:
    from django.contrib.auth.models import AnonymousUser

    from procurement.api.projects import ProjectList
    from procurement.queries.projects import projects_for

    return _api_page(projects_for(AnonymousUser()), ProjectList)


def procurement_projects_street() -> QuerySet:
    from accounts.queries import scope_for
    from procurement.api.projects import ProjectList
    from procurement.queries.projects import projects_for

    user = _user("street_huaxing")
    street_id = next(iter(scope_for(user).street_ids))
    return _api_page(projects_for(user).filter(street_id=street_id, status="awarded"), ProjectList)


def procurement_bids_of_project() -> QuerySet:
    from bench.urls import huaxing_opened_project_bids
    from procurement.queries.bids import bids_for
    from procurement.queries.projects import access_project

    user = _user("street_huaxing")
    pk = int(huaxing_opened_project_bids().rstrip("/").split("/")[-2])
    return bids_for(user, access_project(user, pk))


def _desk_projects():
    from accounts.queries import scope_for
    from procurement.queries.desks import _street_projects

    return _street_projects(sorted(scope_for(_user("street_huaxing")).street_ids))


def procurement_desk_counts() -> QuerySet:
    # The desk's aggregate runs as one query; its plan is that of the annotated street scan.
    from django.db.models import Count

    from procurement.queries.desks import _waiting_conditions

    qs = _desk_projects()
    return qs.values("street_id").annotate(
        **{f"wait_{k}": Count("pk", filter=c) for k, c in _waiting_conditions().items()}
    )


def procurement_desk_waiting() -> QuerySet:
    from django.db.models import Q

    from procurement.queries.desks import WAITING_ROWS, _waiting_conditions

    any_waiting = Q()
    for condition in _waiting_conditions().values():
        any_waiting |= condition
    return _desk_projects().filter(any_waiting).order_by("bid_deadline", "pk")[:WAITING_ROWS]


def procurement_open_calls() -> QuerySet:
    from accounts.queries import scope_for
    from procurement.queries.desks import CALL_ROWS, open_calls_for

    return open_calls_for(scope_for(_user("org_muling")).organization_ids)[:CALL_ROWS]


def procurement_scoring_desk() -> QuerySet:
    from procurement.queries.desks import ASSIGNMENT_ROWS, assignments_for

    return assignments_for(_user("expert_wang"))[:ASSIGNMENT_ROWS]


def orders_api(username: str) -> Callable[[], QuerySet]:
    def build():
        from orders.api.orders import OrderList
        from orders.queries.orders import order_rows_for

        return _api_page(order_rows_for(_user(username)), OrderList)

    return build


def offerings_search() -> QuerySet:
    from orders.queries.offerings import offerings_public

    return offerings_public(search="剪纸服务0001").order_by("-id")[:51]


EXPLAINS: list[tuple[str, Callable[[], QuerySet]]] = [
    ("API task requests, department (dept_hr)", tasks_api("dept_hr")),
    ("API task requests, community inbox (community_nanqiao)", tasks_api("community_nanqiao")),
    ("API task requests, street (street_huaxing)", tasks_api("street_huaxing")),
    ("API task requests, the page's answers (dept_hr)", tasks_answers("dept_hr")),
    ("/tasks/ page, district", tasks_page_district),
    ("directory page, first page", directory_page),
    ("directory, name search", directory_search),
    ("burden, the recount of a month (receiving streets)", burden_month),
    ("burden, a month's kept figures", burden_kept),
    ("API procurement projects, anonymous", procurement_projects_api),
    ("API procurement projects, street and status", procurement_projects_street),
    ("API bids of an opened project, its street", procurement_bids_of_project),
    ("purchasing desk, counts", procurement_desk_counts),
    ("purchasing desk, waiting projects", procurement_desk_waiting),
    ("bidding desk, open calls", procurement_open_calls),
    ("scoring desk, assignments", procurement_scoring_desk),
    ("API social workers, district, first page", social_workers_page),
    ("API orders, resident (resident_zhang)", orders_api("resident_zhang")),
    ("API orders, organisation (org_muling)", orders_api("org_muling")),
    ("API orders, community (community_nanqiao)", orders_api("community_nanqiao")),
    ("API offerings, Chinese title search", offerings_search),
]
