"""Data volumes for the benchmark, beyond reference and demo data. Later issues add theirs.

Each entry of VOLUMES is `(name, load)`; `load(scale)` creates its rows (bulk inserts and set-based
SQL are fine: this is a throw-away database) and returns counts to print. `--scale` multiplies every
volume; `--volume 10x` is scale 10: 100 000 task requests, about 293 000 assignments, 2 100
organisations, 21 500 social workers and 100 000 audit records, loaded in a few minutes. Keep
scale 1 loading in well under a minute.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

BATCH = 5000
# Bench rows are spread over 2026 so that month views and `created_at` orderings see a real year.
YEAR_START = datetime(2026, 1, 1, 1, tzinfo=UTC)


def _spread_created_at(table: str, days: int = 330) -> None:
    """`auto_now_add` stamps every bulk row with the same instant: spread them in id order instead."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id), max(id) FROM {table}")
        low, high = cursor.fetchone()
        if low is None:
            return
        span = max(high - low, 1)
        cursor.execute(
            f"UPDATE {table} SET created_at = %s + (id - %s) * (%s::float / %s) * interval '1 second'",
            [YEAR_START, low, days * 86400, span],
        )


def accounts_volume(scale: int) -> dict[str, int]:
    """Streets grow little; communities, residents and grid staff are what grows."""
    from accounts.models import Community, Grid, Role, RoleAssignment, Street, User

    streets = list(Street.objects.order_by("pk"))
    communities = [
        Community(street=streets[i % len(streets)], name=f"基准测试社区{i:04d}", source="bench")
        for i in range(20 * scale)
    ]
    Community.objects.bulk_create(communities, batch_size=BATCH)
    communities = list(Community.objects.order_by("pk"))
    Grid.objects.bulk_create(
        [Grid(community=c, name=f"第{n}网格") for c in communities[: 20 * scale] for n in range(1, 4)],
        batch_size=BATCH,
    )
    password = make_password(None)  # unusable: nobody signs in as these
    users = User.objects.bulk_create(
        [
            User(username=f"bench_resident_{i:06d}", display_name=f"居民{i}", password=password)
            for i in range(2000 * scale)
        ],
        batch_size=BATCH,
    )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=u, role=Role.RESIDENT, community=communities[i % len(communities)])
            for i, u in enumerate(users)
        ],
        batch_size=BATCH,
    )
    return {"communities": len(communities), "users": len(users)}


def audit_volume(scale: int) -> dict[str, int]:
    """A long audit chain: history pages and verify_audit must not slow down with it. Built in
    memory with the same hash as audit_record, then inserted in batches, so the chain verifies."""
    from accounts.models import User
    from core.audit import compute_hash
    from core.models import AuditHead, AuditRecord

    subjects = list(User.objects.order_by("pk")[:50])
    count = 10000 * scale
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        seq, prev = head.seq, head.hash
        start = datetime.now(UTC)
        records = []
        for i in range(count):
            subject = subjects[i % len(subjects)]
            seq += 1
            record = AuditRecord(
                seq=seq,
                created_at=start + timedelta(microseconds=i),
                actor=None,
                actor_name="system",
                action="bench.touch",
                object_type="accounts.user",
                object_id=str(subject.pk),
                object_repr=str(subject)[:200],
                reason=f"bench record {i}",
                data={},
                prev_hash=prev,
            )
            record.hash = prev = compute_hash(record)
            records.append(record)
        AuditRecord.objects.bulk_create(records, batch_size=BATCH)
        AuditHead.objects.filter(id=1).update(seq=seq, hash=prev)
    return {"audit records": count}


