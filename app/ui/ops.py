"""The op runner: every database write, and every slow read, runs off the GUI thread.

Learnt from Anki's `aqt.operations`: a widget hands the runner a plain function (which calls a service with a
unit of work) and two callbacks. The function runs on a worker thread; the callbacks run back on the GUI thread.
A `DoseDeskError` is shown to the user as it is (its message is already in the user's words); anything else
is an unexpected fault, logged and shown in plain words by `app.ui.crash`.

Ops run one at a time, in the order they were asked for, on one worker thread: a write never races another
write, and SQLite never sees two writers from the same window.

Long work (printing many calendars, a backup) goes through `run_long`: the function receives a `Progress`,
reports through it and checks it for Cancel; the user sees a progress bar with a Cancel button.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.errors import DoseDeskError
from app.ui.words import say_error

T = TypeVar("T")

SuccessCallback = Callable[[Any], None]
FailureCallback = Callable[[BaseException], bool | None]


class OpCancelled(Exception):
    """Raised inside a long op (by `Progress.check`) when the user pressed Cancel."""


class _ProgressRelay(QObject):
    """Carries progress reports from the worker thread to the GUI thread.

    Signals:
        progressed(int, int, str): done, total, label.
    """

    progressed = Signal(int, int, str)


class Progress:
    """What a long op is given: report how far it is, and learn whether the user pressed Cancel.

    Safe to use from the worker thread: reports cross to the GUI thread as queued signals.
    """

    def __init__(self) -> None:
        self._cancel = threading.Event()
        self.relay = _ProgressRelay()

    def update(self, done: int, total: int, label: str = "") -> None:
        self.relay.progressed.emit(done, total, label)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise `OpCancelled` when the user asked to stop; call it between units of work."""
        if self._cancel.is_set():
            raise OpCancelled


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits through it so callbacks run on the GUI thread.

    Signals:
        succeeded(object): the op's result.
        failed(object): the exception the op raised.
    """

    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable, Generic[T]):
    def __init__(self, fn: Callable[[], T], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # every fault goes back to the GUI thread, none is lost
            self._emit(self._relay.failed, exc)
        else:
            self._emit(self._relay.succeeded, result)

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        # The window may have gone away (the program is ending): then nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)


def _default_error_handler(parent: QWidget | None, exc: BaseException) -> None:
    from app.ui import crash

    if isinstance(exc, OpCancelled):
        return
    if isinstance(exc, DoseDeskError):
        crash.show_user_error(parent, say_error(exc))
    else:
        crash.report_unexpected(exc, parent)


class OpRunner(QObject):
    """Runs ops on one worker thread and calls back on the GUI thread.

    Signals:
        busy_changed(bool): True when the first op starts, False when the last one ends.
    """

    busy_changed = Signal(bool)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        error_handler: Callable[[QWidget | None, BaseException], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pending: set[_Relay] = set()
        self._error_handler = error_handler or _default_error_handler
        self.last_error: BaseException | None = None

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def run(
        self,
        op: Callable[[], T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_failure: FailureCallback | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Run `op()` off the GUI thread; then `on_success(result)` or the failure path, on the GUI thread.

        `on_failure(exc)` is called first when given; when it returns True the error counts as handled,
        otherwise the user is told (a `DoseDeskError` as it is, anything else as an unexpected fault).
        """
        relay = _Relay()
        self._pending.add(relay)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)

        def done() -> None:
            self._pending.discard(relay)
            relay.deleteLater()
            if not self._pending:
                self.busy_changed.emit(False)

        def succeeded(result: Any) -> None:
            done()
            if on_success is not None:
                on_success(result)

        def failed(exc: BaseException) -> None:
            done()
            self.last_error = exc
            if on_failure is not None and on_failure(exc):
                return
            self._error_handler(parent, exc)

        # The relay lives on the GUI thread and the worker emits: Qt queues the call to the GUI thread.
        # (Not naming Qt.ConnectionType keeps the Qt namespace, slow to load, off the sign-in's first paint.)
        relay.succeeded.connect(succeeded)
        relay.failed.connect(failed)
        self._pool.start(_Job(op, relay))

    def run_long(
        self,
        op: Callable[[Progress], T],
        *,
        title: str,
        on_success: Callable[[T], None] | None = None,
        on_failure: FailureCallback | None = None,
        on_cancelled: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> QProgressDialog:
        """Run a long `op(progress)` with a progress bar and a Cancel button; returns the dialog."""
        from PySide6.QtCore import Qt

        progress = Progress()
        dialog = QProgressDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(title)
        dialog.setCancelButtonText(self.tr("Cancel"))
        dialog.setRange(0, 0)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.canceled.connect(progress.cancel)

        def progressed(done: int, total: int, label: str) -> None:
            if total > 0:
                dialog.setRange(0, total)
                dialog.setValue(min(done, total))
            if label:
                dialog.setLabelText(label)

        progress.relay.progressed.connect(progressed, Qt.ConnectionType.QueuedConnection)

        def finish() -> None:
            dialog.canceled.disconnect(progress.cancel)
            dialog.close()
            dialog.deleteLater()

        def succeeded(result: T) -> None:
            finish()
            if on_success is not None:
                on_success(result)

        def failed(exc: BaseException) -> bool | None:
            finish()
            if isinstance(exc, OpCancelled):
                if on_cancelled is not None:
                    on_cancelled()
                return True
            return on_failure(exc) if on_failure is not None else None

        dialog.show()
        self.run(lambda: op(progress), on_success=succeeded, on_failure=failed, parent=parent)
        return dialog

    def wait_until_idle(self, timeout_ms: int = 10_000) -> bool:
        """Process events until every op has called back (for shutdown and tests); False on time-out."""
        if not self._pending:
            return True
        loop = QEventLoop()

        def maybe_quit(busy: bool) -> None:
            if not busy:
                loop.quit()

        self.busy_changed.connect(maybe_quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        try:
            loop.exec()
        finally:
            self.busy_changed.disconnect(maybe_quit)
        QCoreApplication.processEvents()
        return not self._pending
