"""`manage.py load_volume --orders N` writes N orders with a realistic spread (bulk inserts here,
COPY on PostgreSQL), which the scoped lists read like any others."""

import io

from django.core.management import call_command
from django.urls import reverse

from orders.models import Order


def test_load_volume_writes_orders_over_a_year_in_many_states(api_as, resident, offering, community_officer):
    call_command("load_volume", orders=600, stdout=io.StringIO())
    assert Order.objects.count() == 600
    statuses = set(Order.objects.values_list("status", flat=True))
    assert {"rated", "confirmed", "cancelled"} <= statuses
    first, last = Order.objects.order_by("pk").first(), Order.objects.order_by("pk").last()
    assert (last.created_at - first.created_at).days >= 300
    # Newer ids are newer orders, as the cursor pages assume.
    assert list(Order.objects.order_by("pk").values_list("created_at", flat=True)[:50]) == sorted(
        Order.objects.order_by("pk").values_list("created_at", flat=True)[:50]
    )
    assert Order.objects.filter(resident=resident).exists()
    listed = api_as(community_officer).get(reverse("api:order-list")).json()["results"]
    assert listed and all(o["community"] == offering.communities.get().pk for o in listed)
