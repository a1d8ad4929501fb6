"""The rules of the house (docs/architecture.md) that can be read from the code: which layer may import what,
and how long a module may grow. A module over the limit must be split, or named below with why it waits."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"
CORE = ("protocol", "dosing", "scheduling", "toxicity", "eligibility", "text.py", "inputs.py", "errors.py")
WINDOW_AND_STORAGE = ("PySide6", "sqlalchemy", "alembic", "reportlab")
MAX_LINES = 800
# Modules still over the limit, to be split (docs/architecture.md, "Not yet as it should be"): may only shrink.
STILL_TOO_LONG = {
    "ui/screens/chart.py",
    "ui/screens/stock.py",
    "ui/service_backend.py",
    "commands/demo.py",
    "services/witness.py",
    "services/paper.py",
    "ui/screens/eligibility_tab.py",
    "protocol/loader.py",
}


def _modules(*parts: str) -> list[Path]:
    found: list[Path] = []
    for part in parts:
        path = APP / part
        found.extend([path] if path.is_file() else sorted(path.rglob("*.py")))
    return found


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _offending(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{path.relative_to(APP)} imports {name}"
        for path in paths
        for name in _imports(path)
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    )


def test_the_core_imports_no_window_storage_or_paper_library() -> None:
    assert _offending(_modules(*CORE), WINDOW_AND_STORAGE) == []


def test_the_core_imports_nothing_above_it() -> None:
    above = ("app.models", "app.services", "app.ui", "app.printing", "app.commands", "app.export", "app.cli")
    assert _offending(_modules(*CORE), above) == []


def test_the_records_import_no_services_paper_or_window() -> None:
    paths = [p for p in _modules("models") if "migrations" not in p.parts]
    assert _offending(paths, ("app.services", "app.ui", "app.printing", "app.commands", "PySide6")) == []


def test_the_services_paper_and_export_import_no_qt() -> None:
    assert _offending(_modules("services", "printing", "export"), ("PySide6", "app.ui")) == []


@pytest.mark.parametrize("part", ["services", "ui", "printing", "models", "commands", "export", *CORE])
def test_no_module_grows_past_the_limit(part: str) -> None:
    long = {
        str(path.relative_to(APP))
        for path in _modules(part)
        if "migrations" not in path.parts
        and len(path.read_text(encoding="utf-8").splitlines()) > MAX_LINES
    }
    assert long <= STILL_TOO_LONG, f"over {MAX_LINES} lines: split them, {sorted(long - STILL_TOO_LONG)}"


def test_the_list_of_modules_still_too_long_only_shrinks() -> None:
    shorter = {
        name for name in STILL_TOO_LONG if len((APP / name).read_text(encoding="utf-8").splitlines()) <= MAX_LINES
    }
    assert not shorter, f"now within {MAX_LINES} lines: take them off STILL_TOO_LONG: {sorted(shorter)}"
