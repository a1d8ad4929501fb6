"""Labs graded by CTCAE v5.0 in the window, on a real database: the criteria to treat and the labs table show
each value's grade; labs recorded through the form whose grade reaches a rule of the protocol are said at once —
an investigator is offered the toxicity form prefilled (term, grade, onset, the proposed action and its rule) and
confirms it or declines (nothing more recorded); a coordinator is told to ask an investigator. The records are
checked afterwards."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from sqlalchemy import select

pytest.importorskip("app.services.toxicities")

from app.models import Hold, LabResult, Toxicity, ToxicityDecision
from app.services.clinical import LabInput
from app.ui.dialogs.clinical import LabsDialog
from app.ui.dialogs.toxicity import RecordToxicityDialog
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.chart import SubjectChartView
from app.ui.screens.patients import PatientsScreen
from app.ui.screens.registry import default_factories
from app.ui.service_backend import signed_in
from app.ui.settings import UiSettings
from tests.integration._services import GOOD_LABS, World


def _chart(qtbot, backend, tmp_path: Path, who, subject_id: int) -> SubjectChartView:
    context = build_context(backend, UiSettings(tmp_path / f"{who.username}.ini"), "en")
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


def _press(qtbot, widget, text: str) -> None:
    button = next(b for b in widget.findChildren(QPushButton) if b.text() == text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _cell(model, row: int, column: int) -> str:
    return str(model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole))


def _row_of(model, lab: str) -> int:
    return next(row for row in range(model.rowCount()) if model.record(row).lab == lab)


@pytest.fixture
def world(database) -> World:
    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=4)
    return world


def test_criteria_and_labs_show_each_values_ctcae_grade(qtbot, backend, database, tmp_path, world):
    subject_id = world.enrol("003-001", c1d1=world.today)
    labs = (
        *(r for r in GOOD_LABS if r.lab != "neutrophils"),
        LabInput("neutrophils", Decimal("0.8"), "10^9/L"),
    )
    world.labs(subject_id, results=labs)

    chart = _chart(qtbot, backend, tmp_path, world.user("investigator"), subject_id)
    chart.tabs.setCurrentIndex(2)
    criteria = chart.criteria_model
    assert criteria.rowCount() > 0
    neutrophils = _row_of(criteria, "neutrophils")
    assert criteria.record(neutrophils).grade == 3
    assert _cell(criteria, neutrophils, 2) == "0.8 ×10⁹/L · grade 3"
    assert "NOT met" in chart.criteria.text()  # 0.8 is below the limit to treat
    platelets = _row_of(criteria, "platelets")  # no LLN given: its grade cannot be told, none is shown
    assert criteria.record(platelets).grade is None
    assert "grade" not in _cell(criteria, platelets, 2)
    creatinine = _row_of(criteria, "creatinine")  # within its normal range: grade 0
    assert criteria.record(creatinine).grade == 0
    assert _cell(criteria, creatinine, 2).endswith(" · grade 0")

    with database.session_factory() as session:
        stored = dict(
            session.execute(
                select(LabResult.lab, LabResult.ctcae_grade).where(LabResult.subject_id == subject_id)
            ).all()
        )
    assert (stored["neutrophils"], stored["platelets"], stored["creatinine"]) == (3, None, 0)
    shown = {chart.labs_model.record(row).lab: _cell(chart.labs_model, row, 3) for row in range(len(stored))}
    assert shown == {lab: "" if grade is None else str(grade) for lab, grade in stored.items()}


def _record_labs(
    qtbot, chart: SubjectChartView, values: dict[str, str], ranges: dict[str, tuple[str, str]] | None = None
) -> date:
    """Labs typed into the form (with the laboratory's LLN and ULN when given) and saved; their day."""
    qtbot.mouseClick(chart.labs_button, Qt.MouseButton.LeftButton)
    dialog = chart.context.extras["last_dialog"]
    assert isinstance(dialog, LabsDialog)
    collected_on = dialog.collected_on.date().toPython()
    for lab, value in values.items():
        qtbot.keyClicks(dialog.values[lab], value)
    for lab, (lln, uln) in (ranges or {}).items():
        qtbot.keyClicks(dialog.llns[lab], lln)
        qtbot.keyClicks(dialog.ulns[lab], uln)
    _press(qtbot, dialog, "Record")
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or dialog.message.isVisible(), timeout=10_000)
    assert not shiboken6.isValid(dialog), dialog.message.text()
    return collected_on


