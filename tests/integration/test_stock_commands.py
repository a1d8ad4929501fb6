"""`dosedesk stock …` and the JSON of `dosedesk list lots`: every count of every lot, changes by a signed-in
pharmacist (the password from DOSEDESK_PASSWORD), refusals as one line on stderr with exit 2."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from app.cli import main
from app.services.database import Database

from .test_stock_fixtures import PASSWORD, TODAY, people

EXPIRY = TODAY + timedelta(days=400)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_shipment_return_and_destruction_from_the_command_line(
    database: Database, database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    people(database)
    db = ("--database", database_url)
    monkeypatch.setenv("DOSEDESK_PASSWORD", PASSWORD)
    day = TODAY.isoformat()
    status, out, err = run(
        capsys,
        *("stock", "receive", *db, "--user", "wang.fang", "--shipment", "SH-77", "--date", day),
        *("--lot", f"24A117:20:{EXPIRY.isoformat()}", "--lot", f"24B002:6:{EXPIRY.isoformat()}:200"),
    )
    assert (status, err) == (0, ""), err
    assert "24A117" in out and "on hand   20" in out
    assert (
        run(
            capsys,
            "stock",
            "return",
            *db,
            "--user",
            "wang.fang",
            "--lot",
            "24A117",
            "--vials",
            "3",
            "--reason",
            "recall",
            "--reference",
            "RT-1",
        )[0]
        == 0
    )
    assert (
        run(
            capsys,
            "stock",
            "destroy",
            *db,
            "--user",
            "wang.fang",
            "--lot",
            "24A117",
            "--vials",
            "1",
            "--reason",
            "cracked",
        )[0]
        == 0
    )
    assert (
        run(capsys, "stock", "quarantine", *db, "--user", "wang.fang", "--lot", "24B002", "--reason", "x")[0]
        == 0
    )
    status, out, _ = run(capsys, "stock", "list", *db, "--json")
    rows = {row["lot"]: row for row in json.loads(out)}
    assert {
        k: rows["24A117"][k]
        for k in ("received", "dispensed", "returned", "destroyed", "on_hand", "wasted_mg")
    } == {"received": 20, "dispensed": 0, "returned": 3, "destroyed": 1, "on_hand": 16, "wasted_mg": "0"}
    assert rows["24A117"]["expiry"] == EXPIRY.isoformat() and rows["24B002"]["status"] == "quarantined"
    # Refusals: one line on stderr, exit 2, nothing changed.
    status, _, err = run(
        capsys,
        "stock",
        "destroy",
        *db,
        "--user",
        "wang.fang",
        "--lot",
        "24A117",
        "--vials",
        "99",
        "--reason",
        "x",
    )
    assert status == 2 and err.count("\n") == 1 and "16 vials on hand" in err
    monkeypatch.setenv("DOSEDESK_PASSWORD", "wrong password")
    status, _, err = run(
        capsys, "stock", "release", *db, "--user", "wang.fang", "--lot", "24B002", "--reason", "ok"
    )
    assert status == 2 and "wrong" in err
    status, out, _ = run(capsys, "stock", "list", *db, "--json")
    assert {row["lot"]: row["on_hand"] for row in json.loads(out)} == {"24A117": 16, "24B002": 6}


def test_stock_list_and_alerts_read_without_signing_in(
    database: Database, database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    people(database)
    monkeypatch.setenv("DOSEDESK_PASSWORD", PASSWORD)
    soon = TODAY + timedelta(days=20)
    assert (
        run(
            capsys,
            "stock",
            "receive",
            "--database",
            database_url,
            "--user",
            "wang.fang",
            "--shipment",
            "S",
            "--date",
            TODAY.isoformat(),
            "--lot",
            f"SOON:2:{soon.isoformat()}",
        )[0]
        == 0
    )
    monkeypatch.delenv("DOSEDESK_PASSWORD")
    status, out, _ = run(
        capsys, "stock", "alerts", "--database", database_url, "--date", TODAY.isoformat(), "--json"
    )
    assert status == 0
    [alert] = json.loads(out)
    assert (alert["kind"], alert["lot"], alert["days"], alert["vials"]) == ("expiring", "SOON", 20, 2)
    status, out, _ = run(capsys, "stock", "list", "--database", database_url)
    assert status == 0 and out.startswith("SOON") and "DOES NOT RECONCILE" not in out


def test_bad_command_line_input_is_one_line_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(
            [
                "stock",
                "receive",
                "--user",
                "x",
                "--shipment",
                "S",
                "--date",
                "2026-03-02",
                "--lot",
                "A1:many:2027-01-01",
            ]
        )
    assert stop.value.code == 2
    assert "The vials of lot A1 must be a whole number" in capsys.readouterr().err


def test_the_hooks_for_list_lots_and_print_accountability(
    database: Database, database_url: str, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    from app.commands.stock import add_accountability_parser, lot_line
    from app.services import stock
    from app.services.audit import SystemActor

    staff = people(database)
    stock.receive_shipment(
        database.uow(staff.pharmacist),
        reference="S",
        received_on=TODAY,
        lots=[stock.LotReceipt("A1", stock.load_protocol("nct07343453").product.vial_strength_mg, EXPIRY, 7)],
        protocol_id="nct07343453",
    )
    [row] = stock.lots_as_json(database.uow(SystemActor("dosedesk list")))
    assert (
        lot_line(row).startswith("A1") and "on hand    7" in lot_line(row) and "wasted 0 mg" in lot_line(row)
    )
    # `dosedesk print accountability`, as print_docs would register it.
    parser = argparse.ArgumentParser(prog="dosedesk")
    printer = parser.add_subparsers(dest="command").add_parser("print")
    add_accountability_parser(printer.add_subparsers(dest="document", required=True))
    out = tmp_path / "log.pdf"
    args = parser.parse_args(
        ["print", "accountability", "--lot", "A1", "--out", str(out), "--database", database_url]
    )
    assert args.handler(args) == 0
    assert out.read_bytes().startswith(b"%PDF")
