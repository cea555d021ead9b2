from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from core.jobs import MAX_DISPATCHES, job_dispatch, job_enqueue, jobs_dispatch, jobs_enqueue, jobs_sweep
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


@pytest.mark.django_db(transaction=True)
def test_jobs_enqueued_together_each_run_once_after_their_transaction_commits():
    with transaction.atomic():
        jobs = jobs_enqueue(task_name=noop_job.name, kwargs_list=[{"n": 1}, {"n": 2}, {"n": 3}])
        assert Job.objects.filter(state=Job.State.PENDING).count() == 3
    assert sorted(Job.objects.values_list("kwargs__n", "state", "attempts")) == [
        (1, "done", 1),
        (2, "done", 1),
        (3, "done", 1),
    ]
    assert [job.pk for job in jobs] == sorted(Job.objects.values_list("pk", flat=True))


def test_jobs_sent_together_whose_send_failed_stay_pending_for_the_sweep(db, monkeypatch):
    from celery import current_app

    jobs = [JobFactory(task_name=noop_job.name, kwargs={}) for _ in range(3)]
    sent = []

    def apply_async(*, kwargs, producer):  # the broker takes the first message, then goes away
        if sent:
            raise ConnectionError("broker down")
        sent.append(kwargs["job_id"])

    monkeypatch.setattr(noop_job._get_current_object(), "apply_async", apply_async)
    eager, current_app.conf.task_always_eager = current_app.conf.task_always_eager, False
    try:  # as with a real broker: a failed send is logged and left to the sweep, not raised
        assert jobs_dispatch(job_ids=[job.pk for job in jobs], task_name=noop_job.name) == 1
    finally:
        current_app.conf.task_always_eager = eager
    rows = {job.pk: job for job in Job.objects.all()}
    assert sent == [jobs[0].pk] and rows[jobs[0].pk].dispatched_at is not None
    for job in jobs[1:]:
        assert (rows[job.pk].state, rows[job.pk].dispatched_at) == (Job.State.PENDING, None)
        assert "broker down" in rows[job.pk].last_error
    Job.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    monkeypatch.undo()
    assert jobs_sweep() == 2  # the two unsent ones, not the one already sent


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


# --- Heartbeats: a killed worker's job is re-sent within minutes, a live one never ------------
def _ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def test_a_started_job_whose_heartbeat_stopped_is_resent_within_minutes(db, settings):
    settings.JOB_HEARTBEAT_STALE_SECONDS = 120
    job = Job.objects.create(task_name=noop_job.name, attempts=1)
    Job.objects.filter(pk=job.pk).update(dispatched_at=_ago(minutes=3), heartbeat_at=_ago(minutes=3))
    assert jobs_sweep() == 1
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.DONE, 2)


def test_a_long_job_with_a_live_heartbeat_is_never_resent(db, settings):
    settings.JOB_HEARTBEAT_STALE_SECONDS = 120
    job = Job.objects.create(task_name=noop_job.name, attempts=MAX_DISPATCHES)
    Job.objects.filter(pk=job.pk).update(dispatched_at=_ago(hours=2), heartbeat_at=_ago(seconds=10))
    assert jobs_sweep() == 0
    job.refresh_from_db()
    assert job.state == Job.State.PENDING


def test_a_second_delivery_of_a_job_running_elsewhere_does_not_run_it_again(db):
    job = Job.objects.create(task_name=noop_job.name, attempts=1)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=_ago(seconds=5))
    assert noop_job.apply(kwargs={"job_id": job.pk}).get() == "running elsewhere"
    job.refresh_from_db()
    assert job.state == Job.State.PENDING


def test_a_resent_job_is_not_resent_again_every_minute_while_it_waits_for_a_worker(db, settings):
    settings.JOB_HEARTBEAT_STALE_SECONDS = 120
    job = Job.objects.create(task_name="no.such.task.yet", attempts=1)
    Job.objects.filter(pk=job.pk).update(dispatched_at=_ago(minutes=3), heartbeat_at=_ago(minutes=3))
    with pytest.raises(KeyError):  # eager mode: the send fails loudly; the bookkeeping is what counts
        jobs_sweep()
    job.refresh_from_db()
    assert job.heartbeat_at is None and job.attempts == 2
    assert not Job.objects.filter(pk=job.pk).filter(dispatched_at__lt=_ago(minutes=1)).exists()


def test_the_brokers_redelivery_waits_longer_than_any_task_may_run():
    from django.conf import settings as django_settings

    from wuhou_portal.settings import CELERY_BROKER_URL

    if CELERY_BROKER_URL.startswith("filesystem://"):
        pytest.skip("the filesystem broker has no visibility timeout")
    assert (
        django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > django_settings.CELERY_TASK_TIME_LIMIT
    )
