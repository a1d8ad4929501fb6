"""Stock: the lots of investigational product with their balances and alerts; receive a shipment, quarantine and
release a lot, return vials to the sponsor or destroy them (reason and e-signature), and print a lot's
accountability log.

A lot whose count does not reconcile is shown in red with its problem, never hidden. Every call to the stock
service runs through the op runner, via a `StockBackend` (`ServiceStockBackend` on the real database).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.dosing.format import format_number, format_quantity
from app.dosing.stock_reasons import (
    DESTRUCTION_CHOICES,
    QUARANTINE_CHOICES,
    RELEASE_CHOICES,
    RETURN_CHOICES,
    STOCK_REASON_WORDS,
    StockReason,
)
from app.errors import DoseDeskError, InputError
from app.services.stock import LotReceipt, LotStatus, LotSummary, MovementKind, MovementLine, StockAlert
from app.ui.context import AppContext
from app.ui.dialogs.esign import ESignatureDialog
from app.ui.ops import OpRunner
from app.ui.paper import PaperLanguageCombo
from app.ui.screens.base import Screen
from app.ui.session import SignedInUser, may
from app.ui.widgets import DateField, MessageLabel, heading
from app.ui.words import say, say_error

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
PROBLEM = QColor("#fbe3e4")
EXPIRED = QColor("#eeeeee")
HELD = QColor("#fff3cd")
ALERT_COLOURS = {
    "unreconciled": "#b00020",
    "expired": "#b00020",
    "cover": "#b00020",
    "expiring": "#9a4a00",
    "bag_expired": "#b00020",
    "bag_expiring": "#9a4a00",
}


# --- the door to the stock service -------------------------------------------------------------------------


def coded_box(choices: Sequence[StockReason], parent: QWidget) -> QComboBox:
    """The reasons offered for a quarantine, a release, a return or a destruction, in the window's words; the
    code is what is stored."""
    box = QComboBox(parent)
    for code in choices:
        box.addItem(say(STOCK_REASON_WORDS[code]), str(code))
    return box


class StockBackend(Protocol):
    """Blocking calls, each one unit of work on the stock service; widgets hand them to the op runner."""

    def protocols(self) -> list[tuple[str, str, Decimal]]:
        """(protocol id, drug name, vial strength mg) of each shipped protocol."""
        ...

    def overview(self, today: date) -> tuple[list[LotSummary], list[StockAlert]]: ...

    def movements(self, lot_number: str) -> list[MovementLine]: ...

    def receive(
        self,
        user: SignedInUser,
        reference: str,
        received_on: date,
        lots: list[LotReceipt],
        protocol_id: str,
        quarantine_reason: str | None,
        note: str,
        quarantine_code: str = StockReason.OTHER,
    ) -> list[LotSummary]: ...

    def quarantine(self, user: SignedInUser, lot_number: str, reason: str, code: str) -> LotSummary: ...

    def release(self, user: SignedInUser, lot_number: str, reason: str, code: str) -> LotSummary: ...

    def return_to_sponsor(
        self,
        user: SignedInUser,
        lot_number: str,
        vials: int,
        reason: str,
        password: str,
        reference: str | None,
        code: str = StockReason.OTHER,
    ) -> LotSummary: ...

    def destroy(
        self,
        user: SignedInUser,
        lot_number: str,
        vials: int,
        reason: str,
        password: str,
        reference: str | None,
        code: str = StockReason.OTHER,
    ) -> LotSummary: ...

    def accountability_pdf(self, lot_number: str, language: str = "en") -> bytes: ...


class ServiceStockBackend:
    """The stock backend on a real database (`app.services.database.Database`)."""

    def __init__(self, database: Any) -> None:
        self.database = database

    def _reading(self) -> Any:
        from app.services.audit import SystemActor

        return self.database.read_uow(SystemActor("stock screen"))

    def protocols(self) -> list[tuple[str, str, Decimal]]:
        from app.protocol import load_protocol, shipped_protocols

        found = []
        for name in shipped_protocols():
            protocol = load_protocol(name)
            found.append((protocol.id, protocol.drug.name, protocol.product.vial_strength_mg))
        return found

    def overview(self, today: date) -> tuple[list[LotSummary], list[StockAlert]]:
        from app.services import stock

        return stock.list_lots(self._reading()), stock.stock_alerts(self._reading(), today=today)

    def movements(self, lot_number: str) -> list[MovementLine]:
        from app.services import stock

        return stock.lot_movements(self._reading(), lot_number)

    def receive(
        self,
        user: SignedInUser,
        reference: str,
        received_on: date,
        lots: list[LotReceipt],
        protocol_id: str,
        quarantine_reason: str | None,
        note: str,
        quarantine_code: str = StockReason.OTHER,
    ) -> list[LotSummary]:
        from app.services import stock

        return stock.receive_shipment(
            self.database.uow(user, f"shipment {reference} received"),
            reference=reference,
            received_on=received_on,
            lots=lots,
            protocol_id=protocol_id,
            quarantine_reason=quarantine_reason,
            note=note,
            quarantine_code=quarantine_code,
        )

    def quarantine(self, user: SignedInUser, lot_number: str, reason: str, code: str) -> LotSummary:
        from app.services import stock

        return stock.quarantine_lot(self.database.uow(user, reason), lot_number, reason, code)

    def release(self, user: SignedInUser, lot_number: str, reason: str, code: str) -> LotSummary:
        from app.services import stock

        return stock.release_lot(self.database.uow(user, reason), lot_number, reason, code=code)

    def return_to_sponsor(
        self,
        user: SignedInUser,
        lot_number: str,
        vials: int,
        reason: str,
        password: str,
        reference: str | None,
        code: str = StockReason.OTHER,
    ) -> LotSummary:
        from app.services import stock

        return stock.return_to_sponsor(
            self.database.uow(user, reason),
            lot_number,
            vials,
            reason,
            password,
            reference=reference,
            code=code,
        )

    def destroy(
        self,
        user: SignedInUser,
        lot_number: str,
        vials: int,
        reason: str,
        password: str,
        reference: str | None,
        code: str = StockReason.OTHER,
    ) -> LotSummary:
        from app.services import stock

        return stock.destroy_vials(
            self.database.uow(user, reason),
            lot_number,
            vials,
            reason,
            password,
            reference=reference,
            code=code,
        )

    def accountability_pdf(self, lot_number: str, language: str = "en") -> bytes:
        from app.services import stock

        return stock.print_accountability(self._reading(), lot_number, language)

    def paper_languages(self) -> tuple[str, ...]:
        from app.services import paper

        return paper.pharmacy_languages(self._reading())


def stock_backend_for(context: AppContext) -> StockBackend | None:
    """The stock backend of this window: one put in `context.extras["stock_backend"]`, else one on the main
    backend's database, else None (the screen then says stock is not available)."""
    given = context.extras.get("stock_backend")
    if given is not None:
        return given  # type: ignore[return-value]
    database = getattr(context.backend, "database", None)
    return ServiceStockBackend(database) if database is not None else None


