"""Load the three Wuhou duty lists shipped in services/data as version 1 of each, published.

Idempotent, and never in the way of an official import: a kind that already has any version
is left alone, so running it twice creates nothing twice and never supersedes a newer version.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from django.db import transaction

from . import importing
from .actions.duties import duty_list_create, duty_list_publish
from .models import DutyList

DATA = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _items(name: str) -> tuple[list[importing.Row], dict[str, str]]:
    rows, sources = [], {}
    for number, raw in enumerate(_rows(name), start=2):
        rows.append(
            importing.Row(
                number=number,
                category_code=raw["category_code"],
                category_name=raw["category_name"],
                item_code=raw["item_code"],
                title=raw["title"],
                legal_basis=raw["legal_basis"],
                responsible_department=raw["responsible_department"],
                is_placeholder=raw["placeholder"] == "1",
            )
        )
        sources[raw["item_code"]] = raw["source"]
    return rows, sources


@transaction.atomic
def reference_load() -> dict[str, int]:
    created = kept = 0
    for meta in _rows("duty_lists.csv"):
        if DutyList.objects.filter(kind=meta["kind"]).exists():
            kept += 1
            continue
        rows, sources = _items(meta["file"])
        declared_categories = int(meta["declared_categories"]) or None
        check = importing.validate(
            rows, declared_items=int(meta["declared_items"]), declared_categories=declared_categories
        )
        if not check.ok:  # a broken data file is a bug in the release, not something to half-load
            raise ValueError(f"services/data/{meta['file']}: {check.errors[:3]}")
        duty_list = duty_list_create(
            actor=None,
            kind=meta["kind"],
            title=meta["title"],
            rows=rows,
            declared_item_count=int(meta["declared_items"]),
            declared_category_count=declared_categories or 0,
            document_number=meta["document_number"],
            in_force_from=date.fromisoformat(meta["in_force_from"]) if meta["in_force_from"] else None,
            source=meta["source"],
            item_sources=sources,
        )
        duty_list_publish(actor=None, duty_list=duty_list)
        created += 1
    return {"duty_lists_created": created, "duty_lists_kept": kept}
