"""The organisation's lifecycle: one table of allowed transitions and who may make each.

draft → submitted → (returned → submitted)* → registered ⇄ suspended → deregistered; or rejected.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.queries import scope_for

from .models import Organization

S = Organization.Status

# Who may make a transition.
APPLICANT = "applicant"  # the organisation's own staff (the applicant is one from the start)
REVIEWER = "reviewer"  # the district civil-affairs bureau (Role.DISTRICT_ADMIN)


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    by: str


TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", S.DRAFT, S.SUBMITTED, APPLICANT),
    Transition("submit", S.RETURNED, S.SUBMITTED, APPLICANT),
    Transition("return", S.SUBMITTED, S.RETURNED, REVIEWER),
    Transition("approve", S.SUBMITTED, S.REGISTERED, REVIEWER),
    Transition("reject", S.SUBMITTED, S.REJECTED, REVIEWER),
    Transition("suspend", S.REGISTERED, S.SUSPENDED, REVIEWER),
    Transition("reinstate", S.SUSPENDED, S.REGISTERED, REVIEWER),
    Transition("deregister", S.REGISTERED, S.DEREGISTERED, REVIEWER),
    Transition("deregister", S.SUSPENDED, S.DEREGISTERED, REVIEWER),
)

# States whose application the applicant may still edit.
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
# States in which the organisation exists as a registered body (certificate issued).
REGISTERED_STATES = frozenset({S.REGISTERED, S.SUSPENDED, S.DEREGISTERED})


def transition_for(action: str, source: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.action == action and t.source == source), None)


def actions_from(source: str) -> list[str]:
    return sorted({t.action for t in TRANSITIONS if t.source == source})


def may_act(user, organization: Organization, transition: Transition) -> bool:
    scope = scope_for(user)
    if transition.by == REVIEWER:
        return scope.is_district_admin
    return organization.pk in scope.organization_ids


def available_actions(user, organization: Organization) -> list[str]:
    """The actions `user` may take on `organization` now (for buttons on its page)."""
    return [t.action for t in TRANSITIONS if t.source == organization.status and may_act(user, organization, t)]
