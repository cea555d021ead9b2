"""Background work that survives a broker outage.

`job_enqueue()` writes a `Job` row inside the caller's transaction and, after commit, sends a
message naming it. The task decorated with `@job_task` re-fetches the row, returns at once if it
is already done, runs, and marks it done. `sweep_pending_jobs` (beat, every minute) re-sends
jobs whose message was never sent or went missing. The work itself must be idempotent: a
re-sent job may run twice.
"""

from __future__ import annotations

import functools
import logging
from datetime import timedelta

from celery import current_app, shared_task
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .context import request_id_var
from .models import Job

logger = logging.getLogger(__name__)

# A dispatched job still pending after this long is presumed lost. It exceeds the hard task
# time limit, so a job that is merely slow is not sent twice in the ordinary course.
STALE_AFTER = timedelta(minutes=20)
# A job whose send failed (broker down) is retried sooner.
UNSENT_AFTER = timedelta(seconds=30)
MAX_DISPATCHES = 10


def job_enqueue(*, task_name: str, kwargs: dict | None = None) -> Job:
    job = Job.objects.create(task_name=task_name, kwargs=kwargs or {}, request_id=request_id_var.get())
    transaction.on_commit(functools.partial(job_dispatch, job_id=job.pk))
    return job


def _task(name: str):
    # Celery discovers the apps' tasks modules lazily, at worker start: a web process that has
    # not imported them yet would not know the task by name.
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def job_dispatch(*, job_id: int) -> bool:
    """Send the message for a job. Never raises: a failed send is left for the sweep."""
    job = Job.objects.filter(pk=job_id, state=Job.State.PENDING).first()
    if job is None:
        return False
    Job.objects.filter(pk=job_id).update(dispatched_at=timezone.now(), attempts=F("attempts") + 1)
    try:
        _task(job.task_name).apply_async(kwargs={"job_id": job.pk})
    except Exception as exc:  # the broker is down or refused: the row stays pending
        if current_app.conf.task_always_eager:
            raise
        logger.warning("could not send job %s (%s): %s", job.pk, job.task_name, exc)
        Job.objects.filter(pk=job_id).update(dispatched_at=None, last_error=str(exc)[:2000])
        return False
    return True


def job_task(*, name: str | None = None, **task_options):
    """Declare the Celery task that runs one kind of job: `fn(**job.kwargs)`.

    The task is named after its module and function unless `name` is given: give it when a job
    moves to another module, since pending jobs and their outbox rows refer to the old name.
    """

    def decorate(fn):
        task_name = name or f"{fn.__module__}.{fn.__name__}"

        @shared_task(name=task_name, **task_options)
        @functools.wraps(fn)
        def run(job_id: int):
            job = Job.objects.filter(pk=job_id).first()
            if job is None or job.state != Job.State.PENDING:
                return "skipped"
            token = request_id_var.set(job.request_id)
            try:
                result = fn(**job.kwargs)
            except Exception as exc:
                Job.objects.filter(pk=job_id).update(last_error=repr(exc)[:2000])
                raise
            finally:
                request_id_var.reset(token)
            Job.objects.filter(pk=job_id, state=Job.State.PENDING).update(
                state=Job.State.DONE, finished_at=timezone.now()
            )
            return result

        run.job_name = task_name
        return run

    return decorate


def jobs_sweep() -> int:
    """Re-send pending jobs that look lost; give up on those sent too often. Returns re-sends."""
    now = timezone.now()
    Job.objects.filter(
        state=Job.State.PENDING, attempts__gte=MAX_DISPATCHES, dispatched_at__lt=now - STALE_AFTER
    ).update(state=Job.State.FAILED, finished_at=now)
    lost = Job.objects.filter(state=Job.State.PENDING, attempts__lt=MAX_DISPATCHES).filter(
        dispatched_at__lt=now - STALE_AFTER
    ) | Job.objects.filter(state=Job.State.PENDING, dispatched_at__isnull=True, created_at__lt=now - UNSENT_AFTER)
    sent = 0
    for job_id in lost.values_list("pk", flat=True)[:500]:
        sent += job_dispatch(job_id=job_id)
    return sent
