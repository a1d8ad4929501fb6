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
def chinese(qapp: Any) -> Iterator[None]:
    """The window speaks Simplified Chinese for the test."""
    from app.ui.i18n import install_translators, remove_translators

    translators = install_translators(qapp, "zh_CN")
    assert translators, "the Chinese catalogue did not load"
    try:
        yield
    finally:
        remove_translators(qapp, translators)


@pytest.fixture
def staff(database: Any) -> tuple[Any, Any]:
    """An administrator (ada) and a coordinator who is also an investigator (may), both signed in."""
    from app.services import users
    from app.services.audit import SystemActor

    users.create_user(database.uow(SystemActor("test")), "ada", "Ada Admin", "admin-pass-1", ["admin"])
    admin = users.sign_in(database.uow(), "ada", "admin-pass-1")
    users.create_user(
        database.uow(admin, "new staff"), "may", "May Lin", "coord-pass-1", ["coordinator", "investigator"]
    )
    return admin, users.sign_in(database.uow(), "may", "coord-pass-1")


@pytest.fixture
def main_window(qtbot: Any, backend: Any, database: Any, tmp_path: Path) -> Any:
    """Open the real main window on the test database, signed in as `username`, in `language`."""
    from app.services import users
    from app.ui.main import build_context
    from app.ui.main_window import MainWindow
    from app.ui.screens.registry import default_factories
    from app.ui.service_backend import signed_in
    from app.ui.settings import UiSettings

    def open_window(username: str, password: str, language: str = "en") -> MainWindow:
        context = build_context(backend, UiSettings(tmp_path / "w.ini"), language)
        context.user = signed_in(users.sign_in(database.uow(), username, password))
        window = MainWindow(context, default_factories())
        qtbot.addWidget(window)
        window.show()
        return window

    return open_window


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
