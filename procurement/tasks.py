"""Celery tasks of the procurement app: thin, idempotent, taking ids and calling actions.

Celery's autodiscovery imports this module; every task of the app lives here."""

from celery import shared_task

from core.jobs import job_task
from procurement.actions.projects import openings_enqueue
from procurement.actions.projects import project_open as project_open_action


@shared_task(name="procurement.tasks.openings_due", acks_late=True, time_limit=120, soft_time_limit=100)
def openings_due() -> int:
    """Beat, every minute: an opening job for each project whose bid deadline has passed."""
    return openings_enqueue()


@job_task(name="procurement.tasks.project_open", acks_late=True, time_limit=300, soft_time_limit=240)
def project_open(*, project_id: int) -> str:
    # The action returns None for a project already opened (or failed, or cancelled): a job
    # delivered twice opens once.
    project = project_open_action(project_id=project_id)
    return project.status if project is not None else "skipped"
