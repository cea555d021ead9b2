"""The pickers on "send a task" with scripts on: a filter box, whole street and clear, a live count,
and chosen duty items as chips that can be removed."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_crawl import SCREENSHOTS

pytestmark = pytest.mark.browser


def test_a_clerk_filters_ticks_a_whole_street_and_clears(page, demo_data, login):
    login(page, "dept_hr")
    page.goto("/tasks/new/")
    communities = page.locator("#id_communities_picker")
    count = communities.locator("[data-picker-count]")
    expect(count).to_have_text("已选：0")

    communities.get_by_label("筛选").fill("三河")
    expect(communities.get_by_label("三河社区")).to_be_visible()
    expect(communities.get_by_label("南桥社区")).to_be_hidden()
    communities.get_by_label("筛选").fill("")

    communities.get_by_role("button", name="全选华兴街道").click()
    huaxing = communities.get_by_role("group", name="华兴街道").locator("input[type=checkbox]")
    expect(count).to_have_text(f"已选：{huaxing.count()}")
    communities.get_by_role("button", name="全部清除").click()
    expect(count).to_have_text("已选：0")

    items = page.locator("#id_claimed_items_picker")
    first = items.locator("[data-picker-option]").first
    name = first.inner_text().strip()
    first.locator("input").check()
    chip = items.locator("[data-picker-chips] button")
    expect(chip).to_have_count(1)
    expect(chip).to_contain_text(name)
    chip.click()
    expect(chip).to_have_count(0)
    expect(first.locator("input")).not_to_be_checked()

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "send-task-pickers.png"), full_page=False)


def test_the_error_summary_takes_the_focus_and_its_link_moves_it_to_the_field(page, demo_users, login):
    login(page, "dept_hr")
    page.goto("/tasks/new/")
    page.get_by_test_id("task-send").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name=re.compile("^名称")).click()
    expect(page.locator("#id_title")).to_be_focused()
