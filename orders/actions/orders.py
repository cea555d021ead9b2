"""Writes of orders: place (taking a place on the slot, never beyond its capacity), the moves of
the order's lifecycle (orders/states.py), the confirmation code and its lockout, and the beat's
escalations, reminders and auto-confirmation."""

from __future__ import annotations

import functools
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.queries import scope_for, users_holding
from core.audit import audit_record
from core.errors import Conflict, DomainError, NotAllowed
from core.text import REASON_MAX, text_too_long

from ..models import CODE_MAX_FAILURES, Offering, OfferingSlot, Order, OrderNotice
from ..states import ORDER

S = Order.Status
AUTO_CONFIRM_AFTER = timedelta(days=7)
CONFIRM_REMINDER_AFTER = timedelta(days=2)
# The organisation is reminded of an order still waiting this long before its answer is due.
WAITING_REMINDER_BEFORE = timedelta(hours=2)
BATCH = 1000


def new_confirmation_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def _text_problem(value: str, *, required: bool = False) -> str | None:
    if required and not (value or "").strip():
        return _("Please write a few words.")
    return text_too_long(value, REASON_MAX)


def _take_place(slot: OfferingSlot) -> bool:
    """One place on the slot, or False when it is full. A conditional UPDATE: concurrent orders
    queue on the row and each re-reads `taken`, so the last place goes to exactly one of them; the
    CHECK constraint `taken <= capacity` stands behind it."""
    return bool(OfferingSlot.objects.filter(pk=slot.pk, taken__lt=F("capacity")).update(taken=F("taken") + 1))


def _give_place_back(order: Order) -> None:
    if order.slot_id:
        OfferingSlot.objects.filter(pk=order.slot_id, taken__gt=0).update(taken=F("taken") - 1)


@transaction.atomic
def order_place(
    *,
    actor,
    offering: Offering,
    resident=None,
    slot: OfferingSlot | None = None,
    preferred_time: datetime | None = None,
    notes: str = "",
) -> Order:
    """A verified resident orders an offering of their community for a slot or a preferred time;
    or community staff order for a verified resident of their community (`resident=`)."""
    scope = scope_for(actor)
    if resident is None or resident.pk == getattr(actor, "pk", None):
        resident = actor
        community_id = scope.resident_community_id
        if community_id is None:
            raise NotAllowed(
                _("Only residents verified by their community can order. Ask your community office to verify you."),
                code="not_verified",
            )
    else:
        community_id = scope_for(resident).resident_community_id
        if community_id is None or community_id not in scope.community_ids:
            raise NotAllowed(
                _("You can order only for verified residents of your own community."), code="not_your_resident"
            )
    if not offering.communities.filter(pk=community_id).exists():
        raise NotAllowed(_("This service is not offered in the resident's community."), code="other_community")
    if not offering.is_active:
        raise Conflict(_("This service is not taking orders at the moment."), code="offering_closed")
    now = timezone.now()
    problems = {}
    if slot is not None and preferred_time is not None:
        problems["slot"] = _("Choose a slot or a preferred time, not both.")
    elif slot is not None:
        if slot.offering_id != offering.pk:
            problems["slot"] = _("Choose one of this service's slots.")
        elif slot.start <= now:
            problems["slot"] = _("This slot has already begun; choose a later one.")
    elif preferred_time is not None:
        if preferred_time <= now:
            problems["preferred_time"] = _("Choose a time in the future.")
    else:
        field = "slot" if offering.slots.filter(start__gt=now).exists() else "preferred_time"
        problems[field] = _("Choose a slot or a preferred time.")
    if note_problem := _text_problem(notes):
        problems["notes"] = note_problem
    if problems:
        raise DomainError(_("The order was not placed; see the marked fields."), fields=problems)
    order = Order(
        offering=offering,
        organization_id=offering.organization_id,
        community_id=community_id,
        resident=resident,
        placed_by=actor,
        slot=slot,
        preferred_time=preferred_time,
        notes=notes.strip(),
        confirmation_code=new_confirmation_code(),
        answer_due_at=now + timedelta(hours=offering.answer_hours),
    )
    ORDER.check_create(actor, order, "place")
    if slot is not None and not _take_place(slot):
        raise Conflict(
            _("Sorry, this slot is full. Choose another slot."), fields={"slot": _("This slot is full.")}, code="full"
        )
    order.save()
    ORDER.record_creation(
        actor=actor,
        obj=order,
        action="place",
        data={"placed_by": actor.pk, "for_resident": resident.pk, "slot": slot.pk if slot else None},
    )
    return order


