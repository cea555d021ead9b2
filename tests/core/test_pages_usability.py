"""What every page shares: 长辈模式, the favicon, forms that show the server's Chinese errors with a
summary that leads to each field, and each role's desk on the home page."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from services.models import TaskAssignment
from tests.helpers import count_queries
from tests.organizations.conftest import _media, applicant, submitted  # noqa: F401
from tests.services.conftest import duty, send_task  # noqa: F401

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / d for d in ("templates", "core", "accounts", "services", "organizations")]


def test_large_text_mode_is_remembered_in_a_cookie_and_marks_every_page(client, db):
    response = client.post(reverse("core:large-text"), {"large_text": "1", "next": "/streets/"})
    assert response.status_code == 302 and response.url == "/streets/"
    assert response.cookies["large_text"].value == "1"
    assert '<html lang="zh-CN" class="large-text">' in client.get("/").content.decode()
    assert 'aria-pressed="true"' in client.get("/").content.decode()

    client.post(reverse("core:large-text"), {"large_text": "0", "next": "/"})
    assert 'class="large-text"' not in client.get("/").content.decode()


def test_large_text_mode_never_redirects_to_another_site(client, db):
    response = client.post(reverse("core:large-text"), {"large_text": "1", "next": "https://evil.example/"})
    assert response.url == "/"


def test_the_favicon_is_served(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response.url.endswith("favicon.ico")


def test_the_stylesheet_sizes_text_in_rem_and_nothing_under_14_px():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "portal.css").read_text()
    sizes = re.findall(r"font(?:-size)?:\s*([\d.]+)(rem|px|pt)", css)
    assert sizes
    for value, unit in sizes:
        if unit == "pt":  # the print sheet only
            continue
        assert unit == "rem", f"font size {value}{unit} ignores the reader's font setting"
        assert float(value) >= 0.875, f"{value}rem is under 14 px at the default size"


def test_every_form_leaves_validation_to_the_server():
    forms = []
    for directory in TEMPLATE_DIRS:
        for template in directory.rglob("*.html"):
            if ".venv" in template.parts:
                continue
            forms += [(template.name, tag) for tag in re.findall(r"<form\b[^>]*>", template.read_text())]
    assert forms
    assert [name for name, tag in forms if "novalidate" not in tag] == []


class TestSignupForm:
    def test_the_error_summary_links_each_field_and_help_text_ids_exist(self, client, db):
        response = client.post(
            "/accounts/signup/", {"username": "", "display_name": "", "password": "1", "password2": "2"}
        )
        html = response.content.decode()
        summary = re.search(r'<div class="form-errors".*?</div>', html, re.S).group(0)
        for field in ("username", "display_name", "password2"):
            assert f'href="#id_{field}"' in summary
            assert f'id="id_{field}"' in html
        for described in re.findall(r'aria-describedby="([^"]+)"', html):
            for target in described.split():
                assert f'id="{target}"' in html, f"aria-describedby points at missing #{target}"
        assert 'aria-invalid="true"' in html

    def test_required_fields_are_marked(self, client, db):
        html = client.get("/accounts/signup/").content.decode()
        label = re.search(r'<label for="id_username">(.*?)</label>', html, re.S).group(1)
        assert 'class="req"' in label
        label = re.search(r'<label for="id_phone">(.*?)</label>', html, re.S).group(1)
        assert 'class="req"' not in label


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

    def test_the_bureau_sees_appeals_and_applications_and_not_a_community_inbox(
        self, district_admin, submitted, page_as
    ):
        desk = self._desk(page_as(district_admin))
        assert desk["待审核的登记申请"] == "1"
        assert desk["待裁决的申诉"] == "0"
        assert "待答复的任务" not in desk

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

    @pytest.mark.parametrize("rows", [1, 6])
    def test_the_desk_costs_the_same_queries_however_much_waits(
        self, duty, dept_officer, community_officer, nanqiao, page_as, rows
    ):
        client = page_as(community_officer)
        department = dept_officer.role_assignments.get().department
        for _ in range(rows):
            send_task(dept_officer, [nanqiao], sender_department=department)
        count, response = count_queries(lambda: client.get("/"))
        assert response.status_code == 200
        # session, user, scope, role tags, and one count per desk entry of a community (2)
        assert count <= 8, count


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