def tasks_volume(scale: int) -> dict[str, int]:
    """A year of task requests from the departments (and some street offices) to the communities,
    each gate outcome and each answer, judged under the lists in force."""
    from django.utils import timezone

    from accounts.models import Community, Department, Street, User
    from services.models import DutyList, TaskAssignment, TaskRequest

    sender = User.objects.get(username="dept_hr")
    departments = list(Department.objects.order_by("pk"))
    streets = list(Street.objects.order_by("pk"))
    communities = list(Community.objects.order_by("pk"))
    Out, S = TaskAssignment.Outcome, TaskAssignment.Status
    count = 10000 * scale
    requests = TaskRequest.objects.bulk_create(
        [
            TaskRequest(
                title=f"基准测试事项{i:06d}",
                deadline=date(2026, 1, 5) + timedelta(days=i % 330),
                # One in eight comes from a street office, the rest from the departments.
                sender_department=None if i % 8 == 7 else departments[i % len(departments)],
                sender_street=streets[i % len(streets)] if i % 8 == 7 else None,
                created_by=sender,
            )
            for i in range(count)
        ],
        batch_size=BATCH,
    )
    now = timezone.now()
    # (outcome, status, which timestamps are set): a spread of every answer.
    answers = [
        (Out.MUST_ACCEPT, S.PENDING, ()),
        (Out.MUST_ACCEPT, S.ACCEPTED, ("responded_at", "accepted_at")),
        (Out.MUST_ACCEPT, S.COMPLETED, ("responded_at", "accepted_at", "completed_at")),
        (Out.REQUIRES_PURCHASE, S.ROUTED_TO_PURCHASE, ()),
        (Out.MAY_REFUSE, S.PENDING, ()),
        (Out.MAY_REFUSE, S.REFUSED, ("responded_at", "refused_at")),
        (Out.MAY_REFUSE, S.APPEALED, ("responded_at", "refused_at", "appealed_at")),
        (Out.MAY_REFUSE, S.ACCEPTED, ("responded_at", "accepted_at")),
    ]
    assignments = []
    for i, r in enumerate(requests):
        # About 2.93 communities per request, as measured in the district.
        for n in range(2 if i % 15 == 0 else 3):
            outcome, status, stamps = answers[(i + n) % len(answers)]
            a = TaskAssignment(
                task=r,
                community=communities[(i * 7 + n * 31) % len(communities)],
                outcome=outcome,
                status=status,
                judged_at=now,
                task_created_at=r.created_at,
            )
            for stamp in stamps:
                setattr(a, stamp, now)
            if status in (S.REFUSED, S.APPEALED):
                a.refusal_reason = "人手不足"
            if status == S.APPEALED:
                a.appeal_reason = "属于法定职责"
            assignments.append(a)
    TaskAssignment.objects.bulk_create(assignments, batch_size=BATCH)
    _spread_created_at(TaskRequest._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE services_taskassignment a SET task_created_at = t.created_at "
            "FROM services_taskrequest t WHERE t.id = a.task_id"
        )
    in_force = list(DutyList.objects.filter(status="published").values_list("pk", flat=True))
    through = TaskAssignment.judged_lists.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {through} (taskassignment_id, dutylist_id) "
            "SELECT a.id, l.id FROM services_taskassignment a CROSS JOIN unnest(%s::int[]) AS l(id) "
            "JOIN services_taskrequest t ON t.id = a.task_id WHERE t.title LIKE '基准测试事项%%'",
            [in_force],
        )
    return {"task requests": count, "assignments": len(assignments), "judged under": len(in_force)}


FIELDS = ["社区服务", "养老", "助残", "青少年", "文化", "环保", "法律援助", "心理健康", "志愿"]
KINDS = ["服务中心", "协会", "促进会", "服务社"]


