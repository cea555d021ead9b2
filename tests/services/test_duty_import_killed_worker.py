"""A worker killed (SIGKILL) in the middle of a large import: the job's heartbeat stops, the sweep
re-sends it within seconds here (minutes in production), a new worker runs it, and the list is
created exactly once, whole.

Needs a real worker on Redis and PostgreSQL, e.g.:

    CELERY_BROKER_URL=redis://127.0.0.1:6379/7 REQUIRE_WORKER=1 \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wuhou_hardenb \\
    .venv/bin/pytest -m worker tests/services/test_duty_import_killed_worker.py
"""

import os
import signal
import time

import pytest

from core.jobs import jobs_sweep
from core.models import Job
from services.models import DutyList, DutyListImport
from tests.services.duties_support import csv_upload, item_rows, upload_form
from tests.worker import WorkerProcess, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROWS = 10_000
APPLY_JOB = "services.tasks_duties.duty_import_apply_job"


@pytest.fixture
def fast_heartbeat(monkeypatch, settings):
    # Read by the worker subprocesses (environment) and by the sweep run here (settings).
    monkeypatch.setenv("JOB_HEARTBEAT_SECONDS", "1")
    monkeypatch.setenv("JOB_HEARTBEAT_STALE_SECONDS", "4")
    settings.JOB_HEARTBEAT_SECONDS, settings.JOB_HEARTBEAT_STALE_SECONDS = 1, 4


def test_an_import_whose_worker_is_killed_finishes_exactly_once_on_a_new_worker(
    fast_heartbeat, worker, district_admin, page_as
):
    client = page_as(district_admin)
    client.post(
        "/duty-lists/import/",
        upload_form(items=ROWS, categories=14, upload=csv_upload(item_rows(ROWS, categories=14))),
    )
    duty_import = DutyListImport.objects.get()
    lists_before = DutyList.objects.count()
    second = None
    try:
        wait_for(
            lambda: DutyListImport.objects.get(pk=duty_import.pk).status == "validated",
            what="the validation job",
            worker=worker,
            timeout=120,
        )
        client.post(f"/duty-lists/imports/{duty_import.pk}/confirm/")
        job = Job.objects.get(task_name=APPLY_JOB)
        wait_for(
            lambda: Job.objects.filter(pk=job.pk, heartbeat_at__isnull=False).exists(),
            what="the import job to start",
            worker=worker,
        )
        os.killpg(worker.process.pid, signal.SIGKILL)  # mid-import: no warm shutdown, no ack
        worker.process.wait(timeout=10)
        assert DutyListImport.objects.get(pk=duty_import.pk).status == "running", "killed too late to prove it"
        assert DutyList.objects.count() == lists_before  # never half a list: the import is one transaction

        second = WorkerProcess()
        second.wait_until_it_answers()
        time.sleep(5)  # the killed run's heartbeat goes stale
        assert jobs_sweep() == 1
        wait_for(
            lambda: DutyListImport.objects.get(pk=duty_import.pk).status == "done",
            what="the re-sent import",
            worker=second,
            timeout=120,
        )
        duty_import.refresh_from_db()
        assert DutyList.objects.count() == lists_before + 1
        assert duty_import.result_list.items.count() == ROWS
        job.refresh_from_db()
        assert (job.state, job.attempts) == (Job.State.DONE, 2)
        assert jobs_sweep() == 0
    finally:
        if second:
            second.stop()
        duty_import.file.delete(save=False)
