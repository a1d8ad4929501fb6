"""Record a toxicity: the CTCAE term (searchable in English, in Chinese or by MedDRA code), the grade with its
definition, the onset date; the protocol's proposed action appears with its rule, and the investigator confirms
it or overrides it with a reason.

A Chinese window shows the term's Chinese name with the English beside it and the Chinese grade definitions (the
English in their tooltip), and says whether the site has reviewed that Chinese; the toxicity is recorded under
its English CTCAE term, as always.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.dosing.format import format_quantity
from app.errors import DoseDeskError
from app.toxicity import CtcaeTerm, ProposedAction
from app.ui.dialogs.form import RunForm
from app.ui.models.ctcae import CtcaeTermModel
from app.ui.ops import OpRunner
from app.ui.widgets import DateField, MessageLabel, heading
from app.ui.words import (
    as_sentence,
    grade_definition,
    rule_sentence,
    say,
    say_error,
    speaks_chinese,
    term_name,
)

Propose = Callable[[str, int], ProposedAction]


@dataclass(frozen=True)
class ToxicityEntry:
    """What the investigator decided, for the toxicity service."""

    term: str
    grade: int
    onset: date
    proposed: ProposedAction
    confirmed: bool  # True: the proposed action; False: the override below
    action: str  # "continue", "hold" or "discontinue"
    resume_mg_per_kg: Decimal | None
    reason: str | None  # required for an override


def action_words(action: str) -> str:
    words = {
        "continue": QCoreApplication.translate("RecordToxicityDialog", "Continue treatment"),
        "hold": QCoreApplication.translate("RecordToxicityDialog", "Hold the dose"),
        "discontinue": QCoreApplication.translate("RecordToxicityDialog", "Discontinue treatment"),
    }
    return words.get(action, action)


def proposal_words(proposal: ProposedAction) -> str:
    """The proposed action in words: "Hold the dose until grade ≤ 2; resume at 4 mg/kg"."""
    text = action_words(proposal.action)
    if proposal.action == "hold" and proposal.hold_until_grade is not None:
        text = QCoreApplication.translate("RecordToxicityDialog", "{action} until grade ≤ {grade}").format(
            action=text, grade=proposal.hold_until_grade
        )
    if proposal.resume_mg_per_kg is not None and proposal.action != "discontinue":
        text = QCoreApplication.translate("RecordToxicityDialog", "{action}; resume at {level}").format(
            action=text, level=format_quantity(proposal.resume_mg_per_kg, "mg/kg")
        )
    return text


def rule_words(proposal: ProposedAction) -> str:
    """The rule that made a proposal and the proposal's explanation, each a sentence of its own on its line."""
    rule = rule_sentence(proposal.rule) or QCoreApplication.translate(
        "RecordToxicityDialog", "No rule of the protocol matches this toxicity and grade."
    )
    said = QCoreApplication.translate("RecordToxicityDialog", "Rule: {rule}").format(rule=rule)
    return said + "\n" + as_sentence(say(proposal.explanation))


