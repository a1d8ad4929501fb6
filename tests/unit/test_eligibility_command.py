"""`dosedesk eligibility --screening FILE [--json]`: a screening record in, each criterion's verdict out; bad
input is one line on stderr and exit status 2, never a traceback."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.cli import main

ATTESTED = {
    key: True
    for key in [
        "I1",
        "I2",
        "I3",
        "I4",
        "I7",
        "I10.contraception",
        "E1",
        "E2",
        "E3",
        "E4",
        "E5",
        "E6.cardiac_history",
        "E7",
        "E8",
        "E9",
        "E10",
        "E11",
        "E12",
        "E13",
        "E14",
        "E15",
        "E16",
        "E17.planned",
    ]
}
SCREENING: dict[str, Any] = {
    "protocol": "nct07343453",
    "sex": "female",
    "birth_date": "1970-05-02",
    "consent_date": "2026-03-01",
    "first_dose_date": "2026-03-10",
    "weight_kg": "61.5",
    "childbearing_potential": True,
    "liver_metastases": False,
    "ecog": 1,
    "labs": [
        {"lab": "neutrophils", "value": "1.8", "unit": "10^9/L", "date": "2026-03-05"},
        {"lab": "platelets", "value": 180, "date": "2026-03-05"},
        {"lab": "hemoglobin", "value": 12.1, "unit": "g/dL", "date": "2026-03-05"},
        {"lab": "creatinine", "value": 70, "unit": "µmol/L", "uln": 90, "date": "2026-03-05"},
        {"lab": "ast", "value": 32, "unit": "U/L", "uln": 40, "date": "2026-03-05"},
        {"lab": "alt", "value": 28, "unit": "U/L", "uln": 40, "date": "2026-03-05"},
        {"lab": "bilirubin", "value": 12, "unit": "µmol/L", "uln": 21, "date": "2026-03-05"},
        {"lab": "albumin", "value": 38, "unit": "g/L", "date": "2026-03-05"},
        {"lab": "inr", "value": 1.0, "uln": 1.2, "date": "2026-03-05"},
        {"lab": "aptt", "value": 31, "unit": "s", "uln": 40, "date": "2026-03-05"},
        {"lab": "urine_protein", "value": "±", "date": "2026-03-05"},
    ],
    "ecg": {"date": "2026-03-04", "qt_ms": 410, "heart_rate_bpm": 72},
    "lvef": {"date": "2026-03-03", "percent": 62},
    "pregnancy_test": {"date": "2026-03-08", "kind": "urine", "result": "negative"},
    "last_live_vaccine_date": None,
    "attested": ATTESTED,
}


def run(tmp_path: Path, data: Any, *flags: str, raw: str | bytes | None = None) -> int:
    file = tmp_path / "screening.json"
    if raw is None:
        file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    elif isinstance(raw, bytes):
        file.write_bytes(raw)
    else:
        file.write_text(raw, encoding="utf-8")
    return main(["eligibility", "--screening", str(file), *flags])


def output(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: Any) -> dict[str, Any]:
    assert run(tmp_path, data, "--json") == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


def changed(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(SCREENING)
    data.update(changes)
    return data


def with_labs(*entries: dict[str, Any]) -> dict[str, Any]:
    names = {e["lab"] for e in entries}
    return changed(labs=[e for e in SCREENING["labs"] if e["lab"] not in names] + list(entries))


def test_an_eligible_subject_is_eligible_with_every_criterion_in_the_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = output(tmp_path, capsys, SCREENING)
    assert result["eligible"] is True
    assert result["not_met"] == [] and result["missing"] == []
    assert result["qtcf_ms"] == 436  # QT 410 ms at 72 bpm: RR 0.833 s
    assert result["crcl_ml_per_min"] == "77.9"
    criteria = {c["id"]: c for c in result["criteria"]}
    assert len(criteria) == 41
    assert set(criteria["I8.neutrophils"]) >= {"id", "status", "value", "limit", "why"}
    assert criteria["I8.neutrophils"] == {
        "id": "I8.neutrophils",
        "text": "Neutrophils ≥ 1.5 ×10⁹/L",
        "kind": "measurable",
        "status": "met",
        "value": "1.8 ×10⁹/L",
        "limit": "≥ 1.5 ×10⁹/L",
        "date": "2026-03-05",
        "why": "1.8 ×10⁹/L on 2026-03-05 is ≥ 1.5 ×10⁹/L",
        "unconfirmed": True,
    }
    assert criteria["I8.hemoglobin"]["why"] == "121 g/L (12.1 g/dL) on 2026-03-05 is > 90 g/L"
    assert criteria["I11"]["status"] == "not_applicable"


def test_a_subject_not_meeting_a_criterion_is_not_eligible_and_it_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = with_labs({"lab": "neutrophils", "value": "1.4", "unit": "10^9/L", "date": "2026-03-05"})
    data["ecg"] = {"date": "2026-03-04", "qt_ms": 470, "rr_ms": 1000}
    result = output(tmp_path, capsys, data)
    assert result["eligible"] is False
    assert result["not_met"] == ["I8.neutrophils", "E6.qtcf"]
    assert result["qtcf_ms"] == 470


def test_what_is_not_there_yet_leaves_eligibility_undecided(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = changed(pregnancy_test={"date": "2026-03-06", "kind": "urine", "result": "negative"})  # 4 days
    del data["attested"]["E9"]
    result = output(tmp_path, capsys, data)
    assert result["eligible"] is None
    assert result["missing"] == ["I10.pregnancy_test", "E9"]


def test_only_the_protocol_and_the_first_dose_are_needed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = '\ufeff{"protocol": "nct07343453", "first_dose_date": "2026-03-10"}'  # with a byte-order mark
    assert run(tmp_path, None, "--json", raw=raw) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["eligible"] is None
    assert result["qtcf_ms"] is None and result["crcl_ml_per_min"] is None
    assert "I1" in result["missing"] and "E17.recent" in result["missing"]


def test_lists_of_ecgs_and_dipstick_spellings_are_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = with_labs({"lab": "urine_protein", "value": "++", "date": "2026-03-05"})
    data["ecg"] = [
        {"date": "2026-02-01", "qt_ms": 500, "rr_ms": 1000},  # too old to count
        {"date": "2026-03-04", "qt_ms": 400, "rr_ms": 1000},
    ]
    result = output(tmp_path, capsys, data)
    criteria = {c["id"]: c for c in result["criteria"]}
    assert criteria["E6.qtcf"]["status"] == "met" and result["qtcf_ms"] == 400
    assert criteria["I8.urine_protein"]["value"] == "2+"
    assert criteria["I8.urine_protein"]["status"] == "missing"


def test_without_json_it_prints_a_readable_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path, with_labs({"lab": "platelets", "value": 99, "date": "2026-03-05"})) == 0
    out = capsys.readouterr().out
    assert out.startswith("Eligibility under protocol nct07343453 1.0, first dose 2026-03-10: NOT ELIGIBLE")
    assert "Not met: I8.platelets" in out
    assert "QTcF 436 ms · CrCl 77.9 mL/min (Cockcroft–Gault)" in out
    assert "99 ×10⁹/L on 2026-03-05 is not ≥ 100 ×10⁹/L" in out
    assert "I8.neutrophils*" in out and "unconfirmed in the protocol file" in out


def test_a_protocol_without_eligibility_says_it_is_not_defined(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path, changed(protocol="sacituzumab-govitecan")) == 2
    err = capsys.readouterr().err
    assert err == "dosedesk: eligibility is not defined for this protocol (sacituzumab-govitecan)\n"


def _nested(depth: int) -> str:
    return (
        '{"protocol": "nct07343453", "first_dose_date": "2026-03-10", "labs": '
        + "[" * depth
        + "]" * depth
        + "}"
    )


@pytest.mark.parametrize(
    ("data", "raw", "said"),
    [
        ({"first_dose_date": "2026-03-10"}, None, 'needs "protocol"'),
        ({"protocol": "nct07343453"}, None, 'needs "first_dose_date"'),
        (
            changed(protocol="resources/protocols/nct07343453.toml"),
            None,
            '"protocol" must name a shipped protocol',
        ),
        (changed(protocol="/etc/passwd"), None, '"protocol" must name a shipped protocol'),
        (changed(first_dose_date="2026-02-30"), None, "must be a date like 2026-03-10"),
        (changed(first_dose_date="2201-01-01"), None, "is not a plausible date (1900-01-01 to 2200-12-31)"),
        (changed(birth_date="1899-12-31"), None, "is not a plausible date"),
        (changed(sex="f"), None, '"sex" must be "female" or "male"'),
        (changed(ecog=7), None, '"ecog" must be a whole number from 0 to 5'),
        (changed(ecog=True), None, '"ecog" must be a whole number from 0 to 5'),
        (changed(weight_kg="heavy"), None, '"weight_kg" must be a number'),
        (changed(weight_kg="1e400"), None, "is not a plausible number"),
        (changed(weight_kg=-3), None, "a weight of -3 kg is impossible"),
        (changed(liver_metastases="no"), None, '"liver_metastases" must be true, false or null'),
        (changed(unknown_field=1), None, "has 'unknown_field', which is not one of"),
        (with_labs({"lab": "sodium", "value": 140, "date": "2026-03-05"}), None, "'sodium' is not a lab"),
        (
            with_labs({"lab": "albumin", "value": 38, "unit": "mol", "date": "2026-03-05"}),
            None,
            "'mol' is not a unit DoseDesk accepts for serum albumin",
        ),
        (with_labs({"lab": "platelets", "value": 180}), None, '"labs" entry 11 needs "date"'),
        (with_labs({"lab": "platelets", "value": "NaN", "date": "2026-03-05"}), None, "must be a number"),
        (
            with_labs({"lab": "platelets", "value": 50000, "date": "2026-03-05"}),
            None,
            "a platelet count of 50,000 10^9/L is impossible",
        ),
        (
            with_labs({"lab": "urine_protein", "value": "5+", "date": "2026-03-05"}),
            None,
            "must be one of -, ±, 1+",
        ),
        (
            with_labs({"lab": "urine_protein", "value": "1+", "unit": "g/L", "date": "2026-03-05"}),
            None,
            "is a dipstick reading: it has no 'unit'",
        ),
        (changed(ecg={"date": "2026-03-04", "qt_ms": 410}), None, 'needs "heart_rate_bpm" or "rr_ms"'),
        (
            changed(ecg={"date": "2026-03-04", "qt_ms": 41000, "rr_ms": 1000}),
            None,
            "a QT interval of 41,000 ms",
        ),
        (changed(lvef={"date": "2026-03-03", "percent": 140}), None, "an LVEF of 140 % is impossible"),
        (
            changed(pregnancy_test={"date": "2026-03-08", "kind": "saliva", "result": "negative"}),
            None,
            'must be "urine" or "serum"',
        ),
        (changed(last_live_vaccine_date="last spring"), None, "must be a date like"),
        (changed(attested={**ATTESTED, "I8.neutrophils": True}), None, "cannot be attested"),
        (changed(attested={**ATTESTED, "E1": "yes"}), None, "must be true or false"),
        (changed(attested={**ATTESTED, "E99": True}), None, "there is no criterion E99"),
        (changed(birth_date="2026-03-02"), None, "is before the birth date"),
        (None, "{not json", "is not valid JSON (line 1"),
        (None, '{"protocol": "nct07343453", "first_dose_date": "2026-03-10", "weight_kg": NaN}', "holds NaN"),
        (None, '{"protocol": "nct07343453", "protocol": "x", "first_dose_date": "2026-03-10"}', "twice"),
        (None, _nested(100_000), "nested too deeply"),
        (None, "[]", "must be an object"),
        (
            None,
            '{"protocol": "nct07343453", "first_dose_date": "2026-03-10", "ecog": 1' + "0" * 5000 + "}",
            "too long",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: Any, raw: str | None, said: str
) -> None:
    assert run(tmp_path, data, "--json", raw=raw) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("dosedesk: ") and captured.err.count("\n") == 1, captured.err
    assert said in captured.err
    assert "Traceback" not in captured.err
    assert "1970-05-02" not in captured.err  # the birth date never shows


def test_a_huge_or_binary_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path, None, raw=b'{"x": "' + b"a" * 1_100_000 + b'"}') == 2
    assert "is larger than 1000 kB" in capsys.readouterr().err
    assert run(tmp_path, None, raw=b"\xff\xfe{\x00}\x00") == 2
    assert "is not UTF-8 text" in capsys.readouterr().err
    assert main(["eligibility", "--screening", str(tmp_path / "none.json")]) == 2
    assert "Cannot read the screening file" in capsys.readouterr().err


def test_the_installed_program_runs_the_command(tmp_path: Path) -> None:
    program = Path(sys.executable).parent / "dosedesk"
    file = tmp_path / "screening.json"
    file.write_text(json.dumps(SCREENING), encoding="utf-8")
    done = subprocess.run(
        [str(program), "eligibility", "--screening", str(file), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["eligible"] is True
    file.write_text(json.dumps(changed(ecog=9)), encoding="utf-8")
    bad = subprocess.run(
        [str(program), "eligibility", "--screening", str(file)], capture_output=True, text=True, timeout=120
    )
    assert bad.returncode == 2
    assert bad.stderr == 'dosedesk: "ecog" must be a whole number from 0 to 5, not 9.\n'


@pytest.mark.parametrize("path", ["\x00", "screening\x00.json", "\u202escreening.json"])
def test_a_file_name_with_a_control_character_is_one_line_and_exit_2(
    path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by the command-line fuzz: a NUL in the file name was an unexpected error (exit 70)."""
    with pytest.raises(SystemExit) as stopped:  # argparse refuses it, as it does any bad argument
        main(["eligibility", "--screening", path])
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "The screening file" in error and "Traceback" not in error
