"""Small widgets every screen uses."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QLabel, QWidget


def fit_height(window: QWidget) -> None:
    """Grow a dialog to the height its content now needs at its width (a message or a note that appeared,
    wrapped over lines), so that nothing in it is squashed or cut; it never shrinks or changes width here.

    Once now, and once more when the event loop has laid the new text out (a label knows how many lines it
    wraps to only then)."""
    _fit_height(window)

    def again() -> None:
        with contextlib.suppress(RuntimeError):  # the dialog may be gone by then
            _fit_height(window)

    QTimer.singleShot(0, again)


def _fit_height(window: QWidget) -> None:
    if not window.isWindow() or window.isMaximized() or window.isFullScreen():
        return
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    needed = (
        layout.totalHeightForWidth(window.width())
        if layout.hasHeightForWidth()
        else layout.totalSizeHint().height()
    )
    if needed > window.height():
        window.resize(window.width(), needed)


class MessageLabel(QLabel):
    """An inline message under a form: red for a problem, hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020;")
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
        if text:
            fit_height(self.window())

    def clear_message(self) -> None:
        self.show_message("")


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    return label


def subject_label(number: str, initials: str) -> str:
    """A subject as lists name them, "001-003 (HM)", with the brackets of the window's language."""
    return QCoreApplication.translate("words", "{number} ({initials})").format(
        number=number, initials=initials
    )
