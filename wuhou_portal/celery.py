"""The Celery application.

Periodic schedules live here and nowhere else: beat's DatabaseScheduler copies them into the
database at start, where the admin can see (and pause) them.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wuhou_portal.settings")

app = Celery("wuhou_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # A broker outage may have swallowed a dispatch: re-send what the database says is pending.
    "core-sweep-pending-jobs": {
        "task": "core.tasks.sweep_pending_jobs",
        "schedule": 60.0,
    },
    "core-purge-old-results": {
        "task": "celery.backend_cleanup",
        "schedule": crontab(hour=3, minute=30),
    },
}