# --- words ---------------------------------------------------------------------------------------------------


def status_text(lot: LotSummary) -> str:
    if lot.status == LotStatus.QUARANTINED:
        return QCoreApplication.translate("StockScreen", "quarantined: {reason}").format(
            reason=lot.status_reason or ""
        )
    return QCoreApplication.translate("StockScreen", "released")


def kind_text(kind: MovementKind) -> str:
    words = {
        MovementKind.RECEIPT: QCoreApplication.translate("StockScreen", "Received"),
        MovementKind.DISPENSE: QCoreApplication.translate("StockScreen", "Dispensed"),
        MovementKind.WASTE: QCoreApplication.translate("StockScreen", "Waste (partial vial)"),
        MovementKind.RETURN: QCoreApplication.translate("StockScreen", "Returned to sponsor"),
        MovementKind.DESTRUCTION: QCoreApplication.translate("StockScreen", "Destroyed"),
        MovementKind.QUARANTINE: QCoreApplication.translate("StockScreen", "Quarantined"),
        MovementKind.RELEASE: QCoreApplication.translate("StockScreen", "Released"),
    }
    return words[kind]


def vials_text(count: int) -> str:
    if count == 1:
        return QCoreApplication.translate("StockScreen", "1 vial")
    return QCoreApplication.translate("StockScreen", "{n} vials").format(n=format_number(count))


