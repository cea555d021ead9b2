"""What every page shares: 长辈模式, the favicon, and forms that show the server's Chinese errors with
a summary that leads to each field."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

TEMPLATE_DIRS = [
    Path(settings.BASE_DIR) / d for d in ("templates", "core", "accounts", "services", "organizations", "orders")
]


def test_large_text_mode_is_remembered_in_a_cookie_and_marks_every_page(client, db):
    response = client.post(reverse("core:large-text"), {"large_text": "1", "next": "/streets/"})
    assert response.status_code == 302 and response.url == "/streets/"
    assert response.cookies["large_text"].value == "1"
    assert '<html lang="zh-CN" class="large-text">' in client.get("/").content.decode()
    assert 'aria-pressed="true"' in client.get("/").content.decode()

    client.post(reverse("core:large-text"), {"large_text": "0", "next": "/"})
    assert 'class="large-text"' not in client.get("/").content.decode()


def test_large_text_mode_never_redirects_to_another_site(client, db):
    response = client.post(reverse("core:large-text"), {"large_text": "1", "next": "https://evil.example/"})
    assert response.url == "/"


def test_the_favicon_is_served(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response.url.endswith("favicon.ico")


def test_the_stylesheet_sizes_text_in_rem_and_nothing_under_14_px():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "portal.css").read_text()
    sizes = re.findall(r"font(?:-size)?:\s*([\d.]+)(rem|px|pt)", css)
    assert sizes
    for value, unit in sizes:
        if unit == "pt":  # the print sheet only
            continue
        assert unit == "rem", f"font size {value}{unit} ignores the reader's font setting"
        assert float(value) >= 0.875, f"{value}rem is under 14 px at the default size"


def test_every_form_leaves_validation_to_the_server():
    forms = []
    for directory in TEMPLATE_DIRS:
        for template in directory.rglob("*.html"):
            if ".venv" in template.parts:
                continue
            forms += [(template.name, tag) for tag in re.findall(r"<form\b[^>]*>", template.read_text())]
    assert forms
    assert [name for name, tag in forms if "novalidate" not in tag] == []


class TestSignupForm:
    def test_the_error_summary_links_each_field_and_help_text_ids_exist(self, client, db):
        response = client.post(
            "/accounts/signup/", {"username": "", "display_name": "", "password": "1", "password2": "2"}
        )
        html = response.content.decode()
        summary = re.search(r'<div class="form-errors".*?</div>', html, re.S).group(0)
        for field in ("username", "display_name", "password2"):
            assert f'href="#id_{field}"' in summary
            assert f'id="id_{field}"' in html
        for described in re.findall(r'aria-describedby="([^"]+)"', html):
            for target in described.split():
                assert f'id="{target}"' in html, f"aria-describedby points at missing #{target}"
        assert 'aria-invalid="true"' in html

    def test_required_fields_are_marked(self, client, db):
        html = client.get("/accounts/signup/").content.decode()
        label = re.search(r'<label for="id_username">(.*?)</label>', html, re.S).group(1)
        assert 'class="req"' in label
        label = re.search(r'<label for="id_phone">(.*?)</label>', html, re.S).group(1)
        assert 'class="req"' not in label


def test_no_template_has_an_inline_script_or_style_for_the_coming_csp():
    found = []
    for directory in TEMPLATE_DIRS:
        for template in directory.rglob("*.html"):
            text = template.read_text()
            if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=\"", text):
                found.append(template.name)
    assert found == []
