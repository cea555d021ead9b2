"""Demo: the district's 2014 purchase of services, at its published size. Idempotent, seeded, bulk.

The published figures (DOMAIN.md §3): in 2014 Wuhou bought 315 projects, over 45 million 元 of
services, 30.85 million of it devolved community services. Here a project is "devolved" when it
buys an item of the purchase catalogue (政府购买目录); those projects add up to exactly
30 850 000.00 元 and all 315 to 45 200 000.00 元 (budget amounts). They are spread over the
streets that have communities and over the service domains, bought by every method, with bids by
the demo organisations, on 2014 budget lines that cover them (each line's `committed` is the sum
of its awards, with one `BudgetCommitment` per award).

States: most projects of a year long past are awarded; a few are cancelled or failed; and a few
are still at each working step (draft, published, opened, evaluated) so that the desks have work
to show. The contract states (contracted … closed) are left to the contract work. Bidding closed
is not used: it is the instant inside the opening job between "published" and "opened"/"failed".
Finished projects carry 2014 dates; projects still at a working step carry dates around today
(a published one takes bids until a future deadline, then the opening sweep opens it as usual).

Rows are bulk-inserted (the whole load takes a few seconds on SQLite) and every step the
transition engine would have audited is audited: the same `<model>.<verb>` records with their
from- and to-states (`project.create`, `.publish`, `.close_bidding`, `.open`/`.fail`, `.evaluate`,
`.award`, `.cancel`; `bid.submit`, `bid.open`; `budget_line.create`, `budget_line.commit`),
chained into the audit log in one batch like `audit_record` does (docs/decisions/002), each with
the reason "2014 figures (demo import)" and the original time in `data["at"]`. Bids carry real
receipts and salts; their staff accounts are demo accounts with unusable passwords.
"""

from __future__ import annotations

import random
import secrets
from datetime import UTC, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Community, Street, User
from core.audit import compute_hash, object_type_of
from core.models import AuditHead, AuditRecord
from organizations.models import Organization, ServiceDomain, StaffMembership

from ..actions.bids import bid_receipt
from ..actions.projects import METHOD_RULES
from ..models import (
    Bid,
    BudgetCommitment,
    BudgetLine,
    CatalogueItem,
    Criterion,
    Expert,
    ExpertAssignment,
    Method,
    Opening,
    Project,
    ProjectNotice,
    Question,
    Score,
)
from ..models import Complaint as ComplaintModel

SEED = 2014315
YEAR = 2014
PROJECTS = 315
TOTAL = Decimal("45200000.00")
DEVOLVED = Decimal("30850000.00")
DEVOLVED_PROJECTS = 225
BIDDERS = 30
REASON = "2014年数据导入（演示）"
P = Project.Status
B = Bid.Status

# How many projects end in each state (the rest are awarded).
STATES = {
    P.DRAFT: 6,
    P.PUBLISHED: 8,
    P.OPENED: 8,
    P.EVALUATED: 6,
    P.CANCELLED: 10,
    P.FAILED: 15,
}
METHODS = (
    [Method.OPEN_TENDER] * 8
    + [Method.CONSULTATION] * 4
    + [Method.NEGOTIATION] * 2
    + [Method.COMMISSION] * 3
    + [Method.SINGLE_SOURCE] * 1
    + [Method.QUOTATION] * 1
    + [Method.INVITED_TENDER] * 1
)
SERVICES = {
    "elderly": ["居家养老上门服务", "高龄独居老人关爱服务", "长者助餐服务", "日间照料中心运营", "老年人健康管理服务"],
    "disability": ["残疾人康复训练服务", "残疾人居家托养服务", "残疾人就业辅导服务", "助残志愿服务"],
    "youth": ["四点半课堂", "青少年成长营", "留守儿童关爱服务", "青少年社区矫正帮教", "亲子教育服务"],
    "relief": ["困难家庭帮扶服务", "低保对象入户核查服务", "流动人口服务管理", "失业人员就业援助"],
    "culture": ["社区文化活动组织", "全民健身指导服务", "社区书屋运营", "传统文化进社区"],
    "other": ["社区矫正服务", "人民调解服务", "社区环境治理服务", "社区综合服务协管"],
}
CRITERIA = (("价格", 30, True), ("服务方案", 45, False), ("团队与经验", 25, False))
PLAN = "{title}：按服务清单每月提供服务，配备持证社工，建立服务台账，按季度接受街道和社区考核。"


