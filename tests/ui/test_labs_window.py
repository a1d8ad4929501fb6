"""Labs from the laboratory and the site's settings, in the window, on a real database: File → Import labs… and a
file dropped on a chart (previewed row by row, then imported once; a file with an unreadable row refused unless
its readable rows only are asked for), Admin → Site settings (saved as one unit, refusals said, nothing half
changed), the lab form starting from the site's reference ranges, the hospital number at enrolment and on the
chart, and "awaiting labs" instead of "NOT met" while no result of the needed age exists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.models import AuditLog, LabResult
from app.services.clinical import LabInput, subject_labs
from app.services.settings import LAB_COLUMN_FIELDS, set_setting, site_settings
from app.services.settings import TEXT_KEYS as SERVICE_TEXT_KEYS
from app.ui.dialogs.clinical import LabsDialog
from app.ui.dialogs.enrol import EnrolDialog
from app.ui.dialogs.import_labs import ImportLabsDialog
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.admin import AdminScreen
from app.ui.screens.chart import SubjectChartView
from app.ui.screens.patients import PatientsScreen
from app.ui.screens.registry import default_factories
from app.ui.screens.site_settings import COLUMN_FIELDS, TEXT_KEYS, RangeDialog
from app.ui.service_backend import signed_in
from app.ui.settings import UiSettings
from tests.integration._services import GOOD_LABS, World

MRN = "ZS001001"
HEADER = "Hospital number,Test code,Result,Unit,Reference range,Collected,Accession number"


@pytest.fixture
def world(database) -> World:
    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=4)
    return world


def _window(qtbot, backend, tmp_path: Path, who, language: str = "en") -> MainWindow:
    context = build_context(backend, UiSettings(tmp_path / f"{who.username}.ini"), language)
    context.user = signed_in(who)
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    return window


def _chart(qtbot, window: MainWindow, subject_id: int) -> SubjectChartView:
    screen = window.show_screen("patients")
    assert isinstance(screen, PatientsScreen)
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    screen.open_subject(subject_id)
    qtbot.waitUntil(
        lambda: screen.chart.chart is not None and screen.chart.chart.header.subject_id == subject_id,
        timeout=10_000,
    )
    return screen.chart


def _panel_file(tmp_path: Path, day: str, *rows: str, name: str = "labs.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows, ""]), encoding="utf-8")
    return path


def _panel_rows(day: str) -> tuple[str, ...]:
    return (
        f"{MRN},751-8,2.4,10^9/L,1.8-6.3,{day} 07:30,A1",
        f"{MRN},777-3,210,10^9/L,125-350,{day} 07:30,A1",
        f"{MRN},718-7,121,g/L,115-150,{day} 07:30,A1",
        f"ZS999999,718-7,121,g/L,115-150,{day} 07:45,A3",
    )


def _previewed(qtbot, dialog: ImportLabsDialog) -> None:
    qtbot.waitUntil(lambda: dialog.preview is not None or dialog.message.isVisible(), timeout=10_000)


def _labs_count(database) -> int:
    with database.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(LabResult)) or 0)


# --- criteria to treat: awaiting labs ------------------------------------------------------------------


def test_chart_says_awaiting_labs_when_none_drawn_and_not_met_when_a_value_fails(
    qtbot, backend, database, tmp_path, world
):
    subject_id = world.enrol("003-001", c1d1=world.today + timedelta(days=1))
    window = _window(qtbot, backend, tmp_path, world.user("investigator"))
    chart = _chart(qtbot, window, subject_id)

    text = chart.criteria.text()
    assert "awaiting labs" in text
    assert "NOT met" not in text
    assert "#b00020" not in chart.criteria.styleSheet()  # not the red of a value out of its limit

    labs = (
        *(r for r in GOOD_LABS if r.lab != "neutrophils"),
        LabInput("neutrophils", Decimal("0.8"), "10^9/L"),
    )
    world.labs(subject_id, results=labs)
    chart.reload()
    qtbot.waitUntil(lambda: "NOT met" in chart.criteria.text(), timeout=10_000)
    assert "#b00020" in chart.criteria.styleSheet()


def test_orders_and_today_say_awaiting_labs_for_an_order_whose_labs_are_not_drawn(
    qtbot, backend, database, tmp_path, world
):
    subject_id = world.enrol("003-002", c1d1=world.today)
    world.weigh(subject_id, on=world.today)
    world.order(subject_id, "C1D1")
    window = _window(qtbot, backend, tmp_path, world.user("pharmacist"))
    today = window.show_screen("today")
    assert today is not None
    rows = backend.today(world.today, signed_in(world.user("pharmacist"))).queue
    (row,) = [r for r in rows if r.subject_number == "003-002"]
    assert row.criteria_met is False and row.awaiting_labs


# --- the hospital number ----------------------------------------------------------------------------


def test_enrol_form_passes_the_hospital_number_and_the_chart_shows_it(
    qtbot, backend, database, tmp_path, world
):
    dialog = EnrolDialog(_Runner(), lambda fields: fields)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.number.setText("003-010")
    dialog.initials.setText("HM")
    dialog.hospital_number.setText("  zs004321 ")
    dialog.weight.setText("60")
    dialog.height_cm.setText("160")
    fields = dialog.fields()
    assert fields is not None and fields["hospital_number"] == "zs004321"
    dialog.hospital_number.setText("")
    assert dialog.fields()["hospital_number"] is None  # type: ignore[index]

    subject_id = world.enrol("003-011", hospital_number="zs004322")
    window = _window(qtbot, backend, tmp_path, world.user("coordinator"))
    chart = _chart(qtbot, window, subject_id)
    assert "Hospital number ZS004322" in chart.header.text()


class _Runner:
    def run(self, *args, **kwargs) -> None:  # the form is read, never run, here
        raise AssertionError("not run")


# --- the lab form starts from the site's ranges --------------------------------------------------------


def test_lab_form_starts_from_the_sites_reference_ranges_and_keeps_what_is_typed(
    qtbot, backend, database, tmp_path, world
):
    set_setting(database.uow(world.user("admin")), "reference_range.bilirubin", "0-21 µmol/L")
    set_setting(database.uow(world.user("admin")), "reference_range.alt", "<40 U/L")
    subject_id = world.enrol("003-020")
    window = _window(qtbot, backend, tmp_path, world.user("coordinator"))
    chart = _chart(qtbot, window, subject_id)
    dialog = chart.record_labs()
    assert isinstance(dialog, LabsDialog)

    assert (dialog.llns["bilirubin"].text(), dialog.ulns["bilirubin"].text()) == ("0", "21")
    assert (dialog.llns["alt"].text(), dialog.ulns["alt"].text()) == ("", "40")
    assert dialog.ulns["neutrophils"].text() == ""  # no range set: nothing invented
    assert dialog.draft_state() is None  # the defaults alone are not a draft

    # The range follows the unit: none in mg/dL (21 µmol/L is no exact figure there: nothing guessed).
    dialog.units["bilirubin"].setCurrentText("mg/dL")
    assert (dialog.llns["bilirubin"].text(), dialog.ulns["bilirubin"].text()) == ("", "")
    dialog.ulns["alt"].setText("35")  # typed: kept when the unit changes
    dialog.units["alt"].setCurrentText("U/L")
    assert dialog.ulns["alt"].text() == "35"

    dialog.values["bilirubin"].setText("12")
    dialog.units["bilirubin"].setCurrentText("umol/L")
    entries = dialog.entries()
    assert entries == [("bilirubin", Decimal("12"), "umol/L", Decimal("0"), Decimal("21"))]


# --- Admin → Site settings ---------------------------------------------------------------------------


def _settings_page(qtbot, backend, tmp_path, world):
    window = _window(qtbot, backend, tmp_path, world.user("admin"))
    screen = window.show_screen("admin")
    assert isinstance(screen, AdminScreen)
    page = screen.site_settings
    screen.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.loaded, timeout=10_000)
    return window, page


def test_site_settings_page_saves_as_one_unit_and_refuses_without_changing_anything(
    qtbot, backend, database, tmp_path, world
):
    # The page's fields are the service's keys (written twice to keep SQLAlchemy out of the window's start).
    assert TEXT_KEYS == SERVICE_TEXT_KEYS and COLUMN_FIELDS == LAB_COLUMN_FIELDS
    _, page = _settings_page(qtbot, backend, tmp_path, world)
    assert page.columns["hospital_number"].text() == "Hospital number"

    page.texts["clinic_name"].setText("Oncology day unit")
    page.texts["clinic_phone"].setText("call us")  # not a phone
    audited = _audit_rows(database)
    page.save()
    qtbot.waitUntil(lambda: page.message.isVisible(), timeout=10_000)
    assert "phone" in page.message.text()
    settings = site_settings(database.read_uow())
    assert settings.clinic_name == "" and settings.clinic_phone == ""  # neither saved
    assert _audit_rows(database) == audited

    page.texts["clinic_phone"].setText("+86 20 8734 3088")
    page.texts["clinic_name_zh"].setText("肿瘤日间病房")
    page.encoding.setCurrentIndex(page.encoding.findData("gb18030"))
    page.columns["value"].setText("结果")
    page.save()
    qtbot.waitUntil(lambda: "settings_saved" in page.context.extras, timeout=10_000)
    settings = site_settings(database.read_uow())
    assert (settings.clinic_name, settings.clinic_name_zh, settings.clinic_phone) == (
        "Oncology day unit",
        "肿瘤日间病房",
        "+86 20 8734 3088",
    )
    assert settings.lab_file_encoding == "gb18030"
    assert settings.lab_columns["value"] == "结果"
    assert _audit_rows(database) == audited + 5
    qtbot.waitUntil(lambda: page.rows["clinic_phone"].value == "+86 20 8734 3088", timeout=10_000)
    assert page.changes() == []
    page.save()
    assert page.message.text() == "Nothing has changed."


def _audit_rows(database) -> int:
    with database.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(AuditLog)) or 0)


def test_site_settings_page_sets_a_range_with_a_lower_limit_of_zero_and_a_code(
    qtbot, backend, database, tmp_path, world
):
    _, page = _settings_page(qtbot, backend, tmp_path, world)
    dialog = page.edit_range(new=True)
    assert isinstance(dialog, RangeDialog)
    dialog.lab.setCurrentIndex(dialog.lab.findData("bilirubin"))
    dialog.unit.setCurrentText("µmol/L")
    dialog.lln.setText("0")
    dialog.uln.setText("21")
    dialog.accept()
    qtbot.waitUntil(lambda: page.ranges_model.rowCount() == 1, timeout=10_000)
    found = site_settings(database.read_uow()).reference_range("bilirubin", "umol/L")
    assert found is not None and (found.lln, found.uln) == (Decimal("0"), Decimal("21"))

    upside_down = page.edit_range(new=True)
    upside_down.lab.setCurrentIndex(upside_down.lab.findData("alt"))
    upside_down.lln.setText("40")
    upside_down.uln.setText("7")
    upside_down.accept()
    qtbot.waitUntil(lambda: upside_down.message.isVisible(), timeout=10_000)
    assert upside_down.isVisible() and "upside down" in upside_down.message.text()

    code = page.add_code()
    code.code.setText("NEUT#")
    code.lab.setCurrentIndex(code.lab.findData("neutrophils"))
    code.unit.setCurrentText("10^9/L")
    code.accept()
    qtbot.waitUntil(lambda: page.codes_model.rowCount() == 1, timeout=10_000)
    assert site_settings(database.read_uow()).site_code("neut#") is not None

    page.codes.selectRow(0)
    page.remove_code()
    qtbot.waitUntil(lambda: page.codes_model.rowCount() == 0, timeout=10_000)
    page.ranges.selectRow(0)
    page.remove_range()
    qtbot.waitUntil(lambda: page.ranges_model.rowCount() == 0, timeout=10_000)
    assert site_settings(database.read_uow()).reference_range("bilirubin", "umol/L") is None


# --- File → Import labs… and a file dropped on the chart --------------------------------------------------


def test_import_labs_previews_then_imports_once(qtbot, backend, database, tmp_path, world):
    subject_id = world.enrol("003-030", c1d1=world.today + timedelta(days=1), hospital_number=MRN)
    day = (world.today - timedelta(days=1)).isoformat()  # its 07:30 has passed whatever the time now
    path = _panel_file(tmp_path, day, *_panel_rows(day))
    window = _window(qtbot, backend, tmp_path, world.user("coordinator"))
    assert window.import_labs_action.isVisible()
    chart = _chart(qtbot, window, subject_id)
    assert "awaiting labs" in chart.criteria.text()

    dialog = window.import_labs(path)
    assert isinstance(dialog, ImportLabsDialog)
    _previewed(qtbot, dialog)
    assert dialog.rows_model.rowCount() == 4
    summary = dialog.summary.text()
    assert "4 results: 3 new" in summary and "1 not matched" in summary
    assert "Unknown hospital numbers: ZS999999" in summary
    assert dialog.import_button.isEnabled()
    assert _labs_count(database) == 0  # the preview stores nothing

    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=10_000)
    assert len(dialog.result_value.stored) == 3
    assert {lab.lab for lab in subject_labs(database.read_uow(), "003-030")} == {
        "neutrophils",
        "platelets",
        "hemoglobin",
    }
    assert "Imported 3 results." in window.statusBar().currentMessage()
    qtbot.waitUntil(
        lambda: "awaiting labs" in chart.criteria.text() or "NOT met" in chart.criteria.text(), timeout=5000
    )
    qtbot.waitUntil(lambda: len(chart.chart.labs) == 3, timeout=10_000)  # the chart was read again

    again = window.import_labs(path)
    _previewed(qtbot, again)
    assert "Nothing in this file is new" in again.summary.text()
    assert not again.import_button.isEnabled()
    again.accept()  # nothing to store: nothing happens
    assert _labs_count(database) == 3


def test_a_file_with_an_unreadable_row_imports_nothing_unless_the_readable_rows_only_are_chosen(
    qtbot, backend, database, tmp_path, world
):
    world.enrol("003-040", c1d1=world.today + timedelta(days=1), hospital_number=MRN)
    day = (world.today - timedelta(days=1)).isoformat()  # its 07:30 has passed whatever the time now
    rows = (*_panel_rows(day)[:2], f"{MRN},718-7,121,g/L")  # half a row
    path = _panel_file(tmp_path, day, *rows)
    window = _window(qtbot, backend, tmp_path, world.user("investigator"))
    dialog = window.import_labs(path)
    _previewed(qtbot, dialog)
    assert dialog.preview.unreadable
    assert not dialog.import_button.isEnabled()
    assert "cannot be read" in dialog.message.text()
    assert dialog.readable_only.isEnabled()

    dialog.readable_only.setChecked(True)
    qtbot.waitUntil(lambda: dialog.preview.identity.readable_rows_only, timeout=10_000)
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=10_000)
    assert _labs_count(database) == 2


def test_import_refused_in_words_for_a_folder_and_a_binary_file(qtbot, backend, database, tmp_path, world):
    window = _window(qtbot, backend, tmp_path, world.user("coordinator"))
    folder = window.import_labs(tmp_path)
    qtbot.waitUntil(lambda: folder.message.isVisible(), timeout=10_000)
    assert "is a folder" in folder.message.text()
    assert not folder.import_button.isEnabled()
    junk = tmp_path / "photo.csv"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    dialog = window.import_labs(junk)
    _previewed(qtbot, dialog)
    assert not dialog.import_button.isEnabled()
    assert _labs_count(database) == 0


def test_a_file_dropped_on_the_chart_opens_the_import(qtbot, backend, database, tmp_path, world):
    subject_id = world.enrol("003-050", c1d1=world.today + timedelta(days=1), hospital_number=MRN)
    day = (world.today - timedelta(days=1)).isoformat()  # its 07:30 has passed whatever the time now
    path = _panel_file(tmp_path, day, *_panel_rows(day))
    window = _window(qtbot, backend, tmp_path, world.user("coordinator"))
    chart = _chart(qtbot, window, subject_id)
    assert chart.acceptDrops()

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    chart.dropEvent(event)
    dialog = chart.context.extras["last_dialog"]
    assert isinstance(dialog, ImportLabsDialog)
    _previewed(qtbot, dialog)
    assert dialog.rows_model.rowCount() == 4

    text = QMimeData()
    text.setText("neutrophils 2.4")
    assert (
        SubjectChartView.dropped_file(
            QDropEvent(
                QPointF(1, 1),
                Qt.DropAction.CopyAction,
                text,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
        )
        is None
    )


def test_only_those_who_record_labs_see_the_import(qtbot, backend, database, tmp_path, world):
    pharmacist = _window(qtbot, backend, tmp_path, world.user("pharmacist"))
    assert not pharmacist.import_labs_action.isVisible()
    assert pharmacist.import_labs(tmp_path / "any.csv") is None


def test_import_dialog_speaks_chinese(qtbot, backend, database, tmp_path, world, chinese):
    world.enrol("003-060", c1d1=world.today + timedelta(days=1), hospital_number=MRN)
    day = (world.today - timedelta(days=1)).isoformat()  # its 07:30 has passed whatever the time now
    path = _panel_file(tmp_path, day, *_panel_rows(day))
    window = _window(qtbot, backend, tmp_path, world.user("coordinator"), "zh_CN")
    dialog = window.import_labs(path)
    _previewed(qtbot, dialog)
    statuses = {dialog.rows_model.data(dialog.rows_model.index(r, 8)) for r in range(4)}
    assert statuses and not statuses & {"new", "not matched"}
    assert dialog.import_button.text() != "&Import"
    QApplication.processEvents()


def test_site_settings_typed_and_not_saved_survive_another_tab(qtbot, backend, database, tmp_path, world):
    window, page = _settings_page(qtbot, backend, tmp_path, world)
    screen = window.current_screen()
    qtbot.waitUntil(lambda: not window.context.runner.busy, timeout=10_000)  # every first read is in
    page.texts["clinic_name"].setText("Oncology day unit")
    screen.tabs.setCurrentIndex(0)
    screen.tabs.setCurrentWidget(page)
    screen.activate()
    qtbot.waitUntil(lambda: not window.context.runner.busy, timeout=10_000)  # the settings read again
    qtbot.wait(50)
    assert page.texts["clinic_name"].text() == "Oncology day unit"
    assert page.changes() == [("clinic_name", "Oncology day unit")]


def test_site_settings_page_turns_bilingual_paper_on_and_off(qtbot, backend, database, tmp_path, world):
    _, page = _settings_page(qtbot, backend, tmp_path, world)
    assert not page.bilingual.isChecked() and page.changes() == []
    page.bilingual.setChecked(True)
    assert page.changes() == [("paper_bilingual", "true")]
    page.save()
    qtbot.waitUntil(lambda: "settings_saved" in page.context.extras, timeout=10_000)
    assert site_settings(database.read_uow()).paper_bilingual
    qtbot.waitUntil(lambda: page.rows["paper_bilingual"].value is True, timeout=10_000)
    assert page.bilingual.isChecked() and page.changes() == []
    page.bilingual.setChecked(False)
    assert page.changes() == [("paper_bilingual", "false")]
