"""Sign in, and the first administrator account on a new database."""

from __future__ import annotations

from collections.abc import Callable

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
from app.ui.words import say_error

Authenticate = Callable[[str, str], SignedInUser]
CreateAdmin = Callable[[str, str, str], SignedInUser]


class _BusyForm(QDialog):
    """A dialog whose OK runs an op; a user error is shown under the form and the dialog stays open."""

    def __init__(self, runner: OpRunner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.user: SignedInUser | None = None
        self.message = MessageLabel(self)
        # By keyword: a positional parent makes PySide6 try it as a Qt.Orientation first, which loads the
        # whole Qt namespace (some 15 ms) before the sign-in's first paint.
        self.buttons = QDialogButtonBox(parent=self)

    def _set_busy(self, busy: bool) -> None:
        for child in self.findChildren(QLineEdit):
            child.setEnabled(not busy)
        self.buttons.setEnabled(not busy)

    def _run(self, op: Callable[[], SignedInUser]) -> None:
        self.message.clear_message()
        self._set_busy(True)
        self.runner.run(op, on_success=self._done, on_failure=self._failed, parent=self)

    def _done(self, user: SignedInUser) -> None:
        self._set_busy(False)
        self.user = user
        super().accept()

    def _failed(self, exc: BaseException) -> bool:
        self._set_busy(False)
        if isinstance(exc, DoseDeskError):
            self.message.show_message(say_error(exc))
            self._after_failure()
            return True
        return False

    def _after_failure(self) -> None:
        pass


class SignInDialog(_BusyForm):
    """User name and password. With `fixed_username` (unlocking) only the password can be typed."""

    def __init__(
        self,
        runner: OpRunner,
        authenticate: Authenticate,
        parent: QWidget | None = None,
        *,
        username: str = "",
        fixed_username: bool = False,
    ) -> None:
        super().__init__(runner, parent)
        self._authenticate = authenticate
        self.setWindowTitle(self.tr("Sign in to DoseDesk"))
        self.username = QLineEdit(username, self)
        self.username.setObjectName("username")
        self.username.setReadOnly(fixed_username)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("User name:"), self.username)
        form.addRow(self.tr("Password:"), self.password)
        self.buttons.setStandardButtons(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("DoseDesk"), self))
        layout.addWidget(QLabel(self.tr("Sign in with your own user name and password."), self))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)
        (self.password if username else self.username).setFocus()

    def accept(self) -> None:
        name = self.username.text().strip()
        password = self.password.text()
        if not name or not password:
            self.message.show_message(self.tr("Type your user name and your password."))
            return
        self._run(lambda: self._authenticate(name, password))

    def _after_failure(self) -> None:
        self.password.clear()
        self.password.setFocus()


class FirstAdminDialog(_BusyForm):
    """A new database has no users: create the first administrator account."""

    def __init__(self, runner: OpRunner, create_admin: CreateAdmin, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self._create_admin = create_admin
        self.setWindowTitle(self.tr("First start: create the administrator"))
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.full_name = QLineEdit(self)
        self.full_name.setObjectName("full_name")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(self)
        self.repeat.setObjectName("repeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("User name:"), self.username)
        form.addRow(self.tr("Full name (printed on signatures):"), self.full_name)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow(self.tr("Password again:"), self.repeat)
        self.buttons.setStandardButtons(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create account"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        intro = QLabel(
            self.tr(
                "No one has an account on this database yet. Create the first administrator account; "
                "the administrator then adds everyone else under Admin."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Welcome to DoseDesk"), self))
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def accept(self) -> None:
        name = self.username.text().strip()
        full_name = self.full_name.text().strip()
        password = self.password.text()
        if not name or not full_name or not password:
            self.message.show_message(self.tr("Fill in the user name, the full name and the password."))
            return
        if password != self.repeat.text():
            self.message.show_message(self.tr("The two passwords are not the same. Type them again."))
            self.password.clear()
            self.repeat.clear()
            self.password.setFocus()
            return
        self._run(lambda: self._create_admin(name, full_name, password))


class ChangePasswordDialog(_BusyForm):
    """The password must be changed (an administrator reset it): the current one, then the new one twice."""

    def __init__(
        self,
        runner: OpRunner,
        change: Callable[[str, str], SignedInUser],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._change = change
        self.setWindowTitle(self.tr("Choose a new password"))
        self.old = QLineEdit(self)
        self.old.setObjectName("old")
        self.new = QLineEdit(self)
        self.new.setObjectName("new")
        self.repeat = QLineEdit(self)
        self.repeat.setObjectName("repeat")
        for field in (self.old, self.new, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Temporary password:"), self.old)
        form.addRow(self.tr("New password:"), self.new)
        form.addRow(self.tr("New password again:"), self.repeat)
        self.buttons.setStandardButtons(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Change password"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        intro = QLabel(
            self.tr("An administrator set a temporary password for you. Choose your own now."), self
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def accept(self) -> None:
        if self.new.text() != self.repeat.text():
            self.message.show_message(self.tr("The two new passwords are not the same. Type them again."))
            return
        old, new = self.old.text(), self.new.text()
        self._run(lambda: self._change(old, new))
