"""The patient list: subject number, initials, status, cycle, dose level, next visit; sortable and filtered
as the user types (every word of the filter must appear in the row)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.dosing.format import format_quantity

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
SortRole = Qt.ItemDataRole.UserRole + 1
SubjectIdRole = Qt.ItemDataRole.UserRole + 2
ATTENTION_COLOUR = QColor("#b34700")


@dataclass(frozen=True)
class PatientSummary:
    subject_id: int
    subject_number: str
    initials: str
    status: str
    cycle: int | None
    dose_level_mg_per_kg: Decimal | None
    next_visit_label: str | None
    next_visit_date: date | None
    attention: str = ""  # e.g. "overdue", "out of window": shown in orange


def subject_status_text(status: str) -> str:
    words = {
        "screening": QCoreApplication.translate("PatientListModel", "screening"),
        "screen_failed": QCoreApplication.translate("PatientListModel", "screen failed"),
        "on_treatment": QCoreApplication.translate("PatientListModel", "on treatment"),
        "follow_up": QCoreApplication.translate("PatientListModel", "follow-up"),
        "off_study": QCoreApplication.translate("PatientListModel", "off study"),
    }
    return words.get(status, status)


class PatientListModel(QAbstractTableModel):
    COLUMNS = 6

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PatientSummary] = []
        self._text: list[tuple[str, ...]] = []
        self._sort_keys: list[tuple[Any, ...]] = []
        self.search_keys: list[str] = []

    def set_patients(self, patients: Sequence[PatientSummary]) -> None:
        self.beginResetModel()
        self._rows = list(patients)
        self._text = [self._row_text(p) for p in self._rows]
        self._sort_keys = [self._row_keys(p) for p in self._rows]
        self.search_keys = [" ".join(text).casefold() for text in self._text]
        self.endResetModel()

    def patient(self, row: int) -> PatientSummary:
        return self._rows[row]

    @staticmethod
    def _row_keys(p: PatientSummary) -> tuple[Any, ...]:
        return (
            p.subject_number,
            p.initials,
            p.status,
            p.cycle if p.cycle is not None else -1,
            float(p.dose_level_mg_per_kg) if p.dose_level_mg_per_kg is not None else -1.0,
            p.next_visit_date.toordinal() if p.next_visit_date else 10**7,
        )

    @staticmethod
    def _row_text(p: PatientSummary) -> tuple[str, ...]:
        level = (
            format_quantity(p.dose_level_mg_per_kg, "mg/kg") if p.dose_level_mg_per_kg is not None else "—"
        )
        cycle = str(p.cycle) if p.cycle is not None else "—"
        if p.next_visit_label and p.next_visit_date:
            visit = f"{p.next_visit_label} {p.next_visit_date.isoformat()}"
        else:
            visit = "—"
        if p.attention:
            visit = f"{visit} ⚠ {p.attention}"
        return (p.subject_number, p.initials, subject_status_text(p.status), cycle, level, visit)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = (
            QCoreApplication.translate("PatientListModel", "Subject"),
            QCoreApplication.translate("PatientListModel", "Initials"),
            QCoreApplication.translate("PatientListModel", "Status"),
            QCoreApplication.translate("PatientListModel", "Cycle"),
            QCoreApplication.translate("PatientListModel", "Dose level"),
            QCoreApplication.translate("PatientListModel", "Next visit"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every visible cell and role at each repaint: the common cases first, nothing computed.
        if role == _DISPLAY:
            row, column = index.row(), index.column()
            if row < 0 or column < 0:  # the invalid index: row and column -1
                return None
            try:
                return self._text[row][column]
            except IndexError:
                return None
        if role == _FOREGROUND:
            row = index.row()
            if index.column() == 5 and 0 <= row < len(self._rows) and self._rows[row].attention:
                return QBrush(ATTENTION_COLOUR)
            return None
        if not index.isValid():
            return None
        if role == SortRole:
            return self._sort_keys[index.row()][index.column()]
        if role == SubjectIdRole:
            return self._rows[index.row()].subject_id
        return None


_DISPLAY = Qt.ItemDataRole.DisplayRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole


class PatientFilterProxy(QSortFilterProxyModel):
    """Keeps the rows holding every word typed (case-insensitive, any column); sorts on typed keys."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(SortRole)

    def set_filter_text(self, text: str) -> None:
        words = text.casefold().split()
        if words == self._words:
            return
        self.beginFilterChange()
        self._words = words
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        assert isinstance(model, PatientListModel)
        key = model.search_keys[source_row]
        return all(word in key for word in self._words)
