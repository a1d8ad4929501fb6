"""No cut text at 1280 × 800, in English and Chinese: on every screen of every role (a chart open on each of its
tabs), each visible label, push or tool button, table header section and table cell either shows its whole text
or is elided with a tooltip that gives the whole text."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QToolButton,
    QWidget,
)

from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.registry import default_factories
from app.ui.service_backend import signed_in
from app.ui.settings import UiSettings
from tests.integration._services import World
from tests.ui.test_keyboard_names import _walk

WIDTH, HEIGHT = 1280, 800 - 32  # the window manager's title bar takes 32 pixels of the height
ROWS_CHECKED = 30  # the first rows of each table a user sees


@pytest.fixture
def world(database: Any) -> World:
    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=4)
    return world


def _plain(text: str) -> str:
    """A button's text as drawn: mnemonic ampersands removed, '&&' shown as one."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _widest_line(widget: QWidget, text: str) -> int:
    metrics = widget.fontMetrics()
    return max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)


def _tip_gives(tip: Any, text: str) -> bool:
    return (
        isinstance(tip, str)
        and bool(tip)
        and _plain(text).replace("\n", " ").strip() in tip.replace("\n", " ")
    )


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.window() is window and widget.width() > 0


def _rich(text: str) -> bool:
    return re.search(r"<[a-zA-Z/!]", text) is not None


def cut_label(label: QLabel) -> bool:
    text = label.text()
    if not text.strip() or label.textFormat() == Qt.TextFormat.RichText or _rich(text):
        return False
    if _tip_gives(label.toolTip(), text):
        return False
    if label.wordWrap():
        return label.heightForWidth(label.width()) > label.height() + 1
    return label.sizeHint().width() > label.width()


def cut_button(button: QAbstractButton) -> bool:
    text = _plain(button.text())
    if not text.strip() or _tip_gives(button.toolTip(), text):
        return False
    needed = _widest_line(button, text)
    if not button.icon().isNull():
        needed += button.iconSize().width() + 4
    style = button.style()
    if isinstance(button, QPushButton):
        available = (
            button.width() - 2 * style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, None, button) + 4
        )
    else:
        available = button.width() - 4
    return needed > available


def cut_sections(header: QHeaderView) -> list[str]:
    model = header.model()
    if model is None:
        return []
    margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    found = []
    for section in range(header.count()):
        if header.isSectionHidden(section) or header.sectionSize(section) == 0:
            continue
        text = model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str) or not text.strip():
            continue
        if _widest_line(header, text) + margin <= header.sectionSize(section):
            continue
        if _tip_gives(model.headerData(section, header.orientation(), Qt.ItemDataRole.ToolTipRole), text):
            continue
        found.append(f"header {text!r} ({header.sectionSize(section)} px)")
    return found


def cut_cells(table: QTableView) -> list[str]:
    model = table.model()
    if model is None:
        return []
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    found = []
    for row in range(min(model.rowCount(), ROWS_CHECKED)):
        if table.isRowHidden(row):
            continue
        for column in range(model.columnCount()):
            if table.isColumnHidden(column) or table.columnWidth(column) == 0:
                continue
            index = model.index(row, column)
            text = model.data(index, Qt.ItemDataRole.DisplayRole)
            if not isinstance(text, str) or not text.strip():
                continue
            needed = _widest_line(table, text) + margin
            if model.data(index, Qt.ItemDataRole.DecorationRole) is not None:
                needed += table.iconSize().width() + 4
            if needed <= table.columnWidth(column):
                continue
            if table.wordWrap() and table.rowHeight(row) >= table.sizeHintForRow(row):
                continue  # wrapped onto lines the row is tall enough for
            if _tip_gives(model.data(index, Qt.ItemDataRole.ToolTipRole), text):
                continue
            found.append(f"cell {text[:40]!r} of column {column} ({table.columnWidth(column)} px)")
    return found


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.objectName() or ''} in {type(widget.parentWidget()).__name__}".strip()


