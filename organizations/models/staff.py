"""Who acts for an organisation: its staff, granted the organisation-staff role over it.

Kept here rather than in accounts' RoleAssignment because accounts is the lower layer and may not
point at an organisation; organizations registers these grants with accounts as a role source.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .registration import Organization


class StaffMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="organization_memberships",
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="staff_memberships"
    )
    # A default rather than auto_now_add, so the grants moved from accounts keep their dates.
    created_at = models.DateTimeField(_("granted"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("organisation staff membership")
        verbose_name_plural = _("organisation staff memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="staff_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization}"
