"""Sealed bids and their documents."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .budgets import MONEY
from .projects import Project


def bid_document_upload_to(instance, filename: str) -> str:
    """A random name: the bidder's file name is never trusted as a path, nor guessable."""
    import uuid
    from pathlib import PurePosixPath

    return f"procurement/bids/{uuid.uuid4().hex}{PurePosixPath(filename).suffix.lower()[:8]}"


class Bid(models.Model):
    """A sealed bid. Price, plan, staff and documents are read only through
    procurement.queries.bids, which hides them from everyone but the bidder until the opening."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted (sealed)")
        REPLACED = "replaced", _("replaced")
        WITHDRAWN = "withdrawn", _("withdrawn")
        # "opened" alone is also the opening time's label (开标时间): this is the bid's state.
        OPENED = "opened", pgettext_lazy("bid status", "opened")

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="bids")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="bids"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    price = models.DecimalField(_("price (yuan)"), **MONEY)
    plan = models.TextField(_("service plan"))
    staff = models.ManyToManyField(
        "organizations.SocialWorker", verbose_name=_("staff (social workers)"), blank=True, related_name="+"
    )
    # Random, kept secret until the opening: without it a receipt of a short bid could be guessed.
    salt = models.CharField(_("salt"), max_length=64)
    receipt = models.CharField(_("receipt (SHA-256)"), max_length=64)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"))
    replaces = models.OneToOneField(
        "self", verbose_name=_("replaces"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The evaluation's result (set when the project is evaluated).
    price_score = models.DecimalField(_("price score"), max_digits=6, decimal_places=2, null=True, blank=True)
    total_score = models.DecimalField(_("total score"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["project", "id"]
        constraints = [
            # One live bid per organisation and project: replacing retires the old one first.
            models.UniqueConstraint(
                fields=["project", "organization"],
                condition=Q(status__in=["submitted", "opened"]),
                name="bid_one_live_per_organization",
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="bid_price_positive"),
        ]

    def __str__(self) -> str:
        # Never the price: this is what admin lists, audit records and logs show.
        return f"{self.organization} → {self.project}"


class BidDocument(models.Model):
    bid = models.ForeignKey(Bid, verbose_name=_("bid"), on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=bid_document_upload_to)
    name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("bid document")
        verbose_name_plural = _("bid documents")
        ordering = ["bid", "id"]

    def __str__(self) -> str:
        return self.name