def _question(qtbot, chart: SubjectChartView) -> QMessageBox:
    qtbot.waitUntil(lambda: chart.context.extras.get("last_question") is not None, timeout=10_000)
    box = chart.context.extras.pop("last_question")
    assert box.isVisible()
    return box


def _toxicities(database, subject_id: int) -> list[Toxicity]:
    with database.session_factory() as session:
        return list(session.execute(select(Toxicity).where(Toxicity.subject_id == subject_id)).scalars())


def test_grade_4_neutrophils_offer_the_toxicity_prefilled_and_the_investigator_confirms(
    qtbot, backend, database, tmp_path, world
):
    subject_id = world.enrol("003-002", c1d1=world.today)
    world.give_dose(subject_id, "C1D1")
    chart = _chart(qtbot, backend, tmp_path, world.user("investigator"), subject_id)
    chart.tabs.setCurrentIndex(2)
    collected_on = _record_labs(qtbot, chart, {"neutrophils": "0.4", "platelets": "210"})

    box = _question(qtbot, chart)
    assert "grade 4 Neutrophil count decreased" in box.text()
    assert "0.4" in box.text() and "resume at 4 mg/kg" in box.text()
    _press(qtbot, box, "Record the toxicity…")
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, RecordToxicityDialog) and w.isVisible()
    )
    assert dialog.current_term() is not None
    assert dialog.current_term().term == "Neutrophil count decreased"
    assert dialog.current_grade() == 4
    assert dialog.onset.date().toPython() == collected_on  # the onset is the lab's date
    assert "resume at 4 mg/kg" in dialog.proposed_action.text()
    assert dialog.rule.text().startswith("Rule: ") and "No rule" not in dialog.rule.text()
    assert dialog.confirm.isChecked()
    _press(qtbot, dialog, "Record")
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or dialog.message.isVisible(), timeout=10_000)
    assert not shiboken6.isValid(dialog), dialog.message.text()
    qtbot.waitUntil(lambda: chart.toxicities_model.rowCount() == 1, timeout=10_000)

    [toxicity] = _toxicities(database, subject_id)
    assert (toxicity.ctcae_term, toxicity.grade, toxicity.onset_date) == (
        "Neutrophil count decreased",
        4,
        collected_on,
    )
    with database.session_factory() as session:
        decision = session.execute(
            select(ToxicityDecision).where(ToxicityDecision.toxicity_id == toxicity.id)
        ).scalar_one()
        assert not decision.overridden
        assert (
            session.execute(select(Hold).where(Hold.toxicity_id == toxicity.id)).scalar_one().end_date is None
        )


