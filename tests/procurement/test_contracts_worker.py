"""The contract review on a REAL worker (a subprocess) on PostgreSQL and Redis: from submission
through the automated checks and the four human steps to active; and a worker killed (SIGKILL)
while the checks run, after which the contract still advances exactly once.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wuhou_contracts CELERY_BROKER_URL=redis://127.0.0.1:6379/11 \\
        REQUIRE_WORKER=1 .venv/bin/pytest -m worker tests/procurement

or on the `make run` defaults: WORKER_TESTS_SQLITE=1 VAR_DIR=$(mktemp -d) REQUIRE_WORKER=1.
"""

from __future__ import annotations

import os
import signal
import time

import pytest
from django.db import transaction

from core.jobs import jobs_sweep
from core.models import AuditRecord, Job
from procurement.actions.contracts import contract_sign, contract_submit
from procurement.actions.review import contract_review
from procurement.models import Contract, ContractCheck, Project, ReviewStep
from tests.worker import WorkerProcess, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

CHECK_JOB = "procurement.tasks.contract_check"


def _status(contract) -> str:
    return Contract.objects.get(pk=contract.pk).status


def test_a_contract_goes_from_submission_through_the_checks_and_four_steps_to_active(
    draft_contract, street_officer, community_officer, street_reviewers, org_officer, worker
):
    with transaction.atomic():
        contract_submit(actor=street_officer, contract=draft_contract)

    wait_for(lambda: _status(draft_contract) != "checking", what="the checks to settle", worker=worker, timeout=60)
    contract = Contract.objects.get(pk=draft_contract.pk)
    assert contract.status == "in_review", contract.returned_reasons
    assert set(ContractCheck.objects.filter(contract=contract).values_list("result", flat=True)) == {"passed"}
    jobs = Job.objects.filter(task_name=CHECK_JOB)
    assert [(j.state, j.attempts) for j in jobs] == [("done", 1)] * 5

    for who in (community_officer, street_reviewers["legal"], street_reviewers["finance"], street_reviewers["leader"]):
        contract = contract_review(actor=who, contract=contract, decision="approve", comment="同意")
    contract = contract_sign(actor=org_officer, contract=contract)
    assert contract.status == "active"
    assert Project.objects.get(pk=contract.project_id).status == Project.Status.CONTRACTED
    assert AuditRecord.objects.filter(action="contract.checks_pass").count() == 1
    assert ReviewStep.objects.filter(contract=contract, status="approved").count() == 4


@pytest.fixture
def slow_checks_and_fast_heartbeat(monkeypatch, settings):
    # Read by the worker subprocesses (environment) and by the sweep run here (settings).
    monkeypatch.setenv("CONTRACT_CHECK_DELAY_SECONDS", "2")
    monkeypatch.setenv("JOB_HEARTBEAT_SECONDS", "1")
    monkeypatch.setenv("JOB_HEARTBEAT_STALE_SECONDS", "4")
    settings.JOB_HEARTBEAT_SECONDS, settings.JOB_HEARTBEAT_STALE_SECONDS = 1, 4


def test_a_worker_killed_while_the_checks_run_still_advances_the_contract_exactly_once(
    slow_checks_and_fast_heartbeat, draft_contract, street_officer, community_officer, street_reviewers, worker
):
    with transaction.atomic():
        contract_submit(actor=street_officer, contract=draft_contract)
    wait_for(
        lambda: Job.objects.filter(task_name=CHECK_JOB, heartbeat_at__isnull=False).exists(),
        what="a check to start",
        worker=worker,
    )
    killed_job = Job.objects.get(task_name=CHECK_JOB, heartbeat_at__isnull=False)
    os.killpg(worker.process.pid, signal.SIGKILL)  # mid-check: no warm shutdown, no ack
    worker.process.wait(timeout=10)
    assert _status(draft_contract) == "checking", "killed too late to prove it"
    assert Job.objects.get(pk=killed_job.pk).state == "pending"

    second = WorkerProcess()
    try:
        second.wait_until_it_answers()
        time.sleep(5)  # the killed run's heartbeat goes stale
        assert jobs_sweep() >= 1
        wait_for(
            lambda: not Job.objects.filter(task_name=CHECK_JOB, state="pending").exists(),
            what="every check job to finish",
            worker=second,
            timeout=90,
        )
        wait_for(lambda: _status(draft_contract) == "in_review", what="the contract to advance", worker=second)
        assert AuditRecord.objects.filter(action="contract.checks_pass").count() == 1
        assert ReviewStep.objects.filter(contract=draft_contract).count() == 4
        assert ContractCheck.objects.filter(contract=draft_contract, result="passed").count() == 5
        killed_job.refresh_from_db()
        assert (killed_job.state, killed_job.attempts) == ("done", 2)
        assert jobs_sweep() == 0
        contract = contract_review(
            actor=community_officer, contract=Contract.objects.get(pk=draft_contract.pk), decision="approve"
        )
        assert contract.current_assignee == street_reviewers["legal"]
    finally:
        second.stop()
