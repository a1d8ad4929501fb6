"""Run by tests/ui/test_scaling.py in a process of its own (Qt reads QT_SCALE_FACTOR when the application starts):
the coordinator's window on a 1920 × 1080 screen at that scale, every screen walked with a chart open on each tab.
Prints one JSON object: the window's minimum size hint, its size, and what is cut or overlaps."""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QMainWindow,
    QWidget,
)

SCREEN = (1920, 1080)
TITLE_BAR = 32  # physical pixels the window manager takes of the screen's height


def _settle(window: Any) -> None:
    deadline = time.monotonic() + 10
    while window.context.runner.busy and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    for _ in range(20):
        QApplication.processEvents()


def _scrolled(widget: QWidget) -> bool:
    """Inside the scrolled content of a scroll area (it may reach past the viewport: it scrolls)."""
    parent = widget.parentWidget()
    while parent is not None:
        owner = parent.parentWidget()
        if isinstance(owner, QAbstractScrollArea) and parent is owner.viewport():
            return True
        parent = owner
    return False


def problems(window: QMainWindow) -> list[str]:
    found: list[str] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.window() is not window or widget.isWindow():
            continue
        parent = widget.parentWidget()
        if parent is None or _scrolled(widget):
            continue
        name = (
            f"{type(widget).__name__} {widget.objectName()} in {type(parent).__name__} {parent.objectName()}"
        )
        if not parent.rect().contains(widget.geometry()):
            found.append(f"cut: {name} {_box(widget.geometry())} outside {_box(parent.rect())}")
        if widget.width() > 0 and widget.height() > 0:
            wanted = widget.minimumSizeHint()
            if (
                wanted.isValid()
                and (widget.width() < wanted.width() - 1 or widget.height() < wanted.height() - 1)
                and widget.layout() is not None
            ):
                found.append(
                    f"squeezed: {name} {_box(widget.geometry())} < {wanted.width()}×{wanted.height()}"
                )
    siblings: dict[int, list[QWidget]] = {}
    for widget in window.findChildren(QWidget):
        parent = widget.parentWidget()
        if (
            parent is None
            or parent.layout() is None
            or parent.layout().indexOf(widget) < 0
            or not widget.isVisibleTo(window)
            or widget.window() is not window
        ):
            continue
        siblings.setdefault(id(parent), []).append(widget)
    for group in siblings.values():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                if first.geometry().intersects(second.geometry()):
                    found.append(
                        f"overlap: {type(first).__name__} {first.objectName()} {_box(first.geometry())} and "
                        f"{type(second).__name__} {second.objectName()} {_box(second.geometry())}"
                    )
    return found


def _box(rect: QRect) -> str:
    return f"{rect.x()},{rect.y()} {rect.width()}×{rect.height()}"


def main(folder: Path) -> dict[str, Any]:
    _application = QApplication.instance() or QApplication(sys.argv[:1])  # kept alive for the walk
    from app.services import users
    from app.services.database import open_database
    from app.ui.main import build_context
    from app.ui.main_window import MainWindow
    from app.ui.screens.patients import PatientsScreen
    from app.ui.screens.registry import default_factories
    from app.ui.service_backend import ServiceBackend, signed_in
    from app.ui.settings import UiSettings
    from tests.integration._services import World
    from tests.ui.test_no_cut_text import cut_texts

    users.configure_password_hasher(users.fast_hasher_for_tests())
    database = open_database(f"sqlite:///{folder / 'scaled.sqlite3'}")
    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=4)
    subject_id = world.enrol("004-100", c1d1=world.today)
    world.weigh(subject_id)
    world.labs(subject_id)
    context = build_context(ServiceBackend(database), UiSettings(folder / "c.ini"), "en")
    context.user = signed_in(world.user("coordinator"))
    window = MainWindow(context, default_factories())

    factor = window.devicePixelRatioF()
    width, height = round(SCREEN[0] / factor), round((SCREEN[1] - TITLE_BAR) / factor)
    window.resize(width, height)
    window.show()
    _settle(window)
    report: dict[str, Any] = {
        "factor": factor,
        "screen": [width, height],
        "hints": {},
        "sizes": {},
        "checked": {},
        "found": {},
    }

    def check(where: str) -> None:
        _settle(window)
        hint = window.minimumSizeHint()
        report["hints"][where] = [hint.width(), hint.height()]
        report["sizes"][where] = [window.width(), window.height()]
        report["checked"][where] = sum(
            1 for w in window.findChildren(QWidget) if w.isVisibleTo(window) and w.window() is window
        )
        if found := problems(window) + cut_texts(window):
            report["found"][where] = found

    for key in window.visible_screens():
        screen = window.show_screen(key)
        _settle(window)
        if isinstance(screen, PatientsScreen):
            window.open_subject(subject_id)
            chart = screen.chart
            deadline = time.monotonic() + 10
            while chart.chart is None and time.monotonic() < deadline:
                QApplication.processEvents()
                time.sleep(0.01)
            for tab in range(chart.tabs.count()):
                if chart.tabs.isTabVisible(tab):
                    chart.tabs.setCurrentIndex(tab)
                    check(f"{key}: {chart.tabs.tabText(tab)}")
        else:
            tabs = getattr(screen, "tabs", None)
            for tab in range(tabs.count() if tabs is not None else 0):
                tabs.setCurrentIndex(tab)
                check(f"{key}: {tabs.tabText(tab)}")
        check(key)
    window.close()
    database.dispose()
    return report


if __name__ == "__main__":
    print("REPORT " + json.dumps(main(Path(sys.argv[1]))), flush=True)
