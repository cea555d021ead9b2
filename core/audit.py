"""The audit trail every app writes to.

`audit_record()` is called by actions inside their transaction; it appends one record whose
hash covers the previous record's hash, so altering or removing any record breaks the chain
from that point (`python manage.py verify_audit`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from .context import request_id_var
from .models import GENESIS_HASH, AuditCheckpoint, AuditHead, AuditRecord

HASHED_FIELDS = (
    "seq",
    "created_at",
    "actor_id",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "from_state",
    "to_state",
    "reason",
    "request_id",
    "data",
    "prev_hash",
)


def _canonical(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def compute_hash(record: AuditRecord) -> str:
    payload = {name: _canonical(getattr(record, name)) for name in HASHED_FIELDS}
    if payload["created_at"] and record.created_at.tzinfo is not None:
        payload["created_at"] = record.created_at.astimezone(UTC).isoformat()
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def object_type_of(obj: models.Model | type[models.Model]) -> str:
    return obj._meta.label_lower


def snake_name(model: type[models.Model] | models.Model) -> str:
    """`TaskAssignment` -> `task_assignment`: the `<model>` half of an audit action name."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model._meta.object_name).lower()


# Every action name has one form, `<model>.<verb>`, where <model> is the audited object's model in
# snake case. Records written before the rule keep their old names (the hash covers them); this map
# gives the name each would have today, keyed by (object_type, old name). docs/decisions/010.
LEGACY_ACTION_NAMES: dict[tuple[str, str], str] = {
    **{
        ("services.taskassignment", f"task.{verb}"): f"task_assignment.{verb}"
        for verb in (
            "send",
            "accept",
            "refuse",
            "appeal",
            "decide_appeal",
            "complete",
            "rejudge",
            "remind_due_soon",
            "remind_overdue",
        )
    },
    ("services.taskrequest", "task.send"): "task_request.send",
    ("services.taskrequest", "task.rejudge"): "task_request.rejudge",
    ("services.dutylist", "duty_list_create"): "duty_list.create",
    ("services.dutylist", "duty_list_publish"): "duty_list.publish",
    ("services.dutylist", "duty_list_supersede"): "duty_list.supersede",
    ("services.dutylistimport", "duty_import_upload"): "duty_list_import.upload",
    ("services.dutylistimport", "duty_import_validated"): "duty_list_import.validate",
    ("services.dutylistimport", "duty_import_invalid"): "duty_list_import.reject",
    ("services.dutylistimport", "duty_import_running"): "duty_list_import.start",
    ("services.dutylistimport", "duty_import_done"): "duty_list_import.finish",
    ("services.dutylistimport", "duty_import_failed"): "duty_list_import.fail",
    ("services.calendarday", "calendar_day_create"): "calendar_day.create",
    ("services.calendarday", "calendar_day_update"): "calendar_day.update",
    ("services.calendarday", "calendar_day_delete"): "calendar_day.delete",
    ("organizations.person", "coordinator.hire"): "person.coordinator_hire",
    ("organizations.person", "coordinator.transfer"): "person.coordinator_transfer",
    ("organizations.admissionstandard", "organization.admission_standard_update"): "admission_standard.update",
}


def action_name(object_type: str, action: str) -> str:
    """The record's action under today's naming rule (old records are mapped, never rewritten)."""
    return LEGACY_ACTION_NAMES.get((object_type, action), action)


