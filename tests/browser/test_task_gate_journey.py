"""The task gate's journey: 区人社局 sends a task on no list to 南桥社区, the community says no with a
reason, the department sees the refusal and appeals, and the civil-affairs bureau decides."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser


def sign_out(page):
    page.get_by_test_id("logout").click()
    expect(page.get_by_test_id("login")).to_be_visible()


def test_a_task_on_no_list_is_refused_appealed_and_decided(page, demo_users, login):
    title = "统计辖区内快递网点从业人员（清单外）"

    login(page, "dept_hr")
    page.goto("/tasks/new/")
    page.locator("#id_title").fill(title)
    page.locator("#id_description").fill("请各社区逐户登记后报送。")
    page.locator("#id_deadline").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    # The box is ticked by the name a clerk reads, in its street's group; the count follows.
    page.get_by_role("group", name="华兴街道").get_by_label("南桥社区").check()
    expect(page.locator("#id_communities_picker [data-picker-count]")).to_have_text("已选：1")
    page.get_by_test_id("task-send").click()
    expect(page.get_by_test_id("task-title")).to_have_text(title)
    # The community sent is the one ticked, and only that one.
    expect(page.locator("section[data-testid^=assignment-]")).to_have_count(1)
    expect(page.locator("section[data-testid^=assignment-] h2")).to_contain_text("南桥社区")
    section = page.locator("[data-testid^=assignment-]").first
    expect(section.get_by_test_id("assignment-outcome")).to_have_attribute("data-outcome", "may_refuse")
    task_url = page.url
    sign_out(page)

    login(page, "community_nanqiao")
    page.goto("/tasks/")
    page.get_by_role("link", name=title).click()
    page.get_by_test_id("task-refuse").click()
    page.locator("#id_comment").fill("不属于社区职责清单事项，且未随事转费。")
    page.get_by_test_id("task-action-submit").click()
    expect(page.get_by_test_id("refusal-reason")).to_contain_text("未随事转费")
    sign_out(page)

    login(page, "dept_hr")
    page.goto(task_url)
    expect(page.get_by_test_id("refusal-reason")).to_contain_text("不属于社区职责清单事项")
    page.get_by_test_id("task-appeal").click()
    page.locator("#id_comment").fill("该统计为市级部署，请社区协助。")
    page.get_by_test_id("task-action-submit").click()
    expect(page.get_by_test_id("appeal-reason")).to_contain_text("市级部署")
    sign_out(page)

    login(page, "district_admin")
    page.goto(task_url)
    page.get_by_test_id("task-decide").click()
    page.locator("input[name=decision][value=uphold]").check()
    page.locator("#id_comment").fill("未经区政府统一安排，社区有权拒绝；由部门自行组织统计。")
    page.get_by_test_id("task-action-submit").click()
    expect(page.get_by_test_id("appeal-decision")).to_contain_text("未经区政府统一安排")
    expect(page.get_by_test_id("assignment-status")).to_have_text("维持拒绝")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "task-gate-decided.png"), full_page=True)
