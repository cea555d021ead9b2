"""The purchase journey: 华兴街道 starts a project from a purchase candidate and publishes it,
睦林长者互助社 bids (sealed, with a receipt), the deadline passes and the portal opens the bids by
itself, expert_wang scores, the street ranks and awards, the contract goes through its review
and 睦林 signs."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser


def sign_out(page):
    page.get_by_test_id("logout").click()
    expect(page.get_by_test_id("login")).to_be_visible()


def _world():
    from accounts.models import Community, User
    from organizations.identifiers import ric_check_char
    from organizations.models import Organization
    from procurement.actions.evaluation import expert_register
    from services.actions.task_requests import task_request_send
    from services.models import DutyList
    from tests.procurement.factories import BudgetLineFactory, make_qualified
    from tests.services.conftest import make_list

    nanqiao = Community.objects.get(name="南桥社区")
    _lst, items = make_list(DutyList.Kind.ASSISTING, version=1, items=1)
    with transaction.atomic():
        task_request_send(
            actor=User.objects.get(username="dept_hr"),
            title="辖区高龄独居老人助餐服务",
            deadline=timezone.localdate() + timedelta(days=30),
            communities=[nanqiao],
            claimed_item_ids=[items[0].pk],
        )
    line = BudgetLineFactory(street=nanqiao.street, domain="elderly", year=timezone.localdate().year)
    muling = make_qualified(Organization.objects.get(name="睦林长者互助社"))
    with transaction.atomic():
        expert_register(
            actor=User.objects.get(username="district_admin"),
            user=User.objects.get(username="expert_wang"),
            resident_id="51010719650215001" + ric_check_char("51010719650215001"),
        )
    return line, muling


def test_a_project_goes_from_purchase_candidate_to_a_signed_contract(page, demo_users, login):
    from procurement.models import Project
    from procurement.tasks import openings_due

    line, muling = _world()

    login(page, "street_huaxing")
    page.goto("/tasks/purchase-candidates/")
    page.get_by_test_id("candidate-link").first.click()
    expect(page.locator("#id_title")).to_have_value("辖区高龄独居老人助餐服务")
    page.locator("#id_budget_line").select_option(str(line.pk))
    page.locator("#id_amount").fill("40000")
    page.locator("#id_method").select_option("commission")
    page.locator("#id_invited_organizations").select_option(str(muling.pk))
    page.locator("#id_question_days").fill("1")
    page.locator("#id_bid_days").fill("3")
    page.get_by_test_id("project-save").click()
    page.get_by_test_id("project-publish").click()
    page.get_by_test_id("procurement-action-submit").click()
    expect(page.get_by_test_id("project-status")).to_have_text("已发布：接受投标")
    project_url = page.url
    sign_out(page)

    login(page, "org_muling")
    page.goto(project_url)
    page.get_by_test_id("project-bid").click()
    page.locator("#id_organization").select_option(str(muling.pk))
    page.locator("#id_price").fill("38500")
    page.locator("#id_plan").fill("每日午餐配送至高龄独居老人家中，每周回访一次。")
    page.get_by_test_id("procurement-form-submit").click()
    expect(page.get_by_test_id("my-bids")).to_contain_text("辖区高龄独居老人助餐服务")
    sign_out(page)

    # The deadline passes; beat's sweep opens the bids — nobody presses a button.
    project = Project.objects.get()
    past = timezone.now() - timedelta(minutes=1)
    Project.objects.filter(pk=project.pk).update(bid_deadline=past, questions_deadline=past - timedelta(days=1))
    openings_due.apply()

    login(page, "street_huaxing")
    page.goto(project_url)
    expect(page.get_by_test_id("project-status")).to_have_text("已开标")
    expect(page.get_by_test_id("opening")).to_contain_text("38500.00")
    page.get_by_test_id("project-assign-expert").click()
    page.locator("#id_expert").select_option(index=1)
    page.get_by_test_id("procurement-form-submit").click()
    sign_out(page)

    login(page, "expert_wang")
    page.goto(project_url)
    page.get_by_test_id("project-score").click()
    for field in page.locator("input[name^=s_]").all():
        field.fill("15")
    page.get_by_test_id("procurement-form-submit").click()
    sign_out(page)

    login(page, "street_huaxing")
    page.goto(project_url)
    page.get_by_test_id("project-evaluate").click()
    page.get_by_test_id("procurement-action-submit").click()
    page.get_by_test_id("project-award").click()
    page.get_by_test_id("procurement-action-submit").click()
    expect(page.get_by_test_id("project-status")).to_have_text("已中标")
    expect(page.get_by_test_id("award")).to_contain_text("睦林长者互助社")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "procurement-awarded.png"), full_page=True)
    # The standstill runs out without a complaint: only now may the contract be drafted.
    expect(page.get_by_test_id("project-draft-contract")).to_have_count(0)
    Project.objects.filter(pk=project.pk).update(standstill_until=timezone.localdate() - timedelta(days=1))
    page.reload()

    # The contract: 华兴 drafts it from the award and submits it; the checks run as jobs.
    page.get_by_test_id("project-draft-contract").click()
    page.locator("#id_quantity").fill("每日午餐配送，服务老人不少于 30 户。")
    page.locator("#id_quality_standards").fill("满意度不低于 90%，建立配送台账。")
    page.locator("#id_liability").fill("漏送一次扣减服务费 100 元。")
    page.get_by_test_id("contract-form-submit").click()
    expect(page.get_by_test_id("contract-status")).to_have_text("起草中")
    contract_url = page.url
    page.get_by_test_id("contract-submit").click()
    page.get_by_test_id("contract-action-submit").click()
    expect(page.get_by_test_id("contract-status")).to_have_text("审核中")
    expect(page.get_by_test_id("review-checks")).to_contain_text("通过")
    sign_out(page)

    # The community, then the street's legal, finance and leader steps (华兴's staff holds them
    # here: nobody holds the reviewer roles in this world), then 睦林 signs.
    for username in ("community_nanqiao", "street_huaxing", "street_huaxing", "street_huaxing"):
        login(page, username)
        page.goto(contract_url)
        page.get_by_test_id("contract-review").click()
        page.locator("input[name=decision][value=approve]").check()
        page.locator("#id_comment").fill("同意。")
        page.get_by_test_id("contract-action-submit").click()
        sign_out(page)
    login(page, "org_muling")
    page.goto(contract_url)
    expect(page.get_by_test_id("contract-status")).to_have_text("待社会组织签订")
    page.get_by_test_id("contract-sign").click()
    page.get_by_test_id("contract-action-submit").click()
    expect(page.get_by_test_id("contract-status")).to_have_text("有效")
    expect(page.get_by_test_id("review-steps")).to_contain_text("街道领导签批")
    page.screenshot(path=str(SCREENSHOTS / "procurement-contract-active.png"), full_page=True)
