"""Keeping the monthly burden aggregate (TaskBurdenMonth) honest: every task action that changes a
month's figures bumps that month's generation in its own transaction, and the burden view
recomputes a month whose figures are of an older generation (services/queries/tasks.py)."""

from __future__ import annotations

from django.db.models import F

from services.models import TaskBurdenMonth, TaskRequest
from services.queries.task_requests import month_of


def burden_month_touch(*, task: TaskRequest) -> None:
    """Mark the figures of the month `task` was sent in as changed. Runs inside the caller's
    transaction: the row stays locked until it commits, so a concurrent recount cannot store
    figures that miss this change."""
    row, created = TaskBurdenMonth.objects.get_or_create(month=month_of(task.created_at))
    if not created:
        TaskBurdenMonth.objects.filter(pk=row.pk).update(generation=F("generation") + 1)
