"""Every page a role can reach from its menu (and the links on those pages) is reachable, quiet in
the console, passes axe-core's WCAG 2.1 AA rules and reads in Chinese.

Pages join the crawl by being in a menu: a later app's pages are checked once it registers them.
axe-core comes bundled inside the `axe-playwright-python` wheel, so nothing is fetched at test time.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

pytestmark = pytest.mark.browser

ROLES = [
    None,
    "district_admin",
    "dept_hr",
    "street_huaxing",
    "community_nanqiao",
    "org_muling",
    "expert_wang",
    "resident_zhang",
]
# Enough to reach every menu page and a sample of what each links to, without making the suite slow.
MAX_PAGES = 45
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# Links that are not pages for people: the API, the admin (English by Django's design), downloads.
NOT_CRAWLED = re.compile(
    r"^/(api/|admin/|jsi18n/|i18n/|static/|media/|healthz|accounts/logout/)|\.(xlsx|csv|pdf|json)$|/export"
)
# A line with two or more Latin words reads as English (or as an internal note). What is allowed is
# a name, a code or an address: removed before counting.
LATIN_WORD = re.compile(r"\b[A-Za-z][a-z]+\b")
LATIN_ALLOWED = [
    re.compile(r"(?:https?://)?[\w.-]+\.(?:com|cn|net|org|gov\.cn)(?:/\S*)?"),  # addresses
    re.compile(r"\S+@\S+"),  # e-mail addresses
    re.compile(r"\b[A-Z]{2,}[\w/.-]*"),  # codes and acronyms: GB/T 2260, API, CO1-1
    re.compile(r"\.[a-z]{2,4}\b"),  # file types: .xlsx, .csv
    re.compile(r"\b(?:Excel|Swagger|OpenAPI)\b"),  # product names
    # The language switch names English in English, as every language switch does.
    re.compile(r"^English$"),
]


# What axe does not check: descriptions that point at nothing, and what a strict CSP will block.
MARKUP_CHECK = """() => {
  const problems = [];
  for (const el of document.querySelectorAll("[aria-describedby]")) {
    for (const id of el.getAttribute("aria-describedby").split(/\\s+/)) {
      if (id && !document.getElementById(id)) problems.push(`aria-describedby points at missing #${id}`);
    }
  }
  for (const el of document.querySelectorAll("script:not([src])")) problems.push("inline <script>");
  for (const el of document.querySelectorAll("[style]")) problems.push(`inline style on <${el.tagName.toLowerCase()}>`);
  for (const form of document.querySelectorAll("form")) {
    if (!form.noValidate) problems.push(`form without novalidate: ${form.getAttribute("action") || "(this page)"}`);
  }
  return problems;
}"""


def _same_origin_path(live_url: str, href: str) -> str | None:
    href, _ = urldefrag(href)
    parts = urlsplit(href)
    base = urlsplit(live_url)
    if parts.scheme not in ("http", "https") or parts.netloc != base.netloc:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if NOT_CRAWLED.search(parts.path):
        return None
    return path


def _latin_sentences(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        stripped = line.strip()
        for pattern in LATIN_ALLOWED:
            stripped = pattern.sub(" ", stripped)
        if len(LATIN_WORD.findall(stripped)) >= 2:
            found.append(line.strip())
    return found


def _pattern(path: str) -> str:
    """Pages of one kind (every task's page) are checked in the browser once; the rest by status."""
    return re.sub(r"\d+", "#", path)


def _crawl(page, live_url: str, role: str | None):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems: dict[str, list[str]] = {"status": [], "console": [], "axe": [], "latin": [], "markup": []}
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: console.append(str(exc)))

    page.goto("/")
    menu = [
        p
        for p in (
            _same_origin_path(live_url, a)
            for a in page.locator("nav.main-nav a").evaluate_all("as => as.map(a => a.href)")
        )
        if p
    ]
    queue = list(dict.fromkeys(["/", *menu]))
    seen: set[str] = set(queue)
    patterns: set[str] = set()
    unvisited: list[str] = []
    visited = 0
    while queue and visited < MAX_PAGES:
        path = queue.pop(0)
        if _pattern(path) in patterns:
            unvisited.append(path)
            continue
        patterns.add(_pattern(path))
        visited += 1
        console.clear()
        try:
            response = page.goto(path)
        except Exception as exc:  # a file to download is not a page: its status is what counts
            if "Download is starting" not in str(exc):
                raise
            status = page.request.get(path).status
            if status >= 400:
                problems["status"].append(f"{path} -> {status}")
            continue
        status = response.status if response else 0
        if status >= 400:
            problems["status"].append(f"{path} -> {status}")
            continue
        page.wait_for_load_state("load")
        for message in console:
            problems["console"].append(f"{path}: {message}")
        results = axe.run(page, options=AXE_OPTIONS)
        for violation in results.response["violations"]:
            targets = [", ".join(n["target"]) for n in violation["nodes"][:3]]
            problems["axe"].append(f"{path}: {violation['id']} ({violation['impact']}) {targets}")
        for problem in page.evaluate(MARKUP_CHECK):
            problems["markup"].append(f"{path}: {problem}")
        text = page.locator("body").inner_text()
        for sentence in _latin_sentences(text):
            problems["latin"].append(f"{path}: {sentence!r}")
        # Menu pages and the pages they link to: one level down keeps the crawl bounded.
        if path == "/" or path in menu:
            for href in page.locator("main a[href]").evaluate_all("as => as.map(a => a.href)"):
                linked = _same_origin_path(live_url, href)
                if linked and linked not in seen:
                    seen.add(linked)
                    queue.append(linked)
    # Links of a kind already seen, or beyond the bound, are still checked for their status.
    for path in unvisited + queue:
        response = page.request.get(path)
        if response.status >= 400:
            problems["status"].append(f"{path} -> {response.status}")
    return problems


