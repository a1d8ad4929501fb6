"""The Eligibility tab of a screening subject's chart, on a real database: the criteria table filled from the
records, the evidence forms (a bad entry refused in words, nothing recorded), the investigator's signature
offered only once every criterion is met or not applicable, a coded screen failure, and a Chinese window
without an English word left."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QComboBox, QDialog, QLabel, QLineEdit, QWidget
from sqlalchemy import func, select

from app.models import EligibilityDecision, ScreeningEvidence, Subject
from app.services import eligibility
from app.ui.dialogs.esign import ESignatureDialog
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.chart import SubjectChartView
from app.ui.screens.eligibility_tab import (
    AttestationsDialog,
    DipstickDialog,
    EcgDialog,
    EcogDialog,
    EligibilityTab,
    LvefDialog,
    PregnancyTestDialog,
    ScreenFailureDialog,
    VaccineDialog,
)
from app.ui.screens.patients import PatientsScreen
from app.ui.screens.registry import default_factories
from app.ui.settings import UiSettings
from tests.integration._services import GOOD_LABS, PASSWORD, SCREENING_LABS, World
from tests.integration.test_paper import pdf_text

CHINESE = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{4,}")
CRITERION_ID = re.compile(r"[IE][0-9]+(\.[a-z_]+)?")
# Names a Chinese clinic writes in Latin letters too (and any abbreviation: two capitals or more).
KEPT = {"QTcF", "ECOG", "LVEF", "APTT", "CrCl", "Cockcroft", "Gault", "cells", "Chen", "Jing", "Zhang"}


@pytest.fixture
def world(database) -> World:
    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=4)
    return world


def _subject(world: World, number: str = "004-001") -> int:
    """A woman who can become pregnant, in screening, her first dose planned in two days, her labs drawn."""
    subject_id = world.enrol(number, c1d1=world.today + timedelta(days=2), can_become_pregnant=True)
    world.labs(subject_id, results=(*GOOD_LABS, *SCREENING_LABS))
    return subject_id


def _window(qtbot, backend, tmp_path: Path, world: World, who: str, language: str = "en") -> MainWindow:
    from app.ui.service_backend import signed_in

    context = build_context(backend, UiSettings(tmp_path / f"{who}.ini"), language)
    context.user = signed_in(world.user(who))
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    return window


def _tab(qtbot, window: MainWindow, subject_id: int) -> tuple[SubjectChartView, EligibilityTab]:
    screen = window.show_screen("patients")
    assert isinstance(screen, PatientsScreen)
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    screen.open_subject(subject_id)
    chart = screen.chart
    qtbot.waitUntil(
        lambda: chart.chart is not None and chart.chart.header.subject_id == subject_id, timeout=10_000
    )
    tab = chart.eligibility_tab
    assert tab is not None
    qtbot.waitUntil(lambda: tab.loaded, timeout=10_000)
    chart.tabs.setCurrentWidget(tab)
    return chart, tab


def _rows(tab: EligibilityTab) -> dict[str, list[str]]:
    model = tab.model
    return {
        model.index(row, 0).data(): [model.index(row, c).data() for c in range(model.columnCount())]
        for row in range(model.rowCount())
    }


def _saved(qtbot, tab: EligibilityTab, dialog: QDialog) -> None:
    """Accept the form; wait until it is saved and the tab is judged again from the records."""
    tab.loaded = False
    dialog.accept()
    qtbot.waitUntil(
        lambda: tab.loaded and not (shiboken6.isValid(dialog) and dialog.isVisible()), timeout=10_000
    )


def _count(database, model: Any) -> int:
    with database.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_table_is_filled_from_the_records_and_a_coordinator_records_but_does_not_sign(
    qtbot, backend, database, tmp_path, world
):
    subject_id = _subject(world)
    window = _window(qtbot, backend, tmp_path, world, "coordinator")
    chart, tab = _tab(qtbot, window, subject_id)
    assert chart.tabs.isTabVisible(chart.tabs.indexOf(tab))
    headers = [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(tab.model.columnCount())]
    assert headers == ["Criterion", "Text", "Status", "Value", "Limit", "Why"]
    rows = _rows(tab)
    assert len(rows) == len(tab.view.result.items) > 30
    assert rows["I8.neutrophils"][2] == "met" and "2.4" in rows["I8.neutrophils"][3]
    assert "1.5" in rows["I8.neutrophils"][4]
    assert rows["I10.pregnancy_test"][2] == "missing" and rows["E6.qtcf"][2] == "missing"
    assert rows["I1"][2] == "missing"  # judgement: awaiting the investigator's attestation
    assert "Undecided" in tab.summary.text() and "I10.pregnancy_test" in tab.summary.text()
    # the criterion chosen is read in full below the table (the first one missing comes chosen)
    assert tab.detail.text().startswith("I1: Advanced") and "awaiting the investigator" in tab.detail.text()
    pregnancy = list(rows).index("I10.pregnancy_test")
    tab.table.selectRow(pregnancy)
    assert tab.detail.text().startswith("I10.pregnancy_test: Negative urine or serum pregnancy test")
    assert "missing" in tab.detail.text()
    # a coordinator records evidence; only an investigator attests, signs or records a screen failure
    assert not tab.ecg_button.isHidden() and tab.ecg_button.isEnabled()
    assert tab.sign_button.isHidden() and tab.failure_button.isHidden() and tab.attest_button.isHidden()
    assert not tab.print_button.isHidden()  # the checklist prints for anyone who sees the tab
    # a subject on treatment has no Eligibility tab shown
    dosed = world.enrol("004-002", c1d1=world.today)
    world.give_dose(dosed, "C1D1")
    chart.changed.emit(dosed)
    qtbot.waitUntil(
        lambda: chart.chart is not None and chart.chart.header.subject_id == dosed, timeout=10_000
    )
    assert not chart.tabs.isTabVisible(chart.tabs.indexOf(tab))


def test_evidence_recorded_through_the_forms_makes_the_subject_eligible(
    qtbot, backend, database, tmp_path, world
):
    subject_id = _subject(world)
    window = _window(qtbot, backend, tmp_path, world, "investigator")
    _chart, tab = _tab(qtbot, window, subject_id)
    assert not tab.sign_button.isEnabled()

    ecg = tab.record_ecg()
    assert isinstance(ecg, EcgDialog)
    ecg.qt.setText("400")
    ecg.heart_rate.setText("70")
    ecg.rr.setText("857")  # both: refused in words, nothing recorded
    before = _count(database, ScreeningEvidence)
    ecg.accept()
    assert ecg.message.isVisible() and "either the heart rate or the RR" in ecg.message.text()
    assert _count(database, ScreeningEvidence) == before and ecg.isVisible()
    ecg.rr.clear()
    _saved(qtbot, tab, ecg)
    assert _rows(tab)["E6.qtcf"][2] == "met" and "421" in _rows(tab)["E6.qtcf"][3]  # QTcF of QT 400 at 70/min
    assert tab.context.extras["last_confirmation"].startswith("ECG recorded for 004-001")

    lvef = tab.record_lvef()
    assert isinstance(lvef, LvefDialog)
    lvef.percent.setText("sixty")
    lvef.accept()
    assert "LVEF in %" in lvef.message.text()
    lvef.percent.setText("61,5")  # a decimal comma is read
    _saved(qtbot, tab, lvef)
    assert _rows(tab)["I8.lvef"][2] == "met"

    dipstick = tab.record_dipstick()
    assert isinstance(dipstick, DipstickDialog)
    dipstick.reading.setCurrentIndex(dipstick.reading.findData("-"))
    _saved(qtbot, tab, dipstick)

    vaccine = tab.record_vaccine()
    assert isinstance(vaccine, VaccineDialog)
    vaccine.accept()
    assert vaccine.message.isVisible()  # the answer is chosen, never assumed
    vaccine.none.setCurrentIndex(vaccine.none.findData("none"))
    assert not vaccine.last.isEnabled()
    _saved(qtbot, tab, vaccine)
    assert _rows(tab)["E17.recent"][2] == "met"

    ecog = tab.record_ecog()
    assert isinstance(ecog, EcogDialog)
    ecog.ecog.setCurrentIndex(ecog.ecog.findData(1))
    _saved(qtbot, tab, ecog)
    assert _rows(tab)["I6"][2] == "met"

    attest = tab.record_attestations()
    assert isinstance(attest, AttestationsDialog)
    assert set(attest.boxes) == set(tab.view.attestable) and "I1" in attest.boxes
    attest.tick_all()
    attest.boxes["E9"].setChecked(False)
    _saved(qtbot, tab, attest)
    assert _rows(tab)["E9"][2] == "not met" and _rows(tab)["I1"][2] == "met"
    attest = tab.record_attestations()
    assert isinstance(attest, AttestationsDialog) and not attest.boxes["E9"].isChecked()
    attest.boxes["E9"].setChecked(True)
    _saved(qtbot, tab, attest)

    assert tab.view.result.missing == ("I10.pregnancy_test",) and not tab.sign_button.isEnabled()
    test = tab.record_pregnancy_test()
    assert isinstance(test, PregnancyTestDialog)
    test.accept()
    assert "result" in test.message.text()
    test.kind.setCurrentIndex(test.kind.findData("serum"))
    test.outcome.setCurrentIndex(test.outcome.findData("negative"))
    _saved(qtbot, tab, test)
    assert tab.view.result.eligible is True
    assert "Eligible for a first dose on" in tab.summary.text() and tab.sign_button.isEnabled()


def test_signing_is_offered_only_when_eligible_and_takes_the_password(
    qtbot, backend, database, tmp_path, world
):
    subject_id = _subject(world)
    world.screening_evidence(subject_id)
    eligibility.record_attestations(world.uow("investigator"), subject_id, {"E9": False})
    window = _window(qtbot, backend, tmp_path, world, "investigator")
    chart, tab = _tab(qtbot, window, subject_id)
    assert tab.view.result.eligible is False and not tab.sign_button.isEnabled()
    assert tab.sign_eligibility() is None  # the button is disabled: nothing opens
    assert "Not eligible" in tab.summary.text() and "E9 not met" in tab.summary.text()

    eligibility.record_attestations(world.uow("investigator"), subject_id, {"E9": True})
    tab.loaded = False
    chart.reload()
    qtbot.waitUntil(lambda: tab.loaded and tab.sign_button.isEnabled(), timeout=10_000)
    dialog = tab.sign_eligibility()
    assert isinstance(dialog, ESignatureDialog) and dialog.meaning == "approved"
    assert "004-001" in dialog.findChild(QLabel, "record").text()
    dialog.password.setText("wrong password")
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
    assert _count(database, EligibilityDecision) == 0 and dialog.isVisible()
    dialog.password.setText(PASSWORD)
    _saved(qtbot, tab, dialog)
    assert tab.view.decision is not None and tab.view.decision.kind == "eligible"
    assert (
        tab.decision.text().startswith("Signed eligible for a first dose on")
        and "Dr Zhang Wei" in tab.decision.text()
    )
    assert (
        not tab.sign_button.isEnabled()
        and not tab.ecg_button.isEnabled()
        and not tab.failure_button.isEnabled()
    )
    assert "signed eligible" in tab.context.extras["last_confirmation"]
    assert world.eligibility_signed(subject_id)


def test_a_screen_failure_with_its_coded_reason_takes_the_subject_off_study(
    qtbot, backend, database, tmp_path, world
):
    subject_id = _subject(world)
    eligibility.record_ecg(
        world.uow("coordinator"), subject_id, world.today, Decimal(440), heart_rate_bpm=Decimal(78)
    )
    window = _window(qtbot, backend, tmp_path, world, "investigator")
    chart, tab = _tab(qtbot, window, subject_id)
    assert _rows(tab)["E6.qtcf"][2] == "not met" and "480" in _rows(tab)["E6.qtcf"][3]
    dialog = tab.record_screen_failure()
    assert isinstance(dialog, ScreenFailureDialog)
    assert dialog.reason.currentData() == "criteria_not_met" and dialog.criteria.text() == "E6.qtcf"
    dialog.reason.setCurrentIndex(dialog.reason.findData("other"))
    dialog.accept()  # "other" needs the detail
    assert "detail" in dialog.message.text() and _count(database, EligibilityDecision) == 0
    dialog.reason.setCurrentIndex(dialog.reason.findData("criteria_not_met"))
    dialog.criteria.setText("E6.qtcf, X99")  # not a criterion: the service's words, nothing recorded
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.message.isVisible() and "X99" in dialog.message.text(), timeout=10_000)
    assert _count(database, EligibilityDecision) == 0
    dialog.criteria.setText("E6.qtcf")
    dialog.detail.setText("QTcF 480 ms on two tracings")
    _saved(qtbot, tab, dialog)
    qtbot.waitUntil(
        lambda: chart.chart is not None and chart.chart.header.status == "screen_failed", timeout=10_000
    )
    with database.session_factory() as session:
        decision = session.scalars(select(EligibilityDecision)).one()
        status = session.get(Subject, subject_id).status
    assert (decision.reason_code, decision.criteria_not_met, decision.detail) == (
        "criteria_not_met",
        "E6.qtcf",
        "QTcF 480 ms on two tracings",
    )
    assert status == "screen_failed"
    qtbot.waitUntil(lambda: tab.view is not None and tab.view.decision is not None, timeout=10_000)
    assert chart.tabs.isTabVisible(chart.tabs.indexOf(tab))
    assert "Screen failure recorded by Dr Zhang Wei" in tab.decision.text()
    assert "eligibility criteria not met (E6.qtcf): QTcF 480 ms on two tracings" in tab.decision.text()
    assert not tab.failure_button.isEnabled() and not tab.sign_button.isEnabled()


def test_print_checklist_asks_the_language_and_previews_the_checklist(qtbot, backend, database, tmp_path, world):
    subject_id = _subject(world)
    window = _window(qtbot, backend, tmp_path, world, "coordinator")
    _chart, tab = _tab(qtbot, window, subject_id)
    assert not tab.print_button.isHidden() and tab.print_button.isEnabled()
    asked = tab.print_checklist()
    assert asked is not None and asked.language == "en"  # the window's language offered
    tab.print_checklist("zh")
    qtbot.waitUntil(lambda: "last_preview" in tab.context.extras, timeout=20_000)
    preview = tab.context.extras["last_preview"]
    assert "Eligibility checklist" in preview.windowTitle()
    data = backend.eligibility_checklist_pdf(tab.view.subject_number, "zh")
    assert data.startswith(b"%PDF") and "入选资格核查表" in pdf_text(data)


def _kept(word: str) -> bool:
    return word in KEPT or sum(c.isupper() for c in word) >= 2


def _english_left(widget: QWidget) -> list[str]:
    """The texts shown by `widget` and its children that keep an English word."""
    texts: list[str] = []
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QLabel | QAbstractButton) and child.isVisibleTo(widget):
            texts.append(child.text())
        elif isinstance(child, QComboBox) and child.isVisibleTo(widget):
            texts.extend(child.itemText(i) for i in range(child.count()))
        elif isinstance(child, QLineEdit) and child.isVisibleTo(widget):
            texts.append(child.placeholderText())
        if isinstance(child, QWidget) and child.toolTip():
            texts.append(child.toolTip())
    if isinstance(widget, QDialog):
        texts.append(widget.windowTitle())
    return [
        t
        for t in texts
        if not CRITERION_ID.fullmatch(t)  # a criterion's id is a code, as the protocol numbers it
        and [w for w in ENGLISH_WORD.findall(t) if not _kept(w) and not CHINESE.search(t)]
    ]


def test_the_tab_and_its_forms_speak_chinese(qtbot, backend, database, tmp_path, world, chinese):
    subject_id = _subject(world)
    world.screening_evidence(subject_id)
    window = _window(qtbot, backend, tmp_path, world, "investigator", "zh_CN")
    chart, tab = _tab(qtbot, window, subject_id)
    assert CHINESE.search(chart.tabs.tabText(chart.tabs.indexOf(tab)))
    headers = [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(tab.model.columnCount())]
    assert all(CHINESE.search(h) for h in headers[1:]), headers
    for row in _rows(tab).values():
        for cell in row[1:]:
            leftover = [w for w in ENGLISH_WORD.findall(cell) if not _kept(w)]
            assert not leftover, row
    assert not _english_left(tab), _english_left(tab)
    dialogs: list[QDialog | None] = [
        tab.record_ecg(),
        tab.record_lvef(),
        tab.record_pregnancy_test(),
        tab.record_dipstick(),
        tab.record_vaccine(),
        tab.record_ecog(),
        tab.record_attestations(),
        tab.record_screen_failure(),
        tab.sign_eligibility(),
    ]
    for dialog in dialogs:
        assert dialog is not None
        left = [t for t in _english_left(dialog) if "Zhang Wei" not in t]  # the signer's name, as written
        assert not left, (type(dialog).__name__, left)
        if isinstance(
            dialog, AttestationsDialog
        ):  # each box its criterion's id, its text in Chinese beside it
            assert {b.text() for b in dialog.findChildren(QCheckBox)} == set(tab.view.attestable)
        dialog.reject()
