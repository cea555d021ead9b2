"""Writes of budget lines: set by the district, committed by awards (never beyond the line)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.models import Street
from accounts.queries import scope_for
from core.audit import audit_record
from core.errors import Conflict, DomainError, NotAllowed
from organizations.models import ServiceDomain

from ..models import BudgetCommitment, BudgetLine, Project

# --- Budgets -------------------------------------------------------------------------------------


@transaction.atomic
def budget_line_set(*, actor, year: int, street: Street, domain: str, allocated: Decimal) -> BudgetLine:
    """Create a budget line or change what it allocates (never below what is already committed)."""
    if not scope_for(actor).is_district_admin:
        raise NotAllowed(_("Only the district civil-affairs bureau sets budgets."))
    problems = {}
    if not 2000 <= int(year) <= 2100:
        problems["year"] = _("Give a year between 2000 and 2100.")
    if domain not in ServiceDomain.values:
        problems["domain"] = _("Choose a service domain.")
    if allocated is None or allocated < 0:
        problems["allocated"] = _("The allocated amount cannot be negative.")
    if problems:
        raise DomainError(_("The budget line was not saved."), fields=problems)
    line = BudgetLine.objects.select_for_update().filter(year=year, street=street, domain=domain).first()
    if line is None:
        line = BudgetLine.objects.create(year=year, street=street, domain=domain, allocated=allocated)
        audit_record(actor=actor, obj=line, action="budget_line.create", data={"allocated": str(allocated)})
        return line
    if allocated < line.committed:
        raise Conflict(
            _("%(committed)s yuan of this line is already committed: it cannot be set below that.")
            % {"committed": line.committed},
            code="below_committed",
        )
    before = line.allocated
    BudgetLine.objects.filter(pk=line.pk).update(allocated=allocated)
    line.refresh_from_db()
    audit_record(
        actor=actor,
        obj=line,
        action="budget_line.update",
        data={"allocated": str(allocated), "allocated_before": str(before)},
    )
    return line


@transaction.atomic
def budget_commit(*, actor, line: BudgetLine, amount: Decimal, project: Project | None = None) -> BudgetCommitment:
    """Commit `amount` of `line` (an award does this). One conditional UPDATE: of any number of
    concurrent commitments, only those that still fit succeed; the others get a 409."""
    scope = scope_for(actor)
    if actor is not None and not (scope.is_district_admin or line.street_id in scope.street_ids):
        raise NotAllowed(_("Only the street office that owns this budget line may commit its money."))
    if amount is None or amount <= 0:
        raise DomainError(_("The amount must be more than zero."), fields={"amount": _("Must be more than zero.")})
    changed = BudgetLine.objects.filter(pk=line.pk, committed__lte=F("allocated") - amount).update(
        committed=F("committed") + amount
    )
    if changed != 1:
        line.refresh_from_db()
        raise Conflict(
            _("Only %(available)s yuan of this budget line is still available.") % {"available": line.available},
            code="budget_exceeded",
        )
    commitment = BudgetCommitment.objects.create(line=line, project=project, amount=amount)
    line.refresh_from_db()
    audit_record(
        actor=actor,
        obj=line,
        action="budget_line.commit",
        data={"amount": str(amount), "project": project.pk if project else None, "committed": str(line.committed)},
    )
    return commitment


# --- The spreadsheet import ----------------------------------------------------------------------

# The columns of a budget sheet, by their Chinese headers (English accepted too).
IMPORT_COLUMNS = {
    "year": ("年度", "year"),
    "street": ("街道", "street"),
    "domain": ("服务领域", "domain"),
    "allocated": ("预算金额", "allocated"),
}
IMPORT_MAX_ROWS = 2000


def _import_rows(upload) -> list[list]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or mislabelled file
        message = _("The file is not an Excel (.xlsx) workbook.")
        raise DomainError(message, fields={"file": message}) from exc
    rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    return [row for row in rows if any(cell not in (None, "") for cell in row)]


@transaction.atomic
def budget_lines_import(*, actor, upload) -> int:
    """Set budget lines from an .xlsx sheet (年度, 街道, 服务领域, 预算金额): all rows or none.
    Each row goes through `budget_line_set`, so each change is audited. Returns the rows set."""
    if not scope_for(actor).is_district_admin:
        raise NotAllowed(_("Only the district civil-affairs bureau sets budgets."))
    rows = _import_rows(upload)
    if not rows or len(rows) - 1 > IMPORT_MAX_ROWS:
        message = _("The sheet needs a header row and 1 to %(n)d budget lines.") % {"n": IMPORT_MAX_ROWS}
        raise DomainError(message, fields={"file": message})
    header = [str(cell or "").strip() for cell in rows[0]]
    columns = {}
    for key, names in IMPORT_COLUMNS.items():
        found = [i for i, title in enumerate(header) if title in names]
        if not found:
            message = _("The header row lacks the column “%(column)s”.") % {"column": names[0]}
            raise DomainError(message, fields={"file": message})
        columns[key] = found[0]
    streets = {s.name: s for s in Street.objects.filter(is_active=True)}
    domains = {str(label): value for value, label in ServiceDomain.choices} | {v: v for v in ServiceDomain.values}
    problems, parsed = [], []
    for number, row in enumerate(rows[1:], start=2):
        cells = {key: row[i] if i < len(row) else None for key, i in columns.items()}
        try:
            year = int(cells["year"])
            allocated = Decimal(str(cells["allocated"]).replace(",", "")).quantize(Decimal("0.01"))
        except (TypeError, ValueError, ArithmeticError):
            problems.append(_("Row %(row)d: give the year as a number and the amount in yuan.") % {"row": number})
            continue
        street = streets.get(str(cells["street"] or "").strip())
        domain = domains.get(str(cells["domain"] or "").strip())
        if street is None:
            problems.append(_("Row %(row)d: no street named “%(name)s”.") % {"row": number, "name": cells["street"]})
        elif domain is None:
            problems.append(_("Row %(row)d: no service domain “%(name)s”.") % {"row": number, "name": cells["domain"]})
        elif allocated < 0 or not 2000 <= year <= 2100:
            problems.append(_("Row %(row)d: the year or the amount is out of range.") % {"row": number})
        else:
            parsed.append((year, street, domain, allocated))
    if problems:
        raise DomainError(
            _("Nothing was imported: %(count)d row(s) have errors.") % {"count": len(problems)},
            fields={"file": problems[:50]},
        )
    for year, street, domain, allocated in parsed:
        budget_line_set(actor=actor, year=year, street=street, domain=domain, allocated=allocated)
    return len(parsed)
