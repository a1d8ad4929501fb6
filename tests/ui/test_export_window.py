"""The trial's data out from the window: File → Export trial data… (investigators and administrators only) writes
the SDTM files into the folder typed, and the Exposure screen shows the dose intensity of the demo trial, in
English and in Chinese, with its report printed through the preview."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from app.commands.demo import USERS, fill_demo
from app.dosing.format import format_number
from app.services import users
from app.services.database import Database, open_database
from app.ui.dialogs.export_data import ExportDataDialog
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.exposure import ExposureScreen
from app.ui.screens.registry import default_factories
from app.ui.service_backend import ServiceBackend, signed_in
from app.ui.settings import UiSettings

PASSWORDS = {u.username: u.password for u in USERS}
INVESTIGATOR, ADMIN, PHARMACIST, COORDINATOR, NURSE = (
    "dr.zhang",
    "admin",
    "wang.fang",
    "chen.jing",
    "huang.li",
)
SCREENSHOTS = Path("/tmp")
CJK = re.compile(r"[\u4e00-\u9fff]")
# Shown as they are in every language: CDISC's names, file names, units, numbers, subject numbers.
AS_THEY_ARE = re.compile(
    r"^(DoseDesk|[A-Z]{2}(, [A-Z]{2})*|define\.html|[a-z]{2}\.(xpt|json|csv)|[\d\s.,:%–…()/\-→]*|mg/kg)$"
)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo trial (15 subjects: holds, reductions, delays, ends of treatment) as of 24 February 2026, once."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    database = open_database(f"sqlite:///{path}")
    try:
        fill_demo(database, today=date(2026, 2, 24))
    finally:
        database.dispose()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    copy = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_file, copy)
    database = open_database(f"sqlite:///{copy}")
    yield database
    database.dispose()


@pytest.fixture
def demo_backend(demo: Database) -> ServiceBackend:
    return ServiceBackend(demo)


def _window(
    qtbot: Any, backend: ServiceBackend, tmp_path: Path, username: str, language: str = "en"
) -> MainWindow:
    context = build_context(backend, UiSettings(tmp_path / f"{username}.ini"), language)
    context.user = signed_in(users.sign_in(backend.database.uow(), username, PASSWORDS[username]))
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    return window


def _dialog(qtbot: Any, window: MainWindow) -> ExportDataDialog:
    dialog = window.export_data()
    assert isinstance(dialog, ExportDataDialog)
    qtbot.waitUntil(lambda: dialog.subject_list.count() > 0, timeout=10_000)
    return dialog


def _exposure(qtbot: Any, window: MainWindow) -> ExposureScreen:
    screen = window.show_screen("exposure")
    assert isinstance(screen, ExposureScreen)
    qtbot.waitUntil(lambda: screen.rows_model.rowCount() > 0, timeout=20_000)
    return screen


def _texts(widget: QWidget) -> list[str]:
    """Every text a user reads on `widget`: its title, labels, buttons, and the headers of its tables."""
    found = [widget.windowTitle()]
    found += [w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget)]
    found += [w.text() for w in widget.findChildren(QAbstractButton) if w.isVisibleTo(widget)]
    found += [w.placeholderText() for w in widget.findChildren(QWidget) if hasattr(w, "placeholderText")]
    model = getattr(widget, "rows_model", None)
    if model is not None:
        found += [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return [t.replace("&", "") for t in found if t and t.strip()]


def _not_chinese(texts: list[str]) -> list[str]:
    return [t for t in texts if re.search(r"[A-Za-z]", t) and not CJK.search(t) and not AS_THEY_ARE.match(t)]


# --- File → Export trial data… -------------------------------------------------------------------------


@pytest.mark.parametrize("username", [INVESTIGATOR, ADMIN])
def test_investigators_and_administrators_have_the_export_entry(qtbot, demo_backend, tmp_path, username):
    window = _window(qtbot, demo_backend, tmp_path, username)
    assert window.export_data_action.isVisible() and window.export_data_action.isEnabled()
    assert window.export_data_action in window.menuBar().actions()[0].menu().actions()


@pytest.mark.parametrize("username", [PHARMACIST, COORDINATOR, NURSE])
def test_other_roles_have_no_export_entry_and_are_refused(qtbot, demo_backend, tmp_path, username):
    window = _window(qtbot, demo_backend, tmp_path, username)
    assert not window.export_data_action.isVisible() and not window.export_data_action.isEnabled()
    window.export_data_action.trigger()  # a shortcut or a stale menu: still nothing opens
    assert window.export_data() is None
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, ExportDataDialog)]


def test_an_export_through_the_dialog_writes_the_files_into_the_folder_typed(qtbot, demo_backend, tmp_path):
    out = tmp_path / "for the statistician"
    out.mkdir()
    window = _window(qtbot, demo_backend, tmp_path, INVESTIGATOR)
    dialog = _dialog(qtbot, window)
    qtbot.keyClicks(dialog.folder, str(out))
    dialog.format_boxes["csv"].setChecked(False)
    dialog.choose_subjects(["001-001", "001-004"])
    assert dialog.chosen_subjects() == ["001-001", "001-004"]
    dialog.grab().save(str(SCREENSHOTS / "export_dialog.png"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=60_000)
    written = sorted(p.name for p in out.iterdir())
    domains = ("ae", "dm", "ds", "ec", "ex", "lb", "sv", "vs")
    assert written == sorted(["define.html", *(f"{d}.{f}" for d in domains for f in ("xpt", "json"))])
    assert dialog.result_value.subjects == 2
    summary = dialog.summary.toPlainText()
    assert dialog.summary.isVisible() and f"Exported into {out}: {len(written)} files." in summary
    assert f"  EX: {dialog.result_value.counts['EX']}\n" in summary and "dm.xpt" in summary
    dialog.grab().save(str(SCREENSHOTS / "export_dialog_done.png"))
    dialog.reject()
    assert str(out) in window.statusBar().currentMessage()


def test_the_dialog_says_why_nothing_was_written(qtbot, demo_backend, tmp_path):
    window = _window(qtbot, demo_backend, tmp_path, ADMIN)
    dialog = _dialog(qtbot, window)
    dialog.export()
    assert dialog.message.text() == "Choose the folder to write the files into."
    dialog.folder.setText(str(tmp_path / "nowhere"))
    dialog.export()
    assert "There is no folder" in dialog.message.text() and "nowhere" in dialog.message.text()
    dialog.folder.setText(str(tmp_path))
    for box in dialog.format_boxes.values():
        box.setChecked(False)
    dialog.export()
    assert dialog.message.text() == "Tick at least one format."
    dialog.format_boxes["json"].setChecked(True)
    dialog.some_subjects.setChecked(True)
    dialog.export()
    assert dialog.message.text() == "Tick at least one subject, or choose every subject."
    assert not list(tmp_path.glob("*.json")) and dialog.result_value is None


def test_the_services_refusal_reaches_the_dialog_in_words(qtbot, demo_backend, tmp_path):
    """A pharmacist who got the dialog anyway (the window hides it): the services refuse, the dialog says so."""
    pharmacist = signed_in(users.sign_in(demo_backend.database.uow(), PHARMACIST, PASSWORDS[PHARMACIST]))
    window = _window(qtbot, demo_backend, tmp_path, ADMIN)
    dialog = ExportDataDialog(
        window.context.runner,
        demo_backend.list_patients,
        lambda folder, formats, subjects: demo_backend.export_trial_data(
            pharmacist, folder, formats, subjects
        ),
        window,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.folder.setText(str(tmp_path))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=30_000)
    assert "investigator" in dialog.message.text().lower() and "Traceback" not in dialog.message.text()
    assert dialog.result_value is None and not list(tmp_path.glob("*.xpt"))


# --- the Exposure screen -------------------------------------------------------------------------------


def test_the_exposure_screen_shows_the_dose_intensity_of_the_demo_trial(qtbot, demo_backend, tmp_path):
    window = _window(qtbot, demo_backend, tmp_path, INVESTIGATOR)
    assert "exposure" in window.visible_screens()
    screen = _exposure(qtbot, window)
    figures = {f.subject_number: f for f in demo_backend.exposure()}
    model = screen.rows_model
    assert model.rowCount() == len(figures) == 14  # the screen-failed subject has no dose intensity
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    cell = {
        (model.data(model.index(r, 0)), heads[c].replace("\n", " ")): model.data(model.index(r, c))
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    }
    first = figures["001-001"]
    # The demo's weights follow the day it is built on: the screen shows what the services computed.
    assert cell[("001-001", "Doses")] == str(first.doses) and first.doses >= 10
    assert cell[("001-001", "Planned (mg/kg/week)")] == "2.5"  # 5 mg/kg every 14 days
    assert first.rdi_percent is not None and 80 < first.rdi_percent < 100  # a hold and a reduction
    assert cell[("001-001", "RDI (%)")] == format_number(first.rdi_percent)
    assert cell[("001-001", "Cumulative (mg)")] == format_number(first.cumulative_mg)
    assert cell[("001-010", "RDI (%)")] == "–"  # no dose given yet
    assert len(first.holds) == 1 and first.holds[0].start.isoformat() in cell[("001-001", "Holds")]
    assert len(first.reductions) == 1 and "→" in cell[("001-001", "Reductions")]
    assert "days late" in cell[("001-001", "Delays")]
    assert "Disease progression: RECIST 1.1" in cell[("001-004", "End of treatment")]
    assert screen.count_label.text() == "Subjects: 14"
    screen.window().resize(1500, 800)
    qtbot.wait(50)
    screen.grab().save(str(SCREENSHOTS / "exposure_screen.png"))


@pytest.mark.parametrize(
    ("username", "sees"), [(PHARMACIST, True), (ADMIN, True), (COORDINATOR, False), (NURSE, False)]
)
def test_who_sees_the_exposure_screen(qtbot, demo_backend, tmp_path, username, sees):
    window = _window(qtbot, demo_backend, tmp_path, username)
    assert ("exposure" in window.visible_screens()) is sees
    assert window.go_actions["exposure"].isVisible() is sees


def test_print_report_previews_the_pdf(qtbot, demo_backend, tmp_path):
    window = _window(qtbot, demo_backend, tmp_path, PHARMACIST)
    screen = _exposure(qtbot, window)
    qtbot.mouseClick(screen.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "last_preview" in window.context.extras, timeout=60_000)
    preview = window.context.extras["last_preview"]
    assert preview.pages.data.startswith(b"%PDF") and len(preview.pages) >= 2  # the table, then the plots
    preview.reject()


def test_the_chinese_window_translates_the_dialog_and_the_screen(qtbot, demo_backend, tmp_path, chinese):
    window = _window(qtbot, demo_backend, tmp_path, INVESTIGATOR, "zh_CN")
    assert CJK.search(window.export_data_action.text())
    assert CJK.search(window.go_actions["exposure"].text())
    dialog = _dialog(qtbot, window)
    dialog.folder.setText(str(tmp_path))
    dialog.format_boxes["xpt"].setChecked(False)
    dialog.format_boxes["csv"].setChecked(False)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=60_000)
    dialog.grab().save(str(SCREENSHOTS / "export_dialog_zh.png"))
    assert _not_chinese(_texts(dialog)) == []
    lines = [line.strip() for line in dialog.summary.toPlainText().splitlines()]
    assert _not_chinese([line for line in lines if not line.endswith((".json", ".html"))]) == []
    dialog.reject()
    screen = _exposure(qtbot, window)
    screen.window().resize(1500, 800)
    qtbot.wait(50)
    screen.grab().save(str(SCREENSHOTS / "exposure_screen_zh.png"))
    assert _not_chinese(_texts(screen)) == []
    model = screen.rows_model

    def lines(column: int) -> list[str]:
        return [
            line
            for r in range(model.rowCount())
            for line in str(model.data(model.index(r, column))).splitlines()
        ]

    sentences = lines(7) + lines(8)  # delays and holds: the services' sentences, said in Chinese
    assert sentences and _not_chinese(sentences) == []
    # A reduction's reason is what the investigator typed (shown as typed), in the window's own frame.
    assert lines(9) and all(line.count("：") >= 2 for line in lines(9))
