"""Offerings and orders for tests, made through the actions (someone did this)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import Role
from orders.actions.offerings import offering_create, slot_add
from orders.actions.orders import (
    order_accept,
    order_confirm,
    order_deliver,
    order_place,
    order_schedule,
)
from orders.models import Order
from tests.factories import user_with_role


def make_offering(*, actor, organization, communities, title="上门助浴", domain="elderly", price=Decimal(0), **kw):
    return offering_create(
        actor=actor,
        organization=organization,
        communities=list(communities),
        title=title,
        domain=domain,
        price=price,
        description=kw.pop("description", "为高龄老人提供上门助浴服务。"),
        **kw,
    )


def make_slot(*, actor, offering, days=3, capacity=5):
    start = timezone.now() + timedelta(days=days)
    return slot_add(actor=actor, offering=offering, start=start, end=start + timedelta(hours=2), capacity=capacity)


def make_resident(username, community):
    return user_with_role(username, Role.RESIDENT, community)


def make_order(*, resident, offering, slot=None, notes="") -> Order:
    preferred = None if slot else timezone.now() + timedelta(days=2)
    return order_place(actor=resident, offering=offering, slot=slot, preferred_time=preferred, notes=notes)


def advance(order: Order, to: str, *, provider, resident=None) -> Order:
    """Move an order along the happy path up to `to` (accepted, scheduled, delivered, confirmed)."""
    path = ["accepted", "scheduled", "delivered", "confirmed"]
    for step in path[: path.index(to) + 1]:
        if step == "accepted":
            order = order_accept(actor=provider, order=order)
        elif step == "scheduled":
            order = order_schedule(actor=provider, order=order)
        elif step == "delivered":
            order = order_deliver(actor=provider, order=order)
        elif step == "confirmed":
            order = order_confirm(actor=resident or order.resident, order=order)
    return order
