"""The database keeps the balance itself, on SQLite and on PostgreSQL, whatever code talks to it: a movement
that would overdraw a lot, a hand-made change of a counter (even one that keeps the arithmetic), a changed or
deleted movement are all refused; `dosedesk check` re-adds the movements and names a lot that does not
reconcile; the migration matches the models and has one head."""

from __future__ import annotations

import importlib.util
import json
from datetime import timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app.cli import main
from app.models import Base
from app.models.migrate import MIGRATIONS_DIR, alembic_config
from app.models.stock import Lot, Shipment, StockMovement
from app.services import stock
from app.services.database import Database, check_database

from .test_stock_fixtures import PASSWORD, TODAY, People, people, pharmacy, receive

EARLY = TODAY + timedelta(days=90)


@pytest.fixture
def staff(database: Database) -> People:
    return people(database)


def _ids(database: Database) -> tuple[int, int, int]:
    with database.session_factory() as session:
        lot = session.execute(select(Lot)).scalar_one()
        shipment = session.execute(select(Shipment)).scalar_one()
        return lot.id, shipment.id, lot.on_hand_vials


def _execute(database: Database, statement: str, **values: object) -> None:
    with database.engine.begin() as connection:
        connection.execute(text(statement), values)


INSERT = (
    "INSERT INTO stock_movements (lot_id, kind, vials, shipment_id, order_id, reason, at, by_name) "
    "VALUES (:lot, :kind, :vials, :shipment, NULL, :reason, :at, 'someone')"
)


def test_the_database_refuses_an_overdraw_and_any_counter_not_made_by_movements(
    database: Database, staff: People
) -> None:
    receive(database, staff.pharmacist, ("A1", 3, EARLY))
    lot_id, _shipment, on_hand = _ids(database)
    at = "2026-03-02 02:00:00"
    # Four vials out of three: the lot's CHECK refuses, and the movement with it.
    with pytest.raises(DBAPIError, match=r"counts_not_negative|check constraint|CHECK constraint failed"):
        _execute(database, INSERT, lot=lot_id, kind="destruction", vials=4, shipment=None, reason="x", at=at)
    # The counters may not be set by hand, even keeping on hand = received - dispensed - returned - destroyed.
    for statement in (
        "UPDATE stock_lots SET on_hand_vials = 99",
        "UPDATE stock_lots SET received_vials = received_vials + 1, on_hand_vials = on_hand_vials + 1",
        "UPDATE stock_lots SET dispensed_vials = dispensed_vials + 1, on_hand_vials = on_hand_vials - 1",
    ):
        with pytest.raises(DBAPIError, match=r"only through its movements|ck_stock_lots_balance|CHECK"):
            _execute(database, statement)
    with pytest.raises(DBAPIError, match="new lot starts with no vials"):
        _execute(
            database,
            "INSERT INTO stock_lots (lot_number, protocol_id, strength_mg, expiry, status, created_at, "
            "received_vials, on_hand_vials) VALUES ('FAKE', 'nct07343453', 200, '2027-01-01', 'released', "
            ":at, 5, 5)",
            at=at,
        )
    # A movement written straight into the table still moves the counters: the database adds it up itself.
    _execute(
        database, INSERT, lot=lot_id, kind="destruction", vials=1, shipment=None, reason="dropped", at=at
    )
    assert _ids(database)[2] == on_hand - 1
    # Movements are never changed nor deleted; lots and shipments are never deleted.
    for statement, words in (
        ("UPDATE stock_movements SET vials = 0", "can never be changed"),
        ("UPDATE stock_movements SET reason = 'other' WHERE kind = 'destruction'", "can never be changed"),
        ("DELETE FROM stock_movements", "never deleted"),
        ("DELETE FROM stock_lots", "never deleted"),
        ("DELETE FROM stock_shipments", "never deleted"),
    ):
        with pytest.raises(DBAPIError, match=words):
            _execute(database, statement)
    if database.engine.dialect.name == "postgresql":
        with pytest.raises(DBAPIError, match="never deleted"):
            _execute(database, "TRUNCATE stock_movements")
    with database.session_factory() as session:
        lot = session.execute(select(Lot)).scalar_one()
        assert (lot.received_vials, lot.destroyed_vials, lot.on_hand_vials) == (3, 1, 2)
        assert len(session.execute(select(StockMovement)).scalars().all()) == 2


def test_only_a_missing_signature_may_be_attached_to_a_movement_once(
    database: Database, staff: People
) -> None:
    receive(database, staff.pharmacist, ("A1", 3, EARLY))
    stock.destroy_vials(pharmacy(database, staff.pharmacist), "A1", 1, "broken", PASSWORD)
    with pytest.raises(DBAPIError, match="can never be changed"):
        _execute(database, "UPDATE stock_movements SET signature_id = NULL WHERE kind = 'destruction'")
    with pytest.raises(DBAPIError, match="can never be changed"):
        _execute(
            database, "UPDATE stock_movements SET signature_id = signature_id WHERE kind = 'destruction'"
        )


