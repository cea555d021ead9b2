from tests.matrix import Route, everyone


def build(world):
    world.history_subject = world.community_officer


ROUTES = [
    Route("core:home", {"GET": everyone(200)}),
    Route(
        "core:history",
        {"GET": everyone(404, community_officer=200, district_admin=200)},
        kwargs=lambda w: {"object_type": "accounts.user", "object_id": w.history_subject.pk},
        notes="a user's own history: the user and the district admin",
    ),
    Route("core:audit-heads", {"GET": everyone(200)}, notes="public: the audit chain's daily heads"),
    Route("api:audit-head-list", {"GET": everyone(200)}, notes="public: the audit chain's daily heads"),
    Route("healthz", {"GET": everyone(503)}, notes="no worker runs beside the unit tests"),
    Route("core:healthz-live", {"GET": everyone(200)}, notes="liveness: no database, no broker"),
    Route("api-schema", {"GET": everyone(200)}),
    Route("api-docs", {"GET": everyone(200)}),
    Route("set_language", {"POST": everyone(302)}, data=lambda w: {"language": "en", "next": "/"}),
    Route(
        "core:large-text",
        {"POST": everyone(302), "GET": everyone(405)},
        data=lambda w: {"large_text": "1", "next": "/"},
        notes="a display preference in a cookie, for everyone",
    ),
    Route("core:favicon", {"GET": everyone(302)}),
    Route("javascript-catalog", {"GET": everyone(200)}),
    Route("admin:index", {"GET": everyone(302)}, notes="nobody in the cast is Django staff"),
]
