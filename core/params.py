"""Query parameters that pages and the API read alike, and the range of dates the portal
accepts: Python's dates stop at year 9999 and the database's year lookups at 1..9999, so a
year or a month at the edge would otherwise overflow into a 500 instead of a clear 400."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import DomainError

MIN_YEAR = 1900
MAX_YEAR = 2999


def year_in_range(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def parse_month(value: str | None, *, field: str = "month") -> date:
    """`YYYY-MM` as the first day of that month; blank means this month."""
    if not value:
        return timezone.localdate().replace(day=1)
    try:
        year, month = value.split("-")
        parsed = date(int(year), int(month), 1)
    except ValueError:
        parsed = None
    if parsed is None or not year_in_range(parsed.year):
        message = _("Give the month as YYYY-MM, between %(low)s and %(high)s.") % {
            "low": MIN_YEAR,
            "high": MAX_YEAR,
        }
        raise DomainError(message, fields={field: message})
    return parsed


def validate_date_in_range(value: date) -> None:
    """For date inputs that feed date arithmetic (a year before, a month after)."""
    if not year_in_range(value.year):
        raise ValidationError(
            _("Enter a date between the years %(low)s and %(high)s.") % {"low": MIN_YEAR, "high": MAX_YEAR},
            code="out_of_range",
        )
