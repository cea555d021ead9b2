"""Lifecycles of the orders app, as tables of the core transition engine.

A resident's service order:

    (new) ──place──▶ placed ──accept──▶ accepted ──schedule──▶ scheduled ──deliver──▶ delivered
                       └──decline──▶ declined (reason)         (reschedule: scheduled → scheduled)
    delivered ──confirm──▶ confirmed ──rate──▶ rated
              └─auto_confirm─┘ (the portal, 7 days after delivery)
    placed / accepted / scheduled ──cancel──▶ cancelled          (the resident, before delivery)
    delivered / confirmed / rated ──dispute──▶ disputed ──resolve──▶ resolved (the community)

Confirming is the resident's (signed in), or the organisation's at the door and the community
staff's with the resident's six-digit code (orders.actions.orders.order_confirm checks the code).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from accounts.queries import scope_for
from core.states import CREATED, SYSTEM, Machine, Party, Transition

from .models import Order

S = Order.Status


def _is_resident(actor, order: Order) -> bool:
    # The order's own resident, still a verified resident of the order's community.
    pk = getattr(actor, "pk", None)
    return pk is not None and pk == order.resident_id and scope_for(actor).resident_community_id == order.community_id


def _is_provider(actor, order: Order) -> bool:
    return order.organization_id in scope_for(actor).organization_ids


def _is_community(actor, order: Order) -> bool:
    return order.community_id in scope_for(actor).community_ids


RESIDENT = Party("resident", _is_resident, gettext_lazy("Only the verified resident who ordered may do this."))
PROVIDER = Party(
    "provider", _is_provider, gettext_lazy("Only the staff of the organisation that offers this service may do this.")
)
COMMUNITY = Party("community", _is_community, gettext_lazy("Only the staff of the resident's community may do this."))

ORDER = Machine(
    model=Order,
    parties=(RESIDENT, PROVIDER, COMMUNITY, SYSTEM),
    conflict_message=gettext_lazy("This cannot be done while the order is “%(status)s”."),
    conflict_code="wrong_state",
    transitions=(
        Transition("place", CREATED, S.PLACED, ("resident", "community")),
        Transition("accept", S.PLACED, S.ACCEPTED, "provider"),
        Transition("decline", S.PLACED, S.DECLINED, "provider"),
        Transition("schedule", (S.ACCEPTED, S.SCHEDULED), S.SCHEDULED, "provider"),
        Transition("deliver", S.SCHEDULED, S.DELIVERED, "provider"),
        Transition("confirm", S.DELIVERED, S.CONFIRMED, ("resident", "provider", "community")),
        Transition("auto_confirm", S.DELIVERED, S.CONFIRMED, "system"),
        Transition("rate", S.CONFIRMED, S.RATED, "resident"),
        Transition("cancel", (S.PLACED, S.ACCEPTED, S.SCHEDULED), S.CANCELLED, ("resident", "community")),
        Transition("dispute", (S.DELIVERED, S.CONFIRMED, S.RATED), S.DISPUTED, "resident"),
        Transition("resolve", S.DISPUTED, S.RESOLVED, "community"),
    ),
)

# Deliveries that count for pay-follows-delivery: confirmed by the resident (or after 7 days).
CONFIRMED_STATES = (S.CONFIRMED, S.RATED)
# The order desk: what waits on the organisation, newest work first.
DESK_STATES = (S.PLACED, S.ACCEPTED, S.SCHEDULED)
