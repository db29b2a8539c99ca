"""The layers of ARCHITECTURE.md are import-linter contracts (``pyproject.toml``), run by
``make test``. These tests show the contracts bite: each breaks one in a copy of the code and
expects ``lint-imports`` to fail, naming the broken contract. And the pure modules, which the
contracts keep away from Django, do not read the clock either."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PURE_MODULES = [
    *sorted((ROOT / "commitments" / "rules").glob("*.py")),
    ROOT / "reminders" / "schedule.py",
    ROOT / "reports" / "rules.py",
    *sorted((ROOT / "commitments" / "vague_verbs").glob("*.py")),
]


def _packages() -> list[str]:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["importlinter"]["root_packages"]


@pytest.fixture(scope="module")
def copy_of_the_code(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("code")
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    for package in _packages():
        shutil.copytree(
            ROOT / package,
            target / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "migrations"),
        )
    return target


def lint_imports(directory: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def with_line(path: Path, line: str):
    """Append ``line`` to ``path`` for the duration of the block."""

    class _Edit:
        def __enter__(self):
            self.before = path.read_text()
            path.write_text(self.before + "\n" + line + "\n")

        def __exit__(self, *exc):
            path.write_text(self.before)

    return _Edit()


def test_the_code_keeps_every_contract(copy_of_the_code):
    result = lint_imports(copy_of_the_code)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        (
            "milestones/services.py",
            "import indicators.models  # noqa",
            "Apps are layered",
        ),
        (
            "commitments/models/__init__.py",
            "import scoring.recompute  # noqa",
            "Apps are layered",
        ),
        (
            "toolkit/cache.py",
            "import commitments.models  # noqa",
            "Apps are layered",
        ),
        (
            "commitments/rules/numbers.py",
            "from django.utils import timezone  # noqa",
            "Pure rules import nothing",
        ),
        (
            "opendata/bulk.py",
            "from opendata import tasks  # noqa",
            "No import cycle",
        ),
        (
            "public/views/dashboard.py",
            "from commitments.models import Commitment  # noqa",
            "Pages read through selectors",
        ),
    ],
    ids=[
        "siblings",
        "upwards",
        "toolkit-imports-an-app",
        "pure-rules-read-the-clock",
        "cycle-inside-an-app",
        "page-imports-models",
    ],
)
def test_breaking_a_contract_fails_the_check(copy_of_the_code, module, line, contract):
    with with_line(copy_of_the_code / module, line):
        result = lint_imports(copy_of_the_code)
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, result.stdout


def _clock_calls(path: Path) -> list[str]:
    calls = []
    for node in ast.walk(ast.parse(path.read_text())):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"today", "now", "utcnow", "localdate", "localtime", "time"}
        ):
            calls.append(f"{path.name}:{node.lineno} {ast.unparse(node.func)}()")
    return calls


@pytest.mark.parametrize("path", PURE_MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_pure_modules_never_read_the_clock(path):
    assert _clock_calls(path) == []
