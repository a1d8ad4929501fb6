"""Bad input on the command line is one line on stderr and exit status 2, never a traceback: overflowing numbers,
a 5,000-character protocol name, history files nested deeply, with 5,000-digit numbers, Infinity or a
byte-order mark, dates of year 9999, 99999999999999999999 vials, a lot of strength 0, a blank quarantine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main


@pytest.fixture(autouse=True)
def _private_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No command here reaches the real data folder or the embedded database."""
    monkeypatch.setenv("DOSEDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DOSEDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'absent.sqlite3'}")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse refuses a malformed option itself
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = run(capsys, *args)
    assert code == 2, (code, out, err)
    assert out == ""
    assert err.startswith("dosedesk: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and len(err) < 600
    return err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["dose", "--weight-kg", "1e999999999"], "The weight (--weight-kg)"),
        (["dose", "--weight-kg", "70", "--level", "1e999999999"], "The dose level (--level)"),
        (["dose", "--weight-kg", "70", "--baseline-kg", "-1e999999999"], "--baseline-kg"),
        (["dose", "--weight-kg", "70", "--weight-date", "9999-12-31"], "between 1900-01-01 and 2200-12-31"),
        (["dose", "--weight-kg", "NaN"], "must be a number"),
        (["dose", "--weight-kg", "7" * 5000], "must be a number"),
        (["grade", "--lab", "neutrophils", "--value", "1e999999999"], "The value (--value)"),
        (["grade", "--lab", "alt", "--value", "40", "--uln", "1e999999999"], "--uln"),
        (["advise", "--toxicity", "neutropenia", "--grade", "3", "--level", "1e999999999"], "--level"),
        (["advise", "--toxicity", "x" * 5000, "--grade", "3", "--level", "5"], "--toxicity"),
        (
            ["advise", "--toxicity", "neutropenia", "--grade", "9" * 30, "--level", "5"],
            "grades run from 1 to 5",
        ),
        (["dose", "--weight-kg", "70", "--protocol", "p" * 5000], "no protocol named"),
        (
            ["advise", "--protocol", "p" * 5000, "--toxicity", "rash", "--grade", "3", "--level", "5"],
            "no protocol",
        ),
        (["stock", "alerts", "--date", "9999-12-31"], "between 1900-01-01 and 2200-12-31"),
        (["stock", "alerts", "--date", "0001-01-01"], "between 1900-01-01 and 2200-12-31"),
        (["print", "day", "--date", "9999-12-31", "--out", "-"], "9999-12-31"),
        (
            [
                "stock",
                "return",
                "--user",
                "u",
                "--lot",
                "A",
                "--vials",
                "99999999999999999999",
                "--reason",
                "r",
            ],
            "from 1 to 10,000",
        ),
        (
            ["stock", "destroy", "--user", "u", "--lot", "A", "--vials", "2147483648", "--reason", "r"],
            "from 1 to 10,000",
        ),
        (["stock", "quarantine", "--user", "u", "--lot", "LOT\u202e1A", "--reason", "r"], "U+202E"),
        (["stock", "release", "--user", "u", "--lot", "A", "--reason", "r" * 100_000], "too long"),
        # A user name no database can hold (a lone surrogate, a NUL) is refused before any database is opened.
        (["print", "order", "--order", "X", "--user", "\udcff", "--out", "-"], "The user (--user)"),
        (["print", "day", "--date", "2026-03-02", "--user", "\x00", "--out", "-"], "The user (--user)"),
        (["report", "exposure", "--out", "x.pdf", "--user", "\udcff"], "The user (--user)"),
        (["export", "sdtm", "--out", ".", "--user", "\udcff"], "The user (--user)"),
        (["restore", "--from", "x.sqlite3", "--user", "\udcff"], "The user (--user)"),
        (["list", "patients", "--user", "\udcff"], "The user (--user)"),
    ],
)
def test_bad_numbers_dates_and_names_are_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    assert words in refused(capsys, *args)


RECEIVE = ["stock", "receive", "--user", "wang.fang", "--shipment", "S1", "--date", "2026-03-02"]


