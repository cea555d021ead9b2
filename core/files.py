"""Stored files follow the rows that name them.

A file replaced by a new upload, or left behind by a row that is deleted, is removed from storage
once the transaction that stopped using it commits (never before: a rollback would leave the row
naming a file that is gone). A file stored by a transaction that then fails is removed at once.
"""

from __future__ import annotations

import functools
import logging

from django.db import transaction
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)


def _delete(storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError as exc:  # a file already gone is what we wanted; anything else is only logged
        logger.warning("could not delete stored file %s: %s", name, exc)


def file_delete_after_commit(field_file: FieldFile | None, *, name: str | None = None) -> None:
    """Remove `name` (default: the field's current file) from storage once the transaction commits."""
    name = name if name is not None else (field_file.name if field_file else "")
    if field_file is None or not name:
        return
    transaction.on_commit(functools.partial(_delete, field_file.storage, name))


def file_delete_now(field_file: FieldFile | None) -> None:
    """Remove a file stored by a transaction that is failing: no row will ever name it."""
    if field_file and field_file.name:
        _delete(field_file.storage, field_file.name)


def file_size(field_file: FieldFile | None) -> int:
    """The stored size of a field's file, 0 when there is none (or it went missing)."""
    if not field_file or not field_file.name:
        return 0
    try:
        return field_file.size
    except OSError:
        return 0
