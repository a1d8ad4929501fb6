"""Opening the database (creating or upgrading it), backing it up, and checking it.

    database = open_database(url)           # None: DOSEDESK_DATABASE_URL, else the embedded SQLite file
    with database.uow(user, "reason") as uow: …; uow.commit()
    rows = queries.patient_list(database.read_uow())     # reading only: never waits for a writer
    problems = check_database(database)     # [] when sound
    report = check_report(database)         # .problems, and .notes: worth knowing, not wrong
    backup_database(database, Path("copy.sqlite3"))   # and copy.sqlite3.head.json: the head it holds

At start the app calls `open_database`: a new database is created at the newest schema; an older one is first
copied beside itself (SQLite backup API, `<name>.before-<revision>-<UTC time>.sqlite3`; PostgreSQL: pg_dump
when it is installed, else the upgrade is refused), then upgraded; a database made by a newer DoseDesk is
refused.

Checks: a small registry. Another module adds its own with

    @register_check("lot balances")
    def lot_balances(session: Session) -> list[str]: …   # one plain sentence per problem

registered at import of its `app.services` module (`check_database` imports them all first). A check that finds
something to note rather than a fault (a witness file that is missing) calls `note(session, sentence)`.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from glob import glob
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from app.errors import DoseDeskError, InputError, NotFoundError
from app.models.engine import (
    DEFAULT_BUSY_TIMEOUT_MS,
    READ_ONLY,
    data_dir,
    make_engine,
    make_session_factory,
    resolve_database_url,
    sqlite_file,
)
from app.models.migrate import at_head, current_revision, head_revision, known_revisions, upgrade
from app.services import audit, witness
from app.services.audit import Actor
from app.services.uow import SqlUnitOfWork
from app.text import msg

MIGRATION_LOCK_KEY = 0x446F73654D67  # pg_advisory_xact_lock key while creating/upgrading


class DatabaseVersionError(InputError):
    """The database was made by a newer DoseDesk, or is not a DoseDesk database."""


class BackupError(DoseDeskError):
    """A backup could not be made; nothing was changed."""


@dataclass
class Database:
    """An open database: its engine and session factories."""

    url: URL
    engine: Engine
    session_factory: sessionmaker[Session]
    read_session_factory: sessionmaker[Session]  # reading only: never waits for a writer on SQLite
    upgrade_backup: Path | None = None  # the copy taken before an upgrade at this opening, if any
    created: bool = False  # True when this opening created the database

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        return sqlite_file(self.url) if self.is_sqlite else None

    def uow(self, user: Actor | None = None, reason: str | None = None) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory, user, reason)

    def read_uow(self, user: Actor | None = None) -> SqlUnitOfWork:
        """A unit of work that only reads (lists, charts, paper): it never takes SQLite's write lock, so it never
        waits for another workstation's write, and it refuses to write anything."""
        return SqlUnitOfWork(self.read_session_factory, user, read_only=True)

    def describe(self) -> str:
        """Where the data is, for a status bar or a message (no password)."""
        path = self.sqlite_path
        return str(path) if path else self.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()


# --- opening ---------------------------------------------------------------------------------------------


def open_database(
    url: str | URL | None = None,
    *,
    create: bool = True,
    migrate: bool = True,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
) -> Database:
    """Open the database at `url`; create it (`create`) or upgrade it (`migrate`) to the newest schema.

    With `create=False` a missing SQLite file is a NotFoundError; with `migrate=False` the schema is left as
    found (`dosedesk check` looks at a database without changing it).
    """
    audit.install()
    resolved = url if isinstance(url, URL) else resolve_database_url(url)
    path = sqlite_file(resolved) if resolved.get_backend_name() == "sqlite" else None
    if path is not None and not create and not path.exists():
        raise NotFoundError(msg("There is no DoseDesk database at {place}.", place=str(path)))
    engine = make_engine(resolved, busy_timeout_ms=busy_timeout_ms)
    database = Database(
        url=resolved,
        engine=engine,
        session_factory=make_session_factory(engine),
        read_session_factory=make_session_factory(engine, read_only=True),
    )
    try:
        if migrate:
            _create_or_upgrade(database, create)
    except BaseException:
        engine.dispose()
        raise
    return database


