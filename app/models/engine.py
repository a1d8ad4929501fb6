"""Engine set-up: where the database is, and how every connection to it behaves.

- Default: one SQLite file in the user's data folder, `user_data_dir("DoseDesk")/dosedesk.sqlite3`
  (DOSEDESK_DATA_DIR moves the folder, as it does for the window's settings).
  `--database URL` or `DOSEDESK_DATABASE_URL` choose another (a plain file path means a SQLite file;
  `postgresql://…` means PostgreSQL through psycopg 3).
- Every SQLite connection: WAL, `synchronous=FULL`, `foreign_keys=ON`, a busy timeout; SQLAlchemy takes over
  pysqlite's transaction handling so that write transactions begin with `BEGIN IMMEDIATE` (a session opened
  read-only begins a plain deferred transaction instead).
- A SQLite file on a network share is refused: SQLite's locking is not safe there (docs/domain.md §10).
- A database that stays locked becomes `DatabaseBusyError` ("The database is busy; try again"), never a
  traceback.
- A writing session (`make_session_factory(engine)`) notes, as its transaction begins, the id of the newest audit
  row (`connection.info[AUDIT_MARK]`; on SQLite read just before the write lock is taken, so a change another
  connection commits while this one waits for the lock is newer). The unit of work compares what it read with
  the audit rows written after the mark by someone else: two workstations acting on one record at once.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from app.errors import InputError
from app.text import msg

APP_NAME = "DoseDesk"
DATABASE_FILE_NAME = "dosedesk.sqlite3"
ENV_DATABASE_URL = "DOSEDESK_DATABASE_URL"
DEFAULT_BUSY_TIMEOUT_MS = 10_000

# Execution option: a session bound to `engine.execution_options(**{READ_ONLY: True})` begins a deferred
# (reading) transaction on SQLite instead of an immediate (writing) one, so it never waits for a writer.
READ_ONLY = "dosedesk_read_only"
# Execution option of writing sessions: note the newest audit row id as the transaction begins.
MARK_AUDIT = "dosedesk_mark_audit"
# `connection.info` key: the newest audit row id when the current writing transaction began (0: none yet).
AUDIT_MARK = "dosedesk_audit_mark"
# Test hook: called with the connection once the audit mark is read and just before a writing transaction takes
# the write lock (SQLite) or runs its first statement (PostgreSQL). Race tests make two processes meet here.
before_write_lock: list[Callable[[Connection], None]] = []

BUSY_MESSAGE = msg("The database is busy; try again.")

NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "afs",
        "ncpfs",
        "coda",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "ocfs2",
        "gfs2",
        "davfs",
        "webdav",
        "afpfs",
        "fuse.sshfs",
        "sshfs",
        "fuse.glusterfs",
        "fuse.cephfs",
        "fuse.davfs2",
        "fuse.s3fs",
        "fuse.rclone",
        "fuse.gcsfuse",
    }
)


class DatabaseBusyError(InputError):
    """Another user or workstation holds the database; the action changed nothing and can be tried again."""

    def __init__(self, message: str = BUSY_MESSAGE) -> None:
        super().__init__(message)


class NetworkShareError(InputError):
    """The SQLite file lies on a network share, where SQLite's locking cannot be trusted."""


class DatabaseLocationError(InputError):
    """The database URL or file cannot be used."""


# --- where the database is -------------------------------------------------------------------------------


ENV_DATA_DIR = "DOSEDESK_DATA_DIR"


