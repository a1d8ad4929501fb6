"""Every edit made behind DoseDesk's back is named by `dosedesk check`, on SQLite and PostgreSQL.

Each case copies one small world (a record in every audited table, made through the services and witnessed
as DoseDesk witnesses every write) and edits the copy with plain SQL, guards out of the way as someone holding
the file (or a PostgreSQL superuser) would, then checks:

- a changed value, an inserted row, a deleted row, in every audited table (and the edits measured on main: a
  weight, a lab value, a toxicity grade, a subject's dose level or allergies, a draft order's dose, an order's
  status set to 'verified' without a verification, a lot's expiry or status, a role added or removed, an
  account unlocked, a password hash replaced): `check_database` names the record;
- the same edits with the audit trail made to agree and the whole chain recomputed after it: `check_database`
  names the rewrite, between the last witnessed row still intact and the first that is not, and (SQLite) a
  backup taken before names the record;
- a row forged onto the end of the trail with a correct hash (SQLite, the one-workstation database): named
  as not written by DoseDesk on this computer.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.models import Base
from app.services import witness
from app.services.audit import canonical_json, redacted_digest
from app.services.database import Database, backup_database, check_report, open_database

from ._tamper import (
    TamperWorld,
    agree,
    attacker,
    canonical_row,
    copy_sqlite_database,
    rewrite_trail,
    tamper_world,
)
from ._tamper import append_row as forge_appended_row
from .conftest import BACKENDS

FORGED_HASH = "$argon2id$v=19$m=65536,t=3,p=4$Zm9yZ2Vk$Zm9yZ2VkZm9yZ2VkZm9yZ2Vk"


@dataclass(frozen=True)
class Template:
    url: str
    world: TamperWorld
    witness: witness.Witness
    backup: Path | None  # SQLite: a copy taken when the world was made


@pytest.fixture(scope="module", params=BACKENDS)
def template(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    folder = tmp_path_factory.mktemp("tamper-template")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOSEDESK_DATA_DIR", str(folder / "data"))
        if request.param == "sqlite":
            url = f"sqlite:///{folder / 'world.sqlite3'}"
        else:
            url = request.getfixturevalue("pg_server").create_database()
        database = open_database(url)
        try:
            world = tamper_world(database)
            backup = backup_database(database, folder / "world-copy.sqlite3") if database.is_sqlite else None
            place = witness.location(database.url)
            assert place is not None
            kept = witness.read_witness(place)
            assert kept is not None and kept.database is not None
        finally:
            database.dispose()
    yield Template(url, world, kept, backup)
    if request.param != "sqlite":
        request.getfixturevalue("pg_server").drop_database(url)


@pytest.fixture
def copy(template: Template, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Database]:
    """The world, copied to a database of its own, with the witness DoseDesk kept of it while it was made."""
    if template.url.startswith("sqlite"):
        target = tmp_path / "copy.sqlite3"
        copy_sqlite_database(Path(template.url.removeprefix("sqlite:///")), target)
        url = f"sqlite:///{target}"
        if template.backup is not None:
            shutil.copy(template.backup, tmp_path / template.backup.name)
            shutil.copy(witness.backup_head_file(template.backup), tmp_path)
    else:
        server = request.getfixturevalue("pg_server")
        url = server.create_database(template=template.url)
    database = open_database(url, create=False, migrate=False)
    place = witness.location(database.url)
    assert place is not None
    kept = template.witness
    witness.write_witness(
        witness.Witness(
            place,
            kept.database,
            kept.head,
            kept.pending,
            kept.at,
            list(kept.checkpoints),
            list(kept.unwitnessed),
        )
    )
    yield database
    database.dispose()
    if not template.url.startswith("sqlite"):
        request.getfixturevalue("pg_server").drop_database(url)


def test_the_world_used_normally_passes_check_with_nothing_to_note(copy: Database) -> None:
    report = check_report(copy)
    assert report.problems == [] and report.notes == []


# --- the edits -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    table: str
    record: str  # the TamperWorld attribute naming the record
    column: str
    sql_value: str  # as written in the UPDATE
    trail_value: str | None  # what a trail agreeing with it says (canonical text)
    named: str  # the record's name in check's sentence, e.g. "Weight"

    @property
    def id(self) -> str:
        return f"{self.table}.{self.column}" + ("" if self.record != "locked_user" else "(locked user)")


CHANGES = [
    Change("subjects", "subject", "allergies", "'penicillin'", "penicillin", "Subject"),
    Change("subjects", "subject", "current_dose_level_mg_per_kg", "'5'", "5", "Subject"),
    Change("subjects", "subject", "initials", "'ZZ'", "ZZ", "Subject"),
    Change("visits", "visit", "booked_date", "'2026-03-03'", "2026-03-03", "Visit"),
    Change("weights", "weight", "weight_kg", "'90'", "90", "Weight"),
    Change("lab_results", "lab", "value", "'0.4'", "0.4", "Lab result"),
    Change("toxicities", "toxicity", "grade", "1", "1", "Toxicity"),
    Change("toxicity_decisions", "decision", "taken_action", "'continue'", "continue", "Toxicity decision"),
    Change("dose_level_changes", "level_change", "to_level_mg_per_kg", "'5'", "5", "Dose level change"),
    Change("holds", "hold", "hold_until_grade", "3", "3", "Hold"),
    Change("infusion_orders", "draft_order", "final_dose_mg", "'999'", "999", "Infusion order"),
    Change("infusion_orders", "prescribed_order", "status", "'verified'", "verified", "Infusion order"),
    Change("infusion_order_steps", "step", "note", "'forged'", "forged", "Order step"),
    Change("preparation_lines", "preparation_line", "vials", "9", "9", "Preparation line"),
    Change("infusion_bags", "bag", "waste_note", "'forged'", "forged", "Infusion bag"),
    Change("infusion_events", "event", "note", "'forged'", "forged", "Infusion event"),
    Change("protocol_versions", "protocol_version", "title", "'forged'", "forged", "Protocol version"),
    Change("users", "locked_user", "locked_at", "NULL", None, "User"),
    Change("users", "locked_user", "failed_sign_ins", "0", "0", "User"),
    Change("users", "locked_user", "password_hash", f"'{FORGED_HASH}'", redacted_digest(FORGED_HASH), "User"),
    Change("users", "admin", "active", "false", "false", "User"),
    Change("user_roles", "role", "role", "'admin'", "admin", "User role"),
    Change("signatures", "signature", "printed_name", "'Mallory'", "Mallory", "Signature"),
    Change("stock_shipments", "shipment", "note", "'forged'", "forged", "Shipment"),
    Change(
        "site_settings", "setting", "value", "'\"+86 20 0000 0000\"'", '"+86 20 0000 0000"', "Site setting"
    ),
    Change("stock_lots", "lot", "expiry", "'2031-01-01'", "2031-01-01", "Lot"),
    Change("stock_lots", "lot", "status", "'quarantined'", "quarantined", "Lot"),
    Change("stock_movements", "movement", "reason", "'forged'", "forged", "Stock movement"),
    Change("screening_evidence", "screening", "qt_ms", "'520'", "520", "Screening evidence"),
    Change(
        "eligibility_decisions",
        "eligibility",
        "first_dose_date",
        "'2026-04-01'",
        "2026-04-01",
        "Eligibility decision",
    ),
]

# Unique columns a forged copy of a row must not repeat.
UNIQUE = {
    "subjects": {"subject_number": "'999-999'"},
    "infusion_orders": {"order_number": "'FORGED-1'"},
    "users": {"username": "'mallory'"},
    "user_roles": {"role": "'admin'"},
    "protocol_versions": {"version": "'9.9'"},
    "stock_shipments": {"reference": "'FORGED'"},
    "stock_lots": {"lot_number": "'FORGED'"},
    "infusion_bags": {"number": "99"},
    "site_settings": {"key": "'hospital_name'"},
    # one decision that stands per subject: the forged one is for the subject with only a draft order
    "eligibility_decisions": {"subject_id": "(SELECT max(id) FROM subjects)"},
}
RECORD_OF_TABLE = {
    "subjects": ("subject", "Subject"),
    "visits": ("visit", "Visit"),
    "weights": ("weight", "Weight"),
    "lab_results": ("lab", "Lab result"),
    "toxicities": ("toxicity", "Toxicity"),
    "toxicity_decisions": ("decision", "Toxicity decision"),
    "dose_level_changes": ("level_change", "Dose level change"),
    "holds": ("hold", "Hold"),
    "infusion_orders": ("given_order", "Infusion order"),
    "infusion_order_steps": ("step", "Order step"),
    "preparation_lines": ("preparation_line", "Preparation line"),
    "infusion_bags": ("bag", "Infusion bag"),
    "infusion_events": ("event", "Infusion event"),
    "protocol_versions": ("protocol_version", "Protocol version"),
    "users": ("locked_user", "User"),
    "user_roles": ("role", "User role"),
    "signatures": ("signature", "Signature"),
    "stock_shipments": ("shipment", "Shipment"),
    "site_settings": ("setting", "Site setting"),
    "stock_lots": ("lot", "Lot"),
    "stock_movements": ("signed_movement", "Stock movement"),
    "screening_evidence": ("screening", "Screening evidence"),
    "eligibility_decisions": ("eligibility", "Eligibility decision"),
}


def test_every_audited_table_has_its_cases() -> None:
    audited = {mapper.class_.__tablename__ for mapper in Base.registry.mappers if mapper.class_.__audited__}
    assert audited == set(RECORD_OF_TABLE) == {change.table for change in CHANGES}


def problems_of(database: Database) -> list[str]:
    return check_report(database).problems


def named(problems: list[str], *words: str) -> bool:
    return any(all(word in problem for word in words) for problem in problems)


def _change(database: Database, world: TamperWorld, change: Change) -> int:
    record_id: int = getattr(world, change.record)
    with attacker(database) as sql:
        sql(
            f"UPDATE {change.table} SET {change.column} = {change.sql_value} WHERE id = :id",
            {"id": record_id},
        )
    return record_id


def _insert(database: Database, world: TamperWorld, table: str) -> int:
    source: int = getattr(world, RECORD_OF_TABLE[table][0])
    columns = [column.name for column in Base.metadata.tables[table].columns if column.name != "id"]
    overrides = UNIQUE.get(table, {})
    chosen = ", ".join(overrides.get(column, column) for column in columns)
    with attacker(database) as sql:
        new_id = int(sql(f"SELECT max(id) + 1 FROM {table}")[0][0])
        sql(
            f"INSERT INTO {table} (id, {', '.join(columns)}) SELECT :new, {chosen} FROM {table} WHERE id = :source",
            {"new": new_id, "source": source},
        )
    return new_id


def _delete(database: Database, world: TamperWorld, table: str) -> int:
    record_id: int = getattr(world, RECORD_OF_TABLE[table][0])
    with attacker(database) as sql:
        sql(f"DELETE FROM {table} WHERE id = :id", {"id": record_id})
    return record_id


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.id)
def test_a_changed_value_is_named(copy: Database, template: Template, change: Change) -> None:
    record_id = _change(copy, template.world, change)
    problems = problems_of(copy)
    assert named(problems, f"{change.named} {record_id}:", change.column), problems


@pytest.mark.parametrize("table", sorted(RECORD_OF_TABLE))
def test_an_inserted_row_is_named(copy: Database, template: Template, table: str) -> None:
    new_id = _insert(copy, template.world, table)
    problems = problems_of(copy)
    assert named(
        problems, f"{RECORD_OF_TABLE[table][1]} {new_id} is in the database but has no audit history"
    ), problems


@pytest.mark.parametrize("table", sorted(RECORD_OF_TABLE))
def test_a_deleted_row_is_named(copy: Database, template: Template, table: str) -> None:
    record_id = _delete(copy, template.world, table)
    problems = problems_of(copy)
    assert named(
        problems, f"{RECORD_OF_TABLE[table][1]} {record_id} is in its audit trail", "not in the database"
    ), problems


# --- the trail made to agree, and the chain recomputed ---------------------------------------------------


def _rows_named(problems: list[str]) -> tuple[int | None, int]:
    """(last intact row, first changed row) from check's sentence about a rewritten trail."""
    for problem in problems:
        found = re.search(r"rewritten after row ([\d,]+), at or before row ([\d,]+)", problem)
        if found:
            return int(found[1].replace(",", "")), int(found[2].replace(",", ""))
        found = re.search(r"rewritten at or before row ([\d,]+)", problem)
        if found:
            return None, int(found[1].replace(",", ""))
        found = re.search(r"wrote it up to row ([\d,]+) .*the rows after row ([\d,]+) are not", problem)
        if found:
            return int(found[2].replace(",", "")) or None, int(found[1].replace(",", ""))
    raise AssertionError(f"no rewrite named in {problems}")


