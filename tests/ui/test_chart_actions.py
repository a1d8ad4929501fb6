"""What happens to visits, toxicities and the treatment, recorded from a subject's chart on a real database:
a visit done on its date or missed, a dose omitted, treatment ended (the calendar follows with EOT and
follow-up), a toxicity resolved ending its hold (the next order follows the reduced level). Each is driven
through the widgets and checked in the records afterwards."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication, QPushButton
from sqlalchemy import select

pytest.importorskip("app.services.visits")
pytest.importorskip("app.services.toxicities")

from app.models import Hold, InfusionOrder, Subject, Toxicity, Visit
from app.ui.dialogs.toxicity import RecordToxicityDialog
from app.ui.dialogs.visit_actions import DateReasonDialog
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.chart import SubjectChartView
from app.ui.screens.patients import PatientsScreen
from app.ui.screens.registry import default_factories
from app.ui.service_backend import signed_in
from app.ui.settings import UiSettings
from tests.integration._services import World


def open_chart(
    qtbot, backend, tmp_path: Path, who, subject_id: int, language: str = "en"
) -> SubjectChartView:
    """A main window signed in as `who`, showing the chart of `subject_id`."""
    context = build_context(backend, UiSettings(tmp_path / f"{who.username}.ini"), language)
    context.user = signed_in(who)
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    screen = window.show_screen("patients")
    assert isinstance(screen, PatientsScreen)
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    screen.open_subject(subject_id)
    qtbot.waitUntil(lambda: screen.chart.chart is not None, timeout=10_000)
    return screen.chart


def _press(qtbot, dialog, text: str) -> None:
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _saved(qtbot, dialog) -> None:
    """The form closed (saved), or stayed open with the service's words (then the test fails with them)."""
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or dialog.message.isVisible(), timeout=10_000)
    assert not shiboken6.isValid(dialog), dialog.message.text()


def _reloaded(qtbot, chart: SubjectChartView, check) -> None:
    qtbot.waitUntil(lambda: chart.chart is not None and check(chart.chart), timeout=10_000)


def _visit(database, subject_id: int, label: str) -> Visit:
    with database.session_factory() as session:
        return session.execute(
            select(Visit).where(Visit.subject_id == subject_id, Visit.label == label)
        ).scalar_one()


def _status(chart: SubjectChartView, label: str) -> str | None:
    found = next((v for v in chart.chart.visits if v.label == label), None) if chart.chart else None
    return found.status if found is not None else None


@pytest.fixture
def treated(database):
    """A subject given C1D1 this morning (through the services), and the world that did it."""
    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=4)
    subject_id = world.enrol("001-001", c1d1=world.today)
    world.give_dose(subject_id, "C1D1")
    return world, subject_id


