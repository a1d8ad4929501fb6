"""The active protocol's parameters as a table: each value with its dotted name; unconfirmed ones highlighted."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.dosing.format import format_number
from app.protocol import Protocol

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
UNCONFIRMED_COLOUR = QColor("#fff3b0")
SKIPPED = frozenset({"source", "unconfirmed"})


@dataclass(frozen=True)
class Parameter:
    name: str  # dotted, as the protocol file and its `unconfirmed` list write it
    value: str
    unconfirmed: bool


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return (
            QCoreApplication.translate("ProtocolModel", "yes")
            if value
            else QCoreApplication.translate("ProtocolModel", "no")
        )
    if isinstance(value, Decimal | int):
        return format_number(value)
    if isinstance(value, date | Path):
        return str(value)
    if isinstance(value, frozenset):
        return ", ".join(sorted(str(v) for v in value))
    if isinstance(value, tuple) and all(not dataclasses.is_dataclass(v) for v in value):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _walk(value: Any, name: str) -> Iterator[tuple[str, Any]]:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            if field.name in SKIPPED and not name:
                continue
            yield from _walk(getattr(value, field.name), f"{name}.{field.name}" if name else field.name)
    elif isinstance(value, tuple) and any(dataclasses.is_dataclass(v) for v in value):
        for index, item in enumerate(value):
            yield from _walk(item, f"{name}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{name}.{key}")
    else:
        yield name, value


def _dotted(name: str) -> str:
    """`criteria_to_treat.criteria[2].lab` → `criteria_to_treat.criteria.lab` (how `unconfirmed` names it)."""
    out, skip = [], False
    for char in name:
        if char == "[":
            skip = True
        elif char == "]":
            skip = False
        elif not skip:
            out.append(char)
    return "".join(out)


def protocol_parameters(protocol: Protocol) -> list[Parameter]:
    return [
        Parameter(name, _text(value), protocol.is_unconfirmed(_dotted(name)))
        for name, value in _walk(protocol, "")
    ]


class ProtocolModel(QAbstractTableModel):
    COLUMNS = ("name", "value", "status")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[Parameter] = []
        self._rows: list[Parameter] = []
        self.only_unconfirmed = False

    def set_protocol(self, protocol: Protocol) -> None:
        self.beginResetModel()
        self._all = protocol_parameters(protocol)
        self._rows = self._filtered()
        self.endResetModel()

    def set_only_unconfirmed(self, only: bool) -> None:
        self.beginResetModel()
        self.only_unconfirmed = only
        self._rows = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[Parameter]:
        return [p for p in self._all if p.unconfirmed] if self.only_unconfirmed else list(self._all)

    def parameter(self, row: int) -> Parameter:
        return self._rows[row]

    def unconfirmed_count(self) -> int:
        return sum(p.unconfirmed for p in self._all)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = (
            QCoreApplication.translate("ProtocolModel", "Parameter"),
            QCoreApplication.translate("ProtocolModel", "Value"),
            QCoreApplication.translate("ProtocolModel", "Source"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        parameter = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return parameter.name
            if column == 1:
                return parameter.value
            if column == 2:
                return (
                    QCoreApplication.translate("ProtocolModel", "unconfirmed default")
                    if parameter.unconfirmed
                    else QCoreApplication.translate("ProtocolModel", "public source")
                )
        if role == Qt.ItemDataRole.BackgroundRole and parameter.unconfirmed:
            return QBrush(UNCONFIRMED_COLOUR)
        if role == Qt.ItemDataRole.FontRole and parameter.unconfirmed and column == 2:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            # a long name or value (a dose rule's sentence) is elided in its column: the tooltip shows it whole
            note = (
                QCoreApplication.translate(
                    "ProtocolModel",
                    "No public source confirms this value; the site pharmacy manual decides it.",
                )
                if parameter.unconfirmed
                else ""
            )
            whole = (parameter.name, parameter.value)[column] if column in (0, 1) else ""
            return "\n".join(part for part in (whole, note) if part) or None
        return None
