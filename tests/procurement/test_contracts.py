"""Contracts and their review: drafted from the award, checked by jobs in parallel (the database
decides when the round is settled), reviewed in four human steps, signed by the organisation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from core.errors import Conflict, DomainError, NotAllowed
from core.models import AuditRecord, Job
from procurement.actions.contracts import MilestoneInput, contract_edit, contract_sign, contract_submit
from procurement.actions.review import contract_check_run, contract_review, contracts_checks_settle_due
from procurement.hooks import _contract_signed, contract_signed_register
from procurement.models import Contract, ContractCheck, Project, ReviewStep
from procurement.tasks import contract_check
from tests.helpers import error_of
from tests.procurement.factories import make_contract

C = Contract.Status


def submit_and_run_checks(actor, contract, capture):
    """Submit; the checks' jobs run in-process after the commit, as a worker would run them."""
    with capture(execute=True), transaction.atomic():
        contract_submit(actor=actor, contract=contract)
    contract.refresh_from_db()
    return contract


def test_a_contract_is_drafted_from_the_award_with_the_parties_and_the_awarded_price(
    draft_contract, award, qualified_muling
):
    assert (draft_contract.street_id, draft_contract.community_id, draft_contract.organization_id) == (
        award.street_id,
        award.community_id,
        qualified_muling.pk,
    )
    assert draft_contract.price == Decimal("180000.00") and draft_contract.status == C.DRAFTING
    assert sum(m.amount for m in draft_contract.milestones.all()) == draft_contract.price
    assert (draft_contract.ends_on - draft_contract.starts_on).days <= 366


def test_only_the_purchasing_street_drafts_and_only_from_an_award(org_officer, street_officer, award, published):
    with pytest.raises(NotAllowed):
        make_contract(actor=org_officer, project=award)
    with pytest.raises(Conflict):
        make_contract(actor=street_officer, project=published)


def test_a_term_over_one_year_is_refused(street_officer, award):
    from datetime import date

    with pytest.raises(DomainError) as refused:
        make_contract(actor=street_officer, project=award, starts_on=date(2027, 1, 1), ends_on=date(2028, 1, 1))
    assert "ends_on" in refused.value.fields


def test_all_checks_pass_and_the_community_step_opens(
    draft_contract, street_officer, community_officer, street_reviewers, django_capture_on_commit_callbacks
):
    contract = submit_and_run_checks(street_officer, draft_contract, django_capture_on_commit_callbacks)
    assert contract.status == C.IN_REVIEW, contract.returned_reasons
    checks = ContractCheck.objects.filter(contract=contract, round=1)
    assert checks.count() == 5 and set(checks.values_list("result", flat=True)) == {"passed"}
    steps = list(ReviewStep.objects.filter(contract=contract).order_by("position"))
    assert [(s.kind, s.status) for s in steps] == [
        ("community", "open"),
        ("legal", "waiting"),
        ("finance", "waiting"),
        ("leader", "waiting"),
    ]
    assert [s.assignee for s in steps] == [
        community_officer,
        street_reviewers["legal"],
        street_reviewers["finance"],
        street_reviewers["leader"],
    ]
    assert contract.current_assignee == community_officer and steps[0].due_on is not None


def test_a_step_whose_role_nobody_holds_goes_to_the_streets_staff(
    draft_contract, street_officer, community_officer, street_reviewers, django_capture_on_commit_callbacks
):
    from accounts.models import User

    User.objects.filter(pk=street_reviewers["finance"].pk).update(is_active=False)  # left the street office
    contract = submit_and_run_checks(street_officer, draft_contract, django_capture_on_commit_callbacks)
    steps = ReviewStep.objects.filter(contract=contract).order_by("position")
    assert [s.assignee for s in steps] == [
        community_officer,
        street_reviewers["legal"],
        street_officer,
        street_reviewers["leader"],
    ]


def test_a_failing_check_returns_the_contract_to_drafting_with_the_reasons(
    draft_contract, street_officer, django_capture_on_commit_callbacks
):
    contract_edit(
        actor=street_officer,
        contract=draft_contract,
        liability="",
        milestones=[MilestoneInput("首期", draft_contract.starts_on, Decimal("1000.00"))],
    )
    contract = submit_and_run_checks(street_officer, draft_contract, django_capture_on_commit_callbacks)
    assert contract.status == C.DRAFTING
    failed = dict(ContractCheck.objects.filter(contract=contract, result="failed").values_list("name", "reason"))
    assert set(failed) == {"clauses", "consistency"}
    assert "180000.00" in failed["consistency"]
    assert failed["clauses"] in contract.returned_reasons and not ReviewStep.objects.exists()


def test_an_unqualified_organisation_fails_its_check(
    draft_contract, street_officer, django_capture_on_commit_callbacks
):
    from organizations.models import AnnualReport

    AnnualReport.objects.filter(organization=draft_contract.organization).delete()
    contract = submit_and_run_checks(street_officer, draft_contract, django_capture_on_commit_callbacks)
    assert contract.status == C.DRAFTING
    assert ContractCheck.objects.get(contract=contract, name="qualification").result == "failed"


