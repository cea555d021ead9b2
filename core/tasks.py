from celery import shared_task

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