def _reading(database: Database) -> Connection:
    """A connection that only reads (a deferred transaction on SQLite: it never waits for a writer)."""
    return database.engine.execution_options(**{READ_ONLY: True}).connect()


def schema_revision(database: Database) -> str | None:
    with _reading(database) as connection:
        return current_revision(connection)


def _create_or_upgrade(database: Database, create: bool) -> None:
    # Reading only, until an upgrade is known to be due: the write lock is taken for the upgrade alone.
    with _reading(database) as connection:
        if at_head(connection):
            return  # up to date, the usual case: Alembic is not even imported
    head = head_revision()
    with _reading(database) as connection:
        found = current_revision(connection)
        tables = set(inspect(connection).get_table_names())
    if found == head:
        return
    if found is None:
        if tables - {"alembic_version"}:
            raise DatabaseVersionError(
                msg(
                    "{place} holds tables but is not a DoseDesk database; DoseDesk will not touch it.",
                    place=database.describe(),
                )
            )
        if not create:
            raise NotFoundError(msg("There is no DoseDesk database at {place}.", place=database.describe()))
    elif found not in known_revisions():
        raise DatabaseVersionError(
            msg(
                "The database {place} was made by a newer DoseDesk (schema {schema}); "
                "update DoseDesk before opening it.",
                place=database.describe(),
                schema=found,
            )
        )
    else:
        database.upgrade_backup = backup_before_upgrade(database, found)
    with database.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        # Another workstation may have done it meanwhile; the write transaction serialises us.
        if current_revision(connection) != head:
            upgrade(connection)
            database.created = found is None
    if database.created:
        witness.forget_place(database)
    else:
        witness.follow_upgrade(database)  # a migration may append audit rows outside any session


# --- backups ---------------------------------------------------------------------------------------------


def _utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def backup_before_upgrade(database: Database, revision: str) -> Path:
    path = database.sqlite_path
    if path is not None:
        target = path.with_name(f"{path.stem}.before-{revision}-{_utc_stamp()}{path.suffix or '.sqlite3'}")
        backup_sqlite(path, target)
        return target
    folder = data_dir() / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{database.url.database}.before-{revision}-{_utc_stamp()}.dump"
    if find_pg_dump() is None:
        raise BackupError(
            msg(
                "DoseDesk must back up the PostgreSQL database before upgrading it, and pg_dump is not installed "
                "here. Install the PostgreSQL client tools (or back up the server yourself and upgrade from a "
                "machine that has them)."
            )
        )
    pg_dump(database.url, target)
    return target


def backup_sqlite(source: Path, target: Path, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> None:
    """A consistent copy of a live SQLite database with SQLite's online backup API, written atomically."""
    if target.exists():
        raise InputError(msg("{file} already exists; choose another file name.", file=str(target)))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=busy_timeout_ms / 1000)
        try:
            dst = sqlite3.connect(temp)
            try:
                src.backup(dst)  # all pages in one step: one consistent snapshot
                dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
                result = dst.execute("PRAGMA quick_check").fetchone()
                if result is None or result[0] != "ok":
                    raise BackupError(
                        msg(
                            "The copy in {file} failed its check: {result}",
                            file=str(target),
                            result=str(result),
                        )
                    )
            finally:
                dst.close()
        finally:
            src.close()
        with open(temp, "rb+") as stream:
            os.fsync(stream.fileno())
        os.replace(temp, target)
    except sqlite3.OperationalError as exc:
        from app.models.engine import DatabaseBusyError, is_busy_error

        if is_busy_error(exc):
            raise DatabaseBusyError() from exc
        raise BackupError(
            msg("The backup to {file} failed: {problem}", file=str(target), problem=str(exc))
        ) from exc
    finally:
        if temp.exists():
            temp.unlink()


def find_pg_dump() -> str | None:
    found = shutil.which("pg_dump")
    if found:
        return found
    candidates = sorted(glob("/usr/lib/postgresql/*/bin/pg_dump"), key=_version_key, reverse=True)
    return candidates[0] if candidates else None


