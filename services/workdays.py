"""China's working-day calendar: statutory holidays and make-up working days (调休).

Which rule decides a day, first match wins:

1. a `CalendarDay` row (the official schedule as the district entered it): a holiday is not a
   working day, a make-up working day is;
2. within the years the pinned `chinesecalendar` package knows (2004-2026 for 1.11.0), the package;
3. outside them, Monday to Friday.

The State Council publishes each year's schedule late in the previous year; until someone enters
it (admin or `manage.py load_holidays`), deadlines in that year are counted on weekdays only and
are *provisional*: `provisional_between()` names such years so the pages and the API can say so.
"""

from __future__ import annotations

from datetime import date, timedelta

from chinese_calendar import constants
from django.utils.translation import gettext as _

from services.models import CalendarDay

FIRST_YEAR = min(constants.holidays).year
LAST_YEAR = max(max(constants.holidays), max(constants.workdays)).year

# Rows are read for the span a count will most likely need: two calendar days per working day
# plus a month covers weekends and the longest break (Spring Festival) with room to spare.
# A span that still falls short is extended by another read, never by one read per day.
MARGIN_DAYS = 31


def package_covers(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def _package_says_working(day: date) -> bool:
    # The package's own rule (chinese_calendar.is_workday) without its per-call range check.
    return day in constants.workdays or (day.weekday() < 5 and day not in constants.holidays)


class _Schedule:
    """The rule above over a span of days, with the span's CalendarDay rows read in one query."""

    def __init__(self, first: date, last: date) -> None:
        self.first, self.last = first, last
        self.kinds = self._read(first, last)

    @staticmethod
    def _read(first: date, last: date) -> dict[date, str]:
        return dict(CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "kind"))

    def is_working(self, day: date) -> bool:
        if day > self.last:
            self.kinds.update(self._read(self.last + timedelta(days=1), day + timedelta(days=MARGIN_DAYS)))
            self.last = day + timedelta(days=MARGIN_DAYS)
        elif day < self.first:
            self.kinds.update(self._read(day - timedelta(days=MARGIN_DAYS), self.first - timedelta(days=1)))
            self.first = day - timedelta(days=MARGIN_DAYS)
        kind = self.kinds.get(day)
        if kind is not None:
            return kind == CalendarDay.Kind.WORKDAY
        if package_covers(day.year):
            return _package_says_working(day)
        return day.weekday() < 5


def is_working_day(day: date) -> bool:
    return _Schedule(day, day).is_working(day)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (`start` itself does not count); n=0 gives `start`."""
    if n < 0:
        raise ValueError("n must not be negative")
    schedule = _Schedule(start + timedelta(days=1), start + timedelta(days=2 * n + MARGIN_DAYS))
    day = start
    while n > 0:
        day += timedelta(days=1)
        if schedule.is_working(day):
            n -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end < start:
        return -working_days_between(end, start)
    if end == start:
        return 0
    schedule = _Schedule(start + timedelta(days=1), end)
    return sum(schedule.is_working(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))


def subtract_working_days(end: date, n: int) -> date:
    """The working day n working days before `end` (the day a reminder is due)."""
    schedule = _Schedule(end - timedelta(days=2 * max(n, 0) + MARGIN_DAYS), end - timedelta(days=1))
    day = end
    while n > 0:
        day -= timedelta(days=1)
        if schedule.is_working(day):
            n -= 1
    return day


def schedule_known(year: int) -> bool:
    """True if the package knows the year or the district entered at least one holiday in it."""
    return not provisional_between(date(year, 1, 1), date(year, 1, 1))


def provisional_between(start: date, end: date) -> list[int]:
    """The years from `start` to `end` (either order) whose official schedule is not known.

    No query when the package knows every year of the range.
    """
    first, last = sorted((start.year, end.year))
    unknown = [year for year in range(first, last + 1) if not package_covers(year)]
    if not unknown:
        return []
    entered = {
        d.year
        for d in CalendarDay.objects.filter(
            kind=CalendarDay.Kind.HOLIDAY, date__range=(date(unknown[0], 1, 1), date(unknown[-1], 12, 31))
        ).dates("date", "year")
    }
    return [year for year in unknown if year not in entered]


def provisional_notice(years: list[int]) -> str:
    """What the pages and the API tell the sender about a deadline counted on weekdays only."""
    return _(
        "The deadline was counted on weekdays only (Monday to Friday): the official holiday schedule "
        "for %(years)s has not been entered yet. Check the deadline once the State Council's schedule "
        "is entered."
    ) % {"years": ", ".join(str(year) for year in years)}
