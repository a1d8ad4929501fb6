"""The CTCAE v5.0 term list for the toxicity picker, filtered by the core's search as the user types (English,
Chinese or a MedDRA code); a Chinese window lists each term in Chinese with its English beside it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from app.toxicity import CtcaeTerm, all_terms, search_terms
from app.ui.words import soc_name, term_name

Index = QModelIndex | QPersistentModelIndex
TermRole = Qt.ItemDataRole.UserRole + 1
_ROOT = QModelIndex()


class CtcaeTermModel(QAbstractListModel):
    """Every CTCAE term (NCI's order) or, with a query, the best matches first."""

    def __init__(self, parent: Any = None, *, limit: int = 200) -> None:
        super().__init__(parent)
        self._limit = limit
        self._terms: list[CtcaeTerm] = list(all_terms())
        self.query = ""

    def set_query(self, query: str) -> None:
        self.beginResetModel()
        self.query = query
        self._terms = search_terms(query, self._limit) if query.strip() else list(all_terms())
        self.endResetModel()

    def term_at(self, row: int) -> CtcaeTerm | None:
        return self._terms[row] if 0 <= row < len(self._terms) else None

    def row_of(self, name: str) -> int:
        for row, term in enumerate(self._terms):
            if term.term == name:
                return row
        return -1

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._terms)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        term = self.term_at(index.row()) if index.isValid() else None
        if term is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return term_name(term.term, with_english=True)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{soc_name(term.term)} · MedDRA {term.meddra_code}"
        if role == TermRole:
            return term
        return None
