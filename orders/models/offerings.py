"""An organisation's service offered to residents of one or more communities, its slots, and the
organisation's reply templates."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from organizations.models import ServiceDomain

MONEY = {"max_digits": 14, "decimal_places": 2}


class Offering(models.Model):
    """A service (送上门的服务) an organisation offers in communities: free when a government
    contract pays for it, or at a stated price."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="offerings"
    )
    communities = models.ManyToManyField("accounts.Community", verbose_name=_("communities"), related_name="offerings")
    title = models.CharField(_("title"), max_length=200)
    domain = models.CharField(_("service domain"), max_length=16, choices=ServiceDomain.choices)
    description = models.TextField(_("description"), blank=True)
    # When there are no slots: the schedule in words (每周二上午); orders then name a preferred time.
    schedule = models.CharField(_("schedule"), max_length=200, blank=True)
    price = models.DecimalField(_("price (yuan)"), default=0, **MONEY)
    # How soon the organisation answers an order (Open311's expected_datetime, as hours).
    answer_hours = models.PositiveIntegerField(_("answers within (hours)"), default=24)
    social_workers = models.ManyToManyField(
        "organizations.SocialWorker", verbose_name=_("social workers who deliver it"), blank=True, related_name="+"
    )
    volunteers = models.ManyToManyField(
        "organizations.Volunteer", verbose_name=_("volunteers who deliver it"), blank=True, related_name="+"
    )
    # The procurement contract that pays for it (signing the contract opens its offering): one
    # offering per contract, and the contract cannot be deleted under it.
    contract = models.OneToOneField(
        "procurement.Contract",
        verbose_name=_("contract"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("open for orders"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("service offering")
        verbose_name_plural = _("service offerings")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="offering_price_not_negative"),
            models.CheckConstraint(condition=Q(answer_hours__gte=1), name="offering_answer_hours_positive"),
        ]
        indexes = [
            # offerings_for_staff(): an organisation's own offerings, newest first.
            models.Index(fields=["organization", "-id"], name="offering_org_idx"),
            # offerings_public(domain=): the residents' browse list by domain. The title search
            # ("contains") has a trigram GIN index on PostgreSQL, made by migration 0001.
            models.Index(fields=["is_active", "domain", "-id"], name="offering_browse_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_free(self) -> bool:
        return not self.price


class OfferingSlot(models.Model):
    """A time an offering can be delivered, with its places. `taken` only moves by a conditional
    UPDATE (orders.actions.orders), and the database refuses `taken > capacity` whatever happens."""

    offering = models.ForeignKey(Offering, verbose_name=_("offering"), on_delete=models.CASCADE, related_name="slots")
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("places"))
    taken = models.PositiveIntegerField(_("places taken"), default=0)

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(taken__lte=F("capacity")), name="slot_never_oversold"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="slot_capacity_positive"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="slot_ends_after_start"),
        ]
        indexes = [
            # slots_open(offering): an offering's coming slots, soonest first.
            models.Index(fields=["offering", "start"], name="slot_offering_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.offering} · {self.start:%Y-%m-%d %H:%M}"

    @property
    def places_left(self) -> int:
        return self.capacity - self.taken


class ReplyTemplate(models.Model):
    """Words an organisation's order desk uses again and again when declining or scheduling."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="reply_templates",
    )
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["organization", "title"]
        constraints = [models.UniqueConstraint(fields=["organization", "title"], name="reply_template_unique_title")]

    def __str__(self) -> str:
        return self.title