def data_dir() -> Path:
    """The user's DoseDesk data folder (platformdirs), or DOSEDESK_DATA_DIR when set (portable installs)."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    return data_dir() / DATABASE_FILE_NAME


def resolve_database_url(url: str | None = None) -> URL:
    """The database to open: `url`, else DOSEDESK_DATABASE_URL, else the embedded SQLite file.

    A value without "://" is taken as the path of a SQLite file. `postgresql://` selects psycopg 3.
    """
    text = url or os.environ.get(ENV_DATABASE_URL) or ""
    if not text.strip():
        return make_url(f"sqlite:///{default_database_path()}")
    text = text.strip()
    if "://" not in text:
        return make_url(f"sqlite:///{Path(text).expanduser().resolve()}")
    try:
        parsed = make_url(text)
    except ArgumentError as exc:
        raise DatabaseLocationError(
            msg("This is not a database address DoseDesk understands: {address}", address=text)
        ) from exc
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername in ("postgresql", "postgresql+psycopg", "postgres"):
            return parsed.set(drivername="postgresql+psycopg")
        raise DatabaseLocationError(
            msg(
                "Use a postgresql:// address for PostgreSQL (DoseDesk connects with psycopg 3), not {driver}://.",
                driver=parsed.drivername,
            )
        )
    if parsed.get_backend_name() == "sqlite":
        if parsed.drivername not in ("sqlite", "sqlite+pysqlite"):
            raise DatabaseLocationError(
                msg("Use a sqlite:/// address for SQLite, not {driver}://.", driver=parsed.drivername)
            )
        return parsed
    raise DatabaseLocationError(
        msg(
            "DoseDesk works with SQLite or PostgreSQL; {backend} is not supported.",
            backend=parsed.get_backend_name(),
        )
    )


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL, or None for an in-memory database."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return Path(database)


# --- network shares --------------------------------------------------------------------------------------


def _unescape_mount_field(field: str) -> str:
    # /proc/mounts writes space, tab, newline and backslash as octal escapes.
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def parse_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, filesystem type) pairs from the text of /proc/mounts."""
    mounts: list[tuple[str, str]] = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            mounts.append((_unescape_mount_field(parts[1]), parts[2]))
    return mounts


def filesystem_type(path: Path, mounts: list[tuple[str, str]]) -> str | None:
    """The type of the filesystem holding `path`: the mount with the longest matching mount point."""
    target = str(path)
    best: tuple[int, str] | None = None
    for point, fstype in mounts:
        prefix = point.rstrip("/") + "/"
        if (target == point or target.startswith(prefix) or point == "/") and (
            best is None or len(point) > best[0]
        ):
            best = (len(point), fstype)
    return best[1] if best else None