def cut_texts(window: QWidget) -> list[str]:
    found: list[str] = []
    for widget in window.findChildren(QWidget):
        if not _shown(widget, window):
            continue
        if isinstance(widget, QLabel) and cut_label(widget):
            found.append(f"label {widget.text()!r} ({widget.width()} of {widget.sizeHint().width()} px)")
        elif isinstance(widget, QPushButton | QToolButton) and cut_button(widget):
            found.append(f"button {widget.text()!r} ({widget.width()} px)")
        elif isinstance(widget, QHeaderView):
            found += [f"{_name(widget.parentWidget())}: {cut}" for cut in cut_sections(widget)]
        elif isinstance(widget, QTableView):
            found += [f"{_name(widget)}: {cut}" for cut in cut_cells(widget)]
    return found


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("role", ["coordinator", "investigator", "pharmacist", "admin"])
def test_no_text_is_cut_at_1280_by_800(
    qtbot: Any, backend: Any, tmp_path: Path, world: World, role: str, language: str, request: Any
) -> None:
    if language == "zh":
        request.getfixturevalue("chinese")
    subject_id = world.enrol("004-100", c1d1=world.today, allergies="青霉素（皮疹）")
    world.weigh(subject_id)
    world.labs(subject_id)
    # a visit booked outside its window: its calendar cell carries a warning ("⚠ 1 条警告" was clipped)
    from app.services.visits import book_visit

    ta1 = world.visit(subject_id, "TA1")
    book_visit(world.uow("coordinator"), ta1.id, ta1.window_end + timedelta(days=10), "scanner booked out")
    context = build_context(backend, UiSettings(tmp_path / f"{role}.ini"), language)
    context.user = signed_in(world.user(role))
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.resize(WIDTH, HEIGHT)
    window.show()
    cut: dict[str, list[str]] = {}

    def check(where: str) -> None:
        assert window.width() == WIDTH, (where, window.width())
        if found := cut_texts(window):
            cut[where] = found

    _walk(window, qtbot, subject_id, check)
    every = sorted({f"{text}" for found in cut.values() for text in found})
    assert not every, f"{len(every)} cut at {WIDTH}×{HEIGHT} ({language}):\n" + "\n".join(every)


def test_the_check_sees_a_cut_label_and_a_cut_header(qtbot: Any) -> None:
    """The checks themselves: a label narrower than its text is cut; the same with its tooltip is elided."""
    from PySide6.QtGui import QStandardItemModel

    label = QLabel("A sentence far too long for twenty pixels")
    qtbot.addWidget(label)
    label.setFixedWidth(20)
    assert cut_label(label)
    label.setToolTip(label.text())
    assert not cut_label(label)
    table = QTableView()
    qtbot.addWidget(table)
    model = QStandardItemModel(1, 1)
    model.setHorizontalHeaderLabels(["A heading too long to fit"])
    table.setModel(model)
    table.setColumnWidth(0, 20)
    assert cut_sections(table.horizontalHeader())
    assert isinstance(table, QAbstractItemView)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_no_text_is_cut_in_the_forms_the_chart_opens(
    qtbot: Any, backend: Any, tmp_path: Path, world: World, language: str, request: Any
) -> None:
    from PySide6.QtWidgets import QApplication, QDialog

    from app.ui.screens.patients import PatientsScreen
    from tests.ui.test_keyboard_names import CHART_FORMS

    if language == "zh":
        request.getfixturevalue("chinese")
    subject_id = world.enrol("004-100", c1d1=world.today)
    context = build_context(backend, UiSettings(tmp_path / "investigator.ini"), language)
    context.user = signed_in(world.user("investigator"))
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.resize(WIDTH, HEIGHT)
    window.show()
    screen = window.show_screen("patients")
    assert isinstance(screen, PatientsScreen)
    window.open_subject(subject_id)
    chart = screen.chart
    qtbot.waitUntil(lambda: chart.chart is not None, timeout=10_000)
    cut: dict[str, list[str]] = {}
    for method, visit in CHART_FORMS:
        if visit is not None:
            assert chart.select_visit(visit), visit
        context.extras.pop("last_dialog", None)
        dialog = getattr(chart, method)()
        if not isinstance(dialog, QDialog):
            dialog = context.extras.pop("last_dialog", None)
        assert isinstance(dialog, QDialog), method
        qtbot.waitUntil(dialog.isVisible, timeout=5_000)
        for _ in range(10):
            QApplication.processEvents()
        if found := cut_texts(dialog):
            cut[f"{method}: {type(dialog).__name__}"] = found
        dialog.reject()
    assert not cut, "\n".join(f"{where}: {found}" for where, found in cut.items())
