"""The task list is kept per scope in the shared cache: callers share an answer only when their
scopes hold the same units, and every action, or a department's new name, shows at once."""

import pytest
from django.urls import reverse

from accounts.models import Role, RoleAssignment
from services.actions.task_requests import task_appeal, task_refuse
from services.queries.task_requests import TASK_LIST_SCOPE
from tests.cast import user_with_role
from tests.factories import UserFactory
from tests.helpers import ScopeReads, count_queries
from tests.services.conftest import send_task

LIST = reverse("api:task-request-list")


def _titles(client, url=LIST):
    return [row["title"] for row in client.get(url).json()["results"]]


def test_a_colleague_in_the_same_community_is_served_the_kept_answer(
    duty, dept_officer, community_officer, nanqiao, sanhe, api_as
):
    send_task(dept_officer, [nanqiao, sanhe])
    colleague = api_as(user_with_role("community_nanqiao_2", Role.COMMUNITY_STAFF, nanqiao))
    first = api_as(community_officer).get(LIST)
    queries, second = count_queries(lambda: colleague.get(LIST))
    assert second.status_code == 200 and second.content == first.content
    assert queries == 2  # the token and the scope: the rows come from the cache


def test_callers_of_other_scopes_never_get_each_others_answer(
    duty, dept_officer, community_officer, other_community_officer, district_admin, nanqiao, yulin_east, api_as
):
    task = send_task(dept_officer, [nanqiao, yulin_east], title="两个社区")
    send_task(dept_officer, [yulin_east], title="只给玉林东")
    task_refuse(actor=community_officer, task=task, comment="不在清单内")
    community, other = api_as(community_officer), api_as(other_community_officer)

    (row,) = community.get(LIST).json()["results"]
    assert row["title"] == "两个社区" and [a["community_name"] for a in row["answers"]] == ["南桥社区"]
    assert row["own_assignment"]["status"] == "refused"

    rows = other.get(LIST).json()["results"]
    assert [r["title"] for r in rows] == ["只给玉林东", "两个社区"]
    assert [a["community_name"] for a in rows[1]["answers"]] == ["玉林东路社区"]
    assert rows[1]["own_assignment"]["status"] == "pending"

    # The sender and the district, asking after both communities, see both answers and own none.
    for caller in (dept_officer, district_admin):
        rows = api_as(caller).get(LIST).json()["results"]
        assert len(rows[1]["answers"]) == 2 and rows[1]["own_assignment"] is None


@pytest.mark.parametrize("sent_by", ["dept_officer", "street_officer"])
def test_every_action_shows_at_once_in_the_kept_lists(duty, sent_by, community_officer, nanqiao, api_as, request):
    officer = request.getfixturevalue(sent_by)
    task = send_task(officer, [nanqiao], title="第一件")
    sender, community = api_as(officer), api_as(community_officer)
    assert community.get(LIST).json()["results"][0]["own_assignment"]["status"] == "pending"
    assert sender.get(LIST).json()["results"][0]["answers"][0]["status"] == "pending"

    refused = community.post(reverse("api:task-request-refuse", args=[task.pk]), {"comment": "不在清单内"})
    assert refused.status_code == 200
    assert sender.get(LIST).json()["results"][0]["answers"][0]["status"] == "refused"

    task_appeal(actor=officer, task=task, comment="属于协助政府事项")
    assert community.get(LIST).json()["results"][0]["own_assignment"]["status"] == "appealed"

    send_task(officer, [nanqiao], title="第二件")
    assert _titles(community) == ["第二件", "第一件"]
    assert _titles(sender) == ["第二件", "第一件"]


def test_a_write_for_one_community_keeps_what_the_others_were_shown(
    duty, dept_officer, community_officer, other_community_officer, district_admin, nanqiao, yulin_east, api_as
):
    send_task(dept_officer, [yulin_east], title="只给玉林东")
    inbox, sender, district = api_as(community_officer), api_as(dept_officer), api_as(district_admin)
    kept = inbox.get(LIST).content
    assert _titles(sender) == ["只给玉林东"] and _titles(district) == ["只给玉林东"]

    task = send_task(dept_officer, [yulin_east], title="又给玉林东")
    task_refuse(actor=other_community_officer, task=task, comment="不在清单内")
    queries, again = count_queries(lambda: inbox.get(LIST))
    assert again.content == kept and queries == 2  # Nanqiao's inbox was not touched: still kept
    # Whoever the write concerns sees it at once.
    assert _titles(sender) == ["又给玉林东", "只给玉林东"] and _titles(district) == ["又给玉林东", "只给玉林东"]
    assert _titles(api_as(other_community_officer)) == ["又给玉林东", "只给玉林东"]
    send_task(dept_officer, [nanqiao], title="给南桥")
    assert _titles(inbox) == ["给南桥"]


def test_a_departments_new_name_shows_in_the_kept_list(duty, dept_officer, nanqiao, hr_bureau, api_as, client):
    send_task(dept_officer, [nanqiao])
    sender = api_as(dept_officer)
    assert sender.get(LIST).json()["results"][0]["sender_name"] == hr_bureau.name

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    change = reverse("admin:accounts_department_change", args=[hr_bureau.pk])
    saved = client.post(
        change, {"district": hr_bureau.district_id, "name": "区人力资源和社会保障局", "short_name": "人社局"}
    )
    assert saved.status_code == 302
    assert sender.get(LIST).json()["results"][0]["sender_name"] == "区人力资源和社会保障局"


def test_a_refused_caller_is_refused_again_not_served_from_the_cache(duty, dept_officer, nanqiao, api_as):
    send_task(dept_officer, [nanqiao])
    nobody = api_as(UserFactory(username="no_roles"))
    for _ in range(2):
        assert nobody.get(LIST).status_code == 403


def test_the_lists_read_nothing_of_a_scope_but_what_keys_the_kept_answer(
    duty,
    dept_officer,
    street_officer,
    community_officer,
    district_admin,
    hr_bureau,
    nanqiao,
    sanhe,
    api_as,
    monkeypatch,
):
    # Two callers share a kept answer when their scopes agree on TASK_LIST_SCOPE: the list must
    # read nothing else of the scope, or they could be shown each other's rows.
    task = send_task(dept_officer, [nanqiao, sanhe])
    task_refuse(actor=community_officer, task=task, comment="不在清单内")
    both = user_with_role("dept_and_community", Role.DEPARTMENT_STAFF, hr_bureau)
    RoleAssignment.objects.create(user=both, role=Role.COMMUNITY_STAFF, community=sanhe)
    reads = ScopeReads().patch(monkeypatch, "services.api.task_requests", "services.queries.task_requests")
    for caller in (district_admin, dept_officer, street_officer, community_officer, both):
        for query in ("", "?status=refused", f"?community={nanqiao.pk}&page_size=1"):
            assert api_as(caller).get(LIST + query).status_code == 200
            assert api_as(caller).get(LIST + query).status_code == 200  # and kept
    assert reads.read and reads.read <= set(TASK_LIST_SCOPE)
