"""Writes of the official holiday schedule (`CalendarDay`): loading a year's days, all or nothing.

The admin, `manage.py load_holidays` and any later upload page call these actions. Each day
that is created, changed or removed gets its own audit record on that day: a year's schedule is
about thirty rows, and a per-day record answers the question that matters later ("who said
2027-02-12 was a holiday, and on what notice?") from the day's own history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import require_district_admin
from core.audit import audit_record
from core.errors import DomainError
from services.models import CalendarDay

K = CalendarDay.Kind
# What a file may say in the kind column: the stored value, or the words the notices use.
KIND_WORDS = {
    "holiday": K.HOLIDAY,
    "statutory holiday": K.HOLIDAY,
    "法定节假日": K.HOLIDAY,
    "节假日": K.HOLIDAY,
    "放假": K.HOLIDAY,
    "workday": K.WORKDAY,
    "make-up working day": K.WORKDAY,
    "调休上班": K.WORKDAY,
    "调休": K.WORKDAY,
    "上班": K.WORKDAY,
}
FIELDS = ("kind", "name", "source")


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _check(rows: Iterable[Mapping[str, object]]) -> list[dict]:
    """Every row checked; a DomainError naming each bad row if any is bad."""
    clean, errors, seen = [], [], {}
    max_name = CalendarDay._meta.get_field("name").max_length
    max_source = CalendarDay._meta.get_field("source").max_length
    for index, row in enumerate(rows, start=1):
        number = row.get("row") or index
        problems = []
        raw_date = row.get("date")
        day = raw_date if isinstance(raw_date, date) else None
        if day is None:
            try:
                day = date.fromisoformat(_text(raw_date))
            except ValueError:
                problems.append(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": _text(raw_date)})
        kind = KIND_WORDS.get(_text(row.get("kind")).lower())
        if kind is None:
            problems.append(
                _("the kind must be holiday (法定节假日) or workday (调休上班), not “%(value)s”.")
                % {"value": _text(row.get("kind"))}
            )
        name, source = _text(row.get("name")), _text(row.get("source"))
        if not name:
            problems.append(_("the name of the holiday is missing."))
        elif len(name) > max_name:
            problems.append(_("the name is longer than %(max)s characters.") % {"max": max_name})
        if len(source) > max_source:
            problems.append(_("the source is longer than %(max)s characters.") % {"max": max_source})
        if day is not None:
            if day in seen:
                problems.append(
                    _("%(date)s is given twice (first on row %(first)s).") % {"date": day, "first": seen[day]}
                )
            seen.setdefault(day, number)
        errors += [_("Row %(row)s: %(problem)s") % {"row": number, "problem": p} for p in problems]
        if not problems:
            clean.append({"date": day, "kind": kind, "name": name, "source": source})
    if errors:
        raise DomainError(
            _("%(count)s problem(s) in the schedule; nothing was loaded.") % {"count": len(errors)},
            fields={"rows": errors},
            code="bad_rows",
        )
    if not clean:
        raise DomainError(_("The schedule has no rows."), fields={"rows": [_("The schedule has no rows.")]})
    return clean


@transaction.atomic
def calendar_days_load(*, actor, rows: Iterable[Mapping[str, object]]) -> LoadResult:
    """Enter or correct days of the official schedule, keyed by date; loading the same rows again
    changes nothing. `rows` are mappings with date, kind, name and source (strings as a CSV file
    gives them, or a date), and optionally `row`, the number errors name (else 1, 2, ...)."""
    # actor=None is the system (a management command run by the operator).
    if actor is not None:
        require_district_admin(actor, _("Only the district civil-affairs bureau enters the holiday schedule."))
    clean = _check(rows)
    existing = {d.date: d for d in CalendarDay.objects.select_for_update().filter(date__in=[r["date"] for r in clean])}
    created = updated = 0
    for row in clean:
        day = existing.get(row["date"])
        if day is None:
            day = CalendarDay.objects.create(
                **row, created_by=actor if getattr(actor, "is_authenticated", False) else None
            )
            audit_record(
                actor=actor,
                obj=day,
                action="calendar_day.create",
                to_state=day.kind,
                reason=day.source,
                data={"date": day.date.isoformat(), "name": day.name},
            )
            created += 1
        elif any(getattr(day, f) != row[f] for f in FIELDS):
            before = {f: getattr(day, f) for f in FIELDS}
            for f in FIELDS:
                setattr(day, f, row[f])
            day.save(update_fields=list(FIELDS))
            audit_record(
                actor=actor,
                obj=day,
                action="calendar_day.update",
                from_state=before["kind"],
                to_state=day.kind,
                reason=day.source,
                data={"date": day.date.isoformat(), "before": before, "name": day.name},
            )
            updated += 1
    return LoadResult(created=created, updated=updated, unchanged=len(clean) - created - updated)


@transaction.atomic
def calendar_day_delete(*, actor, day: CalendarDay, reason: str = "") -> None:
    """Remove a day entered by mistake; the package or the weekday rule decides it again."""
    # actor=None is the system (a management command run by the operator).
    if actor is not None:
        require_district_admin(actor, _("Only the district civil-affairs bureau enters the holiday schedule."))
    day = CalendarDay.objects.select_for_update().get(pk=day.pk)
    audit_record(
        actor=actor,
        obj=day,
        action="calendar_day.delete",
        from_state=day.kind,
        reason=reason,
        data={"date": day.date.isoformat(), "name": day.name, "source": day.source},
    )
    day.delete()
