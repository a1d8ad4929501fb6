"""The Eligibility tab of a screening subject's chart: every inclusion and exclusion criterion judged from the
records (labs typed or imported, weight, the ECG, LVEF, pregnancy test, vaccine history, ECOG and the
investigator's attestations) for the planned first dose, the forms that record that evidence, and the decision:
the investigator's e-signature that the subject is eligible (meaning "approved"), or a coded screen failure.

Every call goes through the window's backend on the op runner; after a form is saved the chart is loaded again
(`changed`), which loads this tab too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.eligibility.outcomes import (
    CHOSEN_SCREEN_FAILURE_REASONS,
    SCREEN_FAILURE_DETAIL_REQUIRED,
    SCREEN_FAILURE_NEEDS_CRITERIA,
    SCREEN_FAILURE_WORDS,
)
from app.ui.context import AppContext
from app.ui.dialogs.clinical import _date_edit, _Form, _number, _py
from app.ui.models.records import RecordTableModel
from app.ui.ops import OpRunner
from app.ui.session import may
from app.ui.widgets import subject_label
from app.ui.words import rule_text, say

MET_COLOUR = QColor("#1b5e20")
NOT_MET_COLOUR = QColor("#b00020")
MISSING_COLOUR = QColor("#8a5a00")

#: The urine dipstick readings the core reads, in order.
DIPSTICK_READINGS = ("-", "±", "1+", "2+", "3+", "4+")


def status_text(status: str) -> str:
    words = {
        "met": QCoreApplication.translate("EligibilityTab", "met"),
        "not_met": QCoreApplication.translate("EligibilityTab", "not met"),
        "missing": QCoreApplication.translate("EligibilityTab", "missing"),
        "not_applicable": QCoreApplication.translate("EligibilityTab", "not applicable"),
    }
    return words.get(status, status)


def _colour(item: Any) -> QColor | None:
    return {"met": MET_COLOUR, "not_met": NOT_MET_COLOUR, "missing": MISSING_COLOUR}.get(item.status)


class EligibilityTab(QWidget):
    """The criteria table, the evidence forms, the signature and the screen failure of one subject.

    Signals:
        changed(): something was recorded: the chart (and this tab) is loaded again.
    """

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.subject_id: int | None = None
        self.subject_words = ""
        self.view: Any = None
        self.loaded = False
        self.summary = QLabel(self)
        self.summary.setObjectName("eligibilitySummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.decision = QLabel(self)
        self.decision.setObjectName("eligibilityDecision")
        self.decision.setWordWrap(True)
        self.decision.setTextFormat(Qt.TextFormat.PlainText)
        self.model: RecordTableModel[Any] = RecordTableModel(
            [
                (self.tr("Criterion"), lambda i: i.id),
                (self.tr("Text"), lambda i: rule_text(i.text)),
                (self.tr("Status"), lambda i: status_text(i.status)),
                (self.tr("Value"), lambda i: say(i.value) if i.value is not None else ""),
                (self.tr("Limit"), lambda i: say(i.limit) if i.limit is not None else ""),
                (self.tr("Why"), lambda i: say(i.why)),
            ],
            self,
            colour=_colour,
        )
        from app.ui.screens.chart import table  # the chart's table look (imported here: chart imports us)

        self.table = table(self.model, self, "eligibilityCriteria", self.tr("Eligibility criteria"))
        # The criterion's text keeps a width of its own (the whole of it on hover and below the table): the
        # status, value and limit stay in view, and why takes the rest.
        header = self.table.horizontalHeader()
        for section, width in ((1, 180), (2, 96), (3, 110), (4, 130)):
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(section, width)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _p: self._show_detail(current.row())
        )
        self.detail = QLabel(self)
        self.detail.setObjectName("criterionDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)

        def button(text: str, name: str, slot: Callable[[], Any], tip: str = "") -> QPushButton:
            made = QPushButton(text, self)
            made.setObjectName(name)
            if tip:
                made.setToolTip(tip)
            made.clicked.connect(lambda: slot())
            return made

        self.ecg_button = button(self.tr("ECG…"), "recordEcg", self.record_ecg)
        self.lvef_button = button(self.tr("LVEF…"), "recordLvef", self.record_lvef)
        self.pregnancy_button = button(
            self.tr("Pregnancy test…"), "recordPregnancyTest", self.record_pregnancy_test
        )
        self.dipstick_button = button(self.tr("Urine dipstick…"), "recordDipstick", self.record_dipstick)
        self.vaccine_button = button(self.tr("Live vaccine…"), "recordVaccine", self.record_vaccine)
        self.ecog_button = button(self.tr("ECOG…"), "recordEcog", self.record_ecog)
        self.attest_button = button(
            self.tr("Attestations…"),
            "recordAttestations",
            self.record_attestations,
            self.tr("The investigator's answer for each criterion judged, not measured"),
        )
        self.sign_button = button(
            self.tr("Sign eligibility…"),
            "signEligibility",
            self.sign_eligibility,
            self.tr("Enabled when every criterion is met or not applicable for the planned first dose"),
        )
        self.failure_button = button(
            self.tr("Record a screen failure…"), "recordScreenFailure", self.record_screen_failure
        )
        self.print_button = button(
            self.tr("Print checklist…"),
            "printEligibilityChecklist",
            self.print_checklist,
            self.tr("The checklist for the monitor's source verification, as a PDF"),
        )
        self.evidence_buttons = (
            self.ecg_button,
            self.lvef_button,
            self.pregnancy_button,
            self.dipstick_button,
            self.vaccine_button,
            self.ecog_button,
        )

        # Two rows of buttons, so the tab fits a 1024-pixel screen.
        record = QGridLayout()
        record.addWidget(QLabel(self.tr("Record:"), self), 0, 0)
        for n, made in enumerate((*self.evidence_buttons, self.attest_button)):
            record.addWidget(made, n // 4, 1 + n % 4)
        record.setColumnStretch(5, 1)
        decide = QHBoxLayout()
        decide.addWidget(self.print_button)
        decide.addStretch(1)
        decide.addWidget(self.failure_button)
        decide.addWidget(self.sign_button)
        column = QVBoxLayout(self)
        column.addWidget(self.summary)
        column.addWidget(self.decision)
        column.addWidget(self.table, 1)
        column.addWidget(self.detail)
        column.addLayout(record)
        column.addLayout(decide)

        user = context.user
        for made in self.evidence_buttons:
            made.setVisible(may(user, "record_screening"))
        for made in (self.attest_button, self.sign_button, self.failure_button):
            made.setVisible(may(user, "sign_eligibility"))
        self._enable()

    # --- loading -----------------------------------------------------------------------------------------

    def show_subject(self, subject_id: int, number: str, initials: str) -> None:
        """Judge the subject's criteria again from the records (off the GUI thread), then show them."""
        if subject_id != self.subject_id:
            self.view = None
            self.model.set_records([])
        self.subject_id = subject_id
        self.subject_words = subject_label(number, initials)
        self.loaded = False
        backend = self.context.backend
        self.context.runner.run(
            lambda: backend.eligibility(subject_id), on_success=self.show_view, parent=self
        )

    def show_view(self, view: Any) -> None:
        if view.subject_id != self.subject_id:
            return  # an answer for a subject no longer shown
        self.view = view
        result = view.result
        chosen = self.table.currentIndex().row()
        self.model.set_records(list(result.items))
        first = next((n for n, i in enumerate(result.items) if i.status in ("not_met", "missing")), 0)
        self.table.selectRow(chosen if 0 <= chosen < len(result.items) else first)
        self._show_detail(self.table.currentIndex().row())
        day = result.first_dose_date.isoformat()
        if result.eligible is True:
            text, colour = (
                self.tr("Eligible for a first dose on {day}: every criterion met or not applicable."),
                MET_COLOUR,
            )
        elif result.eligible is False:
            text, colour = self.tr("Not eligible for a first dose on {day}: {ids} not met."), NOT_MET_COLOUR
        else:
            text, colour = self.tr("Undecided for a first dose on {day}: {ids} missing."), MISSING_COLOUR
        ids = ", ".join(result.not_met if result.eligible is False else result.missing)
        self.summary.setText(text.format(day=day, ids=ids))
        self.summary.setStyleSheet(f"color: {colour.name()};")
        self.decision.setText(self._decision_words(view.decision))
        self.decision.setVisible(view.decision is not None)
        self.loaded = True
        self._enable()

    def _show_detail(self, row: int) -> None:
        """The criterion chosen in the table, in full: its text, its status with value and limit, and why."""
        if not 0 <= row < self.model.rowCount():
            self.detail.setText(self.tr("Choose a criterion to read it in full."))
            return
        item = self.model.record(row)
        facts = [status_text(item.status)]
        if item.value is not None:
            facts.append(self.tr("value {value}").format(value=say(item.value)))
        if item.limit is not None:
            facts.append(self.tr("limit {limit}").format(limit=say(item.limit)))
        if item.evidence_date is not None:
            facts.append(self.tr("evidence of {day}").format(day=item.evidence_date.isoformat()))
        self.detail.setText(
            self.tr("{id}: {text}\n{facts}: {why}").format(
                id=item.id, text=rule_text(item.text), facts=" · ".join(facts), why=say(item.why)
            )
        )

    def _decision_words(self, decision: Any) -> str:
        if decision is None:
            return ""
        when = decision.decided_at.astimezone().strftime("%Y-%m-%d %H:%M")
        if decision.kind == "eligible":
            return self.tr("Signed eligible for a first dose on {day} by {name}, {when}.").format(
                day=decision.first_dose_date.isoformat() if decision.first_dose_date else "—",
                name=decision.decided_by,
                when=when,
            )
        return self.tr("Screen failure recorded by {name}, {when}: {reason}").format(
            name=decision.decided_by, when=when, reason=say(decision.words)
        )

    def _open(self) -> bool:
        """Whether evidence may still be recorded: a subject in screening without a decision."""
        view = self.view
        return view is not None and str(view.status) == "screening" and view.decision is None

    def _enable(self) -> None:
        open_ = self._open()
        for made in (*self.evidence_buttons, self.attest_button, self.failure_button):
            made.setEnabled(open_)
        self.sign_button.setEnabled(open_ and self.view.result.eligible is True)
        self.print_button.setEnabled(self.view is not None)

    # --- forms -------------------------------------------------------------------------------------------

    def _form(self, dialog: QDialog, confirmation: str) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(lambda: self.confirm(confirmation))
        dialog.accepted.connect(self.changed.emit)
        dialog.open()
        self.context.extras["last_dialog"] = dialog
        return dialog

    def confirm(self, text: str) -> None:
        """Say that something was done in the window's status line, for a while."""
        self.context.extras["last_confirmation"] = text
        bar = getattr(self.window(), "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 8000)

    def _target(self) -> tuple[Any, Any, int] | None:
        if not self._open() or self.subject_id is None:
            return None
        return self.context.require_user(), self.context.backend, self.subject_id

    def record_ecg(self) -> QDialog | None:
        found = self._target()
        if found is None:
            return None
        user, backend, subject_id = found
        dialog = EcgDialog(
            self.context.runner,
            lambda on, qt, rate, rr: backend.record_ecg(user, subject_id, on, qt, rate, rr),
            self,
            subject=self.subject_words,
        )
        return self._form(dialog, self.tr("ECG recorded for {subject}.").format(subject=self.subject_words))

    def record_lvef(self) -> QDialog | None:
        found = self._target()
        if found is None:
            return None
        user, backend, subject_id = found
        dialog = LvefDialog(
            self.context.runner,
            lambda on, percent: backend.record_lvef(user, subject_id, on, percent),
            self,
            subject=self.subject_words,
        )
        return self._form(dialog, self.tr("LVEF recorded for {subject}.").format(subject=self.subject_words))

    def record_pregnancy_test(self) -> QDialog | None:
        found = self._target()
        if found is None:
            return None
        user, backend, subject_id = found
        dialog = PregnancyTestDialog(
            self.context.runner,
            lambda on, kind, result: backend.record_pregnancy_test(user, subject_id, on, kind, result),
            self,
            subject=self.subject_words,
        )
        return self._form(
            dialog, self.tr("Pregnancy test recorded for {subject}.").format(subject=self.subject_words)
        )

    def record_dipstick(self) -> QDialog | None:
        found = self._target()
        if found is None:
            return None
        user, backend, subject_id = found
        dialog = DipstickDialog(
            self.context.runner,
            lambda on, reading: backend.record_urine_dipstick(user, subject_id, on, reading),
            self,
            subject=self.subject_words,
        )
        return self._form(
            dialog, self.tr("Urine dipstick recorded for {subject}.").format(subject=self.subject_words)
        )

    def record_vaccine(self) -> QDialog | None:
        found = self._target()
        if found is None:
            return None
        user, backend, subject_id = found
        dialog = VaccineDialog(
            self.context.runner,
            lambda last: backend.record_live_vaccine(user, subject_id, last),
            self,
            subject=self.subject_words,
        )
        return self._form(
            dialog,
            self.tr("Live vaccine history recorded for {subject}.").format(subject=self.subject_words),
        )

    def record_ecog(self) -> QDialog | None:
        found = self._target()
        if found is None:
            return None
        user, backend, subject_id = found
        dialog = EcogDialog(
            self.context.runner,
            lambda ecog, on: backend.record_ecog(user, subject_id, ecog, on),
            self,
            subject=self.subject_words,
        )
        return self._form(dialog, self.tr("ECOG recorded for {subject}.").format(subject=self.subject_words))

    def record_attestations(self) -> QDialog | None:
        found = self._target()
        if found is None or not may(self.context.user, "sign_eligibility"):
            return None
        user, backend, subject_id = found
        texts = {item.id: item.text for item in self.view.result.items}
        dialog = AttestationsDialog(
            self.context.runner,
            [(key, texts.get(key, "")) for key in self.view.attestable],
            dict(self.view.attested),
            lambda answers: backend.record_attestations(user, subject_id, answers),
            self,
            subject=self.subject_words,
        )
        return self._form(
            dialog, self.tr("Attestations recorded for {subject}.").format(subject=self.subject_words)
        )

    def sign_eligibility(self) -> QDialog | None:
        from app.ui.dialogs.esign import ESignatureDialog

        found = self._target()
        if found is None or not self.sign_button.isEnabled():
            return None
        user, backend, subject_id = found
        day = self.view.result.first_dose_date.isoformat()
        dialog = ESignatureDialog(
            self.context.runner,
            user,
            "approved",
            self.tr(
                "The eligibility of {subject} for a first dose on {day}: every criterion met or not "
                "applicable, as the Eligibility tab shows."
            ).format(subject=self.subject_words, day=day),
            lambda password: backend.sign_eligibility(user, subject_id, password),
            self,
        )
        dialog.setObjectName("signEligibilityDialog")
        return self._form(
            dialog,
            self.tr("{subject} signed eligible for a first dose on {day}.").format(
                subject=self.subject_words, day=day
            ),
        )

    def record_screen_failure(self) -> QDialog | None:
        found = self._target()
        if found is None or not may(self.context.user, "sign_eligibility"):
            return None
        user, backend, subject_id = found
        dialog = ScreenFailureDialog(
            self.context.runner,
            self.view.result.not_met,
            lambda reason, criteria, detail: backend.record_screen_failure(
                user, subject_id, reason, criteria, detail
            ),
            self,
            subject=self.subject_words,
        )
        return self._form(
            dialog,
            self.tr("Screen failure recorded for {subject}: the subject is off study.").format(
                subject=self.subject_words
            ),
        )

    def print_checklist(self, language: str | None = None) -> Any:
        """The eligibility checklist in `language`, previewed to print or save; without it, the language is
        asked first (the window's offered)."""
        if self.subject_id is None or self.view is None:
            return None
        number, backend = self.view.subject_number, self.context.backend
        title = self.tr("Eligibility checklist of subject {number}").format(number=number)
        if language is None:
            from app.ui.dialogs.language import PaperLanguageDialog

            offered = "zh" if self.context.language.startswith("zh") else "en"
            dialog = PaperLanguageDialog(title, offered, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            dialog.accepted.connect(lambda: self.print_checklist(dialog.language))
            dialog.open()
            self.context.extras["last_dialog"] = dialog
            return dialog
        from app.ui.paper import preview_document

        preview_document(
            self.context.runner,
            self,
            lambda: backend.eligibility_checklist_pdf(number, language),
            title,
            f"eligibility-{number}.pdf",
            shown=lambda dialog: self.context.extras.__setitem__("last_preview", dialog),
        )
        return None


# --- the evidence forms -------------------------------------------------------------------------------------


class _Evidence(_Form):
    """A form for one piece of screening evidence of `subject`, taken on a day no later than today."""

    def __init__(self, runner: OpRunner, title: str, parent: QWidget | None, subject: str) -> None:
        super().__init__(runner, title, parent)
        self.subject = subject
        self.form = QFormLayout()
        self.column.addLayout(self.form)
        self.setMinimumWidth(440)

    def date_field(self, name: str, label: str) -> Any:
        edit = _date_edit(self, name, date.today())
        edit.setMaximumDate(edit.date())
        self.form.addRow(label, edit)
        return edit

    def number_field(self, name: str, label: str, hint: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(hint)
        self.form.addRow(label, edit)
        return edit


class EcgDialog(_Evidence):
    """`record(taken_on, qt_ms, heart_rate_bpm, rr_ms)`: the QT and either the heart rate or the RR interval."""

    def __init__(
        self,
        runner: OpRunner,
        record: Callable[..., Any],
        parent: QWidget | None = None,
        *,
        subject: str = "",
    ) -> None:
        super().__init__(runner, self.tr("ECG of {subject}").format(subject=subject), parent, subject)
        self._record = record
        self.taken_on = self.date_field("ecgDate", self.tr("Recorded on:"))
        self.qt = self.number_field("qt", self.tr("QT (ms):"), self.tr("e.g. 400"))
        self.heart_rate = self.number_field(
            "heartRate", self.tr("Heart rate (/min):"), self.tr("or give the RR interval")
        )
        self.rr = self.number_field("rr", self.tr("RR interval (ms):"), self.tr("or give the heart rate"))
        self.finish()

    def operation(self) -> Callable[[], Any] | None:
        qt = _number(self.qt.text())
        if qt is None:
            self.message.show_message(self.tr("Enter the QT interval in ms as a number."), self.qt)
            return None
        rate_text, rr_text = self.heart_rate.text().strip(), self.rr.text().strip()
        if bool(rate_text) == bool(rr_text):
            self.message.show_message(
                self.tr("Give either the heart rate or the RR interval, not both."), self.heart_rate
            )
            return None
        rate = _number(rate_text) if rate_text else None
        rr = _number(rr_text) if rr_text else None
        if rate_text and rate is None:
            self.message.show_message(self.tr("Enter the heart rate as a number."), self.heart_rate)
            return None
        if rr_text and rr is None:
            self.message.show_message(self.tr("Enter the RR interval in ms as a number."), self.rr)
            return None
        on = _py(self.taken_on.date())
        return lambda: self._record(on, qt, rate, rr)


class LvefDialog(_Evidence):
    """`record(taken_on, percent)`."""

    def __init__(
        self,
        runner: OpRunner,
        record: Callable[..., Any],
        parent: QWidget | None = None,
        *,
        subject: str = "",
    ) -> None:
        super().__init__(runner, self.tr("LVEF of {subject}").format(subject=subject), parent, subject)
        self._record = record
        self.taken_on = self.date_field("lvefDate", self.tr("Measured on:"))
        self.percent = self.number_field("lvef", self.tr("LVEF (%):"), self.tr("e.g. 60"))
        self.finish()

    def operation(self) -> Callable[[], Any] | None:
        percent = _number(self.percent.text())
        if percent is None:
            self.message.show_message(self.tr("Enter the LVEF in % as a number."), self.percent)
            return None
        on = _py(self.taken_on.date())
        return lambda: self._record(on, percent)


class PregnancyTestDialog(_Evidence):
    """`record(taken_on, kind, result)`: urine or serum; negative, positive or indeterminate."""

    def __init__(
        self,
        runner: OpRunner,
        record: Callable[..., Any],
        parent: QWidget | None = None,
        *,
        subject: str = "",
    ) -> None:
        super().__init__(
            runner, self.tr("Pregnancy test of {subject}").format(subject=subject), parent, subject
        )
        self._record = record
        self.taken_on = self.date_field("pregnancyDate", self.tr("Sampled on:"))
        self.kind = QComboBox(self)
        self.kind.setObjectName("pregnancyKind")
        self.kind.addItem(self.tr("Serum"), "serum")
        self.kind.addItem(self.tr("Urine"), "urine")
        self.outcome = QComboBox(self)
        self.outcome.setObjectName("pregnancyResult")
        self.outcome.addItem(self.tr("Choose the result…"), None)
        self.outcome.addItem(self.tr("Negative"), "negative")
        self.outcome.addItem(self.tr("Positive"), "positive")
        self.outcome.addItem(self.tr("Indeterminate"), "indeterminate")
        self.form.addRow(self.tr("Test:"), self.kind)
        self.form.addRow(self.tr("Result:"), self.outcome)
        self.finish()

    def operation(self) -> Callable[[], Any] | None:
        result = self.outcome.currentData()
        if result is None:
            self.message.show_message(self.tr("Choose the test's result."), self.outcome)
            return None
        on, kind = _py(self.taken_on.date()), str(self.kind.currentData())
        return lambda: self._record(on, kind, str(result))


class DipstickDialog(_Evidence):
    """`record(taken_on, reading)`: the urine protein dipstick ("-", "±", "1+" … "4+")."""

    def __init__(
        self,
        runner: OpRunner,
        record: Callable[..., Any],
        parent: QWidget | None = None,
        *,
        subject: str = "",
    ) -> None:
        super().__init__(
            runner, self.tr("Urine protein dipstick of {subject}").format(subject=subject), parent, subject
        )
        self._record = record
        self.taken_on = self.date_field("dipstickDate", self.tr("Tested on:"))
        self.reading = QComboBox(self)
        self.reading.setObjectName("dipstickReading")
        self.reading.addItem(self.tr("Choose the reading…"), None)
        for reading in DIPSTICK_READINGS:
            self.reading.addItem(reading, reading)
        self.form.addRow(self.tr("Protein:"), self.reading)
        self.finish()

    def operation(self) -> Callable[[], Any] | None:
        reading = self.reading.currentData()
        if reading is None:
            self.message.show_message(self.tr("Choose the dipstick's reading."), self.reading)
            return None
        on = _py(self.taken_on.date())
        return lambda: self._record(on, str(reading))


class VaccineDialog(_Evidence):
    """`record(last)`: the day of the last live or attenuated vaccine, or None when the subject had none."""

    def __init__(
        self,
        runner: OpRunner,
        record: Callable[..., Any],
        parent: QWidget | None = None,
        *,
        subject: str = "",
    ) -> None:
        super().__init__(
            runner, self.tr("Live vaccines of {subject}").format(subject=subject), parent, subject
        )
        self._record = record
        self.none = QComboBox(self)
        self.none.setObjectName("vaccineAnswer")
        self.none.addItem(self.tr("Choose…"), None)
        self.none.addItem(self.tr("No live or attenuated vaccine"), "none")
        self.none.addItem(self.tr("A live or attenuated vaccine, last on the day below"), "given")
        self.form.addRow(self.tr("History:"), self.none)
        self.last = self.date_field("vaccineDate", self.tr("Last vaccine on:"))
        self.none.currentIndexChanged.connect(
            lambda _i: self.last.setEnabled(self.none.currentData() != "none")
        )
        self.finish()

    def operation(self) -> Callable[[], Any] | None:
        answer = self.none.currentData()
        if answer is None:
            self.message.show_message(self.tr("Choose whether the subject had a live vaccine."), self.none)
            return None
        last = None if answer == "none" else _py(self.last.date())
        return lambda: self._record(last)


class EcogDialog(_Evidence):
    """`record(ecog, assessed_on)`."""

    def __init__(
        self,
        runner: OpRunner,
        record: Callable[..., Any],
        parent: QWidget | None = None,
        *,
        subject: str = "",
    ) -> None:
        super().__init__(runner, self.tr("ECOG of {subject}").format(subject=subject), parent, subject)
        self._record = record
        self.assessed_on = self.date_field("ecogDate", self.tr("Assessed on:"))
        self.ecog = QComboBox(self)
        self.ecog.setObjectName("ecog")
        self.ecog.addItem(self.tr("Choose…"), None)
        for grade in range(6):
            self.ecog.addItem(str(grade), grade)
        self.form.addRow(self.tr("ECOG performance status:"), self.ecog)
        self.finish()

    def operation(self) -> Callable[[], Any] | None:
        ecog = self.ecog.currentData()
        if ecog is None:
            self.message.show_message(self.tr("Choose the ECOG performance status."), self.ecog)
            return None
        on = _py(self.assessed_on.date())
        return lambda: self._record(int(ecog), on)


class AttestationsDialog(_Form):
    """The investigator's answer per judgement criterion (ticked: the inclusion holds, the exclusion is absent);
    `record(answers)` with every criterion shown."""

    def __init__(
        self,
        runner: OpRunner,
        criteria: Sequence[tuple[str, str]],
        attested: dict[str, bool],
        record: Callable[[dict[str, bool]], Any],
        parent: QWidget | None = None,
        *,
        subject: str = "",
    ) -> None:
        super().__init__(runner, self.tr("Attestations for {subject}").format(subject=subject), parent)
        self._record = record
        explanation = QLabel(
            self.tr(
                "Tick a criterion when you have checked it: an inclusion criterion holds, an exclusion "
                "criterion is absent. A criterion left clear is not satisfied."
            ),
            self,
        )
        explanation.setWordWrap(True)
        self.column.addWidget(explanation)
        self.boxes: dict[str, QCheckBox] = {}
        inner = QWidget(self)
        grid = QGridLayout(inner)
        for row, (key, text) in enumerate(criteria):
            box = QCheckBox(key, inner)
            box.setObjectName(f"attest_{key}")
            box.setChecked(bool(attested.get(key)))
            words = QLabel(rule_text(text), inner)
            words.setWordWrap(True)
            words.setBuddy(box)
            grid.addWidget(box, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(words, row, 1)
            self.boxes[key] = box
        grid.setColumnStretch(1, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setMinimumHeight(360)
        self.column.addWidget(scroll, 1)
        self.all_button = QPushButton(self.tr("Tick all"), self)
        self.all_button.setObjectName("attestAll")
        self.all_button.clicked.connect(self.tick_all)
        self.column.addWidget(self.all_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.finish()
        self.setMinimumWidth(640)

    def tick_all(self) -> None:
        for box in self.boxes.values():
            box.setChecked(True)

    def operation(self) -> Callable[[], Any] | None:
        answers = {key: box.isChecked() for key, box in self.boxes.items()}
        return lambda: self._record(answers)


class ScreenFailureDialog(_Form):
    """`record(reason_code, criteria, detail)`: a reason from the coded list, the criteria not met (offered
    from the evaluation), the detail as typed."""

    def __init__(
        self,
        runner: OpRunner,
        not_met: Sequence[str],
        record: Callable[[str, list[str], str | None], Any],
        parent: QWidget | None = None,
        *,
        subject: str = "",
    ) -> None:
        super().__init__(runner, self.tr("Screen failure of {subject}").format(subject=subject), parent)
        self._record = record
        self.buttons.button(self.buttons.StandardButton.Ok).setText(self.tr("Record the screen failure"))
        note = QLabel(
            self.tr("The subject goes off study as a screen failure; no dose can be ordered after it."), self
        )
        note.setWordWrap(True)
        self.column.addWidget(note)
        self.reason = QComboBox(self)
        self.reason.setObjectName("screenFailureReason")
        self.reason.addItem(self.tr("Choose why…"), None)
        for code in CHOSEN_SCREEN_FAILURE_REASONS:
            self.reason.addItem(say(SCREEN_FAILURE_WORDS[code]), code.value)
        self.criteria = QLineEdit(", ".join(not_met), self)
        self.criteria.setObjectName("screenFailureCriteria")
        self.criteria.setPlaceholderText(self.tr("e.g. I8.renal, E6.qtcf"))
        self.detail = QLineEdit(self)
        self.detail.setObjectName("screenFailureDetail")
        form = QFormLayout()
        form.addRow(self.tr("Why:"), self.reason)
        form.addRow(self.tr("Criteria not met:"), self.criteria)
        form.addRow(self.tr("Detail:"), self.detail)
        self.column.addLayout(form)
        if not_met:
            self.reason.setCurrentIndex(self.reason.findData("criteria_not_met"))
        self.finish()
        self.setMinimumWidth(520)

    def operation(self) -> Callable[[], Any] | None:
        code = self.reason.currentData()
        if code is None:
            self.message.show_message(self.tr("Choose why the screening failed."), self.reason)
            return None
        criteria = [
            part.strip() for part in self.criteria.text().replace(";", ",").split(",") if part.strip()
        ]
        detail = self.detail.text().strip() or None
        if code in SCREEN_FAILURE_NEEDS_CRITERIA and not criteria:
            self.message.show_message(self.tr("Name the criteria not met."), self.criteria)
            return None
        if code in SCREEN_FAILURE_DETAIL_REQUIRED and detail is None:
            self.message.show_message(self.tr("Write the detail of this screen failure."), self.detail)
            return None
        if code not in SCREEN_FAILURE_NEEDS_CRITERIA:
            criteria = []
        return lambda: self._record(str(code), criteria, detail)


__all__ = [
    "AttestationsDialog",
    "DipstickDialog",
    "EcgDialog",
    "EcogDialog",
    "EligibilityTab",
    "LvefDialog",
    "PregnancyTestDialog",
    "ScreenFailureDialog",
    "VaccineDialog",
    "status_text",
]
