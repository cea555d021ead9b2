"""The foundation's journey: a community officer signs in, reads the portal in Chinese, switches
to English and signs out."""

import re

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

HAN = re.compile(r"[\u4e00-\u9fff]")


def in_chinese(msgid: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(msgid)


def test_a_community_officer_signs_in_reads_chinese_switches_to_english_and_signs_out(page, demo_users, login):
    portal_zh = in_chinese(str(settings.PORTAL_NAME))
    assert HAN.search(portal_zh), "the portal's name has no Chinese translation in the compiled catalogue"

    page.goto("/accounts/login/")
    # Django's own catalogue: the login form speaks Chinese before anyone chose a language.
    expect(page.locator("label[for=id_username]")).to_contain_text("用户名")
    login(page, "community_nanqiao")

    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator(".brand")).to_have_text(portal_zh)
    expect(page.get_by_test_id("logout")).to_have_text(in_chinese("Sign out"))
    expect(page.get_by_test_id("who")).to_contain_text("南桥社区")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "foundation-home-zh.png"), full_page=True)

    page.get_by_test_id("lang-en").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".brand")).to_have_text("Wuhou Community Governance Portal")
    expect(page.get_by_test_id("logout")).to_have_text("Sign out")
    expect(page.get_by_test_id("lang-zh-hans")).to_be_visible()

    page.get_by_test_id("logout").click()

    expect(page.get_by_test_id("logout")).to_have_count(0)
    expect(page.get_by_test_id("login")).to_have_text("Sign in")
