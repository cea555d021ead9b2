"""The purchase project after the contract: no contract before the standstill ends; in service
once the term starts (at signing or by the hourly sweep); accepted when the community completes
the contract; closed by the street once every met milestone is paid, or with the reason when the
contract is terminated; and a re-award ends the old winner's unsigned contract."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.errors import Conflict
from core.models import AuditRecord
from procurement.actions.budgets import budget_commit
from procurement.actions.contracts import contract_sign, contract_submit
from procurement.actions.delivery import contract_evaluate, milestone_decide, payment_record
from procurement.actions.evaluation import project_reaward
from procurement.actions.projects import project_open
from procurement.actions.review import contract_review
from procurement.models import Bid, Contract, Project, ReviewStep
from procurement.tasks import contract_review_sweep
from tests.factories import OrganizationFactory, user_with_role
from tests.helpers import error_of
from tests.procurement.factories import make_bid, make_contract, make_qualified, pass_deadline

C = Contract.Status
P = Project.Status


def _through_review(contract, *, street_officer, community_officer, street_reviewers, capture):
    with capture(execute=True), transaction.atomic():
        contract_submit(actor=street_officer, contract=contract)
    contract.refresh_from_db()
    for who in (community_officer, *street_reviewers.values()):
        contract = contract_review(actor=who, contract=contract, decision="approve")
    return contract


@pytest.fixture
def signed(street_officer, community_officer, street_reviewers, org_officer, award, django_capture_on_commit_callbacks):
    """A factory: the award's contract through review and signed, its term starting on `starts_on`."""

    def make(starts_on):
        contract = make_contract(actor=street_officer, project=award, starts_on=starts_on)
        contract = _through_review(
            contract,
            street_officer=street_officer,
            community_officer=community_officer,
            street_reviewers=street_reviewers,
            capture=django_capture_on_commit_callbacks,
        )
        return contract_sign(actor=org_officer, contract=contract)

    return make


@pytest.fixture
def in_service(signed):
    return signed(timezone.localdate())


def _project(contract) -> Project:
    return Project.objects.get(pk=contract.project_id)


def _moves(obj_type: str, pk: int) -> list[str]:
    return list(AuditRecord.objects.filter(object_type=obj_type, object_id=str(pk)).values_list("action", flat=True))


# --- The standstill --------------------------------------------------------------------------------


def test_no_contract_is_drafted_before_the_standstill_has_ended(api_as, street_officer, award, time_machine):
    last_day = timezone.localdate() + timedelta(days=3)
    Project.objects.filter(pk=award.pk).update(standstill_until=last_day)
    url = reverse("api:contract-list")
    response = api_as(street_officer).post(url, {"project": award.pk})
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "standstill_running" and last_day.isoformat() in error["message"]
    assert "公示" in error["message"]  # in Chinese, like the rest of the API
    # The last day of the standstill still hears complaints: still refused.
    time_machine.move_to(timezone.make_aware(timezone.datetime.combine(last_day, timezone.datetime.min.time())))
    with pytest.raises(Conflict):
        make_contract(actor=street_officer, project=award)
    time_machine.move_to(timezone.now() + timedelta(days=1))
    assert make_contract(actor=street_officer, project=award).status == C.DRAFTING
    assert not Contract.objects.exclude(project=award).exists()


def test_the_project_page_offers_the_draft_only_after_the_standstill(page_as, street_officer, award):
    url = reverse("procurement:project-detail", kwargs={"pk": award.pk})
    assert 'data-testid="project-draft-contract"' in page_as(street_officer).get(url).content.decode()
    Project.objects.filter(pk=award.pk).update(standstill_until=timezone.localdate())
    assert 'data-testid="project-draft-contract"' not in page_as(street_officer).get(url).content.decode()


# --- In service -------------------------------------------------------------------------------------


def test_signing_a_contract_whose_term_has_started_puts_the_project_in_service(in_service):
    project = _project(in_service)
    assert project.status == P.IN_SERVICE
    assert _moves("procurement.project", project.pk)[-2:] == ["project.contract", "project.start_service"]


