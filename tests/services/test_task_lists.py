"""Lists of task requests at volume: the lean list shape, newest-first cursor pages on the API and
the page, constant query counts, and burden figures from the monthly aggregate."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.actions.task_requests import task_accept, task_refuse
from services.models import TaskAssignment, TaskBurdenMonth, TaskRequest
from tests.helpers import assert_queries_do_not_grow, count_queries
from tests.services.conftest import send_task

LIST = reverse("api:task-request-list")
PAGE = reverse("services:task-list")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _sent_one_after_another(tasks):
    """Sends in a test land within microseconds: space them an hour apart, oldest first."""
    start = datetime(2026, 3, 2, 9, tzinfo=SHANGHAI)
    for i, task in enumerate(tasks):
        TaskRequest.objects.filter(pk=task.pk).update(created_at=start + timedelta(hours=i))
        TaskAssignment.objects.filter(task=task).update(task_created_at=start + timedelta(hours=i))


def test_a_list_row_is_lean_and_its_link_leads_to_the_whole_task(
    duty, dept_officer, community_officer, nanqiao, sanhe, api_as
):
    task = send_task(dept_officer, [nanqiao, sanhe], [duty.committee_item], title="统计失业人员")
    (row,) = api_as(dept_officer).get(LIST).json()["results"]
    assert set(row) == {
        "id",
        "url",
        "title",
        "deadline",
        "funding",
        "sender_department",
        "sender_street",
        "sender_name",
        "created_at",
        "assignment_count",
        "answers",
        "own_assignment",
    }
    assert row["assignment_count"] == 2 and row["own_assignment"] is None
    assert {a["community_name"] for a in row["answers"]} == {"南桥社区", "三河社区"}
    assert set(row["answers"][0]) == {
        "id",
        "community",
        "community_name",
        "street",
        "status",
        "status_display",
        "outcome",
        "outcome_display",
        "responded_at",
    }
    # What left the list is one click away: the detail keeps the judgement and the claimed items.
    detail = api_as(dept_officer).get(row["url"]).json()
    assert detail["id"] == task.pk
    assert detail["claimed_items"][0]["id"] == duty.committee_item.pk
    assert detail["assignments"][0]["judged_lists"]
    assert detail["description"] == "请于期限内报送名单。"


def test_a_community_finds_its_own_answer_in_the_row(duty, dept_officer, community_officer, nanqiao, sanhe, api_as):
    task = send_task(dept_officer, [nanqiao, sanhe])
    task_refuse(actor=community_officer, task=task, comment="不在清单内")
    (row,) = api_as(community_officer).get(LIST).json()["results"]
    assert row["assignment_count"] == 1
    assert row["own_assignment"]["community_name"] == "南桥社区"
    assert row["own_assignment"]["status"] == "refused"
    assert [a["community_name"] for a in row["answers"]] == ["南桥社区"]


def test_the_api_list_pages_newest_first_by_cursor(duty, dept_officer, district_admin, nanqiao, api_as):
    tasks = [send_task(dept_officer, [nanqiao], title=f"任务{i:02d}") for i in range(5)]
    _sent_one_after_another(tasks)
    client = api_as(district_admin)
    first = client.get(LIST + "?page_size=2").json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    titles = [t["title"] for page in (first, second, third) for t in page["results"]]
    assert titles == ["任务04", "任务03", "任务02", "任务01", "任务00"]
    assert third["next"] is None
    assert [t["title"] for t in client.get(second["previous"]).json()["results"]] == ["任务04", "任务03"]


def test_the_task_list_makes_a_fixed_number_of_queries(duty, dept_officer, community_officer, nanqiao, sanhe, api_as):
    def add(n):
        for _ in range(n):
            send_task(dept_officer, [nanqiao, sanhe], [duty.committee_item, duty.assisting_item])

    sender, community = api_as(dept_officer), api_as(community_officer)
    # Token, scope, the page, the answers of its rows: the same whatever the page size.
    assert assert_queries_do_not_grow(lambda: sender.get(LIST), add) <= 5
    assert assert_queries_do_not_grow(lambda: community.get(LIST), add) <= 5
    assert count_queries(lambda: sender.get(LIST + "?page_size=200"))[0] <= 5


def test_the_task_page_pages_by_newer_and_older_without_counting(duty, dept_officer, district_admin, nanqiao, page_as):
    tasks = [send_task(dept_officer, [nanqiao], title=f"任务{i:02d}") for i in range(52)]
    _sent_one_after_another(tasks)
    client = page_as(district_admin)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(PAGE)
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    body = first.content.decode()
    assert "任务51" in body and "任务02" in body and "任务01" not in body
    assert 'data-testid="task-newer"' not in body
    older = first.context["page"].older
    second = client.get(PAGE, {"older": older}).content.decode()
    assert "任务01" in second and "任务00" in second and "任务02" not in second
    assert 'data-testid="task-older"' not in second
    newer = client.get(PAGE, {"older": older}).context["page"].newer
    back = client.get(PAGE, {"newer": newer}).context["page"]
    assert [t["title"] for t in back][:2] == ["任务51", "任务50"] and len(back) == 50
    assert back.newer is None and back.older == older


def test_a_malformed_cursor_shows_the_first_page(duty, dept_officer, district_admin, nanqiao, page_as):
    send_task(dept_officer, [nanqiao], title="唯一的任务")
    for cursor in ("x", "12-", "-5", "9" * 40 + "-1"):
        response = page_as(district_admin).get(PAGE, {"older": cursor})
        assert response.status_code == 200 and "唯一的任务" in response.content.decode()


def test_the_task_page_makes_a_fixed_number_of_queries(
    duty, dept_officer, district_admin, community_officer, nanqiao, sanhe, page_as
):
    def add(n):
        for _ in range(n):
            send_task(dept_officer, [nanqiao, sanhe])

    # Session, user, scope, the page, its answers, the reminders: no count, whatever the volume.
    for user in (district_admin, community_officer):
        client = page_as(user)
        assert assert_queries_do_not_grow(lambda client=client: client.get(PAGE), add) <= 7


def test_the_burden_view_reads_the_monthly_aggregate_and_follows_each_action(
    duty, dept_officer, community_officer, district_admin, nanqiao, api_as
):
    task = send_task(dept_officer, [nanqiao])
    month = task.created_at.astimezone(SHANGHAI).strftime("%Y-%m")
    client = api_as(district_admin)
    burden = reverse("api:burden") + f"?month={month}"
    first_count, first = count_queries(lambda: client.get(burden))
    assert first.json()["by_department"][0]["accepted"] == 0
    again_count, _ = count_queries(lambda: client.get(burden))
    assert again_count < first_count, "the second visit should read the kept figures"

    task_accept(actor=community_officer, task=task)
    after = client.get(burden).json()["by_department"][0]
    assert after["accepted"] == 1 and after["requests"] == 1
    public = client.get(reverse("api:burden-refusals") + f"?month={month}").json()["departments"]
    assert public[0]["requests"] == 1
    row = TaskBurdenMonth.objects.get()
    assert row.computed_generation == row.generation


def test_the_hand_built_rows_match_what_drf_would_build(duty, dept_officer, community_officer, nanqiao, sanhe, api_as):
    """The list builds its rows by hand from values(); DRF, given model instances and the declared
    fields, builds the same."""
    from django.db.models import Prefetch
    from rest_framework import serializers
    from rest_framework.test import APIRequestFactory

    from services.api.task_requests import TaskAnswerSerializer, TaskRequestListSerializer
    from services.models import TaskAssignment, TaskRequest
    from services.queries.task_requests import task_rows_for, with_answers

    class DrfAnswer(TaskAnswerSerializer):
        to_representation = serializers.ModelSerializer.to_representation

    class DrfRow(TaskRequestListSerializer):
        answers = DrfAnswer(many=True, read_only=True, source="visible_assignments")
        to_representation = serializers.ModelSerializer.to_representation

        def get_own_assignment(self, obj):
            own = self.context["own_community_ids"]
            mine = [a for a in obj.visible_assignments if a.community_id in own]
            return DrfAnswer(mine[0], context=self.context).data if mine else None

    task = send_task(dept_officer, [nanqiao, sanhe], [duty.committee_item])
    task_accept(actor=community_officer, task=task)
    request = APIRequestFactory().get(LIST)
    for user in (dept_officer, community_officer):
        context = {"request": request, "own_community_ids": {nanqiao.pk} if user == community_officer else set()}
        (row,) = with_answers(user, list(task_rows_for(user)))
        fast = TaskRequestListSerializer(row, context=context).data
        visible = TaskAssignment.objects.filter(pk__in=[a["id"] for a in row["answers"]]).order_by("community__name")
        instance = TaskRequest.objects.prefetch_related(
            Prefetch("assignments", queryset=visible.select_related("community"), to_attr="visible_assignments")
        ).get(pk=task.pk)
        assert fast == DrfRow(instance, context=context).data
        assert len(fast["answers"]) == (2 if user == dept_officer else 1)


def test_the_community_inbox_pages_newest_first_by_cursor(duty, dept_officer, community_officer, nanqiao, api_as):
    tasks = [send_task(dept_officer, [nanqiao], title=f"收件{i:02d}") for i in range(5)]
    _sent_one_after_another(tasks)
    client = api_as(community_officer)
    first = client.get(LIST + "?page_size=3").json()
    second = client.get(first["next"]).json()
    assert [t["title"] for t in first["results"] + second["results"]] == [f"收件{i:02d}" for i in (4, 3, 2, 1, 0)]


def test_a_month_without_tasks_keeps_no_row(district_admin, api_as, page_as):
    for month in ("1901-01", "2999-12"):
        assert api_as(district_admin).get(reverse("api:burden") + f"?month={month}").json()["by_department"] == []
        assert page_as(None).get(reverse("services:burden-public") + f"?month={month}").status_code == 200
    assert not TaskBurdenMonth.objects.exists()


def test_a_page_deep_in_the_list_costs_the_queries_of_the_first(duty, dept_officer, community_officer, nanqiao, api_as):
    tasks = [send_task(dept_officer, [nanqiao], title=f"深页{i:02d}") for i in range(12)]
    _sent_one_after_another(tasks)
    for client in (api_as(dept_officer), api_as(community_officer)):
        first_count, first = count_queries(lambda client=client: client.get(LIST + "?page_size=2"))
        url = first.json()["next"]
        for _ in range(4):
            url = client.get(url).json()["next"]
        deep_count, deep = count_queries(lambda client=client, url=url: client.get(url))
        assert [t["title"] for t in deep.json()["results"]] == ["深页01", "深页00"]
        assert deep_count == first_count


def test_the_task_page_shows_each_communitys_answer_escaped(duty, dept_officer, community_officer, nanqiao, page_as):
    from django.utils import translation

    from tests.factories import CommunityFactory

    odd = CommunityFactory(name="<i>新</i>社区", street=nanqiao.street)
    task = send_task(dept_officer, [nanqiao, odd], [duty.committee_item], title="答复标签")
    task_accept(actor=community_officer, task=task)
    body = page_as(dept_officer).get(PAGE).content.decode()
    with translation.override("zh-hans"):
        accepted = str(TaskAssignment.Status.ACCEPTED.label)
    assert f'<span class="tag" data-status="accepted">南桥社区: {accepted}</span>' in body
    assert "&lt;i&gt;新&lt;/i&gt;社区: " in body and "<i>新</i>" not in body


def test_the_answers_read_by_sql_are_what_the_orm_query_reads(
    duty, dept_officer, district_admin, community_officer, hr_bureau, nanqiao, sanhe, django_assert_num_queries
):
    """with_answers() reads a sender's, the district's and a community's answers with a statement
    built once; the ORM's answers_of() stays the definition (and serves anyone in several roles)."""
    from accounts.models import Role, RoleAssignment, User
    from services.queries.task_requests import answers_of, task_rows_for, with_answers

    tasks = [send_task(dept_officer, [nanqiao, sanhe]) for _ in range(3)]
    task_refuse(actor=community_officer, task=tasks[0], comment="不在清单内")
    task_accept(actor=community_officer, task=tasks[1])

    def check(user, answers_per_task):
        user = User.objects.get(pk=user.pk)
        rows = list(task_rows_for(user))
        with django_assert_num_queries(1):
            with_answers(user, rows)
        ids = [row["id"] for row in rows]
        assert [a for row in rows for a in row["answers"]] == sorted(
            answers_of(user, ids), key=lambda a: ids.index(a["task_id"])
        )
        assert [len(row["answers"]) for row in rows] == [answers_per_task] * 3, user

    for user, answers_per_task in ((dept_officer, 2), (district_admin, 2), (community_officer, 1)):
        check(user, answers_per_task)
    # Community and department staff at once: the general filter.
    RoleAssignment.objects.create(user=community_officer, role=Role.DEPARTMENT_STAFF, department=hr_bureau)
    check(community_officer, 2)
    responded = [a["responded_at"] for a in answers_of(community_officer, [tasks[0].pk])]
    assert responded[0] is not None and responded[0].tzinfo is not None