def test_a_visit_done_missed_a_dose_omitted_and_treatment_ended(qtbot, backend, database, tmp_path, treated):
    world, subject_id = treated
    chart = open_chart(qtbot, backend, tmp_path, world.user("investigator"), subject_id)
    today = date.today()

    # TA1 did not take place: missed, with why.
    assert chart.select_visit("TA1")
    assert chart.missed_action.isEnabled() and not chart.omit_action.isEnabled()  # a scan is not a dose
    chart.missed_action.trigger()
    dialog = chart.context.extras.pop("last_dialog")
    assert isinstance(dialog, DateReasonDialog) and dialog.choice is not None
    dialog.choice.setCurrentIndex(dialog.choice.findData("clinic_unavailable"))
    _press(qtbot, dialog, "Record")
    assert dialog.message.isVisible() and "reason" in dialog.message.text()  # this one needs the detail
    qtbot.keyClicks(dialog.reason, "scanner out of order all week")
    _press(qtbot, dialog, "Record")
    _saved(qtbot, dialog)
    _reloaded(qtbot, chart, lambda c: _status(chart, "TA1") == "missed")
    row = _visit(database, subject_id, "TA1")
    assert (str(row.status), row.status_reason_code, row.status_reason) == (
        "missed",
        "clinic_unavailable",
        "scanner out of order all week",
    )

    # TA2 was done early, today, with a note.
    assert chart.select_visit("TA2")
    chart.done_action.trigger()
    dialog = chart.context.extras.pop("last_dialog")
    assert dialog.chosen_day() == today
    qtbot.keyClicks(dialog.reason, "CT brought forward")
    _press(qtbot, dialog, "Record")
    _saved(qtbot, dialog)
    _reloaded(qtbot, chart, lambda c: _status(chart, "TA2") == "done")
    row = _visit(database, subject_id, "TA2")
    assert (str(row.status), row.actual_date) == ("done", today)

    # C1D15 is omitted by the investigator (not made up later); the next Day 1 keeps its day.
    c2d1_before = _visit(database, subject_id, "C2D1").target_date
    assert chart.select_visit("C1D15")
    assert chart.omit_action.isEnabled() and not chart.done_action.isEnabled()
    chart.omit_action.trigger()
    dialog = chart.context.extras.pop("last_dialog")
    qtbot.keyClicks(dialog.reason, "subject travelling, investigator decision")
    _press(qtbot, dialog, "Omit the dose")
    _saved(qtbot, dialog)
    _reloaded(qtbot, chart, lambda c: _status(chart, "C1D15") == "omitted")
    row = _visit(database, subject_id, "C1D15")
    assert (str(row.status), row.status_reason_code, row.status_reason) == (
        "omitted",
        "adverse_event",  # the first reason offered
        "subject travelling, investigator decision",
    )
    assert _visit(database, subject_id, "C2D1").target_date == c2d1_before
    assert any(e.kind == "omitted" and e.label == "C1D15" for e in chart.timeline.events)

    # The investigator ends treatment: no dose after the decision, EOT and follow-up are planned.
    assert chart.stop_button.isVisible() and not chart.end_follow_up_button.isVisible()
    qtbot.mouseClick(chart.stop_button, Qt.MouseButton.LeftButton)
    dialog = chart.context.extras.pop("last_dialog")
    assert dialog.choice is not None and dialog.choice.currentText() == "Disease progression"
    qtbot.keyClicks(dialog.reason, "new liver lesions on CT")
    _press(qtbot, dialog, "End treatment")
    _saved(qtbot, dialog)
    _reloaded(qtbot, chart, lambda c: c.header.status == "follow_up")
    assert "Treatment ended" in chart.header.text()
    assert chart.calendar_model.find("EOT").isValid()
    assert not chart.stop_button.isVisible() and chart.end_follow_up_button.isVisible()
    with database.session_factory() as session:
        subject = session.get(Subject, subject_id)
        assert subject is not None
        assert (str(subject.status), subject.treatment_stopped_on) == ("follow_up", today)
        assert (subject.treatment_stop_code, subject.treatment_stop_reason) == (
            "PROGRESSIVE DISEASE",
            "new liver lesions on CT",
        )
        visits = {
            v.label: v for v in session.execute(select(Visit).where(Visit.subject_id == subject_id)).scalars()
        }
        assert {"EOT", "SFU"} <= set(visits)
        assert str(visits["EOT"].status) in ("planned", "booked")
        still_open_doses = [
            v.label
            for v in visits.values()
            if str(v.kind) == "dose" and str(v.status) in ("planned", "booked")
        ]
        assert still_open_doses == []


def test_a_coordinator_records_visits_but_never_omits_a_dose_or_ends_treatment(
    qtbot, backend, database, tmp_path, treated
):
    world, subject_id = treated
    chart = open_chart(qtbot, backend, tmp_path, world.user("coordinator"), subject_id)
    assert chart.select_visit("C1D15")
    assert not chart.omit_action.isVisible() and not chart.omit_action.isEnabled()
    assert chart.select_visit("TA1")
    assert chart.missed_action.isEnabled()
    assert not chart.stop_button.isVisible()
    assert not chart.resolve_button.isVisible()


