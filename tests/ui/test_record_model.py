"""The small record tables (doses, labs, criteria, holds, history…): checked by qtmodeltester; a long cell
carries its whole text on hover; a row's colour comes from its record."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.ui.models.records import TOOLTIP_FROM, RecordRole, RecordTableModel


@dataclass(frozen=True)
class Row:
    name: str
    note: str
    late: bool


ROWS = [Row("C1D1", "", False), Row("C1D15", "x" * (TOOLTIP_FROM + 5), True)]


def _model() -> RecordTableModel[Row]:
    model: RecordTableModel[Row] = RecordTableModel(
        [("Visit", lambda r: r.name), ("Note", lambda r: r.note)],
        colour=lambda r: QColor("#b34700") if r.late else None,
    )
    model.set_records(ROWS)
    return model


def test_passes_qtmodeltester(qtmodeltester):
    model = _model()
    qtmodeltester.check(model)
    model.set_records([])
    qtmodeltester.check(model)


def test_long_cells_have_a_tooltip_and_rows_their_colour():
    model = _model()
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole) == ROWS[1].note
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole).color() == QColor("#b34700")
    assert model.index(1, 0).data(RecordRole) is ROWS[1] and model.records() == ROWS
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Note"
