"""Reads of the evaluation: experts, the public ranking, complaints."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.queries import scope_for

from ..models import Bid, Complaint, Expert, ExpertAssignment, Project
from ..states import UNSEALED_STATES


def access_expert(pk) -> Expert:
    expert = Expert.objects.select_related("user").filter(pk=pk).first()
    if expert is None:
        raise Http404
    return expert


def ranking_public(project: Project) -> list[Bid]:
    """After the evaluation: the opened bids with their scores and ranks (the result is public)."""
    if project.status not in UNSEALED_STATES or project.status == Project.Status.OPENED:
        return []
    return list(
        Bid.objects.filter(project=project, status=Bid.Status.OPENED).select_related("organization").order_by("rank")
    )


def complaints_for(user, project: Project) -> QuerySet[Complaint]:
    """The purchaser and the district read every complaint; an organisation its own."""
    scope = scope_for(user)
    qs = Complaint.objects.filter(project=project).select_related("organization").order_by("id")
    if scope.is_district_admin or project.street_id in scope.street_ids:
        return qs
    return qs.filter(organization_id__in=scope.organization_ids)


def access_complaint(user, project: Project, pk) -> Complaint:
    complaint = complaints_for(user, project).filter(pk=pk).first()
    if complaint is None:
        raise Http404
    return complaint


def assignment_of(user, project: Project) -> ExpertAssignment | None:
    """The user's assignment to evaluate `project`, or None: the scoring sheet's gate."""
    if not getattr(user, "is_authenticated", False):
        return None
    return ExpertAssignment.objects.filter(project=project, expert__user=user).prefetch_related("scores").first()
