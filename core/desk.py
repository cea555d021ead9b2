"""Each role's home is its desk: what waits on me (counted, linked), then what this role does daily.

Apps register their entries in their AppConfig.ready(), as they do for the menu; core imports no
app. A counted entry gives a QuerySet of what waits; the desk counts all of its entries in one
query (a subquery each), however many apps add entries, and only those the user sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DeskEntry:
    label: str
    url_name: str
    # Each callable takes the user; apps compute their own scope from it (core imports no app).
    visible: Callable[[object], bool]
    # count(user) -> a QuerySet of what waits on me (or an int known without a query); None for a
    # daily link.
    count: Callable[[object], object] | None = None
    # url_args(user) -> args for reverse(), for pages of one object (the resident's community).
    url_args: Callable[[object], tuple] | None = None
    order: int = 100


_entries: list[DeskEntry] = []


def desk_register(entry: DeskEntry) -> None:
    if all((e.url_name, e.label) != (entry.url_name, entry.label) for e in _entries):
        _entries.append(entry)
        _entries.sort(key=lambda e: e.order)


def desk_for(user) -> tuple[list[dict], list[dict]]:
    """(waiting, daily): the entries this user sees, the waiting ones with their counts."""
    from django.urls import reverse

    waiting, daily = [], []
    for entry in _entries:
        if not entry.visible(user):
            continue
        row = {
            "label": entry.label,
            "url": reverse(entry.url_name, args=entry.url_args(user) if entry.url_args else ()),
        }
        if entry.count is None:
            daily.append(row)
        else:
            waiting.append({**row, "count": entry.count(user)})
    for row, count in zip(waiting, counts_in_one_query([row["count"] for row in waiting]), strict=True):
        row["count"] = count
    return waiting, daily


def counts_in_one_query(items: list) -> list[int]:
    """The counts of several QuerySets in one round trip: SELECT (SELECT COUNT(*) FROM (…)), …

    Ints pass through; a QuerySet that can match nothing (`.none()`, `pk__in=[]`) counts 0 without SQL.
    """
    from django.core.exceptions import EmptyResultSet
    from django.db import connection

    counts = [item if isinstance(item, int) else None for item in items]
    parts, params, slots = [], [], []
    for index, item in enumerate(items):
        if counts[index] is not None:
            continue
        try:
            sql, item_params = item.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:
            counts[index] = 0
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) desk_{index})")
        params.extend(item_params)
        slots.append(index)
    if parts:
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            for index, value in zip(slots, cursor.fetchone(), strict=True):
                counts[index] = value
    return counts
