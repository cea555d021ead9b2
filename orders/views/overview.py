"""The community overview: what a community office looks at each morning, as a list of sections.

Each section is registered with `overview_section_register` and drawn in `order`. This file
registers the residents' and the demand sections. The slot named "orders_and_disputes" (order 10,
first on the page) is kept for the orders and disputes of the resident-orders work: its section
is registered the same way when that work is merged (see docs/decisions/019-residents-and-demand.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.models import Community
from accounts.queries import scope_for

from ..queries.demand import demand_grouped
from ..queries.residents import pending_applications
from ..states import RESIDENT_APPLICATION

# The slots of the page, in order. A section that fills a slot uses its key.
SLOT_ORDERS_AND_DISPUTES = "orders_and_disputes"  # order 10
SLOT_RESIDENTS_TO_CONFIRM = "residents_to_confirm"  # order 20
SLOT_DEMAND = "demand"  # order 30


@dataclass(frozen=True)
class OverviewSection:
    key: str
    title: str
    template: str
    # context(request, community) -> dict for the section's template
    context: Callable[[object, Community], dict]
    order: int = 100


_sections: list[OverviewSection] = []


def overview_section_register(section: OverviewSection) -> None:
    if all(existing.key != section.key for existing in _sections):
        _sections.append(section)
        _sections.sort(key=lambda s: s.order)


def _residents_context(request, community) -> dict:
    pending = list(pending_applications([community.pk])[:100])
    for application in pending:
        application.offered = RESIDENT_APPLICATION.allowed_actions(request.user, application)
    return {"pending": pending}


def _demand_context(request, community) -> dict:
    from ..models import Demand

    qs = Demand.objects.filter(community=community).select_related("community")
    return {"groups": demand_grouped(qs)}


def _orders_context(request, community) -> dict:
    """Disputes to resolve and orders escalated unanswered (the community acts on them), then the
    community's orders counted by state."""
    from django.db.models import Count

    from ..models import Order
    from ..queries.orders import needs_community

    orders = Order.objects.filter(community=community)
    attention = list(needs_community(orders).select_related("offering").order_by("id")[:50])
    labels = dict(Order.Status.choices)
    counts = orders.values("status").annotate(n=Count("pk")).order_by("status")
    return {
        "attention": attention,
        "by_state": [{"label": labels.get(row["status"], row["status"]), "count": row["n"]} for row in counts],
    }


overview_section_register(
    OverviewSection(
        key=SLOT_ORDERS_AND_DISPUTES,
        title=_("Service orders and disputes"),
        template="orders/overview/orders.html",
        context=_orders_context,
        order=10,
    )
)
overview_section_register(
    OverviewSection(
        key=SLOT_RESIDENTS_TO_CONFIRM,
        title=_("Residents to confirm"),
        template="orders/overview/residents.html",
        context=_residents_context,
        order=20,
    )
)
overview_section_register(
    OverviewSection(
        key=SLOT_DEMAND,
        title=_("Residents' demand"),
        template="orders/overview/demand.html",
        context=_demand_context,
        order=30,
    )
)


@login_required
def community_overview(request):
    """For community staff: one community at a time (`?community=` picks among theirs)."""
    communities = list(
        Community.objects.filter(pk__in=scope_for(request.user).community_ids, is_active=True).order_by("name")
    )
    if not communities:
        raise PermissionDenied
    chosen = request.GET.get("community", "")
    community = next((c for c in communities if str(c.pk) == chosen), communities[0])
    sections = [
        {"key": s.key, "title": s.title, "template": s.template, **s.context(request, community)} for s in _sections
    ]
    return render(
        request,
        "orders/community_overview.html",
        {"community": community, "communities": communities, "sections": sections},
    )
