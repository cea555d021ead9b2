"""The Celery application.

Periodic schedules live here and nowhere else: beat's DatabaseScheduler copies them into the
database at start, where the admin can see (and pause) them.
"""

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wuhou_portal.settings")

app = Celery("wuhou_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _close_old_connections(sender=None, **kwargs):
    """Around each task, what Django does around each request: a connection older than
    CONN_MAX_AGE, or left unusable by an error, is closed; a good one is reused (CELERY_DB_REUSE_MAX
    keeps Celery from closing it after every task). Not in eager mode: that runs inside the
    caller's transaction."""
    if getattr(getattr(sender, "request", None), "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()


app.conf.beat_schedule = {
    # A broker outage may have swallowed a dispatch: re-send what the database says is pending.
    "core-sweep-pending-jobs": {
        "task": "core.tasks.sweep_pending_jobs",
        "schedule": 60.0,
    },
    # Task requests: remind communities two working days before a deadline, senders once overdue.
    "services-task-reminders": {
        "task": "services.tasks.task_reminders_send",
        "schedule": crontab(hour=8, minute=30),
    },
    # Annual reports (due 31 May): remind on 1, 15 and 25 May; mark the missing ones overdue
    # daily, so a beat that was down on 1 June still catches up (the task is idempotent).
    "organizations-annual-report-reminders": {
        "task": "organizations.tasks.annual_report_reminders",
        "schedule": crontab(month_of_year=5, day_of_month="1,15,25", hour=9, minute=0),
    },
    "organizations-annual-reports-overdue": {
        "task": "organizations.tasks.annual_reports_overdue",
        "schedule": crontab(hour=1, minute=15),
    },
    # Publish the audit chain's head once a day, so outsiders can save it and check it later.
    "core-audit-checkpoint": {
        "task": "core.tasks.audit_checkpoint",
        "schedule": crontab(hour=0, minute=5),
    },
    # Abandoned draft applications: a notice first, deletion after the notice period.
    "organizations-drafts-expire": {
        "task": "organizations.tasks.drafts_expire",
        "schedule": crontab(hour=2, minute=10),
    },
    # Purchase projects: open the bids of every project whose deadline has passed (no button).
    "procurement-openings-due": {
        "task": "procurement.tasks.openings_due",
        "schedule": 60.0,
    },
    # Contracts: settle check rounds a lost message left waiting, remind review assignees a working
    # day before their deadline, escalate overdue steps to the street leader, lapse unsigned awards,
    # put contracted projects in service once their term starts.
    "procurement-contract-review-sweep": {
        "task": "procurement.tasks.contract_review_sweep",
        "schedule": crontab(minute=7),
    },
    # Resident service orders: escalate unanswered orders to the community, remind organisations
    # and residents, auto-confirm deliveries after 7 days (idempotent: notices are recorded once).
    "orders-follow-up": {
        "task": "orders.tasks.orders_follow_up",
        "schedule": 300.0,
    },
    "core-purge-old-results": {
        "task": "celery.backend_cleanup",
        "schedule": crontab(hour=3, minute=30),
    },
}
