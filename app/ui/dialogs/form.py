"""The base of the forms that run one operation and close with its result.

    class WeightDialog(RunForm):
        def accept(self) -> None:
            values = self.values()          # None: the problem is shown in the form, nothing runs
            if values is not None:
                self.run(lambda: self._record(values))

`run` disables the buttons and runs the operation through the op runner (`app.ui.ops`); the form closes once
the record is saved, `result_value` holding what the service returned. A refusal from the service stays in the
form in its words (`refused` lets a form clear a password or mark a field); any other error goes to the runner,
which reports it as unexpected. A form needs `runner`, `buttons` and `message`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from app.errors import DoseDeskError
from app.ui.ops import OpRunner
from app.ui.widgets import MessageLabel
from app.ui.words import say_error


class RunForm(QDialog):
    runner: OpRunner
    buttons: QDialogButtonBox
    message: MessageLabel
    result_value: Any = None

    def run(self, operation: Callable[[], Any]) -> None:
        """Run `operation` for the form: the buttons wait, the form closes on success."""
        self.buttons.setEnabled(False)
        self.runner.run(operation, on_success=self._done, on_failure=self._failed, parent=self)

    def _done(self, result: Any) -> None:
        self.buttons.setEnabled(True)
        self.result_value = result
        QDialog.accept(self)

    def _failed(self, exc: BaseException) -> bool:
        self.buttons.setEnabled(True)
        if isinstance(exc, DoseDeskError):
            self.message.show_message(say_error(exc))
            self.refused(exc)
            return True
        return False

    def refused(self, exc: DoseDeskError) -> None:
        """After a refusal is shown: a form clears a password, puts the focus back, … (nothing by default)."""
