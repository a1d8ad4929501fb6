"""Keyboard and screen reader: on every screen of every role (a chart open on each of its tabs), each visible
button, text field, list, table, choice and date has a name a screen reader says (its own accessible name, its
text, or the label it is the buddy of), and the mnemonics (Alt+letter) of one window never collide."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QTabBar,
    QWidget,
)

from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.patients import PatientsScreen
from app.ui.screens.registry import default_factories
from app.ui.service_backend import signed_in
from app.ui.settings import UiSettings
from tests.integration._services import World

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QDateEdit)


@pytest.fixture
def world(database: Any) -> World:
    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=4)
    return world


def _settle(qtbot: Any, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.context.runner.busy, timeout=10_000)
    for _ in range(10):
        QApplication.processEvents()


def _inside_another_control(widget: QWidget) -> bool:
    """A part of a control that is named itself (a combo box's line edit, a date field's, a table's corner)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QDateEdit | QAbstractItemView | QCalendarWidget):
            return True
        parent = parent.parentWidget()
    return False


def spoken_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    name = interface.text(QAccessible.Text.Name) if interface is not None else ""
    return (name or widget.accessibleName()).strip()


def unnamed(window: QWidget) -> list[str]:
    missing = []
    for widget in window.findChildren(QWidget):
        if (
            not isinstance(widget, CONTROLS)
            or not widget.isVisibleTo(window)
            or _inside_another_control(widget)
        ):
            continue
        if isinstance(widget, QTabBar):
            continue
        if not spoken_name(widget):
            missing.append(
                f"{type(widget).__name__} {widget.objectName() or '(no object name)'} in "
                f"{type(widget.window()).__name__}/{type(widget.parentWidget()).__name__}"
            )
    return missing


def _mnemonic(text: str) -> str | None:
    position = 0
    while True:
        position = text.find("&", position)
        if position < 0 or position + 1 >= len(text):
            return None
        if text[position + 1] == "&":
            position += 2
            continue
        return text[position + 1].lower()


def collisions(window: QWidget) -> dict[str, list[str]]:
    owners: dict[str, list[str]] = {}
    texts: list[str] = []
    menu_bar = getattr(window, "menuBar", None)
    if callable(menu_bar):
        texts += [a.text() for a in menu_bar().actions() if a.isVisible()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.window() is not window:
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            texts.append(widget.text())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i)]
    for text in texts:
        key = _mnemonic(text)
        if key is not None:
            owners.setdefault(key, []).append(text)
    return {key: names for key, names in owners.items() if len(names) > 1}


def _walk(window: MainWindow, qtbot: Any, subject_id: int, check: Any) -> None:
    for key in window.visible_screens():
        screen = window.show_screen(key)
        _settle(qtbot, window)
        if isinstance(screen, PatientsScreen):
            window.open_subject(subject_id)
            chart = screen.chart
            qtbot.waitUntil(lambda chart=chart: chart.chart is not None, timeout=10_000)
            for tab in range(chart.tabs.count()):
                if not chart.tabs.isTabVisible(tab):
                    continue
                chart.tabs.setCurrentIndex(tab)
                _settle(qtbot, window)
                check(f"{key}: {chart.tabs.tabText(tab)}")
        else:
            tabs = getattr(screen, "tabs", None)
            for tab in range(tabs.count() if tabs is not None else 0):
                tabs.setCurrentIndex(tab)
                _settle(qtbot, window)
                check(f"{key}: {tabs.tabText(tab)}")
        check(key)


