"""The contract review: automated checks run in parallel as jobs, the database decides when the
round is settled, then human steps in order (community implementer → street legal → finance →
street leader), each with an assignee and a deadline in working days, reminded and escalated by beat.

Why the database and not a chord's callback decides: docs/decisions/017-contract-review-workflow.md.
"""

from __future__ import annotations

import time
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, RoleAssignment
from accounts.queries import first_holders, users_holding
from core.audit import audit_record
from core.errors import Conflict, DomainError
from core.text import REASON_MAX, require_text_within
from organizations.models import StaffMembership
from organizations.qualification import qualification_check
from services.workdays import add_working_days, subtract_working_days

from ..models import (
    BudgetCommitment,
    CheckName,
    Contract,
    ContractCheck,
    ExpertAssignment,
    ReviewReminder,
    ReviewStep,
    StepKind,
)
from ..states import CONTRACT
from .contracts import term_end_limit
from .evaluation import conflicts_of_interest

C = Contract.Status
R = ContractCheck.Result
S = ReviewStep.Status

# The human steps, in order, with the role that holds each over its unit and the working days it has.
STEPS = (
    (StepKind.COMMUNITY, Role.COMMUNITY_STAFF, 3),
    (StepKind.LEGAL, Role.STREET_LEGAL, 3),
    (StepKind.FINANCE, Role.STREET_FINANCE, 3),
    (StepKind.LEADER, Role.STREET_LEADER, 2),
)
STEP_DAYS = {kind: days for kind, _role, days in STEPS}


# --- The automated checks -------------------------------------------------------------------------


def _check_budget(contract: Contract) -> tuple[bool, str]:
    committed = BudgetCommitment.objects.filter(project=contract.project_id, released_at__isnull=True).aggregate(
        total=Sum("amount")
    )["total"] or Decimal("0")
    if committed >= contract.price:
        return True, _("%(committed)s yuan is committed for this project; the price is %(price)s yuan.") % {
            "committed": committed,
            "price": contract.price,
        }
    line = contract.project.budget_line
    missing = contract.price - committed
    if line.available >= missing:
        return True, _("The price exceeds the award by %(missing)s yuan; the budget line still has %(available)s.") % {
            "missing": missing,
            "available": line.available,
        }
    return False, _(
        "The price needs %(missing)s yuan more than is committed, and the budget line has only %(available)s."
    ) % {
        "missing": missing,
        "available": line.available,
    }


def _check_qualification(contract: Contract) -> tuple[bool, str]:
    result = qualification_check(contract.organization)
    if result.qualified:
        return True, _("Meets every admission standard today.")
    return False, "；".join(f"{r.label}：{r.reason}" for r in result.failed)


def _check_clauses(contract: Contract) -> tuple[bool, str]:
    required = {
        _("service content"): contract.service_content,
        _("quantity"): contract.quantity,
        _("quality standards"): contract.quality_standards,
        _("liability for breach"): contract.liability,
        _("the awarded bid's service plan"): contract.bid.plan,
    }
    missing = [str(name) for name, value in required.items() if not (value or "").strip()]
    if not contract.milestones.exists():
        missing.append(str(_("payment schedule")))
    if missing:
        return False, _("Missing: %(missing)s.") % {"missing": "、".join(missing)}
    return True, _("Every required clause and document is present.")


def _check_consistency(contract: Contract) -> tuple[bool, str]:
    problems = []
    milestones = list(contract.milestones.all())
    total = sum((m.amount for m in milestones), Decimal("0"))
    if total != contract.price:
        problems.append(
            _("the payments sum to %(total)s yuan, not the price %(price)s") % {"total": total, "price": contract.price}
        )
    if contract.ends_on > term_end_limit(contract.starts_on) or contract.ends_on < contract.starts_on:
        problems.append(_("the term is longer than one year or ends before it starts"))
    outside = [m.title for m in milestones if not contract.starts_on <= m.due_on <= contract.ends_on]
    if outside:
        problems.append(_("milestones outside the term: %(titles)s") % {"titles": "、".join(outside)})
    if problems:
        return False, "；".join(str(p) for p in problems)
    return True, _("The payments sum to the price and every milestone falls inside the term.")


def _check_conflict(contract: Contract) -> tuple[bool, str]:
    # Anyone who reviews or evaluated this purchase must not also work for the organisation.
    staff = StaffMembership.objects.filter(organization=contract.organization_id).values("user_id")
    officials = RoleAssignment.objects.filter(
        Q(street_id=contract.street_id) | Q(community_id=contract.community_id), user_id__in=staff
    ).exclude(role=Role.RESIDENT)
    tied = sorted({str(a.user) for a in officials.select_related("user")})
    for assignment in ExpertAssignment.objects.filter(project=contract.project_id).select_related("expert__user"):
        if conflicts_of_interest(assignment.expert, contract.project):
            tied.append(str(assignment.expert.user))
    if tied:
        return False, _("Tied to %(org)s: %(people)s.") % {"org": contract.organization.name, "people": "、".join(tied)}
    return True, _("Nobody who reviews or evaluated this purchase works for the organisation.")


