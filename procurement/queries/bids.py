"""Reads of bids. The seal lives here: a bid's price, plan, staff and documents leave these
functions only for the bidder until the opening (docs/decisions/015)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from accounts.queries import scope_for

from ..models import Bid, ExpertAssignment, Project
from ..states import UNSEALED_STATES

# --- Bids (sealed) -------------------------------------------------------------------------------


def is_unsealed(project: Project) -> bool:
    return project.status in UNSEALED_STATES


def can_read_bid(user, bid: Bid) -> bool:
    """Price, plan, staff and documents: the bidder always; after the opening, also the
    purchasing street office and the district."""
    scope = scope_for(user)
    if bid.organization_id in scope.organization_ids:
        return True
    if not is_unsealed(bid.project) or bid.status != Bid.Status.OPENED:
        return False
    return scope.is_district_admin or bid.project.street_id in scope.street_ids or is_assigned_expert(user, bid.project)


def is_assigned_expert(user, project: Project) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return ExpertAssignment.objects.filter(project=project, expert__user=user).exists()


def _bids():
    return Bid.objects.select_related("project", "organization").prefetch_related(
        "documents", Prefetch("staff", queryset=Bid.staff.rel.model.objects.select_related("person"))
    )


def bids_for(user, project: Project) -> QuerySet[Bid]:
    """The bids of a project that `user` may read in full: before the opening only the user's
    organisations' own; after it also every opened bid for the purchaser and the district."""
    scope = scope_for(user)
    own = Q(organization_id__in=scope.organization_ids)
    visible = own
    if is_unsealed(project) and (
        scope.is_district_admin or project.street_id in scope.street_ids or is_assigned_expert(user, project)
    ):
        visible |= Q(status=Bid.Status.OPENED)
    return _bids().filter(visible, project=project).order_by("id")


def access_bid(user, pk) -> Bid:
    bid = _bids().filter(pk=pk).first()
    if bid is None or not can_read_bid(user, bid):
        raise Http404
    return bid


def access_bid_history(user, pk) -> Bid:
    return access_bid(user, pk)


def my_bids(user) -> QuerySet[Bid]:
    return _bids().filter(organization_id__in=scope_for(user).organization_ids).order_by("-id")
