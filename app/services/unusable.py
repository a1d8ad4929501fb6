"""An unusable database in plain words: what is wrong and what to do, instead of a driver's traceback.

    remember_database(url)                 # the database this process works on (the command line sets it)
    check_database_file(url)               # before opening: a folder, a device, not SQLite, cut short, read-only
    problem = unusable_database(exc)       # an UnusableDatabaseError for a driver's exception, else None

`unusable_database` reads the exceptions of sqlite3 and psycopg (and SQLAlchemy's wrappers of them) by their
class, SQLSTATE and message — "file is not a database", "unable to open database file", "disk I/O error",
"database or disk is full", "attempt to write a readonly database", a refused or timed-out connection — and
looks at the file itself where that tells more (a folder, /dev/null, a file cut short, a full or read-only
disk). The command line and the window both say these sentences.

Nothing here imports SQLAlchemy or psycopg at import time: the window imports this module while it starts.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.errors import InputError
from app.text import msg

_SQLITE_HEADER = b"SQLite format 3\x00"
# Below this much free space a failing write is the disk being full (SQLite reports some as "disk I/O error").
_NEARLY_FULL_BYTES = 256 * 1024

_remembered: list[str | None] = [None]


class UnusableDatabaseError(InputError):
    """The database cannot be used as it is (not a DoseDesk database, damaged, unreachable, read-only, on a
    full disk); nothing was changed, and the message says what to do."""


@dataclass(frozen=True)
class _Place:
    """Where the database is: a SQLite file, or a PostgreSQL server and database."""

    text: str  # for a sentence: the file, or host:port
    sqlite_path: Path | None
    server: str | None = None
    user: str | None = None
    database: str | None = None


def remember_database(url: str | None) -> None:
    """The database address this process was started on (None: DOSEDESK_DATABASE_URL, else the embedded
    file), so a failure can name the place."""
    _remembered[0] = url


def _place(url: str | None) -> _Place:
    from app.models.engine import resolve_database_url, sqlite_file

    try:
        resolved = resolve_database_url(url)
    except InputError:
        return _Place(str(url or ""), None)
    if resolved.get_backend_name() == "sqlite":
        path = sqlite_file(resolved)
        return _Place(str(path) if path else ":memory:", path)
    server = f"{resolved.host or 'localhost'}:{resolved.port or 5432}"
    return _Place(server, None, server, resolved.username, resolved.database)


# --- the SQLite file, looked at directly -----------------------------------------------------------------


def _file_problem(path: Path) -> UnusableDatabaseError | None:
    """What makes the SQLite file at `path` unusable, seen from the file system; None when nothing does (a
    missing file is for the caller to judge: the first start creates it)."""
    place = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return _cannot_open(place, exc.strerror or str(exc))
    if stat.S_ISDIR(info.st_mode):
        return UnusableDatabaseError(
            msg("{place} is a folder, not a DoseDesk database: give the database file itself.", place=place)
        )
    if not stat.S_ISREG(info.st_mode):
        return UnusableDatabaseError(
            msg(
                "{place} is not a file (it is a device or a pipe), so it is not a DoseDesk database: give the "
                "database file itself.",
                place=place,
            )
        )
    if info.st_size == 0:
        return None  # an empty file: SQLite takes it for an empty database (the caller says none is there)
    try:
        with path.open("rb") as stream:
            header = stream.read(100)
    except OSError as exc:
        return _cannot_open(place, exc.strerror or str(exc))
    if not header.startswith(_SQLITE_HEADER):
        return _not_dosedesk(place)
    expected = _expected_size(header)
    wal = path.with_name(path.name + "-wal")
    # A write-ahead log in use can hold pages the file itself has not received yet: judge the size only without.
    if expected is not None and info.st_size < expected and not (wal.exists() and wal.stat().st_size > 0):
        return UnusableDatabaseError(
            msg(
                "The database {place} is cut short ({size} of its {expected} bytes; a copy that did not "
                "finish?): DoseDesk will not use it. Restore it from a backup copy.",
                place=place,
                size=f"{info.st_size:,}",
                expected=f"{expected:,}",
            )
        )
    if _read_only(path.parent) or not os.access(path, os.W_OK):
        return _read_only_error(place)
    return None


def _expected_size(header: bytes) -> int | None:
    """The size the SQLite header says the file has (page size × page count), when the header vouches for it."""
    if len(header) < 100:
        return None
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if header[24:28] != header[92:96] or pages == 0 or page_size < 512:
        return None  # an old writer did not keep the count: nothing to compare with
    return page_size * pages


def _read_only(folder: Path) -> bool:
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except (OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        pass
    return folder.is_dir() and not os.access(folder, os.W_OK)


def _nearly_full(folder: Path) -> bool:
    try:
        info = os.statvfs(folder)
    except (OSError, AttributeError):
        return False
    return info.f_bavail * info.f_frsize < _NEARLY_FULL_BYTES


def check_database_file(url: str | None) -> None:
    """Refuse, in one sentence, a database that cannot be used before a command opens it: a SQLite file that is
    a folder, a device, not SQLite, cut short, or on a read-only disk or folder (nothing for a file that does
    not exist yet: the first start creates it); a PostgreSQL server that cannot be reached or refuses the
    connection (one connection, closed at once)."""
    place = _place(url)
    if place.sqlite_path is not None:
        problem = _file_problem(place.sqlite_path)
        if problem is not None:
            raise problem
    elif place.server is not None:
        _reach_postgresql(url, place)


def _reach_postgresql(url: str | None, place: _Place) -> None:
    import psycopg

    from app.models.engine import resolve_database_url

    plain = resolve_database_url(url).set(drivername="postgresql")
    try:
        psycopg.connect(plain.render_as_string(hide_password=False), connect_timeout=10).close()
    except psycopg.Error as exc:
        problem = _postgresql_problem(exc, place)
        if problem is not None:
            raise problem from None
        raise


# --- driver exceptions -------------------------------------------------------------------------------------


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo = [exc]
    while todo:
        item = todo.pop(0)
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        for linked in (getattr(item, "orig", None), item.__cause__, item.__context__):
            if isinstance(linked, BaseException):
                todo.append(linked)


def _is_psycopg(exc: BaseException) -> bool:
    return type(exc).__module__.split(".")[0] == "psycopg"


def unusable_database(exc: BaseException, url: str | None = None) -> UnusableDatabaseError | None:
    """`exc` as the plain sentence of an unusable database (naming the database at `url`, else the one this
    process remembers), or None when `exc` is not about the database being unusable."""
    if isinstance(exc, UnusableDatabaseError):
        return exc
    chain = list(_chain(exc))
    lazy: list[_Place] = []

    def place() -> _Place:
        if not lazy:
            lazy.append(_place(url if url is not None else _remembered[0]))
        return lazy[0]

    for item in chain:
        if isinstance(item, sqlite3.Error):
            return _sqlite_problem(item, place())
        if _is_psycopg(item):
            return _postgresql_problem(item, place())
    for item in chain:
        if isinstance(item, OSError) and item.errno in (errno.ENOSPC, errno.EDQUOT):
            return UnusableDatabaseError(
                msg("The disk is full: nothing more was written. Free some space on it and try again.")
            )
        if isinstance(item, OSError) and item.errno == errno.EROFS:
            return UnusableDatabaseError(
                msg("The disk is read-only: nothing was written. Write to a disk you may write to.")
            )
    return None


def _sqlite_problem(exc: sqlite3.Error, where: _Place) -> UnusableDatabaseError | None:
    text = str(exc).lower()
    place = where.text
    path = where.sqlite_path
    seen = _file_problem(path) if path is not None else None
    if "database or disk is full" in text or "disk is full" in text:
        return _disk_full(place)
    if "readonly database" in text or "read-only" in text:
        return _read_only_error(place)
    if "not a database" in text:
        return seen or _not_dosedesk(place)
    if "malformed" in text or "corrupt" in text:
        return seen or UnusableDatabaseError(
            msg(
                "The database {place} is damaged (SQLite says: {detail}); nothing was changed. Restore it from "
                "a backup copy; dosedesk check lists what is wrong.",
                place=place,
                detail=str(exc),
            )
        )
    if "disk i/o error" in text:
        if path is not None and _nearly_full(path.parent):
            return _disk_full(place)
        return seen or UnusableDatabaseError(
            msg(
                "The disk holding the database {place} failed to read or write (disk I/O error); nothing was "
                "written. Check the disk, then run dosedesk check.",
                place=place,
            )
        )
    if "unable to open" in text:
        if seen is not None:
            return seen
        if path is not None and not path.parent.is_dir():
            return _cannot_open(place, msg("its folder does not exist"))
        if path is not None and _read_only(path.parent):
            return _read_only_error(place)
        return _cannot_open(place, str(exc))
    if "no such table" in text:
        return UnusableDatabaseError(
            msg(
                "{place} is not a DoseDesk database, or an incomplete one (a table is missing): DoseDesk will "
                "not use it. Restore the database from a backup copy.",
                place=place,
            )
        )
    return None


def _postgresql_problem(exc: BaseException, where: _Place) -> UnusableDatabaseError | None:
    text = str(exc)
    lower = text.lower()
    state = str(getattr(exc, "sqlstate", "") or "")
    server = where.server or where.text
    if state == "53100" or "could not extend file" in lower or "no space left" in lower:
        return UnusableDatabaseError(
            msg(
                "The disk of the PostgreSQL server at {server} is full: nothing was written. Ask its "
                "administrator to free some space.",
                server=server,
            )
        )
    if (
        state in ("28P01", "28000")
        or "password authentication failed" in lower
        or "no password supplied" in lower
    ):
        return UnusableDatabaseError(
            msg(
                "The PostgreSQL server at {server} refused the user {user}: check the user name and password "
                "in the database address.",
                server=server,
                user=where.user or "?",
            )
        )
    if state == "3D000" or ("database" in lower and "does not exist" in lower):
        return UnusableDatabaseError(
            msg(
                "The PostgreSQL server at {server} has no database {name}: check the database name in the "
                "address, or ask its administrator to create it.",
                server=server,
                name=where.database or "?",
            )
        )
    if state == "25006":
        return UnusableDatabaseError(
            msg(
                "The PostgreSQL server at {server} only reads (a standby?): nothing was written. Connect to the "
                "server that takes writes.",
                server=server,
            )
        )
    if state == "42P01":
        return UnusableDatabaseError(
            msg(
                "The database {name} on the PostgreSQL server at {server} is not a DoseDesk database, or an "
                "incomplete one (a table is missing).",
                name=where.database or "?",
                server=server,
            )
        )
    if state == "42501":
        return UnusableDatabaseError(
            msg(
                "The PostgreSQL user {user} may not use the DoseDesk tables of {name} on the server at {server}: "
                "ask its administrator for the rights DoseDesk needs.",
                user=where.user or "?",
                name=where.database or "?",
                server=server,
            )
        )
    psycopg = sys.modules.get("psycopg")
    operational = psycopg is not None and isinstance(exc, psycopg.OperationalError)
    if operational or state.startswith("08") or state.startswith("57P"):
        return UnusableDatabaseError(
            msg(
                "Cannot reach the PostgreSQL server at {server}: check that it is running, that the address is "
                "right and that this workstation may connect to it. Nothing was changed.",
                server=server,
            )
        )
    return None


def _disk_full(place: str) -> UnusableDatabaseError:
    return UnusableDatabaseError(
        msg(
            "The disk is full: nothing was written to the database {place}. Free some space on that disk and "
            "try again.",
            place=place,
        )
    )


def _read_only_error(place: str) -> UnusableDatabaseError:
    return UnusableDatabaseError(
        msg(
            "The database {place} is read-only here (the file, its folder or its disk): nothing was written. "
            "DoseDesk needs to write to it and beside it; ask for write access, or copy it to a folder you can "
            "write to.",
            place=place,
        )
    )


def _not_dosedesk(place: str) -> UnusableDatabaseError:
    return UnusableDatabaseError(
        msg(
            "{place} is not a DoseDesk database (it is not a SQLite database file): check the database you asked "
            "DoseDesk to open, or restore it from a backup copy.",
            place=place,
        )
    )


def _cannot_open(place: str, reason: str) -> UnusableDatabaseError:
    return UnusableDatabaseError(
        msg(
            "DoseDesk cannot open the database {place} ({reason}): check that the file and its folder exist and "
            "that you may read and write them.",
            place=place,
            reason=reason,
        )
    )
