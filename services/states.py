"""Lifecycles of the services app, one transition table per model.

A task assignment (one community's copy of a task request):

    (new) ──send──▶ pending ──accept──▶ accepted ──complete──▶ completed
      │               │ └──refuse (only may_refuse)──▶ refused ──appeal──▶ appealed
      │               │                                                    ├─uphold──▶ refusal_upheld
      │               │                                                    └─overturn─▶ overturned ──complete──▶ completed
      └──send──▶ routed_to_purchase   (assisting-government work: bought, never done unpaid)
    pending ⇄ routed_to_purchase: the district admin re-judges the matching (rejudge).
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Role

from .models import TaskAssignment

S = TaskAssignment.Status

# Who makes the move: the receiving community, the sender (department or street), the district.
COMMUNITY = Role.COMMUNITY_STAFF
SENDER = "sender"
DISTRICT = Role.DISTRICT_ADMIN


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    by: str


TASK_ASSIGNMENT_TRANSITIONS: tuple[Transition, ...] = (
    Transition("send", "", S.PENDING, SENDER),
    Transition("send", "", S.ROUTED_TO_PURCHASE, SENDER),
    Transition("accept", S.PENDING, S.ACCEPTED, COMMUNITY),
    Transition("refuse", S.PENDING, S.REFUSED, COMMUNITY),
    Transition("appeal", S.REFUSED, S.APPEALED, SENDER),
    Transition("decide_appeal", S.APPEALED, S.REFUSAL_UPHELD, DISTRICT),
    Transition("decide_appeal", S.APPEALED, S.OVERTURNED, DISTRICT),
    Transition("complete", S.ACCEPTED, S.COMPLETED, COMMUNITY),
    Transition("complete", S.OVERTURNED, S.COMPLETED, COMMUNITY),
    Transition("rejudge", S.PENDING, S.PENDING, DISTRICT),
    Transition("rejudge", S.PENDING, S.ROUTED_TO_PURCHASE, DISTRICT),
    Transition("rejudge", S.ROUTED_TO_PURCHASE, S.PENDING, DISTRICT),
    Transition("rejudge", S.ROUTED_TO_PURCHASE, S.ROUTED_TO_PURCHASE, DISTRICT),
)

# Work the community still owes: reminders and "overdue" apply to these.
OPEN_WORK = (S.PENDING, S.ACCEPTED, S.OVERTURNED)


def transition_for(action: str, source: str, target: str) -> Transition | None:
    for t in TASK_ASSIGNMENT_TRANSITIONS:
        if t.action == action and t.source == source and t.target == target:
            return t
    return None


def allowed_from(action: str, source: str) -> bool:
    return any(t.action == action and t.source == source for t in TASK_ASSIGNMENT_TRANSITIONS)
