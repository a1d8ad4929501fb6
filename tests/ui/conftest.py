"""UI test set-up: a private data folder per test, so no test touches the real user's files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


@pytest.fixture(autouse=True)
def _fast_passwords() -> Iterator[None]:
    """Cheap argon2 parameters in tests (the real ones cost ~50 ms a hash); the code path is the same."""
    from app.services import users

    previous = users.configure_password_hasher(users.fast_hasher_for_tests())
    yield
    users.configure_password_hasher(previous)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Any]:
    """A fresh SQLite database file at the newest schema."""
    from app.services.database import open_database

    db = open_database(f"sqlite:///{tmp_path / 'ui.sqlite3'}")
    yield db
    db.dispose()


@pytest.fixture
def backend(database: Any) -> Any:
    from app.ui.service_backend import ServiceBackend

    return ServiceBackend(database)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.gui)
            # The offscreen platform says this of every top-level dialog; it is not DoseDesk's fault.
            item.add_marker(
                pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)")
            )