# Each check with what it reads beside the contract, fetched with its row in one query (joining
# all five every time cost a check about 2 ms more in planning and building unused objects).
CHECKS = {
    CheckName.BUDGET: (_check_budget, ("contract__project__budget_line",)),
    CheckName.QUALIFICATION: (_check_qualification, ("contract__organization",)),
    CheckName.CLAUSES: (_check_clauses, ("contract__bid",)),
    CheckName.CONSISTENCY: (_check_consistency, ("contract",)),
    # The organisation's name is read only to explain a failure, the project only for its experts.
    CheckName.CONFLICT: (_check_conflict, ("contract",)),
}


def contract_check_run(*, contract_id: int, round: int, name: str) -> str:
    """Run one check of one round and store its result (once), then try to settle the round.
    Delivered twice, the second run finds its row finished and only settles, which is a no-op."""
    check, related = CHECKS[CheckName(name)]
    # The row and the contract with what this check reads, in one query.
    row = ContractCheck.objects.select_related(*related).filter(contract_id=contract_id, round=round, name=name).first()
    if row is None:
        return "gone"
    if row.result == R.PENDING:
        if settings.CONTRACT_CHECK_DELAY_SECONDS:
            time.sleep(settings.CONTRACT_CHECK_DELAY_SECONDS)
        passed, reason = check(row.contract)
        # One conditional UPDATE, atomic by itself: a second run of this check changes nothing.
        ContractCheck.objects.filter(pk=row.pk, result=R.PENDING).update(
            result=R.PASSED if passed else R.FAILED, reason=str(reason)[:2000], finished_at=timezone.now()
        )
    # A check of the round is still running: its own settle (run after its row is committed, so
    # it sees this row finished) will advance the contract; no need to take the row lock here.
    # The last check to commit always sees every other row finished, so one of them settles.
    if ContractCheck.objects.filter(contract_id=contract_id, round=round, result=R.PENDING).exists():
        return "waiting"
    return contract_checks_settle(contract_id=contract_id, round=round)


def reviewer_for(contract: Contract, kind: str):
    """Who holds the step's role over the contract's unit; the street's staff where nobody does."""
    role = dict((k, r) for k, r, _days in STEPS)[kind]
    unit = contract.community_id if kind == StepKind.COMMUNITY else contract.street_id
    return (
        users_holding(role, unit).order_by("pk").first()
        or users_holding(Role.STREET_STAFF, contract.street_id).order_by("pk").first()
    )


def _reviewer_ids(contract: Contract) -> dict[str, int | None]:
    """`reviewer_for` of every step, as user ids, in one query (four and more otherwise)."""
    wanted = {
        kind: (role, contract.community_id if kind == StepKind.COMMUNITY else contract.street_id)
        for kind, role, _days in STEPS
    }
    fallback = (Role.STREET_STAFF, contract.street_id)
    holders = first_holders([*wanted.values(), fallback])
    return {kind: holders.get(pair, holders.get(fallback)) for kind, pair in wanted.items()}


@transaction.atomic
def contract_checks_settle(*, contract_id: int, round: int) -> str:
    """Advance the contract exactly once when every check of `round` has finished: back to drafting
    with the reasons if any failed, else to the first human step. A compare-and-swap under the
    contract's row lock: whoever comes second (a duplicate, the sweep) finds nothing to do."""
    contract = Contract.objects.select_for_update().filter(pk=contract_id).first()
    if contract is None or contract.status != C.CHECKING or contract.round != round:
        return "settled"
    rows = list(ContractCheck.objects.filter(contract=contract, round=round))
    if len(rows) < len(CheckName.values) or any(r.result == R.PENDING for r in rows):
        return "waiting"
    failed = [r for r in rows if r.result == R.FAILED]
    if failed:
        reasons = "\n".join(f"{r.get_name_display()}：{r.reason}" for r in failed)
        CONTRACT.move(
            actor=None,
            obj=contract,
            action="checks_fail",
            reason=reasons[:2000],
            data={"round": round, "failed": [r.name for r in failed]},
            returned_reasons=reasons,
        )
        return "returned"
    today = timezone.localdate()
    reviewers = _reviewer_ids(contract)
    steps = []
    for position, (kind, _role, days) in enumerate(STEPS, start=1):
        first = position == 1
        steps.append(
            ReviewStep(
                contract=contract,
                round=round,
                position=position,
                kind=kind,
                assignee_id=reviewers[kind],
                status=S.OPEN if first else S.WAITING,
                opened_at=timezone.now() if first else None,
                due_on=add_working_days(today, days) if first else None,
            )
        )
    ReviewStep.objects.bulk_create(steps)
    CONTRACT.move(
        actor=None,
        obj=contract,
        action="checks_pass",
        data={"round": round},
        current_assignee_id=steps[0].assignee_id,
    )
    return "in_review"


