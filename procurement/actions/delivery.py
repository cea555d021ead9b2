"""Writes of delivery and performance (issue #11 §8): the implementing community accepts each
milestone (met / not met), the purchasing street records payments on met milestones (the budget
line's paid figure never exceeds what is committed on it), and the community's assessment and the
milestones (and residents' ratings, once the orders app registers them) combine into the
performance evaluation (绩效评价) kept with the organisation's record."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Avg, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.queries import scope_for
from core.audit import audit_record
from core.errors import Conflict, DomainError, NotAllowed
from core.text import REASON_MAX, require_text_within
from organizations.actions.admission import organization_score_record

from ..hooks import deliveries_of, ratings_of
from ..models import BudgetLine, Contract, Milestone, Payment, PerformanceEvaluation
from ..states import MILESTONE

C = Contract.Status
M = Milestone.Status
CENT = Decimal("0.01")
# Weights of the evaluation: milestones and the implementer's assessment; with residents'
# ratings, a third of the weight goes to them.
WEIGHTS = {"milestones": Decimal("0.4"), "assessment": Decimal("0.6")}
WEIGHTS_WITH_RATINGS = {"milestones": Decimal("0.3"), "assessment": Decimal("0.4"), "ratings": Decimal("0.3")}


@transaction.atomic
def milestone_decide(*, actor, milestone: Milestone, met: bool, comment: str = "") -> Milestone:
    """The implementing community accepts a milestone as met, or records it as not met (with why)."""
    action = "accept" if met else "reject"
    MILESTONE.check_party(actor, milestone, action)
    require_text_within(comment=(comment, REASON_MAX))
    if not met and not (comment or "").strip():
        raise DomainError(_("Say why the milestone is not met."), fields={"comment": _("Give the reason.")})
    if met and milestone.required_deliveries:
        # Pay follows verified delivery: the residents' confirmed orders under the contract.
        delivered = deliveries_of(milestone.contract_id) or 0
        if delivered < milestone.required_deliveries:
            raise Conflict(
                _(
                    "This milestone needs %(required)s deliveries confirmed by residents; "
                    "%(delivered)s are confirmed so far."
                )
                % {"required": milestone.required_deliveries, "delivered": delivered},
                code="deliveries_missing",
            )
    return MILESTONE.move(
        actor=actor,
        obj=milestone,
        action=action,
        reason=comment,
        decided_at=timezone.now(),
        decided_by=actor,
        comment=comment,
    )


@transaction.atomic
def payment_record(*, actor, milestone: Milestone, amount: Decimal, paid_on: date | None = None) -> Payment:
    """The purchasing street records a payment on a met milestone: at most what the milestone is
    worth, and the line's paid figure grows by one conditional UPDATE (never beyond committed)."""
    contract = milestone.contract
    if contract.street_id not in scope_for(actor).street_ids:
        raise NotAllowed(_("Only the staff of the purchasing street office record payments."))
    if amount is None or amount <= 0:
        raise DomainError(_("The amount must be more than zero."), fields={"amount": _("Must be more than zero.")})
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.status != M.MET:
        raise Conflict(_("Payments are made on milestones the community accepted as met."), code="not_met")
    paid = Payment.objects.filter(milestone=milestone).aggregate(total=Sum("amount"))["total"] or Decimal("0")
    if paid + amount > milestone.amount:
        message = _("This milestone is worth %(amount)s yuan and %(paid)s is already paid.") % {
            "amount": milestone.amount,
            "paid": paid,
        }
        raise DomainError(message, fields={"amount": message}, code="overpaid")
    line_id = contract.project.budget_line_id
    if not BudgetLine.objects.filter(pk=line_id, paid__lte=F("committed") - amount).update(paid=F("paid") + amount):
        raise Conflict(_("The budget line cannot pay more than is committed on it."), code="budget_exceeded")
    payment = Payment.objects.create(
        milestone=milestone, amount=amount, paid_on=paid_on or timezone.localdate(), recorded_by=actor
    )
    audit_record(
        actor=actor,
        obj=contract,
        action="contract.pay",
        data={"milestone": milestone.pk, "amount": str(amount), "line": line_id},
    )
    return payment


def _two(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def contract_evaluate(*, actor, contract: Contract, assessment: Decimal, comment: str = "") -> PerformanceEvaluation:
    """The implementing community evaluates a signed contract once every milestone is decided:
    milestone score = 100 × met ÷ decided; score = 40 % milestones + 60 % the assessment (with
    residents' ratings: 30 / 40 / 30). The organisation's performance score becomes the mean of
    its evaluated contracts."""
    if contract.community_id not in scope_for(actor).community_ids:
        raise NotAllowed(_("Only the staff of the implementing community evaluate the contract."))
    require_text_within(comment=(comment, REASON_MAX))
    if assessment is None or not Decimal("0") <= assessment <= Decimal("100"):
        message = _("A score is between 0 and 100.")
        raise DomainError(message, fields={"assessment": message})
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.status not in (C.ACTIVE, C.COMPLETED):
        raise Conflict(_("Only a signed contract is evaluated."), code="wrong_state")
    if PerformanceEvaluation.objects.filter(contract=contract).exists():
        raise Conflict(_("This contract is already evaluated."), code="already_evaluated")
    statuses = list(contract.milestones.values_list("status", flat=True))
    if not statuses or any(s not in (M.MET, M.NOT_MET) for s in statuses):
        raise Conflict(_("Accept or reject every milestone first."), code="milestones_open")
    milestone_score = _two(Decimal(100) * statuses.count(M.MET) / len(statuses))
    ratings = ratings_of(contract.pk)
    if ratings is None:
        score = WEIGHTS["milestones"] * milestone_score + WEIGHTS["assessment"] * assessment
    else:
        w = WEIGHTS_WITH_RATINGS
        score = w["milestones"] * milestone_score + w["assessment"] * assessment + w["ratings"] * ratings
    evaluation = PerformanceEvaluation.objects.create(
        contract=contract,
        milestone_score=milestone_score,
        assessment_score=_two(assessment),
        ratings_score=_two(ratings) if ratings is not None else None,
        score=_two(score),
        comment=comment or "",
        assessed_by=actor,
    )
    audit_record(actor=actor, obj=contract, action="contract.evaluate", data={"score": str(evaluation.score)})
    mean = PerformanceEvaluation.objects.filter(contract__organization_id=contract.organization_id).aggregate(
        mean=Avg("score")
    )["mean"]
    organization_score_record(
        organization=contract.organization,
        score=_two(Decimal(mean)),
        data={"contract": contract.pk, "evaluation": evaluation.pk},
    )
    return evaluation