@transaction.atomic
def order_accept(*, actor, order: Order, comment: str = "") -> Order:
    if problem := _text_problem(comment):
        raise DomainError(problem, fields={"comment": problem})
    return ORDER.move(
        actor=actor, obj=order, action="accept", reason=comment, accepted_at=timezone.now(), reply=comment.strip()
    )


@transaction.atomic
def order_decline(*, actor, order: Order, comment: str = "") -> Order:
    """Declined with a reason the resident reads; the place goes back to the slot."""
    ORDER.check_party(actor, order, "decline")
    if problem := _text_problem(comment, required=True):
        raise DomainError(_("Tell the resident why the order is declined."), fields={"comment": problem})
    order = ORDER.move(actor=actor, obj=order, action="decline", reason=comment, reply=comment.strip())
    _give_place_back(order)
    return order


@transaction.atomic
def order_schedule(*, actor, order: Order, scheduled_for: datetime | None = None, comment: str = "") -> Order:
    """When the organisation comes: the slot's start unless another time is given."""
    ORDER.check_party(actor, order, "schedule")
    when = scheduled_for or (order.slot.start if order.slot_id else order.preferred_time)
    problems = {}
    if when is None or when <= timezone.now():
        problems["scheduled_for"] = _("Choose a time in the future.")
    if problem := _text_problem(comment):
        problems["comment"] = problem
    if problems:
        raise DomainError(_("The order was not scheduled; see the marked fields."), fields=problems)
    return ORDER.move(
        actor=actor,
        obj=order,
        action="schedule",
        reason=comment,
        data={"scheduled_for": when.isoformat()},
        scheduled_for=when,
        reply=comment.strip(),
    )


@transaction.atomic
def order_deliver(*, actor, order: Order, comment: str = "") -> Order:
    if problem := _text_problem(comment):
        raise DomainError(problem, fields={"comment": problem})
    return ORDER.move(actor=actor, obj=order, action="deliver", reason=comment, delivered_at=timezone.now())


def _code_refusal() -> NotAllowed:
    return NotAllowed(
        _(
            "The code was entered wrongly too many times and is locked. "
            "The resident can confirm on the portal, or ask the community office."
        ),
        fields={"code": _("Locked after 5 wrong codes.")},
        code="code_locked",
    )


def order_confirm(*, actor, order: Order, code: str = "", comment: str = "") -> Order:
    """The resident confirms the delivery; the organisation at the door, or community staff, with
    the resident's six-digit code. Wrong codes are counted (and audited) even though the attempt
    fails, so this action commits the count before it raises; after 5 the code is locked."""
    wrong = None
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        ORDER.check(actor, locked, "confirm")
        if problem := _text_problem(comment):
            raise DomainError(problem, fields={"comment": problem})
        if getattr(actor, "pk", None) != locked.resident_id:
            if locked.code_locked:
                raise _code_refusal()
            if not constant_time_compare((code or "").strip(), locked.confirmation_code):
                wrong = locked.code_failures + 1
                Order.objects.filter(pk=locked.pk).update(code_failures=wrong)
                audit_record(actor=actor, obj=locked, action="order.code_wrong", data={"failures": wrong})
        if wrong is None:
            return ORDER.move(
                actor=actor,
                obj=locked,
                action="confirm",
                reason=comment,
                data={"with_code": getattr(actor, "pk", None) != locked.resident_id},
                confirmed_at=timezone.now(),
            )
    if wrong >= CODE_MAX_FAILURES:
        raise _code_refusal()
    message = _("Wrong code: %(left)d tries left.") % {"left": CODE_MAX_FAILURES - wrong}
    raise DomainError(message, fields={"code": message}, code="wrong_code")