def _money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    """`parts` amounts in whole thousands of 元, from about a fifth to about twice their mean, summing
    exactly to `total` (the last one takes the rounding)."""
    weights = [rng.uniform(0.3, 2.5) for _ in range(parts)]
    scale = total / Decimal(str(sum(weights)))
    amounts = [_money((Decimal(str(w)) * scale / 1000).to_integral_value() * 1000) for w in weights]
    amounts[-1] += total - sum(amounts)
    return amounts


def demo_load_2014(*, stdout) -> None:
    if Project.objects.filter(budget_line__year=YEAR).exists():
        stdout.write("demo procurement 2014: already there")
        return
    communities = list(
        Community.objects.filter(is_active=True, street__is_active=True).select_related("street").order_by("pk")
    )
    orgs = list(Organization.objects.filter(status=Organization.Status.REGISTERED).order_by("pk"))
    if not User.objects.filter(username__in=["street_huaxing", "district_admin"]).exists():
        stdout.write("demo procurement 2014: demo users missing, skipped")
        return
    if not communities or len(orgs) < 3:
        stdout.write("demo procurement 2014: no communities or too few registered organisations, skipped")
        return
    _load(communities, orgs, stdout)


class _Audit:
    """Audit records built in memory, chained and inserted at the end, as audit_record writes them."""

    def __init__(self):
        self.rows: list[tuple] = []

    def add(self, obj, action, *, actor=None, at: datetime, from_state="", to_state="", data=None):
        self.rows.append((obj, action, actor, at, from_state, to_state, data or {}))

    def flush(self) -> int:
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        seq, prev = head.seq, head.hash
        now = timezone.now()
        records = []
        for i, (obj, action, actor, at, from_state, to_state, data) in enumerate(self.rows):
            seq += 1
            record = AuditRecord(
                seq=seq,
                created_at=now + timedelta(microseconds=i),
                actor=actor,
                actor_name=actor.get_username() if actor else "system",
                action=action,
                object_type=object_type_of(obj),
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                from_state=str(from_state or ""),
                to_state=str(to_state or ""),
                reason=REASON,
                data={**data, "at": at.isoformat()},
                prev_hash=prev,
            )
            record.actor_id = actor.pk if actor else None
            record.hash = prev = compute_hash(record)
            records.append(record)
        AuditRecord.objects.bulk_create(records, batch_size=1000)
        AuditHead.objects.filter(id=1).update(seq=seq, hash=prev)
        return len(records)


