"""Playwright (Python, sync API) against Debian's /usr/bin/chromium and pytest-django's live server.

How to write a journey (tests/browser/test_<topic>.py):

    import pytest

    pytestmark = pytest.mark.browser

    def test_a_resident_finds_her_community(page, live_url, demo_users, login):
        login(page, "resident_zhang")            # password: settings.DEMO_PASSWORD
        page.goto(live_url + "/places/")
        expect(page.get_by_text("南桥社区")).to_be_visible()

Fixtures:
- `browser` (package): one headless Chromium for all of tests/browser/. Never `playwright install`: we
  drive the distribution's /usr/bin/chromium. Where it is absent the browser tests are SKIPPED,
  unless REQUIRE_BROWSER=1 (set by .ci/run), which makes them FAIL instead.
- `page`: a fresh context (cookies, storage) per test; locale zh-CN, timezone Asia/Shanghai,
  a default timeout of BROWSER_TIMEOUT_MS (10 s; the machines are small and shared).
- `live_url`: the live server's base URL, without a trailing slash.
- `login(page, username, password=None)`: signs in through the login page (password defaults to
  settings.DEMO_PASSWORD) and waits for the sign-out button.
- `demo_users`: reference places + the demo users of accounts/demo.py only (quick).
- `demo_data`: `manage.py load_demo`, every app's demo records (may grow heavy: prefer
  `demo_users` and build what your journey needs with actions or factories).

The live server needs committed data, so every test using these fixtures runs on pytest-django's
`transactional_db` (the tables are flushed after each test): load demo data per test, not once.
With the default SQLite settings the test database is in memory and shared with the server thread.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

# Debian's package; overridable only to check the skip path (CHROMIUM=/nonexistent).
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
BROWSER_TIMEOUT_MS = int(os.environ.get("BROWSER_TIMEOUT_MS", "10000"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _unavailable(reason: str):
    """Skip a browser test, or fail it where CI promised a browser."""
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


# Package scope, not session: the browser and the environment variable end with the last test of
# tests/browser/, so the rest of the suite runs without Playwright's loop and with Django's async
# safety on (`check --deploy` refuses DJANGO_ALLOW_ASYNC_UNSAFE, and tests run it).
@pytest.fixture(scope="package")
def _allow_async_unsafe():
    # Playwright's sync API keeps an asyncio loop in the main thread; Django's ORM would refuse
    # to run beside it (SynchronousOnlyOperation) in the fixtures and the test body.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(_allow_async_unsafe):
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is absent (apt-get install chromium)")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -r requirements-dev.txt)")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    except Exception as exc:
        playwright.stop()
        _unavailable(f"{CHROMIUM} did not start: {exc}")
    expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def live_url(live_server) -> str:
    return live_server.url.rstrip("/")


@pytest.fixture
def page(browser, live_url, request):
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        base_url=live_url,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    yield page
    # A failing journey leaves its last screen behind (var/ is not committed).
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
        except Exception:  # the page may be gone with the failure; the test's error is what matters
            pass
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def login():
    from django.conf import settings
    from playwright.sync_api import expect

    def sign_in(page, username: str, password: str | None = None):
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(settings.DEMO_PASSWORD if password is None else password)
        page.get_by_test_id("login-submit").click()
        expect(page.get_by_test_id("logout")).to_be_visible()
        return page

    return sign_in


@pytest.fixture
def demo_users(transactional_db):
    """Wuhou's places and the demo user of each role (accounts/demo.py), with 睦林长者互助社 for
    org_muling to act for (organizations/demo.py), nothing else."""
    from accounts.demo import demo_load
    from accounts.reference import reference_units_load
    from organizations.demo.registration import muling_with_staff

    reference_units_load()
    demo_load(stdout=io.StringIO())
    muling_with_staff()


@pytest.fixture
def demo_data(transactional_db):
    """Everything `manage.py load_demo` loads: reference data and every app's demo records."""
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
