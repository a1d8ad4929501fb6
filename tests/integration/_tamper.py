"""Edits behind DoseDesk's back, as someone holding the database file (or a PostgreSQL superuser) makes them.

    world = tamper_world(database)              # a record in every audited table, through the services
    with attacker(database) as sql:             # guards off: SQLite triggers dropped (and put back after),
        sql("UPDATE weights SET …")             # PostgreSQL session_replication_role = replica
        rewrite_trail(sql, edit)                # the audit trail changed, every hash after it recomputed

`rewrite_trail` is the attacker who knows the chain's formula: it reads the whole trail, lets `edit` change the
list of rows, and rewrites every row from the first one changed with fresh ids and hashes, so that the hash
chain holds again (and SQLite's AUTOINCREMENT counter agrees).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from app.models import InfusionOrder, Lot, StockMovement, User, UserRole
from app.services import audit, stock, users
from app.services.database import Database
from app.services.orders import record_interruption
from app.services.settings import set_setting
from app.services.toxicities import record_and_decide, reduce_dose_level
from app.services.users import SignInError

from ._services import PASSWORD, World

C1D1 = date(2026, 3, 2)


@dataclass(frozen=True)
class TamperWorld:
    """The ids of the records the edits aim at."""

    subject: int
    weight: int
    lab: int
    toxicity: int
    decision: int
    hold: int
    level_change: int
    visit: int
    given_order: int
    prescribed_order: int
    draft_order: int
    step: int
    preparation_line: int
    bag: int
    event: int
    setting: int
    protocol_version: int
    admin: int
    locked_user: int
    role: int
    signature: int
    shipment: int
    lot: int
    movement: int
    signed_movement: int
    screening: int  # the first piece of screening evidence (the ECG of the subject dosed)
    eligibility: int  # the eligibility signed before that subject's first dose


def tamper_world(database: Database) -> TamperWorld:
    """Through the services: a dose given (weight, labs, order life, stock), an order prescribed, one in
    draft, a toxicity held and a level reduced, a return signed, a user locked out by wrong passwords."""
    world = World.build(database).at(C1D1 - timedelta(days=3))
    given = world.enrol("001-001", c1d1=C1D1)
    prescribed = world.enrol("001-002", c1d1=C1D1, initials="CH")
    draft = world.enrol("001-003", c1d1=C1D1, initials="MZ")
    world.at(C1D1, 8)
    world.weigh(given)
    world.labs(given)
    running = world.start(
        world.check(world.prepare(world.verify(world.prescribe(world.order(given, "C1D1")))))
    )
    world.now += timedelta(minutes=10)
    record_interruption(
        world.uow("nurse"),
        running.id,
        note="line occluded",
        started_at=world.now - timedelta(minutes=6),
        ended_at=world.now - timedelta(minutes=4),
    )
    done = world.stop(running)
    world.weigh(prescribed)
    world.labs(prescribed)
    waiting = world.prescribe(world.order(prescribed, "C1D1"))
    world.weigh(draft)
    world.labs(draft)
    drafted = world.order(draft, "C1D1")
    world.at(C1D1 + timedelta(days=10), 9)
    record_and_decide(world.uow("investigator"), given, "Neutrophil count decreased", 3, world.today)
    reduce_dose_level(world.uow("investigator"), given, "adverse_event", "cumulative toxicity")
    stock.return_to_sponsor(world.uow("pharmacist"), "LOT-A1", 2, "sponsor recall", PASSWORD)
    users.create_user(world.uow("admin"), "locked.out", "Lock Out", PASSWORD, ["coordinator"])
    set_setting(world.uow("admin"), "clinic_phone", "+86 20 8734 3088")
    for _ in range(6):
        with contextlib.suppress(SignInError):  # refused, and counted
            users.sign_in(world.uow(None), "locked.out", "wrong guess")
    with database.read_session_factory() as session:

        def first(statement: Any) -> int:
            return int(session.execute(statement).scalars().first())

        ids = {
            name: first(text(f"SELECT id FROM {table} ORDER BY id"))
            for name, table in (
                ("weight", "weights"),
                ("lab", "lab_results"),
                ("toxicity", "toxicities"),
                ("decision", "toxicity_decisions"),
                ("hold", "holds"),
                ("level_change", "dose_level_changes"),
                ("step", "infusion_order_steps"),
                ("preparation_line", "preparation_lines"),
                ("bag", "infusion_bags"),
                ("event", "infusion_events"),
                ("setting", "site_settings"),
                ("protocol_version", "protocol_versions"),
                ("signature", "signatures"),
                ("shipment", "stock_shipments"),
                ("screening", "screening_evidence"),
                ("eligibility", "eligibility_decisions"),
            )
        }
        locked = first(select(User.id).where(User.username == "locked.out"))
        assert session.get(User, locked).locked_at is not None  # type: ignore[union-attr]
        return TamperWorld(
            subject=given,
            visit=done.visit_id,
            given_order=done.id,
            prescribed_order=waiting.id,
            draft_order=drafted.id,
            admin=first(select(User.id).where(User.username == "admin")),
            locked_user=locked,
            role=first(select(UserRole.id).where(UserRole.user_id == locked)),
            lot=first(select(Lot.id).where(Lot.lot_number == "LOT-A1")),
            movement=first(select(StockMovement.id).where(StockMovement.kind == "dispense")),
            signed_movement=first(select(StockMovement.id).where(StockMovement.signature_id.is_not(None))),
            **ids,
        )


# --- the attacker ----------------------------------------------------------------------------------------


class Sql:
    """Plain SQL (":name" parameters) on one connection; `sqlite` tells which database it is."""

    def __init__(self, run: Callable[[str, dict[str, Any]], list[tuple[Any, ...]]], sqlite: bool) -> None:
        self._run = run
        self.sqlite = sqlite

    def __call__(self, statement: str, parameters: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return self._run(statement, parameters or {})


@contextmanager
def attacker(database: Database) -> Iterator[Sql]:
    """Plain SQL on the database with its guards out of the way (and put back, as a careful attacker would)."""
    if database.is_sqlite:
        path = database.sqlite_path
        assert path is not None
        connection = sqlite3.connect(path, isolation_level=None)  # foreign keys are off by default
        connection.execute("BEGIN IMMEDIATE")
        triggers = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        for name, _sql in triggers:
            connection.execute(f"DROP TRIGGER {name}")
        try:
            yield Sql(
                lambda statement, parameters: connection.execute(statement, parameters).fetchall(), True
            )
            for _name, sql in triggers:
                connection.execute(sql)
            connection.execute("COMMIT")
        finally:
            connection.close()
        return
    with database.engine.connect() as pg:
        pg.exec_driver_sql("SET session_replication_role = replica")  # no triggers, no foreign keys

        def run(statement: str, parameters: dict[str, Any]) -> list[tuple[Any, ...]]:
            result = pg.execute(text(statement), parameters)
            return [tuple(row) for row in result] if result.returns_rows else []

        yield Sql(run, False)
        pg.commit()


# --- the trail, rewritten --------------------------------------------------------------------------------

COLUMNS = (
    "id",
    "at",
    "user_id",
    "user_name",
    "action",
    "table_name",
    "record_id",
    "field",
    "old_value",
    "new_value",
    "reason",
    "prev_hash",
    "row_hash",
)


def trail(sql: Sql) -> list[dict[str, Any]]:
    return [
        dict(zip(COLUMNS, row, strict=True))
        for row in sql(f"SELECT {', '.join(COLUMNS)} FROM audit_log ORDER BY id")
    ]


def _aware(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


def rewrite_trail(sql: Sql, edit: Callable[[list[dict[str, Any]]], int]) -> int:
    """Let `edit` change the trail in place (it returns the index of the first row it changed), then rewrite
    every row from there with consecutive ids and recomputed hashes. Returns the id of the first row changed."""
    rows = trail(sql)
    original = [row["id"] for row in rows]
    start = edit(rows)
    first_id = original[start] if start < len(original) else original[-1] + 1
    prev = rows[start - 1]["row_hash"] if start > 0 else audit.GENESIS_HASH
    sql("DELETE FROM audit_log WHERE id >= :first", {"first": first_id})
    for offset, row in enumerate(rows[start:]):
        row["id"] = first_id + offset
        row["prev_hash"] = prev
        row["row_hash"] = audit.row_hash(
            prev_hash=prev,
            at=_aware(row["at"]),
            user_id=row["user_id"],
            user_name=row["user_name"],
            action=row["action"],
            table_name=row["table_name"],
            record_id=row["record_id"],
            field=row["field"],
            old_value=row["old_value"],
            new_value=row["new_value"],
            reason=row["reason"],
        )
        prev = row["row_hash"]
        sql(
            f"INSERT INTO audit_log ({', '.join(COLUMNS)}) VALUES ({', '.join(':' + c for c in COLUMNS)})",
            row,
        )
    last = first_id + len(rows) - start - 1
    _set_counter(sql, last)
    return first_id


def _set_counter(sql: Sql, last: int) -> None:
    """The careful attacker also makes SQLite's AUTOINCREMENT counter (or PostgreSQL's sequence) agree."""
    if sql.sqlite:
        sql("UPDATE sqlite_sequence SET seq = :last WHERE name = 'audit_log'", {"last": last})
    else:
        sql("SELECT setval(pg_get_serial_sequence('audit_log', 'id'), :last)", {"last": last})


def append_row(sql: Sql, **fields: Any) -> int:
    """A forged audit row at the end of the trail, with a correct hash (no recomputation needed)."""
    head = sql("SELECT id, row_hash, at FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    row = {
        "id": head[0] + 1,
        "at": head[2],
        "user_id": None,
        "user_name": "Wang Fang",
        "action": "update",
        "field": None,
        "old_value": None,
        "new_value": None,
        "reason": "corrected",
        **fields,
    }

    def edit(rows: list[dict[str, Any]]) -> int:
        rows.append(row)
        return len(rows) - 1

    return rewrite_trail(sql, edit)


def last_setter(rows: list[dict[str, Any]], table: str, record_id: str, column: str) -> int:
    """The index of the row that last set `column` of the record (an update, or its create)."""
    for index in range(len(rows) - 1, -1, -1):
        row = rows[index]
        if row["table_name"] != table or row["record_id"] != record_id:
            continue
        if row["field"] == column or (row["action"] == "create" and column in json.loads(row["new_value"])):
            return index
        if row["action"] == "create":
            return index  # the column was never set: it is absent from the creation (None)
    raise AssertionError(f"no audit row sets {table} {record_id} {column}")


def agree(rows: list[dict[str, Any]], table: str, record_id: str, column: str, value: str | None) -> int:
    """Make the trail say `column` of the record is `value` (canonical text); the index changed."""
    index = last_setter(rows, table, record_id, column)
    row = rows[index]
    if row["action"] == "create":
        content = json.loads(row["new_value"])
        content[column] = value
        row["new_value"] = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    else:
        row["new_value"] = value
    return index


def copy_sqlite_database(source: Path, target: Path) -> None:
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def canonical_row(database: Database, table: str, record_id: int) -> dict[str, str | None]:
    """A row's values as the trail writes them (for a forged creation that agrees)."""
    from app.models import Base
    from app.services.integrity import _live_rows

    with database.read_session_factory() as session:
        model_table = Base.metadata.tables[table]
        found = dict(_live_rows(session, model_table, model_table.c.id == record_id))
    return found[str(record_id)]


def order_status(database: Database, order_id: int) -> str:
    with database.read_session_factory() as session:
        order = session.get(InfusionOrder, order_id)
        assert order is not None
        return str(order.status)


def decimal_text(value: str) -> str:
    return str(Decimal(value))
