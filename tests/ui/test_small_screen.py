"""The window on the smallest hospital monitor, 1024 × 768: every screen of every role, with a chart open, lets
the window shrink to fit (it would not go below about 1085 pixels), in English and Chinese."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
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


def test_the_criteria_tables_why_not_met_column_is_on_screen_at_1280_by_800(
    qtbot: Any, backend: Any, tmp_path: Path, world: World
) -> None:
    width, height = 1280, 800
    from decimal import Decimal

    from app.services.clinical import LabInput
    from tests.integration._services import GOOD_LABS

    subject_id = world.enrol("004-101", c1d1=world.today)
    world.weigh(subject_id)
    low = tuple(
        LabInput("neutrophils", Decimal("0.9"), "10^9/L") if lab.lab == "neutrophils" else lab
        for lab in GOOD_LABS
    )
    world.labs(subject_id, results=low)
    context = build_context(backend, UiSettings(tmp_path / "c.ini"), "en")
    context.user = signed_in(world.user("investigator"))
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.resize(width, height - TITLE_BAR)
    window.show()
    screen = window.show_screen("patients")
    assert isinstance(screen, PatientsScreen)
    window.open_subject(subject_id)
    chart = screen.chart
    qtbot.waitUntil(lambda: chart.criteria_model.rowCount() > 0, timeout=10_000)
    chart.tabs.setCurrentIndex(2)  # Weights and labs
    _settle(qtbot, window)
    table = chart.criteria_table
    header = table.horizontalHeader()
    last = chart.criteria_model.columnCount() - 1
    assert chart.criteria_model.headerData(last, Qt.Orientation.Horizontal) == "Why not met"
    right_edge = header.sectionViewportPosition(last) + header.sectionSize(last)
    assert right_edge <= table.viewport().width(), (right_edge, table.viewport().width())
    row = next(r for r in range(chart.criteria_model.rowCount()) if not chart.criteria_model.record(r).met)
    why = chart.criteria_model.index(row, last)
    text = chart.criteria_model.data(why)
    assert text
    # the whole reason is shown: the row is tall enough for the wrapped text
    needed = table.sizeHintForRow(row)
    assert table.rowHeight(row) >= needed
