"""The signed steps of an infusion order: blind verification, preparation with lots, administration.

Each dialog collects its figures and the password, runs the service through the op runner, and stays open
with the service's words when it refuses (a mismatch, a wrong password, a time out of order).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import DoseDeskError
from app.ui.dialogs.esign import meaning_statement
from app.ui.ops import OpRunner
from app.ui.widgets import MessageLabel, heading
from app.ui.words import say_error


def aware(moment: QDateTime) -> datetime:
    """A QDateTime from a widget as an aware local datetime (the services refuse naive times)."""
    d, t = moment.date(), moment.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second()).astimezone()


class _SignedStep(QDialog):
    """A form + the password; OK signs through `op(password)`."""

    meaning = ""

    def __init__(self, runner: OpRunner, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.result_value: Any = None
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = MessageLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(heading(title, self))

    def finish_layout(self) -> None:
        statement = QLabel(meaning_statement(self.meaning), self)
        statement.setWordWrap(True)
        self.form.addRow(self.tr("Meaning:"), statement)
        self.form.addRow(self.tr("Password:"), self.password)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def operation(self, password: str) -> Callable[[], Any] | None:
        """The service call, or None (with the problem shown) when the form is not complete."""
        raise NotImplementedError

    def accept(self) -> None:
        if not self.password.text():
            self.message.show_message(self.tr("Type your password to sign."))
            return
        op = self.operation(self.password.text())
        if op is None:
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
            self.password.clear()
            return True
        return False


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


class VerifyDialog(_SignedStep):
    """Blind verification: the order's figures are not shown; the pharmacist enters the recomputed ones."""

    meaning = "verified"

    def __init__(
        self, runner: OpRunner, task: Any, verify: Callable[..., Any], parent: QWidget | None = None
    ):
        super().__init__(runner, self.tr("Verify order {number}").format(number=task.order_number), parent)
        self._verify = verify
        intro = QLabel(
            self.tr(
                "Recompute the dose yourself from this visit's weight and the subject's dose level, without "
                "looking at the order. Your figures must match the order's before your signature is accepted."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        self.form.addRow(
            self.tr("Subject:"),
            QLabel(
                self.tr("{number} ({initials}, born {birth})").format(
                    number=task.subject_number, initials=task.initials, birth=task.birth_date.isoformat()
                ),
                self,
            ),
        )
        self.form.addRow(
            self.tr("Visit:"), QLabel(f"{task.visit_label} · {task.planned_date.isoformat()}", self)
        )
        self.weight = self._field("weight", self.tr("kg"))
        self.level = self._field("level", self.tr("mg/kg"))
        self.final_dose = self._field("finalDose", self.tr("mg"))
        self.volume = self._field("volume", self.tr("mL (optional)"))
        self.form.addRow(self.tr("Weight (kg):"), self.weight)
        self.form.addRow(self.tr("Dose level (mg/kg):"), self.level)
        self.form.addRow(self.tr("Final dose (mg):"), self.final_dose)
        self.form.addRow(self.tr("Volume to draw (mL):"), self.volume)
        self.finish_layout()

    def _field(self, name: str, hint: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setObjectName(name)
        field.setPlaceholderText(hint)
        return field

    def operation(self, password: str) -> Callable[[], Any] | None:
        weight, level, dose = (_decimal(f.text()) for f in (self.weight, self.level, self.final_dose))
        volume = _decimal(self.volume.text()) if self.volume.text().strip() else None
        if weight is None or level is None or dose is None:
            self.message.show_message(
                self.tr("Enter the weight, the dose level and the final dose as numbers.")
            )
            return None
        if self.volume.text().strip() and volume is None:
            self.message.show_message(self.tr("Enter the volume to draw as a number, or leave it empty."))
            return None
        return lambda: self._verify(password, weight, level, dose, volume)


class AdministerDialog(_SignedStep):
    """Administration: the nurse's start and end times and name."""

    meaning = "administered"

    def __init__(
        self, runner: OpRunner, order: Any, administer: Callable[..., Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(
            runner, self.tr("Record the infusion of order {number}").format(number=order.order_number), parent
        )
        self._administer = administer
        now = QDateTime.currentDateTime()
        minutes = int(order.infusion_minutes)
        self.started = QDateTimeEdit(now.addSecs(-60 * (minutes + 5)), self)
        self.started.setObjectName("started")
        self.ended = QDateTimeEdit(now.addSecs(-5 * 60), self)
        self.ended.setObjectName("ended")
        for edit in (self.started, self.ended):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
            edit.setCalendarPopup(True)
        self.nurse = QLineEdit(self)
        self.nurse.setObjectName("nurse")
        self.form.addRow(self.tr("Infusion started:"), self.started)
        self.form.addRow(self.tr("Infusion ended:"), self.ended)
        self.form.addRow(self.tr("Nurse:"), self.nurse)
        self.finish_layout()

    def operation(self, password: str) -> Callable[[], Any] | None:
        nurse = self.nurse.text().strip()
        if not nurse:
            self.message.show_message(self.tr("Give the name of the nurse who gave the infusion."))
            return None
        start, end = aware(self.started.dateTime()), aware(self.ended.dateTime())
        if end <= start:
            self.message.show_message(self.tr("The infusion must end after it started."))
            return None
        return lambda: self._administer(password, start, end, nurse)


__all__ = ["AdministerDialog", "VerifyDialog", "aware", "timedelta"]
