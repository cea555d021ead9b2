"""The contract review through the API, its reminders and escalation (frozen time), the award
lapsing by beat, and amendments capped at 10 % (政府采购法 第四十九条)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from procurement.actions.contracts import amendment_decide, amendment_propose, awards_lapse_due, contract_submit
from procurement.actions.review import contract_review, review_reminders_send
from procurement.models import Amendment, BudgetLine, Contract, Project, ReviewReminder, ReviewStep
from tests.helpers import error_of

C = Contract.Status


@pytest.fixture
def in_review(draft_contract, street_officer, community_officer, street_reviewers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        contract_submit(actor=street_officer, contract=draft_contract)
    draft_contract.refresh_from_db()
    assert draft_contract.status == C.IN_REVIEW, draft_contract.returned_reasons
    return draft_contract


@pytest.fixture
def active(in_review, community_officer, street_reviewers, org_officer, api_as):
    contract = in_review
    for who in (community_officer, street_reviewers["legal"], street_reviewers["finance"], street_reviewers["leader"]):
        contract = contract_review(actor=who, contract=contract, decision="approve")
    response = api_as(org_officer).post(reverse("api:contract-sign", kwargs={"pk": contract.pk}), {})
    assert response.status_code == 200, response.content
    contract.refresh_from_db()
    return contract


def _review(client, contract, decision, comment=""):
    return client.post(
        reverse("api:contract-review", kwargs={"pk": contract.pk}), {"decision": decision, "comment": comment}
    )


def test_only_the_current_steps_assignee_decides_through_the_api(
    api_as, in_review, community_officer, street_officer, street_reviewers, org_officer, resident
):
    for who in (street_officer, street_reviewers["legal"], org_officer):
        assert _review(api_as(who), in_review, "approve").status_code == 403
    assert _review(api_as(resident), in_review, "approve").status_code == 404
    response = _review(api_as(community_officer), in_review, "approve", "社区同意")
    assert response.status_code == 200, response.content
    assert response.json()["waiting_on"] == str(street_reviewers["legal"])
    # The community's step is done: it cannot decide again, and legal now can.
    assert _review(api_as(community_officer), in_review, "approve").status_code == 403
    assert _review(api_as(street_reviewers["legal"]), in_review, "bogus").status_code == 400


def test_the_timeline_shows_checks_decisions_and_who_is_awaited(api_as, in_review, community_officer, street_reviewers):
    _review(api_as(community_officer), in_review, "approve", "社区同意")
    body = api_as(community_officer).get(reverse("api:contract-review", kwargs={"pk": in_review.pk})).json()
    assert body["status"] == "in_review" and body["waiting_on"] == str(street_reviewers["legal"])
    (current,) = body["rounds"]
    assert {c["name"]: c["result"] for c in current["checks"]} == dict.fromkeys(
        ["budget", "qualification", "clauses", "consistency", "conflict"], "passed"
    )
    assert [(s["kind"], s["status"]) for s in current["steps"]] == [
        ("community", "approved"),
        ("legal", "open"),
        ("finance", "waiting"),
        ("leader", "waiting"),
    ]
    assert current["steps"][0]["comment"] == "社区同意" and current["steps"][0]["decided_by_name"]


def test_the_contract_list_is_scoped_to_its_parties(
    api_as,
    draft_contract,
    street_officer,
    community_officer,
    org_officer,
    district_admin,
    rival_org_officer,
    dept_officer,
):
    url = reverse("api:contract-list")
    for who in (street_officer, community_officer, org_officer, district_admin):
        assert [c["id"] for c in api_as(who).get(url).json()["results"]] == [draft_contract.pk]
    for who in (rival_org_officer, dept_officer):
        assert api_as(who).get(url).json()["results"] == []


def test_the_contract_list_costs_few_queries(api_as, draft_contract, street_officer, django_assert_max_num_queries):
    client = api_as(street_officer)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("api:contract-list")).status_code == 200


def test_the_street_drafts_from_the_award_through_the_api(api_as, award, street_officer):
    response = api_as(street_officer).post(
        reverse("api:contract-list"),
        {
            "project": award.pk,
            "quantity": "每周两次",
            "milestones": [
                {"title": "首期", "due_on": "2027-01-15", "amount": "90000.00"},
                {"title": "尾期", "due_on": "2027-06-30", "amount": "90000.00", "required_deliveries": 40},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["price"] == "180000.00" and [m["required_deliveries"] for m in body["milestones"]] == [None, 40]
    assert "submit" in body["allowed_actions"]


# --- Reminders and escalation -----------------------------------------------------------------------


def test_beat_reminds_the_assignee_the_day_before_and_escalates_to_the_leader_after(
    in_review, community_officer, street_reviewers, time_machine
):
    step = ReviewStep.objects.get(contract=in_review, status="open")
    assert step.assignee == community_officer
    due = step.due_on
    from services.workdays import subtract_working_days

    assert review_reminders_send() == 0  # not yet
    time_machine.move_to(datetime.combine(subtract_working_days(due, 1), datetime.min.time()).replace(hour=9))
    assert review_reminders_send() == 1
    assert review_reminders_send() == 0  # once
    reminder = ReviewReminder.objects.get(step=step)
    assert (reminder.kind, reminder.recipient) == ("due_soon", community_officer)
    time_machine.move_to(datetime.combine(due + timedelta(days=1), datetime.min.time()).replace(hour=9))
    assert review_reminders_send() == 1
    assert review_reminders_send() == 0
    escalation = ReviewReminder.objects.get(step=step, kind="escalated")
    assert escalation.recipient == street_reviewers["leader"]
    # The escalation waits on the leader's desk until the community decides.
    from procurement.queries.contracts import contracts_waiting_on

    assert list(contracts_waiting_on(street_reviewers["leader"])) == [in_review]
    contract_review(actor=community_officer, contract=in_review, decision="approve")
    assert list(contracts_waiting_on(street_reviewers["leader"])) == []


def test_what_waits_on_a_user_is_always_among_what_the_user_may_read(
    draft_contract,
    street_officer,
    community_officer,
    street_reviewers,
    org_officer,
    resident,
    district_admin,
    django_capture_on_commit_callbacks,
):
    """contracts_waiting_on does not repeat contracts_for's visibility filter: each of its
    conditions is narrower. Walk a contract from drafting to signing and hold the two together for
    everyone it passes, and for people it never waits on."""
    from procurement.queries.contracts import contracts_for, contracts_waiting_on

    people = [street_officer, community_officer, *street_reviewers.values(), org_officer, resident, district_admin]

    def waiting_is_visible():
        for user in people:
            waiting = set(contracts_waiting_on(user).values_list("pk", flat=True))
            assert waiting <= set(contracts_for(user).values_list("pk", flat=True)), user
        return {user.username for user in people if contracts_waiting_on(user).exists()}

    assert waiting_is_visible() == {street_officer.username}  # a draft, for the street to submit
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        contract_submit(actor=street_officer, contract=draft_contract)  # the checks pass
    contract = Contract.objects.get(pk=draft_contract.pk)
    for who in (community_officer, street_reviewers["legal"], street_reviewers["finance"], street_reviewers["leader"]):
        assert who.username in waiting_is_visible()
        contract = contract_review(actor=who, contract=contract, decision="approve")
    assert waiting_is_visible() == {org_officer.username}  # awaiting its signature


# --- The award lapses ----------------------------------------------------------------------------------


def test_an_award_not_signed_within_30_days_lapses_and_its_money_returns(draft_contract, line, time_machine):
    committed = BudgetLine.objects.get(pk=line.pk).committed
    assert committed == Decimal("180000.00")
    assert awards_lapse_due() == 0
    time_machine.move_to(timezone.now() + timedelta(days=31))
    assert awards_lapse_due() == 1
    assert awards_lapse_due() == 0
    draft_contract.refresh_from_db()
    assert draft_contract.status == C.LAPSED
    assert Project.objects.get(pk=draft_contract.project_id).status == Project.Status.FAILED
    assert BudgetLine.objects.get(pk=line.pk).committed == Decimal("0")


def test_a_signed_contract_keeps_its_award(active, time_machine):
    time_machine.move_to(timezone.now() + timedelta(days=40))
    assert awards_lapse_due() == 0
    assert Contract.objects.get(pk=active.pk).status == C.ACTIVE


# --- Amendments --------------------------------------------------------------------------------------


def test_an_amendment_within_10_percent_is_approved_by_the_leader_and_commits_the_rise(
    active, street_officer, street_reviewers, line
):
    amendment = amendment_propose(
        actor=street_officer, contract=active, reason="服务户数增加", new_price=Decimal("198000.00")
    )
    assert amendment.assignee == street_reviewers["leader"]
    amendment_decide(actor=street_reviewers["leader"], amendment=amendment, decision="approve", comment="同意")
    active.refresh_from_db()
    assert active.price == Decimal("198000.00") and active.original_price == Decimal("180000.00")
    assert sum(m.amount for m in active.milestones.all()) == active.price
    assert BudgetLine.objects.get(pk=line.pk).committed == Decimal("198000.00")


def test_amendments_together_may_not_raise_the_price_by_more_than_10_percent(
    api_as, active, street_officer, street_reviewers
):
    url = reverse("api:contract-amend", kwargs={"pk": active.pk})
    first = api_as(street_officer).post(url, {"reason": "增加服务", "new_price": "190000.00"})
    assert first.status_code == 201, first.content
    amendment_decide(actor=street_reviewers["leader"], amendment=Amendment.objects.get(), decision="approve")
    # 198 000 is the cap for all amendments together: 190 000 → 198 001 is refused, in Chinese.
    response = api_as(street_officer).post(url, {"reason": "再增加", "new_price": "198001.00"})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "amendment_over_cap" and "第四十九条" in error["message"] and "不得" in error["message"]
    assert Contract.objects.get(pk=active.pk).price == Decimal("190000.00")


def test_an_amendment_needs_a_reason_and_an_active_contract(draft_contract, active, street_officer, street_reviewers):
    with pytest.raises(DomainError):
        amendment_propose(actor=street_officer, contract=active, reason=" ", new_price=Decimal("1000.00"))
    amendment = amendment_propose(actor=street_officer, contract=active, reason="减少", new_price=Decimal("170000.00"))
    with pytest.raises(DomainError):
        amendment_decide(actor=street_reviewers["leader"], amendment=amendment, decision="reject", comment="")
    amendment = amendment_decide(
        actor=street_reviewers["leader"], amendment=amendment, decision="reject", comment="不必要"
    )
    assert amendment.status == "rejected"
    assert Contract.objects.get(pk=active.pk).price == Decimal("180000.00")


def test_the_contract_notice_is_public_once_signed(api, active):
    response = api.get(reverse("api:contract-notice-detail", kwargs={"pk": active.pk}))
    assert response.status_code == 200
    assert response.json()["organization_name"] == active.organization.name
    assert [n["id"] for n in api.get(reverse("api:contract-notice-list")).json()["results"]] == [active.pk]
