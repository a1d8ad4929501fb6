"""Restoring a backup over the app's SQLite database (`dosedesk restore`, the Admin screen's "Restore a backup…").

    info = describe_database_file(Path("copy.sqlite3"))                # for the confirmation: subjects, last change
    result = restore_database(url, Path("copy.sqlite3"), user=admin)   # -> RestoreResult(restored, set_aside, backup)

Only an administrator of the database in use restores (of the backup, when there is no database yet). Nothing is
replaced until the backup has passed every check of `dosedesk check`:

1. the backup is copied with SQLite's online backup API into a private folder beside the database (the
   chosen file is only read), and an older schema is brought up to date there, as opening it would;
2. the copy is checked (`check_database`: integrity, foreign keys, guard triggers, audit chain, signatures, lot
   balances …); any problem refuses the restore, naming the problems, and nothing is changed;
3. the restore is recorded on the copy's audit trail (who restored which backup, when, and where the replaced
   database is kept), chained to the copy's last row;
4. the database in use is taken for this connection alone: it is refused, with nothing changed, while any other
   connection has it open (another DoseDesk, on this computer or through a shared folder). While it is held,
   nobody else can read or write it: a DoseDesk that tries waits, then is told the database is busy;
5. its content is copied aside as `<name>.before-restore-<UTC time>.sqlite3` (kept, never deleted), then
   replaced in place, through SQLite's backup API, by the checked copy; the file stays the same file, so a
   DoseDesk that opens it next reads the restored records. A write acknowledged before the restore is in the
   copy set aside, one acknowledged after it is in the restored database: none is ever lost.

The caller closes its own connections first (the window disposes its engine, restores, then opens the database
again and asks the user to sign in). PostgreSQL is refused in plain words: its administrator restores a pg_dump
file with pg_restore.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from sqlalchemy.engine import URL

from app.errors import InputError, NotFoundError
from app.models.engine import DEFAULT_BUSY_TIMEOUT_MS, resolve_database_url, sqlite_file
from app.services.audit import Actor
from app.text import Message, msg

_log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
# How long a restore waits for a write in progress elsewhere to finish before it refuses.
RESTORE_BUSY_TIMEOUT_MS = 3_000
# The restore's own audit row: `table_name` and `field` (the record is the database file, by name).
RESTORE_TABLE = "database"
RESTORE_FIELD = "restored_from"

# The steps of a restore, told to `restore_database(…, step=…)` as each begins; the last is "replacing":
# raising from the callback before it stops the restore with nothing changed.
RestoreStep = Literal["copying", "checking", "replacing"]


class RestoreRefused(InputError):
    """The backup was not restored; the database in use is unchanged."""


@dataclass(frozen=True)
class DatabaseFileInfo:
    """What a person needs to tell two copies of the database apart."""

    path: Path
    size_bytes: int
    modified: datetime
    subjects: int | None  # None: not a DoseDesk database that could be read
    last_change: datetime | None  # the newest audit row


@dataclass(frozen=True)
class RestoreResult:
    restored: Path  # the database file now in use (the backup's content)
    set_aside: Path | None  # where the replaced database was moved (None: there was none)
    backup: Path  # the file restored from


def _utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def sqlite_target(url: str | URL | None) -> Path:
    """The SQLite file behind `url` (None: the embedded database); PostgreSQL is refused in plain words."""
    resolved = url if isinstance(url, URL) else resolve_database_url(url)
    if resolved.get_backend_name() != "sqlite":
        raise RestoreRefused(
            msg(
                "DoseDesk restores backups of its embedded SQLite database only. This database is on a PostgreSQL "
                "server: its administrator restores a pg_dump backup there with pg_restore."
            )
        )
    path = sqlite_file(resolved)
    if path is None:
        raise RestoreRefused(msg("An in-memory database cannot be restored."))
    return path


def _require_sqlite_file(path: Path) -> None:
    if not path.is_file():
        raise NotFoundError(msg("There is no file at {file}.", file=str(path)))
    with open(path, "rb") as stream:
        header = stream.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise RestoreRefused(
            msg("{file} is not a DoseDesk backup: it is not an SQLite database file.", file=path.name)
        )


def describe_database_file(path: Path) -> DatabaseFileInfo:
    """Size, date, number of subjects and the last recorded change of a database file (read only)."""
    path = Path(path)
    _require_sqlite_file(path)
    stat = path.stat()
    subjects: int | None = None
    last: datetime | None = None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=DEFAULT_BUSY_TIMEOUT_MS / 1000)
        try:
            subjects = int(connection.execute("SELECT count(*) FROM subjects").fetchone()[0])
            newest = connection.execute("SELECT max(at) FROM audit_log").fetchone()[0]
            if newest:
                last = datetime.fromisoformat(str(newest)).replace(tzinfo=UTC)
        finally:
            connection.close()
    except (sqlite3.Error, ValueError):
        subjects, last = None, None
    return DatabaseFileInfo(
        path=path,
        size_bytes=stat.st_size,
        modified=datetime.fromtimestamp(stat.st_mtime, UTC),
        subjects=subjects,
        last_change=last,
    )


def _copy(source: Path, target: Path) -> None:
    """`source` copied with SQLite's online backup API into a new self-contained file `target`."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=DEFAULT_BUSY_TIMEOUT_MS / 1000)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    except sqlite3.DatabaseError as exc:
        raise RestoreRefused(
            msg("{file} could not be read as a database: {problem}.", file=source.name, problem=str(exc))
        ) from exc
    finally:
        src.close()
    with open(target, "rb+") as stream:
        os.fsync(stream.fileno())


