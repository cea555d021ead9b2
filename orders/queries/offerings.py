"""Reads of offerings: the residents' browse list (public), an organisation's own, one offering."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.queries import scope_for
from organizations.models import SocialWorker, Volunteer

from ..models import Offering, OfferingSlot, ReplyTemplate

SEARCH_MAX = 100


def _offerings() -> QuerySet[Offering]:
    return Offering.objects.select_related("organization").prefetch_related("communities")


def offerings_public(
    *, community: int | None = None, domain: str | None = None, search: str = "", queryset=None
) -> QuerySet[Offering]:
    """Open offerings, for anyone: by community and domain, and a Chinese substring search on the
    title (`icontains`, served on PostgreSQL by the trigram index of migration 0001). The API's
    filters narrow `queryset` (already the open offerings) one parameter at a time."""
    qs = _offerings().filter(is_active=True) if queryset is None else queryset
    if community:
        qs = qs.filter(communities=community)
    if domain:
        qs = qs.filter(domain=domain)
    search = (search or "").strip()[:SEARCH_MAX]
    if search:
        qs = qs.filter(title__icontains=search)
    return qs


def offerings_of_staff(user) -> QuerySet[Offering]:
    """The offerings of the user's organisations, open or closed."""
    return _offerings().filter(organization_id__in=scope_for(user).organization_ids)


def can_manage_offering(user, offering: Offering) -> bool:
    return offering.organization_id in scope_for(user).organization_ids


def access_offering(user, pk) -> Offering:
    """An offering with who delivers it and its coming slots. Open ones for anyone; closed ones
    for their organisation's staff only (404 alike for missing and not yours)."""
    offering = (
        _offerings()
        .prefetch_related(
            Prefetch("social_workers", queryset=SocialWorker.objects.order_by("name")),
            Prefetch("volunteers", queryset=Volunteer.objects.select_related("branch").order_by("name")),
            Prefetch("slots", queryset=OfferingSlot.objects.filter(start__gt=timezone.now()).order_by("start", "id")),
        )
        .filter(pk=pk)
        .first()
    )
    if offering is None or not (offering.is_active or can_manage_offering(user, offering)):
        raise Http404
    return offering


def reply_templates_for(user) -> QuerySet[ReplyTemplate]:
    return ReplyTemplate.objects.filter(organization_id__in=scope_for(user).organization_ids).select_related(
        "organization"
    )
