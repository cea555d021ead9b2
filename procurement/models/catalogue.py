"""The purchase catalogue (政府购买目录)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.models import ServiceDomain


class CatalogueItem(models.Model):
    """An entry of the purchase catalogue (政府购买目录): a devolved service that may be bought."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=300)
    duty_item = models.ForeignKey(
        "services.DutyItem",
        verbose_name=_("duty list item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    department = models.CharField(_("responsible department"), max_length=100, blank=True)
    domain = models.CharField(_("service domain"), max_length=16, choices=ServiceDomain.choices, default="other")
    # True while the entry comes from an example (示例) duty item, not an official catalogue.
    is_placeholder = models.BooleanField(_("example"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
