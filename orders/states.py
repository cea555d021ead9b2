"""Lifecycles of the orders app, as tables of the core transition engine.

A resident application (verification into a community):

    (new) ──submit──▶ pending ──verify──▶ verified      (grants Role.RESIDENT for the community)
                         └────reject──▶ rejected        (with the reason; the person may apply again)
    (new) ──register──▶ verified                        (community staff, in person: no smartphone needed)

Demand (a service nobody offers in the community yet):

    (new) ──raise──▶ open ──convert──▶ converted        (the street office: a draft purchase project)
                      └────close──▶ closed              (the community or the street, with the reason)

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

from .models import Demand, Order, ResidentApplication

A = ResidentApplication.Status
D = Demand.Status


def _is_applicant(actor, application: ResidentApplication) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and application.user_id == actor.pk


def _is_community_staff(actor, obj) -> bool:
    return obj.community_id in scope_for(actor).community_ids


def _is_resident_of(actor, demand: Demand) -> bool:
    community_id = scope_for(actor).resident_community_id
    return community_id is not None and community_id == demand.community_id


def _is_street_of(actor, demand: Demand) -> bool:
    return demand.community_id in scope_for(actor).overseen_community_ids


APPLICANT = Party("applicant", _is_applicant, gettext_lazy("Only the applicant may do this."))
COMMUNITY_STAFF = Party("community", _is_community_staff, gettext_lazy("Only the staff of this community may do this."))
COMMUNITY_RESIDENT = Party(
    "resident", _is_resident_of, gettext_lazy("Only verified residents of this community may do this.")
)
STREET = Party("street", _is_street_of, gettext_lazy("Only the staff of the community's street office may do this."))

RESIDENT_APPLICATION = Machine(
    model=ResidentApplication,
    parties=(APPLICANT, COMMUNITY_STAFF),
    conflict_message=gettext_lazy("This cannot be done while the application is “%(status)s”."),
    conflict_code="wrong_state",
    transitions=(
        Transition("submit", CREATED, A.PENDING, "applicant"),
        Transition("register", CREATED, A.VERIFIED, "community"),
        Transition("verify", A.PENDING, A.VERIFIED, "community"),
        Transition("reject", A.PENDING, A.REJECTED, "community"),
    ),
)

DEMAND = Machine(
    model=Demand,
    parties=(COMMUNITY_RESIDENT, COMMUNITY_STAFF, STREET),
    conflict_message=gettext_lazy("This cannot be done while the demand is “%(status)s”."),
    conflict_code="wrong_state",
    transitions=(
        Transition("raise", CREATED, D.OPEN, "resident"),
        Transition("convert", D.OPEN, D.CONVERTED, "street"),
        Transition("close", D.OPEN, D.CLOSED, ("community", "street")),
    ),
)


# --- Service orders ------------------------------------------------------------------------------

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
