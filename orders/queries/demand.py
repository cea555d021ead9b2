"""Reads of demand, scoped by who asks, and demand grouped by domain and topic."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from accounts.queries import Scope, scope_for
from organizations.models import ServiceDomain

from ..models import Demand, DemandVoice

D = Demand.Status


def demand_community_ids(scope: Scope) -> frozenset[int] | None:
    """The communities whose demand `scope` sees; None means every community (the district)."""
    if scope.is_district_admin:
        return None
    ids = set(scope.community_ids) | set(scope.overseen_community_ids)
    if scope.resident_community_id is not None:
        ids.add(scope.resident_community_id)
    return frozenset(ids)


def can_see_demand(scope: Scope) -> bool:
    return scope.is_district_admin or bool(demand_community_ids(scope))


def demands_for(user) -> QuerySet[Demand]:
    """A resident sees their community's demand, community staff their own, the street its
    communities', the district all; anyone else none."""
    scope = scope_for(user)
    if not scope.authenticated:
        return Demand.objects.none()
    ids = demand_community_ids(scope)
    qs = Demand.objects.all() if ids is None else Demand.objects.filter(community_id__in=ids)
    return qs.select_related("community__street", "project").order_by("-id")


def access_demand(user, pk) -> Demand:
    """The demand as `user` may see it: 404 alike for missing and not yours."""
    demand = demands_for(user).filter(pk=pk).first()
    if demand is None:
        raise Http404
    return demand


def voiced_ids(user, demand_ids) -> set[int]:
    """Which of these demands `user` has already added a voice to (one query)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(DemandVoice.objects.filter(resident=user, demand_id__in=demand_ids).values_list("demand_id", flat=True))


@dataclass
class TopicGroup:
    topic: str
    voices: int = 0
    demands: list[Demand] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.demands[0].title if self.demands else self.topic


@dataclass
class DomainGroup:
    domain: str
    label: str
    voices: int = 0
    topics: list[TopicGroup] = field(default_factory=list)


# The grouped view reads at most this many open demands (newest first); a community has far fewer.
GROUPED_MAX = 500


def demand_grouped(qs: QuerySet[Demand]) -> list[DomainGroup]:
    """Open demand grouped by domain, then by topic (the normalised title), most voices first."""
    labels = dict(ServiceDomain.choices)
    domains: dict[str, DomainGroup] = {}
    for demand in qs.filter(status=D.OPEN).order_by("-voice_count", "id")[:GROUPED_MAX]:
        group = domains.setdefault(demand.domain, DomainGroup(demand.domain, str(labels.get(demand.domain, ""))))
        key = f"{demand.community_id}:{demand.topic}"
        topic = next((t for t in group.topics if t.topic == key), None)
        if topic is None:
            topic = TopicGroup(key)
            group.topics.append(topic)
        topic.demands.append(demand)
        topic.voices += demand.voice_count
        group.voices += demand.voice_count
    for group in domains.values():
        group.topics.sort(key=lambda t: -t.voices)
    return sorted(domains.values(), key=lambda g: -g.voices)
