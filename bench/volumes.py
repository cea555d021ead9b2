"""Data volumes for the benchmark, beyond reference and demo data. Later issues add theirs.

Each entry of VOLUMES is `(name, load)`; `load(scale)` creates its rows (bulk inserts are fine:
this is a throw-away database) and returns counts to print. `--scale` multiplies every volume;
keep scale 1 loading in well under a minute.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import transaction


def accounts_volume(scale: int) -> dict[str, int]:
    """Streets grow little; communities, residents and grid staff are what grows."""
    from accounts.models import Community, Grid, Role, RoleAssignment, Street, User

    streets = list(Street.objects.order_by("pk"))
    communities = [
        Community(street=streets[i % len(streets)], name=f"基准测试社区{i:04d}", source="bench")
        for i in range(20 * scale)
    ]
    Community.objects.bulk_create(communities)
    communities = list(Community.objects.order_by("pk"))
    Grid.objects.bulk_create(
        [Grid(community=c, name=f"第{n}网格") for c in communities[: 20 * scale] for n in range(1, 4)]
    )
    password = make_password(None)  # unusable: nobody signs in as these
    users = User.objects.bulk_create(
        [
            User(username=f"bench_resident_{i:06d}", display_name=f"居民{i}", password=password)
            for i in range(2000 * scale)
        ]
    )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=u, role=Role.RESIDENT, community=communities[i % len(communities)])
            for i, u in enumerate(users)
        ]
    )
    return {"communities": len(communities), "users": len(users)}


def audit_volume(scale: int) -> dict[str, int]:
    """A long audit chain: history pages and verify_audit must not slow down with it."""
    from accounts.models import User
    from core.audit import audit_record

    subjects = list(User.objects.order_by("pk")[:50])
    count = 1000 * scale
    with transaction.atomic():
        for i in range(count):
            subject = subjects[i % len(subjects)]
            audit_record(actor=None, obj=subject, action="bench.touch", reason=f"bench record {i}")
    return {"audit records": count}


def tasks_volume(scale: int) -> dict[str, int]:
    """A year of task requests from the departments to every community, each gate outcome."""
    from datetime import date, timedelta

    from django.utils import timezone

    from accounts.models import Community, Department, User
    from services.models import TaskAssignment, TaskRequest

    sender = User.objects.get(username="dept_hr")
    departments = list(Department.objects.order_by("pk"))
    communities = list(Community.objects.order_by("pk"))
    outcomes = [
        TaskAssignment.Outcome.MUST_ACCEPT,
        TaskAssignment.Outcome.REQUIRES_PURCHASE,
        TaskAssignment.Outcome.MAY_REFUSE,
    ]
    count = 5000 * scale
    requests = TaskRequest.objects.bulk_create(
        [
            TaskRequest(
                title=f"基准测试事项{i:06d}",
                deadline=date(2026, 1, 5) + timedelta(days=i % 330),
                sender_department=departments[i % len(departments)],
                created_by=sender,
            )
            for i in range(count)
        ]
    )
    now = timezone.now()
    TaskAssignment.objects.bulk_create(
        [
            TaskAssignment(
                task=r, community=communities[(i * 7 + n) % len(communities)], outcome=outcomes[i % 3], judged_at=now
            )
            for i, r in enumerate(requests)
            for n in range(2)
        ]
    )
    return {"task requests": count, "assignments": 2 * count}


VOLUMES: list[tuple[str, Callable[[int], dict[str, int]]]] = [
    ("accounts", accounts_volume),
    ("audit", audit_volume),
    ("tasks", tasks_volume),
]
