"""The demo: an offering in every community and domain, orders in every state, loaded once."""

import io

from django.core.management import call_command
from django.db.models import F

from accounts.models import Community
from orders.models import Offering, Order
from organizations.models import ServiceDomain


def test_the_demo_has_offerings_everywhere_and_orders_in_every_state_and_loads_once(db):
    call_command("load_demo", stdout=io.StringIO())
    counts = (Offering.objects.count(), Order.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Offering.objects.count(), Order.objects.count()) == counts
    assert set(Order.objects.values_list("status", flat=True)) == set(Order.Status.values)
    for community in Community.objects.filter(is_active=True):
        domains = set(Offering.objects.filter(communities=community).values_list("domain", flat=True))
        assert domains == set(ServiceDomain.values), community.name
    zhang = Order.objects.filter(resident__username="resident_zhang")
    assert zhang.count() >= 3 and zhang.filter(status="delivered").exists()
    # Some orders were placed by the community office for residents without a smartphone.
    assert Order.objects.exclude(placed_by=F("resident")).exists()
