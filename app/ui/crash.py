"""Errors reach the user as a dialog in plain words; nothing crashes the window.

A `DoseDeskError` is shown as it is, and so is an unusable database (not a DoseDesk database, damaged, on a
full or read-only disk, an unreachable server: `app.services.unusable`, the sentences the command line says
too). Anything else is a fault of the program: its traceback goes to the errors log in the data folder
(`app.services.errors_log`, shared with the command line, and free of patient identifiers) and the user sees a
short explanation with the log's location. `install_excepthook` routes exceptions that escape a Qt slot or a
thread to the same place.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.errors import DoseDeskError
from app.services import errors_log
from app.services.unusable import unusable_database
from app.ui.words import say_error

_open_boxes: set[QMessageBox] = set()


def error_log_path() -> Path:
    """Where unexpected errors are logged: the errors log the command line writes too."""
    return errors_log.errors_log_path()


def set_error_log_path(path: Path | None) -> None:
    errors_log.set_errors_log_path(path)


def log_unexpected(exc: BaseException) -> Path:
    """Append the exception with its traceback (no patient identifier) to the errors log; returns its path."""
    return errors_log.log_unexpected(exc, where="the window")


def _message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    """A window-modal box that does not block the caller (tests can find and close it)."""
    from PySide6.QtCore import Qt

    if parent is None:
        parent = QApplication.activeWindow()
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("userMessage")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    if parent is None:
        # A box without a parent lives only as long as a Python reference to it does.
        _open_boxes.add(box)
        box.finished.connect(lambda _result: _open_boxes.discard(box))
    box.open()
    return box


def show_user_error(parent: QWidget | None, message: str) -> QMessageBox:
    """Show a `DoseDeskError` message as it is."""
    title = QCoreApplication.translate("crash", "Cannot do that")
    return _message_box(parent, QMessageBox.Icon.Warning, title, message)


def show_info(parent: QWidget | None, title: str, message: str) -> QMessageBox:
    return _message_box(parent, QMessageBox.Icon.Information, title, message)


def report_unexpected(exc: BaseException, parent: QWidget | None = None) -> QMessageBox | None:
    """Log a program fault and tell the user in plain words; a `DoseDeskError` is shown as it is."""
    if isinstance(exc, DoseDeskError):
        return show_user_error(parent, say_error(exc))
    unusable = unusable_database(exc)
    if unusable is not None:
        if QApplication.instance() is None:
            return None
        title = QCoreApplication.translate("crash", "The database cannot be used")
        return _message_box(parent, QMessageBox.Icon.Warning, title, say_error(unusable))
    path = log_unexpected(exc)
    if QApplication.instance() is None:
        return None
    title = QCoreApplication.translate("crash", "Something went wrong")
    text = QCoreApplication.translate(
        "crash",
        "DoseDesk hit a problem it did not expect, and what you were doing was not finished. "
        "Nothing already saved was lost. Please try again; if it happens again, give this file "
        "to your support contact:\n{path}",
    ).format(path=str(path))
    return _message_box(parent, QMessageBox.Icon.Critical, title, text)


def _hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc.__traceback__ is None and tb is not None:
        exc = exc.with_traceback(tb)
    report_unexpected(exc)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        log_unexpected(args.exc_value)


def install_excepthook() -> None:
    """Route uncaught exceptions (a Qt slot, a timer, a thread) to the log and a plain-words dialog."""
    sys.excepthook = _hook
    threading.excepthook = _thread_hook
