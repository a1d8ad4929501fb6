"""The electronic signature: the user re-enters the password and sees what the signature means."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import DoseDeskError
from app.ui.ops import OpRunner
from app.ui.session import SignedInUser
from app.ui.widgets import MessageLabel, heading
from app.ui.words import say_error

MEANINGS = (
    "prescribed",
    "verified",
    "prepared",
    "checked",
    "started",
    "completed",
    "stopped",
    "cancelled",
    "administered",
    "approved",
)


def meaning_title(meaning: str) -> str:
    titles = {
        "prescribed": QCoreApplication.translate("esign", "Prescribed"),
        "verified": QCoreApplication.translate("esign", "Verified"),
        "prepared": QCoreApplication.translate("esign", "Prepared"),
        "checked": QCoreApplication.translate("esign", "Checked"),
        "started": QCoreApplication.translate("esign", "Started"),
        "completed": QCoreApplication.translate("esign", "Completed"),
        "stopped": QCoreApplication.translate("esign", "Stopped early"),
        "cancelled": QCoreApplication.translate("esign", "Cancelled"),
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
        "checked": QCoreApplication.translate(
            "esign",
            "I checked the prepared bag against the order — vials and lots, volume drawn, bag, label and "
            "use-before time — and release it to the ward.",
        ),
        "started": QCoreApplication.translate(
            "esign",
            "I checked the bag and the patient's identity and started this infusion at the time recorded.",
        ),
        "completed": QCoreApplication.translate(
            "esign", "This infusion was given in full and ended at the time recorded."
        ),
        "stopped": QCoreApplication.translate(
            "esign",
            "This infusion was stopped before the bag was given in full, at the time and volume recorded.",
        ),
        "cancelled": QCoreApplication.translate(
            "esign", "I cancel this order for the reason recorded; it will not be given."
        ),
        "administered": QCoreApplication.translate(
            "esign", "This dose was given to this subject at the times recorded."
        ),
        "approved": QCoreApplication.translate(
            "esign", "I reviewed these values and approve them for use in this trial."
        ),
    }
    return statements[meaning]


@dataclass(frozen=True)
class SignOverride:
    """A signature that may go ahead although something required is not met, with the signer's reason.

    `unmet` (one line each) is shown at once with the reason box labelled `prompt`; while it is shown, Sign
    stays disabled until a reason is typed and the signature goes to `sign(password, reason)`. `recheck`, run
    by the op runner after a refusal, tells what is not met now (nothing: the refusal was about something
    else), so a change found only at signing still offers the reason box.
    """

    title: str
    prompt: str
    sign: Callable[[str, str], Any]
    unmet: Sequence[str] = ()
    recheck: Callable[[], Sequence[str]] | None = None


class ESignatureDialog(QDialog):
    """Shows who signs, what, and what it means; the password goes to `sign(password)`, run by the op runner.

    A wrong password is shown under the form and the dialog stays open; on success `result_value` holds what
    `sign` returned. With `override` (see `SignOverride`), what is not met is listed and a reason is asked.
    """

    def __init__(
        self,
        runner: OpRunner,
        user: SignedInUser,
        meaning: str,
        record: str,
        sign: Callable[[str], Any],
        parent: QWidget | None = None,
        *,
        override: SignOverride | None = None,
    ) -> None:
        super().__init__(parent)
        if meaning not in MEANINGS:
            raise ValueError(f"unknown signature meaning {meaning!r}")
        self.runner = runner
        self.meaning = meaning
        self._sign = sign
        self._override = override
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
        form.addRow(
            self.tr("Signed by:"),
            QLabel(self.tr("{name} ({username})").format(name=user.full_name, username=user.username), self),
        )
        form.addRow(self.tr("Password:"), self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close without signing"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.sign_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.unmet = QLabel(self)
        self.unmet.setObjectName("unmet")
        self.unmet.setWordWrap(True)
        self.unmet.setStyleSheet("color: #b00020;")
        self.reason_label = QLabel(override.prompt if override is not None else "", self)
        self.reason_label.setWordWrap(True)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("overrideReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(72)
        self.reason_label.setBuddy(self.reason)
        self.reason.textChanged.connect(self._enable_sign)
        for widget in (self.unmet, self.reason_label, self.reason):
            widget.hide()
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
        layout.addWidget(self.unmet)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        if override is not None and override.unmet:
            self.ask_reason(override.unmet)
        self.password.setFocus()

    def asking_reason(self) -> bool:
        """Whether the reason to sign although something is not met is asked (the reason box is shown)."""
        return not self.reason.isHidden()

    def override_reason(self) -> str | None:
        """The reason typed, or None when none is asked or it is blank."""
        if not self.asking_reason():
            return None
        return self.reason.toPlainText().strip() or None

    def ask_reason(self, unmet: Sequence[str]) -> None:
        """List what is not met and ask the reason to sign anyway: Sign waits for it."""
        if self._override is None:
            raise ValueError("this signature takes no reason to override")
        self.unmet.setText("\n".join([self._override.title, *unmet]))
        for widget in (self.unmet, self.reason_label, self.reason):
            widget.show()
        self._enable_sign()

    def _enable_sign(self) -> None:
        self.sign_button.setEnabled(not self.asking_reason() or self.override_reason() is not None)

    def accept(self) -> None:
        password = self.password.text()
        if not password:
            self.message.show_message(self.tr("Type your password to sign."))
            return
        reason = self.override_reason()
        if self.asking_reason() and reason is None:
            self.message.show_message(self.tr("Give your reason to sign anyway."))
            return
        self.message.clear_message()
        self._busy(True)
        override = self._override
        if override is not None and reason is not None:
            work: Callable[[], Any] = lambda: override.sign(password, reason)  # noqa: E731
        else:
            work = lambda: self._sign(password)  # noqa: E731
        self.runner.run(work, on_success=self._signed, on_failure=self._failed, parent=self)

    def _busy(self, busy: bool) -> None:
        self.password.setEnabled(not busy)
        self.reason.setEnabled(not busy)
        self.buttons.setEnabled(not busy)
        if not busy:
            self._enable_sign()

    def _signed(self, result: Any) -> None:
        self._busy(False)
        self.result_value = result
        super().accept()

    def _failed(self, exc: BaseException) -> bool:
        self._busy(False)
        if isinstance(exc, DoseDeskError):
            self.message.show_message(say_error(exc))
            self.password.clear()
            self.password.setFocus()
            self._recheck()
            return True
        return False

    def _recheck(self) -> None:
        """After a refusal, ask again what is not met: if something is, the reason box is offered."""
        override = self._override
        if override is None or override.recheck is None or self.asking_reason():
            return
        recheck = override.recheck

        def checked(unmet: Sequence[str]) -> None:
            if unmet and shiboken6.isValid(self) and self.isVisible() and not self.asking_reason():
                self.ask_reason(unmet)

        self.runner.run(
            lambda: recheck(),
            on_success=checked,
            on_failure=lambda exc: isinstance(exc, DoseDeskError),  # the refusal is already shown
            parent=self,
        )
