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
        from services.queries.task_requests import task_list_for

        return _api_page(task_list_for(_user(username)), TaskRequestList)

    return build


def tasks_page_district() -> QuerySet:
    from services.queries.task_requests import task_list_for

    return task_list_for(_user("district_admin"))[:51]


def directory_page() -> QuerySet:
    from organizations.queries import organizations_public

    return organizations_public().order_by("name", "pk")[:50]


def directory_search() -> QuerySet:
    from organizations.queries import organizations_public

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


def orders_api(username: str) -> Callable[[], QuerySet]:
    def build():
        from orders.api.orders import OrderList
        from orders.queries.orders import orders_for

        return _api_page(orders_for(_user(username)), OrderList)

    return build


def offerings_search() -> QuerySet:
    from orders.queries.offerings import offerings_public

    return offerings_public(search="剪纸服务0001").order_by("-id")[:51]


EXPLAINS: list[tuple[str, Callable[[], QuerySet]]] = [
    ("API task requests, department (dept_hr)", tasks_api("dept_hr")),
    ("API task requests, community inbox (community_nanqiao)", tasks_api("community_nanqiao")),
    ("API task requests, street (street_huaxing)", tasks_api("street_huaxing")),
    ("/tasks/ page, district", tasks_page_district),
    ("directory page, first page", directory_page),
    ("directory, name search", directory_search),
    ("burden, the recount of a month (receiving streets)", burden_month),
    ("burden, a month's kept figures", burden_kept),
    ("API orders, resident (resident_zhang)", orders_api("resident_zhang")),
    ("API orders, organisation (org_muling)", orders_api("org_muling")),
    ("API orders, community (community_nanqiao)", orders_api("community_nanqiao")),
    ("API offerings, Chinese title search", offerings_search),
]
