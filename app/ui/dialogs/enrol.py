"""Enrol a subject: identifiers, baseline, planned C1D1; the service stores the calendar the protocol lays out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.dialogs.form import RunForm
from app.ui.dialogs.language import language_box
from app.ui.i18n import current_language
from app.ui.ops import OpRunner
from app.ui.widgets import DateField, MessageLabel, heading


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class EnrolDialog(RunForm):
    """`enrol(fields)` runs through the op runner with a dict of the service's keyword arguments."""

    def __init__(
        self,
        runner: OpRunner,
        enrol: Callable[[dict[str, Any]], Any],
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._enrol = enrol
        self.result_value: Any = None
        today = today or date.today()
        self.setWindowTitle(self.tr("Enrol a subject"))
        self.number = QLineEdit(self)
        self.number.setObjectName("subjectNumber")
        self.initials = QLineEdit(self)
        self.initials.setObjectName("initials")
        self.hospital_number = QLineEdit(self)
        self.hospital_number.setObjectName("hospitalNumber")
        self.hospital_number.setPlaceholderText(self.tr("as the laboratory and the wards write it"))
        self.birth = self._date("birthDate", today - timedelta(days=365 * 60))
        self.sex = QComboBox(self)
        self.sex.setObjectName("sex")
        self.sex.addItem(self.tr("female"), "female")
        self.sex.addItem(self.tr("male"), "male")
        # The language the patient reads: their calendar and wristband print in it (the window's offered).
        self.language = language_box(self, "zh" if current_language().startswith("zh") else "en")
        self.language.setObjectName("language")
        self.language.setToolTip(self.tr("The patient's calendar and wristband are printed in this language."))
        self.weight = QLineEdit(self)
        self.weight.setObjectName("weight")
        self.height_cm = QLineEdit(self)
        self.height_cm.setObjectName("height")
        self.allergies = QLineEdit(self)
        self.allergies.setObjectName("allergies")
        self.allergies.setPlaceholderText(self.tr("empty: none known"))
        self.liver = QCheckBox(self.tr("Liver metastases"), self)
        self.liver.setObjectName("liver")
        self.pregnancy = QCheckBox(self.tr("Can become pregnant"), self)
        self.pregnancy.setObjectName("pregnancy")
        self.pregnancy.setToolTip(self.tr("A pregnancy test is then needed before C1D1."))
        self.c1d1 = self._date("c1d1", today + timedelta(days=7))
        self.screened = QCheckBox(self.tr("Screening done on:"), self)
        self.screened.setObjectName("screened")
        self.screening = self._date("screening", today)
        self.screening.setEnabled(False)
        self.screened.toggled.connect(self.screening.setEnabled)
        form = QFormLayout()
        form.addRow(self.tr("Subject number:"), self.number)
        form.addRow(self.tr("Initials:"), self.initials)
        form.addRow(self.tr("Hospital number:"), self.hospital_number)
        form.addRow(self.tr("Date of birth:"), self.birth)
        form.addRow(self.tr("Sex:"), self.sex)
        form.addRow(self.tr("Reads:"), self.language)
        form.addRow(self.tr("Baseline weight (kg):"), self.weight)
        form.addRow(self.tr("Height (cm):"), self.height_cm)
        form.addRow(self.tr("Allergies:"), self.allergies)
        form.addRow("", self.liver)
        form.addRow("", self.pregnancy)
        form.addRow(self.tr("Planned C1D1 (first dose):"), self.c1d1)
        form.addRow(self.screened, self.screening)
        self.message = MessageLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enrol"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Enrol a subject"), self))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def _date(self, name: str, day: date) -> QDateEdit:
        edit = DateField(_qdate(day), self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def fields(self) -> dict[str, Any] | None:
        try:
            weight = Decimal(self.weight.text().strip())
            height = Decimal(self.height_cm.text().strip())
        except InvalidOperation:
            self.message.show_message(self.tr("Enter the baseline weight and the height as numbers."))
            return None
        return {
            "subject_number": self.number.text().strip(),
            "initials": self.initials.text().strip(),
            "hospital_number": self.hospital_number.text().strip() or None,
            "birth_date": _pydate(self.birth.date()),
            "sex": str(self.sex.currentData()),
            "language": str(self.language.currentData()),
            "baseline_weight_kg": weight,
            "height_cm": height,
            "planned_c1d1": _pydate(self.c1d1.date()),
            "allergies": self.allergies.text().strip(),
            "liver_metastases": self.liver.isChecked(),
            "can_become_pregnant": self.pregnancy.isChecked(),
            "screening_date": _pydate(self.screening.date()) if self.screened.isChecked() else None,
        }

    def accept(self) -> None:
        fields = self.fields()
        if fields is None:
            return
        self.run(lambda: self._enrol(fields))

    # --- drafts (DraftHolder) ----------------------------------------------------------------------------

    _TEXTS = ("number", "initials", "hospital_number", "weight", "height_cm", "allergies")
    _DATES = ("birth", "c1d1", "screening")

    def draft_key(self) -> str:
        return "enrol"

    def draft_state(self) -> dict[str, Any] | None:
        texts = {name: getattr(self, name).text() for name in self._TEXTS}
        if not any(text.strip() for text in texts.values()):
            return None
        return {
            **texts,
            **{name: getattr(self, name).date().toString("yyyy-MM-dd") for name in self._DATES},
            "sex": self.sex.currentData(),
            "language": self.language.currentData(),
            "liver": self.liver.isChecked(),
            "pregnancy": self.pregnancy.isChecked(),
            "screened": self.screened.isChecked(),
        }

    def restore_draft(self, state: dict[str, Any]) -> None:
        for name in self._TEXTS:
            getattr(self, name).setText(str(state.get(name) or ""))
        for name in self._DATES:
            day = QDate.fromString(str(state.get(name) or ""), "yyyy-MM-dd")
            if day.isValid():
                getattr(self, name).setDate(day)
        index = self.sex.findData(state.get("sex"))
        if index >= 0:
            self.sex.setCurrentIndex(index)
        index = self.language.findData(state.get("language"))
        if index >= 0:
            self.language.setCurrentIndex(index)
        self.liver.setChecked(bool(state.get("liver")))
        self.pregnancy.setChecked(bool(state.get("pregnancy")))
        self.screened.setChecked(bool(state.get("screened")))
