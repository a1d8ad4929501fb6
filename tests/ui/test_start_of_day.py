"""At sign-in the window brings the records up to today: protocol files registered, calendars re-derived."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from app.services import protocols
from app.services.audit import SystemActor
from app.services.protocols import shipped_protocols
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.service_backend import ServiceBackend
from app.ui.session import SignedInUser
from app.ui.settings import UiSettings
from tests.ui.fakes import MemoryBackend


def test_start_of_day_registers_the_protocols_and_walks_every_calendar(
    backend: ServiceBackend, database: Any
) -> None:
    admin = backend.create_first_admin("li.na", "Li Na", "correct horse battery")
    assert protocols.list_protocol_versions(database.uow(SystemActor("test"))) == []
    assert backend.start_of_day(admin) == 0  # no subject yet
    registered = {v.protocol_id for v in protocols.list_protocol_versions(database.uow(SystemActor("test")))}
    assert registered == set(shipped_protocols())
    assert backend.start_of_day(admin) == 0  # a second run registers nothing new
    assert len(protocols.list_protocol_versions(database.uow(SystemActor("test")))) == len(registered)


class _UpkeepBackend(MemoryBackend):
    def start_of_day(self, user: SignedInUser) -> int:
        self._note("start_of_day")
        return 0


def _open_window(qtbot: Any, backend: _UpkeepBackend, settings: UiSettings) -> MainWindow:
    context = build_context(backend, settings, "en")
    context.user = backend.users["may"][1]
    window = MainWindow(context, {})
    qtbot.addWidget(window)
    context.runner.wait_until_idle()
    qtbot.waitUntil(lambda: not context.runner.busy)
    return window


def test_the_upkeep_runs_at_the_first_sign_in_of_the_day_and_again_after_a_restore(
    qtbot: Any, tmp_path: Path
):
    backend = _UpkeepBackend()
    backend.add("may", "coord-pass", "coordinator")
    settings = UiSettings(tmp_path / "w.ini")

    first = _open_window(qtbot, backend, settings)
    assert backend.calls.count("start_of_day") == 1
    assert settings.upkeep_day(backend.describe()) == date.today().isoformat()
    first.close()

    second = _open_window(qtbot, backend, settings)  # the same day, the same database: nothing to do
    assert backend.calls.count("start_of_day") == 1
    second.restart("The database was restored from a backup.")
    assert settings.upkeep_day(backend.describe()) == ""

    _open_window(qtbot, backend, settings)  # the replaced database is brought up to today again
    assert backend.calls.count("start_of_day") == 2
