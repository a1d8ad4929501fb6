"""`dosedesk list patients|visits|orders|lots --json` on SQLite and PostgreSQL: a JSON list of objects with their
ids; and `dosedesk print accountability`, the log of a lot."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.cli import main
from app.services import stock
from app.services.database import Database

from ._services import PASSWORD, World
from .test_paper import pdf_text


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
        (given.id, "001-001", "completed", "306")
    ]

    code, out, _ = _run(capsys, "--database", database_url, "list", "visits", "--json")
    visits = json.loads(out)
    assert code == 0 and {v["subject"] for v in visits} == {"001-001", "001-002"}
    c1d1 = next(v for v in visits if v["subject"] == "001-001" and v["label"] == "C1D1")
    assert (c1d1["status"], c1d1["actual"]) == ("done", "2026-03-04")
    assert len({v["id"] for v in visits}) == len(visits)

    code, out, _ = _run(capsys, "list", "patients", "--database", database_url)
    assert code == 0 and "001-001" in out and "5 mg/kg" in out and not out.lstrip().startswith("[")


def test_list_lots_and_print_their_accountability_log(
    database: Database, database_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    world = World.build(database).at(date(2026, 3, 2))
    first = world.enrol("001-001", c1d1=date(2026, 3, 4))
    world.at(date(2026, 3, 4))
    given = world.give_dose(first, "C1D1")  # 306 mg: 2 vials of LOT-A1, 94 mg wasted
    stock.receive_shipment(
        world.uow("pharmacist"),
        reference="SH-2",
        received_on=world.today,
        lots=[stock.LotReceipt("LOT-B7", Decimal("200"), date(2026, 4, 30), 6)],
        protocol_id="nct07343453",
    )
    stock.destroy_vials(world.uow("pharmacist"), "LOT-B7", 1, "vial cracked", PASSWORD)

    code, out, _ = _run(capsys, "list", "lots", "--database", database_url, "--json")
    lots = json.loads(out)
    assert code == 0
    keys = ("lot", "expiry", "received", "dispensed", "returned", "destroyed", "on_hand", "wasted_mg")
    assert [tuple(lot[k] for k in keys) for lot in lots] == [  # first expiry first
        ("LOT-B7", "2026-04-30", 6, 0, 0, 1, 5, "0"),
        ("LOT-A1", "2026-12-29", 200, given.vials, 0, 0, 200 - given.vials, "94"),
    ]
    assert all(isinstance(lot["id"], int) for lot in lots) and len({lot["id"] for lot in lots}) == 2

    code, out, _ = _run(capsys, "list", "lots", "--database", database_url)
    [b7, a1] = out.splitlines()
    assert code == 0 and a1.split()[1] == "LOT-A1" and "dispensed    2" in a1 and "wasted 94 mg" in a1
    assert "destroyed    1" in b7 and "on hand    5" in b7

    out_pdf = tmp_path / "a1.pdf"
    argv = ["print", "accountability", "--lot", "LOT-A1", "--out", str(out_pdf), "--database", database_url]
    assert main(argv) == 0
    text = pdf_text(out_pdf.read_bytes())
    assert "LOT-A1" in text and "SH-LOT-A1" in text and given.order_number in text
    code, _out, err = _run(
        capsys,
        "print",
        "accountability",
        "--lot",
        "NO-LOT",
        "--out",
        str(tmp_path / "x.pdf"),
        "--database",
        database_url,
    )
    assert code == 2 and "no lot NO-LOT" in err and not (tmp_path / "x.pdf").exists()


def test_list_refuses_a_missing_database_and_an_unknown_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.sqlite3"
    code, out, err = _run(capsys, "list", "patients", "--database", str(missing), "--json")
    assert (code, out) == (2, "") and "no DoseDesk database" in err and err.count("\n") == 1
    assert not missing.exists()
    with pytest.raises(SystemExit) as exit_info:
        main(["list", "vials", "--json"])
    assert exit_info.value.code == 2
