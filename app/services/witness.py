"""The audit trail's head, witnessed outside the database, so that a recomputed chain shows.

The hash chain (`app.services.audit`) shows any row changed, inserted or removed, unless whoever changed it
also recomputed every hash after it. This module keeps, in the data folder of this computer, what DoseDesk
itself wrote last: one small file per database (`data_dir()/audit-witness/<digest of the place>.json`) saying
which database it is (its identity: the hash of its first audit row, which never changes), the last row id and
hash written here, and a few older (row, hash) checkpoints. `dosedesk check` compares them with the chain
(`witness_findings`): a witnessed row whose hash changed means the trail was rewritten after the last
checkpoint that still matches; a witnessed row that is gone means rows were removed from its end (or an older
copy put in place). A witness that is merely behind is fine on PostgreSQL (other workstations write too: each
keeps its own); on SQLite, the one-workstation database, rows that no DoseDesk here wrote are named.

How it is kept: every flush that appends audit rows tells `note_append` what the head was before and after;
just before the transaction's COMMIT (a connection `commit` event, still holding the write lock that
serialises the chain, so witness writes follow the chain's order) the file is rewritten in place, one fixed-size
block (a process killed at any moment leaves the old block or the new one). It is not synced to the disk on its
own: a sync costs as much as the commit's own (milliseconds), and only a computer losing power in the seconds
after a change can lose that change's witness; check then names those rows, saying so. The witness so records
`pending` (the head this commit makes) and `head` (the head committed before it); once the COMMIT is done, the
session's `after_commit` makes `pending` the `head` (under a file lock, unless a newer write was witnessed
meanwhile). A process killed after its COMMIT leaves `pending` in the chain, one killed before it (or a COMMIT
that failed) leaves `pending` absent from it, and neither is a false alarm. A witness that cannot be written is logged and
never fails the user's write; `dosedesk check` says so.

The file says where the database is, so each place has its own witness: a backup copy opened somewhere else,
or a PostgreSQL database on another server, never disturbs this one's. A database made new at a place (its
first audit row written) starts the place's witness again, the old one kept under `previous`. A restore
(`witness_after_restore`) or `dosedesk check --reset-witness` after a restore made outside DoseDesk does the
same for a database with history.

Backups carry the head they hold (`write_backup_head`: `<copy>.head.json` beside the copy); the printed clinic
day list prints it short (`head_label`); `dosedesk check --against` compares either with the trail.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import time
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, event, func, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from app.dosing.format import format_number
from app.errors import InputError
from app.models import AuditLog
from app.models.engine import data_dir, sqlite_file
from app.text import msg

if TYPE_CHECKING:
    from app.services.database import Database

FOLDER_NAME = "audit-witness"
BLOCK_SIZE = 8192  # the file is one block, rewritten in place with one write: never a half-written witness
FORMAT = 1
KIND = "DoseDesk audit witness"
BACKUP_KIND = "DoseDesk backup head"
RECENT_CHECKPOINTS = 8
MAX_RANGES = 20
MAX_PREVIOUS = 3
SHORT_HASH = 12  # hex digits of a head printed on paper

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Head:
    """One audit row as witnessed: its id and its hash."""

    row: int
    hash: str

    def as_json(self) -> list[Any]:
        return [self.row, self.hash]

    @classmethod
    def of(cls, value: Any) -> Head | None:
        if value is None:
            return None
        row, digest = value
        return cls(int(row), str(digest))


@dataclass
class Witness:
    """What one computer witnessed of the database at one place."""

    location: str
    database: str | None  # the identity: the hash of the database's first audit row
    head: Head | None = None  # the last row known committed when this computer last wrote
    pending: Head | None = None  # the head this computer's last write made (committed unless rolled back)
    at: str | None = None  # when (UTC) this computer last wrote
    checkpoints: list[Head] = field(default_factory=list)  # older heads, ever sparser into the past
    unwitnessed: list[tuple[int, int]] = field(default_factory=list)  # rows no DoseDesk here wrote
    previous: list[dict[str, Any]] = field(default_factory=list)  # databases this place held before

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": KIND,
            "format": FORMAT,
            "location": self.location,
            "database": self.database,
            "head": self.head.as_json() if self.head else None,
            "pending": self.pending.as_json() if self.pending else None,
            "at": self.at,
            "checkpoints": [point.as_json() for point in self.checkpoints],
            "unwitnessed": [list(pair) for pair in self.unwitnessed],
            "previous": self.previous,
        }

    @classmethod
    def from_json(cls, data: Any) -> Witness:
        if not isinstance(data, dict) or data.get("kind") != KIND:
            raise ValueError("not a DoseDesk audit witness")
        return cls(
            location=str(data["location"]),
            database=data.get("database"),
            head=Head.of(data.get("head")),
            pending=Head.of(data.get("pending")),
            at=data.get("at"),
            checkpoints=[Head(int(r), str(h)) for r, h in data.get("checkpoints") or []],
            unwitnessed=[(int(a), int(b)) for a, b in data.get("unwitnessed") or []],
            previous=list(data.get("previous") or []),
        )

    def witnessed(self) -> list[Head]:
        """Every row witnessed as committed (checkpoints and head), oldest first, one per row id."""
        points = {point.row: point for point in self.checkpoints}
        if self.head is not None:
            points[self.head.row] = self.head
        return [points[row] for row in sorted(points)]


class WitnessUnreadable(Exception):
    """The witness file exists but cannot be read as one."""


# --- where -----------------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _location_of_text(url_text: str) -> str | None:
    url = make_url(url_text)
    if url.get_backend_name() == "sqlite":
        path = sqlite_file(url)
        if path is None:
            return None  # an in-memory database has nothing to witness across processes
        return os.path.normcase(os.path.realpath(path))
    host = url.host or "localhost"
    port = url.port or 5432
    user = f"{url.username}@" if url.username else ""
    return f"postgresql://{user}{host}:{port}/{url.database or ''}"


def location(url: URL | str) -> str | None:
    """The place of a database, as the witness names it: a SQLite file's real path, or server and database."""
    text = url.render_as_string(hide_password=True) if isinstance(url, URL) else str(url)
    return _location_of_text(text)


