"""Residents' demand: raised by a verified resident, seconded by neighbours once each, seen grouped
by the community, turned by the street office into a draft purchase project, or closed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.errors import Conflict, DomainError, NotAllowed
from core.models import AuditRecord
from orders.actions.demand import demand_close, demand_convert, demand_raise, demand_topic, demand_voice
from orders.models import Demand, DemandVoice
from orders.queries.demand import demand_grouped, demands_for
from procurement.actions.projects import CriterionInput
from procurement.models import Project
from tests.orders.residents_support import AMOUNT, applicant, convert_body, neighbour, paper_cutting
from tests.procurement.factories import BudgetLineFactory

D = Demand.Status
CRITERIA = [CriterionInput("价格", 30, True), CriterionInput("服务方案", 70)]


@pytest.fixture
def culture_line(huaxing):
    return BudgetLineFactory(street=huaxing, domain="culture")


def _convert(actor, demand, line, **kw):
    return demand_convert(
        actor=actor,
        demand=demand,
        title=kw.pop("title", "南桥社区剪纸课"),
        description="来自居民需求",
        budget_line=line,
        amount=kw.pop("amount", AMOUNT),
        method="open_tender",
        criteria=CRITERIA,
        question_days=5,
        bid_days=15,
        **kw,
    )


@pytest.mark.parametrize(
    ("title", "topic"),
    [
        ("想学剪纸", "剪纸"),
        ("希望开剪纸班", "剪纸"),
        ("剪纸课", "剪纸"),
        ("我想学 剪纸！", "剪纸"),
        ("老年人智能手机课", "老年人智能手机"),
        ("课", "课"),
    ],
)
def test_similar_wishes_share_a_topic(title, topic):
    assert demand_topic(title) == topic


def test_a_verified_resident_raises_a_demand_and_holds_its_first_voice(resident, nanqiao):
    demand = paper_cutting(resident)
    assert (demand.status, demand.community, demand.voice_count, demand.topic) == (D.OPEN, nanqiao, 1, "剪纸")
    assert DemandVoice.objects.filter(demand=demand, resident=resident).exists()
    assert AuditRecord.objects.filter(action="demand.raise", object_id=str(demand.pk)).exists()


def test_an_unverified_applicant_or_staff_cannot_raise_demand(nanqiao, community_officer, street_officer):
    waiting = applicant(nanqiao).user
    for someone in (waiting, community_officer, street_officer):
        with pytest.raises(NotAllowed):
            paper_cutting(someone)
    assert not Demand.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "剪" * 101}, "title"),
        ({"domain": "painting"}, "domain"),
        ({"description": "长" * 5001}, "description"),
    ],
)
def test_bad_demand_is_refused_in_chinese_on_its_field_and_nothing_is_saved(resident, data, field):
    with pytest.raises(DomainError) as caught:
        demand_raise(actor=resident, **{"title": "想学剪纸", "domain": "culture", "description": "", **data})
    assert field in caught.value.fields
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.fields[field][0])
    assert not Demand.objects.exists() and not DemandVoice.objects.exists()


def test_a_neighbour_adds_a_voice_once_and_the_count_stays_equal_to_the_voices(resident, nanqiao):
    demand = paper_cutting(resident)
    li = neighbour(nanqiao)
    demand = demand_voice(actor=li, demand=demand)
    assert demand.voice_count == 2
    with pytest.raises(Conflict) as caught:
        demand_voice(actor=li, demand=demand)
    assert caught.value.code == "already_voiced"
    with pytest.raises(Conflict):
        demand_voice(actor=resident, demand=demand)  # the raiser's voice is already counted
    demand.refresh_from_db()
    assert demand.voice_count == DemandVoice.objects.filter(demand=demand).count() == 2


def test_residents_of_other_communities_and_staff_cannot_add_a_voice(resident, sanhe, community_officer):
    demand = paper_cutting(resident)
    for outsider in (neighbour(sanhe, "resident_sanhe"), community_officer):
        with pytest.raises(NotAllowed):
            demand_voice(actor=outsider, demand=demand)
    demand.refresh_from_db()
    assert demand.voice_count == 1


def test_the_street_turns_a_demand_into_a_draft_project_linked_back(resident, street_officer, culture_line, nanqiao):
    demand = paper_cutting(resident)
    demand = _convert(street_officer, demand, culture_line)
    project = Project.objects.get(pk=demand.project_id)
    assert demand.status == D.CONVERTED
    assert (project.status, project.community, project.street, project.domain) == (
        Project.Status.DRAFT,
        nanqiao,
        nanqiao.street,
        "culture",
    )
    assert AuditRecord.objects.filter(action="demand.convert", to_state="converted").exists()
    assert AuditRecord.objects.filter(action="project.create", object_id=str(project.pk)).exists()
    with pytest.raises(Conflict):
        demand_voice(actor=neighbour(nanqiao), demand=demand)
    with pytest.raises(Conflict):
        _convert(street_officer, demand, culture_line)
    assert Project.objects.count() == 1


def test_only_the_community_s_street_converts(resident, community_officer, district_admin, culture_line, wuhou):
    from accounts.models import Role
    from tests.factories import StreetFactory, user_with_role

    demand = paper_cutting(resident)
    other_street = user_with_role("street_yulin", Role.STREET_STAFF, StreetFactory(district=wuhou, name="玉林街道"))
    for outsider in (community_officer, district_admin, other_street, resident):
        with pytest.raises(NotAllowed):
            _convert(outsider, demand, culture_line)
    assert not Project.objects.exists()
    assert Demand.objects.get(pk=demand.pk).status == D.OPEN


def test_a_project_the_procurement_rules_refuse_leaves_the_demand_open(resident, street_officer, culture_line):
    demand = paper_cutting(resident)
    with pytest.raises(DomainError) as caught:
        _convert(street_officer, demand, culture_line, amount=culture_line.allocated * 2)
    assert "amount" in caught.value.fields
    assert Demand.objects.get(pk=demand.pk).status == D.OPEN and not Project.objects.exists()


def test_the_community_closes_with_a_reason(resident, community_officer, other_community_officer):
    demand = paper_cutting(resident)
    with pytest.raises(NotAllowed):
        demand_close(actor=other_community_officer, demand=demand, comment="不归我们")
    with pytest.raises(DomainError):
        demand_close(actor=community_officer, demand=demand, comment="")
    demand = demand_close(actor=community_officer, demand=demand, comment="社区活动中心已开设剪纸课")
    assert (demand.status, demand.close_reason) == (D.CLOSED, "社区活动中心已开设剪纸课")


def test_demand_is_grouped_by_domain_and_topic_most_voices_first(resident, nanqiao):
    li, wang = neighbour(nanqiao), neighbour(nanqiao, "resident_wang")
    paper = paper_cutting(resident)
    demand_voice(actor=li, demand=paper)
    other_words = demand_raise(actor=wang, title="希望开剪纸班", domain="culture")
    taichi = demand_raise(actor=li, title="想学太极拳", domain="elderly")
    groups = demand_grouped(Demand.objects.all())
    assert [g.domain for g in groups] == ["culture", "elderly"]
    culture = groups[0]
    assert culture.voices == 3
    assert [[d.pk for d in t.demands] for t in culture.topics] == [[paper.pk, other_words.pk]]
    assert [t.demands[0].pk for t in groups[1].topics] == [taichi.pk]


def test_the_api_groups_open_demand_by_domain_and_topic(
    api_as, resident, nanqiao, community_officer, other_community_officer
):
    li = neighbour(nanqiao)
    paper = paper_cutting(resident)
    other_words = demand_raise(actor=li, title="希望开剪纸班", domain="culture")
    body = api_as(community_officer).get(reverse("api:demand-groups"), {"community": nanqiao.pk}).json()
    assert [g["domain"] for g in body] == ["culture"]
    topic = body[0]["topics"][0]
    assert (topic["topic"], topic["voices"], topic["demands"]) == ("剪纸", 2, [paper.pk, other_words.pk])
    assert api_as(other_community_officer).get(reverse("api:demand-groups")).json() == []
    bad = api_as(community_officer).get(reverse("api:demand-groups"), {"community": "x"})
    assert bad.status_code == 400


def test_each_role_sees_the_demand_of_its_own_scope(
    cast, resident, nanqiao, yulin_east, street_officer, community_officer, other_community_officer
):
    here = paper_cutting(resident)
    there = paper_cutting(neighbour(yulin_east, "resident_yulin"), title="想学书法")
    seen = {who: set(demands_for(getattr(cast, who)).values_list("pk", flat=True)) for who in (
        "resident", "community_officer", "other_community_officer", "street_officer", "district_admin",
        "org_officer", "stranger", "dept_officer", "expert",
    )}  # fmt: skip
    assert seen["resident"] == seen["community_officer"] == seen["street_officer"] == {here.pk}
    assert seen["other_community_officer"] == {there.pk}
    assert seen["district_admin"] == {here.pk, there.pk}
    assert seen["org_officer"] == seen["stranger"] == seen["dept_officer"] == seen["expert"] == set()


def test_the_api_lists_with_cursor_pages_and_bounded_queries(api_as, resident, nanqiao, django_assert_max_num_queries):
    for n in range(5):
        paper_cutting(resident, title=f"想学剪纸{n}")
    client = api_as(resident)
    with django_assert_max_num_queries(8):
        body = client.get(reverse("api:demand-list"), {"page_size": 2}).json()
    assert len(body["results"]) == 2 and body["next"] and "cursor=" in body["next"]
    for n in range(20):
        paper_cutting(resident, title=f"想学书法{n}")
    with django_assert_max_num_queries(8):
        client.get(reverse("api:demand-list"), {"page_size": 20})


def test_the_api_raises_voices_converts_and_closes(api_as, resident, nanqiao, street_officer, culture_line):
    response = api_as(resident).post(
        reverse("api:demand-list"), {"title": "想学剪纸", "domain": "culture"}, format="json"
    )
    assert response.status_code == 201 and response.json()["voice_count"] == 1 and response.json()["voiced"]
    pk = response.json()["id"]
    li = neighbour(nanqiao)
    assert api_as(li).post(reverse("api:demand-voice", args=[pk])).json()["voice_count"] == 2
    again = api_as(li).post(reverse("api:demand-voice", args=[pk]))
    assert again.status_code == 409 and again.json()["code"] == "already_voiced"
    response = api_as(street_officer).post(
        reverse("api:demand-convert", args=[pk]), convert_body(culture_line), format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "converted" and response.json()["project"]
    closed = api_as(street_officer).post(reverse("api:demand-close", args=[pk]), {"comment": "已转"}, format="json")
    assert closed.status_code == 409


def test_the_api_refuses_bad_input_without_changing_anything(api_as, resident, street_officer, culture_line):
    response = api_as(resident).post(reverse("api:demand-list"), {"title": "", "domain": "x"}, format="json")
    assert response.status_code == 400 and set(response.json()["fields"]) == {"title", "domain"}
    demand = paper_cutting(resident)
    body = convert_body(culture_line, criteria=[{"name": "价格", "weight": 50, "is_price": True}])
    response = api_as(street_officer).post(reverse("api:demand-convert", args=[demand.pk]), body, format="json")
    assert response.status_code == 400 and "criteria" in response.json()["fields"]
    assert Demand.objects.get(pk=demand.pk).status == D.OPEN and not Project.objects.exists()


def test_the_pages_raise_voice_and_convert(page_as, resident, nanqiao, street_officer, culture_line):
    client = page_as(resident)
    response = client.post(
        reverse("orders:demand-create"), {"title": "想学剪纸", "domain": "culture", "description": ""}
    )
    demand = Demand.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("orders:demand-detail", args=[demand.pk])
    neighbour_client = page_as(neighbour(nanqiao))
    assert "我也想要" in neighbour_client.get(reverse("orders:demand-detail", args=[demand.pk])).content.decode()
    neighbour_client.post(reverse("orders:demand-voice", args=[demand.pk]))
    assert Demand.objects.get().voice_count == 2
    street = page_as(street_officer)
    form = street.get(reverse("orders:demand-convert", args=[demand.pk]))
    assert form.status_code == 200 and "南桥社区：想学剪纸" in form.content.decode()
    response = street.post(
        reverse("orders:demand-convert", args=[demand.pk]),
        {
            "title": "南桥社区剪纸课",
            "description": "来自居民需求",
            "budget_line": culture_line.pk,
            "amount": "30000.00",
            "method": "open_tender",
            "price_weight": 30,
            "criteria": "服务方案,50\n团队与经验,20",
            "question_days": 5,
            "bid_days": 15,
            "standstill_days": 7,
        },
    )
    demand.refresh_from_db()
    assert demand.status == D.CONVERTED
    assert response["Location"] == reverse("procurement:project-detail", args=[demand.project_id])
    page = client.get(reverse("orders:demand-detail", args=[demand.pk])).content.decode()
    assert "转为采购项目" in page and "南桥社区剪纸课" in page


@pytest.mark.django_db(transaction=True)
def test_ten_neighbours_at_once_and_one_twice_leave_the_count_equal_to_the_voices():
    """On PostgreSQL: 10 residents second a demand at the same moment, one of them twice."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer")
    from tests import cast as recipes

    nanqiao = recipes.nanqiao(recipes.huaxing(recipes.wuhou()))
    demand = paper_cutting(recipes.resident(nanqiao))
    voters = [neighbour(nanqiao, f"resident_{n}") for n in range(10)]
    start = threading.Barrier(11)
    outcomes: list[str] = []

    def voice(who):
        try:
            start.wait()
            demand_voice(actor=who, demand=demand)
            outcomes.append("ok")
        except Conflict:
            outcomes.append("twice")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=voice, args=(who,)) for who in [*voters, voters[0]]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    demand.refresh_from_db()
    assert sorted(outcomes) == ["ok"] * 10 + ["twice"]
    assert demand.voice_count == DemandVoice.objects.filter(demand=demand).count() == 11
