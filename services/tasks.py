"""Celery tasks of the services app: thin, idempotent, taking ids and calling actions.

Celery's autodiscovery imports this module; every task of the app lives here."""

import logging

from celery import shared_task
from django.utils import timezone

from core.jobs import job_task
from services.actions.duties import duty_import_apply, duty_import_validate
from services.models import TaskReminder

logger = logging.getLogger(__name__)


@shared_task(name="services.tasks.task_reminders_send", acks_late=True, soft_time_limit=540, time_limit=600)
def task_reminders_send(today: str | None = None) -> dict:
    """Daily: remind communities two working days before a deadline and senders once overdue.

    A reminder is recorded when sent, so running this again the same day sends nothing twice.
    `today` (YYYY-MM-DD) replays a given day; beat leaves it out.
    """
    from datetime import date, timedelta

    from services.actions.task_requests import task_reminder_send
    from services.queries.task_requests import assignments_to_remind
    from services.workdays import provisional_between

    today = date.fromisoformat(today) if today else timezone.localdate()
    # The due-soon horizon (two working days) lies well within two weeks.
    if years := provisional_between(today, today + timedelta(days=14)):
        logger.warning("task reminders counted on weekdays only: no holiday schedule entered for %s", years)
    due_soon, overdue = assignments_to_remind(today)
    sent = {"due_soon": 0, "overdue": 0}
    for kind, ids in ((TaskReminder.Kind.DUE_SOON, due_soon), (TaskReminder.Kind.OVERDUE, overdue)):
        for assignment_id in ids:
            if task_reminder_send(assignment_id=assignment_id, kind=kind) is not None:
                sent[kind] += 1
    return sent


# The duty lists' large imports run here, with progress saved on the import. Each job takes the
# import's id and calls the action, which returns at once if the step was already done. The names
# are those of the module the jobs lived in first: queued jobs refer to them.
@job_task(
    name="services.tasks_duties.duty_import_validate_job", acks_late=True, time_limit=15 * 60, soft_time_limit=14 * 60
)
def duty_import_validate_job(*, import_id: int) -> str:
    duty_import = duty_import_validate(import_id=import_id)
    return duty_import.status if duty_import else "missing"


@job_task(
    name="services.tasks_duties.duty_import_apply_job", acks_late=True, time_limit=15 * 60, soft_time_limit=14 * 60
)
def duty_import_apply_job(*, import_id: int) -> str:
    duty_import = duty_import_apply(import_id=import_id)
    return duty_import.status if duty_import else "missing"