def assert_rewrite_named(database: Database, template: Template, first_changed: int, *words: str) -> None:
    problems = problems_of(database)
    intact, broken = _rows_named(problems)
    assert (intact is None or intact < first_changed) and first_changed <= broken, (first_changed, problems)
    if template.backup is not None:  # a copy taken before: it names the record
        assert database.sqlite_path is not None
        copied = database.sqlite_path.parent / template.backup.name
        with database.read_session_factory() as session:
            against = witness.compare_against(session, str(copied))
        assert named(against, *words), against


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.id)
def test_a_changed_value_with_its_trail_rewritten_is_caught(
    copy: Database, template: Template, change: Change
) -> None:
    record_id = _change(copy, template.world, change)
    with attacker(copy) as sql:
        first = rewrite_trail(
            sql, lambda rows: agree(rows, change.table, str(record_id), change.column, change.trail_value)
        )
    assert_rewrite_named(copy, template, first, f"{change.table} {record_id}")


@pytest.mark.parametrize("table", sorted(RECORD_OF_TABLE))
def test_an_inserted_row_with_a_forged_creation_is_caught(
    copy: Database, template: Template, table: str
) -> None:
    new_id = _insert(copy, template.world, table)
    content = canonical_row(copy, table, new_id)
    source = str(getattr(template.world, RECORD_OF_TABLE[table][0]))

    def forge(rows: list[dict[str, Any]]) -> int:
        index = (
            next(i for i, r in enumerate(rows) if r["table_name"] == table and r["record_id"] == source) + 1
        )
        rows.insert(
            index,
            {
                **rows[index - 1],
                "action": "create",
                "record_id": str(new_id),
                "field": None,
                "old_value": None,
                "new_value": canonical_json(content),
            },
        )
        return index

    with attacker(copy) as sql:
        first = rewrite_trail(sql, forge)
    assert not named(problems_of(copy), "has no audit history")  # the forged creation agrees …
    assert_rewrite_named(copy, template, first, f"{table} {new_id}")  # … and the rewrite is caught