def _linux_mounts() -> list[tuple[str, str]]:
    try:
        return parse_mounts(Path("/proc/mounts").read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return []


def _mac_mounts() -> list[tuple[str, str]]:  # pragma: no cover - macOS only
    try:
        output = subprocess.run(["/sbin/mount"], capture_output=True, text=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    mounts = []
    for line in output.splitlines():
        # "//user@server/share on /Volumes/share (smbfs, nodev, nosuid, mounted by user)"
        if " on " in line and " (" in line:
            rest = line.split(" on ", 1)[1]
            point, _, options = rest.rpartition(" (")
            mounts.append((point, options.split(",", 1)[0].strip(")")))
    return mounts


def _windows_network_reason(path: Path) -> str | None:  # pragma: no cover - Windows only
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return msg("a network (UNC) path")
    import ctypes

    drive = path.drive
    if drive:
        drive_remote = 4
        if ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote:  # type: ignore[attr-defined]
            return msg("the network drive {drive}", drive=drive)
    return None


def network_share_reason(path: Path, mounts: list[tuple[str, str]] | None = None) -> str | None:
    """Why `path` is on a network share ("an nfs4 network share"), or None when it is on a local disk.

    `mounts` lets tests supply the mount table; by default it is read from the system.
    """
    if sys.platform == "win32" and mounts is None:  # pragma: no cover - Windows only
        return _windows_network_reason(path)
    if str(path).startswith(("\\\\", "//")):
        return msg("a network (UNC) path")
    if mounts is None:
        mounts = _mac_mounts() if sys.platform == "darwin" else _linux_mounts()
    resolved = path.resolve()
    fstype = filesystem_type(resolved, mounts) if mounts else None
    if fstype and (
        fstype.lower() in NETWORK_FILESYSTEMS or fstype.lower().split(".")[-1] in NETWORK_FILESYSTEMS
    ):
        return msg("a {filesystem} network share", filesystem=fstype)
    return None


def refuse_network_share(path: Path, mounts: list[tuple[str, str]] | None = None) -> None:
    reason = network_share_reason(path, mounts)
    if reason:
        raise NetworkShareError(
            msg(
                "The database file {path} is on {reason}. SQLite must never be opened on a network share: "
                "keep the file on this computer's own disk, or point DoseDesk at a PostgreSQL server with "
                "--database postgresql://… (or DOSEDESK_DATABASE_URL).",
                path=str(path),
                reason=reason,
            )
        )


# --- engines ---------------------------------------------------------------------------------------------


def is_busy_error(exc: BaseException | None) -> bool:
    """True for the errors that mean "someone else holds the database right now"."""
    if exc is None:
        return False
    if isinstance(exc, sqlite3.OperationalError):
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
        text = str(exc).lower()
        return (
            "database is locked" in text or "database is busy" in text or "database table is locked" in text
        )
    sqlstate = getattr(exc, "sqlstate", None)
    # lock_not_available, serialization_failure, deadlock_detected
    return sqlstate in ("55P03", "40001", "40P01")


def _on_error(context: ExceptionContext) -> None:
    if is_busy_error(context.original_exception):
        raise DatabaseBusyError() from context.sqlalchemy_exception


_AUDIT_HEAD = "SELECT coalesce(max(id), 0) FROM audit_log"


def _mark_audit(connection: Connection) -> None:
    """Note the newest audit row id for a writing session, then run the test hooks (see `before_write_lock`)."""
    if not connection.get_execution_options().get(MARK_AUDIT):
        return
    connection.info[AUDIT_MARK] = int(connection.exec_driver_sql(_AUDIT_HEAD).scalar() or 0)
    for hook in list(before_write_lock):
        hook(connection)


def make_engine(
    url: str | URL | None = None,
    *,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    check_network_share: bool = True,
    echo: bool = False,
) -> Engine:
    """An engine for `url` (resolved as in `resolve_database_url`) with DoseDesk's connection rules."""
    resolved = url if isinstance(url, URL) else resolve_database_url(url)
    backend = resolved.get_backend_name()
    if backend == "sqlite":
        engine = _sqlite_engine(resolved, busy_timeout_ms, check_network_share, echo)
    else:
        engine = create_engine(
            resolved,
            echo=echo,
            pool_pre_ping=True,
            connect_args={
                "connect_timeout": 10,
                "application_name": "DoseDesk",
                "options": f"-c lock_timeout={busy_timeout_ms} -c timezone=UTC",
            },
        )
        event.listen(engine, "begin", _mark_audit)  # its first statement begins the transaction
    event.listen(engine, "handle_error", _on_error)
    return engine


def _sqlite_engine(url: URL, busy_timeout_ms: int, check_network_share: bool, echo: bool) -> Engine:
    path = sqlite_file(url)
    kwargs: dict[str, Any] = {}
    if path is None:
        kwargs["poolclass"] = StaticPool
    else:
        if check_network_share:
            refuse_network_share(path)
        if not path.parent.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseLocationError(
                    msg(
                        "DoseDesk cannot make the folder {folder}: {problem}",
                        folder=str(path.parent),
                        problem=str(exc),
                    )
                ) from exc
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
        **kwargs,
    )
    in_memory = path is None

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take over pysqlite's transaction handling: it would otherwise begin transactions lazily and
        # deferred, so two writers could both read the audit chain head before either writes.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            _connection_rules(cursor)
        except sqlite3.OperationalError as exc:  # e.g. a restore holds the file for a moment
            if is_busy_error(exc):
                raise DatabaseBusyError() from exc
            raise
        finally:
            cursor.close()

    def _connection_rules(cursor: Any) -> None:
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if not in_memory:
            mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
            if mode is None or str(mode[0]).lower() != "wal":
                raise DatabaseLocationError(
                    msg(
                        "DoseDesk could not switch the database file to write-ahead logging; "
                        "check that the folder is writable."
                    )
                )
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            _mark_audit(connection)  # outside any transaction: a read that never waits
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def make_session_factory(engine: Engine, *, read_only: bool = False) -> sessionmaker[Session]:
    """Sessions on `engine`; objects stay readable after commit (a screen may still show them).

    Reading sessions begin a deferred transaction on SQLite (they never wait for a writer); writing ones note the
    newest audit row as they begin (`AUDIT_MARK`)."""
    bind = engine.execution_options(**({READ_ONLY: True} if read_only else {MARK_AUDIT: True}))
    return sessionmaker(bind=bind, expire_on_commit=False, autoflush=True)
