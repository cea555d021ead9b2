"""Permission matrix rows of the services app (see tests/matrix.py)."""

from datetime import timedelta

from django.utils import timezone

from tests.matrix import Route, everyone

# --- Task requests -------------------------------------------------------------------------------
# Seen by the sender (dept_officer), the receiving community (community_officer) and the district;
# 404 to every other signed-in user, 401 (API) or a redirect to sign in (pages) when anonymous.
SEES_TASK = {"district_admin": 200, "dept_officer": 200, "community_officer": 200}
TASK_READERS = ("district_admin", "dept_officer", "street_officer", "community_officer", "other_community_officer")


def _build_tasks(world):
    from services.actions.task_requests import task_accept, task_appeal, task_refuse, task_request_send
    from services.models import DutyList
    from tests.services.conftest import make_list

    if not DutyList.objects.filter(kind=DutyList.Kind.COMMITTEE, status=DutyList.Status.PUBLISHED).exists():
        make_list(DutyList.Kind.COMMITTEE, version=901, items=1)
    nanqiao = world.community_officer.role_assignments.get().community
    world.task_community = nanqiao

    def send(title):
        return task_request_send(
            actor=world.dept_officer,
            title=title,
            deadline=timezone.localdate() + timedelta(days=7),
            communities=[nanqiao],
        )

    world.task_open = send("矩阵：待答复")
    world.task_refused = send("矩阵：已拒绝")
    task_refuse(actor=world.community_officer, task=world.task_refused, comment="不在清单内")
    world.task_appealed = send("矩阵：已申诉")
    task_refuse(actor=world.community_officer, task=world.task_appealed, comment="不在清单内")
    task_appeal(actor=world.dept_officer, task=world.task_appealed, comment="请复核")
    world.task_accepted = send("矩阵：已接受")
    task_accept(actor=world.community_officer, task=world.task_accepted)