def alert_text(alert: StockAlert) -> str:
    """The alert in the user's language, from its figures."""
    if alert.kind == "unreconciled":
        return QCoreApplication.translate("StockScreen", "Lot {lot} does not reconcile: {problems}").format(
            lot=alert.lot_number, problems=" ".join(say(p) for p in alert.problems)
        )
    if alert.kind == "expired":
        return QCoreApplication.translate(
            "StockScreen",
            "Lot {lot} expired on {day} with {vials} on hand: quarantine it, then return or destroy them.",
        ).format(
            lot=alert.lot_number,
            day=alert.day.isoformat() if alert.day else "",
            vials=vials_text(alert.vials or 0),
        )
    if alert.kind in ("bag_expired", "bag_expiring"):
        # The prepared bag of an order, near or past its use-before time (the alert's own sentence names it).
        return say(alert.message)
    if alert.kind == "expiring":
        return QCoreApplication.translate(
            "StockScreen", "Lot {lot} expires on {day} (in {days} days) with {vials} on hand."
        ).format(
            lot=alert.lot_number,
            day=alert.day.isoformat() if alert.day else "",
            days=format_number(alert.days or 0),
            vials=vials_text(alert.vials or 0),
        )
    return QCoreApplication.translate(
        "StockScreen",
        "Stock of {protocol} will not cover the booked and planned doses: {vials} short from {day}.",
    ).format(
        protocol=alert.protocol_id,
        vials=vials_text(alert.vials or 0),
        day=alert.day.isoformat() if alert.day else "",
    )


# --- item models ------------------------------------------------------------------------------------------------


class _HeadedTableModel(QAbstractTableModel):
    """A table whose column headings are `headers`, set by the subclass."""

    headers: list[str]

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None


