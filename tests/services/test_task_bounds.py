"""Free text is bounded and a deadline absurdly far off is refused, in Chinese, changing nothing."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditRecord
from services.models import TaskAssignment, TaskRequest
from tests.helpers import error_of
from tests.services.conftest import send_task

LIST = reverse("api:task-request-list")


def _send(client, nanqiao, **overrides):
    data = {
        "title": "开展入户走访",
        "description": "请各社区走访登记。",
        "deadline": (timezone.localdate() + timedelta(days=10)).isoformat(),
        "communities": [nanqiao.pk],
        "claimed_items": [],
        "funding": "0.00",
    }
    data.update(overrides)
    return client.post(LIST, data, format="json")


@pytest.mark.parametrize("deadline", [date(9999, 12, 31), date(2100, 1, 1)])
def test_a_deadline_absurdly_far_off_is_refused(duty, dept_officer, nanqiao, api_as, deadline):
    response = _send(api_as(dept_officer), nanqiao, deadline=deadline.isoformat())
    assert response.status_code == 400, response.content
    assert "一年" in error_of(response)["fields"]["deadline"][0]
    assert not TaskRequest.objects.exists() and not AuditRecord.objects.exists()


def test_a_deadline_within_a_year_is_accepted(duty, dept_officer, nanqiao, api_as):
    deadline = timezone.localdate() + timedelta(days=300)
    assert _send(api_as(dept_officer), nanqiao, deadline=deadline.isoformat()).status_code == 201


def test_a_description_of_a_novels_length_is_refused(duty, dept_officer, nanqiao, api_as):
    response = _send(api_as(dept_officer), nanqiao, description="字" * 5001)
    assert response.status_code == 400
    assert "5000" in error_of(response)["fields"]["description"][0]
    assert not TaskRequest.objects.exists()


def test_a_refusal_reason_of_a_novels_length_is_refused(duty, dept_officer, community_officer, nanqiao, api_as):
    task = send_task(dept_officer, [nanqiao])
    response = api_as(community_officer).post(
        reverse("api:task-request-refuse", kwargs={"pk": task.pk}), {"reason": "字" * 2001}
    )
    assert response.status_code == 400
    assert "2000" in error_of(response)["fields"]["reason"][0]
    assert TaskAssignment.objects.get().status == TaskAssignment.Status.PENDING
