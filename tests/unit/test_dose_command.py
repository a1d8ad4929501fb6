"""`dosedesk dose` through `app.cli.main`: JSON, readable lines, and one-line refusals with exit status 2."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from app.cli import main


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["dose", *args, "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    data: dict[str, Any] = json.loads(captured.out)
    return data


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["dose", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


def test_worked_example_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "--protocol", "nct07343453", "--weight-kg", "71.3")
    assert {
        k: data[k] for k in ("mg_per_kg", "calculated_mg", "final_mg", "withdraw_ml", "vials", "waste_mg")
    } == {
        "mg_per_kg": "5",
        "calculated_mg": "356.5",
        "final_mg": "356",
        "withdraw_ml": "17.8",
        "vials": "2",
        "waste_mg": "44",
    }
    assert data["final_concentration_mg_per_ml"] == "3.022"
    assert data["final_volume_ml"] == "117.8"
    assert data["warnings"] == []
    assert data["needs_acknowledgement"] is False
    assert "product" in data["unconfirmed"]


def test_level_defaults_to_the_starting_level_and_can_be_given(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(capsys, "--weight-kg", "71.3")["mg_per_kg"] == "5"
    data = run_json(capsys, "--weight-kg", "71.3", "--level", "4")
    assert (data["mg_per_kg"], data["calculated_mg"], data["withdraw_ml"], data["final_mg"]) == (
        "4",
        "285.2",
        "14.3",
        "286",
    )


def test_weight_change_warnings_are_messages(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "--weight-kg", "71.3", "--baseline-kg", "80", "--previous-kg", "72")
    assert len(data["warnings"]) == 1
    assert "-10.9% from the baseline weight 80 kg" in data["warnings"][0]
    assert data["warning_codes"] == ["weight_change_from_baseline"]
    assert data["needs_acknowledgement"] is True


def test_second_regimen(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "--protocol", "sacituzumab-govitecan", "--weight-kg", "71.3")
    assert (data["mg_per_kg"], data["final_mg"], data["vials"], data["waste_mg"]) == ("10", "713", "4", "7")
    assert data["final_concentration_mg_per_ml"] == "2.219"
    low = run_json(capsys, "--protocol", "sacituzumab-govitecan", "--weight-kg", "30", "--level", "5")
    assert low["warning_codes"] == ["weight_below_soft_min", "final_concentration_below_min"]


def test_dates_are_checked(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "--weight-kg", "71.3", "--weight-date", "2026-01-05", "--dose-date", "2026-01-08")
    assert (data["weight_date"], data["dose_date"]) == ("2026-01-05", "2026-01-08")
    line = refused(capsys, "--weight-kg", "71.3", "--weight-date", "2026-01-04", "--dose-date", "2026-01-08")
    assert "no more than 3 days" in line


def test_weight_date_alone_is_checked_against_today(capsys: pytest.CaptureFixture[str]) -> None:
    today = date.today()
    data = run_json(capsys, "--weight-kg", "71.3", "--weight-date", today.isoformat())
    assert data["dose_date"] == today.isoformat()
    old = (today - timedelta(days=10)).isoformat()
    assert "10 days before the dose" in refused(capsys, "--weight-kg", "71.3", "--weight-date", old)


def test_readable_output_goes_through_the_formatter(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dose", "--weight-kg", "71.3", "--baseline-kg", "80"]) == 0
    out = capsys.readouterr().out
    assert "Dose level: 5 mg/kg" in out
    assert "Calculated dose: 356.5 mg" in out
    assert "Volume to draw: 17.8 mL of 20 mg/mL" in out
    assert "Final dose: 356 mg" in out
    assert "Vials: 2 × 200 mg" in out
    assert "Waste: 44 mg" in out
    assert "final concentration 3.022 mg/mL" in out
    assert "-10.9% from the baseline weight 80 kg" in out
    assert "356.0" not in out and "44.0" not in out


@pytest.mark.parametrize(
    ("args", "fault"),
    [
        (["--weight-kg", "abc"], "must be a number"),
        (["--weight-kg", "NaN"], "must be a number"),
        (["--weight-kg", "71.3", "--level", "five"], "dose level"),
        (["--weight-kg", "71.3", "--baseline-kg", "8o"], "baseline weight"),
        (["--weight-kg", "24.9"], "below 25 kg"),
        (["--weight-kg", "250.1"], "above 250 kg"),
        (["--weight-kg", "0"], "more than 0 kg"),
        (["--weight-kg", "71.3", "--level", "4.5"], "not a dose level"),
        (["--weight-kg", "71.3", "--protocol", "no-such-trial"], "no protocol named"),
        (["--weight-kg", "71.3", "--weight-date", "5 Jan"], "date like"),
        (["--weight-kg", "71.3", "--dose-date", "2026-01-08"], "--weight-date"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], fault: str
) -> None:
    assert fault in refused(capsys, *args, "--json")


def test_second_regimen_names_its_site_default_bag_as_unconfirmed(capsys: pytest.CaptureFixture[str]) -> None:
    """The label gives the final concentration (1.1-3.4 mg/mL), not the 250 mL bag: that is a site default."""
    assert (
        main(["dose", "--protocol", "sacituzumab-govitecan", "--weight-kg", "70", "--level", "10", "--json"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert "preparation.bag_volume_ml" in data["unconfirmed"]
    assert "preparation.concentration_mg_per_ml" not in data["unconfirmed"]  # 10 mg/mL is the label's
