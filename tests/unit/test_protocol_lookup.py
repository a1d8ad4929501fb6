"""A protocol is found by id only among the shipped protocol files; a path is a path only when given as one
(`--protocol-file`); and what a result rests on is named by its identity (id, version, fingerprint), a file that
differs from the shipped version of its id and version being said to differ.

The defect: in a folder holding a file named `nct07343453` (the trial's TOML with dose levels 50/4/3),
`dosedesk dose --weight-kg 70` gave 50 mg/kg, 3,500 mg, and still named "nct07343453 version 1.0"."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest

from app.cli import main
from app.paths import protocols_dir
from app.protocol import ProtocolError, load_protocol, load_protocol_file, shipped_match
from app.services.protocols import protocol_file

SHIPPED = protocols_dir() / "nct07343453.toml"
LEVELS = 'dose_levels_mg_per_kg = ["5", "4", "3"]'


@pytest.fixture
def stray(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working folder holds `nct07343453`, the trial's file with its starting level typed as 50."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert LEVELS in text
    file = tmp_path / "nct07343453"
    file.write_text(text.replace(LEVELS, 'dose_levels_mg_per_kg = ["50", "4", "3"]'), encoding="utf-8")
    (tmp_path / "nct07343453.toml").write_bytes(file.read_bytes())
    monkeypatch.chdir(tmp_path)
    return file


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_an_id_never_reads_a_file_of_that_name(stray: Path) -> None:
    assert load_protocol("nct07343453").regimen.dose_levels_mg_per_kg == (Decimal(5), Decimal(4), Decimal(3))
    assert load_protocol("nct07343453").source == SHIPPED
    assert protocol_file("nct07343453").source == SHIPPED  # the services look it up the same way
    for name in ("./nct07343453", str(stray), "nct07343453.toml", str(SHIPPED)):
        with pytest.raises(ProtocolError, match="no protocol named"):
            load_protocol(name)


def test_dose_in_a_folder_with_a_stray_file_is_the_shipped_dose(
    stray: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "dose", "--weight-kg", "70", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["mg_per_kg"], data["final_mg"]) == ("5", "350")
    assert data["protocol"] == {
        "id": "nct07343453",
        "version": "1.0",
        "fingerprint": hashlib.sha256(SHIPPED.read_bytes()).hexdigest(),
        "file": str(SHIPPED),
        "shipped": True,
        "differs_from_shipped": False,
    }


def test_advise_in_a_folder_with_a_stray_file_resumes_at_a_shipped_level(
    stray: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "advise", "--toxicity", "neutropenia", "--grade", "4", "--level", "5", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["resume_mg_per_kg"] == "4" and data["protocol"]["shipped"] is True
    code, _, err = run(capsys, "advise", "--toxicity", "neutropenia", "--grade", "3", "--level", "50")
    assert code == 2 and "50 mg/kg is not a dose level" in err


def test_a_file_given_as_a_file_is_used_and_said_to_differ(
    stray: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "dose", "--weight-kg", "70", "--protocol-file", "nct07343453", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["mg_per_kg"], data["final_mg"]) == ("50", "3500")
    identity = data["protocol"]
    assert (identity["id"], identity["version"]) == ("nct07343453", "1.0")
    assert identity["fingerprint"] == hashlib.sha256(stray.read_bytes()).hexdigest()
    assert identity["shipped"] is False and identity["differs_from_shipped"] is True
    assert identity["file"].endswith("nct07343453")

    code, out, _ = run(capsys, "dose", "--weight-kg", "70", "--protocol-file", str(stray))
    first = out.splitlines()[0]
    assert code == 0 and "DIFFERS from the shipped nct07343453 version 1.0" in first, first
    assert "it is not that version" in first

    code, out, _ = run(capsys, "advise", "--protocol-file", str(stray), "--toxicity", "neutropenia")
    assert code == 2  # --grade and --level are still required
    code, out, _ = run(
        capsys,
        "advise",
        "--protocol-file",
        str(stray),
        "--toxicity",
        "neutropenia",
        "--grade",
        "3",
        "--level",
        "50",
    )
    assert code == 0 and out.splitlines()[0].startswith("Protocol file ") and "DIFFERS" in out


def test_the_shipped_file_given_as_a_file_is_the_shipped_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "dose", "--weight-kg", "70", "--protocol-file", str(SHIPPED), "--json")
    assert code == 0 and json.loads(out)["protocol"]["shipped"] is True
    assert shipped_match(load_protocol_file(SHIPPED)) == "shipped"


def test_another_version_of_a_shipped_protocol_is_not_passed_off(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace('version = "1.0"', 'version = "1.1"', 1)
    file = tmp_path / "next.toml"
    file.write_text(text, encoding="utf-8")
    assert shipped_match(load_protocol_file(file)) == "not shipped"


def test_a_path_given_as_an_id_is_refused_with_the_way_to_give_a_file(
    stray: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("nct07343453.toml", "./nct07343453", str(stray)):
        code, out, err = run(capsys, "dose", "--weight-kg", "70", "--protocol", name)
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and "--protocol-file" in err, err
    code, _, err = run(capsys, "dose", "--weight-kg", "70", "--protocol", "x" * 5000)
    assert code == 2 and err.count("\n") == 1 and len(err) < 300 and "Traceback" not in err
    code, _, err = run(capsys, "dose", "--weight-kg", "70", "--protocol", "a", "--protocol-file", "b")
    assert code == 2 and "not allowed with" in err


def test_protocol_check_takes_a_file_as_a_file_and_names_its_identity(
    stray: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "protocol", "check", "nct07343453")
    assert code == 0 and "DIFFERS from the shipped nct07343453 version 1.0" in out
    code, out, _ = run(capsys, "protocol", "check", "--protocol", "nct07343453", "--json")
    assert code == 0 and json.loads(out)["shipped"] is True
    code, _, err = run(capsys, "protocol", "check", "missing.toml")
    assert code == 2 and "no such file" in err and err.count("\n") == 1


def test_schedule_uses_the_shipped_protocol_unless_given_a_file(
    stray: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history = tmp_path / "history.json"
    history.write_text(json.dumps({"protocol": "nct07343453", "c1d1": "2026-01-05"}), encoding="utf-8")
    code, _, _ = run(capsys, "schedule", "--history", str(history), "--as-of", "2026-01-06", "--json")
    assert code == 0
    code, _, _ = run(
        capsys, "schedule", "--history", str(history), "--protocol-file", str(stray), "--as-of", "2026-01-06"
    )
    assert code == 0
    other = protocols_dir() / "sacituzumab-govitecan.toml"
    code, _, err = run(capsys, "schedule", "--history", str(history), "--protocol-file", str(other))
    assert code == 2 and "is protocol sacituzumab-govitecan" in err


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\xef\xbb\xbf" + SHIPPED.read_bytes(), None),  # a byte-order mark is not an error
        (b"a = " + b"[" * 5000 + b"]" * 5000, "not valid TOML"),
        (b"a = 1" + b"0" * 5000, "not valid TOML"),
        (
            SHIPPED.read_bytes().replace(b'vial_strength_mg = "200"', b'vial_strength_mg = "1e999999999"'),
            "plausible",
        ),
        (
            SHIPPED.read_bytes().replace(b"cycle_length_days = 28", b"cycle_length_days = 99999999999"),
            "at most",
        ),
        (SHIPPED.read_bytes().replace(b'id = "nct07343453"', b'id = "../../etc"'), "letters, digits"),
    ],
)
def test_odd_protocol_files_are_one_sentence(
    tmp_path: Path, content: bytes, words: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "odd.toml"
    file.write_bytes(content)
    code, out, err = run(capsys, "protocol", "check", str(file))
    if words is None:
        assert code == 0 and out.startswith("OK: nct07343453")
    else:
        assert code == 2 and words in err and err.count("\n") == 1, err


def test_a_protocol_file_that_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(ProtocolError, match="it is not a file"):
        load_protocol_file(tmp_path)
    with pytest.raises(ProtocolError, match="not a file"):
        load_protocol_file(Path("/dev/zero"))
    with pytest.raises(ProtocolError, match="cannot be read"):
        load_protocol_file(tmp_path / ("x" * 5000))
    with pytest.raises(ProtocolError, match="no such file"):
        load_protocol_file(tmp_path / "missing.toml")
