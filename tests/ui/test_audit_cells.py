"""Audit-trail cells on Admin → Audit trail and on the chart's History tab: a cell narrower than its text is
elided, and its whole text is reachable on hover (it was cut off with no way to read it unless it was long)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QStyle, QTableView, QToolTip

from app.services import users
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.models.records import TOOLTIP_FROM
from app.ui.screens.admin import AdminScreen
from app.ui.screens.patients import PatientsScreen
from app.ui.screens.registry import default_factories
from app.ui.service_backend import signed_in
from app.ui.settings import UiSettings
from tests.integration._services import World


@pytest.fixture
def world(database: Any) -> World:
    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=4)
    return world


def _window(qtbot: Any, backend: Any, tmp_path: Path, world: World, role: str) -> MainWindow:
    context = build_context(backend, UiSettings(tmp_path / f"{role}.ini"), "en")
    context.user = signed_in(world.user(role))
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


def _every_cell_readable(view: QTableView) -> tuple[int, list[str]]:
    """How many cells are elided, and those of them whose whole text no tooltip gives."""
    model = view.model()
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1  # Qt's own
    elided, unreadable = 0, []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            text = index.data(Qt.ItemDataRole.DisplayRole) or ""
            if view.fontMetrics().horizontalAdvance(text) <= view.visualRect(index).width() - 2 * margin:
                continue
            elided += 1
            if index.data(Qt.ItemDataRole.ToolTipRole) != text:
                unreadable.append(f"{model.headerData(column, Qt.Orientation.Horizontal)}: {text}")
    return elided, unreadable


def _first_elided(view: QTableView) -> tuple[int, int]:
    """The first cell drawn narrower than its text."""
    model = view.model()
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            text = index.data(Qt.ItemDataRole.DisplayRole) or ""
            if view.fontMetrics().horizontalAdvance(text) > view.visualRect(index).width() - 2 * margin:
                return row, column
    raise AssertionError("no cell is elided")


def _hover_tip(view: QTableView, row: int, column: int) -> str:
    QToolTip.hideText()
    rect = view.visualRect(view.model().index(row, column))
    view.scrollTo(view.model().index(row, column))
    rect = view.visualRect(view.model().index(row, column))
    where = rect.center()
    event = QHelpEvent(QEvent.Type.ToolTip, where, view.viewport().mapToGlobal(where))
    QApplication.sendEvent(view.viewport(), event)
    return QToolTip.text()


def test_every_elided_audit_trail_cell_gives_its_whole_text(
    qtbot: Any, backend: Any, tmp_path: Path, world: World
) -> None:
    world.enrol("004-100", c1d1=world.today)
    short = "Dr Zhang Wei-Featherstonehaugh"  # a name shorter than a long cell, longer than its column
    assert len(short) <= TOOLTIP_FROM
    admin = world.user("admin")
    users.create_user(
        world.database.uow(admin, "new colleague"), "zhang.wf", short, "a long password", ["nurse"]
    )
    users.sign_in(world.database.uow(), "zhang.wf", "a long password")  # a row of the trail is theirs
    window = _window(qtbot, backend, tmp_path, world, "admin")
    screen = window.show_screen("admin")
    assert isinstance(screen, AdminScreen)
    screen.tabs.setCurrentWidget(screen.audit_tab)
    qtbot.waitUntil(lambda: screen.audit_model.rowCount() > 0, timeout=10_000)
    view = screen.audit_view
    view.setColumnWidth(1, 60)  # "Who", as narrow as a user may drag it
    elided, unreadable = _every_cell_readable(view)
    assert elided and not unreadable, unreadable
    row = next(r for r in range(screen.audit_model.rowCount()) if screen.audit_model.record(r).who == short)
    assert _hover_tip(view, row, 1) == short


def test_every_elided_history_cell_gives_its_whole_text(
    qtbot: Any, backend: Any, tmp_path: Path, world: World
) -> None:
    subject_id = world.enrol("004-101", c1d1=world.today)
    window = _window(qtbot, backend, tmp_path, world, "coordinator")
    screen = window.show_screen("patients")
    assert isinstance(screen, PatientsScreen)
    window.open_subject(subject_id)
    chart = screen.chart
    qtbot.waitUntil(lambda: chart.chart is not None, timeout=10_000)
    chart.tabs.setCurrentIndex(chart.tabs.count() - 1)
    qtbot.waitUntil(lambda: chart.history_model.rowCount() > 0, timeout=10_000)
    for column in range(chart.history_model.columnCount() - 1):
        chart.history.setColumnWidth(column, 70)
    elided, unreadable = _every_cell_readable(chart.history)
    assert elided and not unreadable, unreadable
    row, column = _first_elided(chart.history)  # whichever it is: the rows depend on the time of day
    assert _hover_tip(chart.history, row, column) == chart.history_model.index(row, column).data()
