"""Small widgets every screen uses."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDateEdit, QLabel, QLineEdit, QWidget

#: How a field the message is about is marked (the message names it; the mark shows where).
INVALID_FIELD_STYLE = "border: 2px solid #b00020; border-radius: 3px;"


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


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Size `window` to `width` × `height`, or smaller where the screen it opens on has less room (a print
    preview on a 1024 × 768 monitor stays on it, its buttons reachable)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        free = screen.availableGeometry()
        width = min(width, int(free.width() * 0.95))
        height = min(height, int(free.height() * 0.92))
    window.resize(width, height)


def sentence(text: str) -> str:
    """`text` as a sentence shown on its own: its first letter a capital (a service's message may start in
    lower case, being written to go inside other sentences too)."""
    return text[:1].upper() + text[1:] if text[:1].islower() else text


class MessageLabel(QLabel):
    """An inline message under a form: red for a problem, hidden when empty. `show_message(text, field)`
    also marks the field the message is about (and puts the cursor there) until the next message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020;")
        self.hide()
        self.marked: QWidget | None = None

    def show_message(self, text: str, field: QWidget | None = None) -> None:
        if self.marked is not None:
            with contextlib.suppress(RuntimeError):  # the field may be gone
                self.marked.setStyleSheet("")
            self.marked = None
        self.setText(sentence(text))
        self.setVisible(bool(text))
        if text and field is not None:
            field.setStyleSheet(INVALID_FIELD_STYLE)
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(field, QLineEdit):
                field.selectAll()
            self.marked = field
        if text:
            fit_height(self.window())

    def clear_message(self) -> None:
        self.show_message("")


class DateField(QDateEdit):
    """A date field whose Tab goes to the next field (a plain QDateEdit tabs through year, month and day
    first); the arrow keys and typing still move between its parts."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


def chain_tab_order(fields: Sequence[QWidget], *last: QWidget) -> None:
    """Tab from field to field in the order given, then to `last` (a form's buttons)."""
    order = [*fields, *last]
    for before, after in itertools.pairwise(order):
        QWidget.setTabOrder(before, after)
    if fields:
        fields[0].setFocus(Qt.FocusReason.OtherFocusReason)


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