def audit_record(
    *,
    actor,
    obj: models.Model,
    action: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict | None = None,
) -> AuditRecord:
    """Append one audit record. Must run inside the action's transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record() must be called inside the action's transaction")
    if not re.fullmatch(rf"{snake_name(obj)}\.[a-z][a-z_]*", action):
        raise ValueError(f"audit action {action!r} is not of the form '{snake_name(obj)}.<verb>'")
    head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
    actor = actor if getattr(actor, "is_authenticated", False) else None
    record = AuditRecord(
        seq=head.seq + 1,
        # Microseconds are kept: SQLite and PostgreSQL both store them, so the hash round-trips.
        created_at=timezone.now(),
        actor=actor,
        actor_name=(actor.get_username() if actor else "system"),
        action=action,
        object_type=object_type_of(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        from_state=str(from_state or ""),
        to_state=str(to_state or ""),
        reason=reason or "",
        request_id=request_id_var.get(),
        data=json.loads(json.dumps(data or {}, default=str)),
        prev_hash=head.hash,
    )
    record.actor_id = actor.pk if actor else None
    record.hash = compute_hash(record)
    record.save()
    AuditHead.objects.filter(id=1).update(seq=record.seq, hash=record.hash)
    return record


@dataclass(frozen=True)
class ChainFault:
    seq: int
    record_id: int | None
    problem: str


def verify_chain(records: Iterable[AuditRecord] | None = None) -> ChainFault | None:
    """Walk the chain in order; return the first fault, or None if the chain is whole."""
    if records is None:
        records = AuditRecord.objects.order_by("seq").iterator(chunk_size=2000)
    expected_prev = GENESIS_HASH
    expected_seq = 1
    for record in records:
        if record.seq != expected_seq:
            return ChainFault(expected_seq, None, f"record #{expected_seq} is missing (next is #{record.seq})")
        if record.prev_hash != expected_prev:
            return ChainFault(record.seq, record.pk, f"record #{record.seq} does not follow #{record.seq - 1}")
        if compute_hash(record) != record.hash:
            return ChainFault(record.seq, record.pk, f"record #{record.seq} (id {record.pk}) was altered")
        expected_prev = record.hash
        expected_seq += 1
    head = AuditHead.objects.filter(id=1).first()
    if head and head.seq != expected_seq - 1:
        return ChainFault(expected_seq, None, f"records #{expected_seq} to #{head.seq} were removed")
    if head and head.hash != expected_prev:
        return ChainFault(head.seq, None, f"the chain's head does not match record #{head.seq}")
    return None


def verify_head(seq: int, hash_: str) -> ChainFault | None:
    """Whether the chain up to record `seq` is still the one whose head someone saw as `hash_`.

    The whole chain is walked first: a record altered in place breaks it. A chain rewritten
    wholesale (every hash recomputed) would pass that walk, but no longer reach `hash_` at `seq`.
    """
    fault = verify_chain()
    if fault and fault.seq <= seq:
        return fault
    if seq == 0:
        return None if hash_ == GENESIS_HASH else ChainFault(0, None, "the empty chain's head is the genesis hash")
    record = AuditRecord.objects.filter(seq=seq).first()
    if record is None:
        return ChainFault(seq, None, f"record #{seq} is missing")
    if record.hash != hash_:
        return ChainFault(seq, record.pk, f"record #{seq} no longer has the hash that was saved: history was rewritten")
    return None


@transaction.atomic
def audit_checkpoint_record(*, on=None) -> AuditCheckpoint:
    """Publish today's head (once a day; a second call the same day returns the first).

    Not itself audited: a checkpoint is a copy of the chain's head, and an audit record for it
    would move the head it names.
    """
    on = on or timezone.localdate()
    head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
    checkpoint, _ = AuditCheckpoint.objects.get_or_create(recorded_on=on, defaults={"seq": head.seq, "hash": head.hash})
    return checkpoint


# --- Who may read an object's history ---------------------------------------------------------
HistoryAccess = Callable[[Any, str], models.Model]
_history_access: dict[str, HistoryAccess] = {}


def register_history_access(model: type[models.Model], access: HistoryAccess) -> None:
    """`access(user, pk)` returns the object or raises Http404 for 'missing' and 'not yours' alike."""
    _history_access[object_type_of(model)] = access


def history_access_for(object_type: str) -> HistoryAccess | None:
    return _history_access.get(object_type)
