import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(p for d in settings.LOCALE_PATHS for p in Path(d).glob("zh_Hans/LC_MESSAGES/django.po"))


def _owner(po_path: Path) -> str:
    """`accounts` for accounts/locale/..., `locale` for the project's own catalogue."""
    return po_path.relative_to(settings.BASE_DIR).parts[0]


def test_every_app_has_a_chinese_catalogue():
    assert {_owner(p) for p in CATALOGUES} >= {"accounts", "core", "locale"}


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_owner)
def test_every_string_has_its_chinese_translation(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags and not e.obsolete]
    assert not untranslated, f"untranslated in {po_path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy[:10]}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_owner)
def test_the_compiled_catalogue_matches_its_source(po_path):
    # Keyed by context too: "opened" the bid's state and "opened" the opening time are two entries.
    po = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(po_path)) if e.translated() and not e.msgid_plural}
    mo = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(po_path.with_suffix(".mo"))) if not e.msgid_plural}
    assert po.items() <= mo.items(), "run `make messages` (or manage.py compile_catalogues)"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_no_string_in_the_code_is_missing_from_the_catalogues(tmp_path):
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(".venv", "var", ".git", "__pycache__", "tests", "bench", "node_modules"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "VAR_DIR": str(tmp_path / "var")},
    )
    missing = {}
    for po_path in copy.rglob("zh_Hans/LC_MESSAGES/django.po"):
        po = polib.pofile(str(po_path))
        bad = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
        if bad:
            missing[str(po_path.relative_to(copy))] = bad[:10]
    assert not missing, f"run `make messages` and translate: {missing}"


def test_the_home_page_speaks_chinese_by_default(client, db):
    html = client.get("/").content.decode()
    assert '<html lang="zh-CN">' in html
    assert "武侯区三社联动社区治理平台" in html


def test_the_visitor_can_switch_to_english(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Wuhou Community Governance Portal" in html


def test_the_language_switch_names_each_language_in_itself(client, db):
    html = client.get("/").content.decode()
    assert 'data-testid="lang-en" lang="en">English</button>' in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'data-testid="lang-zh-hans" lang="zh-hans">简体中文</button>' in client.get("/").content.decode()


def test_translation_functions_are_only_imported_under_names_makemessages_knows():
    # xgettext extracts `_`, `gettext`, `gettext_lazy`, ...; `gettext_lazy as _lazy` hides strings.
    import re

    alias = re.compile(r"import .*\b(?:n|p|np)?gettext(?:_lazy|_noop)? as (?!_\b)(\w+)")
    root = Path(settings.BASE_DIR)
    offenders = [
        f"{path.relative_to(root)}: {m.group(0)}"
        for app in ("accounts", "core", "services", "organizations", "procurement", "wuhou_portal")
        for path in (root / app).rglob("*.py")
        for m in alias.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders
