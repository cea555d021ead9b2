"""A task assignment: one community's copy of a task request.

(new) ──send──▶ pending ──accept──▶ accepted ──complete──▶ completed
  │               │ └──refuse (only may_refuse)──▶ refused ──appeal──▶ appealed
  │               │                                                    ├─decide_appeal─▶ refusal_upheld
  │               │                                                    └─decide_appeal─▶ overturned ──complete──▶ completed
  └──send──▶ routed_to_purchase   (assisting-government work: bought, never done unpaid)
pending ⇄ routed_to_purchase: the district re-judges the matching (rejudge).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.queries import scope_for
from core.states import CREATED, Machine, Party, Transition

from ..models import TaskAssignment

S = TaskAssignment.Status
Outcome = TaskAssignment.Outcome


def _is_receiving_community(actor, assignment: TaskAssignment) -> bool:
    return assignment.community_id in scope_for(actor).community_ids


def _is_sender(actor, assignment: TaskAssignment) -> bool:
    scope = scope_for(actor)
    task = assignment.task
    return (task.sender_department_id is not None and task.sender_department_id in scope.department_ids) or (
        task.sender_street_id is not None and task.sender_street_id in scope.street_ids
    )


def _is_district(actor, assignment: TaskAssignment) -> bool:
    return scope_for(actor).is_district_admin


COMMUNITY = Party(
    "community",
    _is_receiving_community,
    gettext_lazy("Only the staff of the receiving community may answer this task."),
)
SENDER = Party("sender", _is_sender, gettext_lazy("Only the sender of this task may do this."))
DISTRICT = Party("district", _is_district, gettext_lazy("Only the district civil-affairs bureau may do this."))


def not_refusable_message(assignment: TaskAssignment) -> str:
    """Why the community cannot refuse (or, for purchase, cannot accept) this task; '' if it may."""
    if assignment.outcome == Outcome.MUST_ACCEPT:
        return _(
            "This task falls under a statutory or Party duty list item, so the community must accept it "
            "and cannot refuse it."
        )
    if assignment.outcome == Outcome.REQUIRES_PURCHASE:
        return _(
            "This task assists the government: it is routed to purchase from a social organisation, "
            "not accepted or refused by the community as unpaid work."
        )
    return ""


def _conflict_message(assignment: TaskAssignment) -> str:
    if assignment.status == S.ROUTED_TO_PURCHASE:
        return not_refusable_message(assignment)
    return _("This cannot be done now: the task is “%(status)s”.") % {"status": S(assignment.status).label}


TASK_ASSIGNMENT = Machine(
    model=TaskAssignment,
    parties=(COMMUNITY, SENDER, DISTRICT),
    conflict_message=_conflict_message,
    transitions=(
        Transition("send", CREATED, S.PENDING, "sender"),
        Transition("send", CREATED, S.ROUTED_TO_PURCHASE, "sender"),
        Transition("accept", S.PENDING, S.ACCEPTED, "community"),
        Transition(
            "refuse",
            S.PENDING,
            S.REFUSED,
            "community",
            guard=not_refusable_message,
            guard_code="not_refusable",
        ),
        Transition("appeal", S.REFUSED, S.APPEALED, "sender"),
        Transition("decide_appeal", S.APPEALED, S.REFUSAL_UPHELD, "district"),
        Transition("decide_appeal", S.APPEALED, S.OVERTURNED, "district"),
        Transition("complete", (S.ACCEPTED, S.OVERTURNED), S.COMPLETED, "community"),
        Transition("rejudge", (S.PENDING, S.ROUTED_TO_PURCHASE), S.PENDING, "district"),
        Transition("rejudge", (S.PENDING, S.ROUTED_TO_PURCHASE), S.ROUTED_TO_PURCHASE, "district"),
    ),
)

# Work the community still owes: reminders and "overdue" apply to these.
OPEN_WORK = (S.PENDING, S.ACCEPTED, S.OVERTURNED)
