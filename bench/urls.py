"""The URLs the benchmark drives. Later issues append theirs.

`user` is a demo username (see accounts/demo.py and the volumes) or None for anonymous. API paths
(/api/...) are called with that user's token (`Authorization: Token ...`); pages with a session
cookie made for that user. Every response must be 2xx: a redirect or an error fails the run.

A URL with `fresh` adds a query parameter to each request that no request asked before
(`fresh=<n>`, bench/fresh.lua): a list the shared cache keeps (core.api.CachedListMixin) is then
built afresh every time, so its figure is the list's cost without the cache.

A URL with `posts` is driven with POSTs instead (bench/post.lua): `posts()` returns the pool of
`(username, JSON body)` wrk cycles through, each request as that user's token, so every request
creates something valid and no one user's rules (or row locks) are hit by all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BenchUrl:
    name: str
    # A path, or a function returning one once the data is loaded (to look up ids).
    path: str | Callable[[], str]
    user: str | None = None
    # For a POST URL: returns [(username, body)], the requests wrk cycles through.
    posts: Callable[[], list[tuple[str, dict]]] | None = None
    # Ask with a query never asked before each time: the figure without the shared cache.
    fresh: bool = False

    def resolve(self) -> str:
        return self.path() if callable(self.path) else self.path


def huaxing_communities() -> str:
    from accounts.models import Street

    return f"/api/v1/communities/?street={Street.objects.get(name='华兴街道').pk}"


def deep_api_page(path: str, username: str, depth: int = 200) -> Callable[[], str]:
    """The page `depth` cursors deep, found by following `next` as a client would."""

    def resolve() -> str:
        from django.test import Client
        from rest_framework.authtoken.models import Token

        from accounts.models import User

        token, _ = Token.objects.get_or_create(user=User.objects.get(username=username))
        client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {token.key}")
        url = path
        for _ in range(depth):
            following = client.get(url).json().get("next")
            if not following:
                break
            url = following.split("127.0.0.1", 1)[-1]
        return url

    return resolve


def deep_task_page(username: str, depth: int = 200) -> Callable[[], str]:
    """The /tasks/ page `depth` pages of 50 deep, as its `older` links lead there."""

    def resolve() -> str:
        from accounts.models import User
        from core.paging import cursor_of
        from services.queries.task_requests import task_rows_for

        last_seen = task_rows_for(User.objects.get(username=username))[depth * 50 - 1]
        return f"/tasks/?older={cursor_of(last_seen, 'sent_at')}"

    return resolve


def huaxing_opened_project_bids() -> str:
    """The bids of an opened project of 华兴, the bench's biggest (ten bids), as its street reads them."""
    from django.db.models import Count

    from procurement.models import Project

    project = (
        Project.objects.filter(street__name="华兴街道", status="opened", title__startswith="基准测试")
        .annotate(n=Count("bids"))
        .order_by("-n", "pk")
        .first()
    )
    return f"/api/v1/projects/{project.pk}/bids/"


def huaxing_projects_api() -> str:
    from accounts.models import Street

    return f"/api/v1/projects/?street={Street.objects.get(name='华兴街道').pk}&status=awarded"


