"""factory_boy factories and helpers for the procurement app's records."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from organizations.actions.standing import last_due_report_year
from organizations.models import AnnualReport, Organization
from procurement.actions.bids import bid_submit
from procurement.actions.projects import CriterionInput, project_create, project_publish
from procurement.models import BudgetLine, CatalogueItem, Method, Project
from tests.factories import StreetFactory
from tests.organizations.people_fixtures import make_social_worker

CRITERIA = [CriterionInput("价格", 30, True), CriterionInput("服务方案", 50), CriterionInput("团队与经验", 20)]


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine
        django_get_or_create = ("year", "street", "domain")

    year = 2026
    street = factory.SubFactory(StreetFactory)
    domain = "elderly"
    allocated = Decimal("1000000.00")


class CatalogueItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogueItem
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GM-T{n:03d}")
    title = factory.Sequence(lambda n: f"示例购买服务{n}")
    domain = "elderly"
    is_placeholder = True


def make_qualified(org: Organization) -> Organization:
    """Registered two years ago, last annual report filed, two certified social workers."""
    today = timezone.localdate()
    Organization.objects.filter(pk=org.pk).update(
        status=Organization.Status.REGISTERED, registered_on=today - timedelta(days=800)
    )
    AnnualReport.objects.get_or_create(
        organization=org,
        year=last_due_report_year(today),
        defaults={"status": "submitted", "summary": "年度工作报告", "submitted_at": timezone.now()},
    )
    while org.social_workers.count() < 2:
        make_social_worker(org, certified=True, year=2020)
    org.refresh_from_db()
    return org


def make_project(
    *, actor, community, line=None, method=Method.OPEN_TENDER, invited=(), amount="200000.00", **kw
) -> Project:
    line = line or BudgetLineFactory(street=community.street, domain=kw.pop("domain", "elderly"))
    return project_create(
        actor=actor,
        title=kw.pop("title", "南桥社区居家养老服务项目"),
        street=community.street,
        community=community,
        domain=line.domain,
        budget_line=line,
        amount=Decimal(amount),
        method=method,
        criteria=kw.pop("criteria", CRITERIA),
        question_days=kw.pop("question_days", 5),
        bid_days=kw.pop("bid_days", 15),
        invited=list(invited),
        **kw,
    )


def make_published(*, actor, community, **kw) -> Project:
    return project_publish(actor=actor, project=make_project(actor=actor, community=community, **kw))


def make_bid(*, actor, project, organization, price="180000.00", plan="每周上门服务两次，建立台账。", **kw):
    return bid_submit(actor=actor, project=project, organization=organization, price=Decimal(price), plan=plan, **kw)


def pass_deadline(project: Project) -> Project:
    """Move the deadline into the past, as if the bidding period had run out."""
    past = timezone.now() - timedelta(minutes=1)
    Project.objects.filter(pk=project.pk).update(bid_deadline=past, questions_deadline=past - timedelta(days=1))
    project.refresh_from_db()
    return project


def make_awarded(*, actor, community, organization, bidder, line=None, price="180000.00") -> Project:
    """A project awarded to `organization`'s bid at `price`, with the money committed (the flow of
    experts and scores is tested in test_evaluation; here only its outcome matters)."""
    from procurement.actions.budgets import budget_commit
    from procurement.actions.projects import project_open

    project = make_published(
        actor=actor, community=community, line=line, method=Method.COMMISSION, invited=[organization]
    )
    bid = make_bid(actor=bidder, project=project, organization=organization, price=price)
    pass_deadline(project)
    project = project_open(project_id=project.pk)
    bid.refresh_from_db()
    budget_commit(actor=actor, line=project.budget_line, amount=bid.price, project=project)
    Project.objects.filter(pk=project.pk).update(
        status=Project.Status.AWARDED,
        awarded_bid=bid,
        awarded_at=timezone.now(),
        # The standstill ended yesterday: a contract may be drafted (test_close.py checks the wait).
        standstill_until=timezone.localdate() - timedelta(days=1),
    )
    project.refresh_from_db()
    return project


CONTRACT_TERMS = {
    "quantity": "每周上门服务两次，服务老人不少于60户。",
    "quality_standards": "服务满意度不低于90%，建立服务台账。",
    "liability": "未按约定提供服务的，按日扣减服务费千分之一。",
}


def make_contract(*, actor, project, **kw):
    from procurement.actions.contracts import contract_draft

    return contract_draft(actor=actor, project=project, **{**CONTRACT_TERMS, **kw})
