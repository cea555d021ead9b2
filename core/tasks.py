from celery import shared_task

from .audit import audit_checkpoint_record
from .jobs import job_task, jobs_sweep


# The soft limit raises inside the sweep a minute before the hard limit kills it, so it stops cleanly.
@shared_task(name="core.tasks.sweep_pending_jobs", acks_late=True, time_limit=300, soft_time_limit=240)
def sweep_pending_jobs() -> int:
    return jobs_sweep()


@shared_task(name="core.tasks.ping")
def ping() -> str:
    return "pong"


@job_task(acks_late=True)
def noop_job(**kwargs) -> dict:
    """A job that does nothing but prove the pipeline (used by the integration tests)."""
    return kwargs


@shared_task(name="core.tasks.audit_checkpoint")
def audit_checkpoint() -> int:
    return audit_checkpoint_record().seq