def organizations_volume(scale: int) -> dict[str, int]:
    """Registered organisations across the streets and communities, each with its social workers."""
    from accounts.models import Community
    from organizations.models import Organization, OrganizationDomain, Person, ServiceDomain, SocialWorker

    communities = list(Community.objects.select_related("street").order_by("pk"))
    domains = list(ServiceDomain.values)
    statuses = [Organization.Status.REGISTERED] * 9 + [Organization.Status.SUBMITTED]
    count = 210 * scale
    orgs = Organization.objects.bulk_create(
        [
            Organization(
                name=f"武侯区基准{FIELDS[i % len(FIELDS)]}{KINDS[i % len(KINDS)]}{i:05d}",
                status=statuses[i % len(statuses)],
                street=communities[i % len(communities)].street,
                community=communities[i % len(communities)],
                registered_on=date(2020, 1, 1) + timedelta(days=i % 2000),
                contact_name="联系人",
            )
            for i in range(count)
        ],
        batch_size=BATCH,
    )
    OrganizationDomain.objects.bulk_create(
        [OrganizationDomain(organization=o, domain=domains[i % len(domains)]) for i, o in enumerate(orgs)],
        batch_size=BATCH,
    )
    _spread_created_at(Organization._meta.db_table)
    workers = 2150 * scale
    people = Person.objects.bulk_create(
        [Person(resident_id=f"5101071980{i:07d}X", name=f"社工{i}") for i in range(workers)],
        batch_size=BATCH,
    )
    SocialWorker.objects.bulk_create(
        [
            SocialWorker(person=p, employer=orgs[i % len(orgs)], started_on=date(2021, 3, 1) + timedelta(days=i % 900))
            for i, p in enumerate(people)
        ],
        batch_size=BATCH,
    )
    return {"organisations": count, "social workers": workers}


