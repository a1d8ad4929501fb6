"""The subject's calendar as a table: cycles as rows, visits as cells.

Columns are the protocol's dose days (D1, D15 …), then tumour assessments, then other visits. Rows: screening,
one per cycle (an assessment falls in the cycle whose target dates hold its target, so booking it outside its
window never moves it), then one per visit after treatment (EOT, SFU, OS1 …, and assessments after the last
cycle). Every cell holds one visit: two visits that would share a cell (two assessments in one cycle) take two
rows of that cycle, so each can be chosen and acted on. A cell shows the visit's label, status, window, booked
and actual dates, its order's status and its warnings in words; its colour is the visit's status and a visit
with a warning is written in orange. A dose visit under an open hold, and the dose visits after it, show no
suggested date: they wait for the hold to end.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.scheduling import Visit, VisitKind
from app.scheduling.calendar import waiting_for_hold
from app.ui.words import say

Index = QModelIndex | QPersistentModelIndex

STATUS_COLOURS = {
    "planned": QColor("#ffffff"),
    "booked": QColor("#dbe9fb"),
    "done": QColor("#d5ecd6"),
    "omitted": QColor("#e6e6e6"),
    "missed": QColor("#f6d4d4"),
    "cancelled": QColor("#eeeeee"),
}
WARNING_COLOUR = QColor("#b34700")
VisitRole = Qt.ItemDataRole.UserRole + 1
_ROOT = QModelIndex()


def status_text(status: str) -> str:
    words = {
        "planned": QCoreApplication.translate("CalendarModel", "planned"),
        "booked": QCoreApplication.translate("CalendarModel", "booked"),
        "done": QCoreApplication.translate("CalendarModel", "done"),
        "omitted": QCoreApplication.translate("CalendarModel", "omitted"),
        "missed": QCoreApplication.translate("CalendarModel", "missed"),
        "cancelled": QCoreApplication.translate("CalendarModel", "cancelled"),
    }
    return words.get(status, status)


def _short(day: date) -> str:
    return f"{day.month:02d}-{day.day:02d}"


@dataclass
class _Row:
    title: str
    cells: list[list[Visit]] = field(default_factory=list)


class CalendarModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._dose_days: tuple[int, ...] = ()
        self._rows: list[_Row] = []
        self._notes: dict[str, str] = {}
        self._held: frozenset[str] = frozenset()
        self._orders: dict[str, str] = {}
        self._waiting: frozenset[str] = frozenset()

    # --- filling -----------------------------------------------------------------------------------------

    def set_visits(
        self,
        visits: Sequence[Visit],
        dose_days: Sequence[int],
        notes: Mapping[str, str] | None = None,
        held: Collection[str] = (),
        orders: Mapping[str, str] | None = None,
    ) -> None:
        """`notes`: why a visit was missed, omitted or cancelled (by label), shown on hover; `held`: the dose
        visits an open hold is on (marked, in orange); `orders`: the status of each dose visit's order in
        words (by label), shown in its cell."""
        self.beginResetModel()
        self._notes = dict(notes or {})
        self._held = frozenset(held)
        self._orders = dict(orders or {})
        self._waiting = waiting_for_hold(visits, self._held)  # the core's rule
        self._dose_days = tuple(dose_days)
        self._rows = self._layout(list(visits))
        self.endResetModel()

    def _columns(self) -> int:
        return len(self._dose_days) + 2

    def _layout(self, visits: list[Visit]) -> list[_Row]:
        width = len(self._dose_days) + 2
        ta_col, other_col = len(self._dose_days), len(self._dose_days) + 1
        rows: list[_Row] = []
        cycles: dict[int, _Row] = {}
        starts: list[tuple[date, int]] = []
        for visit in visits:
            if visit.kind == VisitKind.DOSE and visit.cycle is not None and visit.day is not None:
                row = cycles.get(visit.cycle)
                if row is None:
                    title = QCoreApplication.translate("CalendarModel", "Cycle {n}").format(n=visit.cycle)
                    row = cycles[visit.cycle] = _Row(title, [[] for _ in range(width)])
                if visit.day in self._dose_days:
                    row.cells[self._dose_days.index(visit.day)].append(visit)
                if visit.day == self._dose_days[0]:
                    starts.append((visit.target, visit.cycle))
        starts.sort()
        screening = _Row(QCoreApplication.translate("CalendarModel", "Screening"), [[] for _ in range(width)])
        after: list[_Row] = []
        for visit in visits:
            if visit.kind == VisitKind.DOSE:
                continue
            if visit.kind == VisitKind.SCREENING:
                screening.cells[other_col].append(visit)
                continue
            cycle = None
            if visit.kind == VisitKind.TUMOUR_ASSESSMENT and starts:
                day = visit.target
                held = [c for start, c in starts if start <= day]
                if held and (held[-1] != starts[-1][1] or not self._after_last_cycle(day, starts)):
                    cycle = held[-1]
            if cycle is not None and cycle in cycles:
                cycles[cycle].cells[ta_col].append(visit)
            else:
                row = _Row(visit.label, [[] for _ in range(width)])
                row.cells[ta_col if visit.kind == VisitKind.TUMOUR_ASSESSMENT else other_col].append(visit)
                after.append(row)
        if any(screening.cells[other_col]):
            rows.append(screening)
        rows.extend(cycles[c] for c in sorted(cycles))
        rows.extend(after)
        return [part for row in rows for part in self._one_visit_a_cell(row)]

    @staticmethod
    def _one_visit_a_cell(row: _Row) -> list[_Row]:
        """`row` as rows of one visit a cell: the n-th visit of each cell in the n-th row, under the same title."""
        depth = max((len(cell) for cell in row.cells), default=0)
        if depth <= 1:
            return [row]
        return [
            _Row(row.title, [[cell[n]] if n < len(cell) else [] for cell in row.cells]) for n in range(depth)
        ]

    @staticmethod
    def _after_last_cycle(day: date, starts: list[tuple[date, int]]) -> bool:
        """True when `day` falls more than a cycle's length after the last cycle began (treatment over)."""
        if len(starts) < 2:
            return False
        length = max((starts[i + 1][0] - starts[i][0]).days for i in range(len(starts) - 1))
        return (day - starts[-1][0]).days >= length

    # --- Qt model ----------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else (self._columns() if self._dose_days else 0)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None  # the tooltip repeats the heading: a narrow column elides it
        if orientation == Qt.Orientation.Vertical:
            return self._rows[section].title if 0 <= section < len(self._rows) else None
        if section < len(self._dose_days):
            return QCoreApplication.translate("CalendarModel", "Day {n}").format(n=self._dose_days[section])
        if section == len(self._dose_days):
            return QCoreApplication.translate("CalendarModel", "Tumour assessment")
        if section == len(self._dose_days) + 1:
            return QCoreApplication.translate("CalendarModel", "Other visits")
        return None

    def visits_at(self, index: Index) -> list[Visit]:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= self._columns():
            return []
        return self._rows[index.row()].cells[index.column()]

    def cell_texts(self) -> list[str]:
        return [self._cell_text(cell[0]) for row in self._rows for cell in row.cells if cell]

    def find(self, label: str) -> QModelIndex:
        for r, row in enumerate(self._rows):
            for c, cell in enumerate(row.cells):
                if any(v.label == label for v in cell):
                    return self.index(r, c)
        return QModelIndex()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        visits = self.visits_at(index)
        if not visits:
            return None
        visit = visits[0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell_text(visit)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(STATUS_COLOURS.get(visit.status, QColor("#ffffff")))
        if role == Qt.ItemDataRole.ForegroundRole:
            if visit.warnings or visit.label in self._held:
                return QBrush(WARNING_COLOUR)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(visit)
        if role == VisitRole:
            return visit
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def _cell_text(self, visit: Visit) -> str:
        lines = [f"{visit.label} · {status_text(visit.status)}"]
        if visit.label in self._held:
            lines[0] += " · " + QCoreApplication.translate("CalendarModel", "HELD")
        lines.append(
            QCoreApplication.translate("CalendarModel", "window {start} to {end}").format(
                start=_short(visit.window_start), end=_short(visit.window_end)
            )
        )
        if visit.actual is not None:
            words = (
                QCoreApplication.translate("CalendarModel", "given {day}")
                if visit.kind == VisitKind.DOSE
                else QCoreApplication.translate("CalendarModel", "on {day}")
            )
            lines.append(words.format(day=visit.actual.isoformat()))
        elif visit.booked is not None:
            lines.append(
                QCoreApplication.translate("CalendarModel", "booked {day}").format(
                    day=visit.booked.isoformat()
                )
            )
        elif visit.label in self._waiting:
            lines.append(QCoreApplication.translate("CalendarModel", "no date until the hold ends"))
        elif visit.suggested is not None and visit.is_open:
            lines.append(
                QCoreApplication.translate("CalendarModel", "suggested {day}").format(
                    day=visit.suggested.isoformat()
                )
            )
        order = self._orders.get(visit.label)
        if order is not None:
            lines.append(QCoreApplication.translate("CalendarModel", "order {status}").format(status=order))
        lines.extend("⚠ " + say(warning.message) for warning in visit.warnings)
        return "\n".join(lines)

    def _tooltip(self, visit: Visit) -> str:
        lines = [
            f"{visit.label}: {status_text(visit.status)}"
            + (
                " · " + QCoreApplication.translate("CalendarModel", "treatment held")
                if visit.label in self._held
                else ""
            ),
            QCoreApplication.translate("CalendarModel", "Target: {day}").format(day=visit.target.isoformat()),
            QCoreApplication.translate("CalendarModel", "Window: {start} to {end}").format(
                start=visit.window_start.isoformat(), end=visit.window_end.isoformat()
            ),
        ]
        if visit.label in self._waiting:
            lines.append(
                QCoreApplication.translate(
                    "CalendarModel", "No date is suggested: the treatment waits for the hold to end."
                )
            )
        elif visit.suggested is not None:
            lines.append(
                QCoreApplication.translate("CalendarModel", "Suggested: {day}").format(
                    day=visit.suggested.isoformat()
                )
            )
        if visit.booked is not None:
            lines.append(
                QCoreApplication.translate("CalendarModel", "Booked: {day}").format(
                    day=visit.booked.isoformat()
                )
            )
        if visit.actual is not None:
            lines.append(
                QCoreApplication.translate("CalendarModel", "Actual: {day}").format(
                    day=visit.actual.isoformat()
                )
            )
        note = self._notes.get(visit.label)
        if note:
            lines.append(QCoreApplication.translate("CalendarModel", "Note: {note}").format(note=say(note)))
        lines.extend(f"⚠ {say(w.message)}" for w in visit.warnings)
        return "\n".join(lines)
