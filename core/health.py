"""What /healthz checks: the database, the broker, and a live worker."""

from __future__ import annotations

from celery import current_app
from django.conf import settings
from django.db import connection


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return False, type(exc).__name__
    return True, connection.vendor


def check_broker() -> tuple[bool, str]:
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            transport = conn.transport_cls
    except Exception as exc:
        return False, type(exc).__name__
    return True, str(transport)


def check_worker() -> tuple[bool, str]:
    try:
        # limit=1: the first reply is enough to know a worker lives, so the probe answers at once
        # instead of waiting out the timeout for workers that may never exist.
        replies = current_app.control.ping(timeout=settings.HEALTHZ_WORKER_TIMEOUT, limit=1)
    except Exception as exc:
        return False, type(exc).__name__
    if not replies:
        return False, "no worker answered"
    return True, f"{len(replies)} answered"
