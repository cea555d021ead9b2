"""The seal, walked: every GET route of the project, for every member of the cast but the
bidder, with a sealed bid present; its price and plan never appear."""

from decimal import Decimal

from django.urls import reverse

from procurement.models import Bid
from tests.conftest import CAST
from tests.test_permission_matrix import ROUTES, world  # noqa: F401  (fixture)

PRICE, PLAN = Decimal("424242.42"), "密封方案：夜间巡访独居长者"


def test_no_route_shows_a_sealed_bids_price_or_plan_to_anyone_but_the_bidder(world, api_as, page_as):  # noqa: F811
    Bid.objects.filter(pk=world.procurement_bid.pk).update(price=PRICE, plan=PLAN)
    leaks = []
    for route in ROUTES:
        if "GET" not in route.expect:
            continue
        url = reverse(route.name, kwargs=route.kwargs(world) if route.kwargs else None) + route.query
        for role in CAST:
            if role == "org_officer":
                continue
            user = getattr(world, role)
            client = api_as(user) if route.is_api else page_as(user)
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            content = body.decode(errors="replace")
            if "424242" in content or PLAN in content:
                leaks.append(f"{role} {url}")
    # History pages of the bid and its project are walked too.
    for object_type, pk in (
        ("procurement.bid", world.procurement_bid.pk),
        ("procurement.project", world.procurement_published.pk),
    ):
        url = reverse("core:history", kwargs={"object_type": object_type, "object_id": pk})
        for role in CAST:
            if role != "org_officer":
                content = page_as(getattr(world, role)).get(url).content.decode()
                if "424242" in content or PLAN in content:
                    leaks.append(f"{role} {url}")
    assert not leaks, leaks
    # And the bidder does read it (the walk would find a leak if there were one).
    assert (
        "424242.42"
        in api_as(world.org_officer)
        .get(reverse("api:bid-detail", kwargs={"pk": world.procurement_bid.pk}))
        .content.decode()
    )