def test_declining_the_offer_records_only_the_labs(qtbot, backend, database, tmp_path, world):
    subject_id = world.enrol("003-003", c1d1=world.today)
    world.give_dose(subject_id, "C1D1")
    chart = _chart(qtbot, backend, tmp_path, world.user("investigator"), subject_id)
    chart.tabs.setCurrentIndex(2)
    _record_labs(qtbot, chart, {"neutrophils": "0.4"})
    box = _question(qtbot, chart)
    _press(qtbot, box, "Not now")
    qtbot.waitUntil(lambda: not shiboken6.isValid(box) or not box.isVisible(), timeout=10_000)
    assert not any(
        isinstance(w, RecordToxicityDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
    )
    assert _toxicities(database, subject_id) == []
    with database.session_factory() as session:
        grades = session.execute(
            select(LabResult.ctcae_grade)
            .where(LabResult.subject_id == subject_id, LabResult.lab == "neutrophils")
            .order_by(LabResult.id.desc())
        ).scalars()
        assert next(iter(grades)) == 4  # the result typed, graded and kept


def test_a_coordinator_is_told_to_ask_an_investigator(qtbot, backend, database, tmp_path, world):
    subject_id = world.enrol("003-004", c1d1=world.today)
    world.give_dose(subject_id, "C1D1")
    chart = _chart(qtbot, backend, tmp_path, world.user("coordinator"), subject_id)
    chart.tabs.setCurrentIndex(2)
    _record_labs(qtbot, chart, {"neutrophils": "0.4"})
    qtbot.waitUntil(lambda: "last_notice" in chart.context.extras, timeout=10_000)
    notice = chart.context.extras["last_notice"]
    assert "grade 4 Neutrophil count decreased" in notice
    assert "Ask an investigator to review" in notice
    assert "last_question" not in chart.context.extras
    assert _toxicities(database, subject_id) == []


def test_labs_below_every_rule_say_nothing_more(qtbot, backend, database, tmp_path, world):
    subject_id = world.enrol("003-005", c1d1=world.today)
    world.give_dose(subject_id, "C1D1")
    chart = _chart(qtbot, backend, tmp_path, world.user("investigator"), subject_id)
    chart.tabs.setCurrentIndex(2)
    before = chart.labs_model.rowCount()
    _record_labs(qtbot, chart, {"neutrophils": "2.4", "platelets": "210"})
    qtbot.waitUntil(lambda: chart.labs_model.rowCount() == before + 2, timeout=10_000)
    assert "last_question" not in chart.context.extras
    assert "last_notice" not in chart.context.extras


def test_the_order_shows_its_visits_criteria_with_each_grade(qtbot, backend, database, tmp_path, world):
    from app.ui.screens.orders import OrdersScreen

    subject_id = world.enrol("003-006", c1d1=world.today)
    world.weigh(subject_id, "61")
    labs = (
        *(r for r in GOOD_LABS if r.lab != "neutrophils"),
        LabInput("neutrophils", Decimal("1.6"), "10^9/L", lln=Decimal("2.0")),  # met, yet grade 1
    )
    world.labs(subject_id, results=labs)
    order = world.order(subject_id, "C1D1")

    context = build_context(backend, UiSettings(tmp_path / "pharmacist.ini"), "en")
    context.user = signed_in(world.user("pharmacist"))
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    orders = window.show_screen("orders")
    assert isinstance(orders, OrdersScreen)
    qtbot.waitUntil(lambda: orders.select_order(order.order_number), timeout=10_000)
    qtbot.waitUntil(lambda: orders.criteria_view is not None, timeout=10_000)
    view = orders.criteria_view
    assert view.met and view.dose_date == order.planned_date
    grades = {item.lab: item.grade for item in view.items}
    assert grades["neutrophils"] == 1 and grades["creatinine"] == 0 and grades["platelets"] is None
    lines = orders.criteria.text().splitlines()
    assert lines[0] == f"Criteria to treat on {order.planned_date.isoformat()}: met"
    assert any(line.startswith("✓ Neutrophils (ANC) 1.6 ×10⁹/L · grade 1 (limit ≥ 1.5") for line in lines), (
        lines
    )
    assert any("Creatinine" in line and "· grade 0" in line for line in lines), lines
    with database.session_factory() as session:  # the grade shown is the one stored with the lab
        stored = session.execute(
            select(LabResult.ctcae_grade).where(
                LabResult.subject_id == subject_id, LabResult.lab == "neutrophils"
            )
        ).scalar_one()
    assert stored == 1


def test_the_normal_range_typed_is_stored_and_grades_the_value(qtbot, backend, database, tmp_path, world):
    subject_id = world.enrol("003-007", c1d1=world.today)
    chart = _chart(qtbot, backend, tmp_path, world.user("coordinator"), subject_id)
    chart.tabs.setCurrentIndex(2)
    _record_labs(
        qtbot,
        chart,
        {"platelets": "60", "creatinine": "70", "neutrophils": "2.4"},
        {"platelets": ("150", "400"), "creatinine": ("45", "84")},
    )
    with database.session_factory() as session:
        stored = {
            row.lab: (row.lln, row.uln, row.ctcae_grade)
            for row in session.execute(select(LabResult).where(LabResult.subject_id == subject_id)).scalars()
        }
    assert stored == {
        "platelets": (Decimal("150"), Decimal("400"), 2),  # < 75 - 50 ×10⁹/L
        "creatinine": (Decimal("45"), Decimal("84"), 0),
        "neutrophils": (None, None, None),  # no LLN: whether it is below normal cannot be told
    }
    qtbot.waitUntil(lambda: chart.labs_model.rowCount() == 3, timeout=10_000)
    shown = {chart.labs_model.record(row).lab: _cell(chart.labs_model, row, 3) for row in range(3)}
    assert shown == {"platelets": "2", "creatinine": "0", "neutrophils": ""}
