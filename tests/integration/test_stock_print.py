"""The printed accountability log, read back with pypdf: every movement's running balance and the totals are
the database's, over several pages; a lot that does not reconcile says so on paper, with its problems."""

from __future__ import annotations

import io
import re
from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select, text

from app.cli import main
from app.models.stock import Lot, StockMovement
from app.printing.accountability import render_accountability
from app.services import stock
from app.services.database import Database

from .test_stock_fixtures import PASSWORD, TODAY, People, make_order, people, pharmacy, receive

EXPIRY = TODAY + timedelta(days=200)
ROW = re.compile(r"^\d+$")


@pytest.fixture
def staff(database: Database) -> People:
    return people(database)


def _page_fragments(page: Any) -> list[tuple[float, float, str]]:
    """Every piece of text on `page` with the position where it is drawn (x, y in points)."""
    found: list[tuple[float, float, str]] = []

    def visit(words: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        if words.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            found.append((round(x, 1), round(y, 1), words.strip()))

    page.extract_text(visitor_text=visit)
    return found


def _fragments(pdf: bytes) -> list[list[tuple[float, float, str]]]:
    return [_page_fragments(page) for page in PdfReader(io.BytesIO(pdf)).pages]


def printed_balances(pdf: bytes) -> dict[int, int]:
    """{movement number: balance} as printed, read from the No. and Balance columns of every page."""
    balances: dict[int, int] = {}
    for fragments in _fragments(pdf):
        heads = {words: x for x, _y, words in fragments if words in ("Date and time", "Balance", "Waste")}
        if "Balance" not in heads:
            continue
        rows: dict[float, dict[str, str]] = defaultdict(dict)
        for x, y, words in fragments:
            if x < heads["Date and time"] and ROW.match(words):
                rows[y]["number"] = words
            elif heads["Balance"] - 1 <= x < heads["Waste"] and ROW.match(words):
                rows[y]["balance"] = words
        for row in rows.values():
            if "number" in row and "balance" in row:
                balances[int(row["number"])] = int(row["balance"])
    return balances


def database_balances(database: Database, lot_number: str) -> dict[int, int]:
    """The running balance after each movement, added up here from the raw rows, independently of the service."""
    sign = {"receipt": 1, "dispense": -1, "return": -1, "destruction": -1}
    with database.session_factory() as session:
        lot_id = session.execute(select(Lot.id).where(Lot.lot_number == lot_number)).scalar_one()
        rows = session.execute(
            select(StockMovement.kind, StockMovement.vials)
            .where(StockMovement.lot_id == lot_id)
            .order_by(StockMovement.id)
        ).all()
    balance, found = 0, {}
    for number, (kind, vials) in enumerate(rows, start=1):
        balance += sign.get(str(kind), 0) * vials
        found[number] = balance
    return found


def _busy_lot(database: Database, staff: People, dispensings: int) -> None:
    receive(database, staff.pharmacist, ("A1", 2 * dispensings + 10, EXPIRY), reference="SH-1")
    uow = pharmacy(database, staff.pharmacist)
    for _ in range(dispensings):
        with uow:
            order = make_order(uow, vials=2, waste="92", lines=(("A1", EXPIRY, 2),))
            stock.dispense_for_order(uow, order, on=TODAY)
            uow.commit()
    stock.return_to_sponsor(uow, "A1", 3, "sponsor recall", PASSWORD, reference="RT-1")
    stock.destroy_vials(uow, "A1", 1, "vial cracked", PASSWORD)
    stock.quarantine_lot(uow, "A1", "recall")


def test_the_printed_balances_and_totals_are_the_databases(database: Database, staff: People) -> None:
    _busy_lot(database, staff, dispensings=20)  # 44 movements: more than one page
    log = stock.accountability_log(pharmacy(database, staff.pharmacist), "A1")
    pdf = render_accountability(log)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    expected = database_balances(database, "A1")
    assert len(expected) == 44
    assert printed_balances(pdf) == expected
    with database.session_factory() as session:
        on_hand = session.execute(select(Lot.on_hand_vials).where(Lot.lot_number == "A1")).scalar_one()
    assert on_hand == expected[44] == 50 - 40 - 3 - 1
    words = " ".join(page.extract_text() for page in reader.pages)
    assert (
        f"On hand {on_hand} vials; received 50 - dispensed 40 - returned 3 - destroyed 1 = {on_hand}" in words
    )
    assert "the balance reconciles" in words
    assert "1,840 mg" in words  # 20 partial vials of 92 mg, through the one formatter
    assert "Wang Fang," in words and "sponsor recall" in words and "RT-1" in words


def test_a_lot_that_does_not_reconcile_says_so_on_paper(database: Database, staff: People) -> None:
    _busy_lot(database, staff, dispensings=1)
    postgres = database.engine.dialect.name == "postgresql"
    with database.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER stock_lots_counters" + (" ON stock_lots" if postgres else "")))
        connection.execute(text("UPDATE stock_lots SET destroyed_vials = 2, on_hand_vials = 5"))
    pdf = render_accountability(stock.accountability_log(pharmacy(database, staff.pharmacist), "A1"))
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "THE BALANCE DOES NOT RECONCILE" in words
    assert "Lot A1: the count of vials destroyed says 2, but its movements add up to 1." in words
    assert "Lot A1: 5 vials on hand, but received 12 - dispensed 2 - returned 3 - destroyed 1 = 6." in words
    assert printed_balances(pdf)[6] == 6  # the running balance is the movements', whatever the counter says


def test_dosedesk_stock_log_writes_the_pdf(
    database: Database, database_url: str, staff: People, tmp_path: Path
) -> None:
    _busy_lot(database, staff, dispensings=1)
    out = tmp_path / "A1.pdf"
    assert main(["stock", "log", "--database", database_url, "--lot", "A1", "--out", str(out)]) == 0
    assert printed_balances(out.read_bytes()) == database_balances(database, "A1")
    assert (
        main(["stock", "log", "--database", database_url, "--lot", "NOPE", "--out", str(tmp_path / "x.pdf")])
        == 2
    )
    assert not (tmp_path / "x.pdf").exists()