def witness_folder() -> Path:
    return data_dir() / FOLDER_NAME


def witness_file(place: str) -> Path:
    digest = hashlib.sha256(place.encode("utf-8")).hexdigest()[:32]
    return witness_folder() / f"{digest}.json"


# --- reading and writing the file ------------------------------------------------------------------------


def read_witness(place: str) -> Witness | None:
    """The witness kept here for `place`; None when there is none. A damaged file is `WitnessUnreadable`."""
    path = witness_file(place)
    problem: Exception | None = None
    for attempt in range(3):  # a reader may meet a write in progress: read again
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise WitnessUnreadable(str(exc)) from exc
        try:
            found = Witness.from_json(json.loads(raw.decode("utf-8")))
        except (ValueError, KeyError, TypeError) as exc:
            problem = exc
            time.sleep(0.005 * (attempt + 1))
            continue
        if found.location != place:
            raise WitnessUnreadable("it names another place")
        return found
    raise WitnessUnreadable(str(problem))


def _encode(witness: Witness) -> bytes:
    """The witness as one block; the oldest history goes first when it would not fit."""
    while True:
        data = json.dumps(witness.to_json(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if len(data) < BLOCK_SIZE - 1:
            return data + b"\n" + b" " * (BLOCK_SIZE - len(data) - 1)
        if witness.previous:
            witness.previous.pop(0)
        elif len(witness.unwitnessed) > 1:
            witness.unwitnessed.pop(0)
        elif len(witness.checkpoints) > 2:
            witness.checkpoints.pop(1)
        else:  # pragma: no cover - a place name of several kilobytes
            raise ValueError("the witness does not fit its block")


@contextmanager
def _locked(place: str) -> Iterator[int]:
    """The witness file of `place`, open and locked against this computer's other DoseDesk processes."""
    path = witness_file(place)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
    try:
        _lock(handle)
        yield handle
    finally:
        os.close(handle)  # closing releases the lock


def _lock(handle: int) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        os.lseek(handle, 0, os.SEEK_SET)
        msvcrt.locking(handle, msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
        return
    fcntl.flock(handle, fcntl.LOCK_EX)


def _read_block(handle: int, place: str) -> Witness | None:
    os.lseek(handle, 0, os.SEEK_SET)
    raw = os.read(handle, BLOCK_SIZE)
    if not raw.strip():
        return None
    try:
        found = Witness.from_json(json.loads(raw.decode("utf-8")))
    except (ValueError, KeyError, TypeError):
        return None
    return found if found.location == place else None


def _write_block(handle: int, witness: Witness) -> None:
    data = _encode(witness)
    os.lseek(handle, 0, os.SEEK_SET)
    os.write(handle, data)  # one write of one block: a reader sees the old block or the new one
    if os.fstat(handle).st_size > BLOCK_SIZE:  # pragma: no cover - only a file written by something else
        os.ftruncate(handle, BLOCK_SIZE)


def write_witness(witness: Witness) -> None:
    """Rewrite the witness file in place (one block); raises OSError when it cannot. Not synced (see above)."""
    with _locked(witness.location) as handle:
        _write_block(handle, witness)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _thin(points: Sequence[Head]) -> list[Head]:
    """Keep the recent checkpoints, and one per doubling of the distance from the newest further back."""
    ordered = sorted({point.row: point for point in points}.values(), key=lambda point: point.row)
    if len(ordered) <= RECENT_CHECKPOINTS + 1:
        return ordered
    newest = ordered[-1].row
    older, recent = ordered[:-RECENT_CHECKPOINTS], ordered[-RECENT_CHECKPOINTS:]
    kept: dict[int, Head] = {}
    for point in older:  # oldest first: each distance band keeps its oldest point
        kept.setdefault((newest - point.row).bit_length(), point)
    return [older[0], *sorted((p for p in kept.values() if p != older[0]), key=lambda p: p.row), *recent]


def _archive(old: Witness | None, why: str) -> list[dict[str, Any]]:
    if old is None or old.database is None:
        return old.previous if old else []
    last = old.pending or old.head
    entry = {
        "database": old.database,
        "head": last.as_json() if last else None,
        "until": _now(),
        "why": why,
    }
    return [*old.previous, entry][-MAX_PREVIOUS:]


# --- keeping it as the app writes ------------------------------------------------------------------------


@dataclass
class _Append:
    place: str
    identity: str
    before: Head | None  # the committed head this transaction's first flush found
    after: Head  # the head after its last flush
    witness: Witness | None = None  # the witness to write at COMMIT (None: leave the file alone)
    written: bool = False  # written at COMMIT: once the COMMIT is done, the head is confirmed


_PENDING: weakref.WeakKeyDictionary[Connection, _Append] = weakref.WeakKeyDictionary()
_CONFIRM_KEY = "dosedesk_witness_to_confirm"  # session.info: the append to confirm once committed
_SUSPENDED = False


@contextmanager
def suspended() -> Iterator[None]:
    """Write no witness inside the block (the benchmark's 'without' figure); never used by the app."""
    global _SUSPENDED
    saved, _SUSPENDED = _SUSPENDED, True
    try:
        yield
    finally:
        _SUSPENDED = saved


def note_append(
    connection: Connection,
    *,
    session: Session | None = None,
    identity: str,
    before: tuple[int, str] | None,
    after: tuple[int, str],
) -> None:
    """Called by the audit listener after a flush appended rows: prepare the witness its COMMIT writes.

    Never raises: a witness that cannot be prepared is logged, and the user's write goes on.
    """
    if _SUSPENDED:
        return
    try:
        current = _PENDING.get(connection)
        if current is not None and connection.in_transaction():
            current.after = Head(*after)
            if current.witness is not None:
                current.witness.pending = current.after
            return
        place = location(connection.engine.url)
        if place is None:
            return
        append = _Append(place, identity, Head(*before) if before else None, Head(*after))
        append.witness = _prepare(connection, append)
        _PENDING[connection] = append
        if session is not None:
            session.info[_CONFIRM_KEY] = append
    except Exception:
        _log.warning("the audit trail's head could not be witnessed", exc_info=True)


def _chain_hashes(connection: Connection | Session, rows: set[int]) -> dict[int, str]:
    if not rows:
        return {}
    found = connection.execute(select(AuditLog.id, AuditLog.row_hash).where(AuditLog.id.in_(sorted(rows))))
    return {int(row_id): str(digest) for row_id, digest in found}


def _matches(point: Head | None, chain: dict[int, str]) -> bool:
    return point is not None and chain.get(point.row) == point.hash


def _prepare(connection: Connection, append: _Append) -> Witness | None:
    """The witness this transaction's COMMIT writes, from the file as it is now (read under the write lock)."""
    try:
        old = read_witness(append.place)
    except WitnessUnreadable:
        old = None  # a damaged witness is started again; check has said so until now
    if old is None or old.database != append.identity:
        if old is not None and old.database is not None and append.before is not None:
            _log.warning(
                "the database at %s is not the one witnessed there; the witness is left for check to report "
                "(a restore, or `dosedesk check --reset-witness`, starts it again)",
                append.place,
            )
            return None
        why = "created" if append.before is None else "first written here"
        fresh = Witness(append.place, append.identity, previous=_archive(old, why))
        fresh.head = append.before
        fresh.checkpoints = [append.before] if append.before else []
        old = fresh
    else:
        chain = _chain_hashes(connection, {p.row for p in (old.pending, old.head) if p is not None})
        known = (
            old.pending if _matches(old.pending, chain) else old.head if _matches(old.head, chain) else None
        )
        before = append.before
        if known is None and (old.head is not None or old.pending is not None):
            # The trail no longer holds what was witnessed: keep the evidence as it is for check to report,
            # rather than witness the changed trail as if it were DoseDesk's own.
            _log.warning("the audit trail at %s no longer holds the head witnessed there", append.place)
            return None
        if before is not None:
            if known is None or known.row < before.row:
                # Rows this computer did not write came between (another workstation, or not DoseDesk).
                first = known.row + 1 if known is not None else 1
                old.unwitnessed = [*old.unwitnessed, (first, before.row)][-MAX_RANGES:]
            old.head = before
            old.checkpoints = _thin([*old.checkpoints, before])
    old.pending = append.after
    old.at = _now()
    return old


def _on_commit(connection: Connection) -> None:
    """Just before the COMMIT, still holding the chain's lock: the witness of what this commit makes."""
    append = _PENDING.pop(connection, None)
    if append is None or append.witness is None:
        return
    try:
        write_witness(append.witness)
        append.written = True
    except Exception:
        _log.warning("the audit trail's head could not be witnessed in %s", witness_folder(), exc_info=True)


def _on_rollback(connection: Connection) -> None:
    _PENDING.pop(connection, None)


def _after_commit(session: Session) -> None:
    """The COMMIT is done: what it wrote is the witnessed head now (unless a newer write was witnessed)."""
    append = session.info.pop(_CONFIRM_KEY, None)
    if append is None or not append.written:
        return
    try:
        with _locked(append.place) as handle:
            current = _read_block(handle, append.place)
            if current is None or current.database != append.identity or current.pending != append.after:
                return  # the next write was witnessed already: it made this head the committed one
            current.head, current.pending = append.after, None
            current.checkpoints = _thin([*current.checkpoints, append.after])
            _write_block(handle, current)
    except Exception:
        _log.warning("the audit trail's head could not be witnessed in %s", witness_folder(), exc_info=True)


def _after_rollback(session: Session, *_args: Any) -> None:
    session.info.pop(_CONFIRM_KEY, None)


def install() -> None:
    """Attach the COMMIT and ROLLBACK listeners to every engine and session (idempotent)."""
    if not event.contains(Engine, "commit", _on_commit):
        event.listen(Engine, "commit", _on_commit)
    if not event.contains(Engine, "rollback", _on_rollback):
        event.listen(Engine, "rollback", _on_rollback)
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
    if not event.contains(Session, "after_soft_rollback", _after_rollback):
        event.listen(Session, "after_soft_rollback", _after_rollback)


# --- the database's own head -----------------------------------------------------------------------------


def chain_ends(connection: Connection | Session) -> tuple[str | None, Head | None]:
    """(identity, head) of the trail as it is: the first row's hash and the last row; (None, None) if empty."""
    first = connection.execute(select(AuditLog.row_hash).order_by(AuditLog.id).limit(1)).scalar()
    last = connection.execute(
        select(AuditLog.id, AuditLog.row_hash).order_by(AuditLog.id.desc()).limit(1)
    ).first()
    if first is None or last is None:
        return None, None
    return str(first), Head(int(last[0]), str(last[1]))


def head_label(session: Session) -> str:
    """The trail's head for paper: "audit row 4,510 · 3fa9c2d1e0b4" ("" for an empty trail)."""
    _identity, head = chain_ends(session)
    if head is None:
        return ""
    return f"audit row {format_number(head.row)} · {head.hash[:SHORT_HASH]}"


# --- starting again: a new database, a restore -----------------------------------------------------------


def _database_place(database: Database | str | URL) -> tuple[Database, bool]:
    from app.services.database import Database, open_database

    if isinstance(database, Database):
        return database, False
    return open_database(database, create=False, migrate=False), True


def reset_witness(database: Database | str | URL, why: str = "reset") -> Witness | None:
    """Start this computer's witness of `database` again from its trail as it is now (the old one is kept
    under `previous`). For a restore, or an admin's `dosedesk check --reset-witness`; None for an in-memory
    database. Raises OSError when the witness cannot be written."""
    opened, close = _database_place(database)
    try:
        place = location(opened.url)
        if place is None:
            return None
        with opened.read_session_factory() as session:
            identity, head = chain_ends(session)
        return start_witness(place, identity, head, why)
    finally:
        if close:
            opened.dispose()


def start_witness(place: str, identity: str | None, head: Head | None, why: str) -> Witness:
    """This computer's witness of the database at `place` started again at `head` (the old one kept under
    `previous`): for a restore, which calls it while it still holds the restored file alone, so that no other
    DoseDesk can write in between. Raises OSError when the witness cannot be written."""
    try:
        old = read_witness(place)
    except WitnessUnreadable:
        old = None
    fresh = Witness(place, identity, head=head, at=_now(), previous=_archive(old, why))
    fresh.checkpoints = [head] if head else []
    write_witness(fresh)
    return fresh


def witness_after_restore(database: Database | str | URL, source: Path | None = None) -> Witness | None:
    """Call after a restore replaced the content of `database`: its witness follows the restored trail.

    `source` (the backup restored from) is recorded with it. A failure to write is logged, never raised:
    the restore itself is done; `dosedesk check` then says the witness is missing or stale.
    """
    why = f"restored from {source.name}" if source is not None else "restored"
    try:
        return reset_witness(database, why)
    except OSError:
        _log.warning("the witness could not be started again after a restore", exc_info=True)
        return None


def forget_place(database: Database) -> None:
    """A database was just made at this place: whatever was witnessed here before is history."""
    place = location(database.url)
    if place is None:
        return
    try:
        old = read_witness(place)
    except WitnessUnreadable:
        old = None
    if old is None or old.database is None:
        return
    try:
        write_witness(Witness(place, None, at=_now(), previous=_archive(old, "replaced by a new database")))
    except OSError:
        _log.warning("the witness could not be started again for a new database", exc_info=True)


def follow_upgrade(database: Database) -> None:
    """After a schema upgrade (which may append audit rows outside any session): the witness follows."""
    place = location(database.url)
    if place is None:
        return
    try:
        old = read_witness(place)
        if old is None or old.database is None:
            return
        with database.read_session_factory() as session:
            identity, head = chain_ends(session)
            chain = _chain_hashes(session, {p.row for p in (old.pending, old.head) if p is not None})
        known = (
            old.pending if _matches(old.pending, chain) else old.head if _matches(old.head, chain) else None
        )
        if identity != old.database or head is None or known is None:
            return  # not the database witnessed here, or not as witnessed: check says so
        old.head, old.pending, old.at = head, None, _now()
        old.checkpoints = _thin([*old.checkpoints, head])
        write_witness(old)
    except (OSError, WitnessUnreadable):
        _log.warning("the witness could not follow the schema upgrade", exc_info=True)


# --- checking --------------------------------------------------------------------------------------------


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _records_in(session: Session, first: int, last: int, most: int = 4) -> str:
    rows = session.execute(
        select(AuditLog.table_name, AuditLog.record_id)
        .where(AuditLog.id.between(first, last))
        .group_by(AuditLog.table_name, AuditLog.record_id)
        .order_by(func.min(AuditLog.id))
        .limit(most + 1)
    ).all()
    names = [f"{table} {record}" for table, record in rows[:most]]
    if len(rows) > most:
        names.append("…")
    return ", ".join(names)


def _rows_between(session: Session, first: int, last: int) -> tuple[int, int] | None:
    found = session.execute(
        select(func.min(AuditLog.id), func.max(AuditLog.id)).where(AuditLog.id.between(first, last))
    ).first()
    if found is None or found[0] is None:
        return None
    return int(found[0]), int(found[1])


def _writable(folder: Path) -> str | None:
    """Why the witness folder cannot be written, or None when it can."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def witness_findings(session: Session) -> Findings:
    """What the witness kept on this computer says about the trail: problems, and things to note."""
    found = Findings()
    bind = session.get_bind()
    place = location(bind.engine.url)
    if place is None:
        return found
    folder = witness_folder()
    unwritable = _writable(folder)
    if unwritable is not None:
        found.notes.append(
            msg(
                "The witness of the audit trail cannot be written in {folder} ({problem}): changes made here are "
                "not witnessed outside the database until it can.",
                folder=str(folder),
                problem=unwritable,
            )
        )
    identity, head = chain_ends(session)
    try:
        kept = read_witness(place)
    except WitnessUnreadable as exc:
        found.notes.append(
            msg(
                "The witness {file} of the audit trail cannot be read ({problem}); DoseDesk starts it again at "
                "its next change made here. A rewritten trail cannot be told from here until then.",
                file=str(witness_file(place)),
                problem=str(exc),
            )
        )
        return found
    if kept is None or kept.database is None:
        if identity is not None:
            found.notes.append(
                msg(
                    "No witness of this database's audit trail is kept on this computer (none was written here "
                    "yet, or it was deleted): a trail rewritten together with its records cannot be told from "
                    "here. DoseDesk keeps one from its next change made here."
                )
            )
        return found
    last_seen = kept.pending or kept.head
    seen_row = format_number(last_seen.row) if last_seen else "0"
    if identity is None:
        found.problems.append(
            msg(
                "The audit trail is empty, but DoseDesk on this computer witnessed it up to row {row} ({at} UTC): "
                "it was emptied outside DoseDesk.",
                row=seen_row,
                at=kept.at or "?",
            )
        )
        return found
    if identity != kept.database:
        found.problems.append(
            msg(
                "This is not the database DoseDesk on this computer witnessed at this place (that one's audit "
                "trail began differently, and reached row {row} on {at} UTC): the database was replaced outside "
                "DoseDesk, or its whole audit trail rewritten. After a restore made outside DoseDesk, "
                "`dosedesk check --reset-witness` starts the witness again.",
                row=seen_row,
                at=kept.at or "?",
            )
        )
        return found
    assert head is not None
    points = kept.witnessed()
    chain = _chain_hashes(session, {p.row for p in points} | ({kept.pending.row} if kept.pending else set()))
    if kept.pending is not None and kept.pending.row in chain:
        # The last write's head, unconfirmed: in the chain it was committed (or its row rewritten); absent,
        # its process may have died between the witness and the COMMIT, which is no fault.
        points = sorted({p.row: p for p in [*points, kept.pending]}.values(), key=lambda p: p.row)
    found.problems.extend(_rewrites(points, chain, head, kept.at))
    if found.problems or bind.dialect.name != "sqlite":
        return found  # PostgreSQL: other workstations append too; each keeps its own witness
    effective = kept.pending if _matches(kept.pending, chain) else kept.head
    ranges = list(kept.unwitnessed)
    if effective is None or effective.row < head.row:
        ranges.append(((effective.row if effective else 0) + 1, head.row))
    for first, last in _merged(ranges):
        present = _rows_between(session, first, last)
        if present is None:
            continue
        found.problems.append(
            msg(
                "Audit rows {first} to {last} ({records}) were not written by DoseDesk on this computer, which "
                "witnesses every change it makes to this database: they were added outside DoseDesk (or by a "
                "DoseDesk using another data folder, or just before this computer lost power).",
                first=format_number(present[0]),
                last=format_number(present[1]),
                records=_records_in(session, *present),
            )
        )
    return found


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


def _rewrites(points: list[Head], chain: dict[int, str], head: Head, at: str | None) -> list[str]:
    """The witnessed rows that no longer match, as one sentence (or none)."""
    intact = [p for p in points if chain.get(p.row) == p.hash]
    last_intact = intact[-1].row if intact else None
    broken = [
        p for p in points if chain.get(p.row) != p.hash and (last_intact is None or p.row > last_intact)
    ]
    if not broken:
        return []
    first_broken = broken[0]
    when = at or "?"
    if first_broken.row not in chain and first_broken.row > head.row:
        written = format_number(max(p.row for p in broken))
        if last_intact == head.row:  # the trail stops exactly at a row witnessed intact
            return [
                msg(
                    "The audit trail ends at row {last}, but DoseDesk on this computer wrote it up to row {row} "
                    "({at} UTC): rows were removed from its end, or an older copy of the database was put in its "
                    "place outside DoseDesk (or that last write failed as it was being saved).",
                    last=format_number(head.row),
                    row=written,
                    at=when,
                )
            ]
        return [
            msg(
                "The audit trail ends at row {last}, but DoseDesk on this computer wrote it up to row {row} ({at} "
                "UTC), and the rows after row {intact} are not the ones it wrote: they were removed or rewritten "
                "outside DoseDesk, or an older copy of the database was put in its place.",
                last=format_number(head.row),
                row=written,
                at=when,
                intact=format_number(last_intact or 0),
            )
        ]
    if last_intact is None:
        return [
            msg(
                "The audit trail was rewritten at or before row {row}: that row is not the one DoseDesk on this "
                "computer wrote and witnessed ({at} UTC), yet the chain of hashes holds, so every hash after the "
                "change was recomputed.",
                row=format_number(first_broken.row),
                at=when,
            )
        ]
    return [
        msg(
            "The audit trail was rewritten after row {intact}, at or before row {row}: that row is not the one "
            "DoseDesk on this computer wrote and witnessed ({at} UTC), yet the chain of hashes holds, so every "
            "hash after the change was recomputed.",
            intact=format_number(last_intact),
            row=format_number(first_broken.row),
            at=when,
        )
    ]


# --- backups and paper -----------------------------------------------------------------------------------


def backup_head_file(copy: Path) -> Path:
    return copy.with_name(copy.name + ".head.json")


def write_backup_head(database: Database, copy: Path, head: Head | None, identity: str | None) -> Path:
    """Beside a backup copy, the head it holds, so that the copy witnesses the trail too."""
    target = backup_head_file(copy)
    content = {
        "kind": BACKUP_KIND,
        "format": FORMAT,
        "location": location(database.url),
        "database": identity,
        "head": head.as_json() if head else None,
        "copy": copy.name,
        "taken_at": _now(),
    }
    target.write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
    return target


def _sqlite_copy_head(path: Path) -> tuple[str | None, Head | None, list[tuple[int, str, str]]]:
    """(identity, head, every (id, hash, description) row) of a SQLite copy, read only."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = connection.execute(
                "SELECT id, row_hash, table_name, record_id, field, new_value FROM audit_log ORDER BY id"
            ).fetchall()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise InputError(
            msg(
                "{file} could not be read as a DoseDesk database: {problem}.",
                file=str(path),
                problem=str(exc),
            )
        ) from exc
    if not rows:
        return None, None, []
    described = [(int(r[0]), str(r[1]), _describe(r[2], r[3], r[4], r[5])) for r in rows]
    return str(rows[0][1]), Head(int(rows[-1][0]), str(rows[-1][1])), described


def _describe(table: Any, record: Any, column: Any, value: Any) -> str:
    what = f"{table} {record}"
    if column:
        shown = "" if value is None else str(value)
        return f"{what} {column} → {shown[:60]}"
    return f"{what} created"


def parse_against(text: str) -> tuple[int, str] | None:
    """ "4,510:3fa9c2d1e0b4" or "audit row 4510 · 3fa9…" (a head printed on paper) → (row, hash prefix)."""
    cleaned = text.lower().replace("audit row", "").replace(",", "").replace(" ", "").replace("·", ":")
    row_text, _, digest = cleaned.partition(":")
    if not row_text.isdigit() or len(digest) < 8 or any(c not in "0123456789abcdef" for c in digest):
        return None
    return int(row_text), digest


def compare_against(session: Session, source: str) -> list[str]:
    """What differs between the trail and a witness of it: a backup copy (SQLite), its `.head.json`, or a
    head printed on paper ("ROW:HASH"). Empty when the trail still holds what the witness saw."""
    identity, head = chain_ends(session)
    paper = parse_against(source)
    if paper is not None:
        row, prefix = paper
        chain = _chain_hashes(session, {row})
        if row not in chain:
            if head is None or row > head.row:
                return [
                    msg(
                        "The audit trail ends at row {last}, but the head given was row {row}: rows were removed "
                        "from its end.",
                        last=format_number(head.row if head else 0),
                        row=format_number(row),
                    )
                ]
            return [msg("The audit trail has no row {row} any more.", row=format_number(row))]
        if not chain[row].startswith(prefix):
            return [
                msg(
                    "Row {row} of the audit trail is not the row printed ({printed}…; now {now}…): the trail was "
                    "rewritten at or before it.",
                    row=format_number(row),
                    printed=prefix,
                    now=chain[row][: len(prefix)],
                )
            ]
        return []
    path = Path(source).expanduser()
    if not path.is_file():
        raise InputError(
            msg(
                "{source} is neither a file nor a printed head (ROW:HASH, e.g. 4510:3fa9c2d1e0b4).",
                source=source,
            )
        )
    if path.name.endswith(".head.json"):
        return _against_head_file(session, path, identity)
    problems: list[str] = []
    head_file = backup_head_file(path)
    if head_file.is_file():
        problems.extend(_against_head_file(session, head_file, identity))
        with open(path, "rb") as stream:
            if stream.read(16) != b"SQLite format 3\x00":  # a pg_dump file: its head file says it all
                return problems
    copy_identity, copy_head, copy_rows = _sqlite_copy_head(path)
    if copy_head is None:
        return problems
    if copy_identity != identity:
        return [
            *problems,
            msg("{file} is a copy of another database (its audit trail begins differently).", file=path.name),
        ]
    live = {
        int(row_id): (str(digest), _describe(table, record, column, value))
        for row_id, digest, table, record, column, value in session.execute(
            select(
                AuditLog.id,
                AuditLog.row_hash,
                AuditLog.table_name,
                AuditLog.record_id,
                AuditLog.field,
                AuditLog.new_value,
            ).where(AuditLog.id <= copy_head.row)
        )
    }
    for row_id, digest, described in copy_rows:
        now = live.get(row_id)
        if now is None:
            problems.append(
                msg(
                    "Row {row} of the audit trail ({then}) is in the copy {file} but no longer in the database.",
                    row=format_number(row_id),
                    then=described,
                    file=path.name,
                )
            )
            break
        if now[0] != digest:
            problems.append(
                msg(
                    "Row {row} of the audit trail differs from the copy {file}: the copy says {then}, the "
                    "database now says {now}. The trail was rewritten from there.",
                    row=format_number(row_id),
                    file=path.name,
                    then=described,
                    now=now[1],
                )
            )
            break
    return problems


def _against_head_file(session: Session, path: Path, identity: str | None) -> list[str]:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
        if content.get("kind") != BACKUP_KIND:
            raise ValueError
        witnessed = Head.of(content.get("head"))
    except (OSError, ValueError, TypeError, AttributeError):
        raise InputError(msg("{file} is not the head of a DoseDesk backup.", file=str(path))) from None
    if witnessed is None:
        return []
    if content.get("database") != identity:
        return [msg("{file} is the head of a copy of another database.", file=path.name)]
    return compare_against(session, f"{witnessed.row}:{witnessed.hash}")
