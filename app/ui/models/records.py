"""A small read-only table over a list of plain records, one getter per column (doses, weights, labs,
toxicities, history rows…).

A cell too long to read in its column carries its whole text as a tooltip: a long one always, and any other
whenever a view showing the model has it elided (narrower than its text); `colour(record)` may paint a row's
text (a criterion not met in red, an open hold in orange).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractProxyModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QStyle

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
RecordRole = Qt.ItemDataRole.UserRole + 1
TOOLTIP_FROM = 40  # characters: a longer cell shows its whole text on hover


class RecordTableModel(QAbstractTableModel, Generic[T]):
    def __init__(
        self,
        columns: Sequence[tuple[str, Callable[[T], str]]],
        parent: Any = None,
        *,
        colour: Callable[[T], QColor | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._colour = colour
        self._records: list[T] = []
        self._cells: list[list[str]] = []
        self._brushes: list[QBrush | None] = []

    def set_records(self, records: Sequence[T]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self._cells = [[get(r) for _title, get in self._columns] for r in self._records]
        self._brushes = [self._brush(r) for r in self._records]
        self.endResetModel()

    def _brush(self, record: T) -> QBrush | None:
        colour = self._colour(record) if self._colour is not None else None
        return QBrush(colour) if colour is not None else None

    def record(self, row: int) -> T:
        return self._records[row]

    def records(self) -> list[T]:
        return list(self._records)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._columns[section][0] if 0 <= section < len(self._columns) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._cells[index.row()][index.column()]
            if len(text) > TOOLTIP_FROM or "\n" in text or (text and self.elided(index)):
                return text
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._brushes[index.row()]
        if role == RecordRole:
            return self._records[index.row()]
        return None

    def elided(self, index: Index) -> bool:
        """Whether a view showing this model (directly or through proxies) draws the cell narrower than its text."""
        text = self._cells[index.row()][index.column()]
        return any(_narrower(view, shown, text) for view, shown in self._shown_in(index))

    def _shown_in(self, index: Index) -> list[tuple[QAbstractItemView, QModelIndex]]:
        owner = self.parent()
        while isinstance(owner, QObject) and owner.parent() is not None:
            owner = owner.parent()  # the window: views of this model may sit anywhere in it
        if not isinstance(owner, QObject):
            return []
        found: list[tuple[QAbstractItemView, QModelIndex]] = []
        views = owner.findChildren(QAbstractItemView)
        if isinstance(owner, QAbstractItemView):
            views.append(owner)
        for view in views:
            proxies: list[QAbstractProxyModel] = []
            model = view.model()
            while isinstance(model, QAbstractProxyModel):
                proxies.append(model)
                model = model.sourceModel()
            if model is not self:
                continue
            shown = self.index(index.row(), index.column())
            for proxy in reversed(proxies):
                shown = proxy.mapFromSource(shown)
            if shown.isValid():
                found.append((view, shown))
        return found


def _narrower(view: QAbstractItemView, index: QModelIndex, text: str) -> bool:
    """Whether `view` draws the cell at `index` narrower than `text` (the item's text margins counted)."""
    width = view.visualRect(index).width()
    if width <= 0:
        return False
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    return view.fontMetrics().horizontalAdvance(text) > width - 2 * margin