def test_a_later_term_goes_into_service_by_the_hourly_sweep_once(signed, time_machine):
    contract = signed(timezone.localdate() + timedelta(days=2))
    assert _project(contract).status == P.CONTRACTED
    assert contract_review_sweep()["in_service"] == 0
    time_machine.move_to(timezone.now() + timedelta(days=2))
    assert contract_review_sweep()["in_service"] == 1
    assert _project(contract).status == P.IN_SERVICE
    # Delivered twice (a retried beat), it moves nothing twice.
    assert contract_review_sweep()["in_service"] == 0
    assert _moves("procurement.project", contract.project_id).count("project.start_service") == 1


# --- Accepted ---------------------------------------------------------------------------------------


def test_the_community_completes_the_contract_once_every_milestone_is_decided_and_evaluated(
    api_as, page_as, in_service, community_officer, street_officer, org_officer
):
    url = reverse("api:contract-complete", kwargs={"pk": in_service.pk})
    assert api_as(street_officer).post(url, {}).status_code == 403
    assert api_as(org_officer).post(url, {}).status_code == 403
    refused = api_as(community_officer).post(url, {})
    assert refused.status_code == 409 and error_of(refused)["code"] == "contract_unfinished"
    detail = reverse("procurement:contract-detail", kwargs={"pk": in_service.pk})
    page = page_as(community_officer).get(detail).content.decode()
    assert 'data-testid="contract-complete-blocked"' in page and 'data-testid="contract-complete"' not in page
    first, second = in_service.milestones.order_by("position")
    milestone_decide(actor=community_officer, milestone=first, met=True)
    milestone_decide(actor=community_officer, milestone=second, met=False, comment="末期服务未达标")
    refused = api_as(community_officer).post(url, {})
    assert refused.status_code == 409 and "绩效评价" in error_of(refused)["message"]
    contract_evaluate(actor=community_officer, contract=in_service, assessment=Decimal("80"))
    assert 'data-testid="contract-complete"' in page_as(community_officer).get(detail).content.decode()
    response = api_as(community_officer).post(url, {"comment": "验收合格"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == C.COMPLETED
    project = _project(in_service)
    assert project.status == P.ACCEPTED
    record = AuditRecord.objects.filter(action="project.accept").get()
    assert (record.actor_id, record.from_state, record.to_state) == (community_officer.pk, "in_service", "accepted")
    assert api_as(community_officer).post(url, {}).status_code == 409


def test_a_contract_is_not_completed_before_its_term_starts(api_as, signed, community_officer):
    starts_on = timezone.localdate() + timedelta(days=5)
    contract = signed(starts_on)
    response = api_as(community_officer).post(reverse("api:contract-complete", kwargs={"pk": contract.pk}), {})
    assert response.status_code == 409 and starts_on.isoformat() in error_of(response)["message"]
    assert Contract.objects.get(pk=contract.pk).status == C.ACTIVE


# --- Closed -----------------------------------------------------------------------------------------


def test_the_street_closes_an_accepted_project_once_every_met_milestone_is_paid(
    api_as, page_as, in_service, community_officer, street_officer, district_admin
):
    first, second = in_service.milestones.order_by("position")
    milestone_decide(actor=community_officer, milestone=first, met=True)
    milestone_decide(actor=community_officer, milestone=second, met=True)
    contract_evaluate(actor=community_officer, contract=in_service, assessment=Decimal("90"))
    api_as(community_officer).post(reverse("api:contract-complete", kwargs={"pk": in_service.pk}), {})
    project = _project(in_service)
    url = reverse("api:project-close", kwargs={"pk": project.pk})
    payment_record(actor=street_officer, milestone=first, amount=first.amount)
    refused = api_as(street_officer).post(url, {"comment": "服务完成，结项"})
    assert refused.status_code == 409
    error = error_of(refused)
    assert error["code"] == "milestones_unpaid" and str(second.amount) in error["message"] and "付" in error["message"]
    page = page_as(street_officer).get(reverse("procurement:project-detail", kwargs={"pk": project.pk}))
    assert 'data-testid="project-close-blocked"' in page.content.decode()
    payment_record(actor=street_officer, milestone=second, amount=second.amount)
    assert api_as(district_admin).post(url, {"comment": "结项"}).status_code == 403
    assert api_as(community_officer).post(url, {"comment": "结项"}).status_code == 403
    blank = api_as(street_officer).post(url, {"comment": " "})
    assert blank.status_code == 400 and "comment" in error_of(blank)["fields"]
    response = api_as(street_officer).post(url, {"comment": "服务完成，款项付清，结项。"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["closing_note"]) == (P.CLOSED, "服务完成，款项付清，结项。")
    assert AuditRecord.objects.filter(action="project.close", actor=street_officer).count() == 1
    page = page_as(street_officer).get(reverse("procurement:project-detail", kwargs={"pk": project.pk}))
    assert "服务完成，款项付清，结项。" in page.content.decode()
    assert api_as(street_officer).post(url, {"comment": "再次结项"}).status_code == 409


def test_a_not_met_milestone_is_not_owed_at_closing(in_service, community_officer, street_officer):
    from procurement.actions.contracts import contract_complete, project_close

    first, second = in_service.milestones.order_by("position")
    milestone_decide(actor=community_officer, milestone=first, met=True)
    milestone_decide(actor=community_officer, milestone=second, met=False, comment="未完成")
    contract_evaluate(actor=community_officer, contract=in_service, assessment=Decimal("60"))
    contract_complete(actor=community_officer, contract=in_service)
    payment_record(actor=street_officer, milestone=first, amount=first.amount)
    line = _project(in_service).budget_line
    line.refresh_from_db()
    committed_before = line.committed
    assert project_close(actor=street_officer, project=_project(in_service), comment="结项").status == P.CLOSED
    # The not-met milestone's money was never paid: it goes back to the line at the close.
    line.refresh_from_db()
    assert line.committed == committed_before - second.amount
    assert line.paid == first.amount
    assert AuditRecord.objects.filter(action="budget_line.release", object_id=str(line.pk)).count() == 1


def test_terminating_the_contract_closes_the_project_with_the_reason(
    api_as, page_as, in_service, street_officer, community_officer
):
    detail = reverse("procurement:contract-detail", kwargs={"pk": in_service.pk})
    assert 'data-testid="contract-terminate"' in page_as(street_officer).get(detail).content.decode()
    assert 'data-testid="contract-terminate"' not in page_as(community_officer).get(detail).content.decode()
    url = reverse("api:contract-terminate", kwargs={"pk": in_service.pk})
    assert api_as(community_officer).post(url, {"comment": "x"}).status_code == 403
    blank = api_as(street_officer).post(url, {})
    assert blank.status_code == 400 and "comment" in error_of(blank)["fields"]
    response = api_as(street_officer).post(url, {"comment": "承接机构严重违约"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == C.TERMINATED
    project = _project(in_service)
    assert (project.status, project.closing_note) == (P.CLOSED, "承接机构严重违约")
    record = AuditRecord.objects.filter(action="project.terminate").get()
    assert (record.actor_id, record.from_state, record.reason) == (street_officer.pk, "in_service", "承接机构严重违约")
    assert api_as(street_officer).post(url, {"comment": "再次"}).status_code == 409
    # Nothing was paid: the whole commitment goes back to the line.
    line = project.budget_line
    line.refresh_from_db()
    assert (line.committed, line.paid) == (Decimal("0.00"), Decimal("0.00"))


def test_the_pages_complete_and_terminate(page_as, in_service, street_officer, community_officer):
    terminate = reverse("procurement:contract-terminate", kwargs={"pk": in_service.pk})
    street = page_as(street_officer)
    assert street.get(terminate).status_code == 200
    assert street.post(terminate, {"comment": ""}).status_code == 200  # the reason is asked for again
    assert Contract.objects.get(pk=in_service.pk).status == C.ACTIVE
    complete = reverse("procurement:contract-complete", kwargs={"pk": in_service.pk})
    assert page_as(community_officer).post(complete, {}).status_code == 200  # the 409's message beside the form
    assert street.post(terminate, {"comment": "机构注销"}).status_code == 302
    assert _project(in_service).status == P.CLOSED


# --- Re-award while a contract is drafting -------------------------------------------------------------


@pytest.fixture
def two_ranked(
    street_officer, published, line, nanqiao, org_officer, qualified_muling, rival_org_officer, qualified_rival
):
    """The published project opened with three bids, awarded to 睦林 (first), the rival second."""
    third_org = make_qualified(OrganizationFactory(name="第三家社工中心", community=nanqiao))
    third = user_with_role("org_third", "organization_staff", third_org)
    first = make_bid(actor=org_officer, project=published, organization=qualified_muling, price="150000.00")
    second = make_bid(actor=rival_org_officer, project=published, organization=qualified_rival, price="160000.00")
    last = make_bid(actor=third, project=published, organization=third_org, price="190000.00")
    pass_deadline(published)
    project = project_open(project_id=published.pk)
    for rank, bid in enumerate((first, second, last), start=1):
        Bid.objects.filter(pk=bid.pk).update(rank=rank)
    budget_commit(actor=street_officer, line=line, amount=Decimal("150000.00"), project=project)
    Project.objects.filter(pk=project.pk).update(
        status=P.AWARDED,
        awarded_bid=first,
        awarded_at=timezone.now(),
        standstill_until=timezone.localdate() - timedelta(days=1),
    )
    project.refresh_from_db()
    return project


@pytest.mark.parametrize("how_far", ["drafting", "in_review", "awaiting_signature"])
def test_a_re_award_ends_the_old_winners_unsigned_contract_so_the_new_winner_gets_one(
    how_far,
    two_ranked,
    street_officer,
    community_officer,
    street_reviewers,
    qualified_rival,
    time_machine,
    django_capture_on_commit_callbacks,
):
    old = make_contract(actor=street_officer, project=two_ranked)
    if how_far != "drafting":
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            contract_submit(actor=street_officer, contract=old)
        old.refresh_from_db()
        reviewers = (community_officer, *street_reviewers.values())
        for who in reviewers if how_far == "awaiting_signature" else reviewers[:1]:
            old = contract_review(actor=who, contract=old, decision="approve")
    assert old.status == how_far
    project = project_reaward(actor=street_officer, project=two_ranked, comment="睦林书面放弃中标")
    old.refresh_from_db()
    assert (old.status, old.current_assignee_id) == (C.TERMINATED, None)
    record = AuditRecord.objects.filter(action="contract.supersede").get()
    assert record.from_state == how_far and "睦林书面放弃中标" in record.reason
    assert not ReviewStep.objects.filter(contract=old, status__in=["waiting", "open"]).exists()
    # The new winner's contract waits for the new standstill, then is drafted.
    assert project.awarded_bid.organization_id == qualified_rival.pk
    with pytest.raises(Conflict):
        make_contract(actor=street_officer, project=project)
    time_machine.move_to(
        timezone.make_aware(
            timezone.datetime.combine(project.standstill_until + timedelta(days=1), timezone.datetime.min.time())
        )
    )
    new = make_contract(actor=street_officer, project=project)
    assert (new.status, new.organization_id) == (C.DRAFTING, qualified_rival.pk)


def test_a_re_award_rolls_back_whole_when_no_bid_follows(street_officer, award, draft_contract):
    # The only bid: nothing to pass the award to; the contract stays as it was.
    Bid.objects.filter(pk=award.awarded_bid_id).update(rank=1)
    with pytest.raises(Conflict):
        project_reaward(actor=street_officer, project=award, comment="放弃")
    draft_contract.refresh_from_db()
    assert draft_contract.status == C.DRAFTING


def test_on_the_terms_first_day_the_community_completes_before_the_sweep_has_run(
    signed, community_officer, time_machine
):
    from procurement.actions.contracts import contract_complete

    contract = signed(timezone.localdate() + timedelta(days=1))
    time_machine.move_to(timezone.now() + timedelta(days=1))
    assert _project(contract).status == P.CONTRACTED  # the sweep has not run yet
    for milestone in contract.milestones.all():
        milestone_decide(actor=community_officer, milestone=milestone, met=True)
    contract_evaluate(actor=community_officer, contract=contract, assessment=Decimal("85"))
    assert contract_complete(actor=community_officer, contract=contract).status == C.COMPLETED
    assert _moves("procurement.project", contract.project_id)[-2:] == ["project.start_service", "project.accept"]


def test_an_accepted_project_waits_on_the_purchasing_desk_until_closed(
    page_as, in_service, community_officer, street_officer
):
    from procurement.actions.contracts import contract_complete

    for m in in_service.milestones.all():
        milestone_decide(actor=community_officer, milestone=m, met=False, comment="未达标")
    contract_evaluate(actor=community_officer, contract=in_service, assessment=Decimal("50"))
    contract_complete(actor=community_officer, contract=in_service)
    desk = page_as(street_officer).get(reverse("procurement:purchasing-desk")).content.decode()
    assert "已验收：付清款项并结项" in desk and in_service.project.title in desk
