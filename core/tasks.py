from celery import shared_task

from .jobs import job_task, jobs_sweep


@shared_task(name="core.tasks.sweep_pending_jobs", acks_late=True, time_limit=300)
def sweep_pending_jobs() -> int:
    return jobs_sweep()


@shared_task(name="core.tasks.ping")
def ping() -> str:
    return "pong"


@job_task(acks_late=True)
def noop_job(**kwargs) -> dict:
    """A job that does nothing but prove the pipeline (used by the integration tests)."""
    return kwargs
