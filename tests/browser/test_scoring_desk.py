"""The expert's scoring desk in a browser: expert_wang finds the projects assigned to him in the
menu, opens a scoring sheet, sees which cells are still unscored, is told what is missing when he
submits half a sheet, then submits it whole and finds the project scored on his desk."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_expert_wang_scores_a_sheet_from_his_desk(page, demo_data, login):
    login(page, "expert_wang")
    page.locator("nav.main-nav").get_by_role("link", name="待评审项目").click()
    expect(page.get_by_role("heading", name="待评审项目")).to_be_visible()
    to_score = page.get_by_test_id("desk-score")
    waiting = to_score.count()
    assert waiting >= 1
    to_score.first.click()

    expect(page.get_by_test_id("score-sheet")).to_be_visible()
    cells = page.locator("input[name^=s_]")
    total = cells.count()
    assert total >= 2
    expect(page.get_by_test_id("sheet-unscored")).to_contain_text(f"尚有 {total} 项未评分")

    cells.first.fill("10")
    page.get_by_test_id("procurement-form-submit").click()
    expect(page.get_by_test_id("error-summary")).to_be_focused()  # shown, and the page is ready
    expect(page.get_by_test_id("sheet-unscored")).to_contain_text(f"尚有 {total - 1} 项未评分")

    for i in range(total):
        cells.nth(i).fill("10")
    page.get_by_test_id("procurement-form-submit").click()
    expect(page.get_by_role("heading", name="待评审项目")).to_be_visible()
    expect(page.get_by_test_id("desk-score")).to_have_count(waiting - 1)
