"""The gate and the lifecycle of task requests, through the actions."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.errors import Conflict, DomainError, NotAllowed
from core.models import AuditRecord
from services.actions.task_requests import (
    task_accept,
    task_appeal,
    task_appeal_decide,
    task_complete,
    task_refuse,
    task_rejudge,
)
from services.models import DutyList, TaskAssignment, TaskRequest
from services.states import TASK_ASSIGNMENT
from tests.services.conftest import make_list, send_task

S = TaskAssignment.Status
O = TaskAssignment.Outcome  # noqa: E741


def only(task) -> TaskAssignment:
    return TaskAssignment.objects.get(task=task)


def test_a_committee_item_means_the_community_must_accept(duty, dept_officer, nanqiao):
    task = send_task(dept_officer, [nanqiao], [duty.committee_item])
    assert (only(task).outcome, only(task).status) == (O.MUST_ACCEPT, S.PENDING)


def test_a_party_item_means_the_community_must_accept(duty, dept_officer, nanqiao):
    task = send_task(dept_officer, [nanqiao], [duty.party_item])
    assert only(task).outcome == O.MUST_ACCEPT


def test_an_assisting_item_routes_the_task_to_purchase(duty, dept_officer, nanqiao):
    task = send_task(dept_officer, [nanqiao], [duty.assisting_item], funding="12000.00")
    assignment = only(task)
    assert (assignment.outcome, assignment.status) == (O.REQUIRES_PURCHASE, S.ROUTED_TO_PURCHASE)
    assert task.funding == Decimal("12000.00")


def test_a_statutory_item_wins_over_an_assisting_one(duty, dept_officer, nanqiao):
    task = send_task(dept_officer, [nanqiao], [duty.assisting_item, duty.committee_item])
    assert only(task).outcome == O.MUST_ACCEPT


def test_no_item_means_the_community_may_refuse(duty, dept_officer, nanqiao):
    task = send_task(dept_officer, [nanqiao])
    assert (only(task).outcome, only(task).status) == (O.MAY_REFUSE, S.PENDING)


def test_the_gate_records_every_list_version_in_force(duty, dept_officer, nanqiao):
    task = send_task(dept_officer, [nanqiao])
    assert set(only(task).judged_lists.all()) == {duty.committee, duty.party, duty.assisting}


def test_each_receiving_community_gets_its_own_answer(duty, dept_officer, nanqiao, sanhe, yulin_east):
    task = send_task(dept_officer, [nanqiao, sanhe, yulin_east])
    assert task.assignments.count() == 3


def test_a_street_office_sends_only_to_its_own_communities(duty, street_officer, nanqiao, yulin_east):
    with pytest.raises(DomainError) as caught:
        send_task(street_officer, [nanqiao, yulin_east])
    assert "communities" in caught.value.fields
    assert not TaskRequest.objects.exists()
    task = send_task(street_officer, [nanqiao])
    assert task.sender_street.name == "华兴街道"


def test_a_community_cannot_send_tasks(duty, community_officer, nanqiao):
    with pytest.raises(NotAllowed):
        send_task(community_officer, [nanqiao])
    assert not TaskRequest.objects.exists()


def test_it_refuses_a_past_deadline_a_negative_sum_and_an_empty_title(duty, dept_officer, nanqiao):
    with pytest.raises(DomainError) as caught:
        send_task(dept_officer, [nanqiao], title=" ", deadline=timezone.localdate() - timedelta(days=1), funding="-1")
    assert set(caught.value.fields) == {"title", "deadline", "funding"}
    assert not TaskRequest.objects.exists() and not AuditRecord.objects.exists()


def test_it_refuses_to_claim_an_item_of_a_superseded_list(duty, dept_officer, nanqiao):
    old, old_items = make_list(DutyList.Kind.COMMITTEE, version=0, status=DutyList.Status.SUPERSEDED)
    with pytest.raises(DomainError) as caught:
        send_task(dept_officer, [nanqiao], old_items)
    assert "claimed_items" in caught.value.fields
    assert not TaskRequest.objects.exists()


def test_the_community_accepts_a_listed_task(duty, dept_officer, community_officer, nanqiao):
    task = send_task(dept_officer, [nanqiao], [duty.committee_item])
    assignment = task_accept(actor=community_officer, task=task)
    assert assignment.status == S.ACCEPTED and assignment.accepted_at
    record = AuditRecord.objects.get(action="task_assignment.accept")
    assert (record.from_state, record.to_state, record.actor_id) == (S.PENDING, S.ACCEPTED, community_officer.pk)


def test_refusing_a_listed_task_is_a_conflict_and_changes_nothing(duty, dept_officer, community_officer, nanqiao):
    task = send_task(dept_officer, [nanqiao], [duty.committee_item])
    audits = AuditRecord.objects.count()
    with pytest.raises(Conflict) as caught:
        task_refuse(actor=community_officer, task=task, comment="人手不足")
    assert "必须接受" in caught.value.message
    assignment = only(task)
    assert (assignment.status, assignment.refusal_reason, assignment.refused_at) == (S.PENDING, "", None)
    assert AuditRecord.objects.count() == audits


def test_a_task_routed_to_purchase_is_neither_accepted_nor_refused(duty, dept_officer, community_officer, nanqiao):
    task = send_task(dept_officer, [nanqiao], [duty.assisting_item])
    with pytest.raises(Conflict):
        task_refuse(actor=community_officer, task=task, comment="没有经费")
    with pytest.raises(Conflict):
        task_accept(actor=community_officer, task=task)
    assert only(task).status == S.ROUTED_TO_PURCHASE


def test_a_refusal_needs_a_reason(duty, dept_officer, community_officer, nanqiao):
    task = send_task(dept_officer, [nanqiao])
    with pytest.raises(DomainError) as caught:
        task_refuse(actor=community_officer, task=task, comment="  ")
    assert "comment" in caught.value.fields
    assert only(task).status == S.PENDING


def test_another_community_cannot_answer(duty, dept_officer, other_community_officer, nanqiao):
    task = send_task(dept_officer, [nanqiao])
    with pytest.raises(NotAllowed):
        task_refuse(actor=other_community_officer, task=task, comment="不归我们管", community_id=nanqiao.pk)
    assert only(task).status == S.PENDING


def test_refusal_appeal_and_overturn_make_the_community_do_it(
    duty, dept_officer, community_officer, district_admin, nanqiao
):
    task = send_task(dept_officer, [nanqiao])
    task_refuse(actor=community_officer, task=task, comment="不在清单内，且无经费")
    with pytest.raises(NotAllowed):
        task_appeal(actor=community_officer, task=task, comment="?")
    task_appeal(actor=dept_officer, task=task, comment="涉及就业补贴发放，时间紧")
    with pytest.raises(NotAllowed):
        task_appeal_decide(actor=dept_officer, task=task, decision="overturn", comment="?")
    assignment = task_appeal_decide(actor=district_admin, task=task, decision="overturn", comment="属临时紧急事项")
    assert assignment.status == S.OVERTURNED and assignment.appeal_decided_by == district_admin
    assert task_complete(actor=community_officer, task=task).status == S.COMPLETED
    actions = list(AuditRecord.objects.filter(object_type="services.taskassignment").values_list("action", flat=True))
    assert actions == [
        "task_assignment.send",
        "task_assignment.refuse",
        "task_assignment.appeal",
        "task_assignment.decide_appeal",
        "task_assignment.complete",
    ]


def test_the_district_may_uphold_a_refusal_and_its_decision_is_final(
    duty, dept_officer, community_officer, district_admin, nanqiao
):
    task = send_task(dept_officer, [nanqiao])
    task_refuse(actor=community_officer, task=task, comment="不在清单内")
    task_appeal(actor=dept_officer, task=task, comment="请重新考虑")
    task_appeal_decide(actor=district_admin, task=task, decision="uphold", comment="不属于社区职责")
    assert only(task).status == S.REFUSAL_UPHELD
    with pytest.raises(Conflict):
        task_appeal(actor=dept_officer, task=task, comment="再次申诉")
    with pytest.raises(Conflict):
        task_appeal_decide(actor=district_admin, task=task, decision="overturn", comment="改判")
    assert only(task).status == S.REFUSAL_UPHELD


def test_a_decision_needs_a_choice_and_reasons(duty, dept_officer, community_officer, district_admin, nanqiao):
    task = send_task(dept_officer, [nanqiao])
    task_refuse(actor=community_officer, task=task, comment="不在清单内")
    task_appeal(actor=dept_officer, task=task, comment="请重新考虑")
    with pytest.raises(DomainError) as caught:
        task_appeal_decide(actor=district_admin, task=task, decision="maybe", comment="")
    assert set(caught.value.fields) == {"decision", "comment"}
    assert only(task).status == S.APPEALED


def test_the_district_corrects_the_matching_and_the_audit_keeps_both_outcomes(
    duty, dept_officer, district_admin, nanqiao
):
    task = send_task(dept_officer, [nanqiao])
    task_rejudge(actor=district_admin, task=task, claimed_item_ids=[duty.assisting_item.pk], comment="属协助事项")
    assert only(task).status == S.ROUTED_TO_PURCHASE
    record = AuditRecord.objects.get(action="task_assignment.rejudge", object_type="services.taskassignment")
    assert (record.data["from_outcome"], record.data["to_outcome"]) == (O.MAY_REFUSE, O.REQUIRES_PURCHASE)
    assert record.reason == "属协助事项"


def test_only_the_district_corrects_the_matching(duty, dept_officer, nanqiao):
    task = send_task(dept_officer, [nanqiao])
    with pytest.raises(NotAllowed):
        task_rejudge(actor=dept_officer, task=task, claimed_item_ids=[duty.committee_item.pk], comment="改")
    assert only(task).outcome == O.MAY_REFUSE


def test_a_superseded_list_keeps_old_decisions_readable(duty, dept_officer, community_officer, nanqiao):
    task = send_task(dept_officer, [nanqiao], [duty.committee_item])
    task_accept(actor=community_officer, task=task)
    # A new version of the committee list supersedes the one the task was judged under.
    DutyList.objects.filter(pk=duty.committee.pk).update(status=DutyList.Status.SUPERSEDED)
    new, _items = make_list(DutyList.Kind.COMMITTEE, version=2, items=2)
    DutyList.objects.filter(pk=duty.committee.pk).update(superseded_by=new)
    assignment = only(task)
    assert duty.committee in assignment.judged_lists.all()
    assert new not in assignment.judged_lists.all()
    assert list(task.claimed_items.all()) == [duty.committee_item]
    assert assignment.outcome == O.MUST_ACCEPT


def test_every_transition_of_the_table_is_reachable_by_an_action():
    actions = set(TASK_ASSIGNMENT.actions())
    assert actions == {"send", "accept", "refuse", "appeal", "decide_appeal", "complete", "rejudge"}
