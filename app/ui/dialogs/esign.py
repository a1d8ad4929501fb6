"""The electronic signature: the user re-enters the password and sees what the signature means."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
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
from app.ui.session import SignedInUser
from app.ui.widgets import MessageLabel, heading

MEANINGS = ("prescribed", "verified", "prepared", "administered", "approved")


def meaning_title(meaning: str) -> str:
    titles = {
        "prescribed": QCoreApplication.translate("esign", "Prescribed"),
        "verified": QCoreApplication.translate("esign", "Verified"),
        "prepared": QCoreApplication.translate("esign", "Prepared"),
        "administered": QCoreApplication.translate("esign", "Administered"),
        "approved": QCoreApplication.translate("esign", "Approved"),
    }
    return titles[meaning]


def meaning_statement(meaning: str) -> str:
    """What the signer attests, in the first person."""
    statements = {
        "prescribed": QCoreApplication.translate("esign", "I prescribe this dose for this subject."),
        "verified": QCoreApplication.translate(
            "esign", "I recomputed this dose independently and my result matches the order."
        ),
        "prepared": QCoreApplication.translate(
            "esign", "I prepared this dose from the lots, vials and volumes recorded."
        ),
        "administered": QCoreApplication.translate(
            "esign", "This dose was given to this subject at the times recorded."
        ),
        "approved": QCoreApplication.translate(
            "esign", "I reviewed these values and approve them for use in this trial."
        ),
    }
    return statements[meaning]


class ESignatureDialog(QDialog):
    """Shows who signs, what, and what it means; the password goes to `sign(password)`, run by the op runner.

    A wrong password is shown under the form and the dialog stays open; on success `result_value` holds what
    `sign` returned.
    """

    def __init__(
        self,
        runner: OpRunner,
        user: SignedInUser,
        meaning: str,
        record: str,
        sign: Callable[[str], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if meaning not in MEANINGS:
            raise ValueError(f"unknown signature meaning {meaning!r}")
        self.runner = runner
        self.meaning = meaning
        self._sign = sign
        self.result_value: Any = None
        self.setWindowTitle(self.tr("Electronic signature"))
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = MessageLabel(self)

        what = QLabel(record, self)
        what.setObjectName("record")
        what.setWordWrap(True)
        statement = QLabel(meaning_statement(meaning), self)
        statement.setObjectName("statement")
        statement.setWordWrap(True)
        title = heading(self.tr("Sign: {meaning}").format(meaning=meaning_title(meaning)), self)
        title.setObjectName("meaning")
        form = QFormLayout()
        form.addRow(self.tr("Signing:"), what)
        form.addRow(self.tr("Meaning:"), statement)
        form.addRow(self.tr("Signed by:"), QLabel(f"{user.full_name} ({user.username})", self))
        form.addRow(self.tr("Password:"), self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        note = QLabel(
            self.tr(
                "Your signature records your printed name, the date and time, this meaning, "
                "and a fingerprint of the record. It is the legal equivalent of your handwritten signature."
            ),
            self,
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.password.setFocus()

    def accept(self) -> None:
        password = self.password.text()
        if not password:
            self.message.show_message(self.tr("Type your password to sign."))
            return
        self.message.clear_message()
        self._busy(True)
        self.runner.run(
            lambda: self._sign(password), on_success=self._signed, on_failure=self._failed, parent=self
        )

    def _busy(self, busy: bool) -> None:
        self.password.setEnabled(not busy)
        self.buttons.setEnabled(not busy)

    def _signed(self, result: Any) -> None:
        self._busy(False)
        self.result_value = result
        super().accept()

    def _failed(self, exc: BaseException) -> bool:
        self._busy(False)
        if isinstance(exc, DoseDeskError):
            self.message.show_message(str(exc))
            self.password.clear()
            self.password.setFocus()
            return True
        return False
