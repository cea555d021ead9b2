"""The three procurement desks: the street office's purchasing desk, the organisation's bidding
desk and the expert's scoring desk.

Each desk is a list of sections, drawn in order: a section is a template and a function that
gives its context (or None to leave it out). Each section costs its own queries, and each desk
stays within ten (tests/procurement/test_desks.py pins them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.queries import scope_for

from ..models import Project
from ..queries.contracts import contracts_waiting_on
from ..queries.desks import WAITING_KINDS, assignments_for, bidding_desk, budget_use, purchasing_desk

P = Project.Status


@dataclass(frozen=True)
class DeskSection:
    key: str
    template: str
    # build(request, desk) -> the section's context, or None to leave the section out. `desk` is
    # what the desk's main query read (PurchasingDesk, BiddingDesk); a section may ignore it.
    build: Callable[[object, object], dict | None]


# --- The purchasing desk ---------------------------------------------------------------------------

WAITING_LABELS = {
    "to_publish": _("Drafts to publish"),
    "to_answer": _("Questions to answer"),
    "to_assign": _("Opened: assign evaluation experts"),
    "to_evaluate": _("Scored: rank the bids"),
    "to_award": _("Evaluated: award"),
    "complaints": _("Complaints to answer"),
    "to_close": _("Accepted: pay what is owed and close"),
}


def _project_list_url(base: str, status: str, street_ids) -> str:
    """The project list at `base` (reversed once by the caller) filtered by state and, for one
    street's office, by its street."""
    query = {"status": status}
    if len(street_ids) == 1:
        query["street"] = next(iter(street_ids))
    return base + "?" + urlencode(query)


def _states(request, desk) -> dict:
    street_ids = scope_for(request.user).street_ids
    base = reverse("procurement:project-list")
    return {
        "states": [
            {
                "value": value,
                "label": label,
                "count": desk.state_counts[value],
                "url": _project_list_url(base, value, street_ids),
            }
            for value, label in P.choices
        ],
        "total": desk.total,
    }


# The project state whose filtered list holds the rest of each kind of waiting work.
WAITING_STATUS = {
    "to_publish": P.DRAFT,
    "to_answer": P.PUBLISHED,
    "to_assign": P.OPENED,
    "to_evaluate": P.OPENED,
    "to_award": P.EVALUATED,
    "complaints": P.AWARDED,
    "to_close": P.ACCEPTED,
}


def _waiting(request, desk) -> dict:
    street_ids = scope_for(request.user).street_ids
    base = reverse("procurement:project-list")
    return {
        "kinds": [
            {
                "key": kind,
                "label": WAITING_LABELS[kind],
                "count": desk.waiting_counts[kind],
                "projects": desk.waiting[kind],
                "more": desk.waiting_counts[kind] - len(desk.waiting[kind]),
                "more_url": _project_list_url(base, WAITING_STATUS[kind], street_ids),
            }
            for kind in WAITING_KINDS
        ]
    }


def _budgets(request, desk) -> dict:
    lines = []
    for line in desk.budget_lines:
        line.use = budget_use(line)
        lines.append(line)
    return {"lines": lines, "year": desk.year}


def _contracts(request, desk) -> dict:
    """Contracts whose review step, escalation or signature waits on this user (the newest
    CONTRACT_ROWS; the rest are on the contract list)."""
    waiting = (
        contracts_waiting_on(request.user)
        .select_related(None)
        .select_related("organization", "community")
        .only("pk", "title", "status", "organization__name", "community__name")
    )
    return {"contracts": list(waiting.order_by("-id")[:CONTRACT_ROWS])}


CONTRACT_ROWS = 10

PURCHASING_SECTIONS: list[DeskSection] = [
    DeskSection("waiting", "procurement/desk/waiting.html", _waiting),
    DeskSection("states", "procurement/desk/states.html", _states),
    DeskSection("budgets", "procurement/desk/budgets.html", _budgets),
    DeskSection("contracts", "procurement/desk/contracts.html", _contracts),
]


def can_see_purchasing_desk(scope) -> bool:
    return bool(scope.street_ids)


@login_required
def purchasing_desk_page(request):
    """The street office's purchasing desk: what waits on it, its projects by state, its budgets."""
    if not can_see_purchasing_desk(scope_for(request.user)):
        raise PermissionDenied
    desk = purchasing_desk(request.user)
    return _render(request, "procurement/desk/purchasing.html", PURCHASING_SECTIONS, desk)


# --- The bidding desk ------------------------------------------------------------------------------


def _standing(request, desk) -> dict:
    return {"standings": desk.standings}


def _calls(request, desk) -> dict:
    return {
        "calls": desk.calls,
        "qualified": any(s.qualification.qualified for s in desk.standings),
    }


def _my_bids(request, desk) -> dict:
    return {"bids": desk.bids}


BIDDING_SECTIONS: list[DeskSection] = [
    DeskSection("standing", "procurement/desk/standing.html", _standing),
    DeskSection("calls", "procurement/desk/calls.html", _calls),
    DeskSection("bids", "procurement/desk/bids.html", _my_bids),
    DeskSection("contracts", "procurement/desk/contracts.html", _contracts),
]


def can_see_bidding_desk(scope) -> bool:
    return bool(scope.organization_ids)


@login_required
def bidding_desk_page(request):
    """The organisation's bidding desk: its standing, the open calls it qualifies for, its bids."""
    if not can_see_bidding_desk(scope_for(request.user)):
        raise PermissionDenied
    desk = bidding_desk(request.user)
    return _render(request, "procurement/desk/bidding.html", BIDDING_SECTIONS, desk)


# --- The scoring desk ------------------------------------------------------------------------------


def can_see_scoring_desk(scope) -> bool:
    from accounts.models import Role

    return scope.has(Role.EXPERT)


@login_required
def scoring_desk_page(request):
    """The expert's projects: each assignment with its sheet's size and what is still unscored."""
    if not can_see_scoring_desk(scope_for(request.user)):
        raise PermissionDenied
    from ..queries.desks import ASSIGNMENT_ROWS

    rows = []
    for assignment in assignments_for(request.user)[:ASSIGNMENT_ROWS]:
        cells = assignment.bid_count * assignment.criterion_count
        assignment.cells = cells
        assignment.unscored = 0 if assignment.scored_at else cells
        assignment.may_score = assignment.project.status == P.OPENED and assignment.scored_at is None
        rows.append(assignment)
    return render(request, "procurement/desk/scoring.html", {"assignments": rows})


def _render(request, template: str, sections: list[DeskSection], desk) -> object:
    drawn = []
    for section in sections:
        context = section.build(request, desk)
        if context is not None:
            drawn.append({"key": section.key, "template": section.template, "context": context})
    return render(request, template, {"sections": drawn, "desk": desk})