@transaction.atomic
def order_rate(*, actor, order: Order, rating: int | None, comment: str = "") -> Order:
    ORDER.check_party(actor, order, "rate")
    problems = {}
    if rating is None or not 1 <= int(rating) <= 5:
        problems["rating"] = _("Give 1 to 5 stars.")
    if problem := _text_problem(comment):
        problems["comment"] = problem
    if problems:
        raise DomainError(_("The rating was not saved; see the marked fields."), fields=problems)
    return ORDER.move(
        actor=actor,
        obj=order,
        action="rate",
        reason=comment,
        data={"rating": int(rating)},
        rating=int(rating),
        rating_comment=comment.strip(),
    )


@transaction.atomic
def order_cancel(*, actor, order: Order, comment: str = "") -> Order:
    if problem := _text_problem(comment):
        raise DomainError(problem, fields={"comment": problem})
    order = ORDER.move(actor=actor, obj=order, action="cancel", reason=comment)
    _give_place_back(order)
    return order


@transaction.atomic
def order_dispute(*, actor, order: Order, comment: str = "") -> Order:
    """The resident complains about a delivery; the community settles it."""
    ORDER.check_party(actor, order, "dispute")
    if problem := _text_problem(comment, required=True):
        raise DomainError(_("Tell the community what went wrong."), fields={"comment": problem})
    order = ORDER.move(actor=actor, obj=order, action="dispute", reason=comment, dispute_text=comment.strip())
    _notify(order, OrderNotice.Kind.DISPUTED, _community_staff(order), _dispute_text(order))
    return order


@transaction.atomic
def order_resolve(*, actor, order: Order, comment: str = "") -> Order:
    ORDER.check_party(actor, order, "resolve")
    if problem := _text_problem(comment, required=True):
        raise DomainError(_("Write how the dispute was resolved."), fields={"comment": problem})
    return ORDER.move(actor=actor, obj=order, action="resolve", reason=comment, resolution=comment.strip())


# --- Beat: escalations, reminders, auto-confirmation --------------------------------------------


def _community_staff(order: Order) -> list:
    return list(users_holding(Role.COMMUNITY_STAFF, order.community_id))


def _organization_staff(order: Order) -> list:
    return list(users_holding(Role.ORGANIZATION_STAFF, order.organization_id))


def _dispute_text(order: Order) -> str:
    return _("Order #%(id)s (%(title)s) is disputed by the resident: %(text)s") % {
        "id": order.pk,
        "title": order.offering.title,
        "text": order.dispute_text,
    }


def _send_mail(*, subject: str, body: str, emails: list[str]) -> None:
    from django.core.mail import send_mail

    if emails:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails, fail_silently=True)


def _notify(order: Order, kind: str, users: list, text: str) -> OrderNotice | None:
    """Record the notice (once per order and kind) and mail it after commit. None if sent before."""
    if OrderNotice.objects.filter(order=order, kind=kind).exists():
        return None
    notice = OrderNotice.objects.create(order=order, kind=kind, text=text, recipients=[u.get_username() for u in users])
    emails = [u.email for u in users if u.email]
    subject = str(OrderNotice.Kind(kind).label)
    transaction.on_commit(functools.partial(_send_mail, subject=subject, body=text, emails=emails))
    return notice


def _locked_in(order_id: int, status: str) -> Order | None:
    return Order.objects.select_for_update().select_related("offering").filter(pk=order_id, status=status).first()