@pytest.mark.parametrize("role", ROLES, ids=[r or "anonymous" for r in ROLES])
def test_every_page_a_role_reaches_is_linked_quiet_accessible_and_chinese(page, live_url, demo_data, login, role):
    if role:
        login(page, role)
    problems = _crawl(page, live_url, role)
    assert not problems["status"], "links answering 4xx/5xx:\n" + "\n".join(problems["status"])
    assert not problems["console"], "console errors:\n" + "\n".join(problems["console"])
    assert not problems["axe"], "axe-core WCAG 2.1 AA violations:\n" + "\n".join(problems["axe"])
    assert not problems["latin"], "Latin-script sentences on a Chinese page:\n" + "\n".join(problems["latin"])
    assert not problems["markup"], "markup problems:\n" + "\n".join(problems["markup"])


@pytest.mark.parametrize("role", ROLES, ids=[r or "anonymous" for r in ROLES])
def test_each_role_home_is_saved_as_a_screenshot_in_normal_and_large_text(page, demo_data, login, role):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if role:
        login(page, role)
    name = role or "anonymous"
    page.goto("/")
    page.screenshot(path=str(SCREENSHOTS / f"home-{name}.png"), full_page=True)
    page.get_by_test_id("large-text-toggle").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\blarge-text\b"))
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(SCREENSHOTS / f"home-{name}-large-text.png"), full_page=True)
    # 长辈模式 at a phone's width: nothing wider than the screen, and still no axe violation.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert violations == [], [v["id"] for v in violations]


@pytest.mark.parametrize(
    ("line", "english"),
    [
        ("2019年12月双楠街道并入本街道", False),
        ("absorbed 双楠街道 in December 2019", True),
        ("来源：公开资料（见 shared/reference/README.md）", True),
        ("This password is too short.", True),
        ("首届中国社区治理论坛新闻报道（shuhanlu.com/2018/3673.html）", False),
        ("《中华人民共和国行政区划代码》（GB/T 2260）", False),
        ("请以 Excel（.xlsx）或 CSV 文件上传", False),
        ("English", False),
    ],
)
def test_the_latin_check_tells_english_from_names_codes_and_addresses(line, english):
    assert bool(_latin_sentences(line)) is english


# --- Residents' pages on a phone, standard and 长辈模式 ------------------------------------------
# The pages residents and community offices use (phone-first, 适老化): each at 375 px wide, in the
# standard size and in 长辈模式, with no axe violation, nothing wider than the screen, and every
# button, field and button-styled link at least 44 px tall.
PHONE = {"width": 375, "height": 800}
RESIDENT_PAGES = {
    None: ["/residents/signup/"],
    "resident_zhang": ["/demands/", "/demands/new/", "/residents/signup/", "demand"],
    "community_nanqiao": ["/community/overview/", "/residents/register/", "demand"],
    "street_huaxing": ["/demands/", "demand"],
}
SMALL_TARGETS = """() => {
  const small = [];
  const targets = "main button, main .btn, main select, main textarea, "
    + "main input:not([type=hidden]):not([type=checkbox]):not([type=radio])";
  for (const el of document.querySelectorAll(targets)) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not shown
    if (box.height < 44) small.push(`${el.tagName.toLowerCase()} "${(el.innerText || el.name || "").trim()}" ${Math.round(box.height)}px`);
  }
  return small;
}"""


@pytest.mark.parametrize("role", list(RESIDENT_PAGES), ids=[r or "anonymous" for r in RESIDENT_PAGES])
def test_residents_pages_on_a_phone_in_both_text_sizes_are_accessible_with_44px_targets(
    page, live_url, demo_data, login, role
):
    from axe_playwright_python.sync_playwright import Axe

    from orders.models import Demand

    demand = Demand.objects.filter(title="想学剪纸", community__name="南桥社区").first()
    paths = [f"/demands/{demand.pk}/" if p == "demand" else p for p in RESIDENT_PAGES[role]]
    if role:
        login(page, role)
    page.set_viewport_size(PHONE)
    axe = Axe()
    problems = []
    for large in (False, True):
        if large:
            page.context.add_cookies([{"name": "large_text", "value": "1", "url": live_url}])
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            expect_large = page.evaluate("document.documentElement.classList.contains('large-text')")
            assert expect_large is large, path
            mode = "长辈模式" if large else "standard"
            for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
                problems.append(f"{path} ({mode}): axe {violation['id']}")
            if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
                problems.append(f"{path} ({mode}): wider than the phone")
            for small in page.evaluate(SMALL_TARGETS):
                problems.append(f"{path} ({mode}): target under 44 px: {small}")
    assert not problems, "\n".join(problems)