def procurement_volume(scale: int) -> dict[str, int]:
    """5 000 purchase projects and 50 000 bids at scale 1, over the streets and domains: most
    awarded, some opened (bids readable by their street), the rest published, drafts, failed and
    cancelled; ten bids on every project past its deadline, from ten different organisations
    (one live bid per organisation and project holds). Questions on the published ones, and
    expert_wang assigned to the opened ones, so the purchasing desk has work to count."""
    import hashlib
    import secrets
    from decimal import Decimal

    from django.utils import timezone

    from accounts.models import Community, User
    from organizations.models import Organization, ServiceDomain
    from procurement.models import Bid, BudgetLine, Criterion, Expert, ExpertAssignment, Project, Question

    P, B = Project.Status, Bid.Status
    now = timezone.now()
    communities = list(Community.objects.select_related("street").order_by("pk"))
    orgs = list(Organization.objects.filter(status=Organization.Status.REGISTERED).order_by("pk"))
    officer = User.objects.get(username="street_huaxing")
    bidder = User.objects.get(username="org_muling")
    domains = list(ServiceDomain.values)
    year = timezone.localdate().year
    lines = {}
    for street_id in sorted({c.street_id for c in communities}):
        for domain in domains:
            line, _ = BudgetLine.objects.get_or_create(
                year=year, street_id=street_id, domain=domain, defaults={"allocated": Decimal("900000000.00")}
            )
            lines[(street_id, domain)] = line
    # (status, share in 20): awarded 9, opened 3, evaluated 1, published 3, draft 2, failed 1, cancelled 1.
    mix = [P.AWARDED] * 9 + [P.OPENED] * 3 + [P.EVALUATED] + [P.PUBLISHED] * 3 + [P.DRAFT] * 2 + [P.FAILED, P.CANCELLED]
    count = 5000 * scale
    projects = []
    for i in range(count):
        community = communities[i % len(communities)]
        domain = domains[i % len(domains)]
        status = mix[i % len(mix)]
        published = status != P.DRAFT
        deadline = now + timedelta(days=10 + i % 20) if status == P.PUBLISHED else now - timedelta(days=1 + i % 300)
        projects.append(
            Project(
                title=f"基准测试采购项目{i:06d}",
                description="基准测试：服务内容见采购文件。",
                street_id=community.street_id,
                community=community,
                domain=domain,
                budget_line=lines[(community.street_id, domain)],
                amount=Decimal(50000 + (i % 40) * 5000),
                method="open_tender",
                question_days=5,
                bid_days=15,
                status=status,
                published_at=deadline - timedelta(days=21) if published else None,
                questions_deadline=deadline - timedelta(days=5) if published else None,
                bid_deadline=deadline if published else None,
                opened_at=deadline if status in (P.OPENED, P.EVALUATED, P.AWARDED) else None,
                created_by=officer,
            )
        )
    projects = Project.objects.bulk_create(projects, batch_size=BATCH)
    _spread_created_at(Project._meta.db_table)
    Criterion.objects.bulk_create(
        [
            Criterion(project=p, name=name, weight=weight, is_price=is_price, position=n)
            for p in projects
            for n, (name, weight, is_price) in enumerate(
                (("价格", 30, True), ("服务方案", 45, False), ("团队", 25, False))
            )
        ],
        batch_size=BATCH,
    )
    bids = []
    salt = secrets.token_hex(16)
    past_deadline = [p for p in projects if p.status in (P.OPENED, P.EVALUATED, P.AWARDED, P.FAILED)]
    opened_count = sum(1 for p in past_deadline if p.status != P.FAILED)
    per_project = min(max(1, (50000 * scale) // max(opened_count, 1)), len(orgs))
    for n, project in enumerate(past_deadline):
        opened = project.status != P.FAILED
        for k in range(per_project if opened else 2):  # a failed tender had too few bids
            org = orgs[(n * 7 + k) % len(orgs)]
            price = project.amount - 100 * (k + 1)
            bids.append(
                Bid(
                    project=project,
                    organization=org,
                    status=B.OPENED if opened else B.SUBMITTED,
                    price=price,
                    plan="基准测试投标方案：每周服务两次，建立台账。",
                    salt=salt,
                    receipt=hashlib.sha256(f"{project.pk}:{org.pk}:{price}:{salt}".encode()).hexdigest(),
                    submitted_by=bidder,
                    submitted_at=project.bid_deadline - timedelta(hours=k + 1),
                    rank=k + 1 if project.status in (P.EVALUATED, P.AWARDED) else None,
                )
            )
    Bid.objects.bulk_create(bids, batch_size=BATCH)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procurement_project p SET awarded_bid_id = b.id, awarded_at = p.opened_at "
            "FROM procurement_bid b WHERE b.project_id = p.id AND b.rank = 1 AND p.status = 'awarded' "
            "AND p.title LIKE '基准测试采购项目%%'"
        )
    questions = Question.objects.bulk_create(
        [
            Question(project=p, text="基准测试：服务对象有多少人？", asked_by=bidder)
            for p in projects
            if p.status == P.PUBLISHED
        ],
        batch_size=BATCH,
    )
    expert = Expert.objects.filter(user__username="expert_wang").first()
    assignments = 0
    if expert:
        assignments = len(
            ExpertAssignment.objects.bulk_create(
                [
                    ExpertAssignment(project=p, expert=expert, assigned_by=officer)
                    for p in projects
                    if p.status == P.OPENED
                ],
                batch_size=BATCH,
                ignore_conflicts=True,
            )
        )
    return {"projects": count, "bids": len(bids), "questions": len(questions), "expert assignments": assignments}


def orders_volume(scale: int) -> dict[str, int]:
    """50 000 resident service orders and 1 000 offerings per unit of scale (1 000 000 orders at
    scale 20), by the same
    command an operator runs: `manage.py load_volume --orders N` (COPY on PostgreSQL)."""
    import io

    from django.core.management import call_command

    from orders.models import Order

    call_command("load_volume", orders=50_000 * scale, offerings=1000 * scale, stdout=io.StringIO())
    return {"orders": Order.objects.count()}


VOLUMES: list[tuple[str, Callable[[int], dict[str, int]]]] = [
    ("accounts", accounts_volume),
    ("audit", audit_volume),
    ("tasks", tasks_volume),
    ("organizations", organizations_volume),
    ("procurement", procurement_volume),
    ("orders", orders_volume),
]
