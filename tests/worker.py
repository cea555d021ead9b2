"""A REAL Celery worker for the integration tests (a subprocess on the test's database and broker).

The fixtures `worker` and `django_db_modify_db_settings` are registered in tests/conftest.py; see
tests/core/test_worker_integration.py for when these tests run and how.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from wuhou_portal.celery import app as celery_app

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
def worker(request, transactional_db):
    # Only tests marked `worker` run where a real worker exists (CI's worker steps); anywhere else
    # this fixture skips, so a test that asks for it by mistake (a social worker, say) would be
    # skipped forever instead of failing.
    if request.node.get_closest_marker("worker") is None:
        pytest.fail("the `worker` fixture is a real Celery worker: mark the test @pytest.mark.worker", pytrace=False)
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
