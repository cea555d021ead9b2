"""Writes of contracts: drafted from the award, edited while drafting, submitted for review,
signed by the organisation, amended (≤ 10 % in all), completed or terminated; and the sweep that
lets an award lapse when no contract is active 30 days after it.

The review itself (automated checks, human steps, reminders) is in `review.py`."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.queries import users_holding
from core.audit import audit_record
from core.errors import Conflict, DomainError
from core.jobs import jobs_enqueue
from core.text import REASON_MAX, require_comment, require_text_within

from ..hooks import contract_signed_announce
from ..models import (
    Amendment,
    BudgetCommitment,
    BudgetLine,
    CheckName,
    Contract,
    ContractCheck,
    Milestone,
    Payment,
    Project,
    ReviewStep,
)
from ..states import AMENDMENT, CONTRACT, NOT_YET_ACTIVE, PROJECT
from .budgets import budget_commit
from .evaluation import complaints_pending
from .projects import TEXT_MAX

C = Contract.Status
P = Project.Status

# The award lapses when the contract is not active this many days after it (政府采购法 第四十六条).
SIGN_WITHIN_DAYS = 30
# Amendments together may not raise the price by more than this share (政府采购法 第四十九条).
AMENDMENT_CAP = Decimal("0.10")
CHECK_JOB = "procurement.tasks.contract_check"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due_on: date
    amount: Decimal
    required_deliveries: int | None = None


def term_end_limit(starts_on: date) -> date:
    """The last day of a one-year term starting on `starts_on`."""
    try:
        return starts_on.replace(year=starts_on.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return starts_on.replace(year=starts_on.year + 1, day=28)


def default_milestones(starts_on: date, ends_on: date, price: Decimal) -> list[MilestoneInput]:
    """Half at mid-term, the rest at the end: what a street usually writes when nobody says otherwise."""
    half = (price / 2).quantize(CENT, rounding=ROUND_HALF_UP)
    middle = starts_on + (ends_on - starts_on) / 2
    return [
        MilestoneInput(_("Mid-term review"), middle, half),
        MilestoneInput(_("Final acceptance"), ends_on, price - half),
    ]


def _validate_terms(*, title, starts_on, ends_on, price, texts: dict, milestones) -> None:
    require_text_within(**{name: (value, TEXT_MAX) for name, value in texts.items()}, title=(title, 200))
    problems = {}
    if not (title or "").strip():
        problems["title"] = _("Give the contract a title.")
    if price is None or price <= 0:
        problems["price"] = _("The price must be more than zero.")
    if starts_on and ends_on and ends_on < starts_on:
        problems["ends_on"] = _("The term cannot end before it starts.")
    elif starts_on and ends_on and ends_on > term_end_limit(starts_on):
        problems["ends_on"] = _("A purchase contract runs for one year at most.")
    if milestones is not None:
        if len(milestones) > 24:
            problems["milestones"] = _("At most 24 milestones.")
        for m in milestones:
            if not (m.title or "").strip() or len(m.title) > 200 or m.amount is None or m.amount < 0:
                problems["milestones"] = _("Each milestone needs a title (at most 200 characters) and an amount.")
    if problems:
        raise DomainError(_("The contract was not saved."), fields=problems)


def _write_milestones(contract: Contract, milestones: list[MilestoneInput]) -> None:
    Milestone.objects.filter(contract=contract).delete()
    Milestone.objects.bulk_create(
        Milestone(
            contract=contract,
            position=i,
            title=m.title.strip(),
            due_on=m.due_on,
            amount=m.amount,
            required_deliveries=m.required_deliveries,
        )
        for i, m in enumerate(milestones, start=1)
    )


@transaction.atomic
def contract_draft(
    *,
    actor,
    project: Project,
    title: str | None = None,
    service_content: str | None = None,
    quantity: str = "",
    quality_standards: str = "",
    liability: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    price: Decimal | None = None,
    milestones: list[MilestoneInput] | None = None,
) -> Contract:
    """The purchasing street drafts the contract from the award: the parties are the street, the
    community and the awarded organisation; the price is the awarded bid's unless given."""
    project = Project.objects.select_for_update(of=("self",)).select_related("awarded_bid").get(pk=project.pk)
    bid = project.awarded_bid
    starts_on = starts_on or timezone.localdate() + timedelta(days=1)
    ends_on = ends_on or term_end_limit(starts_on)
    contract = Contract(
        project=project,
        bid=bid,
        street_id=project.street_id,
        community_id=project.community_id,
        organization_id=bid.organization_id if bid else None,
        title=(title or project.title).strip(),
        service_content=service_content
        if service_content is not None
        else (project.description or (bid.plan if bid else "")),
        quantity=quantity or "",
        quality_standards=quality_standards or "",
        liability=liability or "",
        starts_on=starts_on,
        ends_on=ends_on,
        price=price if price is not None else (bid.price if bid else None),
        created_by=actor,
    )
    CONTRACT.check_create(actor, contract, "create")
    if project.status != P.AWARDED or bid is None:
        raise Conflict(_("A contract is drafted from an awarded project."), code="not_awarded")
    if complaints_pending(project):
        raise Conflict(_("A complaint about the award awaits the street's answer."), code="complaint_pending")
    if project.standstill_until and timezone.localdate() <= project.standstill_until:
        # Complaints are heard until the end of the standstill's last day: the contract waits for it.
        raise Conflict(
            _("The standstill after the award runs until %(date)s: the contract can be drafted after that day.")
            % {"date": project.standstill_until.isoformat()},
            code="standstill_running",
        )
    if Contract.objects.filter(project=project).exclude(status__in=[C.TERMINATED]).filter(bid=bid).exists():
        raise Conflict(_("This award already has a contract (or its contract lapsed)."), code="contract_exists")
    texts = {
        "service_content": contract.service_content,
        "quantity": contract.quantity,
        "quality_standards": contract.quality_standards,
        "liability": contract.liability,
    }
    milestones = milestones if milestones is not None else default_milestones(starts_on, ends_on, contract.price)
    _validate_terms(
        title=contract.title,
        starts_on=starts_on,
        ends_on=ends_on,
        price=contract.price,
        texts=texts,
        milestones=milestones,
    )
    awarded_on = timezone.localdate(project.awarded_at) if project.awarded_at else timezone.localdate()
    contract.sign_by = awarded_on + timedelta(days=SIGN_WITHIN_DAYS)
    contract.save()
    _write_milestones(contract, milestones)
    CONTRACT.record_creation(actor=actor, obj=contract, action="create", data={"price": str(contract.price)})
    return contract


