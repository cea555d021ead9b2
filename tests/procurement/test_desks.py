"""The three procurement desks: the street office's purchasing desk, the organisation's bidding
desk and the expert's scoring desk. Each sees its own work only, none breaks the seal, and each
reads in a bounded number of queries whatever the volume."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.identifiers import ric_check_char
from procurement.actions.evaluation import (
    complaint_answer,
    complaint_file,
    expert_assign,
    expert_register,
    scores_submit,
)
from procurement.actions.projects import project_open, question_ask
from procurement.models import BudgetLine, Method, Project
from tests.factories import OrganizationFactory, user_with_role
from tests.helpers import assert_queries_do_not_grow
from tests.procurement.factories import (
    BudgetLineFactory,
    make_bid,
    make_project,
    make_published,
    make_qualified,
    pass_deadline,
)

SECRET_PRICE = "176543.21"
SECRET_PLAN = "密封方案：社区长者食堂上门送餐"
RIC_WANG = "51010719650215001" + ric_check_char("51010719650215001")


@pytest.fixture
def yulin_officer(yulin):
    return user_with_role("street_yulin", "street_staff", yulin)


@pytest.fixture
def wang(district_admin, expert):
    return expert_register(actor=district_admin, user=expert, resident_id=RIC_WANG)


@pytest.fixture
def sealed(published, org_officer, qualified_muling):
    return make_bid(
        actor=org_officer, project=published, organization=qualified_muling, price=SECRET_PRICE, plan=SECRET_PLAN
    )


@pytest.fixture
def opened(published, nanqiao, org_officer, qualified_muling, rival_org_officer, qualified_rival):
    third_org = make_qualified(OrganizationFactory(name="第三家社工中心", community=nanqiao))
    third = user_with_role("org_third", "organization_staff", third_org)
    make_bid(actor=org_officer, project=published, organization=qualified_muling, price="150000.00")
    make_bid(actor=rival_org_officer, project=published, organization=qualified_rival, price="160000.00")
    make_bid(actor=third, project=published, organization=third_org, price="200000.00")
    pass_deadline(published)
    return project_open(project_id=published.pk)


def _desk(page_as, user, name):
    response = page_as(user).get(reverse(f"procurement:{name}"))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- The purchasing desk ---------------------------------------------------------------------------


def test_the_purchasing_desk_counts_the_streets_own_projects_by_state_and_links_the_filtered_list(
    page_as, street_officer, yulin_officer, nanqiao, yulin_east, line, huaxing
):
    make_project(actor=street_officer, community=nanqiao, line=line, title="华兴草稿")
    make_published(actor=street_officer, community=nanqiao, line=line, title="华兴已发布")
    yulin_line = BudgetLineFactory(street=yulin_east.street, domain="elderly")
    make_project(actor=yulin_officer, community=yulin_east, line=yulin_line, title="玉林草稿")
    page = _desk(page_as, street_officer, "purchasing-desk")
    assert "华兴草稿" in page and "玉林草稿" not in page
    # One draft of 华兴, one published: the other street's draft is not counted.
    desk = page_as(street_officer).get(reverse("procurement:purchasing-desk")).context
    states = {s["context"]["total"] for s in desk["sections"] if s["key"] == "states"}
    assert states == {2}
    assert f"?status=draft&amp;street={huaxing.pk}" in page
    listed = page_as(street_officer).get(reverse("procurement:project-list") + f"?status=draft&street={huaxing.pk}")
    assert "华兴草稿" in listed.content.decode() and "玉林草稿" not in listed.content.decode()


def test_the_purchasing_desk_lists_what_waits_on_the_street(
    page_as, street_officer, org_officer, nanqiao, line, published, qualified_muling
):
    make_project(actor=street_officer, community=nanqiao, line=line, title="待发布的草稿")
    question_ask(actor=org_officer, project=published, text="需要几名持证社工？")
    desk = page_as(street_officer).get(reverse("procurement:purchasing-desk"))
    waiting = next(s["context"] for s in desk.context["sections"] if s["key"] == "waiting")
    counts = {k["key"]: k["count"] for k in waiting["kinds"]}
    assert counts == {
        "to_publish": 1,
        "to_answer": 1,
        "to_assign": 0,
        "to_evaluate": 0,
        "to_award": 0,
        "complaints": 0,
        "to_close": 0,
    }
    titles = {k["key"]: [p.title for p in k["projects"]] for k in waiting["kinds"]}
    assert titles["to_publish"] == ["待发布的草稿"] and titles["to_answer"] == [published.title]
    # The home desk counts the same work.
    home = page_as(street_officer).get(reverse("core:home")).content.decode()
    assert reverse("procurement:purchasing-desk") in home


def test_a_complaint_waits_on_the_street_until_it_is_answered(page_as, street_officer, org_officer, award, muling):
    def waiting():
        desk = page_as(street_officer).get(reverse("procurement:purchasing-desk"))
        kinds = next(s["context"] for s in desk.context["sections"] if s["key"] == "waiting")["kinds"]
        return {k["key"]: [p.title for p in k["projects"]] for k in kinds if k["count"]}

    assert waiting() == {}  # awarded, no complaint: nothing to do yet
    # (the factory's award is past its standstill, so that contracts may be drafted: reopen it)
    Project.objects.filter(pk=award.pk).update(standstill_until=timezone.localdate() + timedelta(days=5))
    complaint = complaint_file(actor=org_officer, project=award, organization=muling, text="评分有误")
    assert waiting() == {"complaints": [award.title]}
    complaint_answer(actor=street_officer, complaint=complaint, answer="已复核，评分无误")
    assert waiting() == {}


def test_the_desk_lists_the_first_five_of_a_kind_and_links_the_rest(page_as, street_officer, nanqiao, line, huaxing):
    for i in range(7):
        make_project(actor=street_officer, community=nanqiao, line=line, title=f"草稿{i}")
    desk = page_as(street_officer).get(reverse("procurement:purchasing-desk"))
    kinds = next(s["context"] for s in desk.context["sections"] if s["key"] == "waiting")["kinds"]
    drafts = next(k for k in kinds if k["key"] == "to_publish")
    assert (drafts["count"], len(drafts["projects"]), drafts["more"]) == (7, 5, 2)
    rest = f"{reverse('procurement:project-list')}?status=draft&amp;street={huaxing.pk}"
    assert rest in desk.content.decode()


def test_opened_projects_wait_for_experts_then_for_ranking(page_as, street_officer, expert, opened, wang):
    def counts():
        desk = page_as(street_officer).get(reverse("procurement:purchasing-desk"))
        waiting = next(s["context"] for s in desk.context["sections"] if s["key"] == "waiting")
        return {k["key"]: k["count"] for k in waiting["kinds"] if k["count"]}

    assert counts() == {"to_assign": 1}
    expert_assign(actor=street_officer, project=opened, expert=wang)
    assert counts() == {}  # the expert is scoring: nothing waits on the street
    scores_submit(
        actor=expert,
        project=opened,
        scores=[(b.pk, c.pk, Decimal("1")) for b in opened.bids.all() for c in opened.criteria.filter(is_price=False)],
    )
    assert counts() == {"to_evaluate": 1}


def test_the_purchasing_desk_shows_budgets_with_figures_and_accessible_bars(page_as, street_officer, huaxing):
    year = timezone.localdate().year
    BudgetLine.objects.create(
        year=year, street=huaxing, domain="youth", allocated=Decimal("400000.00"), committed=Decimal("100000.00")
    )
    page = _desk(page_as, street_officer, "purchasing-desk")
    assert "400000.00" in page and "100000.00" in page and "300000.00" in page  # allocated, committed, available
    assert '<meter class="bar committed"' in page and 'value="25"' in page
    assert "style=" not in page


def test_the_purchasing_desk_keeps_the_seal(page_as, street_officer, district_admin, sealed):
    page = _desk(page_as, street_officer, "purchasing-desk")
    assert SECRET_PRICE not in page and SECRET_PLAN not in page


def test_only_street_staff_have_a_purchasing_desk(page_as, district_admin, org_officer, expert, resident):
    for user in (district_admin, org_officer, expert, resident):
        assert page_as(user).get(reverse("procurement:purchasing-desk")).status_code == 403


def test_the_purchasing_desk_reads_in_at_most_ten_queries_whatever_the_volume(
    page_as, street_officer, org_officer, nanqiao, line, django_assert_max_num_queries
):
    client = page_as(street_officer)
    url = reverse("procurement:purchasing-desk")

    def add(n):
        for i in range(n):
            make_project(actor=street_officer, community=nanqiao, line=line, title=f"草稿{i}", amount="1000.00")
            project = make_published(actor=street_officer, community=nanqiao, line=line, amount="1000.00")
            question_ask(actor=org_officer, project=project, text="问题")

    assert_queries_do_not_grow(lambda: client.get(url), add)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


# --- The bidding desk ------------------------------------------------------------------------------


def test_the_bidding_desk_lists_open_calls_the_organisation_may_bid_on(
    page_as, street_officer, org_officer, nanqiao, line, qualified_muling, rival_org
):
    make_published(actor=street_officer, community=nanqiao, line=line, title="公开招标项目")
    make_published(
        actor=street_officer,
        community=nanqiao,
        line=line,
        title="邀请睦林的项目",
        method=Method.INVITED_TENDER,
        invited=[qualified_muling, *[make_qualified(OrganizationFactory()) for _ in range(2)]],
    )
    make_published(
        actor=street_officer,
        community=nanqiao,
        line=line,
        title="只邀请别人的项目",
        method=Method.INVITED_TENDER,
        invited=[make_qualified(rival_org), *[make_qualified(OrganizationFactory()) for _ in range(2)]],
    )
    closed = make_published(actor=street_officer, community=nanqiao, line=line, title="已截止的项目")
    pass_deadline(closed)
    make_project(actor=street_officer, community=nanqiao, line=line, title="未发布的草稿")
    page = _desk(page_as, org_officer, "bidding-desk")
    assert "公开招标项目" in page and "邀请睦林的项目" in page
    assert "只邀请别人的项目" not in page and "已截止的项目" not in page and "未发布的草稿" not in page
    assert 'data-testid="desk-qualified"' in page


def test_an_organisation_that_does_not_qualify_sees_why_and_no_calls(
    page_as, street_officer, org_officer, muling, published
):
    page = _desk(page_as, org_officer, "bidding-desk")
    assert 'data-testid="desk-not-qualified"' in page
    assert 'data-testid="desk-call"' not in page and published.title not in page.split("desk-calls")[1]


def test_the_bidding_desk_shows_the_bidders_own_bids_and_receipts_but_never_a_rivals(
    page_as, org_officer, rival_org_officer, qualified_rival, sealed
):
    mine = _desk(page_as, org_officer, "bidding-desk")
    assert sealed.receipt in mine
    assert SECRET_PRICE not in mine.split("desk-calls")[1]  # listed with its receipt, not its price
    rival = _desk(page_as, rival_org_officer, "bidding-desk")
    assert sealed.receipt not in rival and SECRET_PRICE not in rival and SECRET_PLAN not in rival


def test_the_bidding_desk_shows_deadlines_in_beijing_time(page_as, org_officer, qualified_muling, published):
    deadline = timezone.localtime(published.bid_deadline, timezone=timezone.get_fixed_timezone(480))
    page = _desk(page_as, org_officer, "bidding-desk")
    assert deadline.strftime("%Y-%m-%d %H:%M") in page


def test_only_organisation_staff_have_a_bidding_desk(page_as, street_officer, expert, resident):
    for user in (street_officer, expert, resident):
        assert page_as(user).get(reverse("procurement:bidding-desk")).status_code == 403


def test_the_bidding_desk_reads_in_a_bounded_number_of_queries(
    page_as, street_officer, org_officer, nanqiao, line, qualified_muling, django_assert_max_num_queries
):
    client = page_as(org_officer)
    url = reverse("procurement:bidding-desk")

    def add(n):
        for _ in range(n):
            project = make_published(actor=street_officer, community=nanqiao, line=line, amount="1000.00")
            make_bid(actor=org_officer, project=project, organization=qualified_muling, price="900.00")

    assert_queries_do_not_grow(lambda: client.get(url), add)
    with django_assert_max_num_queries(12):  # five of them check the admission standards, once per organisation
        assert client.get(url).status_code == 200


# --- The scoring desk ------------------------------------------------------------------------------


def test_the_expert_sees_only_its_assignments_with_what_is_unscored(
    page_as, street_officer, expert, district_admin, opened, wang, nanqiao, line
):
    other = user_with_role("expert_li", "expert")
    expert_register(actor=district_admin, user=other, resident_id="11010519491231002X")
    expert_assign(actor=street_officer, project=opened, expert=wang)
    page = _desk(page_as, expert, "scoring-desk")
    assert opened.title in page
    desk = page_as(expert).get(reverse("procurement:scoring-desk")).context["assignments"]
    # Three opened bids × two criteria but the price.
    assert [(a.bid_count, a.criterion_count, a.unscored) for a in desk] == [(3, 2, 6)]
    assert opened.title not in _desk(page_as, other, "scoring-desk")


def test_the_scoring_sheet_is_a_table_of_bids_and_criteria_that_marks_the_unscored_cells(
    page_as, street_officer, expert, opened, wang
):
    expert_assign(actor=street_officer, project=opened, expert=wang)
    client = page_as(expert)
    url = reverse("procurement:score-sheet", kwargs={"pk": opened.pk})
    sheet = client.get(url)
    assert sheet.context["unscored"] == 6 and sheet.content.decode().count('data-testid="sheet-row"') == 3
    cells = [(b.pk, c.pk) for b in opened.bids.filter(status="opened") for c in opened.criteria.filter(is_price=False)]
    partial = {f"s_{b}_{c}": "10" for b, c in cells[:4]}
    again = client.post(url, partial)
    assert again.status_code == 200 and again.context["unscored"] == 2
    done = client.post(url, {f"s_{b}_{c}": "10" for b, c in cells})
    assert done.status_code == 302 and done["Location"] == reverse("procurement:scoring-desk")
    after = client.get(url)
    assert 'data-testid="sheet-submitted"' in after.content.decode()
    desk = client.get(reverse("procurement:scoring-desk")).context["assignments"]
    assert [a.unscored for a in desk] == [0]


def test_the_scoring_desk_shows_no_price_before_the_opening(page_as, expert, wang, sealed):
    page = _desk(page_as, expert, "scoring-desk")
    assert SECRET_PRICE not in page and SECRET_PLAN not in page


def test_only_experts_have_a_scoring_desk(page_as, street_officer, org_officer, resident):
    for user in (street_officer, org_officer, resident):
        assert page_as(user).get(reverse("procurement:scoring-desk")).status_code == 403


def test_the_scoring_desk_reads_in_a_bounded_number_of_queries(
    page_as, street_officer, expert, wang, nanqiao, line, org_officer, qualified_muling, django_assert_max_num_queries
):
    client = page_as(expert)

    def add(n):
        for _ in range(n):
            project = make_published(actor=street_officer, community=nanqiao, line=line, amount="1000.00")
            make_bid(actor=org_officer, project=project, organization=qualified_muling, price="900.00")
            Project.objects.filter(pk=project.pk).update(
                bid_deadline=timezone.now() - timedelta(minutes=1), method=Method.COMMISSION
            )
            expert_assign(actor=street_officer, project=project_open(project_id=project.pk), expert=wang)

    assert_queries_do_not_grow(lambda: client.get(reverse("procurement:scoring-desk")), add, rows=2)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("procurement:scoring-desk")).status_code == 200


def test_the_purchasing_desk_api_gives_the_same_counts_and_budgets(
    api_as, street_officer, org_officer, nanqiao, line, django_assert_max_num_queries
):
    make_project(actor=street_officer, community=nanqiao, line=line, title="接口草稿")
    client = api_as(street_officer)
    with django_assert_max_num_queries(10):
        body = client.get(reverse("api:purchasing-desk")).json()
    assert {s["status"]: s["count"] for s in body["states"]}["draft"] == 1 and body["total"] == 1
    waiting = {w["kind"]: w for w in body["waiting"]}
    assert waiting["to_publish"]["count"] == 1 and waiting["to_publish"]["projects"][0]["title"] == "接口草稿"
    assert body["budget_lines"] == [] or all("allocated" in b for b in body["budget_lines"])
    assert api_as(org_officer).get(reverse("api:purchasing-desk")).status_code == 403


# --- The bench's other URLs: bounded whatever the page size -----------------------------------------


def test_the_bids_of_an_opened_project_read_in_at_most_ten_queries(
    api_as, street_officer, opened, django_assert_max_num_queries
):
    client = api_as(street_officer)
    url = reverse("api:project-bids", kwargs={"pk": opened.pk})
    with django_assert_max_num_queries(10):
        body = client.get(url).json()
    assert len(body) == 3 and all(b["price"] for b in body)


@pytest.mark.parametrize("page_size", [5, 200])
def test_the_project_list_reads_in_at_most_ten_queries_whatever_the_page_size(
    api_as, page_as, street_officer, nanqiao, line, page_size, django_assert_max_num_queries
):
    for i in range(6):
        make_published(actor=street_officer, community=nanqiao, line=line, title=f"列表项目{i}", amount="1000.00")
    api, page = api_as(street_officer), page_as(street_officer)
    with django_assert_max_num_queries(10):
        assert api.get(reverse("api:project-list") + f"?page_size={page_size}").status_code == 200
    with django_assert_max_num_queries(10):
        assert page.get(reverse("procurement:project-list") + f"?street={nanqiao.street_id}").status_code == 200


def test_the_desks_list_the_contracts_waiting_on_me(draft_contract, street_officer, org_officer, page_as):
    """The contract being drafted waits on the street's purchasing desk; the organisation's
    bidding desk lists it once it awaits its signature, not before."""
    street_html = page_as(street_officer).get(reverse("procurement:purchasing-desk")).content.decode()
    bidding_html = page_as(org_officer).get(reverse("procurement:bidding-desk")).content.decode()
    assert draft_contract.title in street_html.split('data-testid="desk-contracts"')[1]
    assert draft_contract.title not in bidding_html.split('data-testid="desk-contracts"')[1]
