"""Reads of residents and their applications, scoped by who asks."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Community
from accounts.queries import scope_for

from ..models import ResidentApplication

A = ResidentApplication.Status


def verified_community(user) -> Community | None:
    """The community `user` is a verified resident of, or None (unverified, or not a resident).
    For the pages and actions that only verified residents may use (orders)."""
    community_id = scope_for(user).resident_community_id
    if community_id is None:
        return None
    return Community.objects.select_related("street").filter(pk=community_id).first()


def is_verified_resident(user) -> bool:
    return scope_for(user).resident_community_id is not None


def applications_for(user) -> QuerySet[ResidentApplication]:
    """One's own applications; community staff their communities'; street staff their communities';
    the district all."""
    scope = scope_for(user)
    if not scope.authenticated:
        return ResidentApplication.objects.none()
    visible = Q(user_id=user.pk)
    if scope.is_district_admin:
        visible = Q()
    else:
        visible |= Q(community_id__in=scope.community_ids | scope.overseen_community_ids)
    return (
        ResidentApplication.objects.filter(visible)
        .select_related("community__street", "user", "decided_by", "registered_by")
        .order_by("-id")
    )


def access_application(user, pk) -> ResidentApplication:
    """The application as `user` may see it: 404 alike for missing and not yours."""
    application = applications_for(user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def pending_applications(community_ids) -> QuerySet[ResidentApplication]:
    """Residents waiting to be confirmed, oldest first (they have waited longest)."""
    return (
        ResidentApplication.objects.filter(community_id__in=community_ids, status=A.PENDING)
        .select_related("community", "user")
        .order_by("id")
    )


def my_application(user) -> ResidentApplication | None:
    """The user's latest application, for the sign-up page and their desk."""
    if not getattr(user, "is_authenticated", False):
        return None
    return ResidentApplication.objects.filter(user=user).select_related("community").order_by("-id").first()
