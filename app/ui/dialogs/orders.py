"""The signed steps of an infusion order: blind verification, the product check, the bedside start and stop,
interruptions and reactions, cancellation.

Each dialog collects its figures and the password, runs the service through the op runner, and stays open with
the service's words when it refuses (a mismatch, a wrong password, a time out of order). Only a wrong password
empties the password field: after a mismatch the pharmacist corrects the figures and signs again. Every dialog
names its buttons by what they do ("Sign the verification" / "Close without signing").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.dosing.format import format_quantity
from app.dosing.order_codes import (
    CANCEL_REASON_WORDS,
    CHECK_ITEM_WORDS,
    CHECK_ITEMS,
    CHOSEN_CANCEL_REASONS,
    DETAIL_REQUIRED,
    STOP_REASON_WORDS,
    STOP_REASONS,
)
from app.errors import DoseDeskError
from app.text import message_of
from app.ui.dialogs.esign import meaning_statement
from app.ui.dialogs.form import RunForm
from app.ui.ops import OpRunner
from app.ui.widgets import MessageLabel, fit_height, heading
from app.ui.words import rule_text, say


def aware(moment: QDateTime) -> datetime:
    """A QDateTime from a widget as an aware local datetime (the services refuse naive times)."""
    d, t = moment.date(), moment.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second()).astimezone()


def qt_time(moment: datetime) -> QDateTime:
    local = moment.astimezone()
    return QDateTime(local.year, local.month, local.day, local.hour, local.minute, local.second)


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment is not None else "—"


def _about_password(exc: BaseException) -> bool:
    """Whether a refusal is about the password (then the field is emptied)."""
    said = message_of(exc)
    return "password" in str(getattr(said, "template", said)).lower()


def _time_edit(parent: QWidget, name: str, moment: QDateTime) -> QDateTimeEdit:
    edit = QDateTimeEdit(moment, parent)
    edit.setObjectName(name)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setCalendarPopup(True)
    return edit


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


class _SignedStep(RunForm):
    """A form + the password; the sign button signs through `operation(password)`."""

    meaning = ""

    def __init__(self, runner: OpRunner, title: str, parent: QWidget | None, sign_text: str = "") -> None:
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
        self.sign_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_button.setText(sign_text or self.tr("Sign"))
        self.sign_button.setObjectName("sign")
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.setText(self.tr("Close without signing"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(heading(title, self))

    def finish_layout(self) -> None:
        self.statement = QLabel(meaning_statement(self.meaning), self)
        self.statement.setObjectName("statement")
        self.statement.setWordWrap(True)
        self.form.addRow(self.tr("Meaning:"), self.statement)
        self.form.addRow(self.tr("Password:"), self.password)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.buttons)
        self.setMinimumWidth(600)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)  # wrapped labels know their height only once shown

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
        self.run(op)

    def refused(self, exc: DoseDeskError) -> None:
        if _about_password(exc):
            self.password.clear()
        self.password.setFocus()


class VerifyDialog(_SignedStep):
    """Blind verification: the inputs of the dose are shown (the visit's weight with the day it was measured,
    the dose level, the product and the protocol's rounding rule); the order's figures are not. The pharmacist
    enters the final dose and the volume to draw worked out from them; they are compared once signed."""

    meaning = "verified"

    def __init__(
        self, runner: OpRunner, task: Any, verify: Callable[..., Any], parent: QWidget | None = None
    ):
        super().__init__(
            runner,
            self.tr("Verify order {number} blind").format(number=task.order_number),
            parent,
            self.tr("Sign the verification"),
        )
        self._verify = verify
        self.task = task
        intro = QLabel(
            self.tr(
                "Work the dose out yourself from the inputs below, without looking at the order. Your final dose "
                "and volume to draw are compared with the order's once you sign; a mismatch is recorded."
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
        self.inputs = QLabel(self)
        self.inputs.setObjectName("inputs")
        self.inputs.setWordWrap(True)
        self.inputs.setTextFormat(Qt.TextFormat.PlainText)
        self.inputs.setText(self.describe_inputs(task))
        self.form.addRow(self.tr("Inputs:"), self.inputs)
        rounding = QLabel(rule_text(task.rounding_text), self)
        rounding.setObjectName("rounding")
        rounding.setWordWrap(True)
        self.form.addRow(self.tr("Rounding rule:"), rounding)
        self.final_dose = self._field("finalDose", self.tr("mg"))
        self.volume = self._field("volume", self.tr("mL"))
        self.form.addRow(self.tr("Your final dose (mg):"), self.final_dose)
        self.form.addRow(self.tr("Your volume to draw (mL):"), self.volume)
        self.finish_layout()
        if not task.may_verify:
            self.message.show_message(say(task.why_not))
            self.sign_button.setEnabled(False)
        self.final_dose.setFocus()

    def describe_inputs(self, task: Any) -> str:
        return "\n".join(
            (
                self.tr("Weight {weight}, measured {day}").format(
                    weight=format_quantity(task.weight_kg, "kg"), day=task.weight_measured_on.isoformat()
                ),
                self.tr("Dose level {level}").format(
                    level=format_quantity(task.dose_level_mg_per_kg, "mg/kg")
                ),
                self.tr(
                    "{drug}: {strength} vials, each reconstituted with {volume} {diluent} to {concentration}"
                ).format(
                    drug=task.drug_name,
                    strength=format_quantity(task.vial_strength_mg, "mg"),
                    volume=format_quantity(task.reconstitution_volume_ml, "mL"),
                    diluent=task.reconstitution_diluent,
                    concentration=format_quantity(task.concentration_mg_per_ml, "mg/mL"),
                ),
                self.tr("Bag: {diluent} {volume}").format(
                    diluent=task.bag_diluent, volume=format_quantity(task.bag_volume_ml, "mL")
                ),
            )
        )

    def _field(self, name: str, hint: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setObjectName(name)
        field.setPlaceholderText(hint)
        return field

    def operation(self, password: str) -> Callable[[], Any] | None:
        dose = _decimal(self.final_dose.text())
        volume = _decimal(self.volume.text())
        if dose is None or volume is None:
            self.message.show_message(self.tr("Enter the final dose and the volume to draw as numbers."))
            return None
        weight, level = self.task.weight_kg, self.task.dose_level_mg_per_kg
        return lambda: self._verify(password, weight, level, dose, volume)


class CheckDialog(_SignedStep):
    """The product check by a second pharmacist: each item confirmed against the bag in hand (and its weight,
    when the protocol weighs bags), then the bag is released to the ward."""

    meaning = "checked"

    def __init__(
        self,
        runner: OpRunner,
        order: Any,
        check: Callable[[str, list[str], Decimal | None], Any],
        parent: QWidget | None = None,
        *,
        weigh: bool = False,
    ) -> None:
        super().__init__(
            runner,
            self.tr("Check the bag of order {number}").format(number=order.order_number),
            parent,
            self.tr("Sign the check and release the bag"),
        )
        self._check = check
        self.order = order
        facts = QLabel(self.describe(order), self)
        facts.setObjectName("facts")
        facts.setWordWrap(True)
        facts.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addRow(self.tr("The order:"), facts)
        self.items: dict[str, QCheckBox] = {}
        for item in CHECK_ITEMS:
            words = say(CHECK_ITEM_WORDS[item])
            box = QCheckBox(words[:1].upper() + words[1:], self)
            box.setObjectName(f"check_{item.value}")
            self.items[item.value] = box
            self.form.addRow("", box)
        self.weight: QLineEdit | None = None
        if weigh:
            self.weight = QLineEdit(self)
            self.weight.setObjectName("weighed")
            self.weight.setPlaceholderText(self.tr("g"))
            self.form.addRow(self.tr("Bag weight (g):"), self.weight)
        self.finish_layout()

    def describe(self, o: Any) -> str:
        lots = ", ".join(
            self.tr("{lot} ({vials})").format(lot=lot.lot_number, vials=lot.vials) for lot in o.lots
        )
        return "\n".join(
            (
                self.tr("Subject {subject} · {visit} · bag {bag}").format(
                    subject=o.subject_number, visit=o.visit_label, bag=o.bag_number or 1
                ),
                self.tr("{vials} vial(s) from lots {lots}; {volume} drawn").format(
                    vials=o.vials, lots=lots or "—", volume=format_quantity(o.volume_to_draw_ml, "mL")
                ),
                self.tr("{final} in {bag} of diluent; prepared by {who} at {when}").format(
                    final=format_quantity(o.final_dose_mg, "mg"),
                    bag=format_quantity(o.bag_volume_ml, "mL"),
                    who=o.prepared_by or "—",
                    when=_when(o.prepared_at),
                ),
                self.tr("Use before {when}").format(when=_when(o.beyond_use_at)),
            )
        )

    def confirmed(self) -> list[str]:
        return [code for code, box in self.items.items() if box.isChecked()]

    def operation(self, password: str) -> Callable[[], Any] | None:
        if len(self.confirmed()) < len(self.items):
            self.message.show_message(self.tr("Confirm every item against the bag before releasing it."))
            return None
        weighed: Decimal | None = None
        if self.weight is not None:
            weighed = _decimal(self.weight.text())
            if weighed is None:
                self.message.show_message(self.tr("Weigh the bag and enter its weight in grams."))
                return None
        confirmed = self.confirmed()
        return lambda: self._check(password, confirmed, weighed)


class StartDialog(_SignedStep):
    """The nurse at the bedside: scan (or type) the bag label's barcode and the subject's wristband, then sign
    the start (now, by default; never before the product check)."""

    meaning = "started"

    def __init__(
        self,
        runner: OpRunner,
        order: Any,
        start: Callable[[str, str, str, datetime | None], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            runner,
            self.tr("Start the infusion of order {number}").format(number=order.order_number),
            parent,
            self.tr("Sign the start"),
        )
        self._start = start
        self.order = order
        intro = QLabel(
            self.tr(
                "Scan the barcode on the bag's label, then the patient's wristband (or type them). Both must be "
                "this order's before the infusion may start."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        self.form.addRow(
            self.tr("For:"),
            QLabel(
                self.tr("{subject} ({initials}) · {visit} · {minutes}").format(
                    subject=order.subject_number,
                    initials=order.initials,
                    visit=order.visit_label,
                    minutes=format_quantity(order.infusion_minutes, "min"),
                ),
                self,
            ),
        )
        self.bag_code = QLineEdit(self)
        self.bag_code.setObjectName("bagCode")
        self.bag_code.setPlaceholderText(self.tr("scan the bag label"))
        self.subject_code = QLineEdit(self)
        self.subject_code.setObjectName("subjectCode")
        self.subject_code.setPlaceholderText(self.tr("scan the wristband"))
        # A scanner types the code and Enter: move on to the next field instead of signing.
        self.bag_code.returnPressed.connect(self.subject_code.setFocus)
        self.subject_code.returnPressed.connect(self.password.setFocus)
        now = QDateTime.currentDateTime()
        self.started = _time_edit(self, "started", now)
        if order.checked_at is not None:
            self.started.setMinimumDateTime(qt_time(order.checked_at))
        self.started.setMaximumDateTime(now.addSecs(120))
        self.started_edited = False
        self.started.dateTimeChanged.connect(lambda _t: setattr(self, "started_edited", True))
        self.form.addRow(self.tr("Bag label:"), self.bag_code)
        self.form.addRow(self.tr("Wristband:"), self.subject_code)
        self.form.addRow(self.tr("Started at:"), self.started)
        self.finish_layout()
        self.bag_code.setFocus()

    def operation(self, password: str) -> Callable[[], Any] | None:
        bag, subject = self.bag_code.text().strip(), self.subject_code.text().strip()
        if not bag or not subject:
            self.message.show_message(self.tr("Scan or type the bag label and the wristband first."))
            return None
        when = aware(self.started.dateTime()) if self.started_edited else None
        return lambda: self._start(password, bag, subject, when)


class StopDialog(_SignedStep):
    """The end of the infusion: by default when it should end (its start, its duration and any interruption),
    or now if that is earlier; the bag given in full, or stopped early with the volume given and why."""

    meaning = "completed"

    def __init__(
        self,
        runner: OpRunner,
        order: Any,
        stop: Callable[[str, datetime, Decimal | None, str | None, str | None], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            runner,
            self.tr("End the infusion of order {number}").format(number=order.order_number),
            parent,
            self.tr("Sign the end of the infusion"),
        )
        self._stop = stop
        self.order = order
        now = QDateTime.currentDateTime()
        planned = qt_time(order.planned_end) if order.planned_end is not None else now
        self.ended = _time_edit(self, "ended", min(planned, now))
        if order.started_at is not None:
            self.ended.setMinimumDateTime(qt_time(order.started_at).addSecs(60))
        self.ended.setMaximumDateTime(now.addSecs(120))
        self.form.addRow(
            self.tr("Started:"),
            QLabel(
                self.tr("{when} by {who}; planned to end {end}").format(
                    when=_when(order.started_at), who=order.started_by or "—", end=_when(order.planned_end)
                ),
                self,
            ),
        )
        self.form.addRow(self.tr("Ended at:"), self.ended)
        self.in_full = QCheckBox(self.tr("The whole bag was given"), self)
        self.in_full.setObjectName("inFull")
        self.in_full.setChecked(True)
        self.volume = QLineEdit(self)
        self.volume.setObjectName("volumeGiven")
        whole = order.final_volume_ml
        self.volume.setPlaceholderText(
            self.tr("mL, of {whole}").format(whole=format_quantity(whole, "mL")) if whole is not None else ""
        )
        self.reason = QComboBox(self)
        self.reason.setObjectName("stopReason")
        for code in STOP_REASONS:
            self.reason.addItem(say(STOP_REASON_WORDS[code]), code.value)
        self.note = QLineEdit(self)
        self.note.setObjectName("stopNote")
        self.form.addRow("", self.in_full)
        self.form.addRow(self.tr("Volume given (mL):"), self.volume)
        self.form.addRow(self.tr("Stopped early because:"), self.reason)
        self.form.addRow(self.tr("What happened:"), self.note)
        self.in_full.toggled.connect(self._early)
        self.finish_layout()
        self._early(True)

    def _early(self, in_full: bool) -> None:
        for widget in (self.volume, self.reason, self.note):
            widget.setEnabled(not in_full)
        self.meaning = "completed" if in_full else "stopped"
        statement = getattr(self, "statement", None)
        if statement is not None:
            statement.setText(meaning_statement(self.meaning))

    def operation(self, password: str) -> Callable[[], Any] | None:
        end = aware(self.ended.dateTime())
        if self.in_full.isChecked():
            return lambda: self._stop(password, end, None, None, None)
        volume = _decimal(self.volume.text())
        if volume is None:
            self.message.show_message(self.tr("Enter the volume given in mL."))
            return None
        reason = str(self.reason.currentData())
        note = self.note.text().strip() or None
        return lambda: self._stop(password, end, volume, reason, note)


class _EventDialog(RunForm):
    """A record made at the bedside without a signature (an interruption, a reaction)."""

    def __init__(self, runner: OpRunner, title: str, parent: QWidget | None, ok_text: str) -> None:
        super().__init__(parent)
        self.runner = runner
        self.result_value: Any = None
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.message = MessageLabel(self)
        self.buttons = QDialogButtonBox(self)
        self.ok = QPushButton(ok_text, self)
        self.ok.setObjectName("record")
        self.buttons.addButton(self.ok, QDialogButtonBox.ButtonRole.AcceptRole)
        close = QPushButton(self.tr("Close without recording"), self)
        self.buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(heading(title, self))

    def finish_layout(self) -> None:
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)

    def operation(self) -> Callable[[], Any] | None:
        raise NotImplementedError

    def accept(self) -> None:
        op = self.operation()
        if op is None:
            return
        self.run(op)


class InterruptionDialog(_EventDialog):
    """The infusion paused: from when, why, and (if it already ran again) until when."""

    def __init__(
        self,
        runner: OpRunner,
        order: Any,
        record: Callable[[str, datetime, datetime | None], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            runner,
            self.tr("Pause the infusion of order {number}").format(number=order.order_number),
            parent,
            self.tr("Record the interruption"),
        )
        self._record = record
        now = QDateTime.currentDateTime()
        self.started = _time_edit(self, "pausedAt", now)
        if order.started_at is not None:
            self.started.setMinimumDateTime(qt_time(order.started_at))
        self.resumed = QCheckBox(self.tr("It runs again already, since:"), self)
        self.resumed.setObjectName("resumed")
        self.ended = _time_edit(self, "resumedAt", now)
        self.ended.setEnabled(False)
        self.resumed.toggled.connect(self.ended.setEnabled)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("why")
        self.form.addRow(self.tr("Paused at:"), self.started)
        self.form.addRow(self.resumed, self.ended)
        self.form.addRow(self.tr("Why:"), self.reason)
        self.finish_layout()
        self.reason.setFocus()

    def operation(self) -> Callable[[], Any] | None:
        why = self.reason.text().strip()
        if not why:
            self.message.show_message(self.tr("Say why the infusion was paused."))
            return None
        start = aware(self.started.dateTime())
        end = aware(self.ended.dateTime()) if self.resumed.isChecked() else None
        return lambda: self._record(why, start, end)


class ReactionDialog(_EventDialog):
    """An infusion reaction seen at the bedside: when, what was seen and done, its grade if told. It is offered
    to the investigator as a toxicity."""

    def __init__(
        self,
        runner: OpRunner,
        order: Any,
        record: Callable[[str, int | None, datetime], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            runner,
            self.tr("Infusion reaction during order {number}").format(number=order.order_number),
            parent,
            self.tr("Record the reaction"),
        )
        self._record = record
        now = QDateTime.currentDateTime()
        self.at = _time_edit(self, "reactionAt", now)
        if order.started_at is not None:
            self.at.setMinimumDateTime(qt_time(order.started_at))
        self.grade = QComboBox(self)
        self.grade.setObjectName("grade")
        self.grade.addItem(self.tr("not graded (the investigator grades it)"), None)
        for grade in (1, 2, 3, 4, 5):
            self.grade.addItem(self.tr("CTCAE grade {n}").format(n=grade), grade)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("whatHappened")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        self.form.addRow(self.tr("At:"), self.at)
        self.form.addRow(self.tr("What was seen and done:"), self.note)
        self.form.addRow(self.tr("Grade:"), self.grade)
        hint = QLabel(
            self.tr("Stop the infusion if it must not go on. The investigator is offered it as a toxicity."),
            self,
        )
        hint.setWordWrap(True)
        self.form.addRow("", hint)
        self.finish_layout()
        self.note.setFocus()

    def operation(self) -> Callable[[], Any] | None:
        what = self.note.toPlainText().strip()
        if not what:
            self.message.show_message(self.tr("Say what was seen and done."))
            return None
        grade = self.grade.currentData()
        at = aware(self.at.dateTime())
        return lambda: self._record(what, grade, at)


class CancelDialog(RunForm):
    """Cancel an order: why (a reason from the list, the detail typed), and the canceller's e-signature."""

    def __init__(
        self,
        runner: OpRunner,
        order: Any,
        cancel: Callable[[str, str, str | None], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._cancel = cancel
        self.result_value: Any = None
        title = self.tr("Cancel order {number}").format(number=order.order_number)
        self.setWindowTitle(title)
        self.reason = QComboBox(self)
        self.reason.setObjectName("cancelReason")
        self.reason.addItem(self.tr("Choose why…"), None)
        for code in CHOSEN_CANCEL_REASONS:
            self.reason.addItem(say(CANCEL_REASON_WORDS[code]), code.value)
        self.detail = QLineEdit(self)
        self.detail.setObjectName("cancelDetail")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = MessageLabel(self)
        warning = QLabel(
            self.tr("{subject} · {visit}. A bag already made is recorded as waste with its lots.").format(
                subject=order.subject_number, visit=order.visit_label
            ),
            self,
        )
        warning.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Order:"), warning)
        form.addRow(self.tr("Why:"), self.reason)
        form.addRow(self.tr("Detail:"), self.detail)
        form.addRow(self.tr("Password:"), self.password)
        self.buttons = QDialogButtonBox(self)
        self.cancel_button = QPushButton(self.tr("Cancel the order"), self)
        self.cancel_button.setObjectName("cancelTheOrder")
        self.keep_button = QPushButton(self.tr("Keep the order"), self)
        self.keep_button.setObjectName("keepTheOrder")
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title, self))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)

    def accept(self) -> None:
        code = self.reason.currentData()
        detail = self.detail.text().strip() or None
        if code is None:
            self.message.show_message(self.tr("Choose why the order is cancelled."))
            return
        if code in DETAIL_REQUIRED and detail is None:
            self.message.show_message(self.tr("Say why the order is cancelled."))
            return
        if not self.password.text():
            self.message.show_message(self.tr("Type your password to sign."))
            return
        password = self.password.text()
        self.run(lambda: self._cancel(password, str(code), detail))

    def refused(self, exc: DoseDeskError) -> None:
        if _about_password(exc):
            self.password.clear()


__all__ = [
    "CancelDialog",
    "CheckDialog",
    "InterruptionDialog",
    "ReactionDialog",
    "StartDialog",
    "StopDialog",
    "VerifyDialog",
    "aware",
    "qt_time",
    "timedelta",
]
