"""Each role's home is its desk: what waits on me (counted, linked), then what this role does daily.

Apps register their entries in their AppConfig.ready(), as they do for the menu; core imports no
app. A counted entry costs one query, and only for the users who see it.
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
    # count(user) -> int for "what waits on me"; None for a daily link.
    count: Callable[[object], int] | None = None
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
    return waiting, daily