@pytest.mark.parametrize(
    ("lot", "more", "words"),
    [
        ("Z:1:2028-01-01:0", [], "must be more than 0"),  # never read as "no strength given" (a 200 mg lot)
        ("Z:2147483648:2028-01-01", [], "from 1 to 10,000"),
        ("Z:99999999999999999999:2028-01-01", [], "from 1 to 10,000"),
        ("Z:1:9999-12-31", [], "between 1900-01-01 and 2200-12-31"),
        ("Z:1:2028-01-01:1e999999999", [], "strength of lot Z"),
        ("Z\u202e1:1:2028-01-01", [], "U+202E"),
        ("Z:1:2028-01-01", ["--quarantine", " "], "reason for quarantine"),  # a blank reason never releases
        ("Z:1:2028-01-01", ["--note", "n" * 100_000], "too long"),
        ("Z:1:2028-01-01", ["--shipment", "S\u2066X"], "U+2066"),
    ],
)
def test_bad_receipts_are_refused_before_any_database(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lot: str,
    more: list[str],
    words: str,
) -> None:
    database = tmp_path / "none.sqlite3"
    monkeypatch.setenv("DOSEDESK_PASSWORD", "secret-pass")
    assert words in refused(capsys, *RECEIVE, "--lot", lot, *more, "--database", str(database))
    assert not database.exists()


def test_receive_at_a_date_of_year_1_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    args = [a if a != "2026-03-02" else "0001-01-01" for a in RECEIVE]
    assert "between 1900-01-01 and 2200-12-31" in refused(capsys, *args, "--lot", "Z:1:2028-01-01")


def _history(tmp_path: Path, raw: bytes) -> Path:
    file = tmp_path / "history.json"
    file.write_bytes(raw)
    return file


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nests too deeply"),
        (b'{"protocol": "nct07343453", "c1d1": ' + b"[" * 30 + b"]" * 30 + b"}", "nests too deeply"),
        (b'{"protocol": "nct07343453", "c1d1": ' + b"9" * 5000 + b"}", "far too long"),
        (
            b'{"protocol": "nct07343453", "c1d1": "2026-01-05", '
            b'"doses": [{"visit": "C1D1", "date": "2026-01-05", "mg_per_kg": Infinity}]}',
            "Infinity",
        ),
        (b'{"protocol": "nct07343453", "c1d1": NaN}', "NaN"),
        (
            b'{"protocol": "nct07343453", "c1d1": "2026-01-05", '
            b'"doses": [{"visit": "C1D1", "date": "2026-01-05", "mg_per_kg": "1e999999999"}]}',
            "dose level of 'C1D1'",
        ),
        (
            b'{"protocol": "nct07343453", "c1d1": "2026-01-05", '
            b'"doses": [{"visit": "C1D1", "date": "2026-01-05", "mg_per_kg": 1e400}]}',
            "dose level",
        ),
        (b'{"protocol": "' + b"p" * 5000 + b'", "c1d1": "2026-01-05"}', '"protocol" is too long'),
        (b'{"protocol": "' + b"p" * 500 + b'", "c1d1": "2026-01-05"}', "no protocol named"),
        (b'{"protocol": "nct07343453", "c1d1": "0001-01-01"}', "between 1900-01-01 and 2200-12-31"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_odd_history_files_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, raw: bytes, words: str
) -> None:
    assert words in refused(capsys, "schedule", "--history", str(_history(tmp_path, raw)), "--json")


def test_a_history_file_with_a_byte_order_mark_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    raw = b"\xef\xbb\xbf" + json.dumps({"protocol": "nct07343453", "c1d1": "2026-01-05"}).encode()
    code, out, err = run(
        capsys, "schedule", "--history", str(_history(tmp_path, raw)), "--as-of", "2026-01-06", "--json"
    )
    assert code == 0, err
    assert json.loads(out)["visits"][0]["label"]


def test_a_folder_or_a_device_as_history_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert "Cannot read the history file" in refused(capsys, "schedule", "--history", str(tmp_path))
    assert "larger than 10 MB" in refused(capsys, "schedule", "--history", "/dev/zero")
