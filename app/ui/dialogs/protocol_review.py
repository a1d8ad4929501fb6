"""Before approving a protocol version: every value no public source confirms, one row each, with its value
and the note the protocol file gives it, for the signer to confirm one by one. Approve… opens only once each
is confirmed (the e-signature then follows, as before).

A value cannot be changed here: DoseDesk has no amendment of a protocol version (a changed value is a new
protocol file, registered as a new version, whose own values are reviewed and approved). The dialog says so.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.protocol import Protocol
from app.protocol.notes import note_for, source_notes
from app.ui.models.protocol import Parameter, protocol_parameters

CONFIRMED = 3  # the column of the ticks


def unconfirmed_with_notes(protocol: Protocol) -> list[tuple[Parameter, str]]:
    """Each unconfirmed value of `protocol` with its note from the protocol file ("" when it has none)."""
    try:
        notes = source_notes(protocol.source.read_text(encoding="utf-8"))
    except OSError:
        notes = {}
    return [(p, note_for(notes, p.name)) for p in protocol_parameters(protocol) if p.unconfirmed]


class ProtocolReviewDialog(QDialog):
    def __init__(self, protocol: Protocol, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Review the unconfirmed values"))
        self.values = unconfirmed_with_notes(protocol)
        intro = QLabel(
            self.tr(
                "No public source confirms these {count} values of protocol {id} version {version}. Check each "
                "against the site pharmacy manual and confirm it; Approve… opens when every value is confirmed."
            ).format(count=len(self.values), id=protocol.id, version=protocol.version),
            self,
        )
        intro.setWordWrap(True)
        change = QLabel(
            self.tr(
                "A value that is wrong cannot be changed in this version: do not approve it. The protocol file "
                "must be amended and registered as a new version, which is reviewed and approved in its turn."
            ),
            self,
        )
        change.setObjectName("changeNote")
        change.setWordWrap(True)
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("Value"), self.tr("Setting"), self.tr("Note in the protocol file"), self.tr("Confirmed")]
        )
        no_note = self.tr("No note in the protocol file: the site pharmacy manual decides it.")
        for parameter, note in self.values:
            cells = [
                QStandardItem(parameter.name),
                QStandardItem(parameter.value),
                QStandardItem(note or no_note),
            ]
            for cell in cells:
                cell.setEditable(False)
                cell.setToolTip(cell.text())
            tick = QStandardItem(self.tr("confirmed"))
            tick.setEditable(False)
            tick.setCheckable(True)
            tick.setCheckState(Qt.CheckState.Unchecked)
            self.model.appendRow([*cells, tick])
        self.table = QTableView(self)
        self.table.setObjectName("unconfirmedValues")
        self.table.setAccessibleName(self.tr("Unconfirmed values"))
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CONFIRMED, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(0, 300)
        self.table.setColumnWidth(1, 180)
        self.confirm_button = QPushButton(self.tr("&Confirm the chosen values"), self)
        self.confirm_button.setObjectName("confirmChosen")
        self.confirm_button.clicked.connect(self.confirm_chosen)
        self.count = QLabel(self)
        self.count.setObjectName("confirmedCount")
        self.buttons = QDialogButtonBox(self)
        self.approve_button = self.buttons.addButton(
            self.tr("&Approve…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.approve_button.setObjectName("approve")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.model.itemChanged.connect(lambda _item: self._show_count())
        row = QHBoxLayout()
        row.addWidget(self.confirm_button)
        row.addWidget(self.count, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(change)
        layout.addWidget(self.buttons)
        self.resize(960, 560)
        self._show_count()

    def confirmed(self, row: int) -> bool:
        item = self.model.item(row, CONFIRMED)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def confirm(self, row: int) -> None:
        item = self.model.item(row, CONFIRMED)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked)

    def confirm_chosen(self) -> None:
        """Confirm the rows chosen in the table (a person chooses them; nothing is confirmed for all at once
        unless they were each chosen)."""
        for index in self.table.selectionModel().selectedRows():
            self.confirm(index.row())

    def all_confirmed(self) -> bool:
        return all(self.confirmed(row) for row in range(self.model.rowCount()))

    def _show_count(self) -> None:
        done = sum(self.confirmed(row) for row in range(self.model.rowCount()))
        self.count.setText(
            self.tr("{done} of {count} values confirmed").format(done=done, count=self.model.rowCount())
        )
        self.approve_button.setEnabled(self.all_confirmed())

    def accept(self) -> None:
        if self.all_confirmed():
            super().accept()
