"""Preparation of an infusion order: the lots the vials came from, the time, where the bag is kept; signed.

The form opens with the stock service's first-expiry-first-out suggestion for the order's vials (one line per
lot) and the volume to draw split over the lots: full vials from the earlier lots, the partial vial (the last
drawn) from the last one. More lots can be added or removed; a lot can be chosen from those in stock or typed.
A lot in stock that may not be dispensed (quarantined, expired, empty) is flagged on its line, and the service
refuses it in its own words when the form is signed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QWidget,
)

from app.dosing.format import format_number, format_quantity
from app.ui.dialogs.orders import _SignedStep, aware
from app.ui.ops import OpRunner
from app.ui.views import LotChoice, PreparationChoices
from app.ui.widgets import DateField, fit_height
from app.ui.words import say

# (lot number, expiry, vials, volume drawn in mL)
LotEntry = tuple[str, date, int, Decimal]
Prepare = Callable[[str, list[LotEntry], datetime | None, bool, Decimal | None], Any]
Remake = Callable[[str, str, str | None, list[LotEntry], datetime | None, bool, Decimal | None], Any]

WARNING_STYLE = "color: #b00020;"


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def split_volume(total_ml: Decimal, vials: list[int], per_vial_ml: Decimal | None) -> list[Decimal]:
    """The volume drawn from each lot: whole vials from every lot but the last, the rest from the last.

    Without a known volume per vial (or when the split does not add up), the lots share the total in
    proportion to their vials, each share written to the places the order's volume is written to (the
    protocol's rounding of the volume drawn), the last taking what rounding leaves.
    """
    if not vials:
        return []
    if per_vial_ml is not None and per_vial_ml > 0:
        firsts = [count * per_vial_ml for count in vials[:-1]]
        last = total_ml - sum(firsts, Decimal(0))
        if last > 0 and all(v > 0 for v in firsts):
            return [*firsts, last]
    count = sum(vials)
    if count <= 0:
        return [Decimal(0) for _ in vials]
    places = Decimal(1).scaleb(min(total_ml.as_tuple().exponent, 0))  # type: ignore[arg-type]
    shares = [(total_ml * n / count).quantize(places) for n in vials[:-1]]
    return [*shares, total_ml - sum(shares, Decimal(0))]


@dataclass
class LotLine:
    """The widgets of one lot line."""

    lot: QComboBox
    expiry: QDateEdit
    vials: QSpinBox
    volume: QLineEdit
    note: QLabel
    remove: QToolButton


class PrepareDialog(_SignedStep):
    """`prepare(password, lots, prepared_at, refrigerated, tare_g)`; `prepared_at` None means "now, as signed";
    `tare_g` the diluent bag weighed before the drug goes in, asked only when the protocol weighs bags."""

    meaning = "prepared"

    def __init__(
        self,
        runner: OpRunner,
        order: Any,
        choices: PreparationChoices | None,
        prepare: Prepare,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
        weigh: bool = False,
        title: str | None = None,
    ) -> None:
        super().__init__(
            runner,
            title or self.tr("Prepare order {number}").format(number=order.order_number),
            parent,
            self.tr("Sign the preparation"),
        )
        self._prepare = prepare
        self.order = order
        self.today = today or date.today()
        self.choices = choices or PreparationChoices()
        self.known = {lot.lot_number: lot for lot in self.choices.lots}
        self.lines: list[LotLine] = []

        need = QLabel(
            self.tr("{vials} vial(s); draw {volume} in all ({concentration})").format(
                vials=order.vials,
                volume=format_quantity(order.volume_to_draw_ml, "mL"),
                concentration=format_quantity(order.concentration_mg_per_ml, "mg/mL"),
            ),
            self,
        )
        need.setObjectName("need")
        self.form.addRow(self.tr("The order needs:"), need)
        self.suggestion = QLabel(self)
        self.suggestion.setObjectName("suggestion")
        self.suggestion.setWordWrap(True)
        self.form.addRow(self.tr("From stock:"), self.suggestion)

        self.grid_widget = QWidget(self)
        self.grid = QGridLayout(self.grid_widget)
        self.grid.setContentsMargins(0, 0, 0, 0)
        for column, title in enumerate(
            (self.tr("Lot"), self.tr("Expiry"), self.tr("Vials"), self.tr("Volume drawn (mL)"))
        ):
            self.grid.addWidget(QLabel(f"<b>{title}</b>", self), 0, column)
        self.form.addRow(self.grid_widget)
        self.add_button = QPushButton(self.tr("Add a lot"), self)
        self.add_button.setObjectName("addLot")
        self.add_button.clicked.connect(lambda: self.add_line())
        self.totals = QLabel(self)
        self.totals.setObjectName("totals")
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.totals, 1)
        self.form.addRow(row)

        self.prepared_at = QDateTimeEdit(QDateTime.currentDateTime(), self)
        self.prepared_at.setObjectName("preparedAt")
        self.prepared_at.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.prepared_at.setCalendarPopup(True)
        self.prepared_edited = False  # untouched: the preparation is signed as made now
        self.prepared_at.dateTimeChanged.connect(lambda _t: setattr(self, "prepared_edited", True))
        self.fridge = QCheckBox(self.tr("Kept at 2–8 °C (else room temperature)"), self)
        self.fridge.setObjectName("fridge")
        self.form.addRow(self.tr("Prepared at:"), self.prepared_at)
        self.form.addRow("", self.fridge)
        self.tare: QLineEdit | None = None
        if weigh:
            self.tare = QLineEdit(self)
            self.tare.setObjectName("tare")
            self.tare.setPlaceholderText(self.tr("g, before the drug goes in"))
            self.form.addRow(self.tr("Diluent bag weight (g):"), self.tare)
        self.finish_layout()
        self.setMinimumWidth(620)

        if self.choices.suggested:
            names = ", ".join(
                self.tr("{lot} ({vials} vial(s))").format(lot=number, vials=vials)
                for number, vials in self.choices.suggested
            )
            self.suggestion.setText(self.tr("first expiry first out: {lots}").format(lots=names))
            for number, vials in self.choices.suggested:
                self.add_line(number, vials, spread=False)
        else:
            self.suggestion.setText(
                say(self.choices.problem) or self.tr("no lot of this protocol is in stock")
            )
            self.suggestion.setStyleSheet(WARNING_STYLE)
            self.add_line(vials=int(order.vials), spread=False)
        self.spread_volume()

    # --- lines -------------------------------------------------------------------------------------------

    def add_line(self, number: str = "", vials: int = 1, *, spread: bool = True) -> LotLine:
        lot = QComboBox(self)
        lot.setEditable(True)
        lot.setObjectName(f"lot{len(self.lines)}")
        lot.setMinimumContentsLength(10)
        for choice in sorted(self.choices.lots, key=lambda c: (not c.usable_on(self.today), c.expiry)):
            if choice.usable_on(self.today):
                lot.addItem(choice.lot_number)
        lot.setCurrentText(number)
        expiry = DateField(self)
        expiry.setObjectName(f"expiry{len(self.lines)}")
        expiry.setCalendarPopup(True)
        expiry.setDisplayFormat("yyyy-MM-dd")
        expiry.setDate(QDate.currentDate().addMonths(6))
        count = QSpinBox(self)
        count.setObjectName(f"vials{len(self.lines)}")
        count.setRange(1, 50)
        count.setValue(max(1, vials))
        volume = QLineEdit(self)
        volume.setObjectName(f"volume{len(self.lines)}")
        note = QLabel(self)
        note.setObjectName(f"note{len(self.lines)}")
        note.setWordWrap(True)
        remove = QToolButton(self)
        remove.setText("✕")
        remove.setToolTip(self.tr("Remove this lot"))
        line = LotLine(lot, expiry, count, volume, note, remove)
        row = 2 * len(self.lines) + 1
        self.grid.addWidget(lot, row, 0)
        self.grid.addWidget(expiry, row, 1)
        self.grid.addWidget(count, row, 2)
        self.grid.addWidget(volume, row, 3)
        self.grid.addWidget(remove, row, 4)
        self.grid.addWidget(note, row + 1, 0, 1, 5)
        self.lines.append(line)
        lot.currentTextChanged.connect(lambda _text: self._lot_changed(line))
        count.valueChanged.connect(lambda _n: self.spread_volume())
        volume.textChanged.connect(lambda _t: self._show_totals())
        remove.clicked.connect(lambda: self.remove_line(line))
        self._lot_changed(line, spread=spread)
        return line

    def remove_line(self, line: LotLine) -> None:
        if len(self.lines) <= 1:
            return
        entries = [
            (ln.lot.currentText(), ln.expiry.date(), ln.vials.value()) for ln in self.lines if ln is not line
        ]
        for old in self.lines:
            for widget in (old.lot, old.expiry, old.vials, old.volume, old.note, old.remove):
                self.grid.removeWidget(widget)
                widget.deleteLater()
        self.lines = []
        for number, expiry, vials in entries:
            new = self.add_line(number, vials, spread=False)
            if number.strip() not in self.known:
                new.expiry.setDate(expiry)
        self.spread_volume()

    def _lot_changed(self, line: LotLine, *, spread: bool = True) -> None:
        number = line.lot.currentText().strip()
        known = self.known.get(number)
        line.expiry.setEnabled(known is None)
        if known is not None:
            line.expiry.setDate(QDate(known.expiry.year, known.expiry.month, known.expiry.day))
        line.note.setText(self._lot_words(known) if known is not None else "")
        usable = known is None or known.usable_on(self.today)
        line.note.setStyleSheet("" if usable else WARNING_STYLE)
        line.note.setVisible(bool(line.note.text()))
        if line.note.text():
            fit_height(self)
        if spread:
            self.spread_volume()

    def _lot_words(self, lot: LotChoice) -> str:
        if lot.status == "quarantined":
            return self.tr("Lot {lot} is quarantined ({why}): it may not be dispensed.").format(
                lot=lot.lot_number, why=lot.status_reason or "—"
            )
        if lot.expiry < self.today:
            return self.tr("Lot {lot} expired on {day}: it may not be dispensed.").format(
                lot=lot.lot_number, day=lot.expiry.isoformat()
            )
        return self.tr("expires {day} · %n vial(s) on hand", "", lot.on_hand).format(
            day=lot.expiry.isoformat()
        )

    def _per_vial_ml(self) -> Decimal | None:
        concentration = Decimal(self.order.concentration_mg_per_ml)
        strength = self.choices.vial_strength_mg
        if strength is None:
            strengths = {lot.strength_mg for lot in self.choices.lots}
            strength = next(iter(strengths)) if len(strengths) == 1 else None
        if strength is None or concentration <= 0:
            return None
        return Decimal(strength) / concentration

    def spread_volume(self) -> None:
        """Fill each line's volume drawn from the order's volume and the vials of each lot."""
        volumes = split_volume(
            Decimal(self.order.volume_to_draw_ml),
            [ln.vials.value() for ln in self.lines],
            self._per_vial_ml(),
        )
        for line, volume in zip(self.lines, volumes, strict=True):
            line.volume.blockSignals(True)
            line.volume.setText(format_number(volume).replace(",", ""))
            line.volume.blockSignals(False)
        self._show_totals()

    def _show_totals(self) -> None:
        vials = sum(ln.vials.value() for ln in self.lines)
        volumes = [_decimal(ln.volume.text()) for ln in self.lines]
        total = sum((v for v in volumes if v is not None), Decimal(0))
        ok = vials == int(self.order.vials) and total == Decimal(self.order.volume_to_draw_ml)
        self.totals.setText(
            self.tr("{vials} of {need} vial(s) · {volume} of {need_volume}").format(
                vials=vials,
                need=self.order.vials,
                volume=format_quantity(total, "mL"),
                need_volume=format_quantity(Decimal(self.order.volume_to_draw_ml), "mL"),
            )
        )
        self.totals.setStyleSheet("" if ok else WARNING_STYLE)

    def entries(self) -> list[LotEntry] | None:
        """The lots as typed, or None (with the problem shown) when one is incomplete."""
        out: list[LotEntry] = []
        for line in self.lines:
            number = " ".join(line.lot.currentText().split())
            volume = _decimal(line.volume.text())
            if not number or volume is None:
                self.message.show_message(self.tr("Give each lot's number and the volume drawn from it."))
                return None
            q = line.expiry.date()
            out.append((number, date(q.year(), q.month(), q.day()), line.vials.value(), volume))
        return out

    def tare_g(self) -> tuple[bool, Decimal | None]:
        """(ok, the diluent bag's weight): not ok, with the problem shown, when it is asked and not a number."""
        if self.tare is None:
            return True, None
        value = _decimal(self.tare.text())
        if value is None:
            self.message.show_message(
                self.tr("Weigh the diluent bag before adding the drug and enter grams.")
            )
            return False, None
        return True, value

    def operation(self, password: str) -> Callable[[], Any] | None:
        lots = self.entries()
        if lots is None:
            return None
        ok, tare = self.tare_g()
        if not ok:
            return None
        when = aware(self.prepared_at.dateTime()) if self.prepared_edited else None
        fridge = self.fridge.isChecked()
        return lambda: self._prepare(password, lots, when, fridge, tare)


class RemakeDialog(PrepareDialog):
    """A bag made again from the same verified order: why the old one is wasted (past its use-before time, a
    failed check, damaged), then the new preparation's lots, signed. The old bag is recorded as waste with its
    lots."""

    def __init__(
        self,
        runner: OpRunner,
        order: Any,
        choices: PreparationChoices | None,
        remake: Remake,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
        weigh: bool = False,
    ) -> None:
        from app.dosing.order_codes import REMAKE_REASON_WORDS, REMAKE_REASONS, RemakeReason

        self._remake = remake
        super().__init__(
            runner,
            order,
            choices,
            lambda *_args: None,
            parent,
            today=today,
            weigh=weigh,
            title=self.tr("Make the bag of order {number} again").format(number=order.order_number),
        )
        self.sign_button.setText(self.tr("Sign the new preparation"))
        self.reason = QComboBox(self)
        self.reason.setObjectName("remakeReason")
        for code in REMAKE_REASONS:
            self.reason.addItem(say(REMAKE_REASON_WORDS[code]), code.value)
        if order.expired:
            self.reason.setCurrentIndex(REMAKE_REASONS.index(RemakeReason.EXPIRED))
        else:
            self.reason.setCurrentIndex(REMAKE_REASONS.index(RemakeReason.CHECK_FAILED))
        self.note = QLineEdit(self)
        self.note.setObjectName("remakeNote")
        old = QLabel(
            self.tr("Bag {bag}, prepared {when} by {who}, is recorded as waste with its lots.").format(
                bag=order.bag_number or 1,
                when=order.prepared_at.astimezone().strftime("%Y-%m-%d %H:%M") if order.prepared_at else "—",
                who=order.prepared_by or "—",
            ),
            self,
        )
        old.setWordWrap(True)
        self.form.insertRow(0, self.tr("The bag in use:"), old)
        self.form.insertRow(1, self.tr("Made again because:"), self.reason)
        self.form.insertRow(2, self.tr("Detail:"), self.note)

    def operation(self, password: str) -> Callable[[], Any] | None:
        lots = self.entries()
        if lots is None:
            return None
        ok, tare = self.tare_g()
        if not ok:
            return None
        when = aware(self.prepared_at.dateTime()) if self.prepared_edited else None
        fridge = self.fridge.isChecked()
        reason = str(self.reason.currentData())
        note = self.note.text().strip() or None
        return lambda: self._remake(password, reason, note, lots, when, fridge, tare)


__all__ = ["LotEntry", "PrepareDialog", "RemakeDialog", "split_volume"]