@transaction.atomic
def _load(communities: list[Community], orgs: list[Organization], stdout) -> None:
    rng = random.Random(SEED)
    now = timezone.now()
    audit = _Audit()
    huaxing_officer = User.objects.filter(username="street_huaxing").first()
    officers = {
        s.pk: huaxing_officer if huaxing_officer and s.name == "华兴街道" else None
        for s in Street.objects.filter(pk__in={c.street_id for c in communities})
    }
    admin = User.objects.filter(username="district_admin").first()

    # --- Who bids: 30 registered organisations (睦林 among them), each with a staff account -----
    muling = next((o for o in orgs if o.name == "睦林长者互助社"), None)
    bidders = ([muling] if muling else []) + [o for o in orgs if o != muling][: BIDDERS - (1 if muling else 0)]
    staff = _bidder_staff(bidders)

    # --- The projects: amounts, places, domains, methods, states ---------------------------------
    amounts = _split(DEVOLVED, DEVOLVED_PROJECTS, rng) + _split(TOTAL - DEVOLVED, PROJECTS - DEVOLVED_PROJECTS, rng)
    states = [s for s, n in STATES.items() for _ in range(n)]
    states += [P.AWARDED] * (PROJECTS - len(states))
    rng.shuffle(states)
    items_by_domain: dict[str, list[CatalogueItem]] = {}
    items = list(CatalogueItem.objects.filter(is_active=True).order_by("pk"))
    for item in items:
        items_by_domain.setdefault(item.domain, []).append(item)
    domains = list(ServiceDomain.values)
    plans = []
    for i, amount in enumerate(amounts):
        community = communities[i % len(communities)]
        domain = domains[(i * 7 + i // len(communities)) % len(domains)]
        devolved = i < DEVOLVED_PROJECTS
        item = None
        if devolved and items:
            pool = items_by_domain.get(domain) or items
            item = pool[i % len(pool)]
        method = METHODS[i % len(METHODS)]
        plans.append(
            {
                "community": community,
                "domain": domain,
                "amount": amount,
                "item": item,
                "method": method,
                "state": states[i],
                "title": f"{community.name}{rng.choice(SERVICES[domain])}（2014）",
            }
        )

    # --- Budget lines that cover them ------------------------------------------------------------
    need: dict[tuple[int, str], Decimal] = {}
    for p in plans:
        key = (p["community"].street_id, p["domain"])
        need[key] = need.get(key, Decimal("0")) + p["amount"]
    lines = BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                year=YEAR,
                street_id=street_id,
                domain=domain,
                allocated=_money((total * Decimal("1.15") / 10000).to_integral_value(rounding="ROUND_CEILING") * 10000),
            )
            for (street_id, domain), total in sorted(need.items())
        ]
    )
    line_of = {(line.street_id, line.domain): line for line in lines}
    year_start = datetime(YEAR, 1, 6, 9, tzinfo=UTC)
    for line in lines:
        audit.add(line, "budget_line.create", actor=admin, at=year_start, data={"allocated": str(line.allocated)})

    # --- Projects, with a timeline per state -------------------------------------------------------
    projects = []
    for p in plans:
        working = p["state"] in (P.DRAFT, P.PUBLISHED, P.OPENED, P.EVALUATED)
        if working:
            # Still at a working step: around today, so the opening sweep treats it as it should.
            published = now - timedelta(days=rng.randint(20, 40))
            # Bids close at 09:30 Beijing time, as actions.projects sets them.
            days = rng.randint(5, 20) if p["state"] == P.PUBLISHED else -rng.randint(1, 10)
            deadline = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(9, 30)))
        else:
            published = datetime(YEAR, 2, 10, 1, 30, tzinfo=UTC) + timedelta(days=rng.randint(0, 240))
            deadline = published + timedelta(days=rng.choice((10, 21, 28)))
        published_states = (P.PUBLISHED, P.OPENED, P.EVALUATED, P.AWARDED, P.CANCELLED, P.FAILED)
        is_published = p["state"] in published_states
        projects.append(
            Project(
                title=p["title"],
                description=f"{p['title']}：服务对象、频次与质量标准见采购文件。",
                catalogue_item=p["item"],
                street_id=p["community"].street_id,
                community=p["community"],
                domain=p["domain"],
                budget_line=line_of[(p["community"].street_id, p["domain"])],
                amount=p["amount"],
                method=p["method"],
                admission_rules="符合武侯区社会组织承接政府购买服务准入标准。",
                question_days=min(5, METHOD_RULES[p["method"]].min_bid_days - 1) or 1,
                bid_days=METHOD_RULES[p["method"]].min_bid_days,
                standstill_days=7,
                status=p["state"],
                published_at=published if is_published else None,
                questions_deadline=deadline - timedelta(days=3) if is_published else None,
                bid_deadline=deadline if is_published else None,
                opened_at=deadline if p["state"] in (P.OPENED, P.EVALUATED, P.AWARDED) else None,
                cancel_reason="预算调整，项目并入区级统一采购。" if p["state"] == P.CANCELLED else "",
                created_by=officers.get(p["community"].street_id) or huaxing_officer or admin,
            )
        )
        p["published"], p["deadline"] = published, deadline
    projects = Project.objects.bulk_create(projects, batch_size=500)
    Criterion.objects.bulk_create(
        [
            Criterion(project=project, name=name, weight=weight, is_price=is_price, position=n)
            for project in projects
            for n, (name, weight, is_price) in enumerate(CRITERIA)
        ],
        batch_size=1000,
    )
    criteria = {}
    for c in Criterion.objects.filter(project__in=projects, is_price=False).order_by("project_id", "position"):
        criteria.setdefault(c.project_id, []).append(c)

    # --- Invitations and bids ----------------------------------------------------------------------
    invited_through = Project.invited_organizations.through
    invitations, bids, chosen = [], [], {}
    for n, (project, p) in enumerate(zip(projects, plans, strict=True)):
        rule = METHOD_RULES[project.method]
        if project.status in (P.DRAFT, P.CANCELLED):
            count = 0
        elif project.status == P.FAILED:
            count = max(0, rule.min_bids - 1 - n % 2)  # too few: the opening failed it
        elif project.status == P.PUBLISHED:
            count = n % 3  # sealed bids so far
        else:
            count = rule.min_bids + (1 if rule.min_bids > 1 and n % 4 == 0 else 0)
        # 睦林 bids on the elderly-care projects of 南桥 and now and then elsewhere.
        pool = [o for o in bidders if o != muling]
        picked = rng.sample(pool, min(count, len(pool)))
        if muling and count and (p["community"].name == "南桥社区" or n % 9 == 0) and muling not in picked:
            picked[0] = muling
        chosen[project.pk] = picked
        if rule.invites in ("one", "required") and picked:
            invitations += [invited_through(project_id=project.pk, organization_id=o.pk) for o in picked]
        for k, org in enumerate(picked):
            price = _money(project.amount * Decimal(str(rng.uniform(0.82, 0.99))))
            plan = PLAN.format(title=project.title)
            salt = secrets.token_hex(16)
            opened = project.status in (P.OPENED, P.EVALUATED, P.AWARDED)
            bids.append(
                Bid(
                    project=project,
                    organization=org,
                    status=B.OPENED if opened else B.SUBMITTED,
                    price=price,
                    plan=plan,
                    salt=salt,
                    receipt=bid_receipt(
                        project_id=project.pk,
                        organization_id=org.pk,
                        price=price,
                        plan=plan,
                        staff_ids=[],
                        documents=[],
                        salt=salt,
                    ),
                    submitted_by=staff[org.pk],
                    submitted_at=p["deadline"] - timedelta(days=1 + k, hours=rng.randint(0, 8)),
                )
            )
    invited_through.objects.bulk_create(invitations, batch_size=1000)
    bids = Bid.objects.bulk_create(bids, batch_size=1000)
    bids_of: dict[int, list[Bid]] = {}
    for bid in bids:
        bids_of.setdefault(bid.project_id, []).append(bid)

    # --- Opening records, experts and scores, ranking and award -------------------------------------
    wang = Expert.objects.filter(user__username="expert_wang").select_related("user").first()
    openings, notices, assignments, awarded = [], [], [], []
    for n, project in enumerate(projects):
        p = plans[n]
        mine = bids_of.get(project.pk, [])
        if project.status in (P.OPENED, P.EVALUATED, P.AWARDED, P.FAILED):
            failed = project.status == P.FAILED
            # The words the opening job writes (actions.projects.project_open), in the portal's language.
            with translation.override(settings.LANGUAGE_CODE):
                outcome = (
                    _("%(count)d bid(s) received; the method needs at least %(needed)d.")
                    % {"count": len(mine), "needed": METHOD_RULES[project.method].min_bids}
                    if failed
                    else _("%(count)d bid(s) opened.") % {"count": len(mine)}
                )
                notice = (
                    _("“%(title)s” failed: %(reason)s") % {"title": project.title, "reason": outcome}
                    if failed
                    else _("The bids of “%(title)s” were opened: %(outcome)s")
                    % {"title": project.title, "outcome": outcome}
                )
            openings.append(
                Opening(
                    project=project,
                    opened_at=p["deadline"],
                    outcome=outcome,
                    entries=[
                        {
                            "bid": b.pk,
                            "organization": b.organization_id,
                            "organization_name": b.organization.name,
                            **({} if failed else {"price": f"{b.price:.2f}", "salt": b.salt}),
                            "receipt": b.receipt,
                            "submitted_at": b.submitted_at.isoformat(),
                        }
                        for b in mine
                    ],
                )
            )
            kind = ProjectNotice.Kind.FAILED if failed else ProjectNotice.Kind.OPENED
            notices.append(
                ProjectNotice(
                    project=project,
                    kind=kind,
                    text=notice,
                )
            )
            if failed:
                project.failure_reason = outcome
        # Experts: expert_wang has scored every evaluated and awarded project, and is assigned (not
        # yet scored) to half of the opened ones; the other opened ones wait for an expert.
        if wang and (project.status in (P.EVALUATED, P.AWARDED) or (project.status == P.OPENED and n % 2)):
            scored = project.status != P.OPENED
            assignments.append(
                ExpertAssignment(
                    project=project,
                    expert=wang,
                    assigned_by=project.created_by,
                    scored_at=p["deadline"] + timedelta(days=2) if scored else None,
                )
            )
        if project.status in (P.EVALUATED, P.AWARDED) and mine:
            _rank(mine, criteria[project.pk], rng, scored=wang is not None)
            if project.status == P.AWARDED:
                winner = min(mine, key=lambda b: b.rank)
                project.awarded_bid = winner
                project.awarded_at = p["deadline"] + timedelta(days=5)
                project.standstill_until = (project.awarded_at + timedelta(days=9)).date()
                awarded.append((project, winner))
    Opening.objects.bulk_create(openings, batch_size=500)
    ProjectNotice.objects.bulk_create(notices, batch_size=500)
    Bid.objects.bulk_update([b for b in bids if b.rank], ["price_score", "total_score", "rank"], batch_size=1000)
    Project.objects.bulk_update(
        projects, ["failure_reason", "awarded_bid", "awarded_at", "standstill_until"], batch_size=500
    )
    assignments = ExpertAssignment.objects.bulk_create(assignments, batch_size=500)
    scores = []
    for assignment in assignments:
        if assignment.scored_at is None:
            continue
        for bid in bids_of.get(assignment.project_id, []):
            for criterion in criteria[assignment.project_id]:
                scores.append(
                    Score(assignment=assignment, bid=bid, criterion=criterion, points=bid._points[criterion.pk])
                )
    Score.objects.bulk_create(scores, batch_size=1000)

    # --- Money: one commitment per award, each line's committed the sum of its awards -------------
    committed: dict[int, Decimal] = {}
    BudgetCommitment.objects.bulk_create(
        [BudgetCommitment(line_id=project.budget_line_id, project=project, amount=w.price) for project, w in awarded]
    )
    for project, winner in awarded:
        committed[project.budget_line_id] = committed.get(project.budget_line_id, Decimal("0")) + winner.price
        audit.add(
            project.budget_line,
            "budget_line.commit",
            actor=officers.get(project.street_id),
            at=project.awarded_at,
            data={"amount": str(winner.price), "project": project.pk},
        )
    for line in lines:
        line.committed = committed.get(line.pk, Decimal("0"))
    BudgetLine.objects.bulk_update(lines, ["committed"])

    # --- What waits on the streets: questions and a complaint or two ---------------------------------
    questions, complaints = [], []
    for n, project in enumerate(projects):
        asker = chosen.get(project.pk) or bidders[:1]
        if project.status == P.PUBLISHED and n % 2 == 0:
            questions.append(
                Question(project=project, text="服务对象的人数和分布能否提供？", asked_by=staff[asker[0].pk])
            )
        if project.status == P.AWARDED and len(complaints) < 3 and len(chosen.get(project.pk, [])) > 1:
            loser = next(o for o in chosen[project.pk] if o.pk != project.awarded_bid.organization_id)
            complaints.append(
                ComplaintModel(
                    project=project,
                    organization=loser,
                    text="对评分中“服务方案”一项的打分有疑问，请说明理由。",
                    filed_by=staff[loser.pk],
                )
            )
    Question.objects.bulk_create(questions)
    ComplaintModel.objects.bulk_create(complaints)

    # --- The audit trail the engine would have written ------------------------------------------------
    for n, project in enumerate(projects):
        p = plans[n]
        actor = officers.get(project.street_id)
        created_at = (p["published"] or now) - timedelta(days=7)
        audit.add(project, "project.create", actor=actor, at=created_at, to_state=P.DRAFT)
        if project.status == P.DRAFT:
            continue
        audit.add(project, "project.publish", actor=actor, at=p["published"], from_state=P.DRAFT, to_state=P.PUBLISHED)
        for bid in bids_of.get(project.pk, []):
            audit.add(
                bid,
                "bid.submit",
                actor=staff[bid.organization_id],
                at=bid.submitted_at,
                to_state=B.SUBMITTED,
                data={"receipt": bid.receipt},
            )
        if project.status == P.CANCELLED:
            audit.add(
                project,
                "project.cancel",
                actor=actor,
                at=p["published"] + timedelta(days=3),
                from_state=P.PUBLISHED,
                to_state=P.CANCELLED,
            )
            continue
        if project.status == P.PUBLISHED:
            continue
        at = p["deadline"]
        audit.add(project, "project.close_bidding", at=at, from_state=P.PUBLISHED, to_state=P.BIDDING_CLOSED)
        if project.status == P.FAILED:
            audit.add(project, "project.fail", at=at, from_state=P.BIDDING_CLOSED, to_state=P.FAILED)
            continue
        for bid in bids_of.get(project.pk, []):
            audit.add(bid, "bid.open", at=at, from_state=B.SUBMITTED, to_state=B.OPENED)
        audit.add(project, "project.open", at=at, from_state=P.BIDDING_CLOSED, to_state=P.OPENED)
        if project.status in (P.EVALUATED, P.AWARDED):
            audit.add(
                project,
                "project.evaluate",
                actor=actor,
                at=at + timedelta(days=3),
                from_state=P.OPENED,
                to_state=P.EVALUATED,
            )
        if project.status == P.AWARDED:
            audit.add(
                project, "project.award", actor=actor, at=project.awarded_at, from_state=P.EVALUATED, to_state=P.AWARDED
            )
    records = audit.flush()
    total = sum(p.amount for p in projects)
    devolved = sum(p.amount for p in projects if p.catalogue_item_id)
    stdout.write(
        f"demo procurement 2014: {len(projects)} projects, {total} yuan ({devolved} devolved), "
        f"{len(lines)} budget lines, {len(bids)} bids, {len(awarded)} awards, {records} audit records"
    )