def test_a_toxicity_resolved_ends_its_hold_and_the_next_order_follows_the_new_level(
    qtbot, backend, database, tmp_path
):
    world = World.build(database)
    today = date.today()
    world.at(today - timedelta(days=14), 8)  # C1D1 two weeks ago: C1D15 is due today
    subject_id = world.enrol("002-001", c1d1=world.today)
    world.give_dose(subject_id, "C1D1")
    chart = open_chart(qtbot, backend, tmp_path, world.user("investigator"), subject_id)

    # Grade 4 neutropenia: the protocol proposes a hold and resuming one level lower; confirmed.
    chart.tabs.setCurrentIndex(3)
    qtbot.mouseClick(chart.record_toxicity_button, Qt.MouseButton.LeftButton)
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, RecordToxicityDialog) and w.isVisible()
    )
    qtbot.keyClicks(dialog.search, "neutropenia")
    button = dialog.grade_buttons[4]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))
    onset = today - timedelta(days=2)
    dialog.onset.setDate(QDate(onset.year, onset.month, onset.day))
    _press(qtbot, dialog, "Record")
    _saved(qtbot, dialog)
    _reloaded(qtbot, chart, lambda c: len(c.holds) == 1)
    assert chart.holds_model.record(0).is_open and "1 open" in chart.holds_title.text()
    assert chart.chart.header.current_dose_level_mg_per_kg == Decimal(4)

    # The calendar marks the held dose; the toxicity still unresolved comes chosen, and is resolved today.
    held = chart.calendar_model.data(chart.calendar_model.find("C1D15")) or ""
    assert "HELD" in held
    assert chart.selected_toxicity() is not None
    assert chart.selected_toxicity().term == "Neutrophil count decreased"
    assert chart.resolve_button.isEnabled()
    qtbot.mouseClick(chart.resolve_button, Qt.MouseButton.LeftButton)
    dialog = chart.context.extras.pop("last_dialog")
    assert "C1D15" in dialog.findChild(type(chart.header), "explanation").text()  # names the hold it ends
    _press(qtbot, dialog, "Record")
    _saved(qtbot, dialog)
    _reloaded(qtbot, chart, lambda c: not any(h.is_open for h in c.holds))
    assert chart.toxicities_model.record(0).resolved == today
    assert not chart.resolve_button.isEnabled()  # resolved already
    assert "HELD" not in (chart.calendar_model.data(chart.calendar_model.find("C1D15")) or "")
    with database.session_factory() as session:
        toxicity = session.execute(select(Toxicity).where(Toxicity.subject_id == subject_id)).scalar_one()
        assert toxicity.resolution_date == today
        hold = session.execute(select(Hold).where(Hold.toxicity_id == toxicity.id)).scalar_one()
        assert hold.end_date == today

    # The next order (C1D15, due today) is made at the reduced level.
    world.now = datetime.now(UTC)
    world.weigh(subject_id, "60.5")
    world.labs(subject_id)
    chart.tabs.setCurrentIndex(0)
    assert chart.select_visit("C1D15")
    qtbot.mouseClick(chart.order_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "last_order" in chart.context.extras or chart.context.runner.last_error is not None,
        timeout=10_000,
    )
    assert chart.context.runner.last_error is None, str(chart.context.runner.last_error)
    with database.session_factory() as session:
        order = session.execute(
            select(InfusionOrder).where(InfusionOrder.id == chart.context.extras["last_order"].id)
        ).scalar_one()
        assert order.dose_level_mg_per_kg == Decimal(4)
        assert order.final_dose_mg == Decimal(4) * Decimal("60.5")


def test_a_hold_ended_by_the_investigator(qtbot, backend, database, tmp_path):
    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=5)
    subject_id = world.enrol("003-001", c1d1=world.today)
    world.give_dose(subject_id, "C1D1")
    from app.services import toxicities

    toxicities.record_and_decide(
        world.uow("investigator"), subject_id, "Diarrhea", 3, world.today
    )  # held until grade 1
    chart = open_chart(qtbot, backend, tmp_path, world.user("investigator"), subject_id)
    chart.tabs.setCurrentIndex(3)
    assert chart.selected_hold() is not None and chart.selected_hold().visit_label == "C1D15"  # the open one
    assert chart.select_hold("C1D15") and chart.end_hold_button.isEnabled()
    qtbot.mouseClick(chart.end_hold_button, Qt.MouseButton.LeftButton)
    dialog = chart.context.extras.pop("last_dialog")
    qtbot.keyClicks(dialog.reason, "diarrhoea back to grade 1")
    _press(qtbot, dialog, "End the hold")
    _saved(qtbot, dialog)
    _reloaded(qtbot, chart, lambda c: not any(h.is_open for h in c.holds))
    assert not chart.end_hold_button.isEnabled()
    with database.session_factory() as session:
        hold = session.execute(select(Hold).where(Hold.subject_id == subject_id)).scalar_one()
        assert hold.end_date == date.today()
