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
