"""Demo contracts, loaded after the procurement demo (`manage.py load_demo`). Idempotent.

华兴's reviewers get demo users (legal, finance, leader); 睦林长者互助社 (org_muling) holds an
active contract for 南桥 (the commission the procurement demo awards), and more commissions to 睦林
wait in each review step: drafting, returned by a failed check, at the community, at street legal,
at finance, at the street leader, and awaiting 睦林's signature. The checks run inline here, as the
worker would run them (their jobs, if a worker later picks them up, find nothing left to do)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.actions import role_grant
from accounts.models import Community, Role, Street, User
from organizations.models import Organization
from organizations.qualification import qualification_check

from ..actions.bids import bid_submit
from ..actions.contracts import MilestoneInput, contract_draft, contract_edit, contract_sign, contract_submit
from ..actions.evaluation import expert_assign, project_award, project_evaluate, scores_submit
from ..actions.projects import CriterionInput, project_create, project_open, project_publish
from ..actions.review import contract_check_run, contract_review
from ..models import BudgetLine, CheckName, Contract, Expert, Method, Project

REVIEWERS = [
    ("street_huaxing_legal", "华兴街道 法务 王律师", Role.STREET_LEGAL),
    ("street_huaxing_finance", "华兴街道 财务 赵会计", Role.STREET_FINANCE),
    ("street_huaxing_leader", "华兴街道 孙主任", Role.STREET_LEADER),
]
TERMS = {
    "quantity": "每周服务不少于 2 次，服务对象不少于 60 户。",
    "quality_standards": "服务对象满意度不低于 90%，建立服务台账，每月报送服务记录。",
    "liability": "未按约定提供服务的，按日扣减合同金额千分之一；情节严重的，街道可解除合同。",
}
# (title, price, how far the review goes)
WAITING = [
    ("南桥社区四点半课堂（委托）", "36000.00", "drafting"),
    ("南桥社区残疾人康复陪护（委托）", "42000.00", "returned"),
    ("南桥社区邻里互助站运营（委托）", "45000.00", "community"),
    ("南桥社区独居老人探访（委托）", "39000.00", "legal"),
    ("南桥社区家庭教育讲座（委托）", "28000.00", "finance"),
    ("南桥社区文化活动组织（委托）", "33000.00", "leader"),
    ("南桥社区志愿服务培训（委托）", "26000.00", "signature"),
]
CRITERIA = [CriterionInput("价格", 30, True), CriterionInput("服务方案", 45), CriterionInput("团队与经验", 25)]


def demo_contracts_load(*, stdout) -> None:
    huaxing = Street.objects.filter(name="华兴街道").first()
    nanqiao = Community.objects.filter(name="南桥社区", street=huaxing).first()
    users = {u.username: u for u in User.objects.filter(username__in=["street_huaxing", "org_muling", "expert_wang"])}
    muling = Organization.objects.filter(name="睦林长者互助社").first()
    if not (huaxing and nanqiao and muling and len(users) == 3):
        stdout.write("demo contracts: demo users, 南桥社区 or 睦林 missing, skipped")
        return
    if Contract.objects.exists():
        stdout.write("demo contracts: already there")
        return
    if not qualification_check(muling).qualified:
        stdout.write("demo contracts: 睦林 is not qualified, skipped")
        return
    _load(huaxing=huaxing, nanqiao=nanqiao, muling=muling, users=users, stdout=stdout)


def _reviewers(huaxing, admin) -> dict[str, User]:
    found = {}
    for username, display_name, role in REVIEWERS:
        user, created = User.objects.get_or_create(username=username, defaults={"display_name": display_name})
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
        role_grant(actor=admin, user=user, role=role, scope=huaxing)
        found[role] = user
    return found


def _run_checks(contract: Contract) -> Contract:
    for name in CheckName.values:
        contract_check_run(contract_id=contract.pk, round=contract.round, name=name)
    contract.refresh_from_db()
    return contract


def _standstill_passed(project: Project) -> Project:
    """The demo's awards were made a standstill ago: no contract is drafted before it ends."""
    Project.objects.filter(pk=project.pk).update(standstill_until=timezone.localdate() - timedelta(days=1))
    project.refresh_from_db()
    return project


