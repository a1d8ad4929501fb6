"""The window on the smallest hospital monitor, 1024 × 768: every screen of every role, with a chart open, lets
the window shrink to fit (it would not go below about 1085 pixels), in English and Chinese."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.patients import PatientsScreen
from app.ui.screens.registry import default_factories
from app.ui.service_backend import signed_in
from app.ui.settings import UiSettings
from tests.integration._services import World

SCREEN_WIDTH, SCREEN_HEIGHT = 1024, 768
TITLE_BAR = 32  # what the window manager takes of the screen's height


@pytest.fixture
def world(database: Any) -> World:
    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=4)
    return world


def _settle(qtbot: Any, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.context.runner.busy, timeout=10_000)
    for _ in range(20):
        QApplication.processEvents()


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("role", ["coordinator", "investigator", "pharmacist", "admin"])
def test_every_screen_fits_a_1024_by_768_screen(
    qtbot: Any, backend: Any, tmp_path: Path, world: World, role: str, language: str, request: Any
) -> None:
    if language == "zh":
        request.getfixturevalue("chinese")
    subject_id = world.enrol("004-100", c1d1=world.today, allergies="青霉素（皮疹）")
    context = build_context(backend, UiSettings(tmp_path / f"{role}.ini"), language)
    context.user = signed_in(world.user(role))
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    too_wide: dict[str, int] = {}
    for key in window.visible_screens():
        screen = window.show_screen(key)
        if isinstance(screen, PatientsScreen):
            window.open_subject(subject_id)
            chart = screen.chart
            qtbot.waitUntil(lambda chart=chart: chart.chart is not None, timeout=10_000)
            for tab in range(chart.tabs.count()):  # every tab of the chart
                chart.tabs.setCurrentIndex(tab)
                _settle(qtbot, window)
                if window.minimumSizeHint().width() > SCREEN_WIDTH:
                    too_wide[f"{key}: {chart.tabs.tabText(tab)}"] = window.minimumSizeHint().width()
        _settle(qtbot, window)
        hint = window.minimumSizeHint()
        if hint.width() > SCREEN_WIDTH:
            too_wide[key] = hint.width()
        assert hint.height() <= SCREEN_HEIGHT - TITLE_BAR, (key, hint.height())
    assert not too_wide, f"wider than {SCREEN_WIDTH} px: {too_wide}"
    window.resize(SCREEN_WIDTH, SCREEN_HEIGHT - TITLE_BAR)
    QApplication.processEvents()
    assert window.width() == SCREEN_WIDTH
