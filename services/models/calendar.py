"""The official holiday schedule (放假安排) as the district enters it.

The State Council publishes each year's schedule late in the previous year. `chinesecalendar`
knows the years up to its release; a `CalendarDay` holds a day of a year it does not know yet
(or corrects one it does). services/workdays.py reads these rows before asking the package.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["CalendarDay"]


class CalendarDay(models.Model):
    """One day the official schedule sets apart: a statutory holiday or a make-up working day."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("statutory holiday")
        WORKDAY = "workday", _("make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("holiday"), max_length=50, help_text=_("e.g. 春节, or 春节调休 for a make-up day"))
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("The notice that sets the day, e.g. 国办发明电〔2026〕N号")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        # The unique index on `date` serves both the range read of services/workdays.py and
        # schedule_known()'s "any holiday in this year".

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name} ({self.get_kind_display()})"