class RecordToxicityDialog(RunForm):
    """`record(entry)` runs through the op runner; a user error stays in the dialog."""

    def __init__(
        self,
        runner: OpRunner,
        propose: Propose,
        record: Callable[[ToxicityEntry], Any],
        dose_levels: Sequence[Decimal],
        parent: QWidget | None = None,
        *,
        subject: str = "",
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._propose = propose
        self._record = record
        self.subject = subject
        self.proposal: ProposedAction | None = None
        self.result_value: Any = None
        self.setWindowTitle(self.tr("Record a toxicity"))

        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setAccessibleName(self.tr("Search CTCAE terms"))
        self.search.setPlaceholderText(self.tr("Search CTCAE terms, e.g. neutropenia, diarrhoea, rash"))
        self.terms = CtcaeTermModel(self)
        self.term_list = QListView(self)
        self.term_list.setObjectName("terms")
        self.term_list.setAccessibleName(self.tr("CTCAE terms found"))
        self.term_list.setModel(self.terms)
        self.term_list.setMinimumHeight(160)
        self.search.textChanged.connect(self._search)
        self.term_list.selectionModel().currentChanged.connect(lambda _c, _p: self._update())
        self.chosen_term = QLabel(self)
        self.chosen_term.setObjectName("chosenTerm")
        self.chosen_term.setWordWrap(True)  # a long Chinese name with its English wraps, it does not widen

        self.grade_buttons: dict[int, QRadioButton] = {}
        self.grades = QButtonGroup(self)
        grade_row = QHBoxLayout()
        for grade in (1, 2, 3, 4, 5):
            button = QRadioButton(self.tr("Grade {n}").format(n=grade), self)
            button.setObjectName(f"grade{grade}")
            self.grades.addButton(button, grade)
            self.grade_buttons[grade] = button
            grade_row.addWidget(button)
        grade_row.addStretch(1)
        self.grades.idToggled.connect(self._grade_toggled)
        self.definition = QLabel(self)
        self.definition.setObjectName("definition")
        self.definition.setWordWrap(True)
        self.translation_note = QLabel(self)  # a Chinese window: whose Chinese this is
        self.translation_note.setObjectName("translationNote")
        self.translation_note.setWordWrap(True)
        note_font = self.translation_note.font()
        note_font.setItalic(True)  # a note on the wording, not part of CTCAE
        self.translation_note.setFont(note_font)
        self.translation_note.hide()
        self.onset = DateField(self)
        self.onset.setObjectName("onset")
        self.onset.setCalendarPopup(True)
        self.onset.setDisplayFormat("yyyy-MM-dd")
        start = today or date.today()
        self.onset.setDate(QDate(start.year, start.month, start.day))

        self.proposed_action = QLabel(self)
        self.proposed_action.setObjectName("proposedAction")
        self.proposed_action.setWordWrap(True)
        font = self.proposed_action.font()
        font.setBold(True)
        self.proposed_action.setFont(font)
        self.rule = QLabel(self)
        self.rule.setObjectName("rule")
        self.rule.setWordWrap(True)
        self.confirm = QRadioButton(self.tr("Confirm the proposed action"), self)
        self.confirm.setObjectName("confirm")
        self.override = QRadioButton(self.tr("Override it"), self)
        self.override.setObjectName("override")
        self.confirm.setChecked(True)
        self.override.toggled.connect(self._override_toggled)
        self.override_action = QComboBox(self)
        self.override_action.setObjectName("overrideAction")
        for action in ("continue", "hold", "discontinue"):
            self.override_action.addItem(action_words(action), action)
        self.override_level = QComboBox(self)
        self.override_level.setObjectName("overrideLevel")
        for level in dose_levels:
            self.override_level.addItem(format_quantity(level, "mg/kg"), str(level))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("Why the protocol's proposal is not followed"))
        self.message = MessageLabel(self)

        proposal_box = QGroupBox(self.tr("What the protocol proposes"), self)
        proposal_layout = QVBoxLayout(proposal_box)
        proposal_layout.addWidget(self.proposed_action)
        proposal_layout.addWidget(self.rule)
        proposal_layout.addWidget(self.confirm)
        proposal_layout.addWidget(self.override)
        override_form = QFormLayout()
        override_form.addRow(self.tr("Action &instead:"), self.override_action)
        override_form.addRow(self.tr("Resume &at:"), self.override_level)
        override_form.addRow(self.tr("&Reason:"), self.reason)
        proposal_layout.addLayout(override_form)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Record"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Term:"), self.chosen_term)
        form.addRow(self.tr("Grade:"), grade_row)
        form.addRow("", self.definition)
        form.addRow("", self.translation_note)
        form.addRow(self.tr("&Onset:"), self.onset)
        layout = QVBoxLayout(self)
        title = (
            self.tr("Record a toxicity for {subject}").format(subject=subject)
            if subject
            else self.windowTitle()
        )
        layout.addWidget(heading(title, self))
        layout.addWidget(self.search)
        layout.addWidget(self.term_list, 1)
        layout.addLayout(form)
        layout.addWidget(proposal_box)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.resize(620, 760)
        self._override_toggled(False)
        self._update()

    # --- state -------------------------------------------------------------------------------------------

    def current_term(self) -> CtcaeTerm | None:
        return self.terms.term_at(self.term_list.currentIndex().row())

    def current_grade(self) -> int | None:
        grade = self.grades.checkedId()
        return grade if grade > 0 else None

    def choose(self, term: str, grade: int | None = None) -> None:
        """Select `term` (searching for it) and `grade`, as a user would."""
        self.search.setText(term)
        row = self.terms.row_of(term)
        if row >= 0:
            self.term_list.setCurrentIndex(self.terms.index(row))
        if grade is not None:
            self.grade_buttons[grade].setChecked(True)

    def prefill(self, term: str, grade: int, onset: date) -> None:
        """Start from a toxicity a graded lab points to: its CTCAE term, its grade and its onset."""
        self.choose(term, grade)
        self.onset.setDate(QDate(onset.year, onset.month, onset.day))

    def _search(self, text: str) -> None:
        chosen = self.current_term()
        self.terms.set_query(text)
        row = self.terms.row_of(chosen.term) if chosen is not None else -1
        if row < 0 and self.terms.rowCount() > 0 and text.strip():
            row = 0  # the best match, so that typing a name and a grade is enough
        if row >= 0:
            self.term_list.setCurrentIndex(self.terms.index(row))
        self._update()

    def _grade_toggled(self, _grade: int, checked: bool) -> None:
        if checked:
            self._update()

    def _override_toggled(self, on: bool) -> None:
        for widget in (self.override_action, self.override_level, self.reason):
            widget.setEnabled(on)

    def _update(self) -> None:
        term = self.current_term()
        self.chosen_term.setText(
            term_name(term.term, with_english=True) if term else self.tr("(choose a term from the list)")
        )
        self.chosen_term.setToolTip(f"MedDRA {term.meddra_code}" if term else "")
        self._show_translation_note(term)
        for number, button in self.grade_buttons.items():
            button.setEnabled(term is None or term.definition(number) is not None)
        grade = self.current_grade()
        if term is not None and grade is not None and term.definition(grade) is None:
            self.grades.setExclusive(False)
            self.grade_buttons[grade].setChecked(False)
            self.grades.setExclusive(True)
            grade = None
        english = term.definition(grade) if term is not None and grade is not None else None
        said = grade_definition(english)
        self.definition.setText(
            self.tr("Grade {n}: {definition}").format(n=grade, definition=said) if said else ""
        )
        self.definition.setToolTip(english if english and said != english else "")
        self.proposal = None
        self.message.clear_message()
        if term is None or grade is None:
            self.proposed_action.setText(self.tr("Choose a term and a grade to see the protocol's proposal."))
            self.rule.setText("")
            return
        try:
            proposal = self._propose(term.term, grade)
        except DoseDeskError as exc:
            self.proposed_action.setText("")
            self.rule.setText("")
            self.message.show_message(say_error(exc))
            return
        self.proposal = proposal
        self.proposed_action.setText(proposal_words(proposal))
        self.rule.setText(rule_words(proposal))
        if proposal.resume_mg_per_kg is not None:
            index = self.override_level.findData(str(proposal.resume_mg_per_kg))
            if index >= 0:
                self.override_level.setCurrentIndex(index)

    def _show_translation_note(self, term: CtcaeTerm | None) -> None:
        """In a Chinese window, under the definition: the Chinese is DoseDesk's working translation until a
        person at the site has reviewed the term (resources/ctcae/ctcae-v5-zh-NOTES.md)."""
        chinese = term.chinese if term is not None and speaks_chinese() else None
        if chinese is None:
            self.translation_note.hide()
            return
        review = chinese.review
        if review.reviewed and review.by and review.on:
            note = self.tr("Chinese wording reviewed by {who} on {day}.").format(
                who=review.by, day=review.on.isoformat()
            )
        else:
            note = self.tr(
                "The Chinese wording is DoseDesk's working translation, not yet reviewed at this site; "
                "the English CTCAE v5.0 is the reference."
            )
        self.translation_note.setText(note)
        self.translation_note.show()

    # --- recording ---------------------------------------------------------------------------------------

    def entry(self) -> ToxicityEntry | None:
        """The decision as typed, or None (with the problem shown) when something is missing."""
        term, grade, proposal = self.current_term(), self.current_grade(), self.proposal
        if term is None or grade is None or proposal is None:
            self.message.show_message(self.tr("Choose a term and a grade first."))
            return None
        qdate = self.onset.date()
        onset = date(qdate.year(), qdate.month(), qdate.day())
        if self.confirm.isChecked():
            return ToxicityEntry(
                term.term, grade, onset, proposal, True, proposal.action, proposal.resume_mg_per_kg, None
            )
        reason = self.reason.text().strip()
        if not reason:
            self.message.show_message(self.tr("An override needs a reason."))
            self.reason.setFocus()
            return None
        action = str(self.override_action.currentData())
        level = None if action == "discontinue" else Decimal(str(self.override_level.currentData()))
        return ToxicityEntry(term.term, grade, onset, proposal, False, action, level, reason)

    def accept(self) -> None:
        entry = self.entry()
        if entry is None:
            return
        self.run(lambda: self._record(entry))

    # --- drafts (DraftHolder) ----------------------------------------------------------------------------

    def draft_key(self) -> str:
        return f"toxicity:{self.subject}"

    def draft_state(self) -> dict[str, Any] | None:
        term = self.current_term()
        if term is None and not self.search.text() and not self.reason.text():
            return None
        return {
            "search": self.search.text(),
            "term": term.term if term else None,
            "grade": self.current_grade(),
            "onset": self.onset.date().toString("yyyy-MM-dd"),
            "override": self.override.isChecked(),
            "action": self.override_action.currentData(),
            "reason": self.reason.text(),
        }

    def restore_draft(self, state: dict[str, Any]) -> None:
        self.search.setText(str(state.get("search") or ""))
        if state.get("term"):
            self.choose(str(state["term"]), state.get("grade"))
        onset = QDate.fromString(str(state.get("onset") or ""), "yyyy-MM-dd")
        if onset.isValid():
            self.onset.setDate(onset)
        self.override.setChecked(bool(state.get("override")))
        index = self.override_action.findData(state.get("action"))
        if index >= 0:
            self.override_action.setCurrentIndex(index)
        self.reason.setText(str(state.get("reason") or ""))
        self.term_list.setFocus(Qt.FocusReason.OtherFocusReason)