EDITABLE = ("title", "service_content", "quantity", "quality_standards", "liability", "starts_on", "ends_on", "price")


@transaction.atomic
def contract_edit(*, actor, contract: Contract, milestones: list[MilestoneInput] | None = None, **changes) -> Contract:
    """Change a draft (409 once it is submitted: nobody edits a contract under review)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    CONTRACT.check(actor, contract, "edit")
    merged = {name: changes.get(name, getattr(contract, name)) for name in EDITABLE}
    _validate_terms(
        title=merged["title"],
        starts_on=merged["starts_on"],
        ends_on=merged["ends_on"],
        price=merged["price"],
        texts={k: merged[k] for k in ("service_content", "quantity", "quality_standards", "liability")},
        milestones=milestones,
    )
    contract = CONTRACT.move(
        actor=actor,
        obj=contract,
        action="edit",
        data={k: str(v) for k, v in changes.items()} | ({"milestones": len(milestones)} if milestones else {}),
        **changes,
    )
    if milestones is not None:
        _write_milestones(contract, milestones)
    return contract


@transaction.atomic
def contract_submit(*, actor, contract: Contract, comment: str = "") -> Contract:
    """Submit the draft for review: a new round starts, and each automated check is its own job
    (core.jobs), so a killed worker's check is re-sent by the jobs' sweep."""
    contract = CONTRACT.move(
        actor=actor,
        obj=contract,
        action="submit",
        reason=comment,
        round=F("round") + 1,
        returned_reasons="",
        current_assignee=None,
    )
    # One INSERT for the round's check rows and one for their jobs; one UPDATE after commit sends
    # all five messages (1 000 contracts submitted at once are 5 000 of each).
    ContractCheck.objects.bulk_create(
        ContractCheck(contract=contract, round=contract.round, name=name) for name in CheckName.values
    )
    jobs_enqueue(
        task_name=CHECK_JOB,
        kwargs_list=[{"contract_id": contract.pk, "round": contract.round, "name": name} for name in CheckName.values],
    )
    return contract


@transaction.atomic
def contract_sign(*, actor, contract: Contract, comment: str = "") -> Contract:
    """The organisation signs: the contract is active, its milestones scheduled, its notice public,
    the project contracted, and the hooks (the orders app's offering) run after the commit."""
    now = timezone.now()
    contract = CONTRACT.move(
        actor=actor,
        obj=contract,
        action="sign",
        reason=comment,
        signed_at=now,
        signed_by=actor,
        original_price=F("price"),
        # Published at signing, well within the 7 working days the rules allow.
        notice_published_at=now,
    )
    Milestone.objects.filter(contract=contract, status=Milestone.Status.PLANNED).update(
        status=Milestone.Status.SCHEDULED
    )
    project = Project.objects.get(pk=contract.project_id)
    if project.status == P.AWARDED:
        PROJECT.move(actor=None, obj=project, action="contract", on_behalf_of=actor, data={"contract": contract.pk})
    # A term that has already started puts the project in service at once; otherwise the sweep does.
    project_service_start(project_id=project.pk)
    transaction.on_commit(functools.partial(contract_signed_announce, contract.pk))
    return contract


@transaction.atomic
def contract_complete(*, actor, contract: Contract, comment: str = "") -> Contract:
    """The implementing community completes (accepts, 验收) the contract once its term has started,
    every milestone is decided and the performance evaluation is done; the project is accepted with it."""
    CONTRACT.check_party(actor, contract, "complete")
    require_text_within(comment=(comment, REASON_MAX))
    # The hourly sweep may not have put the project in service yet on the term's first day.
    project_service_start(project_id=contract.project_id)
    contract = CONTRACT.move(actor=actor, obj=contract, action="complete", reason=comment)
    project = Project.objects.get(pk=contract.project_id)
    PROJECT.move(
        actor=None, obj=project, action="accept", on_behalf_of=actor, reason=comment, data={"contract": contract.pk}
    )
    return contract


@transaction.atomic
def contract_terminate(*, actor, contract: Contract, comment: str) -> Contract:
    """The purchasing street terminates an active contract, with the reason; the project closes
    with it (the reason is its closing note): a new purchase is a new project."""
    CONTRACT.check_party(actor, contract, "terminate")
    comment = require_comment(comment, _("Say why the contract is terminated."), field_message=_("Give the reason."))
    contract = CONTRACT.move(actor=actor, obj=contract, action="terminate", reason=comment)
    project = Project.objects.get(pk=contract.project_id)
    if PROJECT.state_of(project) in (P.CONTRACTED, P.IN_SERVICE):
        PROJECT.move(
            actor=None,
            obj=project,
            action="terminate",
            on_behalf_of=actor,
            reason=comment,
            data={"contract": contract.pk},
            closing_note=comment.strip(),
        )
        _release_unspent(project, actor=actor)
    return contract


# --- The project after the contract: in service, closed -----------------------------------------------


@transaction.atomic
def project_service_start(*, project_id: int) -> bool:
    """Contracted → in service once the active contract's term has started. False (nothing
    written) when the project is not contracted or its term has not started (idempotent)."""
    project = Project.objects.select_for_update().filter(pk=project_id, status=P.CONTRACTED).first()
    if project is None:
        return False
    contract = Contract.objects.filter(project=project, status=C.ACTIVE, starts_on__lte=timezone.localdate()).first()
    if contract is None:
        return False
    PROJECT.move(actor=None, obj=project, action="start_service", data={"contract": contract.pk})
    return True


def projects_service_start_due() -> int:
    """Beat (the hourly contract sweep): every contracted project whose contract's term has started
    goes into service. Returns how many."""
    due = (
        Project.objects.filter(
            status=P.CONTRACTED, contracts__status=C.ACTIVE, contracts__starts_on__lte=timezone.localdate()
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    return sum(project_service_start(project_id=pk) for pk in list(due[:500]))


@transaction.atomic
def project_close(*, actor, project: Project, comment: str) -> Project:
    """The purchasing street closes an accepted project with a closing note, once every met
    milestone is paid (409 naming what is owed otherwise)."""
    PROJECT.check_party(actor, project, "close")
    comment = require_comment(comment, _("Write the closing note."), field_message=_("Give the closing note."))
    project = PROJECT.move(actor=actor, obj=project, action="close", reason=comment, closing_note=comment)
    _release_unspent(project, actor=actor)
    return project


# --- The award lapses ------------------------------------------------------------------------------


def _release_unspent(project: Project, *, actor) -> Decimal:
    """At the close (or the termination) of a project, what was committed for it and not paid goes
    back to its budget line: the commitments are released and what was paid stays committed as one
    new commitment, so the line's committed figure falls by exactly the unspent money."""
    commitments = list(BudgetCommitment.objects.select_for_update().filter(project=project, released_at__isnull=True))
    committed = sum((c.amount for c in commitments), Decimal("0"))
    paid = Payment.objects.filter(milestone__contract__project=project).aggregate(total=Sum("amount"))["total"]
    paid = paid or Decimal("0")
    unspent = committed - paid
    if unspent <= 0:
        return Decimal("0")
    line = BudgetLine.objects.select_for_update().get(pk=project.budget_line_id)
    BudgetLine.objects.filter(pk=line.pk).update(committed=F("committed") - unspent)
    BudgetCommitment.objects.filter(pk__in=[c.pk for c in commitments]).update(released_at=timezone.now())
    if paid > 0:
        BudgetCommitment.objects.create(line=line, project=project, amount=paid)
    line.refresh_from_db()
    audit_record(
        actor=actor,
        obj=line,
        action="budget_line.release",
        data={"amount": str(unspent), "project": project.pk, "committed": str(line.committed)},
    )
    return unspent


def _release_commitments(project: Project) -> None:
    for commitment in BudgetCommitment.objects.select_for_update().filter(project=project, released_at__isnull=True):
        BudgetLine.objects.filter(pk=commitment.line_id).update(committed=F("committed") - commitment.amount)
        BudgetCommitment.objects.filter(pk=commitment.pk).update(released_at=timezone.now())


@transaction.atomic
def award_lapse(*, project_id: int) -> bool:
    """Let one award lapse: its unsigned contract lapses, the project fails, the money goes back.
    False (nothing written) when the project has moved on meanwhile (idempotent)."""
    project = Project.objects.select_for_update().filter(pk=project_id, status=P.AWARDED).first()
    if project is None or project.awarded_at is None:
        return False
    deadline = timezone.localdate(project.awarded_at) + timedelta(days=SIGN_WITHIN_DAYS)
    if timezone.localdate() <= deadline:
        return False
    reason = _("No contract was active %(days)d days after the award: the award lapsed.") % {"days": SIGN_WITHIN_DAYS}
    for contract in Contract.objects.filter(project=project, status__in=NOT_YET_ACTIVE):
        contract = CONTRACT.move(actor=None, obj=contract, action="lapse", reason=reason, current_assignee=None)
        ReviewStep.objects.filter(contract=contract, status__in=["waiting", "open"]).update(status="cancelled")
    _release_commitments(project)
    PROJECT.move(actor=None, obj=project, action="lapse", reason=reason, failure_reason=reason)
    return True


def awards_lapse_due() -> int:
    """Beat: every award older than 30 days whose contract is not active lapses. Returns how many."""
    cutoff = timezone.now() - timedelta(days=SIGN_WITHIN_DAYS)
    due = Project.objects.filter(status=P.AWARDED, awarded_at__lt=cutoff).values_list("pk", flat=True)
    return sum(award_lapse(project_id=pk) for pk in list(due[:500]))


# --- Amendments ------------------------------------------------------------------------------------


def amendment_cap(contract: Contract) -> Decimal:
    """The highest price amendments may reach: the original price plus 10 %."""
    original = contract.original_price or contract.price
    return (original * (1 + AMENDMENT_CAP)).quantize(CENT, rounding=ROUND_HALF_UP)


def _refuse_over_cap(contract: Contract, new_price: Decimal) -> None:
    cap = amendment_cap(contract)
    if new_price > cap:
        message = _(
            "Amendments together may not raise the price by more than 10%% of the original %(original)s yuan "
            "(政府采购法 第四十九条): at most %(cap)s yuan."
        ) % {"original": contract.original_price or contract.price, "cap": cap}
        raise DomainError(message, fields={"new_price": message}, code="amendment_over_cap")


def amendment_reviewer(contract: Contract):
    """The street leader, or the street's staff where nobody holds the leader's role."""
    return (
        users_holding(Role.STREET_LEADER, contract.street_id).order_by("pk").first()
        or users_holding(Role.STREET_STAFF, contract.street_id).order_by("pk").first()
    )


@transaction.atomic
def amendment_propose(
    *,
    actor,
    contract: Contract,
    reason: str,
    new_price: Decimal,
    new_ends_on: date | None = None,
    changes: str = "",
) -> Amendment:
    """The purchasing street proposes an amendment of an active contract, with its reason."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    amendment = Amendment(
        contract=contract,
        reason=(reason or "").strip(),
        new_price=new_price,
        new_ends_on=new_ends_on,
        changes=(changes or "").strip(),
        proposed_by=actor,
    )
    AMENDMENT.check_create(actor, amendment, "propose")
    require_text_within(reason=(amendment.reason, REASON_MAX), changes=(amendment.changes, TEXT_MAX))
    if not amendment.reason:
        raise DomainError(_("An amendment needs a reason."), fields={"reason": _("Give the reason.")})
    if new_price is None or new_price <= 0:
        raise DomainError(_("The price must be more than zero."), fields={"new_price": _("Must be more than zero.")})
    if new_ends_on and (new_ends_on < contract.starts_on or new_ends_on > term_end_limit(contract.starts_on)):
        message = _("The term must stay within one year of its start.")
        raise DomainError(message, fields={"new_ends_on": message})
    _refuse_over_cap(contract, new_price)
    if Amendment.objects.filter(contract=contract, status=Amendment.Status.PROPOSED).exists():
        raise Conflict(_("Another amendment of this contract is still under review."), code="amendment_pending")
    amendment.assignee = amendment_reviewer(contract)
    amendment.save()
    AMENDMENT.record_creation(
        actor=actor,
        obj=amendment,
        action="propose",
        reason=amendment.reason,
        data={"price": str(contract.price), "new_price": str(new_price)},
    )
    return amendment


@transaction.atomic
def amendment_decide(*, actor, amendment: Amendment, decision: str, comment: str = "") -> Amendment:
    """The street leader approves (the contract's price and term change; a rise is committed on
    the budget line) or rejects the amendment."""
    if decision not in ("approve", "reject"):
        raise DomainError(_("Decide approve or reject."), fields={"decision": _("Choose approve or reject.")})
    AMENDMENT.check_party(actor, amendment, decision)
    require_text_within(comment=(comment, REASON_MAX))
    if decision == "reject":
        if not (comment or "").strip():
            raise DomainError(_("Say why the amendment is rejected."), fields={"comment": _("Give the reason.")})
        return AMENDMENT.move(
            actor=actor, obj=amendment, action="reject", reason=comment, comment=comment, decided_at=timezone.now()
        )
    contract = Contract.objects.select_for_update().get(pk=amendment.contract_id)
    if contract.status != C.ACTIVE:
        raise Conflict(_("Only an active (signed) contract can be amended."), code="wrong_state")
    # Judged again at approval, on the price as it is now.
    _refuse_over_cap(contract, amendment.new_price)
    amendment = AMENDMENT.move(
        actor=actor, obj=amendment, action="approve", reason=comment, comment=comment, decided_at=timezone.now()
    )
    difference = amendment.new_price - contract.price
    if difference > 0:
        line = contract.project.budget_line
        budget_commit(actor=None, line=line, amount=difference, project=contract.project)
    # A fall leaves the commitment as it is: the money is settled against payments (issue #11 §8).
    # The last milestone not yet met absorbs the change, so the schedule still sums to the price.
    last = (
        Milestone.objects.filter(contract=contract, status__in=["planned", "scheduled"]).order_by("-position").first()
    )
    if last is not None and last.amount + difference >= 0:
        Milestone.objects.filter(pk=last.pk).update(amount=F("amount") + difference)
    updates = {"price": amendment.new_price}
    if amendment.new_ends_on:
        updates["ends_on"] = amendment.new_ends_on
    Contract.objects.filter(pk=contract.pk).update(**updates)
    audit_record(
        actor=actor,
        obj=contract,
        action="contract.amend",
        data={"amendment": amendment.pk, "price_before": str(contract.price), "price": str(amendment.new_price)},
    )
    return amendment
