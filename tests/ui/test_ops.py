"""The op runner: work off the GUI thread, callbacks on it, errors shown in the user's words."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton, QWidget

from app.errors import InputError
from app.ui import crash
from app.ui.ops import OpCancelled, OpRunner, Progress


def _boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def _close_boxes() -> None:
    for box in _boxes():
        box.close()


def test_op_runs_off_the_gui_thread_and_calls_back_on_it(qtbot):
    runner = OpRunner()
    gui_thread = QThread.currentThread()
    seen: dict[str, object] = {}

    def op() -> int:
        seen["op_thread"] = QThread.currentThread()
        return 42

    def success(result: int) -> None:
        seen["result"] = result
        seen["callback_thread"] = QThread.currentThread()

    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: not busy):
        runner.run(op, on_success=success)
        assert runner.busy
    assert seen["result"] == 42
    assert seen["op_thread"] is not gui_thread
    assert seen["callback_thread"] is gui_thread
    assert not runner.busy


def test_ops_run_one_at_a_time_in_order(qtbot):
    runner = OpRunner()
    order: list[int] = []
    active = threading.Semaphore(1)

    def make(n: int):
        def op() -> int:
            assert active.acquire(blocking=False), "two ops ran at once"
            time.sleep(0.01)
            active.release()
            return n

        return op

    for n in range(5):
        runner.run(make(n), on_success=order.append)
    assert runner.wait_until_idle()
    assert order == [0, 1, 2, 3, 4]


def test_user_error_is_shown_as_it_is(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = OpRunner()

    def op() -> None:
        raise InputError("The weight must be at least 25 kg.")

    runner.run(op, parent=parent)
    assert runner.wait_until_idle()
    boxes = _boxes()
    assert [b.text() for b in boxes] == ["The weight must be at least 25 kg."]
    assert isinstance(runner.last_error, InputError)
    _close_boxes()


def test_on_failure_can_handle_the_error_itself(qtbot):
    runner = OpRunner()
    handled: list[BaseException] = []

    def op() -> None:
        raise InputError("no")

    runner.run(op, on_failure=lambda exc: handled.append(exc) or True)
    assert runner.wait_until_idle()
    assert len(handled) == 1
    assert _boxes() == []


def test_unexpected_error_is_logged_and_explained(qtbot, private_data_dir: Path):
    runner = OpRunner()

    def op() -> None:
        raise ZeroDivisionError("boom in the op")

    runner.run(op)
    assert runner.wait_until_idle()
    log = private_data_dir / "errors.log"
    text = log.read_text(encoding="utf-8")
    assert "ZeroDivisionError: boom in the op" in text
    assert "Traceback" in text
    boxes = _boxes()
    assert len(boxes) == 1
    assert str(log) in boxes[0].text()
    assert "boom" not in boxes[0].text()  # plain words, no programmer's message
    _close_boxes()


def test_long_op_reports_progress_and_finishes(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = OpRunner()
    results: list[int] = []

    def op(progress: Progress) -> int:
        for i in range(3):
            progress.check()
            progress.update(i + 1, 3, f"calendar {i + 1} of 3")
        return 3

    dialog = runner.run_long(op, title="Printing calendars", on_success=results.append, parent=parent)
    assert isinstance(dialog, QProgressDialog)
    assert runner.wait_until_idle()
    assert results == [3]
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()


def test_long_op_can_be_cancelled(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = OpRunner()
    started = threading.Event()
    done: list[str] = []

    def op(progress: Progress) -> str:
        started.set()
        for i in range(1000):
            progress.check()
            progress.update(i, 1000, "")
            time.sleep(0.005)
        return "finished"

    dialog = runner.run_long(
        op,
        title="Backup",
        on_success=done.append,
        on_cancelled=lambda: done.append("cancelled"),
        parent=parent,
    )
    assert started.wait(5)
    qtbot.waitUntil(lambda: dialog.maximum() == 1000)
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert runner.wait_until_idle()
    assert done == ["cancelled"]
    assert _boxes() == []


def test_progress_check_raises_after_cancel():
    progress = Progress()
    progress.check()
    progress.cancel()
    assert progress.cancelled
    try:
        progress.check()
    except OpCancelled:
        pass
    else:  # pragma: no cover
        raise AssertionError("check() did not raise after cancel")


def test_excepthook_logs_and_shows_plain_words(qtbot, private_data_dir: Path):
    try:
        raise RuntimeError("slot blew up")
    except RuntimeError as exc:
        box = crash.report_unexpected(exc)
    assert box is not None
    assert "slot blew up" in (private_data_dir / "errors.log").read_text(encoding="utf-8")
    assert "slot blew up" not in box.text()
    box.close()


def test_user_error_through_report_unexpected_is_not_logged(qtbot, private_data_dir: Path):
    box = crash.report_unexpected(InputError("Subject 001 is already enrolled."))
    assert box is not None and box.text() == "Subject 001 is already enrolled."
    assert not (private_data_dir / "errors.log").exists()
    box.close()
