"""The outbox and /healthz against a REAL Celery worker (a subprocess), not eager tasks.

They need a database and a broker that two processes can share: PostgreSQL and Redis, as .ci/run
gives them:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wuhou_ci CELERY_BROKER_URL=redis://127.0.0.1:6379/14 \
        .venv/bin/pytest -m worker

Elsewhere they are skipped, unless REQUIRE_WORKER=1 (set by .ci/run), which makes them fail.
With WORKER_TESTS_SQLITE=1 they also run on the defaults, SQLite and the filesystem broker (the test
database is then a file, var/test-worker.sqlite3). Point VAR_DIR at a scratch folder so the worker
does not share the broker folder with a `make run` on the same checkout:

    VAR_DIR=$(mktemp -d) WORKER_TESTS_SQLITE=1 .venv/bin/pytest -m worker
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_celery_results.models import TaskResult

from core.jobs import job_dispatch, job_enqueue, jobs_sweep
from core.models import Job
from core.tasks import noop_job
from wuhou_portal.celery import app as celery_app

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(settings.BASE_DIR)
CELERY = BASE_DIR / ".venv" / "bin" / "celery"
SQLITE_MODE = os.environ.get("WORKER_TESTS_SQLITE") == "1"
START_TIMEOUT = 60
JOB_TIMEOUT = 30


def _unsupported_reason() -> str | None:
    broker = settings.CELERY_BROKER_URL
    engine = settings.DATABASES["default"]["ENGINE"]
    if SQLITE_MODE:
        return None
    if not broker.startswith(("redis://", "rediss://", "amqp://", "amqps://")):
        return f"needs a real broker (CELERY_BROKER_URL is {broker!r}; or set WORKER_TESTS_SQLITE=1)"
    if "postgresql" not in engine:
        return f"needs PostgreSQL (DATABASE_URL gives {engine}; or set WORKER_TESTS_SQLITE=1)"
    return None


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    # A worker in another process cannot see an in-memory SQLite database: use a file.
    if SQLITE_MODE and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(
            Path(settings.VAR_DIR) / "test-worker.sqlite3"
        )


def _database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test database)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    """One `celery worker` subprocess on the test's database and broker."""

    def __init__(self):
        self.nodename = f"test-{uuid.uuid4().hex[:8]}@localhost"
        self.log = tempfile.NamedTemporaryFile(prefix="celery-worker-", suffix=".log", delete=False)
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "DJANGO_SETTINGS_MODULE": "wuhou_portal.settings",
        }
        # The pool is solo: one task at a time, so "ran once" is observable without races.
        command = [
            str(CELERY), "-A", "wuhou_portal", "worker", "-Q", "default,workflow", "--pool", "solo",
            "-n", self.nodename, "--without-gossip", "--without-mingle", "--loglevel", "INFO",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")[-4000:]

    def wait_until_it_answers(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the worker exited with {self.process.returncode}:\n{self.output()}", pytrace=False)
            if celery_app.control.ping(destination=[self.nodename], timeout=1.0):
                return
        self.stop()
        pytest.fail(f"the worker did not answer a ping in {START_TIMEOUT}s:\n{self.output()}", pytrace=False)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # warm shutdown: finish the task at hand
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture
def worker(transactional_db):
    reason = _unsupported_reason()
    if reason:
        if os.environ.get("REQUIRE_WORKER") == "1":
            pytest.fail(f"REQUIRE_WORKER=1 but the worker tests {reason}", pytrace=False)
        pytest.skip(reason)
    if not CELERY.exists():
        pytest.fail(f"{CELERY} is missing (make install)", pytrace=False)
    process = WorkerProcess()
    try:
        process.wait_until_it_answers()
        yield process
    finally:
        process.stop()
        Path(process.log.name).unlink(missing_ok=True)


def wait_for(predicate, *, timeout=JOB_TIMEOUT, what="the condition", worker=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    log = f"\nworker log:\n{worker.output()}" if worker else ""
    pytest.fail(f"timed out after {timeout}s waiting for {what}{log}", pytrace=False)


def job_state(job_id: int) -> str:
    return Job.objects.get(pk=job_id).state


def test_a_job_enqueued_in_a_committed_transaction_is_run_by_the_worker(worker):
    with transaction.atomic():
        job = job_enqueue(task_name="core.tasks.noop_job", kwargs={"proof": "committed"})

    wait_for(lambda: job_state(job.pk) == Job.State.DONE, what=f"job {job.pk} to be done", worker=worker)
    job.refresh_from_db()
    assert job.attempts == 1
    assert job.finished_at is not None
    assert job.last_error == ""


def test_healthz_is_200_while_the_worker_runs_and_503_once_it_stopped(worker, client, settings):
    settings.HEALTHZ_WORKER_TIMEOUT = 2.0

    response = client.get("/healthz")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "broker": True,
        "worker": True,
    }

    worker.stop()
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is True


def test_a_job_whose_message_was_never_sent_is_swept_and_completed(worker):
    # As if the broker was down at commit: the row exists, no message ever left.
    job = Job.objects.create(task_name="core.tasks.noop_job", kwargs={"proof": "swept"})
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert Job.objects.get(pk=job.pk).dispatched_at is None

    assert jobs_sweep() == 1

    wait_for(lambda: job_state(job.pk) == Job.State.DONE, what=f"swept job {job.pk} to be done", worker=worker)
    assert jobs_sweep() == 0


def test_a_job_delivered_twice_runs_once(worker):
    job = Job.objects.create(task_name="core.tasks.noop_job", kwargs={"proof": "once"})

    assert job_dispatch(job_id=job.pk) is True
    duplicate = noop_job.apply_async(kwargs={"job_id": job.pk})  # as a sweep re-sending a lost ack would

    wait_for(lambda: job_state(job.pk) == Job.State.DONE, what=f"job {job.pk} to be done", worker=worker)
    assert duplicate.get(timeout=JOB_TIMEOUT, interval=0.2) == "skipped"
    results = sorted(r.result for r in TaskResult.objects.filter(task_name="core.tasks.noop_job"))
    assert results == ['"skipped"', '{"proof": "once"}']
