"""Choosing a language: the language a print is in, and the language a subject reads.

    PaperLanguageDialog(title, default, parent)          the print's language; `language` once accepted
    SubjectLanguageDialog(runner, act, current, parent)  `act(language, reason)` records it (through the runner)

Languages are "en" and "zh" (Simplified Chinese), named each in its own words (English / 中文) so a reader of
either finds theirs whatever the window speaks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import DoseDeskError
from app.ui.ops import OpRunner
from app.ui.widgets import MessageLabel
from app.ui.words import say_error

LANGUAGES = (("en", "English"), ("zh", "中文"))


def language_box(parent: QWidget, chosen: str | None, *, blank: str | None = None) -> QComboBox:
    """A list of the paper languages (English / 中文), `chosen` selected; `blank` first names "not recorded"."""
    box = QComboBox(parent)
    box.setObjectName("language")
    if blank is not None:
        box.addItem(blank, None)
    for code, name in LANGUAGES:
        box.addItem(name, code)
    index = box.findData(chosen)
    box.setCurrentIndex(index if index >= 0 else 0)
    return box


class PaperLanguageDialog(QDialog):
    """Which language to print a patient's paper in; `default` (the language the subject reads) chosen."""

    def __init__(self, title: str, default: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paperLanguageDialog")
        self.setWindowTitle(title)
        self.box = language_box(self, default)
        form = QFormLayout()
        form.addRow(self.tr("&Print in:"), self.box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Preview"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.box.setFocus()

    @property
    def language(self) -> str:
        return str(self.box.currentData())


class SubjectLanguageDialog(QDialog):
    """The language the subject reads (their calendar, wristband and calendar file print in it), with a
    reason for the audit trail. `act(language, reason)` runs on the op runner; a refusal stays in the form."""

    def __init__(
        self,
        runner: OpRunner,
        act: Callable[[str | None, str], Any],
        current: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("subjectLanguageDialog")
        self.runner = runner
        self._act = act
        self.result_value: Any = None
        self.setWindowTitle(self.tr("Language the patient reads"))
        explanation = QLabel(
            self.tr("The patient's calendar, wristband and calendar file are printed in this language."), self
        )
        explanation.setWordWrap(True)
        self.box = language_box(self, current)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("e.g. asked the patient"))
        self.message = MessageLabel(self)
        form = QFormLayout()
        form.addRow(self.tr("&Language:"), self.box)
        form.addRow(self.tr("&Reason:"), self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.box.setFocus()

    def submit(self) -> None:
        language, reason = self.box.currentData(), self.reason.text()
        self.buttons.setEnabled(False)

        def done(value: Any) -> None:
            self.result_value = value
            self.accept()

        def failed(exc: BaseException) -> bool:
            self.buttons.setEnabled(True)
            if isinstance(exc, DoseDeskError):
                self.message.show_message(say_error(exc))
                return True
            return False

        self.runner.run(lambda: self._act(language, reason), on_success=done, on_failure=failed, parent=self)
