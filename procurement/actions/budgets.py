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