def _task(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def _api_only(**allowed):
    return everyone(404, anonymous=401, **allowed)


def _page_only(**allowed):
    return everyone(404, anonymous=302, **allowed)


def build(world):
    _build_tasks(world)
    _build_duties(world)


TASK_ROUTES = [
    Route(
        "api:task-request-list",
        {
            "GET": everyone(403, anonymous=401, **dict.fromkeys(TASK_READERS, 200)),
            "POST": everyone(403, anonymous=401, dept_officer=201, street_officer=201),
        },
        data=lambda w: {
            "title": "矩阵：新任务",
            "deadline": (timezone.localdate() + timedelta(days=7)).isoformat(),
            "communities": [w.task_community.pk],
        },
    ),
    Route("api:task-request-detail", {"GET": _api_only(**SEES_TASK)}, kwargs=_task("task_open")),
    Route(
        "api:task-request-accept",
        {"POST": _api_only(community_officer=200, dept_officer=403, district_admin=403)},
        kwargs=_task("task_open"),
    ),
    Route(
        "api:task-request-refuse",
        {"POST": _api_only(community_officer=200, dept_officer=403, district_admin=403)},
        kwargs=_task("task_open"),
        data=lambda w: {"comment": "不在清单内"},
    ),
    Route(
        "api:task-request-appeal",
        {"POST": _api_only(dept_officer=200, community_officer=403, district_admin=403)},
        kwargs=_task("task_refused"),
        data=lambda w: {"comment": "请复核"},
    ),
    Route(
        "api:task-request-decide-appeal",
        {"POST": _api_only(district_admin=200, dept_officer=403, community_officer=403)},
        kwargs=_task("task_appealed"),
        data=lambda w: {"decision": "uphold", "comment": "维持拒绝"},
    ),
    Route(
        "api:task-request-rejudge",
        {"POST": _api_only(district_admin=200, dept_officer=403, community_officer=403)},
        kwargs=_task("task_open"),
        data=lambda w: {"claimed_items": [], "comment": "核对"},
    ),
    Route(
        "api:task-request-complete",
        {"POST": _api_only(community_officer=200, dept_officer=403, district_admin=403)},
        kwargs=_task("task_accepted"),
    ),
    Route(
        "api:purchase-candidate-list",
        {"GET": everyone(403, anonymous=401, district_admin=200, street_officer=200)},
    ),
    Route("api:burden", {"GET": everyone(403, anonymous=401, district_admin=200, street_officer=200)}),
    Route("api:burden-refusals", {"GET": everyone(200)}),
    Route(
        "services:task-list",
        {"GET": everyone(403, anonymous=302, **dict.fromkeys(TASK_READERS, 200))},
        format="html",
    ),
    Route(
        "services:task-create",
        {"GET": everyone(403, anonymous=302, dept_officer=200, street_officer=200)},
        format="html",
    ),
    Route("services:task-detail", {"GET": _page_only(**SEES_TASK)}, kwargs=_task("task_open"), format="html"),
    Route(
        "services:task-accept",
        {
            "POST": _page_only(community_officer=302, dept_officer=403, district_admin=403),
            "GET": everyone(405),
        },
        kwargs=_task("task_open"),
        format="html",
    ),
    Route(
        "services:task-refuse",
        {"GET": _page_only(community_officer=200, dept_officer=403, district_admin=403)},
        kwargs=_task("task_open"),
        format="html",
    ),
    Route(
        "services:task-appeal",
        {"GET": _page_only(dept_officer=200, community_officer=403, district_admin=403)},
        kwargs=_task("task_refused"),
        format="html",
    ),
    Route(
        "services:task-decide",
        {"GET": _page_only(district_admin=200, dept_officer=403, community_officer=403)},
        kwargs=_task("task_appealed"),
        format="html",
    ),
    Route(
        "services:task-rejudge",
        {"GET": _page_only(district_admin=200, dept_officer=403, community_officer=403)},
        kwargs=_task("task_open"),
        format="html",
    ),
    Route(
        "services:task-complete",
        {
            "POST": _page_only(community_officer=302, dept_officer=403, district_admin=403),
            "GET": everyone(405),
        },
        kwargs=_task("task_accepted"),
        format="html",
    ),
    Route(
        "services:purchase-candidates",
        {"GET": everyone(403, anonymous=302, district_admin=200, street_officer=200)},
        format="html",
    ),
    Route(
        "services:burden", {"GET": everyone(403, anonymous=302, district_admin=200, street_officer=200)}, format="html"
    ),
    Route("services:burden-public", {"GET": everyone(200)}, format="html"),
]

# --- Duty lists ---------------------------------------------------------------------------------
# Public reading; upload, confirm and export by the district admin only (others 403, the
# anonymous public sent to sign in). Checked by the duty-list engineer.


def _build_duties(world):
    from services.models import DutyList, DutyListImport
    from tests.factories import DutyListImportFactory

    world.duty_list = DutyList.objects.filter(status=DutyList.Status.PUBLISHED).order_by("pk").first()
    world.duty_import = DutyListImportFactory(
        file="duty-imports/matrix.csv", status=DutyListImport.Status.INVALID, created_by=world.district_admin
    )


def _duty_list(w):
    return {"pk": w.duty_list.pk}


def _duty_import(w):
    return {"pk": w.duty_import.pk}


DISTRICT_PAGE = everyone(403, anonymous=302, district_admin=200)

DUTY_ROUTES = [
    Route("services:duty-list-index", {"GET": everyone(200)}, format="html"),
    Route("services:duty-item-search", {"GET": everyone(200)}, query="?q=社区", format="html"),
    Route("services:duty-list-detail", {"GET": everyone(200)}, kwargs=_duty_list, format="html"),
    Route("services:duty-list-print", {"GET": everyone(200)}, kwargs=_duty_list, format="html"),
    Route("services:duty-list-export", {"GET": DISTRICT_PAGE}, kwargs=_duty_list, query="?format=csv", format="html"),
    # An empty POST re-shows the form with its errors to the admin.
    Route("services:duty-import-upload", {"GET": DISTRICT_PAGE, "POST": DISTRICT_PAGE}, format="html"),
    Route("services:duty-import-template", {"GET": everyone(200)}, query="?format=csv", format="html"),
    Route("services:duty-import-detail", {"GET": DISTRICT_PAGE}, kwargs=_duty_import, format="html"),
    Route("services:duty-import-progress", {"GET": DISTRICT_PAGE}, kwargs=_duty_import, format="html"),
    Route(
        "services:duty-import-confirm",
        {
            "POST": everyone(403, anonymous=302, district_admin=302),
            "GET": everyone(403, anonymous=302, district_admin=405),
        },
        kwargs=_duty_import,
        format="html",
    ),
    Route("api:duty-list-list", {"GET": everyone(200), "POST": everyone(405)}),
    Route("api:duty-list-detail", {"GET": everyone(200)}, kwargs=_duty_list),
    Route("api:duty-item-list", {"GET": everyone(200)}, query="?search=社区"),
]

ROUTES = [*TASK_ROUTES, *DUTY_ROUTES]
