"""The task-request API: who sees what, the lifecycle over HTTP, bad input, query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditRecord
from services.models import TaskAssignment, TaskRequest
from tests.helpers import assert_queries_do_not_grow, error_of
from tests.services.conftest import send_task

S = TaskAssignment.Status
LIST = reverse("api:task-request-list")


def url(name, task):
    return reverse(f"api:task-request-{name}", kwargs={"pk": task.pk})


def test_department_staff_send_a_task_due_in_working_days(duty, dept_officer, nanqiao, sanhe, api_as):
    response = api_as(dept_officer).post(
        LIST,
        {
            "title": "开展就业援助月入户走访",
            "description": "请各社区走访登记困难人员。",
            "due_in_working_days": 5,
            "communities": [nanqiao.pk, sanhe.pk],
            "claimed_items": [],
            "funding": "0.00",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["sender_name"] == "武侯区人力资源和社会保障局"
    assert {a["outcome"] for a in body["assignments"]} == {"may_refuse"}
    assert body["funding"] == "0.00"
    assert body["deadline"] > timezone.localdate().isoformat()


def test_sending_bad_input_names_the_fields_and_changes_nothing(duty, dept_officer, nanqiao, api_as):
    response = api_as(dept_officer).post(
        LIST,
        {
            "title": "开展入户走访",
            "deadline": (timezone.localdate() - timedelta(days=3)).isoformat(),
            "communities": [nanqiao.pk],
            "funding": "-5.00",
        },
    )
    assert response.status_code == 400
    assert "funding" in error_of(response)["fields"]
    response = api_as(dept_officer).post(
        LIST,
        {
            "title": "开展入户走访",
            "deadline": (timezone.localdate() - timedelta(days=3)).isoformat(),
            "communities": [nanqiao.pk],
        },
    )
    assert response.status_code == 400
    assert "deadline" in error_of(response)["fields"]
    assert not TaskRequest.objects.exists() and not AuditRecord.objects.exists()


def test_a_resident_or_an_organisation_cannot_send(duty, resident, org_officer, nanqiao, api_as):
    for user in (resident, org_officer):
        response = api_as(user).post(LIST, {"title": "x", "due_in_working_days": 3, "communities": [nanqiao.pk]})
        assert response.status_code == 403
        assert error_of(response)["code"] == "permission_denied"
    assert not TaskRequest.objects.exists()


def test_each_side_sees_only_its_own_tasks(
    duty,
    dept_officer,
    street_officer,
    community_officer,
    other_community_officer,
    district_admin,
    nanqiao,
    yulin_east,
    api_as,
):
    from_dept = send_task(dept_officer, [yulin_east], title="部门发给玉林东路")
    from_street = send_task(street_officer, [nanqiao], title="街道发给南桥")

    def titles(user):
        return {t["title"] for t in api_as(user).get(LIST).json()["results"]}

    assert titles(dept_officer) == {from_dept.title}
    assert titles(street_officer) == {from_street.title}
    assert titles(community_officer) == {from_street.title}
    assert titles(other_community_officer) == {from_dept.title}
    assert titles(district_admin) == {from_dept.title, from_street.title}


@pytest.mark.parametrize("who", ["resident", "org_officer", "expert", "stranger"])
def test_outsiders_see_no_task_requests(duty, who, request, api_as):
    response = api_as(request.getfixturevalue(who)).get(LIST)
    assert response.status_code == 403


def test_another_communitys_task_is_not_found(
    duty, dept_officer, other_community_officer, resident, org_officer, nanqiao, api_as
):
    task = send_task(dept_officer, [nanqiao])
    for user in (other_community_officer, resident, org_officer):
        client = api_as(user)
        assert client.get(url("detail", task)).status_code == 404
        assert client.post(url("refuse", task), {"comment": "不归我们"}).status_code == 404
        assert client.post(url("accept", task), {}).status_code == 404
    assert TaskAssignment.objects.get().status == S.PENDING


def test_a_community_sees_only_its_own_answer_of_a_shared_task(
    duty, dept_officer, community_officer, nanqiao, yulin_east, api_as
):
    task = send_task(dept_officer, [nanqiao, yulin_east])
    body = api_as(community_officer).get(url("detail", task)).json()
    assert [a["community_name"] for a in body["assignments"]] == ["南桥社区"]


def test_the_whole_refusal_and_appeal_over_the_api(
    duty, dept_officer, community_officer, district_admin, nanqiao, api_as
):
    task = send_task(dept_officer, [nanqiao])
    response = api_as(community_officer).post(url("refuse", task), {"comment": "不在社区职责清单内"})
    assert response.status_code == 200, response.content
    assert response.json()["assignments"][0]["status"] == "refused"
    assert (
        api_as(dept_officer).get(url("detail", task)).json()["assignments"][0]["refusal_reason"] == "不在社区职责清单内"
    )
    response = api_as(dept_officer).post(url("appeal", task), {"comment": "属区政府统一部署"})
    assert response.status_code == 200
    response = api_as(district_admin).post(
        url("decide-appeal", task), {"decision": "uphold", "comment": "未经区政府统一安排", "community": nanqiao.pk}
    )
    assert response.status_code == 200
    assignment = response.json()["assignments"][0]
    assert (assignment["status"], assignment["appeal_decision"]) == ("refusal_upheld", "uphold")


def test_reason_is_still_accepted_as_the_comment_for_a_release(duty, dept_officer, community_officer, nanqiao, api_as):
    task = send_task(dept_officer, [nanqiao])
    response = api_as(community_officer).post(url("refuse", task), {"reason": "旧客户端的拒绝理由"})
    assert response.status_code == 200, response.content
    assert response.json()["assignments"][0]["refusal_reason"] == "旧客户端的拒绝理由"


def test_a_refusal_without_a_comment_is_refused_under_the_comment_field(
    duty, dept_officer, community_officer, nanqiao, api_as
):
    task = send_task(dept_officer, [nanqiao])
    response = api_as(community_officer).post(url("refuse", task), {"comment": "  "})
    assert response.status_code == 400
    assert "comment" in error_of(response)["fields"]
    assert TaskAssignment.objects.get().status == S.PENDING


def test_refusing_a_listed_task_over_the_api_is_409_and_changes_nothing(
    duty, dept_officer, community_officer, nanqiao, api_as
):
    task = send_task(dept_officer, [nanqiao], [duty.committee_item])
    audits = AuditRecord.objects.count()
    response = api_as(community_officer).post(url("refuse", task), {"reason": "人手不足"})
    assert response.status_code == 409
    body = error_of(response)
    assert body["code"] == "not_refusable"
    assert "必须" in body["message"]  # the message is in Chinese: 必须接受
    assert TaskAssignment.objects.get().status == S.PENDING
    assert AuditRecord.objects.count() == audits


def test_the_sender_cannot_answer_for_the_community(duty, dept_officer, nanqiao, api_as):
    task = send_task(dept_officer, [nanqiao])
    response = api_as(dept_officer).post(url("accept", task), {"community": nanqiao.pk})
    assert response.status_code == 403
    assert TaskAssignment.objects.get().status == S.PENDING


def test_a_tampered_community_id_is_refused(duty, dept_officer, community_officer, nanqiao, yulin_east, api_as):
    task = send_task(dept_officer, [nanqiao, yulin_east])
    response = api_as(community_officer).post(url("refuse", task), {"comment": "冒充", "community": yulin_east.pk})
    assert response.status_code == 403
    assert set(TaskAssignment.objects.values_list("status", flat=True)) == {S.PENDING}


def test_the_district_rejudges_over_the_api(duty, dept_officer, district_admin, nanqiao, api_as):
    task = send_task(dept_officer, [nanqiao])
    response = api_as(district_admin).post(
        url("rejudge", task), {"claimed_items": [duty.committee_item.pk], "comment": "属居委会依法履职事项"}
    )
    assert response.status_code == 200
    assert response.json()["assignments"][0]["outcome"] == "must_accept"


def test_purchase_candidates_are_for_the_communitys_street_and_the_district(
    duty, dept_officer, street_officer, district_admin, community_officer, nanqiao, yulin_east, api_as
):
    send_task(dept_officer, [nanqiao, yulin_east], [duty.assisting_item], title="老年人能力评估")
    send_task(dept_officer, [nanqiao], title="不在清单")
    candidates = reverse("api:purchase-candidate-list")
    street_rows = api_as(street_officer).get(candidates).json()["results"]
    assert [(r["title"], r["community_name"]) for r in street_rows] == [("老年人能力评估", "南桥社区")]
    assert len(api_as(district_admin).get(candidates).json()["results"]) == 2
    assert api_as(community_officer).get(candidates).status_code == 403
    assert api_as(dept_officer).get(candidates).status_code == 403


def test_the_task_list_does_not_grow_in_queries(duty, dept_officer, district_admin, nanqiao, sanhe, api_as):
    client = api_as(district_admin)

    def add(n):
        for i in range(n):
            send_task(dept_officer, [nanqiao, sanhe], [duty.committee_item, duty.assisting_item], title=f"任务{i}")

    assert_queries_do_not_grow(lambda: client.get(LIST), add)


def test_the_task_list_of_a_community_does_not_grow_in_queries(duty, dept_officer, community_officer, nanqiao, api_as):
    client = api_as(community_officer)
    assert_queries_do_not_grow(
        lambda: client.get(LIST), lambda n: [send_task(dept_officer, [nanqiao], [duty.party_item]) for _ in range(n)]
    )


def test_the_purchase_candidates_do_not_grow_in_queries(duty, dept_officer, street_officer, nanqiao, sanhe, api_as):
    client = api_as(street_officer)
    assert_queries_do_not_grow(
        lambda: client.get(reverse("api:purchase-candidate-list")),
        lambda n: [send_task(dept_officer, [nanqiao, sanhe], [duty.assisting_item]) for _ in range(n)],
    )


def test_the_list_filters_by_the_communitys_answer(duty, dept_officer, community_officer, nanqiao, sanhe, api_as):
    refused = send_task(dept_officer, [nanqiao, sanhe], title="被拒绝的")
    send_task(dept_officer, [nanqiao], [duty.committee_item], title="必须接受的")
    from services.actions.task_requests import task_refuse

    task_refuse(actor=community_officer, task=refused, comment="不在清单内")
    client = api_as(dept_officer)
    assert [t["title"] for t in client.get(LIST + "?status=refused").json()["results"]] == ["被拒绝的"]
    assert [t["title"] for t in client.get(LIST + "?outcome=must_accept").json()["results"]] == ["必须接受的"]
    assert len(client.get(LIST + f"?community={nanqiao.pk}").json()["results"]) == 2
    assert client.get(LIST + "?status=nonsense").status_code == 400


@pytest.mark.parametrize("verb,body", [("accept", {}), ("refuse", {"reason": "不在清单内"})])
def test_answering_for_another_community_does_not_reveal_where_the_task_went(
    duty, dept_officer, community_officer, nanqiao, yulin_east, sanhe, api_as, verb, body
):
    task = send_task(dept_officer, [nanqiao, yulin_east])
    client = api_as(community_officer)
    sent_there = client.post(url(verb, task), {**body, "community": yulin_east.pk})
    not_sent_there = client.post(url(verb, task), {**body, "community": sanhe.pk})
    assert sent_there.status_code == not_sent_there.status_code == 403
    assert error_of(sent_there) == error_of(not_sent_there)
    assert set(TaskAssignment.objects.values_list("status", flat=True)) == {S.PENDING}


def test_the_detail_says_what_each_caller_may_do_to_each_copy(duty, dept_officer, community_officer, nanqiao, api_as):
    task = send_task(dept_officer, [nanqiao])
    mine = api_as(community_officer).get(url("detail", task)).json()["assignments"][0]
    assert mine["actions"] == ["accept", "refuse"]
    theirs = api_as(dept_officer).get(url("detail", task)).json()["assignments"][0]
    assert theirs["actions"] == []
    api_as(community_officer).post(url("refuse", task), {"comment": "不在清单内"})
    assert api_as(dept_officer).get(url("detail", task)).json()["assignments"][0]["actions"] == ["appeal"]
