"""Each role's desk on the home page, and pages whose links and defaults must not mislead."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from services.models import TaskAssignment
from tests.helpers import assert_queries_do_not_grow
from tests.services.conftest import send_task


class TestDesk:
    def _desk(self, client):
        html = client.get("/").content.decode()
        return dict(
            re.findall(r'<span>([^<]+)</span> <span class="count[^"]*" data-testid="desk-count">(\d+)</span>', html)
        )

    def test_a_community_sees_the_tasks_it_must_answer(self, duty, dept_officer, community_officer, nanqiao, page_as):
        send_task(dept_officer, [nanqiao], sender_department=dept_officer.role_assignments.get().department)
        send_task(dept_officer, [nanqiao], sender_department=dept_officer.role_assignments.get().department)
        desk = self._desk(page_as(community_officer))
        assert desk["待答复的任务"] == "2"
        assert "待审核的登记申请" not in desk

    def test_a_street_sees_its_purchase_candidates(self, duty, dept_officer, street_officer, nanqiao, page_as):
        send_task(
            dept_officer,
            [nanqiao],
            duty.assisting_items[:1],
            sender_department=dept_officer.role_assignments.get().department,
        )
        assert TaskAssignment.objects.filter(status=TaskAssignment.Status.ROUTED_TO_PURCHASE).count() == 1
        assert self._desk(page_as(street_officer))["拟购买服务项目"] == "1"

    def test_a_resident_is_led_to_her_community_service_centre(self, resident, nanqiao, page_as):
        html = page_as(resident).get("/").content.decode()
        assert reverse("organizations:service-centre", args=[nanqiao.pk]) in html
        assert "我的社区服务" in html

    def test_the_greeting_does_not_repeat_the_name(self, community_officer, page_as):
        html = page_as(community_officer).get("/").content.decode()
        assert html.count(str(community_officer)) == 1

    @pytest.mark.parametrize("who", ["community_officer", "district_admin", "street_officer"])
    def test_the_desk_costs_the_same_queries_however_much_waits(
        self, duty, dept_officer, nanqiao, page_as, request, who
    ):
        client = page_as(request.getfixturevalue(who))
        department = dept_officer.role_assignments.get().department

        def add_rows(n):
            for _ in range(n):
                send_task(dept_officer, [nanqiao], duty.assisting_items[:1], sender_department=department)

        queries = assert_queries_do_not_grow(lambda: client.get("/"), add_rows, rows=2)
        # The session, the user, the scope, the role tags, then one count per entry on this desk
        # (procurement's "contracts waiting on me" is one of them for street and community staff).
        assert queries <= 10, queries


def test_a_department_clerk_is_not_offered_to_register_an_organisation(dept_officer, page_as):
    html = page_as(dept_officer).get("/").content.decode()
    assert reverse("organizations:apply") not in html


def test_the_street_page_links_each_community_to_its_service_centre(client, nanqiao):
    html = client.get(reverse("accounts:street-detail", args=[nanqiao.street_id])).content.decode()
    assert reverse("organizations:service-centre", args=[nanqiao.pk]) in html


def test_a_street_office_is_not_linked_to_tasks_it_may_not_open(duty, dept_officer, street_officer, nanqiao, page_as):
    task = send_task(
        dept_officer,
        [nanqiao],
        duty.assisting_items[:1],
        sender_department=dept_officer.role_assignments.get().department,
    )
    client = page_as(street_officer)
    html = client.get(reverse("services:purchase-candidates")).content.decode()
    assert task.title in html
    assert reverse("services:task-detail", args=[task.pk]) not in html
    for href in re.findall(r'href="(/tasks/\d+/)"', html):
        assert client.get(href).status_code == 200


def test_the_burden_page_opens_on_the_latest_month_with_figures(duty, dept_officer, district_admin, nanqiao, page_as):
    from services.models import TaskRequest

    task = send_task(dept_officer, [nanqiao], sender_department=dept_officer.role_assignments.get().department)
    two_months_ago = timezone.now() - timedelta(days=62)
    TaskRequest.objects.filter(pk=task.pk).update(created_at=two_months_ago)
    response = page_as(district_admin).get(reverse("services:burden"))
    month = timezone.localtime(two_months_ago).strftime("%Y-%m")
    assert f"· {month}</h1>" in response.content.decode()
    assert 'data-testid="burden-section"' in response.content.decode()


def test_the_burden_chart_reads_in_chinese_at_14_px_or_more(duty, dept_officer, district_admin, nanqiao, page_as):
    send_task(dept_officer, [nanqiao], sender_department=dept_officer.role_assignments.get().department)
    html = page_as(district_admin).get(reverse("services:burden")).content.decode()
    chart = re.search(r"<svg class=\"chart\".*?</svg>", html, re.S).group(0)
    assert 'font-size="14"' in chart
    assert all(int(size) >= 14 for size in re.findall(r'font-size="(\d+)"', chart))
    titles = re.findall(r"<title>([^<]+)</title>", chart)
    assert titles and not any(re.search(r"[A-Za-z]{3,}", t) for t in titles), titles
