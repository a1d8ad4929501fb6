"""The calendar table: cycles as rows, visits as cells, checked by qtmodeltester."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from app.protocol import load_protocol
from app.scheduling import TreatmentHistory, build_calendar
from app.ui.models.calendar import STATUS_COLOURS, CalendarModel, VisitRole

PROTOCOL = load_protocol("nct07343453")


def _calendar():
    history = TreatmentHistory(
        c1d1=date(2026, 1, 5),
        doses={"C1D1": date(2026, 1, 5), "C1D15": date(2026, 1, 19)},
        booked={"C2D1": date(2026, 2, 2)},
        done={"SCR": date(2025, 12, 20)},
    )
    return build_calendar(PROTOCOL, history, as_of=date(2026, 1, 26), until=date(2026, 6, 30))


def test_model_passes_qtmodeltester(qtmodeltester):
    model = CalendarModel()
    model.set_visits(_calendar().visits, PROTOCOL.regimen.dose_days)
    qtmodeltester.check(model)


def test_cycles_are_rows_and_dose_days_columns():
    model = CalendarModel()
    model.set_visits(_calendar().visits, PROTOCOL.regimen.dose_days)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Day 1", "Day 15", "Tumour assessment", "Other visits"]
    rows = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert rows[0] == "Screening"
    assert rows[1:4] == ["Cycle 1", "Cycle 2", "Cycle 3"]

    c1d1 = model.index(1, 0)
    assert model.data(c1d1, VisitRole).label == "C1D1"
    assert "given 2026-01-05" in model.data(c1d1)
    assert model.data(c1d1, Qt.ItemDataRole.BackgroundRole).color() == STATUS_COLOURS["done"]
    c2d1 = model.find("C2D1")
    assert (c2d1.row(), c2d1.column()) == (2, 0)
    assert "booked 2026-02-02" in model.data(c2d1)
    assert model.data(c2d1, Qt.ItemDataRole.BackgroundRole).color() == STATUS_COLOURS["booked"]
    # The first tumour assessment (week 6, 2026-02-16) falls in cycle 2.
    ta1 = model.find("TA1")
    assert ta1.row() == 2 and ta1.column() == 2
    assert "Window:" in model.data(ta1, Qt.ItemDataRole.ToolTipRole)


def test_empty_model_has_no_cells(qtmodeltester):
    model = CalendarModel()
    assert model.rowCount() == 0 and model.columnCount() == 0
    qtmodeltester.check(model)


def test_a_held_dose_and_a_visit_note_are_shown(qtmodeltester):
    model = CalendarModel()
    notes = {"C1D15": "given late: the subject was travelling"}
    model.set_visits(_calendar().visits, PROTOCOL.regimen.dose_days, notes, held=["C2D1"])
    qtmodeltester.check(model)
    held = model.find("C2D1")
    assert "HELD" in model.data(held)
    assert "treatment held" in model.data(held, Qt.ItemDataRole.ToolTipRole)
    assert model.data(held, Qt.ItemDataRole.ForegroundRole) is not None
    assert "HELD" not in model.data(model.find("C2D15"))
    tip = model.data(model.find("C1D15"), Qt.ItemDataRole.ToolTipRole)
    assert "Note: given late: the subject was travelling" in tip
    assert "on 2025-12-20" in model.data(model.find("SCR"))  # a visit done, not a dose "given"


def _treated_three_cycles(**changes):
    doses = {
        "C1D1": date(2026, 1, 5),
        "C1D15": date(2026, 1, 19),
        "C2D1": date(2026, 2, 2),
        "C2D15": date(2026, 2, 16),
        "C3D1": date(2026, 3, 2),
        "C3D15": date(2026, 3, 16),
    }
    history = TreatmentHistory(c1d1=date(2026, 1, 5), doses=doses, **changes)
    return build_calendar(PROTOCOL, history, as_of=date(2026, 3, 17), until=date(2026, 9, 30))


def _row_title(model, label):
    return model.headerData(model.find(label).row(), Qt.Orientation.Vertical)


def test_an_assessment_booked_outside_its_window_stays_in_its_cycle(qtmodeltester):
    model = CalendarModel()
    model.set_visits(_treated_three_cycles().visits, PROTOCOL.regimen.dose_days)
    before = _row_title(model, "TA3")
    # TA3 (target 2026-05-11, cycle 5) booked a month late, into cycle 6's dates.
    late = _treated_three_cycles(booked={"TA3": date(2026, 6, 10)})
    model.set_visits(late.visits, PROTOCOL.regimen.dose_days)
    qtmodeltester.check(model)
    assert _row_title(model, "TA3") == before
    ta3 = model.find("TA3")
    assert model.data(ta3, VisitRole).label == "TA3"


def test_no_two_visits_share_a_cell_so_each_can_be_acted_on(qtmodeltester):
    model = CalendarModel()
    # TA3 booked late, on a day of TA4's cycle: still its own cell, and TA4 its own.
    calendar = _treated_three_cycles(booked={"TA3": date(2026, 6, 25)})
    model.set_visits(calendar.visits, PROTOCOL.regimen.dose_days)
    qtmodeltester.check(model)
    for visit in calendar.visits:
        if visit.status == "cancelled":
            continue
        index = model.find(visit.label)
        assert index.isValid(), visit.label
        assert model.data(index, VisitRole).label == visit.label  # the cell acts on this visit
        assert len(model.visits_at(index)) == 1


def test_two_assessments_in_one_cycle_take_two_rows_of_it():
    model = CalendarModel()
    calendar = _treated_three_cycles()
    ta = [v for v in calendar.visits if v.kind == "tumour_assessment" and v.label in ("TA2", "TA3")]
    # Give TA3 TA2's target: both fall in one cycle, in the same column.
    from dataclasses import replace

    crowded = [replace(v, target=ta[0].target) if v.label == "TA3" else v for v in calendar.visits]
    model.set_visits(crowded, PROTOCOL.regimen.dose_days)
    first, second = model.find("TA2"), model.find("TA3")
    assert first.column() == second.column() and first.row() != second.row()
    assert _row_title(model, "TA2") == _row_title(model, "TA3")
    assert model.data(second, VisitRole).label == "TA3"


def test_warnings_are_written_in_the_cell_not_only_in_the_tooltip():
    model = CalendarModel()
    late = _treated_three_cycles(booked={"TA3": date(2026, 6, 10)})
    model.set_visits(late.visits, PROTOCOL.regimen.dose_days)
    ta3 = next(v for v in late.visits if v.label == "TA3")
    assert ta3.warnings
    text = model.data(model.find("TA3"))
    for warning in ta3.warnings:
        assert str(warning.message) in text
    assert "warning(s)" not in text


def test_a_held_dose_and_the_doses_after_it_suggest_no_date():
    model = CalendarModel()
    calendar = _treated_three_cycles()
    model.set_visits(calendar.visits, PROTOCOL.regimen.dose_days, held=["C4D1"])
    for label in ("C4D1", "C4D15", "C5D1"):
        text = model.data(model.find(label))
        assert "suggested" not in text, label
        assert "no date until the hold ends" in text, label
        assert "Suggested:" not in model.data(model.find(label), Qt.ItemDataRole.ToolTipRole)
    # an assessment keeps its date: its schedule runs from the first dose, not from the doses
    assert "suggested" in model.data(model.find("TA3"))
    # without the hold, the doses are suggested again
    model.set_visits(calendar.visits, PROTOCOL.regimen.dose_days)
    assert "suggested" in model.data(model.find("C4D1"))


def test_a_dose_visit_shows_its_orders_status():
    model = CalendarModel()
    calendar = _treated_three_cycles()
    model.set_visits(calendar.visits, PROTOCOL.regimen.dose_days, orders={"C4D1": "verified"})
    assert "order verified" in model.data(model.find("C4D1"))
    assert "order" not in model.data(model.find("C4D15"))