@pytest.mark.parametrize("role", ["coordinator", "investigator", "pharmacist", "admin"])
def test_every_control_of_every_screen_has_a_name_and_mnemonics_do_not_collide(
    qtbot: Any, backend: Any, tmp_path: Path, world: World, role: str
) -> None:
    subject_id = world.enrol("004-100", c1d1=world.today)
    context = build_context(backend, UiSettings(tmp_path / f"{role}.ini"), "en")
    context.user = signed_in(world.user(role))
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    missing: dict[str, list[str]] = {}
    clashes: dict[str, dict[str, list[str]]] = {}

    def check(where: str) -> None:
        if names := unnamed(window):
            missing[where] = names
        if clash := collisions(window):
            clashes[where] = clash

    _walk(window, qtbot, subject_id, check)
    every = sorted({name for names in missing.values() for name in names})
    assert not every, "\n".join(every)
    assert not clashes, clashes


def test_every_menu_item_has_a_mnemonic_of_its_own_in_its_menu(
    qtbot: Any, backend: Any, tmp_path: Path, world: World
) -> None:
    context = build_context(backend, UiSettings(tmp_path / "admin.ini"), "en")
    context.user = signed_in(world.user("admin"))
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    checked = 0
    while menus:
        menu = menus.pop()
        keys = []
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            if action.menu() is not None:
                menus.append(action.menu())
            key = _mnemonic(action.text())
            assert key is not None, action.text()
            keys.append(key)
            checked += 1
        assert len(keys) == len(set(keys)), [a.text() for a in menu.actions()]
    assert checked >= 10


def unmarked_fields(dialog: QWidget) -> list[str]:
    """The labels of a form's fields (a label whose buddy takes the focus) that have no mnemonic."""
    missing = []
    for label in dialog.findChildren(QLabel):
        buddy = label.buddy()
        if (
            buddy is None
            or buddy.focusPolicy() == Qt.FocusPolicy.NoFocus
            or not label.isVisibleTo(dialog)
            or label.window() is not dialog
        ):
            continue
        if _mnemonic(label.text()) is None:
            missing.append(label.text())
    return missing


# what the chart opens as a form: (the chart's method, the visit chosen first)
CHART_FORMS = (
    ("record_weight", None),
    ("record_labs", None),
    ("record_toxicity", None),
    ("set_subject_language", None),
    ("book_selected", "C1D15"),
    ("record_visit_done", "TA1"),
    ("record_visit_missed", "TA1"),
    ("omit_dose", "C1D15"),
    ("stop_treatment", None),
    ("print_calendar", None),
)


def test_every_form_the_chart_opens_names_its_controls_and_gives_its_fields_mnemonics_that_do_not_collide(
    qtbot: Any, backend: Any, tmp_path: Path, world: World
) -> None:
    from PySide6.QtWidgets import QDialog

    subject_id = world.enrol("004-100", c1d1=world.today)
    context = build_context(backend, UiSettings(tmp_path / "investigator.ini"), "en")
    context.user = signed_in(world.user("investigator"))
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    screen = window.show_screen("patients")
    assert isinstance(screen, PatientsScreen)
    window.open_subject(subject_id)
    chart = screen.chart
    qtbot.waitUntil(lambda: chart.chart is not None, timeout=10_000)
    problems: dict[str, dict[str, Any]] = {}
    opened = []
    for method, visit in CHART_FORMS:
        if visit is not None:
            assert chart.select_visit(visit), visit
        context.extras.pop("last_dialog", None)
        dialog = getattr(chart, method)()
        _settle(qtbot, window)
        if not isinstance(dialog, QDialog):
            dialog = context.extras.pop("last_dialog", None)
        assert isinstance(dialog, QDialog), method
        qtbot.waitUntil(dialog.isVisible, timeout=5_000)
        opened.append(type(dialog).__name__)
        found = {
            "unnamed": unnamed(dialog),
            "collisions": collisions(dialog),
            "fields without a mnemonic": unmarked_fields(dialog),
        }
        if any(found.values()):
            problems[f"{method}: {type(dialog).__name__}"] = {k: v for k, v in found.items() if v}
        dialog.reject()
        _settle(qtbot, window)
    assert len(opened) == len(CHART_FORMS)
    assert not problems, "\n".join(f"{where}: {found}" for where, found in problems.items())