def _version_key(path: str) -> int:
    try:
        return int(Path(path).parts[-3])
    except (ValueError, IndexError):
        return 0


def pg_dump(url: URL, target: Path) -> None:
    """Dump a PostgreSQL database in pg_dump's custom format (restore with pg_restore)."""
    program = find_pg_dump()
    if program is None:
        raise BackupError(
            msg("pg_dump is not installed; it is the tool that backs up a PostgreSQL database.")
        )
    if target.exists():
        raise InputError(msg("{file} already exists; choose another file name.", file=str(target)))
    target.parent.mkdir(parents=True, exist_ok=True)
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    result = subprocess.run(
        [program, "--format=custom", f"--file={target}", f"--dbname={plain}"],
        capture_output=True,
        text=True,
        env=environment,
    )
    if result.returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupError(msg("pg_dump failed: {problem}", problem=result.stderr.strip()))


def backup_database(database: Database, target: Path) -> Path:
    """An online, consistent, restorable copy: SQLite's backup API, or pg_dump for PostgreSQL.

    Beside it, `<target>.head.json` says which database it copies and the audit trail's head it holds (for
    PostgreSQL, the head when the dump began: the dump holds at least that), so the copy witnesses the trail:
    `dosedesk check --against <target>` later tells whether the trail still holds what the copy saw.
    """
    path = database.sqlite_path
    if database.is_sqlite:
        if path is None:
            raise InputError(msg("An in-memory database cannot be backed up."))
        backup_sqlite(path, target)
        copy = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        try:
            ends = _sqlite_ends(copy)
        finally:
            copy.close()
    else:
        with database.read_session_factory() as session:
            ends = witness.chain_ends(session)
        pg_dump(database.url, target)
    identity, head = ends
    try:
        witness.write_backup_head(database, target, head, identity)
    except OSError as exc:
        raise BackupError(
            msg(
                "The copy {file} was made, but the file saying which audit head it holds could not be written "
                "beside it: {problem}",
                file=str(target),
                problem=str(exc),
            )
        ) from exc
    return target


