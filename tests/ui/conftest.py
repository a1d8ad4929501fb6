"""UI test set-up: a private data folder per test, so no test touches the real user's files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.ui import crash


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("DOSEDESK_DATA_DIR", str(folder))
    crash.set_error_log_path(None)
    yield folder
    crash.set_error_log_path(None)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.gui)
            # The offscreen platform says this of every top-level dialog; it is not DoseDesk's fault.
            item.add_marker(
                pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)")
            )
