"""Content-Security-Policy on every page, with no inline code for it to allow; a
Permissions-Policy in production."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


def test_pages_carry_a_content_security_policy_without_unsafe_inline(client, db):
    policy = _policy(client.get("/"))
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"
    assert policy["object-src"] == "object-src 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"


def test_only_the_swagger_ui_page_relaxes_styles_and_it_runs_no_inline_script(client, db):
    response = client.get("/api/docs/")
    policy = _policy(response)
    assert "'unsafe-inline'" in policy["style-src"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert not re.search(r"<script>", response.content.decode())


TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]


@pytest.mark.parametrize("template", sorted(p for d in TEMPLATE_DIRS for p in d.rglob("*.html")), ids=str)
def test_no_template_needs_inline_script_or_style(template):
    source = template.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", source), "move the script into static/js/"
    assert not re.search(r"""\sstyle\s*=\s*["']""", source), "use a class in static/css/"
    assert not re.search(r"<style\b", source), "move the styles into static/css/"
    assert not re.search(r"\son[a-z]+\s*=\s*[\"']", source), "bind the event from a static script"


def test_production_sends_a_permissions_policy(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-enough-0123456789",
        "ALLOWED_HOSTS": "portal.example.cn",
        "VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    script = (
        "from django.test import Client\n"
        "r = Client().get('/healthz/live', secure=True, HTTP_HOST='portal.example.cn')\n"
        "print(r['Permissions-Policy']); print(r['Content-Security-Policy'])\n"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "camera=()" in result.stdout and "geolocation=()" in result.stdout
    assert "default-src 'self'" in result.stdout
