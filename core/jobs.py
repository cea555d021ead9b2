"""Background work that survives a broker outage.

`job_enqueue()` writes a `Job` row inside the caller's transaction and, after commit, sends a
message naming it. The task decorated with `@job_task` re-fetches the row, returns at once if it
is already done, claims it by setting its heartbeat, runs while a thread renews that heartbeat,
and marks it done. `sweep_pending_jobs` (beat, every minute) re-sends jobs whose message was
never sent or went missing, and jobs whose heartbeat stopped (the worker was killed). The work
itself must be idempotent or atomic: a re-sent job may run again after a partial run.
"""

from __future__ import annotations

import functools
import logging
import threading
from datetime import timedelta

from celery import current_app, shared_task
from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.utils import timezone

from .context import request_id_var
from .models import Job
from .sql import fetch

logger = logging.getLogger(__name__)

# A dispatched job that never started after this long is presumed lost (a job that started is
# judged by its heartbeat instead). It is generous because a message may wait behind others.
STALE_AFTER = timedelta(minutes=20)
# A job whose send failed (broker down) is retried sooner.
UNSENT_AFTER = timedelta(seconds=30)
MAX_DISPATCHES = 10


def job_enqueue(*, task_name: str, kwargs: dict | None = None) -> Job:
    """Write one job in the caller's transaction; its message goes after commit (`jobs_dispatch`)."""
    return jobs_enqueue(task_name=task_name, kwargs_list=[kwargs or {}])[0]


def jobs_enqueue(*, task_name: str, kwargs_list: list[dict]) -> list[Job]:
    """`job_enqueue` for several jobs of one task at once: one INSERT, and after commit one UPDATE
    and one broker connection for all their messages (a contract submission enqueues five checks)."""
    request_id = request_id_var.get()
    jobs = Job.objects.bulk_create(
        Job(task_name=task_name, kwargs=kwargs or {}, request_id=request_id) for kwargs in kwargs_list
    )
    transaction.on_commit(functools.partial(jobs_dispatch, job_ids=[job.pk for job in jobs], task_name=task_name))
    return jobs


def _task(name: str):
    # Celery discovers the apps' tasks modules lazily, at worker start: a web process that has
    # not imported them yet would not know the task by name.
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def job_dispatch(*, job_id: int, task_name: str | None = None) -> bool:
    """Send the message for a pending job again (the sweep's re-send; a job just enqueued is sent by
    `jobs_dispatch`). Never raises: a failed send is left for the next sweep.

    One UPDATE marks it sent, and one query reads its task name unless the caller gives it."""
    sent = Job.objects.filter(pk=job_id, state=Job.State.PENDING).update(
        dispatched_at=timezone.now(),
        attempts=F("attempts") + 1,
        # A silent job re-sent is judged as not yet started again, or every sweep would re-send it.
        heartbeat_at=Case(
            When(heartbeat_at__lt=_heartbeat_stale_before(), then=Value(None, output_field=DateTimeField())),
            default=F("heartbeat_at"),
        ),
    )
    if not sent:
        return False
    if task_name is None:
        task_name = Job.objects.values_list("task_name", flat=True).get(pk=job_id)
    try:
        _task(task_name).apply_async(kwargs={"job_id": job_id})
    except Exception as exc:  # the broker is down or refused: the row stays pending
        if current_app.conf.task_always_eager:
            raise
        logger.warning("could not send job %s (%s): %s", job_id, task_name, exc)
        Job.objects.filter(pk=job_id).update(dispatched_at=None, last_error=str(exc)[:2000])
        return False
    return True


def jobs_dispatch(*, job_ids: list[int], task_name: str) -> int:
    """`job_dispatch` for jobs of one task just enqueued together. Returns how many were sent; a
    failed send leaves that job and the ones after it to the sweep, as `job_dispatch` does."""
    now = timezone.now()
    pending = Job.objects.filter(pk__in=job_ids, state=Job.State.PENDING)
    marked = pending.update(dispatched_at=now, attempts=F("attempts") + 1)
    if marked != len(job_ids):  # some already ran (a sweep got there first): send only the others
        job_ids = list(pending.filter(dispatched_at=now).values_list("pk", flat=True))
    task = _task(task_name)
    sent = 0
    try:
        with current_app.producer_or_acquire() as producer:
            for job_id in job_ids:
                task.apply_async(kwargs={"job_id": job_id}, producer=producer)
                sent += 1
    except Exception as exc:  # the broker is down or refused: the unsent rows stay pending
        if current_app.conf.task_always_eager:
            raise
        logger.warning("could not send %d jobs of %s: %s", len(job_ids) - sent, task_name, exc)
        Job.objects.filter(pk__in=job_ids[sent:]).update(dispatched_at=None, last_error=str(exc)[:2000])
    return sent


