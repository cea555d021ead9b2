"""Registration's journey: a newcomer signs up and registers an organisation with four members,
sees the error, adds a fifth and submits; the district admin approves; the certificate shows a
valid unified social credit code."""

import pytest
from playwright.sync_api import expect

from organizations.identifiers import ric_check_char, uscc_is_valid
from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

PDF = {"name": "章程.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
PROOF = {"name": "验资证明.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
MEMBERS = ["黄素芬", "李建国", "王秀英", "张志强", "刘桂兰"]


def ric(n: int) -> str:
    first17 = f"51010719800101{n:03d}"
    return first17 + ric_check_char(first17)


def _fill_member(page, row: int) -> None:
    page.locator(f"#id_members-{row}-name").fill(MEMBERS[row])
    page.locator(f"#id_members-{row}-resident_id").fill(ric(row + 1))


def _attach_documents(page) -> None:
    page.locator("#id_articles_file").set_input_files(PDF)
    page.locator("#id_capital_proof_file").set_input_files(PROOF)


def test_a_newcomer_registers_an_organisation_and_the_bureau_approves_it(page, demo_users, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

    # A newcomer signs up.
    page.goto("/accounts/signup/")
    page.locator("#id_username").fill("newcomer_huang")
    page.locator("#id_display_name").fill("黄素芬")
    page.locator("#id_password").fill("a-long-pass-phrase-2026")
    page.locator("#id_password2").fill("a-long-pass-phrase-2026")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("who")).to_contain_text("黄素芬")

    # ... and fills in the application with four members.
    page.goto("/organizations/apply/")
    page.locator("#id_name").fill("南桥邻里守望社")
    page.get_by_label("为老").check()
    page.locator("#id_street").select_option(label="华兴街道")
    page.locator("#id_community").select_option(label="华兴街道 · 南桥社区")
    page.locator("#id_registered_capital").fill("5000.00")
    page.locator("#id_office_kind").select_option("lent")
    page.locator("#id_articles").fill("本社以邻里互助为宗旨。")
    page.locator("#id_business_scope").fill("为辖区老年人提供探访、助餐服务。")
    page.locator("#id_contact_name").fill("黄素芬")
    page.locator("#id_contact_phone").fill("028-85550000")
    _attach_documents(page)
    for row in range(4):
        _fill_member(page, row)
    page.locator("#id_members-0-is_legal_representative").check()
    page.get_by_test_id("submit-application").click()

    # The error names the members and nothing was saved; the rows are still filled in.
    expect(page.locator('[data-field="members"]')).to_have_text("社会组织至少需要 5 名会员，本申请只有 4 名。")
    expect(page.locator("#id_members-3-resident_id")).to_have_value(ric(4))

    # A fifth member, the documents chosen again, and the application goes in.
    _fill_member(page, 4)
    _attach_documents(page)
    page.get_by_test_id("submit-application").click()
    expect(page.get_by_test_id("org-name")).to_have_text("南桥邻里守望社")
    expect(page.get_by_test_id("org-status")).to_have_text("已提交")
    page.get_by_test_id("logout").click()

    # The district admin approves it from the review queue.
    login(page, "district_admin")
    page.goto("/organizations/review/")
    page.get_by_test_id("review-queue").get_by_role("link", name="南桥邻里守望社").click()
    page.get_by_test_id("comment-approve").fill("材料齐全，准予登记。")
    page.get_by_test_id("step-approve").click()
    expect(page.get_by_test_id("org-status")).to_have_text("已登记")

    # The certificate shows a valid unified social credit code.
    page.get_by_test_id("certificate-link").click()
    expect(page.get_by_test_id("certificate-name")).to_have_text("南桥邻里守望社")
    code = page.get_by_test_id("credit-code").inner_text().strip()
    assert uscc_is_valid(code), code
    assert code.startswith("52510107")
    expect(page.get_by_test_id("certificate-number")).to_contain_text("武民社证字第")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "org-registration-certificate.png"), full_page=True)
