"""Small forms for what happens to a visit, a toxicity or the treatment: a date and/or a reason.

    DateReasonDialog(runner, title, act, parent, explanation=…, day=…, reason_required=True, choices=…)

`act(day, reason)` runs through the op runner; a refusal from the service stays in the form in its words, and
the form closes once the record is saved (`result_value` holds what the service returned). With `choices`
(code, words) the reason given to `act` is a `CodedReason`: the code picked, never its words, and the detail
as typed, so that a record keeps the same code whatever the language of the window.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.dialogs.form import RunForm
from app.ui.ops import OpRunner
from app.ui.widgets import DateField, MessageLabel, heading

Act = Callable[[date | None, Any], Any]


@dataclass(frozen=True)
class CodedReason:
    """A reason picked from a list: its code, and the detail typed beside it (None when none)."""

    code: str
    detail: str | None


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class DateReasonDialog(RunForm):
    """A date (when `day` is given) and a reason or note; `choices` offers common reasons to pick first.

    With choices (code, words), the reason given is a `CodedReason` (the detail is required for the codes in
    `detail_required`).
    """

    def __init__(
        self,
        runner: OpRunner,
        title: str,
        act: Act,
        parent: QWidget | None = None,
        *,
        explanation: str = "",
        day: date | None = None,
        earliest: date | None = None,
        latest: date | None = None,
        date_label: str | None = None,
        reason_label: str | None = None,
        reason_required: bool = True,
        choices: Sequence[tuple[str, str]] = (),
        detail_required: Sequence[str] = (),
        ok_text: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._act = act
        self.reason_required = reason_required
        self.detail_required = frozenset(detail_required)
        self.result_value: Any = None
        self.setWindowTitle(title)
        form = QFormLayout()
        self.day: QDateEdit | None = None
        if day is not None:
            self.day = DateField(_qdate(day), self)
            self.day.setObjectName("day")
            self.day.setCalendarPopup(True)
            self.day.setDisplayFormat("yyyy-MM-dd")
            if earliest is not None:
                self.day.setMinimumDate(_qdate(earliest))
            if latest is not None:
                self.day.setMaximumDate(_qdate(latest))
            form.addRow(date_label or self.tr("&Date:"), self.day)
        self.choice: QComboBox | None = None
        if choices:
            self.choice = QComboBox(self)
            self.choice.setObjectName("choice")
            for code, words in choices:
                self.choice.addItem(words, code)
            form.addRow(self.tr("&Reason:"), self.choice)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        if self.choice is not None:
            self.choice.currentIndexChanged.connect(self._detail_hint)
            self._detail_hint()
            form.addRow(self.tr("De&tails:"), self.reason)
        else:
            if not reason_required:
                self.reason.setPlaceholderText(self.tr("optional"))
            form.addRow(
                reason_label or (self.tr("&Reason:") if reason_required else self.tr("&Note:")), self.reason
            )
        self.message = MessageLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text or self.tr("Record"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title, self))
        if explanation:
            text = QLabel(explanation, self)
            text.setObjectName("explanation")
            text.setWordWrap(True)
            layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def chosen_day(self) -> date | None:
        return _pydate(self.day.date()) if self.day is not None else None

    def _detail_hint(self) -> None:
        if self.choice is not None:
            needed = self.choice.currentData() in self.detail_required
            self.reason.setPlaceholderText(self.tr("Details (needed)") if needed else self.tr("Details (optional)"))

    def reason_text(self) -> str | CodedReason | None:
        """The reason as recorded, or None (with the problem shown) when one is needed and missing."""
        detail = " ".join(self.reason.text().split())
        if self.choice is not None:
            code = str(self.choice.currentData())
            if code in self.detail_required and not detail:
                self.message.show_message(self.tr("Say what the reason is."), self.reason)
                self.reason.setFocus()
                return None
            return CodedReason(code, detail or None)
        if self.reason_required and not detail:
            self.message.show_message(self.tr("Give the reason."))
            self.reason.setFocus()
            return None
        return detail

    def accept(self) -> None:
        reason = self.reason_text()
        if reason is None:
            return
        day = self.chosen_day()
        self.message.clear_message()
        self.run(lambda: self._act(day, reason))
