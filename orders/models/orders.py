"""A resident's order of an offering, and the notices the portal sent about it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .offerings import Offering, OfferingSlot

CODE_MAX_FAILURES = 5


class Order(models.Model):
    """向社区下订单: a verified resident (or community staff for them) orders an offering."""

    class Status(models.TextChoices):
        PLACED = "placed", _("placed: waiting for the organisation")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        SCHEDULED = "scheduled", _("scheduled")
        DELIVERED = "delivered", _("delivered: waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        RATED = "rated", _("rated")
        CANCELLED = "cancelled", _("cancelled")
        DISPUTED = "disputed", _("disputed")
        RESOLVED = "resolved", _("resolved by the community")

    offering = models.ForeignKey(Offering, verbose_name=_("offering"), on_delete=models.PROTECT, related_name="orders")
    # Copied from the offering and the resident when the order is placed: each side's list is
    # then one index range (organisation, community, resident) without a join.
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    community = models.ForeignKey(
        "accounts.Community", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="service_orders"
    )
    # The resident, or the community staff who ordered for a resident without a smartphone.
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("placed by"), on_delete=models.PROTECT, related_name="+"
    )
    slot = models.ForeignKey(
        OfferingSlot, verbose_name=_("slot"), null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    preferred_time = models.DateTimeField(_("preferred time"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLACED)
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    # The organisation's last words to the resident (why it declined, when it comes).
    reply = models.TextField(_("reply from the organisation"), blank=True)
    # Six digits the resident gives at the door; shown to the resident (and the staff who
    # ordered for them), never to the organisation. Kept readable so the resident can see it again.
    confirmation_code = models.CharField(_("confirmation code"), max_length=6)
    code_failures = models.PositiveSmallIntegerField(_("wrong codes entered"), default=0)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    dispute_text = models.TextField(_("dispute"), blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    created_at = models.DateTimeField(_("placed"), auto_now_add=True)
    # When the organisation should have answered: placed + the offering's answer hours.
    answer_due_at = models.DateTimeField(_("answer due"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated to the community"), null=True, blank=True)

    class Meta:
        verbose_name = _("service order")
        verbose_name_plural = _("service orders")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)), name="order_rating_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(slot__isnull=False) | Q(preferred_time__isnull=False), name="order_has_a_time"
            ),
            models.CheckConstraint(condition=Q(code_failures__lte=CODE_MAX_FAILURES), name="order_code_failures_max"),
        ]
        indexes = [
            # orders_for(): a resident's, an organisation's, a community's list, newest first (cursor on id).
            models.Index(fields=["resident", "-id"], name="order_resident_idx"),
            models.Index(fields=["organization", "-id"], name="order_org_idx"),
            models.Index(fields=["community", "-id"], name="order_community_idx"),
            # The beat jobs: placed orders past their answer time (escalation, reminders) and
            # delivered orders waiting for confirmation (reminder, auto-confirm).
            models.Index(fields=["status", "answer_due_at"], name="order_status_answer_idx"),
            models.Index(fields=["status", "delivered_at"], name="order_status_delivered_idx"),
            # The order desk (new orders first) and the community's disputes: one side's orders in a state.
            models.Index(fields=["organization", "status"], name="order_org_status_idx"),
            models.Index(fields=["community", "status"], name="order_community_status_idx"),
            # confirmed_deliveries(): an offering's orders by state (pay follows delivery).
            models.Index(fields=["offering", "status"], name="order_offering_status_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.offering}"

    @property
    def when(self):
        return self.scheduled_for or (self.slot.start if self.slot_id else self.preferred_time)

    @property
    def code_locked(self) -> bool:
        return self.code_failures >= CODE_MAX_FAILURES


class OrderNotice(models.Model):
    """A notice the portal sent about an order (escalation, reminders, auto-confirmation): the row
    makes the beat jobs idempotent and is shown on the order's page."""

    class Kind(models.TextChoices):
        ESCALATED = "escalated", _("Not answered in time: passed to the community")
        WAITING = "waiting", _("Reminder to the organisation: an order is waiting")
        CONFIRM = "confirm", _("Reminder to the resident: confirm the delivery")
        AUTO_CONFIRMED = "auto_confirmed", _("Confirmed automatically after 7 days")
        DISPUTED = "disputed", _("Disputed by the resident: the community settles it")

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.TextField(_("notice"))
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("order notice")
        verbose_name_plural = _("order notices")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["order", "kind"], name="order_notice_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.order}"
