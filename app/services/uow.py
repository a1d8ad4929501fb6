"""The unit of work every service takes (cosmicpython style, SQLAlchemy 2).

    uow = SqlUnitOfWork(database.session_factory, user=signed_in_user, reason="weight corrected")
    with uow:
        subject = uow.session.get(Subject, subject_id)
        subject.allergies = "penicillin"
        uow.commit()                  # without commit, leaving the block rolls everything back

The acting user and reason travel in `session.info`, where the audit listener reads them at flush time, so
every audited change made through the unit of work gets its audit row without the service doing anything.
`with uow.acting(other_user, "reason"):` changes who acts for part of the work (pending changes are flushed
first, so each change is attributed to whoever made it).

Blocks may nest (a service calling another with the same unit of work): the inner block shares the session;
only the outermost block rolls back and closes. `uow.afterwards(action)` keeps something however the work
ends: the action runs in a transaction of its own once the outermost block is left (a wrong signing password
is counted even though the signing it refused is rolled back).

Two users acting on the same record at once (docs/domain.md §10) get one success and one plain refusal,
"Someone else just did this: …", with nothing changed. The unit of work notes every record its transaction
reads; before it commits, and when the work is refused, it looks at the audit rows other connections wrote
since its transaction began (the engine notes the newest audit row id then, on SQLite before waiting for the
write lock). A row about a record it read, or a new or changed row owned by one (`__owners__`: a movement of
the lot, a toxicity of the subject), means someone else acted on that record meanwhile: the work is refused,
naming what the other did. An update from an overtaken read (`Versioned` records, PostgreSQL) matches no row
(SQLAlchemy's StaleDataError) and is refused the same way.

`SqlUnitOfWork(read_session_factory, read_only=True)` (`Database.read_uow()`) is for reading: its sessions
never take SQLite's write lock, and any attempt to write through it is a programming error. `uow.reading()` is a
short read beside the work (an e-signature's password is checked there, before the write transaction).
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from sqlalchemy import Connection, event, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from app.errors import DoseDeskError, InputError
from app.models import AuditAction, AuditLog, Base
from app.models.engine import AUDIT_MARK, MARK_AUDIT, READ_ONLY, DatabaseBusyError
from app.services import audit
from app.services.audit import ACTOR_KEY, CLOCK_KEY, HEAD_AT_FIRST_WRITE_KEY, REASON_KEY, Actor, utc_now
from app.services.reasons import recall_reason
from app.text import Message, message_of, msg

_WROTE = "dosedesk_wrote"  # session.info: flushed since the last commit
_MARK = "dosedesk_audit_mark"  # session.info: the newest audit row id when the transaction began
_READ = "dosedesk_read"  # session.info: (table, id) of every record the transaction loaded
_READ_ONLY = "dosedesk_read_only"  # session.info: a reading unit of work's session
_UNCHECKED = "dosedesk_unchecked"  # session.info: counters only, never refused as a concurrent change
_log = logging.getLogger(__name__)


class ConcurrentChangeError(InputError):
    """Someone else acted on a record this work read, at the same moment; nothing was saved."""


class ReadOnlyWorkError(RuntimeError):
    """A programming error: something tried to write through a reading unit of work."""


def _note_flush(session: Session, _context: object) -> None:
    session.info[_WROTE] = True


def _refuse_writing(session: Session, _context: object, _instances: object) -> None:
    if session.info.get(_READ_ONLY):
        raise ReadOnlyWorkError("a reading unit of work (Database.read_uow) cannot write; use Database.uow")


def _on_begin(session: Session, _transaction: SessionTransaction, connection: Connection) -> None:
    session.info.pop(HEAD_AT_FIRST_WRITE_KEY, None)
    session.info[_READ] = set()
    if connection.get_execution_options().get(MARK_AUDIT):
        session.info[_MARK] = connection.info.get(AUDIT_MARK)
    else:
        session.info.pop(_MARK, None)


def _note_read(target: Base, context: Any, *_args: Any) -> None:
    session = getattr(context, "session", None)
    if session is not None and _MARK in session.info:
        session.info[_READ].add(_key_of(target))


if not event.contains(Session, "after_flush", _note_flush):
    event.listen(Session, "after_flush", _note_flush)
if not event.contains(Session, "before_flush", _refuse_writing):
    event.listen(Session, "before_flush", _refuse_writing, insert=True)
if not event.contains(Session, "after_begin", _on_begin):
    event.listen(Session, "after_begin", _on_begin)
if not event.contains(Base, "load", _note_read):
    event.listen(Base, "load", _note_read, propagate=True)
    event.listen(Base, "refresh", _note_read, propagate=True)


class UnitOfWork(Protocol):
    """What a service may rely on."""

    @property
    def session(self) -> Session: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def afterwards(self, action: Callable[[], None]) -> None: ...

    @property
    def user(self) -> Actor | None: ...

    @property
    def reason(self) -> str | None: ...

    def acting(self, user: Actor | None, reason: str | None = None) -> AbstractContextManager[None]: ...

    def now(self) -> datetime: ...

    def reading(self) -> AbstractContextManager[Session]: ...

    def counters_only(self) -> None: ...

    @property
    def notes(self) -> dict[str, Any]: ...


def reading_factory(session_factory: Callable[[], Session]) -> Callable[[], Session]:
    """Sessions that only read, on the same database as `session_factory` (never SQLite's write lock)."""
    if isinstance(session_factory, sessionmaker):
        bind = session_factory.kw.get("bind")
        if bind is not None and hasattr(bind, "execution_options"):
            return sessionmaker(
                bind=bind.execution_options(**{READ_ONLY: True, MARK_AUDIT: False}),
                expire_on_commit=False,
                autoflush=True,
            )
    return session_factory


class SqlUnitOfWork:
    """A unit of work on a SQLAlchemy session factory (`Database.session_factory`; `read_only=True` on
    `Database.read_session_factory` for a unit of work that only reads)."""

    def __init__(
        self,
        session_factory: Callable[[], Session],
        user: Actor | None = None,
        reason: str | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        read_only: bool = False,
    ) -> None:
        audit.install()
        self.session_factory = session_factory
        self.read_only = read_only
        self._user = user
        self._reason = reason
        self._clock = clock or utc_now
        self._depth = 0
        self._session: Session | None = None
        self._afterwards: list[Callable[[], None]] = []
        self._notes: dict[str, Any] = {}
        self._reading_factory: Callable[[], Session] | None = None

    # --- who acts, and why ---

    @property
    def user(self) -> Actor | None:
        return self._user

    @user.setter
    def user(self, user: Actor | None) -> None:
        self._user = user
        self._publish()

    @property
    def reason(self) -> str | None:
        return self._reason

    @reason.setter
    def reason(self, reason: str | None) -> None:
        self._reason = reason
        self._publish()

    @contextmanager
    def acting(self, user: Actor | None, reason: str | None = None) -> Iterator[None]:
        """Attribute the changes made inside the block to `user`, for `reason`."""
        saved = (self._user, self._reason)
        if self._session is not None:
            self._session.flush()
        self._user, self._reason = user, reason
        self._publish()
        try:
            yield
            if self._session is not None:
                self._session.flush()
        finally:
            self._user, self._reason = saved
            self._publish()

    def now(self) -> datetime:
        """The time the unit of work stamps on records and audit rows (UTC, aware)."""
        return self._clock()

    def _publish(self) -> None:
        if self._session is not None:
            self._session.info[ACTOR_KEY] = self._user
            self._session.info[REASON_KEY] = self._reason
            self._session.info[CLOCK_KEY] = self._clock

    @property
    def notes(self) -> dict[str, Any]:
        """What a service keeps for the rest of this work (a password checked before the transaction)."""
        return self._notes

    # --- the session ---

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside `with uow:`")
        return self._session

    def __enter__(self) -> Self:
        if self._depth == 0:
            self._session = self.session_factory()
            if self.read_only:
                self._session.info[_READ_ONLY] = True
            self._publish()
        self._depth += 1
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._depth -= 1
        if self._depth == 0 and self._session is not None:
            session = self._session
            mark = None if session.info.get(_UNCHECKED) else session.info.get(_MARK)
            # What the failed work had read, to tell whether someone else changed it meanwhile.
            read = (
                set(session.info.get(_READ, ())) | _identities(session)
                if exc is not None and mark is not None
                else set()
            )
            try:
                # Undo what was written and not committed. A unit of work that only read skips the rollback,
                # which would expire every loaded object (costly on big reads, and useless after close).
                if session.info.pop(_WROTE, False) or session.new or session.dirty or session.deleted:
                    session.rollback()
            finally:
                session.close()
                self._session = None
            try:
                if exc is not None and mark is not None:
                    self._explain(exc, mark, read)
            finally:
                self._run_afterwards()

    def _explain(self, exc: BaseException, mark: int, read: set[tuple[str, str]]) -> None:
        """When the work failed because someone else acted on what it read meanwhile, say so (see the module's
        doc): a refusal keeps its own sentence after what the other did; an overtaken update is refused."""
        if isinstance(exc, ConcurrentChangeError | DatabaseBusyError):
            return
        if not isinstance(exc, DoseDeskError | StaleDataError | IntegrityError):
            return
        try:
            with self.reading() as session:
                other = _concurrent_change(session, mark, None, read)
        except (SQLAlchemyError, DoseDeskError):  # never hide why the work failed
            _log.exception("could not tell whether another workstation changed the same records")
            other = None
        if isinstance(exc, DoseDeskError):
            if other is not None:
                exc.args = (msg("{other} {refusal}", other=_describe(other), refusal=message_of(exc)),)
            return
        if other is None and isinstance(exc, IntegrityError):
            return
        raise ConcurrentChangeError(_refusal(other)) from exc

    def reading(self) -> AbstractContextManager[Session]:
        """A short read of its own beside the work (never SQLite's write lock): `with uow.reading() as s:`."""
        if self._reading_factory is None:
            self._reading_factory = (
                self.session_factory if self.read_only else reading_factory(self.session_factory)
            )
        return _closing(self._reading_factory)

    def counters_only(self) -> None:
        """Say, inside `with uow:`, that this work's changes are counts and stamps (a sign-in, a failed
        password) kept under a row lock: never refused because someone else acted on the same record."""
        self.session.info[_UNCHECKED] = True

    def afterwards(self, action: Callable[[], None]) -> None:
        """Run `action` once the outermost block is left, however its own work ended, in a unit of work of its
        own that is committed (the action uses this unit of work's session, acting user and clock). It keeps
        counts, so it is never refused as a concurrent change."""
        self._afterwards.append(action)

    def _run_afterwards(self) -> None:
        actions, self._afterwards = self._afterwards, []
        for action in actions:
            try:
                with self:
                    self.counters_only()
                    action()
                    self.commit()
            except Exception:  # never hide why the work itself failed; the fault is in the log
                _log.exception("an action kept after a unit of work could not be saved")

    def commit(self) -> None:
        """Commit the work; refused (ConcurrentChangeError, nothing saved) when someone else acted meanwhile on
        a record it read."""
        session = self.session
        mark = session.info.get(_MARK)
        if mark is not None and session.info.get(_UNCHECKED) is None:
            session.flush()
            read = session.info.get(_READ, set()) | _identities(session)
            other = _concurrent_change(session, mark, session.info.get(HEAD_AT_FIRST_WRITE_KEY), read)
            if other is not None:
                raise ConcurrentChangeError(_refusal(other))
        session.commit()
        session.info[_WROTE] = False
        # What was committed is this work's own: the next transaction notes its own mark.
        session.info.pop(_MARK, None)

    def rollback(self) -> None:
        self.session.rollback()


@contextmanager
def _closing(factory: Callable[[], Session]) -> Iterator[Session]:
    session = factory()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


# --- someone else, at the same moment -------------------------------------------------------------------


@dataclass(frozen=True)
class _OtherChange:
    """The first audit row another connection wrote, since this work began, about a record it read."""

    user_name: str
    reason: str | None
    table_name: str
    at: datetime


_WHAT: dict[str, Message] = {
    "infusion_orders": msg("an order was changed"),
    "infusion_order_steps": msg("an order was changed"),
    "preparation_lines": msg("an order was changed"),
    "visits": msg("a visit was changed"),
    "subjects": msg("the subject's record was changed"),
    "stock_lots": msg("a lot was changed"),
    "stock_movements": msg("a lot was changed"),
    "users": msg("a user account was changed"),
    "protocol_versions": msg("the protocol version was changed"),
}


def _refusal(other: _OtherChange | None) -> Message:
    if other is None:
        return msg(
            "Someone else changed this at the same moment, so nothing was saved: look at it again, then do what "
            "is still needed."
        )
    return msg(
        "{other} Nothing was saved: look at it again, then do what is still needed.",
        other=_describe(other),
    )


def _describe(other: _OtherChange) -> Message:
    what = (
        recall_reason(other.reason)
        if other.reason
        else _WHAT.get(other.table_name, msg("a record was changed"))
    )
    return msg(
        "Someone else just did this: {what} ({name}, {time}).",
        what=what,
        name=other.user_name,
        time=other.at.astimezone().strftime("%H:%M:%S"),
    )


def _key_of(record: Base) -> tuple[str, str]:
    from sqlalchemy import inspect

    identity = inspect(record).identity or ()
    return record.__table__.name, ",".join(map(str, identity))  # type: ignore[attr-defined]


def _identities(session: Session) -> set[tuple[str, str]]:
    return {
        (cls.__table__.name, ",".join(map(str, key)))
        for cls, key, *_token in session.identity_map.keys()  # noqa: SIM118 - not iterable itself
    }


def _models() -> dict[str, type[Base]]:
    return {
        mapper.class_.__table__.name: mapper.class_
        for mapper in Base.registry.mappers
        if hasattr(mapper.class_, "__table__")
    }


_ROW = (
    AuditLog.id,
    AuditLog.table_name,
    AuditLog.record_id,
    AuditLog.action,
    AuditLog.field,
    AuditLog.old_value,
    AuditLog.new_value,
    AuditLog.user_name,
    AuditLog.reason,
    AuditLog.at,
)


def _concurrent_change(
    session: Session, mark: int, own_after: int | None, read: set[tuple[str, str]]
) -> _OtherChange | None:
    """What someone else did, since audit row `mark`, to a record in `read` (or to a row such a record owns);
    None when nobody did. Rows after `own_after` are this transaction's own."""
    query = select(*_ROW).where(AuditLog.id > mark).order_by(AuditLog.id)
    if own_after is not None:
        query = query.where(AuditLog.id <= own_after)
    rows = list(session.execute(query))
    if not rows:
        return None
    models = _models()
    rows = [row for row in rows if not _bookkeeping(models.get(row.table_name), row.action, row.field)]
    owners = _owned_by(session, rows)
    for row in rows:
        key = (row.table_name, row.record_id)
        if ({key} | owners.get(key, set())) & read:
            return _OtherChange(row.user_name, row.reason, row.table_name, row.at)
    return None


def _bookkeeping(model: type[Base] | None, action: str, field: str | None) -> bool:
    """A stamp or a count on the record (a user's last sign-in), not an act on it."""
    return model is not None and action == AuditAction.UPDATE and field in model.__bookkeeping__


def _owned_by(session: Session, rows: Iterable[Any]) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """For each audited row of a class with `__owners__`, the records it belongs to (its lot, its subject …)."""
    models = _models()
    found: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    to_look_up: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        model = models.get(row.table_name)
        if model is None or not model.__owners__:
            continue
        content = row.new_value if row.action == AuditAction.CREATE else row.old_value
        if row.action in (AuditAction.CREATE, AuditAction.DELETE) and content:
            try:
                values = json.loads(content)
            except ValueError:
                continue
            found[(row.table_name, row.record_id)] |= _owner_keys(model, values)
        else:
            to_look_up[row.table_name].add(row.record_id)
    for table_name, record_ids in to_look_up.items():
        model = models[table_name]
        table = model.__table__
        ids = [int(record_id) for record_id in record_ids if record_id.isdigit()]
        columns = [table.c[name] for name in model.__owners__]
        for owned in session.execute(select(table.c.id, *columns).where(table.c.id.in_(ids))):
            values = dict(zip(model.__owners__, owned[1:], strict=True))
            found[(table_name, str(owned[0]))] |= _owner_keys(model, values)
    return found


def _owner_keys(model: type[Base], values: dict[str, Any]) -> set[tuple[str, str]]:
    keys: set[tuple[str, str]] = set()
    table = model.__table__
    for name in model.__owners__:
        value = values.get(name)
        if value is None:
            continue
        for foreign_key in table.c[name].foreign_keys:
            keys.add((foreign_key.column.table.name, str(value)))
    return keys
