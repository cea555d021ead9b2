"""Evaluation and award: experts (never tied to a bidder) score, the portal ranks by the
published formula, the street awards to the first and commits the money."""

from decimal import Decimal

import pytest
from django.urls import reverse

from organizations.identifiers import ric_check_char
from procurement.actions.evaluation import expert_register
from procurement.actions.projects import project_open
from procurement.models import BudgetLine, Expert, ExpertAssignment, Score
from tests.factories import OrganizationFactory, user_with_role
from tests.helpers import error_of
from tests.organizations.people_fixtures import make_person, make_social_worker
from tests.procurement.factories import make_bid, make_qualified, pass_deadline

RIC_WANG = "51010719650215001" + ric_check_char("51010719650215001")


@pytest.fixture
def opened(published, nanqiao, org_officer, qualified_muling, rival_org_officer, qualified_rival):
    third_org = make_qualified(OrganizationFactory(name="第三家社工中心", community=nanqiao))
    third = user_with_role("org_third", "organization_staff", third_org)
    make_bid(actor=org_officer, project=published, organization=qualified_muling, price="150000.00")
    make_bid(actor=rival_org_officer, project=published, organization=qualified_rival, price="160000.00")
    make_bid(actor=third, project=published, organization=third_org, price="200000.00")
    pass_deadline(published)
    return project_open(project_id=published.pk)


@pytest.fixture
def wang(district_admin, expert):
    return expert_register(actor=district_admin, user=expert, resident_id=RIC_WANG)


def _assign(api_as, who, project, expert):
    return api_as(who).post(reverse("api:project-experts", kwargs={"pk": project.pk}), {"expert": expert.pk})


def _sheet(project, points):
    """Every opened bid × every non-price criterion, `points(bid, criterion)` each."""
    return {
        "scores": [
            {"bid": b.pk, "criterion": c.pk, "points": str(points(b, c))}
            for b in project.bids.filter(status="opened")
            for c in project.criteria.filter(is_price=False)
        ]
    }


def test_an_expert_who_is_a_bidders_social_worker_is_refused(api_as, street_officer, opened, wang, qualified_rival):
    make_social_worker(qualified_rival, person=make_person(resident_id=RIC_WANG, name="王教授"))
    response = _assign(api_as, street_officer, opened, wang)
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "conflict_of_interest" and qualified_rival.name in error["message"]
    assert not ExpertAssignment.objects.exists()


def test_an_unassigned_expert_reads_no_bid_an_assigned_one_reads_them_all(api_as, street_officer, expert, opened, wang):
    url = reverse("api:project-bids", kwargs={"pk": opened.pk})
    assert api_as(expert).get(url).json() == []
    assert _assign(api_as, street_officer, opened, wang).status_code == 200
    assert len(api_as(expert).get(url).json()) == 3


def test_only_the_purchasing_street_assigns_experts(api_as, district_admin, opened, wang):
    assert _assign(api_as, district_admin, opened, wang).status_code == 403
    assert not ExpertAssignment.objects.exists()


def test_experts_score_the_street_evaluates_by_the_formula_and_awards(
    api_as, api, street_officer, expert, opened, wang, line
):
    _assign(api_as, street_officer, opened, wang)
    evaluate = reverse("api:project-evaluate", kwargs={"pk": opened.pk})
    assert api_as(street_officer).post(evaluate, {}).status_code == 409  # not scored yet
    rival_first = {"160000.00": 1.0, "150000.00": 0.5, "200000.00": 0.25}
    sheet = _sheet(opened, lambda b, c: Decimal(c.weight) * Decimal(str(rival_first[f"{b.price:.2f}"])))
    response = api_as(expert).post(reverse("api:project-scores", kwargs={"pk": opened.pk}), sheet, format="json")
    assert response.status_code == 200, response.content
    assert api_as(street_officer).post(evaluate, {}).status_code == 200
    ranking = api.get(reverse("api:project-detail", kwargs={"pk": opened.pk})).json()["ranking"]
    # Price weight 30: lowest 150 000 ÷ price × 30; the experts' points: 70 × share.
    assert [(r["price"], r["price_score"], r["total_score"], r["rank"]) for r in ranking] == [
        ("160000.00", "28.13", "98.13", 1),
        ("150000.00", "30.00", "65.00", 2),
        ("200000.00", "22.50", "40.00", 3),
    ]
    response = api_as(street_officer).post(
        reverse("api:project-award", kwargs={"pk": opened.pk}), {"comment": "按排名"}
    )
    assert response.status_code == 200
    body = api.get(reverse("api:project-detail", kwargs={"pk": opened.pk})).json()
    assert body["status"] == "awarded" and body["awarded_price"] == "160000.00"
    assert body["standstill_until"] is not None
    line.refresh_from_db()
    assert line.committed == Decimal("160000.00")


