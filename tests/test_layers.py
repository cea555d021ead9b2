"""The apps are layers (wuhou_portal > orders > procurement > services > organizations > accounts >
core): import-linter checks the contract in pyproject.toml, and the check is shown to bite."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["wuhou_portal", "orders", "procurement", "services", "organizations", "accounts", "core"]


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    # A fresh interpreter whose first path entry is `cwd`, so the packages are read from there.
    return subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command as c; c()", "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_no_app_imports_a_higher_layer():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("core/errors.py", "import organizations"),
        ("accounts/queries.py", "from organizations.models import StaffMembership"),
        ("organizations/identifiers.py", "import services.workdays"),
        ("procurement/states.py", "import orders.states"),
        ("procurement/tasks.py", "from orders.queries.orders import confirmed_deliveries"),
    ],
)
def test_an_import_against_the_layers_breaks_the_check(tmp_path, module, line):
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "locale", "static")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(
        f"{line}  # an import against the layers\n" + target.read_text(encoding="utf-8"), encoding="utf-8"
    )

    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert module.removesuffix(".py").replace("/", ".") in result.stdout
