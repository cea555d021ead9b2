"""Lifecycles of the procurement app, as tables of the core transition engine.

A purchase project:

    (new) ──create──▶ draft ──publish──▶ published ──close_bidding──▶ bidding_closed ──open──▶ opened
                        │                   │        (beat, at the bid deadline)  └──fail──▶ failed (too few bids)
                        └───────cancel──────┴──▶ cancelled   (also from bidding_closed, opened, evaluated)
    opened ──evaluate──▶ evaluated ──award──▶ awarded   (evaluate: once every assigned expert has scored)
    awarded ──reaward──▶ awarded                         (to the next-ranked bid, when the winner declines)
    awarded ──contract──▶ contracted                     (the portal, when the organisation signs)
    awarded ──lapse──▶ failed                            (beat: no active contract 30 days after the award)
    contracted ──start_service──▶ in_service             (the portal: at signing, or the hourly sweep, once the term starts)
    in_service ──accept──▶ accepted                      (the portal, when the community completes the contract)
    accepted ──close──▶ closed                           (the street, with a closing note, once every met milestone is paid)
    contracted, in_service ──terminate──▶ closed         (the portal, when the street terminates the contract: the reason stays)

A bid (sealed until its project is opened):

    (new) ──submit──▶ submitted ──open──▶ opened        (the portal, at the opening)
                        ├──replace──▶ replaced           (a new bid takes its place)
                        └──withdraw──▶ withdrawn         (replace and withdraw: until the deadline)

A contract (docs/decisions/017-contract-review-workflow.md):

    (new) ──create──▶ drafting ──submit──▶ checking ──checks_pass──▶ in_review ──approve (last step)──▶ awaiting_signature
              edit ⟲ drafting ◀──checks_fail──┘        approve ⟲ (next step)  │                           │ sign
                       ▲────────────────reject───────────────────────────────┘                           ▼
    drafting, checking, in_review, awaiting_signature ──lapse──▶ lapsed        active ──complete──▶ completed
    drafting, checking, in_review, awaiting_signature ──supersede──▶ terminated       └─terminate──▶ terminated
    (supersede: the award passed to the next-ranked bid; complete: by the community, once every milestone is
    decided and the evaluation done; terminate: by the street, with the reason)

A milestone of the payment schedule (accepted by the implementing community once the contract is active):

    planned ──(the contract is signed)──▶ scheduled ──accept──▶ met
                                                     └─reject──▶ not met

An amendment of an active contract (one step: the street leader):

    (new) ──propose──▶ proposed ──approve──▶ approved
                                 └─reject──▶ rejected
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.queries import scope_for
from core.states import CREATED, SYSTEM, Machine, Party, Transition

from .models import Amendment, Bid, Contract, Milestone, PerformanceEvaluation, Project

P = Project.Status
B = Bid.Status
C = Contract.Status
A = Amendment.Status


def _is_purchaser(actor, project: Project) -> bool:
    return project.street_id in scope_for(actor).street_ids


def _is_district(actor, obj) -> bool:
    return scope_for(actor).is_district_admin


def _is_bidder(actor, bid: Bid) -> bool:
    return bid.organization_id in scope_for(actor).organization_ids


PURCHASER = Party(
    "purchaser", _is_purchaser, gettext_lazy("Only the staff of the purchasing street office may do this.")
)
DISTRICT = Party("district", _is_district, gettext_lazy("Only the district civil-affairs bureau may do this."))
BIDDER = Party("bidder", _is_bidder, gettext_lazy("Only the bidding organisation's own staff may do this."))


def scoring_incomplete_message(project: Project) -> str | None:
    """Why the project cannot be evaluated yet: no expert, or an expert who has not scored."""
    assignments = list(project.expert_assignments.values_list("scored_at", flat=True)) if project.pk else []
    if not assignments:
        return _("Assign at least one evaluation expert first.")
    if any(scored_at is None for scored_at in assignments):
        return _("Not every assigned expert has submitted scores yet.")
    return None


def bidding_closed_message(bid: Bid) -> str | None:
    """Why a bid can no longer change: its project is past the deadline (or no longer taking bids)."""
    project = bid.project
    if project.status != P.PUBLISHED or project.bid_deadline is None or timezone.now() >= project.bid_deadline:
        return _("The bid deadline has passed: bids can no longer be submitted, replaced or withdrawn.")
    return None


def unpaid_milestones_message(project: Project) -> str | None:
    """Why the project cannot be closed yet: a met milestone of its completed contract not fully paid."""
    milestones = Milestone.objects.filter(
        contract__project_id=project.pk, contract__status=Contract.Status.COMPLETED, status=Milestone.Status.MET
    ).annotate(paid=Coalesce(Sum("payments__amount"), Value(Decimal("0")), output_field=DecimalField()))
    owed = [m.amount - m.paid for m in milestones if m.paid < m.amount]
    if owed:
        return _(
            "%(count)s met milestones are not fully paid (%(owed)s yuan owed): record the payments before closing."
        ) % {"count": len(owed), "owed": sum(owed, Decimal("0.00"))}
    return None


PROJECT = Machine(
    model=Project,
    parties=(PURCHASER, DISTRICT, SYSTEM),
    conflict_message=gettext_lazy("This cannot be done while the project is “%(status)s”."),
    conflict_code="wrong_state",
    transitions=(
        Transition("create", CREATED, P.DRAFT, "purchaser"),
        Transition("publish", P.DRAFT, P.PUBLISHED, "purchaser"),
        Transition(
            "cancel",
            (P.DRAFT, P.PUBLISHED, P.BIDDING_CLOSED, P.OPENED, P.EVALUATED),
            P.CANCELLED,
            ("purchaser", "district"),
        ),
        # The opening job, at the bid deadline: nobody presses a button.
        Transition("close_bidding", P.PUBLISHED, P.BIDDING_CLOSED, "system"),
        Transition("open", P.BIDDING_CLOSED, P.OPENED, "system"),
        Transition("fail", P.BIDDING_CLOSED, P.FAILED, "system"),
        Transition(
            "evaluate",
            P.OPENED,
            P.EVALUATED,
            "purchaser",
            guard=scoring_incomplete_message,
            guard_code="scoring_incomplete",
        ),
        Transition("award", P.EVALUATED, P.AWARDED, "purchaser"),
        # The winner declined (or failed review): the award passes to the next-ranked bid.
        Transition("reaward", P.AWARDED, P.AWARDED, "purchaser"),
        # The organisation signed the contract (the portal moves the project for it).
        Transition("contract", P.AWARDED, P.CONTRACTED, "system"),
        # No active contract 30 days after the award: the award lapses, the money goes back.
        Transition("lapse", P.AWARDED, P.FAILED, "system"),
        # The contract's term has started: at signing, or the hourly sweep on its first day.
        Transition("start_service", P.CONTRACTED, P.IN_SERVICE, "system"),
        # The implementing community completed the contract (contract_complete moves both).
        Transition("accept", P.IN_SERVICE, P.ACCEPTED, "system"),
        Transition(
            "close", P.ACCEPTED, P.CLOSED, "purchaser", guard=unpaid_milestones_message, guard_code="milestones_unpaid"
        ),
        # The street terminated the contract: the project is over, closed with the reason (no
        # re-award after signing: a new purchase is a new project).
        Transition("terminate", (P.CONTRACTED, P.IN_SERVICE), P.CLOSED, "system"),
    ),
)

BID = Machine(
    model=Bid,
    parties=(BIDDER, SYSTEM),
    conflict_message=gettext_lazy("This cannot be done while the bid is “%(status)s”."),
    conflict_code="wrong_state",
    transitions=(
        Transition(
            "submit", CREATED, B.SUBMITTED, "bidder", guard=bidding_closed_message, guard_code="deadline_passed"
        ),
        Transition(
            "replace", B.SUBMITTED, B.REPLACED, "bidder", guard=bidding_closed_message, guard_code="deadline_passed"
        ),
        Transition(
            "withdraw", B.SUBMITTED, B.WITHDRAWN, "bidder", guard=bidding_closed_message, guard_code="deadline_passed"
        ),
        Transition("open", B.SUBMITTED, B.OPENED, "system"),
    ),
)

# Bids that count: at most one per organisation and project.
LIVE_BIDS = (B.SUBMITTED, B.OPENED)
# Project states in which the public reads the project.
PUBLIC_STATES = tuple(s for s in P.values if s not in (P.DRAFT,))
# Project states after the opening: bids are unsealed.
UNSEALED_STATES = (P.OPENED, P.EVALUATED, P.AWARDED, P.CONTRACTED, P.IN_SERVICE, P.ACCEPTED, P.CLOSED)


# --- Contracts ----------------------------------------------------------------------------------------


def _is_contract_purchaser(actor, obj) -> bool:
    contract = obj.contract if isinstance(obj, Amendment) else obj
    return contract.street_id in scope_for(actor).street_ids


def _is_current_reviewer(actor, contract: Contract) -> bool:
    user_id = getattr(actor, "pk", None)
    return user_id is not None and contract.current_assignee_id == user_id


def _is_amendment_reviewer(actor, amendment: Amendment) -> bool:
    user_id = getattr(actor, "pk", None)
    return user_id is not None and amendment.assignee_id == user_id


def _is_contractor(actor, contract: Contract) -> bool:
    return contract.organization_id in scope_for(actor).organization_ids


def _is_contract_implementer(actor, contract: Contract) -> bool:
    return contract.community_id in scope_for(actor).community_ids


def contract_unfinished_message(contract: Contract) -> str | None:
    """Why the community cannot complete the contract yet: the service has not started, a
    milestone is undecided, or the performance evaluation is missing."""
    project = contract.project if contract.project_id else None
    # On the term's first day the hourly sweep may not have run yet: contract_complete starts the
    # service itself before it moves.
    started = project is not None and (
        project.status == Project.Status.IN_SERVICE
        or (project.status == Project.Status.CONTRACTED and contract.starts_on <= timezone.localdate())
    )
    if not started:
        return _("The contract's term has not started yet: it starts on %(date)s.") % {
            "date": contract.starts_on.isoformat() if contract.starts_on else "—"
        }
    statuses = list(contract.milestones.values_list("status", flat=True))
    if not statuses or any(s not in (Milestone.Status.MET, Milestone.Status.NOT_MET) for s in statuses):
        return _("Accept or reject every milestone first.")
    if not PerformanceEvaluation.objects.filter(contract_id=contract.pk).exists():
        return _("Record the performance evaluation first.")
    return None


CONTRACT_PURCHASER = Party(
    "purchaser",
    _is_contract_purchaser,
    gettext_lazy("Only the staff of the purchasing street office may do this."),
)
REVIEWER = Party(
    "reviewer", _is_current_reviewer, gettext_lazy("Only the assignee of the review step now open may decide it.")
)
AMENDMENT_REVIEWER = Party(
    "reviewer", _is_amendment_reviewer, gettext_lazy("Only the street leader assigned to this amendment may decide it.")
)
CONTRACTOR = Party(
    "contractor", _is_contractor, gettext_lazy("Only the staff of the contracted organisation may do this.")
)
CONTRACT_IMPLEMENTER = Party(
    "implementer",
    _is_contract_implementer,
    gettext_lazy("Only the staff of the implementing community may do this."),
)
NOT_YET_ACTIVE = (C.DRAFTING, C.CHECKING, C.IN_REVIEW, C.AWAITING_SIGNATURE)

CONTRACT = Machine(
    model=Contract,
    parties=(CONTRACT_PURCHASER, REVIEWER, CONTRACTOR, CONTRACT_IMPLEMENTER, SYSTEM),
    conflict_message=gettext_lazy("This cannot be done while the contract is “%(status)s”."),
    conflict_code="wrong_state",
    transitions=(
        Transition("create", CREATED, C.DRAFTING, "purchaser"),
        # Nobody edits a contract under review (409): only a draft changes.
        Transition("edit", C.DRAFTING, C.DRAFTING, "purchaser"),
        Transition("submit", C.DRAFTING, C.CHECKING, "purchaser"),
        # The last automated check of the round decides (the database, not a message: 017).
        Transition("checks_fail", C.CHECKING, C.DRAFTING, "system"),
        Transition("checks_pass", C.CHECKING, C.IN_REVIEW, "system"),
        # Approve opens the next step, or after the street leader asks the organisation to sign.
        Transition("approve", C.IN_REVIEW, C.IN_REVIEW, "reviewer"),
        Transition("approve", C.IN_REVIEW, C.AWAITING_SIGNATURE, "reviewer"),
        Transition("reject", C.IN_REVIEW, C.DRAFTING, "reviewer"),
        Transition("sign", C.AWAITING_SIGNATURE, C.ACTIVE, "contractor"),
        Transition("lapse", NOT_YET_ACTIVE, C.LAPSED, "system"),
        # The street re-awarded the project: the old winner's unsigned contract ends with the reason.
        Transition("supersede", NOT_YET_ACTIVE, C.TERMINATED, "system"),
        # The implementing community accepts the whole service (验收): the project is accepted.
        Transition(
            "complete",
            C.ACTIVE,
            C.COMPLETED,
            "implementer",
            guard=contract_unfinished_message,
            guard_code="contract_unfinished",
        ),
        Transition("terminate", C.ACTIVE, C.TERMINATED, "purchaser"),
    ),
)


def contract_not_active_message(amendment: Amendment) -> str | None:
    if amendment.contract.status != C.ACTIVE:
        return _("Only an active (signed) contract can be amended.")
    return None


AMENDMENT = Machine(
    model=Amendment,
    parties=(CONTRACT_PURCHASER, AMENDMENT_REVIEWER),
    conflict_message=gettext_lazy("This cannot be done while the amendment is “%(status)s”."),
    conflict_code="wrong_state",
    transitions=(
        Transition("propose", CREATED, A.PROPOSED, "purchaser", guard=contract_not_active_message),
        Transition("approve", A.PROPOSED, A.APPROVED, "reviewer"),
        Transition("reject", A.PROPOSED, A.REJECTED, "reviewer"),
    ),
)


def _is_implementer(actor, milestone: Milestone) -> bool:
    return milestone.contract.community_id in scope_for(actor).community_ids


def contract_not_running_message(milestone: Milestone) -> str | None:
    if milestone.contract.status not in (C.ACTIVE, C.COMPLETED):
        return _("Milestones are accepted only under a signed contract.")
    return None


IMPLEMENTER = Party(
    "implementer",
    _is_implementer,
    gettext_lazy("Only the staff of the implementing community accept milestones."),
)
M = Milestone.Status

MILESTONE = Machine(
    model=Milestone,
    parties=(IMPLEMENTER,),
    conflict_message=gettext_lazy("This cannot be done while the milestone is “%(status)s”."),
    conflict_code="wrong_state",
    transitions=(
        # Planned milestones are written with the contract and scheduled by its signature
        # (contract_sign, under the contract's row lock); acceptance is the implementer's move.
        Transition("accept", M.SCHEDULED, M.MET, "implementer", guard=contract_not_running_message),
        Transition("reject", M.SCHEDULED, M.NOT_MET, "implementer", guard=contract_not_running_message),
    ),
)

# Contract states in which the public reads the contract notice.
CONTRACT_PUBLIC_STATES = (C.ACTIVE, C.COMPLETED, C.TERMINATED)
