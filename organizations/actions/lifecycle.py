"""The one way an organisation changes status: check the table, lock the row, audit, notify."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.jobs import job_enqueue
from core.public_cache import ORGANIZATIONS, public_changed

from ..models import Notification, Organization
from ..states import ORGANIZATION


def notify(organization: Organization, kind: str, *, comment: str = "", dedupe_key: str = "") -> Notification | None:
    """Record an in-app notice and queue its email (sent after commit). With a `dedupe_key`,
    a notice already recorded is not recorded or sent again."""
    if dedupe_key:
        with transaction.atomic():
            notice, created = Notification.objects.get_or_create(
                organization=organization, dedupe_key=dedupe_key, defaults={"kind": kind, "comment": comment}
            )
        if not created:
            return None
    else:
        notice = Notification.objects.create(organization=organization, kind=kind, comment=comment)
    job_enqueue(task_name="organizations.tasks.notification_email_send", kwargs={"notification_id": notice.pk})
    return notice


def transition(
    *, actor, organization: Organization, action: str, reason: str = "", data: dict | None = None, **updates
) -> Organization:
    """Move `organization` by `action` (a row of states.ORGANIZATION). Call inside the action's
    transaction. `updates` are further fields written with the new status."""
    # The directory shows registered organisations: a move in or out of it renews the cached lists.
    public_changed(ORGANIZATIONS)
    return ORGANIZATION.move(
        actor=actor,
        obj=organization,
        action=action,
        reason=reason,
        data=data,
        updated_at=timezone.now(),
        **updates,
    )


def send_notification_email(notification_id: int) -> bool:
    """Email a notice to the applicant and the organisation's staff, once."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.db.models import Q
    from django.utils import translation

    from accounts.models import Role, User
    from accounts.queries import users_holding

    notice = Notification.objects.select_related("organization").filter(pk=notification_id).first()
    if notice is None or notice.emailed_at is not None:
        return False
    org = notice.organization
    recipients = sorted(
        set(
            User.objects.filter(
                Q(pk__in=users_holding(Role.ORGANIZATION_STAFF, org.pk).values("pk")) | Q(pk=org.applicant_id),
                is_active=True,
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if recipients:
        with translation.override(settings.LANGUAGE_CODE):
            subject = f"{org.name}: {notice.get_kind_display()}"
            body = "\n\n".join(filter(None, [subject, notice.comment]))
        send_mail(subject, body, None, recipients, fail_silently=False)
    # Compare-and-swap: a duplicate run that lost the race does not count as a second send.
    Notification.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return bool(recipients)