@pytest.mark.parametrize("bad", ["missing", "too_high"])
def test_an_incomplete_or_out_of_range_sheet_is_refused_and_nothing_is_saved(
    api_as, street_officer, expert, opened, wang, bad
):
    _assign(api_as, street_officer, opened, wang)
    sheet = _sheet(opened, lambda b, c: c.weight + (1 if bad == "too_high" else 0))
    if bad == "missing":
        sheet["scores"].pop()
    response = api_as(expert).post(reverse("api:project-scores", kwargs={"pk": opened.pk}), sheet, format="json")
    assert response.status_code == 400
    assert "scores" in error_of(response)["fields"]
    assert not Score.objects.exists()
    assert ExpertAssignment.objects.get().scored_at is None


def test_an_expert_scores_once(api_as, street_officer, expert, opened, wang):
    _assign(api_as, street_officer, opened, wang)
    sheet = _sheet(opened, lambda b, c: 1)
    url = reverse("api:project-scores", kwargs={"pk": opened.pk})
    assert api_as(expert).post(url, sheet, format="json").status_code == 200
    assert api_as(expert).post(url, sheet, format="json").status_code == 409
    assert Score.objects.count() == 6


def test_an_award_the_budget_line_cannot_carry_is_refused_and_nothing_changes(
    api_as, street_officer, expert, opened, wang, line
):
    _assign(api_as, street_officer, opened, wang)
    api_as(expert).post(
        reverse("api:project-scores", kwargs={"pk": opened.pk}), _sheet(opened, lambda b, c: 1), format="json"
    )
    api_as(street_officer).post(reverse("api:project-evaluate", kwargs={"pk": opened.pk}), {})
    BudgetLine.objects.filter(pk=line.pk).update(committed=line.allocated - Decimal("1000.00"))
    response = api_as(street_officer).post(reverse("api:project-award", kwargs={"pk": opened.pk}), {})
    assert response.status_code == 409 and error_of(response)["code"] == "budget_exceeded"
    opened.refresh_from_db()
    assert opened.status == "evaluated" and opened.awarded_bid_id is None


def test_a_registered_expert_needs_a_valid_resident_id(district_admin, expert):
    from core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        expert_register(
            actor=district_admin, user=expert, resident_id=RIC_WANG[:-1] + ("0" if RIC_WANG[-1] != "0" else "1")
        )
    assert "resident_id" in refused.value.fields
    assert not Expert.objects.exists()


@pytest.fixture
def awarded(api_as, street_officer, expert, opened, wang):
    """Awarded to the rival (160 000), muling second (150 000), the third last."""
    _assign(api_as, street_officer, opened, wang)
    rival_first = {"160000.00": 1.0, "150000.00": 0.5, "200000.00": 0.25}
    sheet = _sheet(opened, lambda b, c: Decimal(c.weight) * Decimal(str(rival_first[f"{b.price:.2f}"])))
    api_as(expert).post(reverse("api:project-scores", kwargs={"pk": opened.pk}), sheet, format="json")
    api_as(street_officer).post(reverse("api:project-evaluate", kwargs={"pk": opened.pk}), {})
    assert api_as(street_officer).post(reverse("api:project-award", kwargs={"pk": opened.pk}), {}).status_code == 200
    opened.refresh_from_db()
    return opened


def test_a_losing_bidder_complains_within_the_standstill_and_the_street_answers(
    api_as, org_officer, street_officer, rival_org_officer, awarded
):
    from procurement.actions.evaluation import complaints_pending

    url = reverse("api:project-complaints", kwargs={"pk": awarded.pk})
    filed = api_as(org_officer).post(url, {"text": "价格分计算有误"})
    assert filed.status_code == 201, filed.content
    assert complaints_pending(awarded)
    # The rival (the winner) does not read muling's complaint; the street does.
    assert api_as(rival_org_officer).get(url).json() == []
    assert len(api_as(street_officer).get(url).json()) == 1
    answer_url = reverse("api:project-complaint-answer", kwargs={"pk": awarded.pk, "complaint_pk": filed.json()["id"]})
    assert api_as(street_officer).post(answer_url, {"answer": " "}).status_code == 400
    assert api_as(street_officer).post(answer_url, {"answer": "经复核，计算无误。"}).status_code == 200
    assert not complaints_pending(awarded)
    assert api_as(street_officer).post(answer_url, {"answer": "再答"}).status_code == 409


