"""Pay follows verified delivery: signing a contract opens its service to the community's residents,
the deliveries they confirm are the contract's delivered quantity (a milestone that requires them
waits for them), and their ratings weigh in the performance evaluation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from core.errors import Conflict
from orders.actions.orders import order_rate
from orders.hooks import contract_signed
from orders.models import Offering
from procurement.actions.contracts import contract_sign, contract_submit
from procurement.actions.delivery import contract_evaluate, milestone_decide
from procurement.actions.review import contract_review
from procurement.models import Milestone
from tests.orders.factories import advance, make_order, make_resident
from tests.procurement.conftest import (  # noqa: F401  (fixtures)
    award,
    draft_contract,
    line,
    qualified_muling,
    street_reviewers,
)


@pytest.fixture
def signed(
    draft_contract,  # noqa: F811
    street_officer,
    community_officer,
    street_reviewers,  # noqa: F811
    org_officer,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        contract_submit(actor=street_officer, contract=draft_contract)
    contract = draft_contract
    contract.refresh_from_db()
    for who in (community_officer, *street_reviewers.values()):
        contract = contract_review(actor=who, contract=contract, decision="approve")
    with django_capture_on_commit_callbacks(execute=True):
        return contract_sign(actor=org_officer, contract=contract)


def _deliver(offering, residents, org_officer, stars=()):
    for index, resident in enumerate(residents):
        order = advance(make_order(resident=resident, offering=offering), "confirmed", provider=org_officer)
        if index < len(stars):
            order_rate(actor=resident, order=order, rating=stars[index])


def test_signing_opens_one_free_offering_to_the_community(signed, nanqiao, muling):
    offering = Offering.objects.get(contract=signed)
    assert (offering.organization_id, offering.price, offering.title) == (muling.pk, 0, signed.title)
    assert list(offering.communities.all()) == [nanqiao]
    contract_signed(signed.pk)  # the hook re-run by hand: still one offering
    assert Offering.objects.filter(contract=signed).count() == 1


def test_a_milestone_that_requires_deliveries_waits_for_residents_confirmations(
    signed, community_officer, org_officer, resident, nanqiao
):
    milestone = signed.milestones.order_by("due_on").first()
    Milestone.objects.filter(pk=milestone.pk).update(required_deliveries=2)
    milestone.refresh_from_db()
    offering = Offering.objects.get(contract=signed)
    _deliver(offering, [resident], org_officer)
    with pytest.raises(Conflict) as refused:
        milestone_decide(actor=community_officer, milestone=milestone, met=True)
    assert "2" in str(refused.value) and "1" in str(refused.value)
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.SCHEDULED

    _deliver(offering, [make_resident("resident_li", nanqiao)], org_officer)
    assert milestone_decide(actor=community_officer, milestone=milestone, met=True).status == Milestone.Status.MET


def test_residents_ratings_weigh_in_the_performance_evaluation(
    signed, community_officer, org_officer, resident, nanqiao
):
    _deliver(
        Offering.objects.get(contract=signed), [resident, make_resident("resident_li", nanqiao)], org_officer, (5, 4)
    )
    for m in signed.milestones.all():
        milestone_decide(actor=community_officer, milestone=m, met=True)
    evaluation = contract_evaluate(actor=community_officer, contract=signed, assessment=Decimal("70"))
    # 4.5 stars = 90; 30 % × 100 (milestones) + 40 % × 70 + 30 % × 90 = 85
    assert (evaluation.ratings_score, evaluation.score) == (Decimal("90.00"), Decimal("85.00"))


def test_the_contract_page_shows_the_delivered_quantity(signed, org_officer, resident, page_as, street_officer):
    _deliver(Offering.objects.get(contract=signed), [resident], org_officer)
    html = page_as(street_officer).get(f"/procurement/contracts/{signed.pk}/").content.decode()
    assert "已交付：经居民确认的服务 1 次" in html
