"""Record a weight, and a panel of lab results, for a subject."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.dosing.format import format_number
from app.errors import InputError
from app.services._lab_values import lab_number
from app.toxicity.labs import LAB_KEYS, lab_kinds, normalise_unit
from app.ui.dialogs.form import RunForm
from app.ui.ops import OpRunner
from app.ui.widgets import DateField, MessageLabel, chain_tab_order, heading
from app.ui.words import lab_name


def _date_edit(parent: QWidget, name: str, day: date) -> QDateEdit:
    edit = DateField(QDate(day.year, day.month, day.day), parent)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _py(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _number(text: str) -> Decimal | None:
    """A number as typed: "67.1", or "67,1" with a decimal comma; None when it is not one or reads two ways
    ("1,234": one thousand two hundred and thirty-four, or 1.234)."""
    try:
        return lab_number(text)
    except InputError:
        return None


class _Form(RunForm):
    def __init__(self, runner: OpRunner, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.result_value: Any = None
        self.setWindowTitle(title)
        self.message = MessageLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Record"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.column = QVBoxLayout(self)
        self.column.addWidget(heading(title, self))

    def finish(self) -> None:
        self.column.addWidget(self.message)
        self.column.addWidget(self.buttons)
        # The cursor starts in the first field, and Tab goes through the fields before the buttons.
        fields = [
            child
            for child in self.children()
            if isinstance(child, (QLineEdit, QComboBox, QDateEdit)) and child.isEnabled()
        ]
        chain_tab_order(fields, *self.buttons.buttons())

    def operation(self) -> Callable[[], Any] | None:
        raise NotImplementedError

    def accept(self) -> None:
        self.message.clear_message()
        op = self.operation()
        if op is None:
            return
        self.run(op)


class WeightDialog(_Form):
    """`record(weight_kg, measured_on, measured_by)`."""

    def __init__(
        self,
        runner: OpRunner,
        record: Callable[..., Any],
        parent: QWidget | None = None,
        *,
        subject: str = "",
    ):
        super().__init__(runner, self.tr("Record a weight for {subject}").format(subject=subject), parent)
        self.subject = subject
        self._record = record
        self.weight = QLineEdit(self)
        self.weight.setObjectName("weight")
        self.weight.setPlaceholderText(self.tr("e.g. 61.4"))
        self.measured_on = _date_edit(self, "measuredOn", date.today())
        self.measured_by = QLineEdit(self)
        self.measured_by.setObjectName("measuredBy")
        self.measured_by.setPlaceholderText(self.tr("who weighed the subject"))
        form = QFormLayout()
        form.addRow(self.tr("&Weight (kg):"), self.weight)
        form.addRow(self.tr("Measured &on:"), self.measured_on)
        form.addRow(self.tr("Measured &by:"), self.measured_by)
        self.column.addLayout(form)
        self.finish()
        self.setMinimumWidth(420)

    def operation(self) -> Callable[[], Any] | None:
        weight = _number(self.weight.text())
        if weight is None:
            self.message.show_message(self.tr("Enter the weight in kg as a number."), self.weight)
            return None
        on, who = _py(self.measured_on.date()), self.measured_by.text().strip()
        return lambda: self._record(weight, on, who)

    # --- drafts (DraftHolder) ----------------------------------------------------------------------------

    def draft_key(self) -> str:
        return f"weight:{self.subject}"

    def draft_state(self) -> dict[str, Any] | None:
        if not self.weight.text().strip() and not self.measured_by.text().strip():
            return None
        return {
            "weight": self.weight.text(),
            "measured_on": self.measured_on.date().toString("yyyy-MM-dd"),
            "measured_by": self.measured_by.text(),
        }

    def restore_draft(self, state: dict[str, Any]) -> None:
        self.weight.setText(str(state.get("weight") or ""))
        _restore_date(self.measured_on, state.get("measured_on"))
        self.measured_by.setText(str(state.get("measured_by") or ""))


class LabsDialog(_Form):
    """A panel: for each lab a value, its unit and the laboratory's normal range (LLN, ULN: CTCAE grades
    against them, and limits in × ULN need the ULN); empty rows are skipped. `record(entries, collected_on)`
    with entries as (lab, value, unit, lln, uln).

    `ranges` are the site's reference ranges, {(lab, normalised unit): (LLN, ULN)}: each row's LLN and ULN
    start at the range of its unit and follow the unit when it is changed, until the user types their own."""

    def __init__(
        self,
        runner: OpRunner,
        record: Callable[..., Any],
        parent: QWidget | None = None,
        *,
        subject: str = "",
        ranges: Mapping[tuple[str, str], tuple[Decimal | None, Decimal | None]] | None = None,
    ):
        super().__init__(runner, self.tr("Record labs for {subject}").format(subject=subject), parent)
        self.subject = subject
        self._record = record
        self._ranges = dict(ranges or {})
        self._shown_defaults: dict[str, tuple[str, str]] = {}
        self.collected_on = _date_edit(self, "collectedOn", date.today())
        top = QFormLayout()
        top.addRow(self.tr("Collected &on:"), self.collected_on)
        self.column.addLayout(top)
        grid = QGridLayout()
        titles = (self.tr("Lab"), self.tr("Value"), self.tr("Unit"), self.tr("LLN"), self.tr("ULN"))
        for column, title in enumerate(titles):
            grid.addWidget(QLabel(f"<b>{title}</b>", self), 0, column)
        self.values: dict[str, QLineEdit] = {}
        self.units: dict[str, QComboBox] = {}
        self.llns: dict[str, QLineEdit] = {}
        self.ulns: dict[str, QLineEdit] = {}
        kinds = lab_kinds()
        for row, key in enumerate(LAB_KEYS, start=1):
            kind = kinds[key]
            value, unit, lln, uln = QLineEdit(self), QComboBox(self), QLineEdit(self), QLineEdit(self)
            value.setObjectName(f"value_{key}")
            unit.setObjectName(f"unit_{key}")
            lln.setObjectName(f"lln_{key}")
            uln.setObjectName(f"uln_{key}")
            value.setAccessibleName(self.tr("{lab}: result").format(lab=lab_name(key)))
            lln.setAccessibleName(self.tr("{lab}: lower limit of normal").format(lab=lab_name(key)))
            uln.setAccessibleName(self.tr("{lab}: upper limit of normal").format(lab=lab_name(key)))
            unit.setEditable(True)
            for name in kind.unit_names:
                unit.addItem(name)
            unit.setCurrentText(kind.si_unit)
            self.values[key], self.units[key], self.llns[key], self.ulns[key] = value, unit, lln, uln
            grid.addWidget(QLabel(lab_name(key), self), row, 0)
            grid.addWidget(value, row, 1)
            grid.addWidget(unit, row, 2)
            grid.addWidget(lln, row, 3)
            grid.addWidget(uln, row, 4)
            self._fill_range(key)
            unit.currentTextChanged.connect(lambda _text, k=key: self._fill_range(k))
        self.column.addLayout(grid)
        self.finish()
        self.setMinimumWidth(560)

    def _fill_range(self, key: str) -> None:
        """Put the site's range of `key` in its unit into LLN and ULN, unless the user typed their own."""
        lln_edit, uln_edit = self.llns[key], self.ulns[key]
        shown = self._shown_defaults.get(key, ("", ""))
        if (lln_edit.text().strip(), uln_edit.text().strip()) != shown:
            return  # typed by the user: theirs stays
        low, high = self._ranges.get((key, normalise_unit(self.units[key].currentText())), (None, None))
        texts = (
            "" if low is None else format_number(low),
            "" if high is None else format_number(high),
        )
        lln_edit.setText(texts[0])
        uln_edit.setText(texts[1])
        self._shown_defaults[key] = texts

    def entries(self) -> list[tuple[str, Decimal, str, Decimal | None, Decimal | None]] | None:
        out: list[tuple[str, Decimal, str, Decimal | None, Decimal | None]] = []
        for key in LAB_KEYS:
            text = self.values[key].text().strip()
            if not text:
                continue
            value = _number(text)
            lln_text, uln_text = self.llns[key].text().strip(), self.ulns[key].text().strip()
            lln = _number(lln_text) if lln_text else None
            uln = _number(uln_text) if uln_text else None
            if value is None or (lln_text and lln is None) or (uln_text and uln is None):
                wrong = (
                    self.values[key]
                    if value is None
                    else self.llns[key]
                    if lln_text and lln is None
                    else self.ulns[key]
                )
                self.message.show_message(self.tr("Enter each value, LLN and ULN as a number."), wrong)
                return None
            out.append((key, value, self.units[key].currentText().strip(), lln, uln))
        if not out:
            self.message.show_message(self.tr("Enter at least one result."))
            return None
        return out

    def operation(self) -> Callable[[], Any] | None:
        entries = self.entries()
        if entries is None:
            return None
        on = _py(self.collected_on.date())
        return lambda: self._record(entries, on)

    # --- drafts (DraftHolder) ----------------------------------------------------------------------------

    def draft_key(self) -> str:
        return f"labs:{self.subject}"

    def draft_state(self) -> dict[str, Any] | None:
        values = {key: edit.text() for key, edit in self.values.items() if edit.text().strip()}
        typed = {  # the rows whose LLN or ULN are not the site's defaults
            key
            for key in LAB_KEYS
            if (self.llns[key].text().strip(), self.ulns[key].text().strip())
            != self._shown_defaults.get(key, ("", ""))
        }
        llns = {k: e.text() for k, e in self.llns.items() if e.text().strip() and (k in values or k in typed)}
        ulns = {k: e.text() for k, e in self.ulns.items() if e.text().strip() and (k in values or k in typed)}
        if not values and not llns and not ulns:
            return None
        return {
            "collected_on": self.collected_on.date().toString("yyyy-MM-dd"),
            "values": values,
            "units": {key: box.currentText() for key, box in self.units.items() if key in values},
            "llns": llns,
            "ulns": ulns,
        }

    def restore_draft(self, state: dict[str, Any]) -> None:
        _restore_date(self.collected_on, state.get("collected_on"))
        for name, fields in (("values", self.values), ("llns", self.llns), ("ulns", self.ulns)):
            given = state.get(name)
            if isinstance(given, dict):
                for key, text in given.items():
                    if key in fields:
                        fields[key].setText(str(text))
        units = state.get("units")
        if isinstance(units, dict):
            for key, text in units.items():
                if key in self.units:
                    self.units[key].setCurrentText(str(text))


def _restore_date(edit: QDateEdit, text: object) -> None:
    day = QDate.fromString(str(text or ""), "yyyy-MM-dd")
    if day.isValid():
        edit.setDate(day)
