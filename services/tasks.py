"""Celery tasks of the services app: thin, idempotent, taking ids and calling actions."""

import logging

from celery import shared_task
from django.utils import timezone

from services.models import TaskReminder

logger = logging.getLogger(__name__)


@shared_task(name="services.tasks.task_reminders_send", acks_late=True, soft_time_limit=540, time_limit=600)
def task_reminders_send(today: str | None = None) -> dict:
    """Daily: remind communities two working days before a deadline and senders once overdue.

    A reminder is recorded when sent, so running this again the same day sends nothing twice.
    `today` (YYYY-MM-DD) replays a given day; beat leaves it out.
    """
    from datetime import date, timedelta

    from services.actions.tasks import task_reminder_send
    from services.queries.tasks import assignments_to_remind
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
