"""`dosedesk list patients|visits|orders --json` on SQLite and PostgreSQL: a JSON list of objects with their ids."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from app.services.database import Database

from ._services import World


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_as_json(database: Database, database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    world = World.build(database).at(date(2026, 3, 2))
    first = world.enrol("001-001", c1d1=date(2026, 3, 4))
    world.enrol("001-002", c1d1=date(2026, 3, 5), initials="ZQ")
    world.at(date(2026, 3, 4))
    given = world.give_dose(first, "C1D1")
    world.weigh(first, "61")

    code, out, _ = _run(capsys, "list", "patients", "--database", database_url, "--json")
    patients = json.loads(out)
    assert code == 0
    assert [(p["subject"], p["status"], p["cycle"]) for p in patients] == [
        ("001-001", "on_treatment", 1),
        ("001-002", "screening", None),
    ]
    assert all(isinstance(p["id"], int) for p in patients) and patients[0]["dose_level_mg_per_kg"] == "5"

    code, out, _ = _run(capsys, "list", "orders", "--database", database_url, "--json")
    orders = json.loads(out)
    assert [(o["id"], o["subject"], o["status"], o["final_dose_mg"]) for o in orders] == [
        (given.id, "001-001", "administered", "306")
    ]

    code, out, _ = _run(capsys, "--database", database_url, "list", "visits", "--json")
    visits = json.loads(out)
    assert code == 0 and {v["subject"] for v in visits} == {"001-001", "001-002"}
    c1d1 = next(v for v in visits if v["subject"] == "001-001" and v["label"] == "C1D1")
    assert (c1d1["status"], c1d1["actual"]) == ("done", "2026-03-04")
    assert len({v["id"] for v in visits}) == len(visits)

    code, out, _ = _run(capsys, "list", "patients", "--database", database_url)
    assert code == 0 and "001-001" in out and "5 mg/kg" in out and not out.lstrip().startswith("[")


def test_list_refuses_a_missing_database_and_an_unknown_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.sqlite3"
    code, out, err = _run(capsys, "list", "patients", "--database", str(missing), "--json")
    assert (code, out) == (2, "") and "no DoseDesk database" in err and err.count("\n") == 1
    assert not missing.exists()
    with pytest.raises(SystemExit) as exit_info:
        main(["list", "lots", "--json"])
    assert exit_info.value.code == 2
