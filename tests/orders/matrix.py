"""Permission matrix rows of the orders app's offerings and orders (see tests/matrix.py).

The world: an open offering of 睦林 (org_muling) in 南桥 with a slot, and resident_zhang's orders
in each state the moves start from. Who reads an order: its resident, the organisation, 南桥's
staff, 华兴 street (which oversees 南桥) and the district; everyone else gets 404."""

from datetime import timedelta

from django.utils import timezone

from tests.matrix import Route, everyone

READERS = ("resident", "org_officer", "community_officer", "street_officer", "district_admin")
ORG_STAFF = ("org_officer", "rival_org_officer")


def build(world):
    from orders.actions.orders import order_dispute
    from organizations.models import StaffMembership
    from tests.orders.factories import advance, make_offering, make_order, make_slot

    muling = StaffMembership.objects.get(user=world.org_officer).organization
    nanqiao = world.community_officer.role_assignments.get().community
    world.orders_nanqiao = nanqiao
    world.orders_offering = make_offering(actor=world.org_officer, organization=muling, communities=[nanqiao])
    make_slot(actor=world.org_officer, offering=world.orders_offering)

    def order(state):
        placed = make_order(resident=world.resident, offering=world.orders_offering)
        return placed if state == "placed" else advance(placed, state, provider=world.org_officer)

    world.orders_placed = order("placed")
    world.orders_accepted = order("accepted")
    world.orders_scheduled = order("scheduled")
    world.orders_delivered = order("delivered")
    world.orders_confirmed = order("confirmed")
    world.orders_disputed = order_dispute(actor=world.resident, order=order("confirmed"), comment="矩阵：有问题")


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


OFFERING = _pk("orders_offering")
PLACED, ACCEPTED, SCHEDULED = _pk("orders_placed"), _pk("orders_accepted"), _pk("orders_scheduled")
DELIVERED, CONFIRMED, DISPUTED = _pk("orders_delivered"), _pk("orders_confirmed"), _pk("orders_disputed")


def readers(status, *, others=404, anonymous=401, **parties):
    """An order's readers who are no party to the move get `status` (403); non-readers `others`."""
    return everyone(others, anonymous=anonymous, **{**dict.fromkeys(READERS, status), **parties})


def _future(days=5):
    return (timezone.now() + timedelta(days=days)).replace(microsecond=0)


API_ROUTES = [
    Route(
        "api:offering-list",
        {"GET": everyone(200), "POST": everyone(403, anonymous=401, **dict.fromkeys(ORG_STAFF, 201))},
        data=lambda w: {"communities": [w.orders_nanqiao.pk], "title": "矩阵：新服务", "domain": "elderly"},
    ),
    Route(
        "api:offering-detail",
        {"GET": everyone(200), "PATCH": everyone(403, anonymous=401, org_officer=200)},
        kwargs=OFFERING,
        data=lambda w: {"title": "矩阵：改名"},
    ),
    Route(
        "api:offering-slots",
        {"POST": everyone(403, anonymous=401, org_officer=201)},
        kwargs=OFFERING,
        data=lambda w: {
            "start": _future().isoformat(),
            "end": (_future() + timedelta(hours=1)).isoformat(),
            "capacity": 4,
        },
    ),
    Route(
        "api:reply-template-list",
        {
            "GET": everyone(403, anonymous=401, **dict.fromkeys(ORG_STAFF, 200)),
            "POST": everyone(403, anonymous=401, **dict.fromkeys(ORG_STAFF, 201)),
        },
        data=lambda w: {"title": "矩阵：满员", "text": "本周已约满。"},
    ),
    Route(
        "api:order-list",
        # Everyone signed in gets their (scoped) list; the resident orders for themselves and
        # 南桥's staff for the resident; nobody else may order for them.
        {
            "GET": everyone(200, anonymous=401),
            "POST": everyone(403, anonymous=401, resident=201, community_officer=201),
        },
        data=lambda w: {
            "offering": w.orders_offering.pk,
            "preferred_time": _future().isoformat(),
            "resident": w.resident.pk,
        },
    ),
    Route(
        "api:order-detail",
        {"GET": everyone(404, anonymous=401, **dict.fromkeys(READERS, 200))},
        kwargs=PLACED,
    ),
    Route("api:order-accept", {"POST": readers(403, org_officer=200)}, kwargs=PLACED),
    Route(
        "api:order-decline",
        {"POST": readers(403, org_officer=200)},
        kwargs=PLACED,
        data=lambda w: {"comment": "矩阵：人手不足"},
    ),
    Route("api:order-schedule", {"POST": readers(403, org_officer=200)}, kwargs=ACCEPTED),
    Route("api:order-deliver", {"POST": readers(403, org_officer=200)}, kwargs=SCHEDULED),
    Route(
        "api:order-confirm",
        # The resident confirms; the organisation and 南桥's staff with the resident's code.
        {"POST": readers(403, resident=200, org_officer=200, community_officer=200)},
        kwargs=DELIVERED,
        data=lambda w: {"code": w.orders_delivered.confirmation_code},
    ),
    Route(
        "api:order-rate",
        {"POST": readers(403, resident=200)},
        kwargs=CONFIRMED,
        data=lambda w: {"rating": 4, "comment": "矩阵：不错"},
    ),
    Route("api:order-cancel", {"POST": readers(403, resident=200, community_officer=200)}, kwargs=PLACED),
    Route(
        "api:order-dispute",
        {"POST": readers(403, resident=200)},
        kwargs=CONFIRMED,
        data=lambda w: {"comment": "矩阵：没做完"},
    ),
    Route(
        "api:order-resolve",
        {"POST": readers(403, community_officer=200)},
        kwargs=DISPUTED,
        data=lambda w: {"comment": "矩阵：已协调"},
    ),
]

