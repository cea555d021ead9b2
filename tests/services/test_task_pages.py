"""The pages of task requests: send, inbox, a task's page, refuse, appeal, decide; errors beside fields."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from core.models import AuditRecord
from services.models import TaskAssignment, TaskRequest
from tests.helpers import assert_queries_do_not_grow
from tests.services.conftest import send_task

S = TaskAssignment.Status


def test_department_staff_send_a_task_from_the_page(duty, dept_officer, nanqiao, page_as):
    client = page_as(dept_officer)
    assert client.get(reverse("services:task-create")).status_code == 200
    response = client.post(
        reverse("services:task-create"),
        {
            "title": "统计辖区失业人员",
            "description": "按表格报送",
            "due_in_working_days": "3",
            "communities": [nanqiao.pk],
            "claimed_items": [duty.committee_item.pk],
            "funding": "0",
            "sender": f"department:{dept_officer.role_assignments.get().department_id}",
        },
    )
    task = TaskRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse("services:task-detail", kwargs={"pk": task.pk})
    page = client.get(response.url).content.decode()
    assert "统计辖区失业人员" in page and 'data-outcome="must_accept"' in page


def test_a_bad_send_shows_the_errors_beside_the_fields_and_saves_nothing(duty, dept_officer, nanqiao, page_as):
    response = page_as(dept_officer).post(
        reverse("services:task-create"),
        {
            "title": "统计",
            "deadline": (timezone.localdate() - timedelta(days=2)).isoformat(),
            "communities": [nanqiao.pk],
            "funding": "0",
            "sender": f"department:{dept_officer.role_assignments.get().department_id}",
        },
    )
    assert response.status_code == 200
    assert 'data-field="deadline"' in response.content.decode()
    response = page_as(dept_officer).post(
        reverse("services:task-create"), {"title": "", "communities": [], "funding": "-1"}
    )
    content = response.content.decode()
    assert 'data-field="title"' in content and 'data-field="funding"' in content
    assert not TaskRequest.objects.exists() and not AuditRecord.objects.exists()


def test_the_community_refuses_on_its_page_and_the_sender_appeals(
    duty, dept_officer, community_officer, district_admin, nanqiao, page_as
):
    task = send_task(dept_officer, [nanqiao])
    community = page_as(community_officer)
    detail = community.get(reverse("services:task-detail", kwargs={"pk": task.pk})).content.decode()
    assert 'data-testid="task-refuse"' in detail
    refuse = reverse("services:task-refuse", kwargs={"pk": task.pk})
    response = community.post(refuse, {"comment": "", "community": nanqiao.pk})
    assert response.status_code == 200 and 'data-field="comment"' in response.content.decode()
    assert TaskAssignment.objects.get().status == S.PENDING
    assert community.post(refuse, {"comment": "不在清单内", "community": nanqiao.pk}).status_code == 302
    sender = page_as(dept_officer)
    detail = sender.get(reverse("services:task-detail", kwargs={"pk": task.pk})).content.decode()
    assert "不在清单内" in detail and 'data-testid="task-appeal"' in detail
    appeal = reverse("services:task-appeal", kwargs={"pk": task.pk})
    assert sender.post(appeal, {"comment": "请复核", "community": nanqiao.pk}).status_code == 302
    decide = reverse("services:task-decide", kwargs={"pk": task.pk})
    assert page_as(dept_officer).post(decide, {"decision": "uphold", "comment": "x"}).status_code == 403
    admin = page_as(district_admin)
    assert admin.post(decide, {"decision": "overturn", "comment": "临时紧急"}).status_code == 302
    assert TaskAssignment.objects.get().status == S.OVERTURNED


def test_a_listed_task_offers_no_refusal_and_refusing_anyway_shows_why(
    duty, dept_officer, community_officer, nanqiao, page_as
):
    task = send_task(dept_officer, [nanqiao], [duty.committee_item])
    client = page_as(community_officer)
    detail = client.get(reverse("services:task-detail", kwargs={"pk": task.pk})).content.decode()
    assert 'data-testid="task-refuse"' not in detail and 'data-testid="task-accept"' in detail
    response = client.post(reverse("services:task-refuse", kwargs={"pk": task.pk}), {"comment": "不想做"})
    assert response.status_code == 200 and "form-errors" in response.content.decode()
    assert TaskAssignment.objects.get().status == S.PENDING


def test_another_community_gets_404_on_the_task_page(
    duty, dept_officer, other_community_officer, resident, nanqiao, page_as
):
    task = send_task(dept_officer, [nanqiao])
    for user in (other_community_officer, resident):
        assert page_as(user).get(reverse("services:task-detail", kwargs={"pk": task.pk})).status_code == 404


def test_the_history_of_a_task_is_for_those_who_may_see_it(
    duty, dept_officer, community_officer, other_community_officer, nanqiao, page_as
):
    task = send_task(dept_officer, [nanqiao])
    assignment = TaskAssignment.objects.get()
    for object_type, pk in (("services.taskrequest", task.pk), ("services.taskassignment", assignment.pk)):
        url = reverse("core:history", kwargs={"object_type": object_type, "object_id": pk})
        assert page_as(community_officer).get(url).status_code == 200
        assert page_as(other_community_officer).get(url).status_code == 404


def test_the_inbox_page_does_not_grow_in_queries(duty, dept_officer, community_officer, nanqiao, sanhe, page_as):
    client = page_as(community_officer)
    assert_queries_do_not_grow(
        lambda: client.get(reverse("services:task-list")),
        lambda n: [send_task(dept_officer, [nanqiao, sanhe], [duty.committee_item]) for _ in range(n)],
    )


def test_the_purchase_candidates_page_does_not_grow_in_queries(duty, dept_officer, street_officer, nanqiao, page_as):
    client = page_as(street_officer)
    assert_queries_do_not_grow(
        lambda: client.get(reverse("services:purchase-candidates")),
        lambda n: [send_task(dept_officer, [nanqiao], [duty.assisting_item]) for _ in range(n)],
    )


def test_the_task_page_does_not_grow_with_communities(duty, dept_officer, district_admin, wuhou, page_as):
    from tests.factories import CommunityFactory, StreetFactory, TaskAssignmentFactory

    street = StreetFactory(district=wuhou, name="簇桥街道")
    task = send_task(dept_officer, [CommunityFactory(street=street)], [duty.committee_item])
    client = page_as(district_admin)

    def add(n):
        for _ in range(n):
            community = CommunityFactory(street=street)
            assignment = TaskAssignmentFactory(task=task, community=community, outcome="must_accept")
            assignment.judged_lists.set([duty.committee, duty.party])

    assert_queries_do_not_grow(lambda: client.get(reverse("services:task-detail", kwargs={"pk": task.pk})), add)