def _heartbeat_stale_before():
    return timezone.now() - timedelta(seconds=settings.JOB_HEARTBEAT_STALE_SECONDS)


class _Heartbeat(threading.Thread):
    """Renews a running job's heartbeat from beside the work, so long loops need not remember to.
    It dies with the process: a killed worker's job goes quiet and the sweep re-sends it."""

    def __init__(self, job_id: int):
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.job_id = job_id
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(settings.JOB_HEARTBEAT_SECONDS):
                Job.objects.filter(pk=self.job_id, state=Job.State.PENDING).update(heartbeat_at=timezone.now())
        except Exception as exc:  # a missed beat only risks a re-send, which the job tolerates
            logger.warning("heartbeat of job %s stopped: %s", self.job_id, exc)
        finally:
            # Only a connection this thread opened (most jobs end before the first beat).
            for conn in connections.all(initialized_only=True):
                conn.close()

    def stop(self):
        self.stopped.set()
        self.join(timeout=10)


def _claim(job_id: int) -> tuple[dict, str] | None:
    """Take the job for this run if it is pending and no other run holds a live heartbeat on it:
    one UPDATE that also returns what the run needs (the job's kwargs and request id), or None."""
    ops = connection.ops
    rows = fetch(
        f"UPDATE {Job._meta.db_table} SET heartbeat_at = %s"
        " WHERE id = %s AND state = %s AND (heartbeat_at IS NULL OR heartbeat_at < %s)"
        " RETURNING kwargs, request_id",
        [
            ops.adapt_datetimefield_value(timezone.now()),
            job_id,
            Job.State.PENDING,
            ops.adapt_datetimefield_value(_heartbeat_stale_before()),
        ],
        [Job._meta.get_field("kwargs"), None],
    )
    if not rows:
        return None
    kwargs, request_id = rows[0]
    return kwargs, request_id


def _finish(job_id: int) -> None:
    """Mark the job done. Plain SQL, as `_claim`: every job run makes both statements, and the
    ORM's query building cost more than the statement (a contract check is a few milliseconds)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Job._meta.db_table} SET state = %s, finished_at = %s WHERE id = %s AND state = %s",
            [Job.State.DONE, connection.ops.adapt_datetimefield_value(timezone.now()), job_id, Job.State.PENDING],
        )


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
            claimed = _claim(job_id)
            if claimed is None:  # gone, finished, or a live run elsewhere has it (a duplicate delivery)
                state = Job.objects.filter(pk=job_id).values_list("state", flat=True).first()
                return "running elsewhere" if state == Job.State.PENDING else "skipped"
            kwargs, request_id = claimed
            heartbeat = None if current_app.conf.task_always_eager else _Heartbeat(job_id)
            if heartbeat:
                heartbeat.start()
            token = request_id_var.set(request_id)
            try:
                result = fn(**kwargs)
            except Exception as exc:
                # Released, so that Celery's own retry of this job may claim it at once.
                Job.objects.filter(pk=job_id).update(last_error=repr(exc)[:2000], heartbeat_at=None)
                raise
            finally:
                request_id_var.reset(token)
                if heartbeat:
                    heartbeat.stop()
            _finish(job_id)
            return result

        run.job_name = task_name
        return run

    return decorate


def jobs_sweep() -> int:
    """Re-send pending jobs that look lost; give up on those sent too often. Returns re-sends.

    Lost means: never sent (the broker was down); sent long ago and never started; or started
    and then silent (no heartbeat for JOB_HEARTBEAT_STALE_SECONDS: the worker died).
    """
    now = timezone.now()
    silent = Q(heartbeat_at__lt=_heartbeat_stale_before())
    never_started = Q(heartbeat_at__isnull=True, dispatched_at__lt=now - STALE_AFTER)
    pending = Job.objects.filter(state=Job.State.PENDING)
    pending.filter(attempts__gte=MAX_DISPATCHES).filter(silent | never_started).update(
        state=Job.State.FAILED, finished_at=now
    )
    lost = pending.filter(attempts__lt=MAX_DISPATCHES).filter(
        silent | never_started | Q(dispatched_at__isnull=True, created_at__lt=now - UNSENT_AFTER)
    )
    sent = 0
    for job_id in lost.values_list("pk", flat=True)[:500]:
        sent += job_dispatch(job_id=job_id)
    return sent