def check_copy(copy: Path) -> list[str]:
    """Open `copy` as the app would (an older schema is upgraded, a newer one refused) and run every check
    of `dosedesk check` on it; returns the problems (empty: sound)."""
    from app.services.database import check_database, open_database

    database = open_database(f"sqlite:///{copy}", create=False, migrate=True)
    try:
        return check_database(database)
    finally:
        database.dispose()


def check_backup_file(backup: Path) -> Path:
    """The backup's full path when it is an SQLite file; NotFoundError or RestoreRefused in plain words."""
    path = Path(backup).expanduser().resolve()
    _require_sqlite_file(path)
    return path


def _require_admin(database_file: Path, user: Actor | None) -> None:
    """Refused (NotAllowedError) unless `user` is an active administrator of the database in `database_file`."""
    from app.models import Role
    from app.services.database import open_database
    from app.services.users import require_role

    database = open_database(f"sqlite:///{database_file}", create=False, migrate=False)
    try:
        with database.read_uow(user) as uow:
            require_role(uow.session, user, Role.ADMIN)
    finally:
        database.dispose()


def _audit_restore(copy: Path, user: Actor, backup: Path, target: Path, aside: str | None) -> None:
    """The restore's own audit row on the checked copy, chained to its last row: who restored which backup,
    when, and where the database it replaces is kept."""
    from sqlalchemy import insert, select

    from app.models import GENESIS_HASH, AuditAction, AuditLog, User
    from app.services.audit import row_hash, utc_now
    from app.services.database import open_database
    from app.services.reasons import reason

    database = open_database(f"sqlite:///{copy}", create=False, migrate=False)
    try:
        with database.engine.begin() as connection:
            head = connection.execute(
                select(AuditLog.row_hash).order_by(AuditLog.id.desc()).limit(1)
            ).scalar()
            same_person = (
                user.id is not None
                and connection.execute(
                    select(User.id).where(User.id == user.id, User.full_name == user.full_name)
                ).first()
            )
            at = utc_now()
            user_id = user.id if same_person else None
            why = str(reason("database_restored", backup=backup.name, aside=aside or "-"))
            prev = head or GENESIS_HASH
            digest = row_hash(
                prev_hash=prev,
                at=at,
                user_id=user_id,
                user_name=user.full_name,
                action=AuditAction.UPDATE,
                table_name=RESTORE_TABLE,
                record_id=target.name,
                field=RESTORE_FIELD,
                old_value=None,
                new_value=backup.name,
                reason=why,
            )
            connection.execute(
                insert(AuditLog),
                {
                    "at": at,
                    "user_id": user_id,
                    "user_name": user.full_name,
                    "action": AuditAction.UPDATE,
                    "table_name": RESTORE_TABLE,
                    "record_id": target.name,
                    "field": RESTORE_FIELD,
                    "old_value": None,
                    "new_value": backup.name,
                    "reason": why,
                    "prev_hash": prev,
                    "row_hash": digest,
                },
            )
    finally:
        database.dispose()


def _in_use(target: Path) -> RestoreRefused:
    return RestoreRefused(
        msg(
            "The database {file} is in use by another DoseDesk; close DoseDesk everywhere else, then "
            "restore again. Nothing was changed.",
            file=str(target),
        )
    )


