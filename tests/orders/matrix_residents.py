"""Permission-matrix rows of residents and demand in the orders app (see tests/matrix.py).

The world: 李秀兰's application waiting for 南桥, a 南桥 neighbour's open demand "想学剪纸" (which
resident_zhang has not seconded yet) and a 华兴 culture budget line to convert it with."""

from tests.matrix import Route, everyone


def build_residents(world):
    from accounts.models import Role
    from orders.actions.demand import demand_raise
    from orders.actions.residents import resident_signup
    from tests.factories import user_with_role
    from tests.procurement.factories import BudgetLineFactory

    nanqiao = world.community_officer.role_assignments.get().community
    world.orders_application = resident_signup(
        phone="13880009999", name="李秀兰", password="Lantern-7421x", street=nanqiao.street, community=nanqiao
    )
    neighbour = user_with_role("matrix_neighbour", Role.RESIDENT, nanqiao)
    world.orders_demand = demand_raise(actor=neighbour, title="想学剪纸", domain="culture")
    world.orders_culture_line = BudgetLineFactory(street=nanqiao.street, domain="culture")


build = build_residents

APPLICATION = lambda w: {"pk": w.orders_application.pk}  # noqa: E731
DEMAND = lambda w: {"pk": w.orders_demand.pk}  # noqa: E731
SEES_NANQIAO = {"community_officer": 200, "street_officer": 200, "district_admin": 200}
SEES_DEMAND = {**SEES_NANQIAO, "resident": 200}


def _nanqiao(w):
    return w.community_officer.role_assignments.get().community_id


def _convert_body(w):
    return {
        "title": "矩阵：剪纸课",
        "budget_line": w.orders_culture_line.pk,
        "amount": "1000.00",
        "method": "open_tender",
        "criteria": [{"name": "价格", "weight": 100, "is_price": True}],
        "question_days": 5,
        "bid_days": 15,
    }


API_ROUTES = [
    Route(
        "api:resident-application-list",
        # Anyone signed in may ask to be a resident (staff live somewhere too); a resident already is.
        {"GET": everyone(200, anonymous=401), "POST": everyone(201, anonymous=401, resident=409)},
        data=lambda w: {"name": "矩阵居民", "phone": "13880008888", "community": _nanqiao(w)},
    ),
    Route(
        "api:resident-application-detail",
        {"GET": everyone(404, anonymous=401, **SEES_NANQIAO)},
        kwargs=APPLICATION,
    ),
    Route(
        "api:resident-application-verify",
        {"POST": everyone(404, anonymous=401, community_officer=200, street_officer=403, district_admin=403)},
        kwargs=APPLICATION,
    ),
    Route(
        "api:resident-application-reject",
        {"POST": everyone(404, anonymous=401, community_officer=200, street_officer=403, district_admin=403)},
        kwargs=APPLICATION,
        data=lambda w: {"comment": "矩阵：查无此人"},
    ),
    Route(
        "api:resident-register",
        {"POST": everyone(403, anonymous=401, community_officer=201)},
        data=lambda w: {"name": "矩阵长者", "phone": "", "community": _nanqiao(w)},
    ),
    Route(
        "api:demand-list",
        {"GET": everyone(200, anonymous=401), "POST": everyone(403, anonymous=401, resident=201)},
        data=lambda w: {"title": "想学书法", "domain": "culture"},
    ),
    Route("api:demand-groups", {"GET": everyone(200, anonymous=401)}),
    Route("api:demand-detail", {"GET": everyone(404, anonymous=401, **SEES_DEMAND)}, kwargs=DEMAND),
    Route(
        "api:demand-voice",
        {"POST": everyone(404, anonymous=401, resident=200, **dict.fromkeys(SEES_NANQIAO, 403))},
        kwargs=DEMAND,
    ),
    Route(
        "api:demand-convert",
        {
            "POST": everyone(
                404, anonymous=401, street_officer=200, resident=403, community_officer=403, district_admin=403
            )
        },
        kwargs=DEMAND,
        data=_convert_body,
    ),
    Route(
        "api:demand-close",
        {
            "POST": everyone(
                404, anonymous=401, street_officer=200, community_officer=200, resident=403, district_admin=403
            )
        },
        kwargs=DEMAND,
        data=lambda w: {"comment": "矩阵：已有类似服务"},
    ),
]

PAGE_ROUTES = [
    # The page answers everyone: a form to sign up or apply, or where one's application stands.
    Route("orders:resident-signup", {"GET": everyone(200), "POST": everyone(200)}),
    Route(
        "orders:resident-register",
        {"GET": everyone(403, anonymous=302, community_officer=200, other_community_officer=200)},
    ),
    Route(
        "orders:application-verify",
        {
            "GET": everyone(404, anonymous=302, community_officer=200, street_officer=403, district_admin=403),
            "POST": everyone(404, anonymous=302, community_officer=302, street_officer=403, district_admin=403),
        },
        kwargs=APPLICATION,
    ),
    Route(
        "orders:application-reject",
        {"GET": everyone(404, anonymous=302, community_officer=200, street_officer=403, district_admin=403)},
        kwargs=APPLICATION,
    ),
    Route(
        "orders:community-overview",
        {"GET": everyone(403, anonymous=302, community_officer=200, other_community_officer=200)},
    ),
    Route(
        "orders:demand-list",
        {"GET": everyone(403, anonymous=302, other_community_officer=200, **SEES_DEMAND)},
    ),
    Route("orders:demand-create", {"GET": everyone(403, anonymous=302, resident=200)}),
    Route("orders:demand-detail", {"GET": everyone(404, anonymous=302, **SEES_DEMAND)}, kwargs=DEMAND),
    Route(
        "orders:demand-voice",
        {"POST": everyone(404, anonymous=302, resident=302, **dict.fromkeys(SEES_NANQIAO, 403))},
        kwargs=DEMAND,
    ),
    Route(
        "orders:demand-convert",
        {
            "GET": everyone(
                404, anonymous=302, street_officer=200, resident=403, community_officer=403, district_admin=403
            )
        },
        kwargs=DEMAND,
    ),
    Route(
        "orders:demand-close",
        {
            "GET": everyone(
                404, anonymous=302, street_officer=200, community_officer=200, resident=403, district_admin=403
            )
        },
        kwargs=DEMAND,
    ),
]

ROUTES = API_ROUTES + PAGE_ROUTES
