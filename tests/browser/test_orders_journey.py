"""Resident service orders on a phone-sized screen: resident_zhang orders 长者上门助浴, org_muling
accepts, schedules and delivers from its order desk, and the resident confirms and rates. Then
南桥's community office orders for a resident without a smartphone and confirms the delivery
with the resident's six-digit code."""

import pytest
from django.db import transaction
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


def sign_out(page):
    page.get_by_test_id("logout").click()
    expect(page.get_by_test_id("login")).to_be_visible()


def _offering():
    from accounts.models import Community, User
    from organizations.models import Organization
    from tests.orders.factories import make_offering, make_slot

    staff = User.objects.get(username="org_muling")
    with transaction.atomic():
        offering = make_offering(
            actor=staff,
            organization=Organization.objects.get(name="睦林长者互助社"),
            communities=[Community.objects.get(name="南桥社区")],
            title="长者上门助浴",
        )
        make_slot(actor=staff, offering=offering, days=3, capacity=4)
    return offering


def _desk(page, login, order_id):
    login(page, "org_muling")
    page.goto("/orders/desk/")
    page.get_by_test_id(f"desk-accept-{order_id}").click()
    page.get_by_test_id(f"desk-schedule-{order_id}").click()
    page.get_by_test_id(f"desk-deliver-{order_id}").click()
    page.goto(f"/orders/{order_id}/")
    expect(page.get_by_test_id("order-status")).to_have_text("已服务，等待确认")
    expect(page.get_by_test_id("order-code")).to_have_count(0)
    sign_out(page)


def test_a_resident_orders_the_organisation_delivers_and_she_confirms_and_rates(page, demo_users, login):
    from orders.models import Order

    offering = _offering()
    page.set_viewport_size(PHONE)

    login(page, "resident_zhang")
    page.goto("/services/")
    page.get_by_role("link", name="长者上门助浴").click()
    page.get_by_test_id("offering-order").click()
    page.locator("input[name=slot]").first.check()
    page.locator("#id_notes").fill("3栋2单元5楼，没有电梯。")
    page.get_by_test_id("order-submit").click()
    expect(page.get_by_test_id("order-status")).to_have_text("已下单，等待社会组织答复")
    code = page.get_by_test_id("order-code").inner_text().strip()
    order = Order.objects.get(offering=offering)
    assert code == order.confirmation_code
    sign_out(page)

    _desk(page, login, order.pk)

    login(page, "resident_zhang")
    page.goto("/orders/mine/")
    page.get_by_role("link", name="长者上门助浴").click()
    page.get_by_test_id("order-confirm").click()
    page.get_by_test_id("order-action-submit").click()
    expect(page.get_by_test_id("order-status")).to_have_text("已确认")
    page.get_by_test_id("order-rate").click()
    page.locator("input[name=rating][value='5']").check()
    page.locator("#id_comment").fill("社工很细心，谢谢！")
    page.get_by_test_id("order-action-submit").click()
    expect(page.get_by_test_id("order-status")).to_have_text("已评价")
    expect(page.get_by_test_id("order-rating")).to_contain_text("5")


def test_the_community_orders_for_a_resident_without_a_smartphone_and_confirms_with_her_code(page, demo_users, login):
    from accounts.models import User
    from orders.models import Order

    offering = _offering()
    zhang = User.objects.get(username="resident_zhang")
    page.set_viewport_size(PHONE)

    login(page, "community_nanqiao")
    page.goto(f"/services/{offering.pk}/")
    page.get_by_test_id("offering-order").click()
    page.locator("#id_resident").select_option(str(zhang.pk))
    page.locator("input[name=slot]").first.check()
    page.get_by_test_id("order-submit").click()
    # The office prints or writes down the code for the resident.
    code = page.get_by_test_id("order-code").inner_text().strip()
    order = Order.objects.get(offering=offering)
    assert (order.resident, order.placed_by.username) == (zhang, "community_nanqiao")
    sign_out(page)

    _desk(page, login, order.pk)

    login(page, "community_nanqiao")
    page.goto(f"/orders/{order.pk}/")
    page.get_by_test_id("order-confirm").click()
    page.locator("#id_code").fill("000000" if code != "000000" else "111111")
    page.get_by_test_id("order-action-submit").click()
    # One wrong try is counted, and the office is told how many are left.
    expect(page.get_by_test_id("error-summary")).to_contain_text("确认码错误，还可以试 4 次")
    expect(page.get_by_test_id("error-summary")).to_be_focused()  # the page is ready for the correction
    page.locator("#id_code").fill(code)
    page.get_by_test_id("order-action-submit").click()
    expect(page.get_by_test_id("order-status")).to_have_text("已确认")