class LotTableModel(_HeadedTableModel):
    """The lots, one row each: counts, waste, and whether the balance reconciles (red when it does not)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lots: list[LotSummary] = []
        self.today = date.today()
        self.headers = [
            self.tr("Lot"),
            self.tr("Protocol"),
            self.tr("Strength"),
            self.tr("Expiry"),
            self.tr("Status"),
            self.tr("Received"),
            self.tr("Dispensed"),
            self.tr("Returned"),
            self.tr("Destroyed"),
            self.tr("On hand"),
            self.tr("Wasted"),
            self.tr("Balance"),
        ]

    def set_lots(self, lots: Sequence[LotSummary], today: date) -> None:
        self.beginResetModel()
        self.lots = list(lots)
        self.today = today
        self.endResetModel()

    def lot(self, row: int) -> LotSummary:
        return self.lots[row]

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.lots)

    def _cell(self, lot: LotSummary, column: int) -> str:
        expired = lot.expired(self.today)
        cells = [
            lot.lot_number,
            lot.protocol_id,
            format_quantity(lot.strength_mg, "mg"),
            lot.expiry.isoformat() + (self.tr(" (expired)") if expired else ""),
            status_text(lot),
            format_number(lot.received),
            format_number(lot.dispensed),
            format_number(lot.returned),
            format_number(lot.destroyed),
            format_number(lot.on_hand),
            format_quantity(lot.wasted_mg, "mg"),
            self.tr("reconciles") if lot.reconciles else self.tr("DOES NOT RECONCILE"),
        ]
        return cells[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.lots):
            return None
        lot = self.lots[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(lot, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and lot.problems:
            return "\n".join(say(p) for p in lot.problems)
        if role == Qt.ItemDataRole.BackgroundRole:
            if not lot.reconciles:
                return QBrush(PROBLEM)
            if lot.expired(self.today):
                return QBrush(EXPIRED)
            if lot.status == LotStatus.QUARANTINED:
                return QBrush(HELD)
        if role == Qt.ItemDataRole.TextAlignmentRole and 5 <= index.column() <= 10:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class MovementTableModel(_HeadedTableModel):
    """The movements of one lot, oldest first, with the running balance."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: list[MovementLine] = []
        self.headers = [
            self.tr("No."),
            self.tr("Date and time"),
            self.tr("Movement"),
            self.tr("In"),
            self.tr("Out"),
            self.tr("Balance"),
            self.tr("Waste"),
            self.tr("Order / shipment"),
            self.tr("Reason"),
            self.tr("Recorded by"),
            self.tr("Signed by"),
        ]

    def set_lines(self, lines: Sequence[MovementLine]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def _where(self, line: MovementLine) -> str:
        if line.shipment:
            return self.tr("shipment {reference}").format(reference=line.shipment)
        if line.order_number:
            return self.tr("order {order} · {subject} · {visit}").format(
                order=line.order_number, subject=line.subject_number, visit=line.visit_label
            )
        return line.reference or ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        line = self.lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            signed = ""
            if line.signed_by and line.signed_at:
                signed = f"{line.signed_by} · {line.signed_at.astimezone():%Y-%m-%d %H:%M}"
            cells = [
                format_number(index.row() + 1),
                f"{line.at.astimezone():%Y-%m-%d %H:%M}",
                kind_text(line.kind),
                format_number(line.vials_in) if line.vials_in else "",
                format_number(line.vials_out) if line.vials_out else "",
                format_number(line.balance),
                format_quantity(line.waste_mg, "mg") if line.waste_mg is not None else "",
                self._where(line),
                line.reason or "",
                line.by,
                signed,
            ]
            return cells[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and 3 <= index.column() <= 6:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


# --- dialogs ----------------------------------------------------------------------------------------------------


class _OpDialog(QDialog):
    """A form whose OK runs one op through the runner; a refusal stays in the dialog, in the service's words."""

    def __init__(self, runner: OpRunner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.result_value: Any = None
        self.message = MessageLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def op(self) -> Callable[[], Any]:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            op = self.op()
        except InputError as exc:
            self.message.show_message(say_error(exc))
            return
        self.message.clear_message()
        self.buttons.setEnabled(False)
        self.runner.run(op, on_success=self._done, on_failure=self._failed, parent=self)

    def _done(self, result: Any) -> None:
        self.buttons.setEnabled(True)
        self.result_value = result
        super().accept()

    def _failed(self, exc: BaseException) -> bool:
        self.buttons.setEnabled(True)
        if isinstance(exc, DoseDeskError):
            self.message.show_message(say_error(exc))
            return True
        return False


def _date_edit(parent: QWidget, day: date) -> QDateEdit:
    edit = DateField(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate(day.year, day.month, day.day))
    return edit


def _py_date(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


class ReceiveShipmentDialog(_OpDialog):
    """Receive a shipment: its reference and date, and each lot as its label says (number, vials, expiry,
    strength); optionally set the whole shipment aside in quarantine with the reason."""

    COLUMNS = 4  # lot number, vials, expiry (YYYY-MM-DD), strength mg

    def __init__(
        self,
        runner: OpRunner,
        protocols: Sequence[tuple[str, str, Decimal]],
        receive: Callable[[str, date, list[LotReceipt], str, str | None, str, str], Any],
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._receive = receive
        self._protocols = list(protocols)
        self.setWindowTitle(self.tr("Receive a shipment"))
        self.reference = QLineEdit(self)
        self.reference.setObjectName("reference")
        self.reference.setPlaceholderText(self.tr("shipment or waybill number"))
        self.received_on = _date_edit(self, today or date.today())
        self.received_on.setObjectName("receivedOn")
        self.protocol = QComboBox(self)
        self.protocol.setObjectName("protocol")
        for protocol_id, drug, strength in self._protocols:
            self.protocol.addItem(f"{drug} ({protocol_id}), {format_quantity(strength, 'mg')}", protocol_id)
        self.lots = QTableWidget(0, self.COLUMNS, self)
        self.lots.setObjectName("lots")
        self.lots.setHorizontalHeaderLabels(
            [
                self.tr("Lot number"),
                self.tr("Vials"),
                self.tr("Expiry (YYYY-MM-DD)"),
                self.tr("Strength (mg)"),
            ]
        )
        self.lots.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        add = QPushButton(self.tr("Add a lot"), self)
        add.setObjectName("addLot")
        add.clicked.connect(lambda: self.add_lot())
        remove = QPushButton(self.tr("Remove the lot"), self)
        remove.setObjectName("removeLot")
        remove.clicked.connect(self.remove_lot)
        self.quarantined = QCheckBox(self.tr("Quarantine on arrival (e.g. a temperature excursion)"), self)
        self.quarantined.setObjectName("quarantined")
        self.quarantine_reason = QLineEdit(self)
        self.quarantine_reason.setObjectName("quarantineReason")
        self.quarantine_reason.setPlaceholderText(self.tr("why the lots are set aside"))
        self.quarantine_reason.setEnabled(False)
        self.quarantined.toggled.connect(self.quarantine_reason.setEnabled)
        self.quarantine_code = coded_box(QUARANTINE_CHOICES, self)
        self.quarantine_code.setObjectName("quarantineCode")
        self.quarantine_code.setAccessibleName(self.tr("Why the lots are set aside"))
        self.quarantine_code.setEnabled(False)
        self.quarantined.toggled.connect(self.quarantine_code.setEnabled)
        self.note = QLineEdit(self)
        self.note.setObjectName("note")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Receive"))

        form = QFormLayout()
        form.addRow(self.tr("Shipment:"), self.reference)
        form.addRow(self.tr("Received on:"), self.received_on)
        form.addRow(self.tr("Product:"), self.protocol)
        rows = QHBoxLayout()
        rows.addWidget(add)
        rows.addWidget(remove)
        rows.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Lots in the shipment, as printed on the vials:"), self))
        layout.addWidget(self.lots)
        layout.addLayout(rows)
        layout.addWidget(self.quarantined)
        layout.addWidget(self.quarantine_code)
        layout.addWidget(self.quarantine_reason)
        extra = QFormLayout()
        extra.addRow(self.tr("Note:"), self.note)
        layout.addLayout(extra)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)
        self.add_lot()

    def protocol_strength(self) -> Decimal:
        index = max(self.protocol.currentIndex(), 0)
        return self._protocols[index][2] if self._protocols else Decimal(0)

    def add_lot(self, number: str = "", vials: int | None = None, expiry: date | None = None) -> int:
        row = self.lots.rowCount()
        self.lots.insertRow(row)
        values = [
            number,
            "" if vials is None else str(vials),
            expiry.isoformat() if expiry else "",
            str(self.protocol_strength()),
        ]
        for column, value in enumerate(values):
            self.lots.setItem(row, column, QTableWidgetItem(value))
        return row

    def remove_lot(self) -> None:
        row = self.lots.currentRow()
        if row >= 0:
            self.lots.removeRow(row)

    def _text(self, row: int, column: int) -> str:
        item = self.lots.item(row, column)
        return item.text().strip() if item is not None else ""

    def entered_lots(self) -> list[LotReceipt]:
        lots: list[LotReceipt] = []
        for row in range(self.lots.rowCount()):
            number, vials, expiry, strength = (self._text(row, c) for c in range(self.COLUMNS))
            if not (number or vials or expiry):
                continue
            where = self.tr("Row {row}").format(row=row + 1)
            try:
                count = int(vials)
            except ValueError:
                raise InputError(
                    self.tr("{where}: the vials must be a whole number.").format(where=where)
                ) from None
            try:
                day = date.fromisoformat(expiry)
            except ValueError:
                raise InputError(
                    self.tr("{where}: write the expiry as YYYY-MM-DD.").format(where=where)
                ) from None
            try:
                mg = Decimal(strength)
            except InvalidOperation:
                raise InputError(
                    self.tr("{where}: the strength must be a number of mg.").format(where=where)
                ) from None
            lots.append(LotReceipt(number, mg, day, count))
        return lots

    def op(self) -> Callable[[], Any]:
        lots = self.entered_lots()
        reference = self.reference.text()
        received_on = _py_date(self.received_on)
        protocol_id = str(self.protocol.currentData() or "")
        reason = self.quarantine_reason.text() if self.quarantined.isChecked() else None
        if self.quarantined.isChecked() and not (reason or "").strip():
            raise InputError(self.tr("Give the reason for the quarantine."))
        note = self.note.text()
        code = str(self.quarantine_code.currentData())
        return lambda: self._receive(reference, received_on, lots, protocol_id, reason, note, code)


class ReasonDialog(_OpDialog):
    """Quarantine or release a lot: the reason is required, kept and printed."""

    def __init__(
        self,
        runner: OpRunner,
        title: str,
        prompt: str,
        act: Callable[[str, str], Any],
        choices: Sequence[StockReason],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._act = act
        self.setWindowTitle(title)
        self.code = coded_box(choices, self)
        self.code.setObjectName("code")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        form = QFormLayout()
        form.addRow(self.tr("Reason:"), self.code)
        form.addRow(prompt, self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def op(self) -> Callable[[], Any]:
        reason, code = self.reason.text(), str(self.code.currentData())
        return lambda: self._act(reason, code)


@dataclass(frozen=True)
class TakeOut:
    """What a return or destruction takes out, before it is signed."""

    lot_number: str
    vials: int
    reason: str
    reference: str | None
    code: str = StockReason.OTHER


class TakeOutDialog(QDialog):
    """Return vials to the sponsor, or destroy them: how many, why, the reference; the e-signature follows."""

    def __init__(self, kind: MovementKind, lot: LotSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.lot = lot
        returning = kind == MovementKind.RETURN
        self.setWindowTitle(
            self.tr("Return vials of lot {lot} to the sponsor").format(lot=lot.lot_number)
            if returning
            else self.tr("Destroy vials of lot {lot}").format(lot=lot.lot_number)
        )
        self.vials = QSpinBox(self)
        self.vials.setObjectName("vials")
        self.vials.setRange(1, max(lot.on_hand, 1))
        self.vials.setValue(max(lot.on_hand, 1))
        self.code = coded_box(RETURN_CHOICES if returning else DESTRUCTION_CHOICES, self)
        self.code.setObjectName("code")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reference = QLineEdit(self)
        self.reference.setObjectName("reference")
        self.reference.setPlaceholderText(self.tr("e.g. the sponsor's return authorisation"))
        self.message = MessageLabel(self)
        form = QFormLayout()
        form.addRow(self.tr("On hand:"), QLabel(vials_text(lot.on_hand), self))
        form.addRow(self.tr("Vials:"), self.vials)
        form.addRow(self.tr("Reason:"), self.code)
        form.addRow(self.tr("Details:"), self.reason)
        form.addRow(self.tr("Reference:"), self.reference)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign…"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def accept(self) -> None:
        if not self.reason.text().strip():
            self.message.show_message(self.tr("Give the reason."))
            return
        super().accept()

    def take_out(self) -> TakeOut:
        reference = self.reference.text().strip() or None
        code = str(self.code.currentData())
        return TakeOut(self.lot.lot_number, self.vials.value(), self.reason.text().strip(), reference, code)


class StockSignatureDialog(ESignatureDialog):
    """The e-signature of a return or destruction ('approved'), saying exactly what the signer approves."""

    def __init__(
        self,
        runner: OpRunner,
        user: SignedInUser,
        kind: MovementKind,
        take_out: TakeOut,
        sign: Callable[[str], Any],
        parent: QWidget | None = None,
    ) -> None:
        vials, number = vials_text(take_out.vials), take_out.lot_number
        if kind == MovementKind.RETURN:
            what = QCoreApplication.translate(
                "StockSignatureDialog", "Return of {vials} of lot {lot} to the sponsor"
            )
            statement = QCoreApplication.translate(
                "StockSignatureDialog",
                "I approve the return of {vials} of lot {lot} to the sponsor, for this reason: {reason}",
            )
        else:
            what = QCoreApplication.translate("StockSignatureDialog", "Destruction of {vials} of lot {lot}")
            statement = QCoreApplication.translate(
                "StockSignatureDialog",
                "I approve the destruction of {vials} of lot {lot}, for this reason: {reason}",
            )
        super().__init__(runner, user, "approved", what.format(vials=vials, lot=number), sign, parent)
        label = self.findChild(QLabel, "statement")
        if label is not None:
            label.setText(statement.format(vials=vials, lot=number, reason=take_out.reason))


# --- the screen -----------------------------------------------------------------------------------------------


def _table(model: QAbstractTableModel, parent: QWidget, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class StockScreen(Screen):
    """Lots, balances and alerts; receiving, quarantine and release, signed returns and destruction, the log."""

    key = "stock"

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, *, backend: StockBackend | None = None
    ) -> None:
        super().__init__(context, parent)
        self.backend = backend or stock_backend_for(context)
        self.today = date.today()
        self.alerts_list = QListWidget(self)
        self.alerts_list.setObjectName("alerts")
        self.alerts_list.setAccessibleName(self.tr("Stock alerts"))
        self.alerts_list.setMaximumHeight(110)
        self.lots_model = LotTableModel(self)
        self.lots = _table(self.lots_model, self, "lots")
        self.lots.setAccessibleName(self.tr("Lots"))
        self.lots.selectionModel().currentRowChanged.connect(lambda _c, _p: self._lot_changed())
        self.movements_model = MovementTableModel(self)
        self.movements = _table(self.movements_model, self, "movements")
        self.movements.setAccessibleName(self.tr("Movements of the lot"))
        self.problems = QLabel(self)
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b00020; font-weight: bold;")
        self.problems.hide()
        self.lot_title = heading("", self)
        self.last_dialog: QDialog | None = None

        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for name, text, slot in (
            ("receive", self.tr("Receive a shipment…"), self.receive),
            ("quarantine", self.tr("Quarantine…"), self.quarantine),
            ("release", self.tr("Release…"), self.release),
            ("return", self.tr("Return to sponsor…"), self.return_vials),
            ("destroy", self.tr("Destroy…"), self.destroy_vials),
            ("log", self.tr("Accountability log…"), self.print_log),
            ("refresh", self.tr("Refresh"), self.refresh),
        ):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.clicked.connect(slot)
            self.buttons[name] = button
            row.addWidget(button)
            if name == "log":
                self.paper_language = PaperLanguageCombo(self.context.runner, self.backend, self)
                row.addWidget(self.paper_language)
        row.addStretch(1)

        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.lot_title)
        lower_layout.addWidget(self.problems)
        lower_layout.addWidget(self.movements)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.lots)
        splitter.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Alerts:"), self))
        layout.addWidget(self.alerts_list)
        layout.addLayout(row)
        layout.addWidget(splitter, 1)
        if self.backend is None:
            self.alerts_list.addItem(self.tr("Stock is not available with this database."))
        self._update_buttons()

    def title(self) -> str:
        return self.tr("Stock")

    def activate(self) -> None:
        self.refresh()

    # --- reading -------------------------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        backend = self.backend
        if backend is None:
            return
        current = self.selected()
        keep = select or (current.lot_number if current is not None else None)
        today = date.today()
        self.context.runner.run(
            lambda: backend.overview(today),
            on_success=lambda result: self._show(result, today, keep),
            parent=self,
        )

    def _show(self, result: tuple[list[LotSummary], list[StockAlert]], today: date, keep: str | None) -> None:
        lots, alerts = result
        self.today = today
        self.lots_model.set_lots(lots, today)
        self.alerts_list.clear()
        for alert in alerts:
            item = QListWidgetItem(alert_text(alert))
            item.setForeground(QBrush(QColor(ALERT_COLOURS.get(alert.kind, "#111111"))))
            item.setData(Qt.ItemDataRole.UserRole, alert.kind)
            self.alerts_list.addItem(item)
        if not alerts:
            self.alerts_list.addItem(
                self.tr("No alerts: every lot reconciles and stock covers the booked doses.")
            )
        if keep is not None and self.select_lot(keep):
            return
        if lots:
            self.lots.selectRow(0)
        else:
            self._lot_changed()

    def alert_texts(self) -> list[str]:
        return [self.alerts_list.item(row).text() for row in range(self.alerts_list.count())]

    def selected(self) -> LotSummary | None:
        index = self.lots.currentIndex()
        return self.lots_model.lot(index.row()) if index.isValid() else None

    def select_lot(self, lot_number: str) -> bool:
        for row, lot in enumerate(self.lots_model.lots):
            if lot.lot_number == lot_number:
                self.lots.selectRow(row)
                self._lot_changed()
                return True
        return False

    def _lot_changed(self) -> None:
        lot = self.selected()
        self._update_buttons()
        if lot is None or self.backend is None:
            self.lot_title.setText("")
            self.problems.hide()
            self.movements_model.set_lines([])
            return
        self.lot_title.setText(
            self.tr("Lot {lot}: {on_hand} on hand").format(
                lot=lot.lot_number, on_hand=vials_text(lot.on_hand)
            )
        )
        self.problems.setText("\n".join(say(p) for p in lot.problems))
        self.problems.setVisible(bool(lot.problems))
        backend, number = self.backend, lot.lot_number
        self.context.runner.run(
            lambda: backend.movements(number), on_success=self._show_movements(number), parent=self
        )

    def _show_movements(self, number: str) -> Callable[[list[MovementLine]], None]:
        def show(lines: list[MovementLine]) -> None:
            current = self.selected()
            if current is not None and current.lot_number == number:
                self.movements_model.set_lines(lines)

        return show

    def _update_buttons(self) -> None:
        user = self.context.user
        lot = self.selected()
        pharmacist = self.backend is not None and may(user, "stock")
        self.buttons["receive"].setEnabled(pharmacist)
        self.buttons["quarantine"].setEnabled(
            pharmacist and lot is not None and lot.status == LotStatus.RELEASED
        )
        self.buttons["release"].setEnabled(
            pharmacist
            and lot is not None
            and lot.status == LotStatus.QUARANTINED
            and not lot.expired(self.today)
        )
        has_vials = lot is not None and lot.on_hand > 0
        self.buttons["return"].setEnabled(pharmacist and has_vials)
        self.buttons["destroy"].setEnabled(pharmacist and has_vials)
        self.buttons["log"].setEnabled(self.backend is not None and lot is not None)
        self.buttons["refresh"].setEnabled(self.backend is not None)

    # --- changing --------------------------------------------------------------------------------------------

    def _open(self, dialog: QDialog, select: str | None = None) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(lambda: self.refresh(select))
        self.last_dialog = dialog
        self.context.extras["last_dialog"] = dialog
        dialog.open()
        return dialog

    def receive(self) -> QDialog | None:
        backend = self.backend
        if backend is None:
            return None
        user = self.context.require_user()

        def act(
            reference: str,
            day: date,
            lots: list[LotReceipt],
            protocol: str,
            reason: str | None,
            note: str,
            code: str = StockReason.OTHER,
        ) -> Any:
            return backend.receive(user, reference, day, lots, protocol, reason, note, code)

        return self._open(ReceiveShipmentDialog(self.context.runner, backend.protocols(), act, self))

    def _reason_dialog(self, quarantine: bool) -> QDialog | None:
        lot, backend = self.selected(), self.backend
        if lot is None or backend is None:
            return None
        user, number = self.context.require_user(), lot.lot_number
        if quarantine:
            dialog = ReasonDialog(
                self.context.runner,
                self.tr("Quarantine lot {lot}").format(lot=number),
                self.tr("Why is the lot set aside?"),
                lambda reason, code: backend.quarantine(user, number, reason, code),
                QUARANTINE_CHOICES,
                self,
            )
        else:
            dialog = ReasonDialog(
                self.context.runner,
                self.tr("Release lot {lot}").format(lot=number),
                self.tr("Why may the lot be used again?"),
                lambda reason, code: backend.release(user, number, reason, code),
                RELEASE_CHOICES,
                self,
            )
        return self._open(dialog, number)

    def quarantine(self) -> QDialog | None:
        return self._reason_dialog(True)

    def release(self) -> QDialog | None:
        return self._reason_dialog(False)

    def _take_out(self, kind: MovementKind) -> QDialog | None:
        lot, backend = self.selected(), self.backend
        if lot is None or backend is None:
            return None
        dialog = TakeOutDialog(kind, lot, self)
        dialog.accepted.connect(lambda: self._sign_take_out(kind, dialog.take_out()))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.last_dialog = dialog
        self.context.extras["last_dialog"] = dialog
        dialog.open()
        return dialog

    def _sign_take_out(self, kind: MovementKind, take_out: TakeOut) -> QDialog | None:
        backend = self.backend
        if backend is None:
            return None
        user = self.context.require_user()
        t = take_out
        if kind == MovementKind.RETURN:
            sign = lambda password: backend.return_to_sponsor(  # noqa: E731
                user, t.lot_number, t.vials, t.reason, password, t.reference, t.code
            )
        else:
            sign = lambda password: backend.destroy(  # noqa: E731
                user, t.lot_number, t.vials, t.reason, password, t.reference, t.code
            )
        return self._open(
            StockSignatureDialog(self.context.runner, user, kind, take_out, sign, self), t.lot_number
        )

    def return_vials(self) -> QDialog | None:
        return self._take_out(MovementKind.RETURN)

    def destroy_vials(self) -> QDialog | None:
        return self._take_out(MovementKind.DESTRUCTION)

    # --- paper --------------------------------------------------------------------------------------------

    def print_log(self) -> None:
        lot, backend = self.selected(), self.backend
        if lot is None or backend is None:
            return
        from app.ui.paper import preview_document

        number, language = lot.lot_number, self.paper_language.language()
        preview_document(
            self.context.runner,
            self,
            lambda: backend.accountability_pdf(number, language),
            self.tr("Accountability log of lot {lot}").format(lot=number),
            f"accountability-{number}.pdf",
            shown=lambda dialog: self.context.extras.__setitem__("last_preview", dialog),
        )
