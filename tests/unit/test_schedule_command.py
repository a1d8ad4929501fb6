"""`dosedesk schedule`: a history file in, the calendar out as JSON; bad input is one line and exit 2."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.cli import main

HISTORY: dict[str, Any] = {
    "protocol": "nct07343453",
    "country": "CN",
    "c1d1": "2026-01-05",
    "doses": [
        {"visit": "C1D1", "date": "2026-01-05", "mg_per_kg": "5"},
        {"visit": "C1D15", "date": "2026-01-19", "mg_per_kg": "5"},
        {"visit": "C2D1", "date": "2026-02-02", "mg_per_kg": "5"},
    ],
    "omitted": ["C2D15"],
}
KEYS = {
    "label",
    "kind",
    "cycle",
    "day",
    "target",
    "window_start",
    "window_end",
    "suggested",
    "booked",
    "actual",
    "status",
    "warnings",
}


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: Any, *args: str) -> tuple[int, str, str]:
    file = tmp_path / "history.json"
    file.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    code = main(["schedule", "--history", str(file), *args])
    out, err = capsys.readouterr()
    return code, out, err


def by_label(out: str) -> dict[str, dict[str, Any]]:
    visits = json.loads(out)["visits"]
    return {v["label"]: v for v in visits}


def test_the_calendar_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        tmp_path, capsys, HISTORY, "--as-of", "2026-02-03", "--until", "2026-04-30", "--json"
    )
    assert (code, err) == (0, "")
    visits = json.loads(out)["visits"]
    assert all(set(v) == KEYS for v in visits)
    got = {v["label"]: v for v in visits}
    assert got["C1D1"]["status"] == "done" and got["C1D1"]["actual"] == "2026-01-05"
    assert got["C2D15"]["status"] == "omitted"
    assert got["C2D15"]["suggested"] is None
    c3d1 = got["C3D1"]
    assert (c3d1["kind"], c3d1["cycle"], c3d1["day"], c3d1["status"]) == ("dose", 3, 1, "planned")
    assert (c3d1["target"], c3d1["window_start"], c3d1["window_end"]) == (
        "2026-03-02",
        "2026-02-27",
        "2026-03-05",
    )
    assert c3d1["suggested"] == "2026-03-02" and c3d1["actual"] is None and c3d1["warnings"] == []
    assert got["TA1"]["kind"] == "tumour_assessment" and got["TA1"]["target"] == "2026-02-16"
    assert got["SCR"]["kind"] == "screening"
    assert max(v["target"] for v in visits if v["status"] == "planned") <= "2026-04-30"
    assert [v["label"] for v in visits][:3] == ["SCR", "C1D1", "C1D15"]


def test_warnings_are_plain_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    held = dict(HISTORY, doses=HISTORY["doses"][:2], omitted=[])
    code, out, _ = run(tmp_path, capsys, held, "--as-of", "2026-02-25", "--json")
    assert code == 0
    warnings = by_label(out)["C2D1"]["warnings"]
    assert len(warnings) == 2
    assert all(isinstance(w, str) for w in warnings)
    assert any("23 days past its target 2026-02-02 (Mon)" in w for w in warnings)


def test_booked_assessments_done_and_off_treatment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = dict(
        HISTORY,
        booked=[{"visit": "EOT", "date": "2026-02-13"}],
        assessments=[{"visit": "TA1", "date": "2026-02-13"}],
        visits_done=[{"visit": "SCR", "date": "2025-12-20"}],
        off_treatment={"date": "2026-02-13", "reason": "progression"},
        follow_up_end={"date": "2026-11-15", "reason": "withdrawal of consent"},
    )
    code, out, err = run(tmp_path, capsys, data, "--as-of", "2026-02-13", "--until", "2027-12-31", "--json")
    assert (code, err) == (0, "")
    got = by_label(out)
    assert got["TA1"]["status"] == "done" and got["SCR"]["actual"] == "2025-12-20"
    assert got["C2D15"]["status"] == "omitted" and got["C3D1"]["status"] == "cancelled"
    assert got["EOT"]["status"] == "booked" and got["EOT"]["booked"] == "2026-02-13"
    assert got["SFU"]["target"] == "2026-03-04"
    # Every 90 days from the SFU target: 2 June, 31 August; 29 November is after the withdrawal.
    assert (got["OS1"]["target"], got["OS2"]["target"]) == ("2026-06-02", "2026-08-31")
    assert "OS3" not in got


def test_a_held_day_1_in_the_history(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    late = [*HISTORY["doses"][:2], {"visit": "C2D1", "date": "2026-02-12", "mg_per_kg": "5"}]
    held = dict(HISTORY, doses=late, omitted=[], held=["C2D1"])
    code, out, err = run(tmp_path, capsys, held, "--as-of", "2026-02-12", "--json")
    assert (code, err) == (0, "")
    c2d1 = by_label(out)["C2D1"]
    assert (c2d1["target"], c2d1["actual"], c2d1["warnings"]) == ("2026-02-12", "2026-02-12", [])
    assert by_label(out)["C3D1"]["target"] == "2026-03-12"
    code, out, _ = run(tmp_path, capsys, dict(held, held=[]), "--as-of", "2026-02-12", "--json")
    c2d1 = by_label(out)["C2D1"]
    assert c2d1["target"] == "2026-02-02" and len(c2d1["warnings"]) == 1


def test_defaults_are_today_and_six_months_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    today = date.today()
    start = today - timedelta(days=3)
    data = {
        "protocol": "nct07343453",
        "c1d1": start.isoformat(),
        "doses": [{"visit": "C1D1", "date": start.isoformat()}],
    }
    code, out, _ = run(tmp_path, capsys, data, "--json")
    assert code == 0
    visits = json.loads(out)["visits"]
    planned = [date.fromisoformat(v["target"]) for v in visits if v["status"] == "planned"]
    assert max(planned) <= today + timedelta(days=184)
    assert max(planned) > today + timedelta(days=150)


def test_the_second_regimen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = {
        "protocol": "sacituzumab-govitecan",
        "c1d1": "2026-03-02",
        "doses": [{"visit": "C1D1", "date": "2026-03-02", "mg_per_kg": "10"}],
    }
    code, out, _ = run(tmp_path, capsys, data, "--as-of", "2026-03-03", "--until", "2026-04-30", "--json")
    assert code == 0
    got = by_label(out)
    assert got["C1D8"]["target"] == "2026-03-09" and got["C2D1"]["target"] == "2026-03-23"


def test_readable_text_without_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(tmp_path, capsys, HISTORY, "--as-of", "2026-02-03", "--until", "2026-03-10")
    assert code == 0
    assert "C3D1" in out and "planned" in out and "2026-03-02" in out


@pytest.mark.parametrize(
    ("data", "args", "words"),
    [
        ("{not json", (), "not valid JSON"),
        ([], (), "one JSON object"),
        (dict(HISTORY, c1d1="2026-13-05"), (), "2026-13-05"),
        (dict(HISTORY, doses=[{"visit": "C1D8", "date": "2026-01-12"}]), (), "C1D8"),
        (dict(HISTORY, doses=[{"visit": "C1D1", "date": "2026-01-04"}]), (), "before C1D1"),
        (
            dict(
                HISTORY,
                doses=[
                    {"visit": "C1D1", "date": "2026-01-05"},
                    {"visit": "C2D1", "date": "2026-02-02"},
                    {"visit": "C1D15", "date": "2026-02-04"},
                ],
                omitted=[],
            ),
            (),
            "out of order",
        ),
        (dict(HISTORY, doses=[{"visit": "C1D1"}]), (), '"date"'),
        (dict(HISTORY, c1d1="9999-12-31"), (), "9999-12-31"),
        (dict(HISTORY, doses=[{"visit": "C1D1", "date": "2026-01-05", "mg_per_kg": "five"}]), (), "five"),
        (dict(HISTORY, doses=[{"visit": "C1D1", "date": "2026-01-05", "mg_per_kg": -5}]), (), "-5"),
        (dict(HISTORY, doses=[{"visit": "C1D1", "date": "2026-01-05"}] * 2), (), "twice"),
        (dict(HISTORY, omitted="C2D15"), (), "omitted"),
        (dict(HISTORY, held="C2D1"), (), '"held" must be a list'),
        (dict(HISTORY, held=["TA1"]), (), "Unknown held visit 'TA1'"),
        (dict(HISTORY, extra=1), (), "Unknown key 'extra'"),
        ({"c1d1": "2026-01-05"}, (), "protocol"),
        (dict(HISTORY, protocol="nct0000"), (), "nct0000"),
        (dict(HISTORY, country="XX"), (), "XX"),
        (dict(HISTORY, off_treatment={"date": "2026-02-10"}), (), "reason"),
        (dict(HISTORY, assessments=[{"visit": "SFU", "date": "2026-02-10"}]), (), "not a tumour assessment"),
        (HISTORY, ("--as-of", "2026-03-01", "--until", "2026-02-01"), "before --as-of"),
        (HISTORY, ("--as-of", "2026-02-30"), "2026-02-30"),
        (HISTORY, ("--as-of", "9999-12-31"), "9999-12-31"),
        (HISTORY, ("--as-of", "2026-01-20"), "after the as-of date"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: Any, args: tuple[str, ...], words: str
) -> None:
    try:
        code, out, err = run(tmp_path, capsys, data, *args, "--json")
    except SystemExit as exc:  # argparse refuses a malformed option itself
        code = int(exc.code or 0)
        out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and words in err, err
    assert "Traceback" not in err


def test_a_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["schedule", "--history", str(tmp_path / "nope.json"), "--json"])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1 and "Cannot read" in err