def order_create_pool(size: int = 400) -> list[tuple[str, dict]]:
    """Orders to place: verified residents, each with an active offering of their community and a
    preferred time next month (no slot: the slots' places would run out during a run)."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import Role, RoleAssignment, User
    from orders.models import Offering

    offerings: dict[int, list[int]] = {}
    for pk, community_id in Offering.objects.filter(is_active=True).values_list("pk", "communities").order_by("pk"):
        if community_id:
            offerings.setdefault(community_id, []).append(pk)
    residents = (
        RoleAssignment.objects.filter(role=Role.RESIDENT, community_id__in=list(offerings), user__is_active=True)
        .exclude(user__username="resident_zhang")  # her list is measured: leave it as loaded
        .order_by("user_id")
        .values_list("user_id", "community_id")[:size]
    )
    names = dict(User.objects.filter(pk__in=[r for r, _ in residents]).values_list("pk", "username"))
    when = (timezone.now() + timedelta(days=30)).replace(microsecond=0).isoformat()
    return [
        (
            names[resident],
            {
                "offering": offerings[community][n % len(offerings[community])],
                "preferred_time": when,
                "notes": "基准测试",
            },
        )
        for n, (resident, community) in enumerate(residents)
    ]


# The baseline every row is compared with: no database, no template, the whole middleware stack.
TRIVIAL = BenchUrl("trivial /healthz/live", "/healthz/live")

URLS: list[BenchUrl] = [
    BenchUrl("home, anonymous", "/"),
    BenchUrl("home, community officer", "/", "community_nanqiao"),
    BenchUrl("streets page", "/places/"),
    BenchUrl("API me", "/api/v1/me/", "resident_zhang"),
    BenchUrl("API streets", "/api/v1/streets/", "district_admin"),
    BenchUrl("API communities of a street", huaxing_communities, "street_huaxing"),
    # Duty lists (public) and task requests (scoped per side).
    BenchUrl("duty lists page", "/duty-lists/"),
    BenchUrl("API duty items search", "/api/v1/duty-items/?search=%E6%B0%91%E6%94%BF"),
    BenchUrl("API task requests, community inbox", "/api/v1/task-requests/", "community_nanqiao"),
    BenchUrl("API task requests, department", "/api/v1/task-requests/", "dept_hr"),
    BenchUrl(
        "API task requests, dept, 200 deep",
        deep_api_page("/api/v1/task-requests/", "dept_hr"),
        "dept_hr",
    ),
    BenchUrl("API task requests, street", "/api/v1/task-requests/", "street_huaxing"),
    BenchUrl("API task requests, inbox, afresh", "/api/v1/task-requests/", "community_nanqiao", fresh=True),
    BenchUrl("API task requests, dept, afresh", "/api/v1/task-requests/", "dept_hr", fresh=True),
    BenchUrl("task requests page, district", "/tasks/", "district_admin"),
    BenchUrl("task requests page, 200 deep", deep_task_page("district_admin"), "district_admin"),
    BenchUrl("task requests page, community", "/tasks/", "community_nanqiao"),
    BenchUrl("API burden, district", "/api/v1/burden/", "district_admin"),
    BenchUrl("API burden, a past month", "/api/v1/burden/?month=2026-06", "district_admin"),
    # Organisations: the directory (public) and the people an organisation manages.
    BenchUrl("organisation directory page", "/organizations/"),
    BenchUrl("API organisations", "/api/v1/organizations/"),
    BenchUrl("API social workers, district", "/api/v1/social-workers/", "district_admin"),
    BenchUrl("API social workers, afresh", "/api/v1/social-workers/", "district_admin", fresh=True),
    # Procurement: the project list (API and page), the bids of an opened project, the desks.
    BenchUrl("API procurement projects", "/api/v1/projects/"),
    BenchUrl("API procurement projects, 200 per page", "/api/v1/projects/?page_size=200"),
    BenchUrl("API procurement projects, street", huaxing_projects_api, "street_huaxing"),
    BenchUrl("procurement projects page", "/procurement/projects/"),
    BenchUrl("procurement projects page, street", "/procurement/projects/", "street_huaxing"),
    BenchUrl("API procurement bids of a project", huaxing_opened_project_bids, "street_huaxing"),
    BenchUrl("procurement purchasing desk", "/procurement/desk/purchasing/", "street_huaxing"),
    BenchUrl("procurement bidding desk", "/procurement/desk/bidding/", "org_muling"),
    BenchUrl("procurement scoring desk", "/procurement/desk/scoring/", "expert_wang"),
    # Resident service orders (`load_volume --orders`; 1 000 000 orders at --scale 20). The
    # resident's deep page uses pages of 10: she has about 0.5 % of all orders; org_muling has about
    # as many (its share shrinks with the offerings `--offerings` adds), so its pages hold 20.
    BenchUrl("API orders, resident", "/api/v1/orders/?page_size=10", "resident_zhang"),
    BenchUrl(
        "API orders, resident, 200 deep",
        deep_api_page("/api/v1/orders/?page_size=10", "resident_zhang"),
        "resident_zhang",
    ),
    BenchUrl("API orders, organisation", "/api/v1/orders/?page_size=20", "org_muling"),
    BenchUrl(
        "API orders, organisation, 200 deep",
        deep_api_page("/api/v1/orders/?page_size=20", "org_muling"),
        "org_muling",
    ),
    BenchUrl("API orders, community", "/api/v1/orders/", "community_nanqiao"),
    BenchUrl(
        "API orders, community, 200 deep", deep_api_page("/api/v1/orders/", "community_nanqiao"), "community_nanqiao"
    ),
    BenchUrl("API offerings search", "/api/v1/offerings/?search=%E5%89%AA%E7%BA%B8%E6%9C%8D%E5%8A%A10001"),
    BenchUrl("offerings page, resident", "/services/", "resident_zhang"),
    BenchUrl("order desk page, organisation", "/orders/desk/", "org_muling"),
    BenchUrl("API order create (POST)", "/api/v1/orders/", posts=order_create_pool),
]