def _rank(bids: list[Bid], non_price: list[Criterion], rng: random.Random, *, scored: bool) -> None:
    """The evaluation as actions.evaluation.evaluation_ranking computes it: price score = lowest
    price ÷ bid price × price weight, plus the (one) expert's points; ties to the lower price,
    then the earlier bid."""
    price_weight = Decimal(CRITERIA[0][1])
    lowest = min(b.price for b in bids)
    for bid in bids:
        bid._points = {
            c.pk: _money(Decimal(c.weight) * Decimal(str(rng.uniform(0.6, 0.95)))) if scored else Decimal("0")
            for c in non_price
        }
        bid.price_score = _money(lowest / bid.price * price_weight)
        bid.total_score = _money(bid.price_score + sum(bid._points.values()))
    for rank, bid in enumerate(sorted(bids, key=lambda b: (-b.total_score, b.price, b.submitted_at)), start=1):
        bid.rank = rank


def _bidder_staff(bidders: list[Organization]) -> dict[int, User]:
    """Each bidding organisation's staff account: org_muling for 睦林, a demo account for the others."""
    staff = {
        m.organization_id: m.user
        for m in StaffMembership.objects.filter(organization__in=bidders).select_related("user")
    }
    missing = [o for o in bidders if o.pk not in staff]
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(username=f"demo2014_org_{o.pk}", display_name=f"{o.name}（演示账号）", password=password)
            for o in missing
        ]
    )
    StaffMembership.objects.bulk_create(
        [StaffMembership(user=u, organization=o) for u, o in zip(users, missing, strict=True)]
    )
    staff.update({o.pk: u for u, o in zip(users, missing, strict=True)})
    return staff
