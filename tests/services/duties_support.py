"""Fixtures and file builders for the duty-list tests (imported by tests/services/test_duty_*.py)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from services import importing
from services.actions.duties import duty_list_create, duty_list_publish
from services.models import DutyList
from services.reference import reference_load

HEADER = importing.HEADER


@pytest.fixture
def duty_media(settings, tmp_path):
    """Uploaded files go to a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def duty_reference(db):
    """The three shipped lists, loaded: {kind: the version in force}."""
    reference_load()
    return {dl.kind: dl for dl in DutyList.objects.filter(status=DutyList.Status.PUBLISHED)}


def item_rows(n: int, *, categories: int = 0, prefix: str = "X") -> list[list[str]]:
    """n good rows spread over `categories` categories (none if 0)."""
    rows = []
    for i in range(1, n + 1):
        if categories:
            c = (i - 1) % categories + 1
            cat = [f"{prefix}{c:02d}", f"类别{c}"]
        else:
            cat = ["", ""]
        rows.append([*cat, f"{prefix}-{i:05d}", f"事项{i} 协助开展社区服务", "法律依据", "区民政局", ""])
    return rows


def csv_upload(rows: list[list[str]], name: str = "list.csv", *, header=True) -> SimpleUploadedFile:
    body = importing.write_csv(([HEADER] if header else []) + rows)
    return SimpleUploadedFile(name, body, content_type="text/csv")


def xlsx_upload(rows: list[list[str]], name: str = "list.xlsx") -> SimpleUploadedFile:
    body = importing.write_xlsx([HEADER, *rows])
    return SimpleUploadedFile(name, body, content_type=importing.__name__)


def make_list(kind: str = "assisting", *, n: int = 3, categories: int = 1, publish: bool = True, title="测试清单"):
    rows = [
        importing.Row(
            number=i + 2,
            category_code=r[0],
            category_name=r[1],
            item_code=r[2],
            title=r[3],
            legal_basis=r[4],
            responsible_department=r[5],
        )
        for i, r in enumerate(item_rows(n, categories=categories, prefix=kind[0].upper()))
    ]
    duty_list = duty_list_create(
        actor=None, kind=kind, title=title, rows=rows, declared_item_count=n, declared_category_count=categories
    )
    return duty_list_publish(actor=None, duty_list=duty_list) if publish else duty_list


def upload_form(kind="assisting", *, items: int, categories: int | None = None, upload=None, **extra) -> dict:
    data = {"kind": kind, "title": "武侯区社区居民委员会协助政府工作事项清单（2026）", "declared_item_count": items}
    if categories is not None:
        data["declared_category_count"] = categories
    if upload is not None:
        data["file"] = upload
    data.update(extra)
    return data
