"""Residents' demand: a service nobody offers in the community yet, and the voices behind it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Community
from organizations.models import ServiceDomain
from procurement.models import Project


class Demand(models.Model):
    """ "想学剪纸": asked by a verified resident, seconded by neighbours, turned by the street office
    into a draft purchase project (or closed)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CONVERTED = "converted", _("Turned into a purchase project")
        CLOSED = "closed", _("Closed")

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("raised by"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("what is wanted"), max_length=100)
    domain = models.CharField(_("service domain"), max_length=16, choices=ServiceDomain.choices)
    description = models.TextField(_("description"), blank=True)
    # The title without the words people wrap a wish in ("想学", "希望开…班"): demands with the same
    # topic are grouped together (orders.actions.demand.demand_topic).
    topic = models.CharField(_("topic"), max_length=100)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    # Kept equal to the number of DemandVoice rows: both change in the same transaction.
    voice_count = models.PositiveIntegerField(_("voices"), default=0)
    project = models.ForeignKey(
        Project,
        verbose_name=_("purchase project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    close_reason = models.TextField(_("reason for closing"), blank=True)
    created_at = models.DateTimeField(_("raised"), auto_now_add=True)

    class Meta:
        verbose_name = _("demand")
        verbose_name_plural = _("demands")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="converted") | Q(project__isnull=False), name="demand_converted_has_project"
            ),
        ]
        indexes = [
            # The scoped list, newest first (a community's, a street's communities').
            models.Index(fields=["community", "-id"], name="demand_community_id"),
            # The grouped view: open demand of a community by domain and topic.
            models.Index(fields=["community", "status", "domain", "topic"], name="demand_community_topic"),
        ]

    def __str__(self) -> str:
        return self.title


class DemandVoice(models.Model):
    """One resident's "me too" on a demand; the one who raised it holds the first voice."""

    demand = models.ForeignKey(Demand, verbose_name=_("demand"), on_delete=models.CASCADE, related_name="voices")
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resident"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("voice")
        verbose_name_plural = _("voices")
        constraints = [models.UniqueConstraint(fields=["demand", "resident"], name="demand_voice_once")]

    def __str__(self) -> str:
        return f"{self.demand} · {self.resident}"