@pytest.mark.parametrize("table", sorted(RECORD_OF_TABLE))
def test_a_deleted_row_with_its_trail_removed_is_caught(
    copy: Database, template: Template, table: str
) -> None:
    record_id = _delete(copy, template.world, table)

    def remove(rows: list[dict[str, Any]]) -> int:
        found = [
            i for i, r in enumerate(rows) if r["table_name"] == table and r["record_id"] == str(record_id)
        ]
        for index in reversed(found):
            del rows[index]
        return found[0]

    with attacker(copy) as sql:
        first = rewrite_trail(sql, remove)
    assert not named(problems_of(copy), "not in the database")
    assert_rewrite_named(copy, template, first, f"{table} {record_id}")


def test_a_trail_rewritten_from_its_first_row_is_caught(copy: Database) -> None:
    """Row 1 is the database's identity: rewriting it makes another database, as far as the witness knows."""

    def edit_first(rows: list[dict[str, Any]]) -> int:
        rows[0]["reason"] = "forged"
        return 0

    with attacker(copy) as sql:
        rewrite_trail(sql, edit_first)
    assert named(problems_of(copy), "This is not the database DoseDesk on this computer witnessed")


def test_a_row_forged_onto_the_end_of_the_trail_is_named_on_sqlite(
    copy: Database, template: Template
) -> None:
    """No recomputation needed; on SQLite every change is made (and witnessed) on this computer. On PostgreSQL
    such a row cannot be told from another workstation's (README, "Where the data lives")."""
    if not copy.is_sqlite:
        pytest.skip(
            "PostgreSQL: rows appended at the end are other workstations' as far as this one can tell"
        )
    weight = template.world.weight
    with attacker(copy) as sql:
        old = sql("SELECT weight_kg FROM weights WHERE id = :id", {"id": weight})[0][0]
        sql("UPDATE weights SET weight_kg = '90' WHERE id = :id", {"id": weight})
        row = forge_appended_row(
            sql,
            table_name="weights",
            record_id=str(weight),
            field="weight_kg",
            old_value=str(old),
            new_value="90",
        )
    problems = problems_of(copy)
    assert not named(problems, f"Weight {weight}:")  # the trail agrees …
    assert named(problems, f"Audit rows {row} to {row}", f"weights {weight}", "not written by DoseDesk"), (
        problems
    )
