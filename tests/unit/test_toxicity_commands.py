"""`dosedesk advise` and `dosedesk grade` through app.cli.main."""

from __future__ import annotations

import json

import pytest

from app.cli import main


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main([*args, "--json"]) == 0
    out = capsys.readouterr()
    assert out.err == ""
    data = json.loads(out.out)
    assert isinstance(data, dict)
    return data


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as exited:
        code = main(list(args))
        raise SystemExit(code)
    assert exited.value.code == 2
    out = capsys.readouterr()
    assert out.out == ""
    lines = out.err.strip().splitlines()
    assert len(lines) == 1, out.err
    assert "Traceback" not in out.err
    return lines[0]


def test_advise_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(
        capsys,
        "advise",
        "--protocol",
        "nct07343453",
        "--toxicity",
        "neutropenia",
        "--grade",
        "4",
        "--level",
        "5",
    )
    assert data["action"] == "hold"
    assert data["hold_until_grade"] == 1
    assert data["resume_mg_per_kg"] == "4"
    assert data["rule"] == "Neutropenia grade 4: hold until ≤ grade 1, resume one level lower"
    assert data["reduce"] is True
    assert data["rules_unconfirmed"] is True


def test_advise_recurrence_and_discontinuation(capsys: pytest.CaptureFixture[str]) -> None:
    again = run_json(
        capsys, "advise", "--toxicity", "neutropenia", "--grade", "3", "--level", "5", "--occurrence", "2"
    )
    assert (again["action"], again["resume_mg_per_kg"]) == ("hold", "4")
    lowest = run_json(capsys, "advise", "--toxicity", "neutropenia", "--grade", "4", "--level", "3")
    assert lowest["action"] == "discontinue"
    assert lowest["resume_mg_per_kg"] is None
    assert lowest["hold_until_grade"] is None
    nothing = run_json(capsys, "advise", "--toxicity", "Fatigue", "--grade", "1", "--level", "4")
    assert (nothing["action"], nothing["resume_mg_per_kg"], nothing["rule"]) == ("continue", "4", None)


def test_advise_second_regimen(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(
        capsys,
        "advise",
        "--protocol",
        "sacituzumab-govitecan",
        "--toxicity",
        "neutropenia",
        "--grade",
        "4",
        "--level",
        "7.5",
    )
    assert data["resume_mg_per_kg"] == "5"


def test_advise_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["advise", "--toxicity", "Mucositis oral", "--grade", "2", "--level", "5"]) == 0
    out = capsys.readouterr().out
    assert "Proposed: hold" in out
    assert "Resume at: 5 mg/kg" in out
    assert "Rule: Stomatitis/mucositis grade 2" in out


def test_advise_readable_hold_until_resolved(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["advise", "--toxicity", "pneumonitis", "--grade", "1", "--level", "5"]) == 0
    out = capsys.readouterr().out
    assert "Hold until resolved (grade 0)" in out
    assert "≤ 0" not in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--toxicity", "neutropenia", "--grade", "7", "--level", "5"], "grades run from 1 to 5"),
        (["--toxicity", "neutropenia", "--grade", "three", "--level", "5"], "invalid int value"),
        (["--toxicity", "neutropenia", "--grade", "3", "--level", "4.5"], "not a dose level"),
        (["--toxicity", "neutropenia", "--grade", "3", "--level", "five"], "must be a number"),
        (["--toxicity", "bad thing", "--grade", "3", "--level", "5"], "neither a CTCAE v5.0 term"),
        (["--toxicity", "neutropenia", "--grade", "3", "--level", "5", "--occurrence", "0"], "occurrence"),
        (["--protocol", "nope", "--toxicity", "neutropenia", "--grade", "3", "--level", "5"], "no protocol"),
        (["--grade", "3", "--level", "5"], "--toxicity"),
    ],
)
def test_advise_bad_input(capsys: pytest.CaptureFixture[str], args: list[str], words: str) -> None:
    assert words in refused(capsys, "advise", *args)


def test_grade_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "grade", "--lab", "neutrophils", "--value", "0.4", "--unit", "10^9/L")
    assert (data["term"], data["grade"], data["meddra_code"]) == ("Neutrophil count decreased", 4, "10029366")
    data = run_json(
        capsys, "grade", "--lab", "neutrophils", "--value", "1500", "--unit", "cells/µL", "--lln", "1800"
    )
    assert data["grade"] == 1 and data["value_si"] == "1.5"
    data = run_json(capsys, "grade", "--lab", "alt", "--value", "105", "--unit", "U/L", "--uln", "35")
    assert (data["term"], data["grade"]) == ("Alanine aminotransferase increased", 1)
    data = run_json(capsys, "grade", "--lab", "alt", "--value", "90", "--uln", "40", "--baseline", "60")
    assert data["grade"] == 1 and data["unit"] == "U/L"  # SI by default
    data = run_json(capsys, "grade", "--lab", "hemoglobin", "--value", "7.9", "--unit", "g/dL")
    assert (data["term"], data["grade"], data["meddra_code"]) == ("Anemia", 3, "10002272")
    data = run_json(
        capsys, "grade", "--lab", "creatinine", "--value", "1.3", "--unit", "mg/dL", "--uln", "1.2"
    )
    assert (data["term"], data["grade"]) == ("Creatinine increased", 1)
    data = run_json(capsys, "grade", "--lab", "platelets", "--value", "250", "--lln", "150")
    assert data["grade"] == 0 and data["definition"] is None


def test_grade_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", "--lab", "platelets", "--value", "74000", "--unit", "/mm³"]) == 0
    out = capsys.readouterr().out
    assert "Platelet count decreased (MedDRA 10035528): grade 2" in out
    assert "74 ×10⁹/L" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--lab", "neutrophils", "--value", "1.6"], "lower limit of normal"),
        (["--lab", "alt", "--value", "50"], "upper limit of normal"),
        (["--lab", "neutrophils", "--value", "1.2", "--unit", "furlongs"], "not a unit"),
        (["--lab", "neutrophils", "--value", "-1"], "negative"),
        (["--lab", "platelets", "--value", "150000"], "impossible"),
        (["--lab", "neutrophils", "--value", "abc"], "must be a number"),
        (["--lab", "neutrophils", "--value", "1.2", "--lln", "x"], "must be a number"),
        (["--lab", "glucose", "--value", "5"], "invalid choice"),
        (["--lab", "alt", "--value", "50", "--lln", "40", "--uln", "10"], "upside down"),
    ],
)
def test_grade_bad_input(capsys: pytest.CaptureFixture[str], args: list[str], words: str) -> None:
    assert words in refused(capsys, "grade", *args)


@pytest.mark.parametrize(("level", "shown"), [("6.0", "6 mg/kg"), ("1E1", "10 mg/kg"), ("4.50", "4.5 mg/kg")])
def test_advise_names_a_wrong_level_the_ismp_way(
    capsys: pytest.CaptureFixture[str], level: str, shown: str
) -> None:
    """A refused level is printed like every other dose: no trailing zero, no exponent."""
    line = refused(capsys, "advise", "--toxicity", "neutropenia", "--grade", "3", "--level", level)
    assert line.startswith(f"dosedesk: {shown} is not a dose level"), line
