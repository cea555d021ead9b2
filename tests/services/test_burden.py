"""The burden view (减负): figures per department and street by month, in SQL, and the public figure."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from services.actions.task_requests import task_accept, task_appeal, task_appeal_decide, task_refuse
from services.models import TaskRequest
from tests.helpers import assert_queries_do_not_grow, error_of
from tests.services.conftest import send_task

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _in_month(task, year, month, day=15):
    TaskRequest.objects.filter(pk=task.pk).update(created_at=datetime(year, month, day, 10, tzinfo=SHANGHAI))


def _a_month_of_work(duty, dept_officer, street_officer, community_officer, district_admin, nanqiao, sanhe):
    accepted = send_task(dept_officer, [nanqiao], [duty.committee_item], title="accepted")
    task_accept(actor=community_officer, task=accepted)
    refused = send_task(dept_officer, [nanqiao, sanhe], title="refused")
    task_refuse(actor=community_officer, task=refused, comment="不在清单内")
    task_appeal(actor=dept_officer, task=refused, comment="请复核")
    task_appeal_decide(actor=district_admin, task=refused, decision="uphold", comment="维持")
    bought = send_task(dept_officer, [nanqiao], [duty.assisting_item], title="bought")
    from_street = send_task(street_officer, [sanhe], title="street")
    for task in (accepted, refused, bought, from_street):
        _in_month(task, 2026, 3)
    # A request of another month is not counted in March.
    _in_month(send_task(dept_officer, [nanqiao], title="april"), 2026, 4, 1)


def test_the_burden_figures_of_a_month(
    duty, dept_officer, street_officer, community_officer, district_admin, nanqiao, sanhe, api_as
):
    _a_month_of_work(duty, dept_officer, street_officer, community_officer, district_admin, nanqiao, sanhe)
    body = api_as(district_admin).get(reverse("api:burden") + "?month=2026-03").json()
    (hr,) = body["by_department"]
    assert hr["name"] == "武侯区人力资源和社会保障局"
    assert {k: hr[k] for k in ("tasks", "requests", "accepted", "refused", "purchase", "appealed", "upheld")} == {
        "tasks": 3,
        "requests": 4,
        "accepted": 1,
        "refused": 1,
        "purchase": 1,
        "appealed": 1,
        "upheld": 1,
    }
    (street,) = body["by_sending_street"]
    assert (street["name"], street["requests"]) == ("华兴街道", 1)
    (receiving,) = body["by_receiving_street"]
    assert (receiving["name"], receiving["requests"]) == ("华兴街道", 5)


def test_street_staff_see_their_street_only(
    duty, dept_officer, street_officer, community_officer, district_admin, nanqiao, sanhe, yulin_east, api_as
):
    _a_month_of_work(duty, dept_officer, street_officer, community_officer, district_admin, nanqiao, sanhe)
    _in_month(send_task(dept_officer, [yulin_east], title="玉林"), 2026, 3)
    body = api_as(street_officer).get(reverse("api:burden") + "?month=2026-03").json()
    assert body["by_department"] == []
    assert [r["name"] for r in body["by_receiving_street"]] == ["华兴街道"]


def test_the_burden_view_is_for_district_and_street_staff(duty, dept_officer, community_officer, resident, api_as):
    for user in (dept_officer, community_officer, resident):
        assert api_as(user).get(reverse("api:burden")).status_code == 403


def test_a_bad_month_is_a_clear_error(district_admin, api_as):
    response = api_as(district_admin).get(reverse("api:burden") + "?month=March")
    assert response.status_code == 400
    assert "month" in error_of(response)["fields"]


def test_the_public_sees_refusals_per_department(
    duty, dept_officer, street_officer, community_officer, district_admin, nanqiao, sanhe, api, page_as
):
    _a_month_of_work(duty, dept_officer, street_officer, community_officer, district_admin, nanqiao, sanhe)
    body = api.get(reverse("api:burden-refusals") + "?month=2026-03").json()
    assert body["departments"] == [
        {
            "id": dept_officer.role_assignments.get().department_id,
            "name": "武侯区人力资源和社会保障局",
            "requests": 4,
            "refused": 1,
        }
    ]
    page = page_as(None).get(reverse("services:burden-public") + "?month=2026-03")
    assert page.status_code == 200 and "<svg" in page.content.decode()


def test_the_burden_queries_do_not_grow(
    duty, dept_officer, street_officer, district_admin, nanqiao, sanhe, api_as, page_as
):
    client, page = api_as(district_admin), page_as(district_admin)

    def add(n):
        for i in range(n):
            send_task(dept_officer, [nanqiao, sanhe], title=f"d{i}")
            send_task(street_officer, [nanqiao], title=f"s{i}")

    assert_queries_do_not_grow(lambda: client.get(reverse("api:burden")), add)
    assert_queries_do_not_grow(lambda: page.get(reverse("services:burden")), add)
    assert_queries_do_not_grow(lambda: page.get(reverse("services:burden-public")), add)
