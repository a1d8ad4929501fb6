"""An unexpected error in a command: one line on stderr naming the errors log (exit 70), its traceback in the log
in the data folder — the log the window writes too — and no patient identifier in it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import app.commands.dose as dose_command
from app.cli import EXIT_UNEXPECTED, main
from app.errors import InputError
from app.services import errors_log
from app.text import msg

IDENTIFIERS = ("001-001", "LW", "1961-03-04", "H1234567")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("DOSEDESK_DATA_DIR", str(folder))
    errors_log.set_errors_log_path(None)
    return folder


def _fails(*_args: object, **_kwargs: object) -> None:
    try:
        {"001-001": 1}["LW"]
    except KeyError as exc:
        raise RuntimeError("subject 001-001 (LW), born 1961-03-04, hospital number H1234567") from exc


def test_an_unexpected_error_is_one_line_naming_the_log(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(dose_command, "compute_dose", _fails)
    assert main(["dose", "--weight-kg", "70"]) == EXIT_UNEXPECTED
    out, err = capsys.readouterr()
    log = data_dir / "errors.log"
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("dosedesk: an unexpected error stopped this command (RuntimeError)")
    assert str(log) in err
    text = log.read_text(encoding="utf-8")
    assert "dosedesk dose" in text.splitlines()[0]
    assert "Traceback (most recent call last):" in text and "in _fails" in text
    assert "RuntimeError: subject" in text and "KeyError" in text
    assert "direct cause" in text
    for identifier in IDENTIFIERS:
        assert identifier not in text, identifier


def test_the_log_keeps_a_sentence_by_its_template_and_a_drivers_words_without_data(data_dir: Path) -> None:
    try:
        try:
            raise sqlite3.IntegrityError("UNIQUE constraint failed: subjects.subject_number")
        except sqlite3.IntegrityError as exc:
            raise RuntimeError(
                "(sqlite3.IntegrityError) UNIQUE constraint failed: subjects.subject_number\n"
                "[SQL: INSERT INTO subjects (subject_number, initials, birth_date) VALUES (?, ?, ?)]\n"
                "[parameters: ('001-001', 'LW', '1961-03-04')]"
            ) from exc
    except RuntimeError as exc:
        try:
            raise InputError(msg("Subject number {number} is already enrolled.", number="001-001")) from exc
        except InputError as outer:
            path = errors_log.log_unexpected(outer, where="test")
    text = path.read_text(encoding="utf-8")
    assert path == data_dir / "errors.log"
    assert "Subject number {number} is already enrolled." in text
    assert "UNIQUE constraint failed: subjects.subject_number" in text
    assert "parameters" not in text and "INSERT" not in text
    for identifier in IDENTIFIERS:
        assert identifier not in text, identifier


def test_scrub_takes_values_out_and_leaves_code_names() -> None:
    said = errors_log.scrub(
        "'NoneType' object has no attribute 'subject_number' for 'LW' on 2026-03-02 in 001-001"
    )
    assert said == "'NoneType' object has no attribute 'subject_number' for '…' on <date> in <n>"


def test_a_log_that_cannot_be_written_does_not_raise(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    errors_log.set_errors_log_path(blocker / "errors.log")  # a folder that is a file
    try:
        assert errors_log.log_unexpected(RuntimeError("boom")) == blocker / "errors.log"
    finally:
        errors_log.set_errors_log_path(None)
