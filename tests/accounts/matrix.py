from tests.matrix import SIGNED_IN_ONLY, Route, everyone

ROUTES = [
    Route("accounts:login", {"GET": everyone(302, anonymous=200)}),
    Route("accounts:logout", {"POST": everyone(302), "GET": everyone(405)}),
    Route("accounts:signup", {"GET": everyone(302, anonymous=200)}),
    Route("accounts:street-list", {"GET": everyone(200)}),
    Route(
        "accounts:street-detail",
        {"GET": everyone(200)},
        kwargs=lambda w: {"pk": w.community_officer.role_assignments.get().community.street_id},
    ),
    Route(
        "api:auth-token",
        {"POST": everyone(400), "GET": everyone(405)},
        data=lambda w: {"username": "community_nanqiao", "password": "wrong"},
    ),
    Route("api:me", {"GET": SIGNED_IN_ONLY}),
    Route("api:street-list", {"GET": everyone(200)}),
    Route("api:community-list", {"GET": everyone(200)}),
]