def test_check_reports_a_lot_that_does_not_reconcile_and_a_missing_guard(
    database: Database, staff: People
) -> None:
    receive(database, staff.pharmacist, ("A1", 10, EARLY))
    stock.return_to_sponsor(pharmacy(database, staff.pharmacist), "A1", 2, "recall", PASSWORD)
    assert check_database(database) == []
    # Someone with the database's owner rights removes the guard and edits a count behind DoseDesk's back.
    postgres = database.engine.dialect.name == "postgresql"
    _execute(database, "DROP TRIGGER stock_lots_counters" + (" ON stock_lots" if postgres else ""))
    _execute(database, "UPDATE stock_lots SET dispensed_vials = 1, on_hand_vials = 7")
    problems = check_database(database)
    assert "Lot A1: the count of vials dispensed says 1, but its movements add up to 0." in problems
    assert (
        "Lot A1: 7 vials on hand, but received 10 − dispensed 0 − returned 2 − destroyed 0 = 8." in problems
    )
    assert any("stock guard stock_lots_counters is missing" in p for p in problems)
    # Shown, never hidden: the list, the JSON and the alerts all carry it.
    [summary] = stock.list_lots(pharmacy(database, staff.pharmacist))
    assert not summary.reconciles and summary.on_hand == 7 and summary.expected_on_hand == 8
    [row] = stock.lots_as_json(pharmacy(database, staff.pharmacist))
    assert row["reconciles"] is False and row["on_hand"] == 7 and len(row["problems"]) == 2
    alerts = stock.stock_alerts(pharmacy(database, staff.pharmacist), today=TODAY)
    assert [a.kind for a in alerts if a.lot_number == "A1"] == ["unreconciled"]


def test_check_reports_a_return_without_its_signature(database: Database, staff: People) -> None:
    receive(database, staff.pharmacist, ("A1", 10, EARLY))
    lot_id, _shipment, _ = _ids(database)
    _execute(
        database, INSERT, lot=lot_id, kind="return", vials=1, shipment=None, reason="recall", at="2026-03-02"
    )
    problems = check_database(database)
    assert any("the return of 1 vial" in p and "has no e-signature" in p for p in problems), problems


def test_dosedesk_check_runs_the_lot_balances_check(
    database: Database, database_url: str, staff: People, capsys
) -> None:  # type: ignore[no-untyped-def]
    receive(database, staff.pharmacist, ("A1", 10, EARLY))
    assert main(["check", "--database", database_url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["problems"] == []


# --- the migration ---------------------------------------------------------------------------------------


def _tables_named(entry: object) -> set[str]:
    """The table names an autogenerate diff entry mentions (entries nest tuples and lists)."""
    if isinstance(entry, (list, tuple)):
        return set().union(*(_tables_named(part) for part in entry)) if entry else set()
    if isinstance(entry, str):
        return {entry}
    found = {getattr(entry, "name", None), getattr(getattr(entry, "table", None), "name", None)}
    return {name for name in found if isinstance(name, str)}


def test_the_stock_migration_matches_the_models(database: Database) -> None:
    stock_tables = {"stock_shipments", "stock_lots", "stock_movements"}
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert [entry for entry in diff if _tables_named(entry) & stock_tables] == []


def test_the_migrations_have_one_head_and_the_stock_guards_are_the_ones_checked() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    assert "0003" in {s.revision for s in script.walk_revisions()}
    path = Path(MIGRATIONS_DIR) / "versions" / "0003_stock.py"
    spec = importlib.util.spec_from_file_location("stock_migration", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.guard_triggers("sqlite") == stock.GUARD_TRIGGERS
    assert module.guard_triggers("postgresql") == stock.GUARD_TRIGGERS | stock.POSTGRESQL_ONLY_TRIGGERS


def test_two_workstations_taking_the_last_vials_at_once_one_is_refused_in_plain_words(
    database: Database, staff: People
) -> None:
    import threading
    import time

    from app.models import InfusionOrder

    from .test_stock_fixtures import make_order

    receive(database, staff.pharmacist, ("LAST", 2, EARLY))
    setup = pharmacy(database, staff.pharmacist)
    with setup:
        ids = [make_order(setup, vials=2, lines=(("LAST", EARLY, 2),)).id for _ in range(2)]
        setup.commit()
    first_holds_the_lot = threading.Event()
    outcomes: dict[str, object] = {}

    def workstation(name: str, order_id: int) -> None:
        uow = pharmacy(database, staff.pharmacist)
        try:
            with uow:
                if name == "second":
                    first_holds_the_lot.wait(10)
                order = uow.session.get(InfusionOrder, order_id)
                assert order is not None
                stock.dispense_for_order(uow, order, on=TODAY)
                if name == "first":
                    first_holds_the_lot.set()
                    time.sleep(0.3)  # the other workstation asks for the same lot meanwhile
                uow.commit()
            outcomes[name] = "dispensed"
        except Exception as exc:
            outcomes[name] = exc
        finally:
            first_holds_the_lot.set()

    threads = [
        threading.Thread(target=workstation, args=(n, i))
        for n, i in zip(("first", "second"), ids, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcomes["first"] == "dispensed"
    refusal = outcomes["second"]
    assert isinstance(refusal, stock.StockRefused) and "Lot LAST is empty" in str(refusal), refusal
    assert _ids(database)[2] == 0
    assert check_database(database) == []
