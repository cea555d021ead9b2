"""A volunteer's journey: 睦林长者互助社 opens a branch, records a volunteer (a wrong ID check
digit is refused in Chinese first), and a resident opens the volunteer's public card, which
shows name and organisation but never the ID."""

import pytest
from playwright.sync_api import expect

from organizations.identifiers import ric_check_char

pytestmark = pytest.mark.browser


def _ric() -> str:
    first17 = "51010719850505123"
    return first17 + ric_check_char(first17)


def test_an_organisation_records_a_volunteer_and_a_resident_sees_the_card(page, browser, live_url, demo_users, login):
    ric = _ric()
    wrong = ric[:-1] + ("0" if ric[-1] != "0" else "1")
    login(page, "org_muling")

    page.goto("/people/volunteers/branches/new/")
    page.locator("#id_name").fill("南桥分社")
    page.locator("form.card button.btn").click()
    expect(page.get_by_test_id("volunteers")).to_be_visible()
    expect(page.get_by_text("南桥分社")).to_be_visible()

    page.goto("/people/volunteers/new/")
    page.locator("#id_resident_id").fill(wrong)
    page.locator("#id_name").fill("刘芳")
    page.locator("#id_branch").select_option(label="南桥分社")
    page.locator("form.card button.btn").click()
    expect(page.locator('.field-error[data-field="resident_id"]')).to_contain_text("校验码")
    expect(page.get_by_test_id("error-summary")).to_be_focused()  # the page is ready for the correction

    page.locator("#id_resident_id").fill(ric)
    page.locator("form.card button.btn").click()
    card = page.get_by_test_id("volunteer-card")
    expect(card).to_contain_text("刘芳")
    expect(card).to_contain_text("睦林长者互助社")
    card_url = page.url

    # The organisation's own staff see the whole ID in their list.
    page.goto("/people/volunteers/")
    expect(page.get_by_test_id("volunteers")).to_contain_text(ric)

    # A resident (anonymous) opens the card: name and organisation, no ID, not even masked.
    context = browser.new_context(locale="zh-CN", base_url=live_url)
    try:
        resident = context.new_page()
        resident.goto(card_url)
        card = resident.get_by_test_id("volunteer-card")
        expect(card).to_contain_text("刘芳")
        expect(card).to_contain_text("南桥分社")
        html = resident.content()
        assert ric not in html and ric[:4] + "****" not in html
    finally:
        context.close()
