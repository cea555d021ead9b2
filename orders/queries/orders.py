"""Reads of orders, scoped by who asks, and the delivery figures procurement will read
(pay follows verified delivery)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404

from accounts.queries import scope_for

from ..models import Order
from ..states import CONFIRMED_STATES


def _orders() -> QuerySet[Order]:
    return Order.objects.select_related("offering", "organization", "community", "resident", "slot")


def orders_scope(user) -> Q | None:
    """Which orders `user` sees: a resident their own, an organisation those for its offerings, a
    community those of its residents, a street office those of its communities, the district all."""
    scope = scope_for(user)
    if not scope.authenticated:
        return None
    if scope.is_district_admin:
        return Q()
    # Each clause is one index range (resident, organisation or community, then -id); a clause
    # only for the roles held, so an organisation's list is not an OR that defeats its index.
    visible = Q(pk__in=[])
    if scope.resident_community_id is not None:
        visible |= Q(resident_id=user.pk)
    if scope.organization_ids:
        visible |= Q(organization_id__in=scope.organization_ids)
    if scope.community_ids:
        visible |= Q(community_id__in=scope.community_ids)
    if scope.overseen_community_ids:
        visible |= Q(community_id__in=scope.overseen_community_ids)
    return visible


def orders_for(user) -> QuerySet[Order]:
    visible = orders_scope(user)
    if visible is None:
        return Order.objects.none()
    return _orders().filter(visible)


# What a list row shows (api.orders.OrderSerializer, the desk and "my orders"): the related rows'
# wide columns (an organisation's articles, a user's password) stay in the database.
LIST_FIELDS = (
    *(
        f.name
        for f in Order._meta.concrete_fields
        if f.name not in ("notes", "reply", "rating_comment", "dispute_text", "resolution")
    ),
    "offering__title",
    "organization__name",
    "community__name",
    "resident__username",
    "resident__display_name",
    "slot__start",
)


def order_list_for(user) -> QuerySet[Order]:
    """orders_for(user) with only the columns a list shows."""
    return orders_for(user).only(*LIST_FIELDS)


# What a row of the API's list shows, read as plain values (api.orders.order_rows formats it):
# building five model instances per order and DRF's per-field machinery were most of a page's
# time (bench/README.md, "Resident service orders").
ORDER_ROW = (
    "id",
    "status",
    "offering_id",
    "offering__title",
    "organization_id",
    "organization__name",
    "community_id",
    "community__name",
    "resident_id",
    "resident__username",
    "resident__display_name",
    "placed_by_id",
    "slot_id",
    "slot__start",
    "preferred_time",
    "scheduled_for",
    "rating",
    "escalated_at",
    "created_at",
    "answer_due_at",
)


def order_rows_for(user) -> QuerySet:
    """The orders `user` sees as list rows (dicts of ORDER_ROW); the caller orders and cuts them
    (the API's cursor on -id)."""
    visible = orders_scope(user)
    if visible is None:
        return Order.objects.none().values(*ORDER_ROW)
    return Order.objects.filter(visible).values(*ORDER_ROW)


def access_order(user, pk) -> Order:
    """One order, to those who see it (404 alike for missing and not yours)."""
    order = orders_for(user).filter(pk=pk).first()
    if order is None:
        raise Http404
    return order


def access_order_history(user, pk) -> Order:
    return access_order(user, pk)


def can_see_code(user, order: Order) -> bool:
    """The confirmation code: the resident, and the community staff who ordered for them (to hand
    it over on paper); never the organisation."""
    pk = getattr(user, "pk", None)
    return pk is not None and pk in (order.resident_id, order.placed_by_id)


def needs_community(orders: QuerySet[Order]) -> QuerySet[Order]:
    """Orders the community must act on: disputes to resolve, orders escalated unanswered."""
    return orders.filter(Q(status=Order.Status.DISPUTED) | Q(status=Order.Status.PLACED, escalated_at__isnull=False))


def community_attention(user) -> QuerySet[Order]:
    """Orders that need the user's community (the home page's desk counts them with the rest)."""
    ids = scope_for(user).community_ids
    return needs_community(Order.objects.filter(community_id__in=ids)) if ids else Order.objects.none()


def desk_waiting(user) -> QuerySet[Order]:
    """New orders waiting on the user's organisations (the home page's desk)."""
    ids = scope_for(user).organization_ids
    return Order.objects.filter(organization_id__in=ids, status=Order.Status.PLACED) if ids else Order.objects.none()


# --- Pay follows verified delivery (read by procurement through the coordinator's wiring) -------


@dataclass(frozen=True)
class DeliveryFigures:
    confirmed: int  # deliveries confirmed by the resident (or automatically after 7 days)
    rated: int
    average_rating: Decimal | None  # 1.00 – 5.00, None with no rating yet


def _offering_filter(offering_ids: Iterable[int] | None, contract_id: int | None) -> Q:
    if offering_ids is None and contract_id is None:
        raise ValueError("give offering_ids or contract_id")
    condition = Q()
    if offering_ids is not None:
        condition &= Q(offering_id__in=list(offering_ids))
    if contract_id is not None:
        condition &= Q(offering__contract_id=contract_id)
    return condition


def delivery_figures(*, offering_ids: Iterable[int] | None = None, contract_id: int | None = None) -> DeliveryFigures:
    """Confirmed deliveries and ratings of some offerings, or of the offering(s) of a contract.
    Disputed (and resolved) orders do not count: a dispute withdraws the resident's confirmation."""
    row = Order.objects.filter(_offering_filter(offering_ids, contract_id), status__in=CONFIRMED_STATES).aggregate(
        confirmed=Count("pk"), rated=Count("rating"), average=Avg("rating")
    )
    average = row["average"]
    return DeliveryFigures(
        confirmed=row["confirmed"],
        rated=row["rated"],
        average_rating=None
        if average is None
        else Decimal(str(average)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
    )


def confirmed_deliveries(*, offering_ids: Iterable[int] | None = None, contract_id: int | None = None) -> int:
    """How many deliveries residents confirmed: a contract's delivered quantity."""
    return delivery_figures(offering_ids=offering_ids, contract_id=contract_id).confirmed


def average_rating(*, offering_ids: Iterable[int] | None = None, contract_id: int | None = None) -> Decimal | None:
    """The residents' average rating (1–5), for the contract's performance evaluation."""
    return delivery_figures(offering_ids=offering_ids, contract_id=contract_id).average_rating