def test_each_check_delivered_twice_advances_the_contract_once(
    draft_contract, street_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        contract_submit(actor=street_officer, contract=draft_contract)
    jobs = list(Job.objects.filter(task_name="procurement.tasks.contract_check").order_by("id"))
    assert len(jobs) == 5
    # Each check's body runs twice (the message re-delivered after a lost ack), and so does each job.
    for job in jobs:
        assert contract_check_run(**job.kwargs) in ("waiting", "in_review", "settled")
        assert contract_check_run(**job.kwargs) in ("waiting", "settled")
        contract_check.apply(kwargs={"job_id": job.pk})
        contract_check.apply(kwargs={"job_id": job.pk})
    moves = AuditRecord.objects.filter(action="contract.checks_pass")
    assert moves.count() == 1
    assert ReviewStep.objects.filter(contract=draft_contract).count() == 4
    assert Contract.objects.get(pk=draft_contract.pk).status == C.IN_REVIEW


def test_a_round_whose_settle_never_ran_is_settled_by_the_sweep_exactly_once(
    draft_contract, street_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        contract_submit(actor=street_officer, contract=draft_contract)
    # As if every check stored its row and the worker died before settling.
    ContractCheck.objects.filter(contract=draft_contract).update(result="passed", reason="ok")
    assert Contract.objects.get(pk=draft_contract.pk).status == C.CHECKING
    assert contracts_checks_settle_due() == 1
    assert contracts_checks_settle_due() == 0
    assert Contract.objects.get(pk=draft_contract.pk).status == C.IN_REVIEW
    assert AuditRecord.objects.filter(action="contract.checks_pass").count() == 1


def _in_review(street_officer, draft_contract, capture):
    contract = submit_and_run_checks(street_officer, draft_contract, capture)
    assert contract.status == C.IN_REVIEW, contract.returned_reasons
    return contract


def test_four_steps_in_order_then_the_organisation_signs_and_the_project_is_contracted(
    draft_contract, street_officer, community_officer, street_reviewers, org_officer, django_capture_on_commit_callbacks
):
    contract = _in_review(street_officer, draft_contract, django_capture_on_commit_callbacks)
    # Out of turn: the finance reviewer cannot decide the community's step.
    with pytest.raises(NotAllowed):
        contract_review(actor=street_reviewers["finance"], contract=contract, decision="approve")
    for who in (community_officer, street_reviewers["legal"], street_reviewers["finance"], street_reviewers["leader"]):
        contract = contract_review(actor=who, contract=contract, decision="approve", comment="同意")
    assert contract.status == C.AWAITING_SIGNATURE and contract.current_assignee is None
    signed = []
    contract_signed_register(signed.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            contract = contract_sign(actor=org_officer, contract=contract)
    finally:
        _contract_signed.remove(signed.append)
    assert contract.status == C.ACTIVE and contract.original_price == contract.price
    assert contract.notice_published_at is not None
    assert signed == [contract.pk]
    assert set(contract.milestones.values_list("status", flat=True)) == {"scheduled"}
    assert Project.objects.get(pk=contract.project_id).status == Project.Status.CONTRACTED
    decided = list(ReviewStep.objects.filter(contract=contract).values_list("decided_by", flat=True))
    assert decided == [community_officer.pk, *(street_reviewers[k].pk for k in ("legal", "finance", "leader"))]


def test_a_rejection_returns_the_draft_and_resubmission_runs_a_new_round(
    draft_contract, street_officer, community_officer, street_reviewers, django_capture_on_commit_callbacks
):
    contract = _in_review(street_officer, draft_contract, django_capture_on_commit_callbacks)
    contract = contract_review(actor=community_officer, contract=contract, decision="approve")
    with pytest.raises(DomainError):
        contract_review(actor=street_reviewers["legal"], contract=contract, decision="reject", comment="")
    contract = contract_review(
        actor=street_reviewers["legal"], contract=contract, decision="reject", comment="违约条款不明确"
    )
    assert contract.status == C.DRAFTING and contract.returned_reasons == "违约条款不明确"
    assert list(ReviewStep.objects.filter(contract=contract).values_list("status", flat=True)) == [
        "approved",
        "rejected",
        "cancelled",
        "cancelled",
    ]
    contract_edit(actor=street_officer, contract=contract, liability="逾期一日扣减服务费千分之二。")
    contract = submit_and_run_checks(street_officer, contract, django_capture_on_commit_callbacks)
    assert contract.round == 2 and contract.status == C.IN_REVIEW
    assert ContractCheck.objects.filter(contract=contract, round=2).count() == 5
    assert contract.current_assignee == community_officer


def test_nobody_edits_a_contract_under_review(
    api_as, draft_contract, street_officer, django_capture_on_commit_callbacks
):
    contract = _in_review(street_officer, draft_contract, django_capture_on_commit_callbacks)
    response = api_as(street_officer).patch(
        reverse("api:contract-detail", kwargs={"pk": contract.pk}), {"quantity": "改"}, format="json"
    )
    assert response.status_code == 409, response.content
    assert error_of(response)["code"] == "wrong_state"
    assert Contract.objects.get(pk=contract.pk).quantity == draft_contract.quantity


def test_the_sign_step_belongs_to_the_organisation(
    draft_contract,
    street_officer,
    community_officer,
    street_reviewers,
    rival_org_officer,
    django_capture_on_commit_callbacks,
):
    contract = _in_review(street_officer, draft_contract, django_capture_on_commit_callbacks)
    with pytest.raises(Conflict):
        contract_sign(actor=contract.organization.staff_memberships.first().user, contract=contract)
    for who in (community_officer, street_reviewers["legal"], street_reviewers["finance"], street_reviewers["leader"]):
        contract = contract_review(actor=who, contract=contract, decision="approve")
    with pytest.raises(NotAllowed):
        contract_sign(actor=street_officer, contract=contract)
    with pytest.raises(NotAllowed):
        contract_sign(actor=rival_org_officer, contract=contract)
