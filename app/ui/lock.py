"""The idle lock: after N minutes without keyboard or mouse the window is covered until the same user's
password is typed again. Nothing typed is lost: the screens and any open form stay as they were, only hidden.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.widgets import MessageLabel, heading

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    """Watches the whole application's input and says when the user has been idle long enough.

    Signals:
        idle(): no keyboard or mouse input for the interval.
    """

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_interval_ms(minutes * 60_000)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_interval_ms(self, ms: int) -> None:
        self._timer.setInterval(ms)
        if self._timer.isActive():
            self._timer.start()

    def interval_ms(self) -> int:
        return self._timer.interval()

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False


class LockScreen(QWidget):
    """What covers the window while it is locked.

    Signals:
        unlock_requested(str): the password typed.
        switch_user_requested(): someone else wants to sign in.
    """

    unlock_requested = Signal(str)
    switch_user_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.who = QLabel(self)
        self.who.setObjectName("who")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self._unlock)
        self.message = MessageLabel(self)
        self.unlock_button = QPushButton(self)
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._unlock)
        self.switch_button = QPushButton(self)
        self.switch_button.setObjectName("switchUser")
        self.switch_button.clicked.connect(self.switch_user_requested)
        explanation = QLabel(self)
        explanation.setObjectName("explanation")
        explanation.setWordWrap(True)
        self.explanation = explanation

        box = QWidget(self)
        box.setMaximumWidth(460)
        inner = QVBoxLayout(box)
        self.title = heading("", box)
        inner.addWidget(self.title)
        inner.addWidget(self.who)
        inner.addWidget(explanation)
        inner.addWidget(self.password)
        inner.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        """Its fixed words in the language installed now (the window's language was switched)."""
        self.password.setPlaceholderText(self.tr("Password"))
        self.unlock_button.setText(self.tr("Unlock"))
        self.switch_button.setText(self.tr("Sign in as someone else…"))
        self.title.setText(self.tr("DoseDesk is locked"))

    def prepare(self, full_name: str, username: str, *, idle: bool = True) -> None:
        """Show who is signed in, and why the window is locked: after a time without use (`idle`), or because
        the user locked it (File → Lock now, Ctrl+L)."""
        why = (
            self.tr("DoseDesk locked itself after a time without use.")
            if idle
            else self.tr("You locked DoseDesk.")
        )
        self.explanation.setText(
            " ".join(
                (
                    why,
                    self.tr(
                        "Everything you had typed is kept. Type your password to go on. If someone else signs "
                        "in, your unsaved forms are saved as drafts for you and your work is closed."
                    ),
                )
            )
        )
        self.who.setText(self.tr("Signed in: {name} ({user})").format(name=full_name, user=username))
        self.password.clear()
        self.message.clear_message()
        self.set_busy(False)
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_busy(self, busy: bool) -> None:
        for widget in (self.password, self.unlock_button, self.switch_button):
            widget.setEnabled(not busy)

    def _unlock(self) -> None:
        password = self.password.text()
        if not password:
            self.message.show_message(self.tr("Type your password."))
            return
        self.unlock_requested.emit(password)
