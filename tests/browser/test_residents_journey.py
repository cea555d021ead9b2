"""Residents' journeys on a phone: a newcomer signs up with phone and community; resident_zhang asks
for 剪纸, a neighbour adds her voice, and 华兴街道 turns the demand into a draft purchase project;
南桥's staff confirm an applicant in one click and register an elderly resident in person."""

import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}


def sign_out(page):
    page.get_by_test_id("logout").click()
    expect(page.get_by_test_id("login")).to_be_visible()


def _fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_newcomer_signs_up_with_phone_and_community_and_waits(page, demo_users):
    page.set_viewport_size(PHONE)
    page.goto("/residents/signup/")
    page.get_by_label(re.compile("^姓名")).fill("李秀兰")
    page.get_by_label("手机号码").fill("138 8000 1234")
    page.get_by_label("街道").select_option(label="华兴街道")
    # Once the street is chosen, only its communities are offered.
    expect(page.locator("optgroup[label='玉林街道']")).to_be_disabled()
    expect(page.locator("optgroup[label='华兴街道']")).to_be_enabled()
    page.get_by_label(re.compile("^社区")).select_option(label="南桥社区")
    page.get_by_label(re.compile("^密码")).fill("Lantern-7421x")
    page.get_by_label("再次输入密码").fill("Lantern-7421x")
    _fits_the_phone(page)
    page.get_by_test_id("resident-signup-submit").click()
    expect(page.get_by_test_id("resident-application")).to_contain_text("等待社区确认")
    expect(page.get_by_test_id("who")).to_have_text("李秀兰")


def test_demand_is_raised_seconded_and_turned_into_a_draft_project(page, demo_users, login):
    from accounts.models import Community, Role
    from tests.factories import user_with_role
    from tests.procurement.factories import BudgetLineFactory

    nanqiao = Community.objects.get(name="南桥社区")
    neighbour = user_with_role("resident_li", Role.RESIDENT, nanqiao, display_name="居民 李大姐")
    neighbour.set_password(settings.DEMO_PASSWORD)
    neighbour.save()
    BudgetLineFactory(street=nanqiao.street, domain="culture", year=timezone.localdate().year)
    page.set_viewport_size(PHONE)

    login(page, "resident_zhang")
    page.goto("/demands/")
    page.get_by_test_id("demand-new").click()
    page.get_by_label("您想要什么服务？").fill("想学剪纸")
    page.get_by_label("服务领域").select_option(label="文化娱乐")
    page.get_by_label("补充说明（选填）").fill("周末和孙女一起学。")
    _fits_the_phone(page)
    page.get_by_test_id("demand-submit").click()
    expect(page.get_by_test_id("demand-voices")).to_contain_text("1 位居民")
    sign_out(page)

    login(page, "resident_li")
    page.goto("/demands/")
    page.get_by_role("link", name="想学剪纸").first.click()
    page.get_by_test_id("demand-voice").click()
    expect(page.get_by_test_id("demand-voices")).to_contain_text("2 位居民")
    _fits_the_phone(page)
    sign_out(page)

    login(page, "street_huaxing")
    page.goto("/demands/")
    page.get_by_role("link", name="想学剪纸").first.click()
    page.get_by_test_id("demand-convert").click()
    expect(page.get_by_label("名称")).to_have_value("南桥社区：想学剪纸")
    page.get_by_label("预算金额（元）").fill("30000")
    page.get_by_test_id("demand-convert-submit").click()
    expect(page.locator("h1")).to_contain_text("南桥社区：想学剪纸")
    page.go_back()
    page.go_back()
    page.reload()
    expect(page.get_by_test_id("demand-status")).to_have_text("转为采购项目")
    expect(page.get_by_test_id("demand-project")).to_contain_text("南桥社区：想学剪纸")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "demand-converted-phone.png"), full_page=True)


def test_community_staff_confirm_an_applicant_and_register_an_elderly_resident_in_person(page, demo_users, login):
    from django.db import transaction

    from accounts.models import Community
    from orders.actions.residents import resident_signup
    from orders.models import ResidentApplication

    nanqiao = Community.objects.get(name="南桥社区")
    with transaction.atomic():
        resident_signup(
            phone="13880001234", name="王建国", password="Lantern-7421x", street=nanqiao.street, community=nanqiao
        )
    page.set_viewport_size(PHONE)

    login(page, "community_nanqiao")
    page.goto("/")
    page.get_by_role("link", name="待确认的居民").click()
    pending = page.get_by_test_id("pending-application")
    expect(pending).to_contain_text("王建国")
    pending.get_by_role("button", name="确认 王建国").click()
    expect(page.get_by_role("status")).to_contain_text("已确认")
    expect(page.get_by_test_id("pending-application")).to_have_count(0)

    page.get_by_test_id("overview-register").click()
    page.get_by_label("居民姓名").fill("刘德明")
    _fits_the_phone(page)
    page.get_by_test_id("resident-register-submit").click()
    expect(page.get_by_role("status")).to_contain_text("刘德明 已成为南桥社区的认证居民")
    assert ResidentApplication.objects.filter(name="刘德明", status="verified", in_person=True).exists()