def _restart_witness(connection: sqlite3.Connection, target: Path, backup: Path) -> None:
    """The audit witness follows the restored trail (its identity and head read from `connection`), written
    while the restore still holds the file alone, so no other DoseDesk writes between. A witness that cannot be
    written is logged, never raised: the restore itself is done, and `dosedesk check` then says so."""
    from app.services import witness

    first = connection.execute("SELECT row_hash FROM audit_log ORDER BY id LIMIT 1").fetchone()
    last = connection.execute("SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    place = witness.location(f"sqlite:///{target}")
    if place is None:  # pragma: no cover - a restore is always of a file
        return
    try:
        witness.start_witness(
            place,
            str(first[0]) if first else None,
            witness.Head(int(last[0]), str(last[1])) if last else None,
            f"restored from {backup.name}",
        )
    except OSError:
        _log.warning("the witness could not be started again after a restore", exc_info=True)


def _replace_in_place(target: Path, staged: Path, aside: Path, backup: Path, busy_timeout_ms: int) -> None:
    """Copy the database in use aside, then replace its content by `staged`'s, holding it alone throughout."""
    live = sqlite3.connect(target, timeout=busy_timeout_ms / 1000, isolation_level=None)
    try:
        # Leaving write-ahead logging needs the file to oneself: it fails while any other connection has the
        # database open. Exclusive locking then keeps it so until this connection closes.
        try:
            live.execute("PRAGMA locking_mode = EXCLUSIVE")
            mode = live.execute("PRAGMA journal_mode = DELETE").fetchone()
        except sqlite3.OperationalError as exc:
            raise _in_use(target) from exc
        if mode is None or str(mode[0]).lower() != "delete":
            raise _in_use(target)
        _copy_connection(live, aside)
        source = sqlite3.connect(f"file:{staged}?mode=ro", uri=True)
        try:
            source.backup(live)  # one step: every page of the checked copy, in one transaction
        finally:
            source.close()
        result = live.execute("PRAGMA quick_check").fetchone()
        if result is None or result[0] != "ok":  # pragma: no cover - the copy was checked just before
            raise RestoreRefused(msg("The restored database failed its check: {result}", result=str(result)))
        _restart_witness(live, target, backup)
        mode = live.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode is None or str(mode[0]).lower() != "wal":  # pragma: no cover - the folder was writable
            raise RestoreRefused(msg("The restored database could not return to write-ahead logging."))
    finally:
        live.close()


def _copy_connection(connection: sqlite3.Connection, target: Path) -> None:
    """What `connection` holds, copied into the new self-contained file `target` (written whole, then renamed)."""
    partial = target.with_name(f".{target.name}.partial")
    copy = sqlite3.connect(partial)
    try:
        connection.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()
    with open(partial, "rb+") as stream:
        os.fsync(stream.fileno())
    os.replace(partial, target)


def restore_database(
    url: str | URL | None,
    backup: Path,
    *,
    user: Actor | None,
    step: Callable[[RestoreStep], None] | None = None,
    busy_timeout_ms: int = RESTORE_BUSY_TIMEOUT_MS,
) -> RestoreResult:
    """Replace the SQLite database at `url` by the checked content of `backup` (see the module's doc), as
    `user`, who must be an administrator.

    Raises `RestoreRefused` (nothing changed) for PostgreSQL, a file that is not a sound DoseDesk database,
    the database file itself, or a database another connection has open (waited for `busy_timeout_ms`);
    NotAllowedError for a user who is not an administrator. `step(name)` is called as each step begins (a
    progress bar); whatever it raises stops the restore, and before "replacing" nothing has changed.
    """
    tell = step or (lambda _name: None)
    target = sqlite_target(url)
    backup = check_backup_file(backup)
    if target.exists() and backup.samefile(target):
        raise RestoreRefused(msg("{file} is the database in use, not a backup of it.", file=str(backup)))
    if user is None or user.id is None:
        raise RestoreRefused(msg("Sign in as an administrator to restore a backup."))
    if target.exists():
        _require_admin(target, user)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging_dir = Path(tempfile.mkdtemp(prefix=f".{target.name}.restore-", dir=target.parent))
    try:
        staged = staging_dir / target.name
        tell("copying")
        _copy(backup, staged)
        tell("checking")
        problems = check_copy(staged)
        if problems:
            raise RestoreRefused(
                msg(
                    "The backup {file} did not pass the checks, so it was not restored and nothing was "
                    "changed:\n{problems}",
                    file=backup.name,
                    problems=_listed(problems),
                )
            )
        if not target.exists():
            _require_admin(staged, user)
        aside = (
            target.with_name(f"{target.stem}.before-restore-{_utc_stamp()}{target.suffix or '.sqlite3'}")
            if target.exists()
            else None
        )
        _audit_restore(staged, user, backup, target, aside.name if aside is not None else None)
        tell("replacing")
        if aside is None:
            fresh = sqlite3.connect(staged)
            try:
                _restart_witness(fresh, target, backup)
            finally:
                fresh.close()
            os.replace(staged, target)
        else:
            _replace_in_place(target, staged, aside, backup, busy_timeout_ms)
        _sync_folder(target.parent)
    finally:
        shutil.rmtree(staging_dir, ignore_errors=True)
    return RestoreResult(restored=target, set_aside=aside, backup=backup)


def _listed(problems: list[str]) -> Message:
    """The problems one per line, each after a dash, as one message whose lines the window can translate.

    Composed as a balanced tree of two-line messages, so a long list stays shallow for the window to say.
    """
    lines: list[Message] = [msg("- {problem}", problem=problem) for problem in problems]
    if not lines:
        return Message("", {})
    while len(lines) > 1:
        paired = [
            msg("{first}\n{second}", first=lines[i], second=lines[i + 1]) for i in range(0, len(lines) - 1, 2)
        ]
        if len(lines) % 2:
            paired.append(lines[-1])
        lines = paired
    return lines[0]


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":  # pragma: no cover - Windows has no directory handles to sync
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


__all__ = [
    "RESTORE_FIELD",
    "RESTORE_TABLE",
    "DatabaseFileInfo",
    "RestoreRefused",
    "RestoreResult",
    "RestoreStep",
    "check_backup_file",
    "check_copy",
    "describe_database_file",
    "restore_database",
    "sqlite_target",
]
