"""Reads of contracts, their review timeline and the public contract notices, scoped by who asks.

A contract is read by its three parties (the street, the community, the organisation), the
district, and whoever is or was assigned one of its review steps or amendments; nobody else."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Role
from accounts.queries import Scope, scope_for

from ..models import Amendment, Contract, ContractCheck, Project, ReviewReminder, ReviewStep
from ..states import CONTRACT_PUBLIC_STATES

REVIEWER_ROLES = (Role.STREET_LEGAL, Role.STREET_FINANCE, Role.STREET_LEADER)


def can_see_contracts(scope: Scope) -> bool:
    """Who has a "my contracts" page: the parties' staff, the district and the street's reviewers."""
    return bool(
        scope.is_district_admin
        or scope.street_ids
        or scope.community_ids
        or scope.organization_ids
        or scope.has(*REVIEWER_ROLES)
    )


def can_be_waited_on(scope: Scope) -> bool:
    """Who may have a contract waiting on them: reviewers (community, street and its reviewers)
    and organisations that sign; the district oversees but is never a step's assignee."""
    return bool(scope.street_ids or scope.community_ids or scope.organization_ids or scope.has(*REVIEWER_ROLES))


def contracts_for(user) -> QuerySet[Contract]:
    scope = scope_for(user)
    if not scope.authenticated:
        return Contract.objects.none()
    if scope.is_district_admin:
        visible = Q()
    else:
        visible = (
            Q(street_id__in=scope.street_ids)
            | Q(community_id__in=scope.community_ids)
            | Q(organization_id__in=scope.organization_ids)
            | Q(pk__in=ReviewStep.objects.filter(assignee=user).values("contract_id"))
            | Q(pk__in=Amendment.objects.filter(assignee=user).values("contract_id"))
            | Q(pk__in=ReviewReminder.objects.filter(recipient=user).values("step__contract_id"))
        )
    return (
        Contract.objects.filter(visible)
        .select_related("street", "community", "organization", "project", "current_assignee")
        .order_by("-id")
    )


def access_contract(user, pk) -> Contract:
    """The contract as `user` may see it: 404 alike for missing and not yours."""
    contract = contracts_for(user).filter(pk=pk).first()
    if contract is None:
        raise Http404
    return contract


def access_contract_history(user, pk) -> Contract:
    return access_contract(user, pk)


def contracts_waiting_on(user) -> QuerySet[Contract]:
    """Contracts whose open step is the user's, whose overdue step was escalated to the user (the
    street leader), drafts (new or returned by a check or a reviewer) the user's street office is to
    submit, or whose signature the user's organisation owes.

    Each condition is narrower than one of `contracts_for`'s (the current assignee holds a step or
    an amendment; an escalation is a reminder to its recipient; the street's and the organisation's
    own), so what waits on a user is always among what the user may read, and the query need not
    repeat that filter (tests/procurement/test_contracts_review.py holds the two together)."""
    scope = scope_for(user)
    if not scope.authenticated:
        return Contract.objects.none()
    escalated = ReviewReminder.objects.filter(
        recipient=user, kind=ReviewReminder.Kind.ESCALATED, step__status=ReviewStep.Status.OPEN
    ).values("step__contract_id")
    return (
        Contract.objects.filter(
            Q(current_assignee=user)
            | Q(pk__in=escalated)
            | Q(status=Contract.Status.DRAFTING, street_id__in=scope.street_ids)
            | Q(status=Contract.Status.AWAITING_SIGNATURE, organization_id__in=scope.organization_ids)
        )
        .select_related("street", "community", "organization", "project", "current_assignee")
        .order_by("-id")
    )


def contracts_of_project(user, project: Project) -> QuerySet[Contract]:
    return contracts_for(user).filter(project=project)


def can_draft_contract(user, project: Project) -> bool:
    return project.status == Project.Status.AWARDED and project.street_id in scope_for(user).street_ids


def standstill_running(project: Project) -> bool:
    """True until the end of the standstill's last day: no contract is drafted before."""
    return bool(project.standstill_until and timezone.localdate() <= project.standstill_until)


def review_timeline(contract: Contract) -> list[dict]:
    """Every round of the review, newest first: its checks with results, and its steps with who
    decided what and when, what is open and on whom, and the reminders sent."""
    checks = list(ContractCheck.objects.filter(contract=contract).order_by("-round", "id"))
    steps = list(
        ReviewStep.objects.filter(contract=contract)
        .select_related("assignee", "decided_by")
        .prefetch_related("reminders__recipient")
        .order_by("-round", "position")
    )
    rounds = sorted({c.round for c in checks} | {s.round for s in steps}, reverse=True)
    return [
        {
            "round": r,
            "checks": [c for c in checks if c.round == r],
            "steps": [s for s in steps if s.round == r],
        }
        for r in rounds
    ]


def amendments_of(contract: Contract) -> QuerySet[Amendment]:
    return contract.amendments.select_related("assignee", "proposed_by").order_by("id")


def reminders_for(user) -> QuerySet[ReviewReminder]:
    return ReviewReminder.objects.filter(recipient=user, step__status=ReviewStep.Status.OPEN).select_related(
        "step__contract"
    )


# --- Public contract notices ------------------------------------------------------------------------


def contract_notices_public() -> QuerySet[Contract]:
    """Signed contracts, published at signing (合同公告): anyone reads them."""
    return (
        Contract.objects.filter(status__in=CONTRACT_PUBLIC_STATES, notice_published_at__isnull=False)
        .select_related("street", "community", "organization", "project")
        .order_by("-id")
    )


def contract_notice(pk) -> Contract:
    contract = contract_notices_public().filter(pk=pk).first()
    if contract is None:
        raise Http404
    return contract
