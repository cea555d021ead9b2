"""Delivery and performance: the community accepts milestones, the street pays met ones (the
line's paid figure never exceeds committed), and the evaluation (绩效评价) sets the organisation's
performance score."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from core.errors import Conflict, DomainError, NotAllowed
from organizations.models import Organization
from procurement.actions.contracts import contract_sign, contract_submit
from procurement.actions.delivery import contract_evaluate, milestone_decide, payment_record
from procurement.actions.review import contract_review
from procurement.hooks import _ratings, ratings_register
from procurement.models import BudgetLine
from tests.helpers import error_of


@pytest.fixture
def active(
    draft_contract,
    street_officer,
    community_officer,
    street_reviewers,
    org_officer,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        contract_submit(actor=street_officer, contract=draft_contract)
    contract = draft_contract
    contract.refresh_from_db()
    for who in (community_officer, *street_reviewers.values()):
        contract = contract_review(actor=who, contract=contract, decision="approve")
    return contract_sign(actor=org_officer, contract=contract)


def test_the_community_accepts_milestones_and_a_not_met_one_needs_a_reason(active, community_officer, street_officer):
    first, second = active.milestones.order_by("position")
    with pytest.raises(NotAllowed):
        milestone_decide(actor=street_officer, milestone=first, met=True)
    assert milestone_decide(actor=community_officer, milestone=first, met=True).status == "met"
    with pytest.raises(Conflict):
        milestone_decide(actor=community_officer, milestone=first, met=False, comment="再议")
    with pytest.raises(DomainError):
        milestone_decide(actor=community_officer, milestone=second, met=False)
    assert milestone_decide(actor=community_officer, milestone=second, met=False, comment="未达标").status == "not_met"


def test_milestones_of_an_unsigned_contract_are_not_accepted(draft_contract, community_officer):
    with pytest.raises(Conflict):
        milestone_decide(actor=community_officer, milestone=draft_contract.milestones.first(), met=True)


def test_the_street_pays_met_milestones_and_the_line_never_pays_beyond_committed(
    api_as, active, community_officer, street_officer, line
):
    first = active.milestones.order_by("position").first()
    url = reverse("api:contract-milestone-payments", kwargs={"pk": active.pk, "milestone_pk": first.pk})
    assert api_as(street_officer).post(url, {"amount": "1000.00"}).status_code == 409  # not accepted yet
    milestone_decide(actor=community_officer, milestone=first, met=True)
    assert api_as(community_officer).post(url, {"amount": "1000.00"}).status_code == 403
    response = api_as(street_officer).post(url, {"amount": str(first.amount)})
    assert response.status_code == 201, response.content
    assert BudgetLine.objects.get(pk=line.pk).paid == first.amount
    over = api_as(street_officer).post(url, {"amount": "0.01"})
    assert over.status_code == 400 and error_of(over)["code"] == "overpaid"
    # Even a milestone worth more than the line committed cannot overpay the line.
    BudgetLine.objects.filter(pk=line.pk).update(committed=first.amount)
    second = active.milestones.order_by("position").last()
    milestone_decide(actor=community_officer, milestone=second, met=True)
    with pytest.raises(Conflict):
        payment_record(actor=street_officer, milestone=second, amount=Decimal("1.00"))
    assert BudgetLine.objects.get(pk=line.pk).paid == first.amount


def test_the_evaluation_combines_milestones_and_the_assessment_into_the_organisations_score(
    api_as, active, community_officer, street_officer
):
    first, second = active.milestones.order_by("position")
    url = reverse("api:contract-evaluation", kwargs={"pk": active.pk})
    milestone_decide(actor=community_officer, milestone=first, met=True)
    assert api_as(community_officer).post(url, {"assessment": "90"}).status_code == 409  # one still open
    milestone_decide(actor=community_officer, milestone=second, met=False, comment="台账不全")
    assert api_as(street_officer).post(url, {"assessment": "90"}).status_code == 403
    response = api_as(community_officer).post(url, {"assessment": "90", "comment": "服务认真"})
    assert response.status_code == 201, response.content
    # 40 % × 50 (one of two milestones met) + 60 % × 90 = 74
    assert response.json()["score"] == "74.00"
    assert Organization.objects.get(pk=active.organization_id).performance_score == Decimal("74.00")
    assert api_as(community_officer).post(url, {"assessment": "90"}).status_code == 409


def test_residents_ratings_count_once_a_source_is_registered(active, community_officer):
    for m in active.milestones.all():
        milestone_decide(actor=community_officer, milestone=m, met=True)

    def ratings(contract_id):
        return Decimal("80")

    ratings_register(ratings)
    try:
        evaluation = contract_evaluate(actor=community_officer, contract=active, assessment=Decimal("70"))
    finally:
        _ratings.remove(ratings)
    # 30 % × 100 + 40 % × 70 + 30 % × 80 = 82
    assert (evaluation.ratings_score, evaluation.score) == (Decimal("80.00"), Decimal("82.00"))


def test_the_delivery_pages_accept_pay_and_evaluate(page_as, active, community_officer, street_officer):
    first, second = active.milestones.order_by("position")
    community = page_as(community_officer)
    for m in (first, second):
        url = reverse("procurement:milestone-accept", kwargs={"pk": active.pk, "milestone_pk": m.pk})
        assert community.post(url, {"met": "1"}).status_code == 302
    street = page_as(street_officer)
    url = reverse("procurement:payment", kwargs={"pk": active.pk, "milestone_pk": first.pk})
    assert street.post(url, {"amount": str(first.amount)}).status_code == 302
    assert (
        community.post(
            reverse("procurement:contract-evaluate", kwargs={"pk": active.pk}), {"assessment": "88"}
        ).status_code
        == 302
    )
    page = street.get(reverse("procurement:contract-detail", kwargs={"pk": active.pk})).content.decode()
    assert 'data-testid="evaluation"' in page and "92.80" in page


def test_the_street_terminates_an_active_contract_with_a_reason(active, street_officer, org_officer, community_officer):
    from procurement.actions.contracts import contract_complete, contract_terminate

    with pytest.raises(NotAllowed):
        contract_terminate(actor=org_officer, contract=active, comment="x")
    with pytest.raises(DomainError):
        contract_terminate(actor=street_officer, contract=active, comment=" ")
    assert contract_terminate(actor=street_officer, contract=active, comment="服务严重不达标").status == "terminated"
    with pytest.raises(Conflict):
        contract_complete(actor=community_officer, contract=active)
