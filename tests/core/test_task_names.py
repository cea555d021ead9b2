"""Queued jobs and beat schedules name their Celery tasks by string: every name they use must be
registered, or a job waits forever and a schedule fires into the void. Moving a task to another
module must keep its name."""

import ast
from pathlib import Path

from django.conf import settings

from wuhou_portal.celery import app

APPS = ["core", "accounts", "organizations", "services", "procurement"]


def _registered() -> set[str]:
    app.loader.import_default_modules()
    return set(app.tasks)


def _enqueued_task_names() -> set[str]:
    """The literal `task_name=` of every `job_enqueue(...)` / `jobs_enqueue(...)` call in the apps' code."""
    names = set()
    for app_name in APPS:
        for path in (Path(settings.BASE_DIR) / app_name).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                    "job_enqueue",
                    "jobs_enqueue",
                ):
                    for kw in node.keywords:
                        if kw.arg == "task_name" and isinstance(kw.value, ast.Constant):
                            names.add(kw.value.value)
    return names


def test_every_beat_schedule_names_a_registered_task():
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert scheduled - _registered() == set()


def test_every_enqueued_job_names_a_registered_task():
    enqueued = _enqueued_task_names()
    assert enqueued, "found no job_enqueue(task_name=...) call: the scan is broken"
    assert enqueued - _registered() == set()
