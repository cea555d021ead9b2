from django.db import models
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    """A community social organisation (社会组织). Issue #4 fills in registration and standing."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for correction")
        REGISTERED = "registered", _("registered")
        SUSPENDED = "suspended", _("suspended")
        DEREGISTERED = "deregistered", _("deregistered")
        REJECTED = "rejected", _("rejected")

    name = models.CharField(_("name"), max_length=100, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    street = models.ForeignKey(
        "accounts.Street", verbose_name=_("street"), null=True, blank=True, on_delete=models.PROTECT
    )
    community = models.ForeignKey(
        "accounts.Community", verbose_name=_("community"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("social organisation")
        verbose_name_plural = _("social organisations")

    def __str__(self) -> str:
        return self.name
