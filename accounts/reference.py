"""Load Wuhou's places and departments from the CSV files shipped in accounts/data.

Idempotent: running it again updates names' sources and notes and creates nothing twice.
The files keep their `source` column; staff correct places in the admin.
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from core.public_cache import PLACES, public_changed

from .models import Community, Department, District, Street

DATA = Path(__file__).resolve().parent / "data"
WUHOU = {"name": "武侯区", "code": "510107", "source": "《中华人民共和国行政区划代码》（GB/T 2260）"}


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def reference_units_load() -> dict[str, int]:
    public_changed(PLACES)
    district, _ = District.objects.update_or_create(
        code=WUHOU["code"], defaults={"name": WUHOU["name"], "source": WUHOU["source"]}
    )
    streets: dict[str, Street] = {}
    for row in _rows("wuhou_streets.csv"):
        streets[row["street"]], _ = Street.objects.update_or_create(
            district=district,
            name=row["street"],
            defaults={
                "code": row["code"],
                "is_active": row["active"] == "1",
                "note": row["note"],
                "source": row["source"],
            },
        )
    communities = 0
    for row in _rows("wuhou_units.csv"):
        street = streets.get(row["street"])
        if street is None:
            street, _ = Street.objects.get_or_create(
                district=district, name=row["street"], defaults={"source": row["source"]}
            )
            streets[row["street"]] = street
        Community.objects.update_or_create(
            street=street,
            name=row["community"],
            defaults={"as_of": row["as_of"], "note": row["note"], "source": row["source"]},
        )
        communities += 1
    departments = 0
    for row in _rows("departments.csv"):
        Department.objects.update_or_create(
            district=district,
            name=row["name"],
            defaults={"short_name": row["short_name"], "is_civil_affairs": row["civil_affairs"] == "1"},
        )
        departments += 1
    return {"streets": len(streets), "communities": communities, "departments": departments}