def test_complaints_close_with_the_standstill_and_need_an_opened_bid(api_as, org_officer, resident, awarded):
    from datetime import timedelta

    from django.utils import timezone

    from procurement.models import Complaint, Project
    from tests.factories import OrganizationFactory

    url = reverse("api:project-complaints", kwargs={"pk": awarded.pk})
    assert api_as(org_officer).post(url, {"text": ""}).status_code == 400
    outsider_org = OrganizationFactory(name="未投标机构")
    outsider = user_with_role("org_outsider", "organization_staff", outsider_org)
    assert api_as(outsider).post(url, {"text": "我也有意见"}).status_code == 403
    assert api_as(resident).post(url, {"text": "居民意见"}).status_code == 403
    Project.objects.filter(pk=awarded.pk).update(standstill_until=timezone.localdate() - timedelta(days=1))
    assert api_as(org_officer).post(url, {"text": "逾期质疑"}).status_code == 409
    assert not Complaint.objects.exists()


def test_when_the_winner_declines_the_next_ranked_bid_is_awarded_and_the_money_follows(
    api_as, street_officer, awarded, line, qualified_muling
):
    url = reverse("api:project-reaward", kwargs={"pk": awarded.pk})
    assert api_as(street_officer).post(url, {"comment": ""}).status_code == 400
    response = api_as(street_officer).post(url, {"comment": "中标单位放弃中标"})
    assert response.status_code == 200, response.content
    assert response.json()["awarded_organization"] == qualified_muling.name
    line.refresh_from_db()
    assert line.committed == Decimal("150000.00")
    assert api_as(street_officer).post(url, {"comment": "再次放弃"}).status_code == 200  # to the third
    line.refresh_from_db()
    assert line.committed == Decimal("200000.00")
    # Nobody is left.
    assert api_as(street_officer).post(url, {"comment": "又放弃"}).status_code == 409
    line.refresh_from_db()
    assert line.committed == Decimal("200000.00")


def test_the_pages_take_a_project_from_opening_to_award(page_as, street_officer, expert, opened, wang):
    street, sheet = page_as(street_officer), page_as(expert)
    detail = reverse("procurement:project-detail", kwargs={"pk": opened.pk})
    assert 'data-testid="project-assign-expert"' in street.get(detail).content.decode()
    assert (
        street.post(reverse("procurement:expert-assign", kwargs={"pk": opened.pk}), {"expert": wang.pk}).status_code
        == 302
    )
    form = sheet.get(reverse("procurement:score-sheet", kwargs={"pk": opened.pk}))
    assert form.status_code == 200 and "第三家社工中心" in form.content.decode()
    data = {
        f"s_{b.pk}_{c.pk}": c.weight // 2
        for b in opened.bids.filter(status="opened")
        for c in opened.criteria.filter(is_price=False)
    }
    too_high = {**data, next(iter(data)): 999}
    assert sheet.post(reverse("procurement:score-sheet", kwargs={"pk": opened.pk}), too_high).status_code == 200
    assert not Score.objects.exists()
    assert sheet.post(reverse("procurement:score-sheet", kwargs={"pk": opened.pk}), data).status_code == 302
    assert street.post(reverse("procurement:project-evaluate", kwargs={"pk": opened.pk}), {}).status_code == 302
    assert street.post(reverse("procurement:project-award", kwargs={"pk": opened.pk}), {}).status_code == 302
    page = page_as(None).get(detail).content.decode()
    # Equal expert points: the lowest price (muling, 150 000) wins.
    assert 'data-testid="award"' in page and "睦林长者互助社" in page


def test_the_complaints_list_pins_its_query_count(api_as, org_officer, street_officer, qualified_muling, awarded):
    from procurement.actions.evaluation import complaint_file
    from tests.helpers import assert_queries_do_not_grow

    def file(n):
        for i in range(n):
            complaint_file(actor=org_officer, project=awarded, organization=qualified_muling, text=f"质疑{i}")

    client = api_as(street_officer)
    assert_queries_do_not_grow(lambda: client.get(reverse("api:project-complaints", kwargs={"pk": awarded.pk})), file)
