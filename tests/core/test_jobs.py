from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from core.jobs import MAX_DISPATCHES, job_dispatch, job_enqueue, jobs_sweep
from core.models import Job
from core.tasks import noop_job
from tests.factories import JobFactory


@pytest.mark.django_db(transaction=True)
def test_a_job_runs_only_after_its_transaction_commits():
    with transaction.atomic():
        job = job_enqueue(task_name=noop_job.name, kwargs={"n": 1})
        assert Job.objects.get(pk=job.pk).state == Job.State.PENDING
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_no_job_behind():
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        job_enqueue(task_name=noop_job.name)
        1 / 0  # noqa: B018
    assert not Job.objects.exists()


def test_a_job_delivered_twice_runs_once(db):
    job = JobFactory(task_name=noop_job.name, kwargs={})
    assert noop_job.apply(kwargs={"job_id": job.pk}).get() == {}
    assert noop_job.apply(kwargs={"job_id": job.pk}).get() == "skipped"
    job.refresh_from_db()
    assert job.state == Job.State.DONE


def test_a_job_whose_send_failed_stays_pending_for_the_sweep(db):
    job = JobFactory(task_name="no.such.task", kwargs={})
    with pytest.raises(KeyError):
        # In eager mode the failure surfaces; with a broker it is logged and left to the sweep.
        job_dispatch(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.PENDING


def test_the_sweep_resends_jobs_that_were_never_sent_or_went_missing(db):
    old = timezone.now() - timedelta(hours=1)
    never_sent = JobFactory(task_name=noop_job.name)
    lost = JobFactory(task_name=noop_job.name, attempts=1)
    fresh = JobFactory(task_name=noop_job.name, attempts=1)
    Job.objects.filter(pk=never_sent.pk).update(created_at=old)
    Job.objects.filter(pk=lost.pk).update(dispatched_at=old)
    Job.objects.filter(pk=fresh.pk).update(dispatched_at=timezone.now())
    assert jobs_sweep() == 2
    states = dict(Job.objects.values_list("pk", "state"))
    assert states == {never_sent.pk: "done", lost.pk: "done", fresh.pk: "pending"}


def test_the_sweep_gives_up_on_a_job_sent_too_often(db):
    old = timezone.now() - timedelta(hours=1)
    job = JobFactory(task_name=noop_job.name, attempts=MAX_DISPATCHES)
    Job.objects.filter(pk=job.pk).update(dispatched_at=old)
    assert jobs_sweep() == 0
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