def _award_commission(*, officer, expert_user, nanqiao, muling, bidder, line, title, price) -> Project:
    project = project_publish(
        actor=officer,
        project=project_create(
            actor=officer,
            title=title,
            description=f"{title}：服务对象、频次与质量标准见合同。",
            street=nanqiao.street,
            community=nanqiao,
            domain=line.domain,
            budget_line=line,
            amount=Decimal(price) + Decimal("2000.00"),
            method=Method.COMMISSION,
            criteria=CRITERIA,
            question_days=2,
            bid_days=3,
            invited=[muling],
            admission_rules="符合武侯区社会组织承接政府购买服务准入标准。",
        ),
    )
    bid_submit(
        actor=bidder,
        project=project,
        organization=muling,
        price=Decimal(price),
        plan=f"{title}：组建 3 人服务团队（含持证社工 2 名），按月制定服务计划并建立台账。",
    )
    past = timezone.now() - timedelta(days=1)
    Project.objects.filter(pk=project.pk).update(bid_deadline=past, questions_deadline=past - timedelta(days=2))
    project = project_open(project_id=project.pk)
    wang = Expert.objects.get(user=expert_user)
    expert_assign(actor=officer, project=project, expert=wang)
    bid = project.bids.get(status="opened")
    scores_submit(
        actor=expert_user,
        project=project,
        scores=[(bid.pk, c.pk, Decimal(c.weight) * Decimal("0.8")) for c in project.criteria.filter(is_price=False)],
    )
    return project_award(actor=officer, project=project_evaluate(actor=officer, project=project))


@transaction.atomic
def _load(*, huaxing, nanqiao, muling, users, stdout) -> None:
    admin = User.objects.filter(username="district_admin").first()
    officer, bidder, expert_user = users["street_huaxing"], users["org_muling"], users["expert_wang"]
    if not Expert.objects.filter(user=expert_user).exists():
        stdout.write("demo contracts: expert_wang is not on the register, skipped")
        return
    reviewers = _reviewers(huaxing, admin)
    community = User.objects.filter(username="community_nanqiao").first() or officer
    steps = [community, reviewers[Role.STREET_LEGAL], reviewers[Role.STREET_FINANCE], reviewers[Role.STREET_LEADER]]
    line = BudgetLine.objects.get(year=timezone.localdate().year, street=huaxing, domain="elderly")

    # 睦林's active contract for 南桥: the commission the procurement demo awarded.
    awarded = Project.objects.filter(status=Project.Status.AWARDED, community=nanqiao).order_by("id").first()
    if awarded is not None:
        contract = _run_checks(
            contract_submit(
                actor=officer, contract=contract_draft(actor=officer, project=_standstill_passed(awarded), **TERMS)
            )
        )
        for who in steps:
            contract = contract_review(actor=who, contract=contract, decision="approve", comment="同意。")
        contract_sign(actor=bidder, contract=contract, comment="睦林长者互助社确认签订。")

    for title, price, until in WAITING:
        project = _award_commission(
            officer=officer,
            expert_user=expert_user,
            nanqiao=nanqiao,
            muling=muling,
            bidder=bidder,
            line=line,
            title=title,
            price=price,
        )
        contract = contract_draft(actor=officer, project=_standstill_passed(project), **TERMS)
        if until == "drafting":
            continue
        if until == "returned":
            # The payment schedule does not add up: the consistency check returns it.
            contract = contract_edit(
                actor=officer,
                contract=contract,
                milestones=[MilestoneInput("首期", contract.starts_on + timedelta(days=30), Decimal("10000.00"))],
            )
        contract = _run_checks(contract_submit(actor=officer, contract=contract))
        done = {"returned": 0, "community": 0, "legal": 1, "finance": 2, "leader": 3, "signature": 4}[until]
        for who in steps[:done]:
            contract = contract_review(actor=who, contract=contract, decision="approve", comment="同意。")
    counts = dict(Contract.objects.values_list("status").annotate(n=Count("id")).order_by())
    stdout.write(f"demo contracts: {Contract.objects.count()} contracts {counts}")
