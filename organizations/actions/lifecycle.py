"""The one way an organisation changes status: check the table, lock the row, audit, notify."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import Conflict, NotAllowed
from core.jobs import job_enqueue

from ..models import Notification, Organization
from ..states import REVIEWER, TRANSITIONS, may_act, transition_for


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


def _by_of(action: str) -> str:
    return next(t.by for t in TRANSITIONS if t.action == action)


def transition(
    *, actor, organization: Organization, action: str, reason: str = "", data: dict | None = None, **updates
) -> Organization:
    """Move `organization` by `action` (a row of states.TRANSITIONS). Call inside the action's
    transaction. `updates` are further fields written with the new status."""
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    by = _by_of(action)
    probe = next(t for t in TRANSITIONS if t.action == action)
    if not may_act(actor, org, probe):
        if by == REVIEWER:
            raise NotAllowed(_("Only the district civil-affairs bureau may do this."))
        raise NotAllowed(_("Only the organisation's own staff may do this."))
    step = transition_for(action, org.status)
    if step is None:
        raise Conflict(
            _("This cannot be done while the organisation is “%(status)s”.") % {"status": org.get_status_display()},
            code="wrong_state",
        )
    source = org.status
    org.status = step.target
    for name, value in updates.items():
        setattr(org, name, value)
    org.save(update_fields=["status", "updated_at", *updates])
    audit_record(
        actor=actor,
        obj=org,
        action=f"organization.{action}",
        from_state=source,
        to_state=step.target,
        reason=reason,
        data=data,
    )
    return org


def send_notification_email(notification_id: int) -> bool:
    """Email a notice to the applicant and the organisation's staff, once."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.db.models import Q
    from django.utils import timezone, translation

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
