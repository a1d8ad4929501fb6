"""Restoring a backup over the app's SQLite database (the Admin screen's "Restore a backup…").

    info = describe_database_file(Path("copy.sqlite3"))      # for the confirmation: subjects, last change
    result = restore_database(url, Path("copy.sqlite3"))     # -> RestoreResult(restored, set_aside, backup)

Nothing is replaced until the backup has passed every check of `dosedesk check`:

1. the backup is copied with SQLite's online backup API into a private folder beside the database (the
   chosen file is only read), and an older schema is brought up to date there, as opening it would;
2. the copy is checked (`check_database`: integrity, foreign keys, guard triggers, audit chain, lot balances …);
   any problem refuses the restore, naming the problems, and nothing is changed;
3. the database in use is checkpointed and moved aside as `<name>.before-restore-<UTC time>.sqlite3` (with its
   `-wal`/`-shm` files, if any) — it is kept, never deleted;
4. the checked copy is renamed into place (one atomic step on the same disk).

The caller closes its own connections to the database first (the window disposes its engine, restores, then
opens the database again and asks the user to sign in). A database another program is writing to is not
replaced: SQLite reports it busy and the restore is refused. PostgreSQL is refused in plain words: its
administrator restores a pg_dump file with pg_restore.
"""

from __future__ import annotations

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
from app.text import Message, msg

SQLITE_HEADER = b"SQLite format 3\x00"

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


def _set_aside(target: Path, busy_timeout_ms: int) -> Path | None:
    """Move the database in use aside (checkpointed first, so its -wal holds nothing); None when absent."""
    if not target.exists():
        return None
    try:
        connection = sqlite3.connect(target, timeout=busy_timeout_ms / 1000)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            # Nobody else may be in the database while it is replaced.
            connection.execute("BEGIN EXCLUSIVE")
            connection.rollback()
        finally:
            connection.close()
    except sqlite3.OperationalError as exc:
        raise RestoreRefused(
            msg(
                "The database {file} is in use by another DoseDesk; close DoseDesk everywhere else, then "
                "restore again. Nothing was changed.",
                file=str(target),
            )
        ) from exc
    aside = target.with_name(f"{target.stem}.before-restore-{_utc_stamp()}{target.suffix or '.sqlite3'}")
    os.replace(target, aside)
    for extra in ("-wal", "-shm"):
        companion = target.with_name(target.name + extra)
        if companion.exists():
            os.replace(companion, aside.with_name(aside.name + extra))
    return aside


def restore_database(
    url: str | URL | None,
    backup: Path,
    *,
    step: Callable[[RestoreStep], None] | None = None,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
) -> RestoreResult:
    """Replace the SQLite database at `url` by the checked content of `backup` (see the module's doc).

    Raises `RestoreRefused` (nothing changed) for PostgreSQL, a file that is not a sound DoseDesk database,
    the database file itself, or a database in use elsewhere. `step(name)` is called as each step begins
    (a progress bar); whatever it raises stops the restore, and before "replacing" nothing has changed.
    A database another connection is writing to is waited for `busy_timeout_ms`, then refused.
    """
    tell = step or (lambda _name: None)
    target = sqlite_target(url)
    backup = Path(backup).expanduser().resolve()
    _require_sqlite_file(backup)
    if target.exists() and backup.samefile(target):
        raise RestoreRefused(msg("{file} is the database in use, not a backup of it.", file=str(backup)))
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
        tell("replacing")
        aside = _set_aside(target, busy_timeout_ms)
        os.replace(staged, target)
        _sync_folder(target.parent)
        from app.services.witness import witness_after_restore

        witness_after_restore(f"sqlite:///{target}", backup)  # the audit witness follows the restored trail
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
    "DatabaseFileInfo",
    "RestoreRefused",
    "RestoreResult",
    "RestoreStep",
    "check_copy",
    "describe_database_file",
    "restore_database",
    "sqlite_target",
]
