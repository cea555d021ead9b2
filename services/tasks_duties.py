"""Celery jobs of the duty lists: large imports run here, with progress saved on the import.

Imported by ServicesConfig.ready() so the worker registers them. Each job takes the import's
id and calls the action, which returns at once if the step was already done.
"""

from core.jobs import job_task
from services.actions.duties import duty_import_apply, duty_import_validate


@job_task(acks_late=True, time_limit=15 * 60, soft_time_limit=14 * 60)
def duty_import_validate_job(*, import_id: int) -> str:
    duty_import = duty_import_validate(import_id=import_id)
    return duty_import.status if duty_import else "missing"


@job_task(acks_late=True, time_limit=15 * 60, soft_time_limit=14 * 60)
def duty_import_apply_job(*, import_id: int) -> str:
    duty_import = duty_import_apply(import_id=import_id)
    return duty_import.status if duty_import else "missing"