def contracts_checks_settle_due() -> int:
    """Beat's safety net: settle every contract still checking whose checks have all finished (a
    settle lost between the last check's commit and its own). Returns how many advanced."""
    pending = ContractCheck.objects.filter(contract=OuterRef("pk"), round=OuterRef("round"), result=R.PENDING)
    finished = Contract.objects.filter(status=C.CHECKING).filter(~Exists(pending))
    advanced = 0
    for contract_id, round in list(finished.values_list("pk", "round")[:500]):
        advanced += contract_checks_settle(contract_id=contract_id, round=round) in ("returned", "in_review")
    return advanced


# --- The human steps -------------------------------------------------------------------------------


def open_step(contract: Contract) -> ReviewStep | None:
    return ReviewStep.objects.filter(contract=contract, round=contract.round, status=S.OPEN).first()


@transaction.atomic
def contract_review(*, actor, contract: Contract, decision: str, comment: str = "", step: str = "") -> Contract:
    """The assignee of the open step approves (the next step opens, or after the street leader the
    organisation is asked to sign) or rejects (back to drafting with the comment). `step` names
    the step the decision is meant for: a form sent twice, by someone who also holds the next step,
    is then refused (409) instead of deciding the next step too."""
    if decision not in ("approve", "reject"):
        raise DomainError(_("Decide approve or reject."), fields={"decision": _("Choose approve or reject.")})
    CONTRACT.check_party(actor, contract, decision)
    require_text_within(comment=(comment, REASON_MAX))
    if decision == "reject" and not (comment or "").strip():
        raise DomainError(_("Say what must change."), fields={"comment": _("Give the reason.")})
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    CONTRACT.check(actor, contract, decision)
    step_row = open_step(contract)
    if step_row is None:  # pragma: no cover - an in-review contract always has an open step
        raise Conflict(_("No review step is open."), code="no_open_step")
    if step and step != step_row.kind:
        raise Conflict(_("That step is already decided; reload to see the review."), code="step_decided")
    step = step_row
    now = timezone.now()
    data = {"round": contract.round, "step": step.kind}
    if decision == "reject":
        ReviewStep.objects.filter(pk=step.pk).update(
            status=S.REJECTED, decided_at=now, decided_by=actor, comment=comment
        )
        ReviewStep.objects.filter(contract=contract, round=contract.round, status=S.WAITING).update(status=S.CANCELLED)
        return CONTRACT.move(
            actor=actor,
            obj=contract,
            action="reject",
            reason=comment,
            data=data,
            returned_reasons=comment,
            current_assignee=None,
        )
    ReviewStep.objects.filter(pk=step.pk).update(status=S.APPROVED, decided_at=now, decided_by=actor, comment=comment)
    following = (
        ReviewStep.objects.filter(contract=contract, round=contract.round, status=S.WAITING)
        .order_by("position")
        .first()
    )
    if following is None:
        return CONTRACT.move(
            actor=actor,
            obj=contract,
            action="approve",
            target=C.AWAITING_SIGNATURE,
            reason=comment,
            data=data,
            current_assignee=None,
        )
    ReviewStep.objects.filter(pk=following.pk).update(
        status=S.OPEN, opened_at=now, due_on=add_working_days(timezone.localdate(), STEP_DAYS[following.kind])
    )
    return CONTRACT.move(
        actor=actor,
        obj=contract,
        action="approve",
        target=C.IN_REVIEW,
        reason=comment,
        data=data,
        current_assignee=following.assignee,
    )


# --- Reminders and escalation (beat) ---------------------------------------------------------------


def _remind(step: ReviewStep, kind: str, recipient) -> bool:
    try:
        with transaction.atomic():
            reminder = ReviewReminder.objects.create(step=step, kind=kind, recipient=recipient)
            audit_record(
                actor=None,
                obj=step.contract,
                action="contract.remind" if kind == ReviewReminder.Kind.DUE_SOON else "contract.escalate",
                data={"step": step.kind, "round": step.round, "recipient": recipient.pk if recipient else None},
            )
    except IntegrityError:  # already sent: beat ran twice, or two beats overlapped
        return False
    return reminder is not None


def review_reminders_send() -> int:
    """Remind each open step's assignee on the working day before its deadline, and escalate to
    the street leader once it has passed. Each at most once (a row per step and kind)."""
    today = timezone.localdate()
    sent = 0
    open_steps = (
        ReviewStep.objects.filter(status=S.OPEN, due_on__isnull=False, contract__status=C.IN_REVIEW)
        .select_related("contract", "assignee")
        .exclude(reminders__kind=ReviewReminder.Kind.ESCALATED)
    )
    for step in open_steps[:1000]:
        if today > step.due_on:
            leader = reviewer_for(step.contract, StepKind.LEADER)
            sent += _remind(step, ReviewReminder.Kind.ESCALATED, leader)
        elif today >= subtract_working_days(step.due_on, 1):
            sent += _remind(step, ReviewReminder.Kind.DUE_SOON, step.assignee)
    return sent


def review_reminders_for(user):
    return ReviewReminder.objects.filter(recipient=user, step__status=S.OPEN)
