"""Purchase projects: created from scratch or from a purchase candidate, published on working
days, cancelled with a reason; public once published; questions and answers."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from core.models import AuditRecord
from procurement.models import Project, Question
from services.workdays import add_working_days
from tests.helpers import assert_queries_do_not_grow, error_of
from tests.procurement.factories import make_project, make_published


def _body(line, community, **over):
    return {
        "title": "南桥社区高龄老人居家照护",
        "street": community.street_id,
        "community": community.pk,
        "domain": "elderly",
        "budget_line": line.pk,
        "amount": "200000.00",
        "method": "open_tender",
        "criteria": [
            {"name": "价格", "weight": 30, "is_price": True},
            {"name": "服务方案", "weight": 70, "is_price": False},
        ],
        "question_days": 5,
        "bid_days": 15,
        **over,
    }


def test_a_street_officer_creates_a_draft_seen_by_its_street_only(
    api_as, street_officer, rival_org_officer, line, nanqiao
):
    response = api_as(street_officer).post(reverse("api:project-list"), _body(line, nanqiao), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["min_bids"] == 3
    assert body["allowed_actions"] == ["publish", "cancel"]
    assert api_as(rival_org_officer).get(reverse("api:project-detail", kwargs={"pk": body["id"]})).status_code == 404
    assert AuditRecord.objects.filter(action="project.create", object_id=str(body["id"])).exists()


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"criteria": [{"name": "价格", "weight": 30, "is_price": True}, {"name": "方案", "weight": 60}]}, "criteria"),
        ({"bid_days": 5}, "bid_days"),
        ({"question_days": 15}, "question_days"),
        ({"amount": "99999999.00"}, "amount"),
        ({"method": "invited_tender"}, "invited_organizations"),
    ],
)
def test_bad_projects_are_refused_in_chinese_and_nothing_is_saved(api_as, street_officer, line, nanqiao, over, field):
    response = api_as(street_officer).post(reverse("api:project-list"), _body(line, nanqiao, **over), format="json")
    assert response.status_code == 400
    error = error_of(response)
    assert field in error["fields"], error
    assert any("\u4e00" <= ch <= "\u9fff" for ch in "".join(error["fields"][field]))
    assert not Project.objects.exists()


def test_another_streets_officer_cannot_create_for_huaxing(api_as, wuhou, line, nanqiao):
    from accounts.models import Role
    from tests.factories import StreetFactory, user_with_role

    other = user_with_role("street_other", Role.STREET_STAFF, StreetFactory(district=wuhou, name="簇桥街道"))
    response = api_as(other).post(reverse("api:project-list"), _body(line, nanqiao), format="json")
    assert response.status_code == 403
    assert not Project.objects.exists()


def test_publishing_counts_the_deadlines_in_working_days(api_as, street_officer, line, nanqiao):
    project = make_project(actor=street_officer, community=nanqiao, line=line)
    response = api_as(street_officer).post(reverse("api:project-publish", kwargs={"pk": project.pk}), {})
    assert response.status_code == 200
    project.refresh_from_db()
    today = timezone.localdate()
    assert timezone.localtime(project.bid_deadline).date() == add_working_days(today, 15)
    assert timezone.localtime(project.questions_deadline).date() == add_working_days(today, 5)
    assert project.status == "published"
    # Publishing twice is refused.
    again = api_as(street_officer).post(reverse("api:project-publish", kwargs={"pk": project.pk}), {})
    assert again.status_code == 409


def test_only_the_purchasing_street_publishes(api_as, district_admin, community_officer, street_officer, line, nanqiao):
    project = make_project(actor=street_officer, community=nanqiao, line=line)
    assert api_as(district_admin).post(reverse("api:project-publish", kwargs={"pk": project.pk}), {}).status_code == 403
    assert (
        api_as(community_officer).post(reverse("api:project-publish", kwargs={"pk": project.pk}), {}).status_code == 404
    )
    project.refresh_from_db()
    assert project.status == "draft"


def test_cancelling_needs_a_reason_of_a_paragraph_at_most(api_as, street_officer, published):
    from procurement.actions.projects import project_cancel

    url = reverse("api:project-cancel", kwargs={"pk": published.pk})
    response = api_as(street_officer).post(url, {"comment": " "})
    assert response.status_code == 400 and "comment" in error_of(response)["fields"]
    # The action holds the bound too, whoever calls it.
    with pytest.raises(DomainError) as refused:
        project_cancel(actor=street_officer, project=published, comment="长" * 2001)
    assert "2000" in refused.value.fields["comment"][0]
    published.refresh_from_db()
    assert published.status == "published"
    response = api_as(street_officer).post(url, {"comment": "  需求变更  "})
    assert response.status_code == 200 and response.json()["cancel_reason"] == "需求变更"


def test_published_projects_are_public_and_searchable_in_chinese(api, street_officer, line, nanqiao):
    make_published(actor=street_officer, community=nanqiao, line=line, title="南桥社区助餐服务")
    make_project(actor=street_officer, community=nanqiao, line=line, title="南桥社区草稿项目")
    rows = api.get(reverse("api:project-list")).json()["results"]
    assert [r["title"] for r in rows] == ["南桥社区助餐服务"]
    assert api.get(reverse("api:project-list"), {"q": "助餐"}).json()["results"]
    assert not api.get(reverse("api:project-list"), {"q": "助浴"}).json()["results"]
    assert api.get(reverse("api:project-list"), {"status": "published", "method": "open_tender", "year": 2026}).json()[
        "results"
    ]


def test_the_project_list_pins_its_query_count(api, street_officer, line, nanqiao):
    def add(n):
        for i in range(n):
            make_published(actor=street_officer, community=nanqiao, line=line, title=f"项目{i}", amount="1000.00")

    assert_queries_do_not_grow(lambda: api.get(reverse("api:project-list")), add)


def test_a_project_from_a_purchase_candidate_keeps_the_task_linked(
    api_as, page_as, street_officer, district_admin, community_officer, line, nanqiao, dept_officer
):
    from services.actions.task_requests import task_request_send
    from services.models import DutyList, TaskAssignment
    from tests.services.conftest import make_list

    _assisting, items = make_list(DutyList.Kind.ASSISTING, version=1, items=1)
    task = task_request_send(
        actor=dept_officer,
        title="高龄津贴入户核查",
        deadline=timezone.localdate() + timedelta(days=20),
        communities=[nanqiao],
        claimed_item_ids=[items[0].pk],
    )
    candidate = TaskAssignment.objects.get(task=task)
    assert candidate.status == "routed_to_purchase"
    response = api_as(street_officer).post(
        reverse("api:project-list"), _body(line, nanqiao, source_assignment=candidate.pk), format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["source_task"] == task.pk
    project_url = reverse("procurement:project-detail", kwargs={"pk": response.json()["id"]})
    task_url = reverse("services:task-detail", kwargs={"pk": task.pk})
    assert project_url in page_as(district_admin).get(task_url).content.decode()
    # The community sees the link once the project is public, not while it is a draft.
    assert project_url not in page_as(community_officer).get(task_url).content.decode()
    api_as(street_officer).post(reverse("api:project-publish", kwargs={"pk": response.json()["id"]}), {})
    assert project_url in page_as(community_officer).get(task_url).content.decode()
    # One live project per candidate.
    again = api_as(street_officer).post(
        reverse("api:project-list"), _body(line, nanqiao, source_assignment=candidate.pk), format="json"
    )
    assert again.status_code == 400 and "source_assignment" in error_of(again)["fields"]


def test_questions_are_answered_publicly_without_the_askers_name(api, api_as, org_officer, street_officer, published):
    url = reverse("api:project-questions", kwargs={"pk": published.pk})
    asked = api_as(org_officer).post(url, {"text": "是否需要持证社工？"})
    assert asked.status_code == 201
    assert api.get(url).json() == []  # unanswered questions are not public yet
    answer = api_as(street_officer).post(
        reverse("api:project-answers", kwargs={"pk": published.pk}),
        {"question": asked.json()["id"], "answer": "需要两名。"},
    )
    assert answer.status_code == 200
    public = api.get(url).json()
    assert public[0]["answer"] == "需要两名。" and "asked_by" not in public[0]


def test_questions_close_at_their_deadline(api_as, org_officer, published):
    Project.objects.filter(pk=published.pk).update(questions_deadline=timezone.now() - timedelta(minutes=1))
    response = api_as(org_officer).post(
        reverse("api:project-questions", kwargs={"pk": published.pk}), {"text": "还能问吗？"}
    )
    assert response.status_code == 409
    assert not Question.objects.exists()


def test_an_empty_question_is_refused(api_as, org_officer, published):
    response = api_as(org_officer).post(reverse("api:project-questions", kwargs={"pk": published.pk}), {"text": ""})
    assert response.status_code == 400
    assert not Question.objects.exists()


def test_the_pages_show_a_published_project_to_the_public(page_as, published):
    page = page_as(None).get(reverse("procurement:project-detail", kwargs={"pk": published.pk}))
    assert page.status_code == 200 and published.title in page.content.decode()
    listing = page_as(None).get(reverse("procurement:project-list")).content.decode()
    assert published.title in listing


def test_the_street_creates_and_publishes_a_project_on_the_pages(page_as, street_officer, line, nanqiao):
    client = page_as(street_officer)
    response = client.post(
        reverse("procurement:project-create"),
        {
            "title": "玉林片区助残服务",
            "community": nanqiao.pk,
            "domain": "elderly",
            "budget_line": line.pk,
            "amount": "80000",
            "method": "open_tender",
            "price_weight": 40,
            "criteria": "服务方案,40\n团队,20",
            "question_days": 5,
            "bid_days": 15,
            "standstill_days": 7,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    project = Project.objects.get()
    assert [(c.name, c.weight, c.is_price) for c in project.criteria.all()] == [
        ("价格", 40, True),
        ("服务方案", 40, False),
        ("团队", 20, False),
    ]
    assert client.post(reverse("procurement:project-publish", kwargs={"pk": project.pk}), {}).status_code == 302
    project.refresh_from_db()
    assert project.status == "published" and project.amount == Decimal("80000")


def test_the_page_form_shows_a_weight_error_beside_the_field(page_as, street_officer, line, nanqiao):
    response = page_as(street_officer).post(
        reverse("procurement:project-create"),
        {
            "title": "x",
            "community": nanqiao.pk,
            "domain": "elderly",
            "budget_line": line.pk,
            "amount": "80000",
            "method": "open_tender",
            "price_weight": 40,
            "criteria": "服务方案,10",
            "question_days": 5,
            "bid_days": 15,
            "standstill_days": 7,
        },
    )
    assert response.status_code == 200
    assert "权重之和必须为 100" in response.content.decode()
    assert not Project.objects.exists()


def test_an_empty_answer_is_refused_and_the_question_stays_open(api_as, org_officer, street_officer, published):
    question = api_as(org_officer).post(reverse("api:project-questions", kwargs={"pk": published.pk}), {"text": "问？"})
    response = api_as(street_officer).post(
        reverse("api:project-answers", kwargs={"pk": published.pk}), {"question": question.json()["id"], "answer": "  "}
    )
    assert response.status_code == 400
    assert Question.objects.get().answered_at is None


def test_the_catalogue_pins_its_query_count(api, db):
    from tests.procurement.factories import CatalogueItemFactory

    assert_queries_do_not_grow(
        lambda: api.get(reverse("api:catalogue-list")), lambda n: CatalogueItemFactory.create_batch(n)
    )


def test_the_budget_page_refuses_a_negative_amount(page_as, district_admin, huaxing):
    from procurement.models import BudgetLine

    response = page_as(district_admin).post(
        reverse("procurement:budgets"), {"year": 2026, "street": huaxing.pk, "domain": "elderly", "allocated": "-5"}
    )
    assert response.status_code == 200
    assert not BudgetLine.objects.exists()


def test_the_purchase_candidates_page_offers_to_start_a_project(page_as, street_officer, dept_officer, nanqiao, line):
    from services.actions.task_requests import task_request_send
    from services.models import DutyList, TaskAssignment
    from tests.services.conftest import make_list

    _assisting, items = make_list(DutyList.Kind.ASSISTING, version=1, items=1)
    task_request_send(
        actor=dept_officer,
        title="残疾人康复需求入户调查",
        deadline=timezone.localdate() + timedelta(days=20),
        communities=[nanqiao],
        claimed_item_ids=[items[0].pk],
    )
    candidate = TaskAssignment.objects.get()
    client = page_as(street_officer)
    page = client.get(reverse("services:purchase-candidates")).content.decode()
    start = reverse("procurement:project-create") + f"?candidate={candidate.pk}"
    assert start in page
    form = client.get(start).content.decode()
    assert "残疾人康复需求入户调查" in form


def test_the_questions_and_the_project_list_page_pin_their_query_counts(
    api, page_as, org_officer, street_officer, published, line, nanqiao
):
    from procurement.actions.projects import question_answer, question_ask

    def ask(n):
        for i in range(n):
            q = question_ask(actor=org_officer, project=published, text=f"问题{i}")
            question_answer(actor=street_officer, question=q, answer="答复")

    assert_queries_do_not_grow(lambda: api.get(reverse("api:project-questions", kwargs={"pk": published.pk})), ask)

    def publish(n):
        for i in range(n):
            make_published(actor=street_officer, community=nanqiao, line=line, title=f"页面项目{i}", amount="1000.00")

    client = page_as(None)
    assert_queries_do_not_grow(lambda: client.get(reverse("procurement:project-list")), publish)


def test_the_budgets_page_pins_its_query_count(page_as, district_admin, wuhou):
    from tests.factories import StreetFactory
    from tests.procurement.factories import BudgetLineFactory

    client = page_as(district_admin)

    def add(n):
        for _ in range(n):
            BudgetLineFactory(street=StreetFactory(district=wuhou))

    assert_queries_do_not_grow(lambda: client.get(reverse("procurement:budgets")), add)
