"""Keyset ("cursor") pages for long lists on pages: newer / older links instead of page numbers.

A page number costs a COUNT of the whole list and an OFFSET that grows with depth; a keyset page
asks for the rows just past the last one seen, which an index on the ordering serves at any depth.
The ordering is a timestamp then the id, both descending; the cursor is "<microseconds>-<id>".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db.models import Q, QuerySet

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class KeysetPage:
    items: list = field(default_factory=list)
    newer: str | None = None  # cursor for the `newer` link, None when this is the newest page
    older: str | None = None  # cursor for the `older` link, None when this is the oldest page

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.newer or self.older)


def cursor_of(obj, stamp: str) -> str:
    """The cursor of a row: a model instance, or a dict of values() holding `stamp` and "id"."""
    if isinstance(obj, dict):
        moment, pk = obj[stamp], obj["id"]
    else:
        moment, pk = getattr(obj, stamp), obj.pk
    return f"{(moment - EPOCH) // timedelta(microseconds=1)}-{pk}"


def _parse(value: str | None) -> tuple[datetime, int] | None:
    """A cursor, or None for anything malformed (which shows the first page)."""
    micros, _sep, pk = (value or "").partition("-")
    if not (micros.isdigit() and pk.isdigit()) or len(micros) > 18:
        return None
    return EPOCH + timedelta(microseconds=int(micros)), int(pk)


def keyset_page(qs: QuerySet, params, *, size: int = 50, stamp: str = "created_at") -> KeysetPage:
    """One page of `qs` newest first by (`stamp`, id); `params` is request.GET (`older`/`newer`)."""
    older, newer = _parse(params.get("older")), _parse(params.get("newer"))
    if newer:
        moment, pk = newer
        # The `stamp >= moment` bound is what the index range uses; the OR only settles ties.
        rows = list(
            qs.filter(Q(**{f"{stamp}__gte": moment}), Q(**{f"{stamp}__gt": moment}) | Q(pk__gt=pk)).order_by(
                stamp, "pk"
            )[: size + 1]
        )
        more = len(rows) > size
        items = rows[:size][::-1]
        return KeysetPage(
            items=items,
            newer=cursor_of(items[0], stamp) if more and items else None,
            older=cursor_of(items[-1], stamp) if items else None,
        )
    ordered = qs.order_by(f"-{stamp}", "-pk")
    if older:
        moment, pk = older
        ordered = ordered.filter(Q(**{f"{stamp}__lte": moment}), Q(**{f"{stamp}__lt": moment}) | Q(pk__lt=pk))
    rows = list(ordered[: size + 1])
    items = rows[:size]
    return KeysetPage(
        items=items,
        newer=cursor_of(items[0], stamp) if older and items else None,
        older=cursor_of(items[-1], stamp) if len(rows) > size else None,
    )