def _sqlite_ends(copy: sqlite3.Connection) -> tuple[str | None, witness.Head | None]:
    first = copy.execute("SELECT row_hash FROM audit_log ORDER BY id LIMIT 1").fetchone()
    last = copy.execute("SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    if first is None or last is None:
        return None, None
    return str(first[0]), witness.Head(int(last[0]), str(last[1]))


# --- checks ----------------------------------------------------------------------------------------------

CheckFunction = Callable[[Session], list[str]]
_F = TypeVar("_F", bound=CheckFunction)


@dataclass(frozen=True)
class RegisteredCheck:
    name: str
    function: CheckFunction
    order: int = field(default=100)


_CHECKS: dict[str, RegisteredCheck] = {}
NOTES_KEY = "dosedesk_check_notes"


@dataclass(frozen=True)
class CheckReport:
    """What `dosedesk check` found: problems (the database is not as DoseDesk left it), and notes."""

    problems: list[str]
    notes: list[str]


def note(session: Session, sentence: str) -> None:
    """From inside a check: something worth knowing that is not a fault (it does not fail the check)."""
    session.info.setdefault(NOTES_KEY, []).append(sentence)


def register_check(name: str, *, order: int = 100) -> Callable[[_F], _F]:
    """Register `function(session) -> problems` to run in `dosedesk check` (lower `order` runs first)."""

    def decorate(function: _F) -> _F:
        _CHECKS[name] = RegisteredCheck(name, function, order)
        return function

    return decorate


def registered_checks() -> list[RegisteredCheck]:
    return sorted(_CHECKS.values(), key=lambda check: (check.order, check.name))


def load_check_modules() -> list[str]:
    """Import every `app.services` module so that their checks register; problems loading one are returned."""
    import app.services as services

    problems: list[str] = []
    for info in pkgutil.iter_modules(services.__path__):
        if info.name.startswith("_"):
            continue
        try:
            importlib.import_module(f"app.services.{info.name}")
        except Exception as exc:  # a broken module must not hide the other checks
            problems.append(
                msg(
                    "The checks in app.services.{module} could not be loaded: {problem}",
                    module=info.name,
                    problem=str(exc),
                )
            )
    return problems


def check_database(database: Database) -> list[str]:
    """Run every registered check in one consistent read; an empty list means the database is sound."""
    return check_report(database).problems


def check_report(database: Database) -> CheckReport:
    """Run every registered check in one consistent read: the problems found, and the notes."""
    problems = load_check_modules()
    notes: list[str] = []
    factory = database.read_session_factory
    with factory() as session:
        if not database.is_sqlite:
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        for check in registered_checks():
            try:
                problems.extend(check.function(session))
            except DoseDeskError:
                raise
            except Exception as exc:
                problems.append(
                    msg("The check '{check}' could not run: {problem}", check=check.name, problem=str(exc))
                )
                session.rollback()
        session.rollback()
        notes = list(session.info.pop(NOTES_KEY, []))
    return CheckReport(problems, notes)


@register_check("schema version", order=0)
def _schema_version(session: Session) -> list[str]:
    found = current_revision(session.connection())
    head = head_revision()
    if found != head:
        return [
            msg(
                "The database schema is {found}; this DoseDesk expects {head}.",
                found=found or msg("missing"),
                head=head,
            )
        ]
    return []


@register_check("integrity", order=10)
def _integrity(session: Session) -> list[str]:
    if session.get_bind().dialect.name == "sqlite":
        rows = session.execute(text("PRAGMA integrity_check")).scalars().all()
        return (
            []
            if list(rows) == ["ok"]
            else [msg("SQLite integrity check: {problem}", problem=row) for row in rows]
        )
    rows = session.execute(
        text(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE NOT convalidated AND connamespace = current_schema()::regnamespace"
        )
    ).all()
    return [
        msg("Constraint {name} on {table} is not validated.", name=name, table=table) for table, name in rows
    ]


@register_check("foreign keys", order=20)
def _foreign_keys(session: Session) -> list[str]:
    if session.get_bind().dialect.name != "sqlite":
        return []  # PostgreSQL enforces validated foreign keys always; unvalidated ones are reported above
    rows = session.execute(text("PRAGMA foreign_key_check")).all()
    return [
        msg(
            "Row {row} of {table} points at a missing row of {parent}.", row=rowid, table=table, parent=parent
        )
        for table, rowid, parent, _ in rows
    ]


# The guard triggers the migrations create; a missing or disabled one means the database no longer keeps
# its promises (audit rows unchangeable, nothing clinical deleted, signed protocol frozen).
_NO_DELETE_TABLES = (
    "subjects",
    "visits",
    "weights",
    "lab_results",
    "toxicities",
    "toxicity_decisions",
    "dose_level_changes",
    "holds",
    "infusion_orders",
    "infusion_order_steps",
    "infusion_bags",
    "infusion_events",
    "protocol_versions",
    "users",
)


def expected_guard_triggers(dialect: str) -> set[str]:
    if dialect == "sqlite":
        names = {f"{t}_no_{op}" for t in ("audit_log", "signatures") for op in ("update", "delete")}
    else:
        names = {f"{t}_no_{op}" for t in ("audit_log", "signatures") for op in ("change", "truncate")}
    names |= {f"{table}_no_delete" for table in _NO_DELETE_TABLES}
    names.add("protocol_versions_frozen")
    return names


@register_check("guard triggers", order=30)
def _guard_triggers(session: Session) -> list[str]:
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        present = set(
            session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars()
        )
    else:
        present = set(
            session.execute(
                text(
                    "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D' "
                    "AND tgrelid::regclass::text NOT LIKE 'pg_%'"
                )
            ).scalars()
        )
    missing = sorted(expected_guard_triggers(dialect) - present)
    return [msg("The database guard {name} is missing or disabled.", name=name) for name in missing]


@register_check("audit chain", order=40)
def _audit_chain(session: Session) -> list[str]:
    return audit.verify_chain(session)
