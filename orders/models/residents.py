"""Residents' applications to be verified into a community (the role itself is accounts' RESIDENT)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Community


class ResidentApplication(models.Model):
    """A person asks to be a verified resident of one community; the community's staff confirm or
    reject. Staff registering an elderly resident in person create one already verified, so every
    verified resident has the record of how they came to be one."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the community")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="resident_applications",
    )
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="resident_applications"
    )
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("mobile phone"), max_length=11, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    in_person = models.BooleanField(_("registered in person by community staff"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reject_reason = models.TextField(_("reason for rejecting"), blank=True)
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)

    class Meta:
        verbose_name = _("resident application")
        verbose_name_plural = _("resident applications")
        constraints = [
            # One open question per person: a second application waits until the first is decided.
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="pending"), name="resident_application_one_pending"
            ),
        ]
        indexes = [
            # Community staff's "residents to confirm": pending of my communities, oldest first.
            models.Index(fields=["community", "status", "id"], name="resident_app_community_status"),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.community}"