SIGNED_IN = {"anonymous": 302}
PAGE_ROUTES = [
    Route("orders:offering-browse", {"GET": everyone(200)}),
    Route("orders:offering-detail", {"GET": everyone(200)}, kwargs=OFFERING),
    Route(
        "orders:order-place",
        {
            "GET": everyone(403, resident=200, community_officer=200, anonymous=302),
            "POST": everyone(403, resident=302, community_officer=302, anonymous=302),
        },
        kwargs=OFFERING,
        data=lambda w: {"preferred_time": _future().strftime("%Y-%m-%dT%H:%M"), "resident": w.resident.pk},
    ),
    Route(
        "orders:offering-edit",
        {
            "GET": everyone(403, org_officer=200, anonymous=302),
            "POST": everyone(403, org_officer=302, anonymous=302),
        },
        kwargs=OFFERING,
        data=lambda w: {
            "title": "矩阵：改名",
            "domain": "elderly",
            "communities": [w.orders_nanqiao.pk],
            "price": "0",
            "answer_hours": 24,
            "is_active": "on",
        },
    ),
    Route("orders:slot-add", {"GET": everyone(403, org_officer=200, anonymous=302)}, kwargs=OFFERING),
    Route("orders:offering-manage", {"GET": everyone(403, **dict.fromkeys(ORG_STAFF, 200), **SIGNED_IN)}),
    Route("orders:offering-create", {"GET": everyone(403, **dict.fromkeys(ORG_STAFF, 200), **SIGNED_IN)}),
    Route("orders:reply-templates", {"GET": everyone(403, **dict.fromkeys(ORG_STAFF, 200), **SIGNED_IN)}),
    Route("orders:my-orders", {"GET": everyone(200, **SIGNED_IN)}),
    Route(
        "orders:order-desk",
        {
            "GET": everyone(
                403,
                **dict.fromkeys(
                    (
                        "org_officer",
                        "rival_org_officer",
                        "community_officer",
                        "other_community_officer",
                        "street_officer",
                        "district_admin",
                    ),
                    200,
                ),
                **SIGNED_IN,
            )
        },
    ),
    Route(
        "orders:order-detail",
        {"GET": everyone(404, **dict.fromkeys(READERS, 200), **SIGNED_IN)},
        kwargs=PLACED,
    ),
    Route(
        "orders:order-accept",
        {"GET": readers(403, anonymous=302, org_officer=302), "POST": readers(403, anonymous=302, org_officer=302)},
        kwargs=PLACED,
    ),
    Route("orders:order-decline", {"GET": readers(403, anonymous=302, org_officer=200)}, kwargs=PLACED),
    Route(
        "orders:order-schedule",
        {"GET": readers(403, anonymous=302, org_officer=200), "POST": readers(403, anonymous=302, org_officer=302)},
        kwargs=ACCEPTED,
    ),
    Route("orders:order-deliver", {"POST": readers(403, anonymous=302, org_officer=302)}, kwargs=SCHEDULED),
    Route(
        "orders:order-confirm",
        {"GET": readers(403, anonymous=302, resident=200, org_officer=200, community_officer=200)},
        kwargs=DELIVERED,
    ),
    Route("orders:order-rate", {"GET": readers(403, anonymous=302, resident=200)}, kwargs=CONFIRMED),
    Route(
        "orders:order-cancel",
        {"GET": readers(403, anonymous=302, resident=200, community_officer=200)},
        kwargs=PLACED,
    ),
    Route("orders:order-dispute", {"GET": readers(403, anonymous=302, resident=200)}, kwargs=CONFIRMED),
    Route("orders:order-resolve", {"GET": readers(403, anonymous=302, community_officer=200)}, kwargs=DISPUTED),
]

ROUTES = API_ROUTES + PAGE_ROUTES
