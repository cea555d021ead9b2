"""The duty lists' journey: the public reads the shipped lists with their examples flagged; the
district admin imports the official list from a file, checks the preview, confirms, and the
new version supersedes the old one, which stays readable."""

import pytest
from playwright.sync_api import expect

from services import importing
from services.reference import reference_load
from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser


def official_rows(n=600, categories=14):
    rows = [importing.HEADER[:6]]
    for i in range(1, n + 1):
        c = (i - 1) % categories + 1
        rows.append([f"A{c:02d}", f"类别{c}", f"A{c:02d}-{i:04d}", f"协助开展第{i}项工作", "", "区民政局"])
    return importing.write_csv(rows)


def test_the_district_admin_replaces_the_example_list_with_an_official_file(page, demo_users, login, tmp_path):
    reference_load()
    page.goto("/duty-lists/")
    expect(page.get_by_test_id("placeholder-notice")).to_be_visible()
    expect(page.locator('tr[data-kind="assisting"] td').nth(3)).to_contain_text("123 / 123")

    login(page, "district_admin")
    page.goto("/duty-lists/")
    page.get_by_test_id("import-link").click()
    expect(page.get_by_test_id("columns")).to_contain_text("事项编码")
    path = tmp_path / "official.csv"
    path.write_bytes(official_rows())
    form = page.get_by_test_id("import-form")
    form.locator("#id_kind").select_option("assisting")
    form.locator("#id_title").fill("武侯区社区居民委员会协助政府工作事项清单（正式）")
    form.locator("#id_declared_item_count").fill("600")
    form.locator("#id_declared_category_count").fill("14")
    form.locator("#id_file").set_input_files(str(path))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "duty-import-upload.png"), full_page=True)
    form.locator("button[type=submit]").click()

    # 600 rows: checked by a job; the preview appears once it is done (eager here).
    expect(page.get_by_test_id("preview")).to_contain_text("类别14")
    page.screenshot(path=str(SCREENSHOTS / "duty-import-preview.png"), full_page=True)
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("import-status")).to_contain_text("已导入")
    page.get_by_role("link", name="协助政府工作事项清单（正式） v2").click()
    expect(page.locator("h1")).to_contain_text("v2")
    expect(page.get_by_test_id("placeholder-notice")).to_have_count(0)

    page.goto("/duty-lists/")
    expect(page.locator('tr[data-kind="assisting"][data-status="superseded"]')).to_contain_text("v1")
    page.screenshot(path=str(SCREENSHOTS / "duty-lists-index.png"))
    page.locator('tr[data-kind="assisting"][data-status="superseded"] a').first.click()
    expect(page.get_by_test_id("superseded-notice")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "duty-list-superseded.png"))
