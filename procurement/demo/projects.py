"""Demo records for this app, loaded by `manage.py load_demo` after the users. Idempotent.

A first, small demo: the catalogue from the duty lists, this year's budget lines of 华兴 and 玉林,
and 华兴's projects in several states, with 睦林长者互助社 (org_muling) bidding. The 2014 figures
(315 projects) come with the contract review work."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Community, Street, User
from organizations.models import Organization, ServiceDomain
from organizations.qualification import qualification_check
from services.models import TaskAssignment

from ..actions.bids import bid_submit
from ..actions.budgets import budget_line_set
from ..actions.catalogue import catalogue_sync
from ..actions.evaluation import expert_assign, expert_register, project_award, project_evaluate, scores_submit
from ..actions.projects import CriterionInput, project_cancel, project_create, project_open, project_publish
from ..models import BudgetLine, Method, Project

MARKER = "南桥社区高龄独居老人助餐服务"
# A made-up resident ID with a valid check digit (GB 11643), for the conflict-of-interest checks.
EXPERT_WANG_RIC = "510107196502150015"
LINES = {
    "华兴街道": {"elderly": "1200000.00", "youth": "450000.00", "disability": "300000.00", "culture": "200000.00"},
    "玉林街道": {"elderly": "900000.00", "youth": "500000.00", "relief": "350000.00"},
}
CRITERIA = [CriterionInput("价格", 30, True), CriterionInput("服务方案", 45), CriterionInput("团队与经验", 25)]


def demo_load(*, stdout) -> None:
    catalogue_sync(actor=None)
    admin = User.objects.filter(username="district_admin").first()
    street_user = User.objects.filter(username="street_huaxing").first()
    bidder = User.objects.filter(username="org_muling").first()
    huaxing = Street.objects.filter(name="华兴街道").first()
    nanqiao = Community.objects.filter(name="南桥社区", street=huaxing).first()
    if not (admin and street_user and bidder and nanqiao):
        stdout.write("demo procurement: demo users or 南桥社区 missing, skipped")
        return
    if Project.objects.filter(title=MARKER).exists():
        stdout.write("demo procurement: already there")
        return
    _load(admin=admin, officer=street_user, bidder=bidder, nanqiao=nanqiao, stdout=stdout)


@transaction.atomic
def _load(*, admin, officer, bidder, nanqiao, stdout) -> None:
    year = timezone.localdate().year
    for street_name, lines in LINES.items():
        street = Street.objects.filter(name=street_name).first()
        for domain, amount in lines.items() if street else ():
            budget_line_set(actor=admin, year=year, street=street, domain=domain, allocated=Decimal(amount))
    line = BudgetLine.objects.get(year=year, street=nanqiao.street, domain=ServiceDomain.ELDERLY)
    muling = Organization.objects.get(name="睦林长者互助社")

    def create(title, method=Method.OPEN_TENDER, amount="180000.00", invited=(), bid_days=15, **kw):
        return project_create(
            actor=officer,
            title=title,
            description=kw.pop("description", f"{title}：服务对象、频次与质量标准见附件。"),
            street=nanqiao.street,
            community=nanqiao,
            domain=line.domain,
            budget_line=line,
            amount=Decimal(amount),
            method=method,
            criteria=CRITERIA,
            question_days=min(5, bid_days - 1),
            bid_days=bid_days,
            invited=list(invited),
            admission_rules="符合武侯区社会组织承接政府购买服务准入标准。",
            **kw,
        )

    candidate = (
        TaskAssignment.objects.filter(status=TaskAssignment.Status.ROUTED_TO_PURCHASE, community=nanqiao)
        .order_by("id")
        .first()
    )
    taking_bids = project_publish(actor=officer, project=create(MARKER, source_assignment=candidate))
    create("南桥社区长者助浴服务（草稿）", amount="60000.00")
    qualified = qualification_check(muling).qualified
    if qualified:
        bid_submit(
            actor=bidder,
            project=taking_bids,
            organization=muling,
            price=Decimal("168000.00"),
            plan="依托南桥社区长者食堂，每日午餐配送至高龄独居老人家中，每周回访一次，建立服务台账。",
        )
    # A commission to 睦林 whose deadline has passed: opened by the portal.
    commission = project_publish(
        actor=officer,
        project=create(
            "南桥社区互助养老骨干培训（委托）",
            method=Method.COMMISSION,
            amount="40000.00",
            invited=[muling],
            bid_days=3,
        ),
    )
    if qualified:
        bid_submit(
            actor=bidder,
            project=commission,
            organization=muling,
            price=Decimal("38500.00"),
            plan="开展 6 期互助养老骨干培训，每期 20 人，结业考核。",
        )
    past = timezone.now() - timedelta(days=1)
    Project.objects.filter(pk=commission.pk).update(bid_deadline=past, questions_deadline=past - timedelta(days=2))
    project_open(project_id=commission.pk)
    expert_user = User.objects.filter(username="expert_wang").first()
    if qualified and expert_user:
        # expert_wang scores the commission and 华兴 awards it (the money is committed on the line).
        wang = expert_register(actor=admin, user=expert_user, resident_id=EXPERT_WANG_RIC)
        expert_assign(actor=officer, project=commission, expert=wang)
        bid = commission.bids.get(status="opened")
        scores_submit(
            actor=expert_user,
            project=commission,
            scores=[
                (bid.pk, c.pk, Decimal(c.weight) * Decimal("0.85")) for c in commission.criteria.filter(is_price=False)
            ],
        )
        project_award(actor=officer, project=project_evaluate(actor=officer, project=commission))
    # An open tender nobody bid on: failed.
    lonely = project_publish(actor=officer, project=create("南桥社区智慧养老设备维护", amount="50000.00"))
    Project.objects.filter(pk=lonely.pk).update(bid_deadline=past, questions_deadline=past - timedelta(days=2))
    project_open(project_id=lonely.pk)
    project_cancel(
        actor=officer,
        project=project_publish(actor=officer, project=create("南桥社区老年大学课程（已取消）", amount="30000.00")),
        comment="区级统一采购，街道不再单独采购。",
    )
    stdout.write(
        f"demo procurement: {BudgetLine.objects.filter(year=year).count()} budget lines, "
        f"{Project.objects.count()} projects" + ("" if qualified else " (睦林 not qualified: no bids)")
    )
