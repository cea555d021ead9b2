"""Thin Celery tasks for the organisations' standing. Each re-checks and is safe to run twice."""

from celery import shared_task

from core.jobs import job_task

from .actions.lifecycle import send_notification_email
from .actions.registration import organization_drafts_expire
from .actions.standing import annual_report_reminders_send, annual_reports_mark_overdue


@shared_task(name="organizations.tasks.annual_report_reminders", acks_late=True)
def annual_report_reminders() -> int:
    """Beat, in May: remind organisations that have not filed last year's report."""
    return annual_report_reminders_send()


@shared_task(name="organizations.tasks.annual_reports_overdue", acks_late=True)
def annual_reports_overdue() -> int:
    """Beat, daily: after 31 May, mark last year's missing reports overdue (once)."""
    return annual_reports_mark_overdue()


@shared_task(name="organizations.tasks.drafts_expire", acks_late=True)
def drafts_expire() -> dict:
    """Beat, daily: warn about drafts left untouched, delete those warned long enough ago."""
    return organization_drafts_expire()


@job_task(acks_late=True, max_retries=3)
def notification_email_send(*, notification_id: int) -> bool:
    return send_notification_email(notification_id)