@transaction.atomic
def order_escalate(*, order_id: int) -> Order | None:
    """Not accepted within the offering's answer time: the community is told and the order is
    marked escalated. None when it was answered meanwhile or escalated before."""
    order = _locked_in(order_id, S.PLACED)
    if order is None or order.escalated_at is not None:
        return None
    if order.answer_due_at > timezone.now():
        return None
    Order.objects.filter(pk=order.pk).update(escalated_at=timezone.now())
    order.refresh_from_db()
    audit_record(actor=None, obj=order, action="order.escalate", data={"answer_hours": order.offering.answer_hours})
    text = _(
        "Order #%(id)s (%(title)s) was not answered within %(hours)s hours by the organisation. "
        "Please follow it up with the resident."
    ) % {"id": order.pk, "title": order.offering.title, "hours": order.offering.answer_hours}
    _notify(order, OrderNotice.Kind.ESCALATED, _community_staff(order), text)
    return order


@transaction.atomic
def order_remind_waiting(*, order_id: int) -> OrderNotice | None:
    """The answer is due within two hours (or overdue): remind the organisation once."""
    order = _locked_in(order_id, S.PLACED)
    if order is None:
        return None
    text = _("Order #%(id)s (%(title)s) is waiting for your answer; please answer within %(hours)s hours.") % {
        "id": order.pk,
        "title": order.offering.title,
        "hours": order.offering.answer_hours,
    }
    return _notify(order, OrderNotice.Kind.WAITING, _organization_staff(order), text)


@transaction.atomic
def order_remind_confirm(*, order_id: int) -> OrderNotice | None:
    """Two days after delivery: remind the resident once to confirm (or dispute)."""
    order = _locked_in(order_id, S.DELIVERED)
    if order is None:
        return None
    text = _(
        "“%(title)s” was delivered. Please confirm it, or tell the community if something went wrong. "
        "It is confirmed automatically 7 days after delivery."
    ) % {"title": order.offering.title}
    return _notify(order, OrderNotice.Kind.CONFIRM, [order.resident], text)


@transaction.atomic
def order_auto_confirm(*, order_id: int) -> Order | None:
    """Seven days after delivery with no word from the resident: the portal confirms."""
    order = _locked_in(order_id, S.DELIVERED)
    if order is None or order.delivered_at is None or order.delivered_at + AUTO_CONFIRM_AFTER > timezone.now():
        return None
    order = ORDER.move(actor=None, obj=order, action="auto_confirm", confirmed_at=timezone.now())
    text = _("“%(title)s” was confirmed automatically, 7 days after delivery.") % {"title": order.offering.title}
    _notify(order, OrderNotice.Kind.AUTO_CONFIRMED, [order.resident], text)
    return order


def orders_due(now: datetime | None = None) -> dict[str, list[int]]:
    """The ids each beat step should look at now (each step re-checks under the row lock)."""
    now = now or timezone.now()
    placed = Order.objects.filter(status=S.PLACED)
    delivered = Order.objects.filter(status=S.DELIVERED)
    return {
        "escalate": list(
            placed.filter(answer_due_at__lte=now, escalated_at__isnull=True).values_list("pk", flat=True)[:BATCH]
        ),
        "waiting": list(
            placed.filter(answer_due_at__lte=now + WAITING_REMINDER_BEFORE)
            .exclude(notices__kind=OrderNotice.Kind.WAITING)
            .values_list("pk", flat=True)[:BATCH]
        ),
        "confirm": list(
            delivered.filter(delivered_at__lte=now - CONFIRM_REMINDER_AFTER)
            .exclude(notices__kind=OrderNotice.Kind.CONFIRM)
            .values_list("pk", flat=True)[:BATCH]
        ),
        "auto_confirm": list(
            delivered.filter(delivered_at__lte=now - AUTO_CONFIRM_AFTER).values_list("pk", flat=True)[:BATCH]
        ),
    }
