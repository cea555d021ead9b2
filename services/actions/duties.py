"""Writes of the duty lists: publishing versions and importing files, all or nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import require_district_admin
from core.audit import audit_record
from core.errors import Conflict, DomainError
from core.jobs import job_enqueue
from core.public_cache import DUTY_LISTS, public_changed
from services import importing
from services.models import DutyCategory, DutyItem, DutyList, DutyListImport
from services.states import DUTY_LIST, DUTY_LIST_IMPORT

L = DutyList.Status
I = DutyListImport.Status  # noqa: E741
BATCH = 1000


# --- Versions ---------------------------------------------------------------------------------
@transaction.atomic
def duty_list_create(
    *,
    actor,
    kind: str,
    title: str,
    rows: list[importing.Row],
    declared_item_count: int,
    declared_category_count: int = 0,
    document_number: str = "",
    in_force_from: date | None = None,
    source: str = "",
    item_sources: dict[str, str] | None = None,
    progress=None,
) -> DutyList:
    """A new draft version of a list from checked rows (see importing.validate)."""
    # Lock the kind's versions so two imports of one list cannot take the same number.
    existing = list(DutyList.objects.select_for_update().filter(kind=kind).values_list("version", flat=True))
    version = max(existing, default=0) + 1
    duty_list = DutyList.objects.create(
        kind=kind,
        version=version,
        title=title,
        document_number=document_number,
        in_force_from=in_force_from,
        declared_item_count=declared_item_count,
        declared_category_count=declared_category_count or 0,
        status=L.DRAFT,
        source=source,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    categories: dict[str, DutyCategory] = {}
    for row in rows:
        if row.category_code and row.category_code not in categories and row.category_name:
            categories[row.category_code] = DutyCategory(
                duty_list=duty_list, code=row.category_code, name=row.category_name, position=len(categories) + 1
            )
    DutyCategory.objects.bulk_create(categories.values(), batch_size=BATCH)
    item_sources = item_sources or {}
    items = [
        DutyItem(
            duty_list=duty_list,
            category=categories.get(row.category_code),
            code=row.item_code,
            title=row.title,
            legal_basis=row.legal_basis,
            responsible_department=row.responsible_department,
            is_placeholder=row.is_placeholder,
            position=position,
            source=item_sources.get(row.item_code, ""),
        )
        for position, row in enumerate(rows, start=1)
    ]
    for start in range(0, len(items), BATCH):
        DutyItem.objects.bulk_create(items[start : start + BATCH])
        if progress:
            progress(min(start + BATCH, len(items)))
    audit_record(
        actor=actor,
        obj=duty_list,
        action="duty_list.create",
        to_state=L.DRAFT,
        data={"items": len(items), "categories": len(categories)},
    )
    return duty_list


@transaction.atomic
def duty_list_publish(*, actor, duty_list: DutyList, reason: str = "") -> DutyList:
    """Put a draft version in force; the version in force until now becomes superseded.
    `actor` is the district admin, or None for the reference loader."""
    DUTY_LIST.check(actor, duty_list, "publish")
    current = DutyList.objects.select_for_update().filter(kind=duty_list.kind, status=L.PUBLISHED).first()
    if current is not None:
        if current.version > duty_list.version:
            raise Conflict(_("A newer version of this list is already in force."), code="newer_in_force")
        # Superseded first: at most one version of a kind may be in force (duty_list_one_in_force).
        DUTY_LIST.move(
            actor=actor,
            obj=current,
            action="supersede",
            reason=reason,
            data={"superseded_by": duty_list.pk, "version": duty_list.version},
            superseded_by=duty_list,
        )
    # The public lists, the item search and their pages come from the cache: renew them.
    public_changed(DUTY_LISTS)
    return DUTY_LIST.move(
        actor=actor,
        obj=duty_list,
        action="publish",
        reason=reason,
        data={"supersedes": current.pk if current else None},
        published_at=timezone.now(),
    )


# --- Imports ------------------------------------------------------------------------------------
_IMPORT_ACTIONS = {I.VALIDATED: "validate", I.INVALID: "reject", I.RUNNING: "start", I.DONE: "finish", I.FAILED: "fail"}


def _transition(duty_import: DutyListImport, target: str, *, actor=None, **fields) -> DutyListImport:
    """Move the import to `target`; the audit names the user who uploaded it. Call inside a
    transaction. `actor` is the district admin starting the import, or None for the portal's own
    checking and applying."""
    return DUTY_LIST_IMPORT.move(
        actor=actor,
        obj=duty_import,
        action=_IMPORT_ACTIONS[target],
        on_behalf_of=duty_import.created_by,
        data={k: v for k, v in fields.items() if k in ("total_rows", "processed_rows")},
        **fields,
    )


@transaction.atomic
def duty_import_upload(
    *,
    actor,
    kind: str,
    file,
    title: str,
    declared_item_count: int,
    declared_category_count: int | None = None,
    document_number: str = "",
    in_force_from: date | None = None,
) -> DutyListImport:
    """Keep the uploaded file and check it: inline when small, as a job when large."""
    require_district_admin(actor, _("Only the district civil-affairs bureau manages the duty lists."))
    if kind not in DutyList.Kind.values:
        raise DomainError(_("Choose which list this file is."), fields={"kind": _("Choose which list this file is.")})
    try:
        importing.file_format(file.name)
    except importing.FileProblem as problem:
        message = importing.error_message(problem.error)
        raise DomainError(message, fields={"file": message}, code="bad_format") from problem
    file.seek(0)
    estimate = importing.count_rows(file, file.name)
    file.seek(0)
    if estimate > importing.MAX_ROWS:
        message = importing.error_message(importing.make_error("too_many_rows", max=importing.MAX_ROWS))
        raise DomainError(message, fields={"file": message}, code="too_many_rows")
    duty_import = DutyListImport.objects.create(
        kind=kind,
        file=file,
        title=title,
        document_number=document_number,
        in_force_from=in_force_from,
        declared_item_count=declared_item_count,
        declared_category_count=declared_category_count,
        total_rows=estimate,
        created_by=actor,
    )
    audit_record(actor=actor, obj=duty_import, action="duty_list_import.upload", to_state=I.UPLOADED)
    if estimate > importing.INLINE_ROW_LIMIT:
        job_enqueue(task_name="services.tasks_duties.duty_import_validate_job", kwargs={"import_id": duty_import.pk})
    else:
        duty_import = duty_import_validate(import_id=duty_import.pk)
    return duty_import


def _progress_saver(import_id: int):
    def save(done: int) -> None:
        DutyListImport.objects.filter(pk=import_id).update(processed_rows=done)

    return save


def _read_and_check(duty_import: DutyListImport, progress=None) -> importing.Validation:
    try:
        with duty_import.file.open("rb") as handle:
            rows = importing.read_rows(handle, duty_import.file.name)
    except importing.FileProblem as problem:
        return importing.Validation(rows=[], errors=[problem.error])
    if progress:
        DutyListImport.objects.filter(pk=duty_import.pk).update(total_rows=len(rows), processed_rows=0)
    return importing.validate(
        rows,
        declared_items=duty_import.declared_item_count,
        declared_categories=duty_import.declared_category_count,
        progress=progress,
    )


def duty_import_validate(*, import_id: int) -> DutyListImport | None:
    """Read and check an uploaded file; record the preview or every bad row. Idempotent."""
    duty_import = DutyListImport.objects.filter(pk=import_id).first()
    if duty_import is None or duty_import.status != I.UPLOADED:
        return duty_import
    # Progress is committed as it goes (outside the final transaction) so the page can poll it.
    result = _read_and_check(duty_import, progress=_progress_saver(import_id))
    with transaction.atomic():
        duty_import = DutyListImport.objects.select_for_update().get(pk=import_id)
        if duty_import.status != I.UPLOADED:
            return duty_import
        return _transition(
            duty_import,
            I.VALIDATED if result.ok else I.INVALID,
            errors=result.errors,
            summary=result.summary(),
            total_rows=len(result.rows),
            processed_rows=len(result.rows),
        )


@transaction.atomic
def duty_import_confirm(*, actor, duty_import: DutyListImport) -> DutyListImport:
    """The admin has seen the preview: create and publish the new version (a job when large)."""
    require_district_admin(actor, _("Only the district civil-affairs bureau manages the duty lists."))
    duty_import = DutyListImport.objects.select_for_update().get(pk=duty_import.pk)
    if duty_import.status == I.INVALID:
        raise Conflict(_("This file has errors; correct it and upload it again."), code="import_invalid")
    if duty_import.status != I.VALIDATED:
        raise Conflict(_("This import is not waiting for confirmation."), code="import_not_ready")
    duty_import = _transition(duty_import, I.RUNNING, actor=actor, processed_rows=0)
    if duty_import.total_rows > importing.INLINE_ROW_LIMIT:
        job_enqueue(task_name="services.tasks_duties.duty_import_apply_job", kwargs={"import_id": duty_import.pk})
    else:
        duty_import = duty_import_apply(import_id=duty_import.pk)
    return duty_import


def duty_import_apply(*, import_id: int) -> DutyListImport | None:
    """Create the version in one transaction; a file that no longer checks out fails. Idempotent."""
    duty_import = DutyListImport.objects.filter(pk=import_id).first()
    if duty_import is None or duty_import.status != I.RUNNING:
        return duty_import
    # The file is read and checked again (it is the truth, not the preview); progress is saved as it goes.
    result = _read_and_check(duty_import, progress=_progress_saver(import_id))
    if not result.ok:
        with transaction.atomic():
            return _transition(duty_import, I.FAILED, errors=result.errors)
    try:
        with transaction.atomic():
            locked = DutyListImport.objects.select_for_update().get(pk=import_id)
            if locked.status != I.RUNNING:
                return locked
            duty_list = duty_list_create(
                actor=locked.created_by,
                kind=locked.kind,
                title=locked.title,
                rows=result.rows,
                declared_item_count=locked.declared_item_count,
                declared_category_count=locked.declared_category_count or 0,
                document_number=locked.document_number,
                in_force_from=locked.in_force_from,
                source=_("Imported from %(file)s (import #%(id)s)") % {"file": locked.file.name, "id": locked.pk},
            )
            duty_list_publish(actor=locked.created_by, duty_list=duty_list)
            return _transition(locked, I.DONE, result_list=duty_list, processed_rows=len(result.rows))
    except DomainError as error:
        with transaction.atomic():
            return _transition(
                DutyListImport.objects.get(pk=import_id),
                I.FAILED,
                errors=[importing.make_error("import_failed", detail=error.message)],
            )


def duty_list_import_file(
    *,
    actor,
    handle,
    name: str,
    kind: str,
    title: str,
    declared_item_count: int,
    declared_category_count: int | None = None,
    document_number: str = "",
    in_force_from: date | None = None,
    dry_run: bool = False,
) -> tuple[importing.Validation, DutyList | None]:
    """The management command's path: check a file and, if clean, create and publish a version."""
    try:
        rows = importing.read_rows(handle, name)
    except importing.FileProblem as problem:
        return importing.Validation(rows=[], errors=[problem.error]), None
    result = importing.validate(rows, declared_items=declared_item_count, declared_categories=declared_category_count)
    if not result.ok or dry_run:
        return result, None
    with transaction.atomic():
        duty_list = duty_list_create(
            actor=actor,
            kind=kind,
            title=title,
            rows=rows,
            declared_item_count=declared_item_count,
            declared_category_count=declared_category_count or 0,
            document_number=document_number,
            in_force_from=in_force_from,
            source=_("Imported from %(file)s") % {"file": Path(name).name},
        )
        duty_list = duty_list_publish(actor=actor, duty_list=duty_list)
    return result, duty_list
