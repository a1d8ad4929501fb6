"""The audit trail: written automatically for every audited record, hash-chained, checked on demand.

Importing this module installs two listeners on every SQLAlchemy `Session`:

- `before_flush` refuses to flush a change to an audited record (a class with `__audited__ = True`) when the
  session does not say who is acting (`session.info["audit_actor"]`, set by the unit of work);
- `after_flush` writes the audit rows for that flush, in the same transaction: one `create` row per new record
  (field None, the record as canonical JSON in `new_value`), one `update` row per changed field (old → new), a
  `cancel` row when a status becomes "cancelled" or a `cancelled` flag becomes true, one `delete` row per deleted
  record (only where the database allows deletion at all).

The chain: each row's `row_hash` is SHA-256 over its canonical content and `prev_hash`, the previous row's
`row_hash`. To read the head and append without a race, SQLite relies on the IMMEDIATE write transaction the
engine begins (writers are serialised), PostgreSQL takes a transaction-scoped advisory lock; and the unique
index on `prev_hash` makes a fork impossible even if both failed. What each flush appended is told to
`app.services.witness`, which keeps the head outside the database when the transaction commits.

A redacted field (a password hash) never enters the trail: its rows hold `redacted_digest(value)`, a SHA-256 of
the value, so that replaying the trail can tell a replaced hash without the trail holding it. Rows written
before schema 0005 hold the bare REDACTED marker instead (kept as they were written).
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import event, insert, inspect, select, text
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.base import NO_VALUE

from app.models import GENESIS_HASH, AuditAction, AuditLog, Base
from app.models.base import is_row_version
from app.models.types import canonical_decimal
from app.services import witness
from app.text import msg

ACTOR_KEY = "audit_actor"
REASON_KEY = "audit_reason"
CLOCK_KEY = "audit_clock"
# session.info: the id of the chain head when this transaction first wrote audit rows (rows after it are its
# own: writers hold the chain from their first audit row to their commit). The unit of work clears it as each
# transaction begins.
HEAD_AT_FIRST_WRITE_KEY = "audit_head_at_first_write"

# pg_advisory_xact_lock key guarding the chain head ("DoseDesk audit" as a number).
CHAIN_LOCK_KEY = 0x446F73654175

REDACTED = "(changed; not recorded)"  # rows written before schema 0005: the value is not known at all
REDACTED_DIGEST_PREFIX = "(not recorded; sha256:"


def redacted_digest(value: str) -> str:
    """What the trail keeps of a redacted value: its SHA-256, never the value (a salted hash stays salted)."""
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()
    return f"{REDACTED_DIGEST_PREFIX}{digest})"


def is_redacted(text: str | None) -> bool:
    """True for what the trail writes in place of a redacted value (the old marker or a digest)."""
    return text is not None and (
        text == REDACTED or (text.startswith(REDACTED_DIGEST_PREFIX) and text.endswith(")"))
    )


class Actor(Protocol):
    """Whoever acts: a `User`, a signed-in user's summary, or `SystemActor`. Needs an id and a printed name."""

    @property
    def id(self) -> int | None: ...

    @property
    def full_name(self) -> str: ...


@dataclass(frozen=True)
class SystemActor:
    """DoseDesk itself acting (a migration, the demo filler, a command), named after what acts."""

    full_name: str
    id: int | None = None


class AuditActorMissing(RuntimeError):
    """A programming error: an audited record was changed without saying who acts (use `uow.acting`)."""


def utc_now() -> datetime:
    return datetime.now(UTC)


# --- canonical values ------------------------------------------------------------------------------------


def canonical_value(value: Any) -> str | None:
    """The one text form of a value in the audit log and in hashes: exact, stable across both databases."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(canonical_decimal(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("a naive datetime has no place in a record")
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise TypeError(f"cannot put a {type(value).__name__} in the audit log")


def canonical_json(content: Mapping[str, Any]) -> str:
    """Sorted-key compact JSON of canonical values: the text that gets hashed."""
    return json.dumps(
        {key: canonical_value(value) for key, value in content.items()},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )


def row_hash(
    *,
    prev_hash: str,
    at: datetime,
    user_id: int | None,
    user_name: str,
    action: str,
    table_name: str,
    record_id: str,
    field: str | None,
    old_value: str | None,
    new_value: str | None,
    reason: str | None,
) -> str:
    payload = json.dumps(
        [
            prev_hash,
            canonical_value(at),
            user_id,
            user_name,
            str(action),
            table_name,
            record_id,
            field,
            old_value,
            new_value,
            reason,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _hash_of_row(row: AuditLog) -> str:
    return row_hash(
        prev_hash=row.prev_hash,
        at=row.at,
        user_id=row.user_id,
        user_name=row.user_name,
        action=row.action,
        table_name=row.table_name,
        record_id=row.record_id,
        field=row.field,
        old_value=row.old_value,
        new_value=row.new_value,
        reason=row.reason,
    )


# --- what changed ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    action: AuditAction
    table_name: str
    record_id: str
    field: str | None
    old_value: str | None
    new_value: str | None


def _is_audited(obj: object) -> bool:
    return isinstance(obj, Base) and type(obj).__audited__


def _record_id(obj: Base) -> str:
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    if not key or any(part is None for part in key):  # pragma: no cover - after a flush every row has its key
        raise RuntimeError(f"{obj!r} has no primary key after flush")
    return ",".join(map(str, key))


def _snapshot(obj: Base) -> dict[str, Any]:
    """The record's column values as loaded, without loading anything (safe inside a flush)."""
    state = inspect(obj)
    redacted = type(obj).__audit_redacted__
    mapper = state.mapper
    values: dict[str, Any] = {}
    for attr in mapper.column_attrs:
        if is_row_version(mapper.class_, attr.key):
            continue
        loaded = state.attrs[attr.key].loaded_value
        if loaded is NO_VALUE:
            continue
        values[attr.key] = (
            redacted_digest(str(loaded)) if attr.key in redacted and loaded is not None else loaded
        )
    return values


def _is_cancellation(field: str, new: Any) -> bool:
    if field == "status" and new is not None and str(getattr(new, "value", new)) == "cancelled":
        return True
    return field == "cancelled" and new is True


def _changes(obj: Base) -> Iterator[_Entry]:
    state = inspect(obj)
    table_name = obj.__table__.name  # type: ignore[attr-defined]
    record_id = _record_id(obj)
    redacted = type(obj).__audit_redacted__
    for attr in state.mapper.column_attrs:
        if is_row_version(state.mapper.class_, attr.key):
            continue
        history = state.attrs[attr.key].history
        if not history.added and not history.deleted:
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old == new and type(old) is type(new):
            continue
        old_text: str | None
        new_text: str | None
        if attr.key in redacted:
            old_text = redacted_digest(str(old)) if old is not None else None
            new_text = redacted_digest(str(new)) if new is not None else None
        else:
            old_text, new_text = canonical_value(old), canonical_value(new)
        action = AuditAction.CANCEL if _is_cancellation(attr.key, new) else AuditAction.UPDATE
        yield _Entry(action, table_name, record_id, attr.key, old_text, new_text)


def _entries(session: Session) -> list[_Entry]:
    entries: list[_Entry] = []
    for obj in sorted((o for o in session.new if _is_audited(o)), key=_sort_key):
        content = _snapshot(obj)
        entries.append(
            _Entry(
                AuditAction.CREATE, obj.__table__.name, _record_id(obj), None, None, canonical_json(content)
            )
        )
    for obj in sorted((o for o in session.dirty if _is_audited(o)), key=_sort_key):
        if session.is_modified(obj, include_collections=False):
            entries.extend(_changes(obj))
    for obj in sorted((o for o in session.deleted if _is_audited(o)), key=_sort_key):
        entries.append(
            _Entry(
                AuditAction.DELETE,
                obj.__table__.name,
                _record_id(obj),
                None,
                canonical_json(_snapshot(obj)),
                None,
            )
        )
    return entries


def _sort_key(obj: Any) -> tuple[str, str]:
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return obj.__table__.name, ",".join(f"{part!s:>20}" for part in key)


# --- the listeners ---------------------------------------------------------------------------------------


def _has_audited_changes(session: Session) -> bool:
    if any(_is_audited(o) for o in session.new) or any(_is_audited(o) for o in session.deleted):
        return True
    return any(_is_audited(o) and session.is_modified(o, include_collections=False) for o in session.dirty)


def _before_flush(session: Session, _context: UOWTransaction, _instances: Any) -> None:
    if session.info.get(ACTOR_KEY) is None and _has_audited_changes(session):
        raise AuditActorMissing(
            "an audited record changed but the session does not say who acts: use uow.acting(user, reason)"
        )


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    entries = _entries(session)
    if not entries:
        return
    actor = session.info.get(ACTOR_KEY)
    if actor is None:  # pragma: no cover - _before_flush refused already
        raise AuditActorMissing("no acting user")
    _append(session, actor, entries)


def record_event(
    session: Session, *, table_name: str, record_id: str, field: str, new_value: str
) -> None:
    """One audit row for something done that changes no record (an export of the trial's data), chained and
    witnessed as every other row; inside `uow.acting(user, reason)`, written at once in the session's
    transaction (committed with it)."""
    actor = session.info.get(ACTOR_KEY)
    if actor is None:
        raise AuditActorMissing("no acting user")
    _append(session, actor, [_Entry(AuditAction.CREATE, table_name, record_id, field, None, new_value)])


def _append(session: Session, actor: Any, entries: list[_Entry]) -> None:
    clock: Callable[[], datetime] = session.info.get(CLOCK_KEY) or utc_now
    at = clock()
    user_id = getattr(actor, "id", None)
    user_name = str(getattr(actor, "full_name", None) or getattr(actor, "name", ""))
    reason = session.info.get(REASON_KEY)
    connection = session.connection()
    head_id, prev, first_hash = _lock_chain_head(connection)
    before = (head_id, prev) if head_id is not None else None
    session.info.setdefault(HEAD_AT_FIRST_WRITE_KEY, head_id or 0)
    rows = []
    for entry in entries:
        digest = row_hash(
            prev_hash=prev,
            at=at,
            user_id=user_id,
            user_name=user_name,
            action=entry.action,
            table_name=entry.table_name,
            record_id=entry.record_id,
            field=entry.field,
            old_value=entry.old_value,
            new_value=entry.new_value,
            reason=reason,
        )
        rows.append(
            {
                "at": at,
                "user_id": user_id,
                "user_name": user_name,
                "action": entry.action,
                "table_name": entry.table_name,
                "record_id": entry.record_id,
                "field": entry.field,
                "old_value": entry.old_value,
                "new_value": entry.new_value,
                "reason": reason,
                "prev_hash": prev,
                "row_hash": digest,
            }
        )
        prev = digest
    # One statement per row, in chain order, so the ids follow the chain on both databases.
    statement = insert(AuditLog)
    last_id: Any = None
    for row in rows:
        inserted = connection.execute(statement, row).inserted_primary_key
        last_id = inserted[0] if inserted else None
    if last_id is not None:
        witness.note_append(
            connection,
            session=session,
            identity=first_hash or str(rows[0]["row_hash"]),
            before=before,
            after=(int(last_id), prev),
        )


def _lock_chain_head(connection: Any) -> tuple[int | None, str, str | None]:
    """Serialise writers on the chain head, then read it: (its id, its hash, the first row's hash).

    An empty trail gives (None, GENESIS_HASH, None). The first row's hash names the database (its identity
    for the witness): it is written once and never changes.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
    first = select(AuditLog.row_hash).order_by(AuditLog.id).limit(1).scalar_subquery()
    found = connection.execute(
        select(AuditLog.id, AuditLog.row_hash, first).order_by(AuditLog.id.desc()).limit(1)
    ).first()
    if found is None:
        return None, GENESIS_HASH, None
    return int(found[0]), str(found[1]), str(found[2])


def install() -> None:
    """Attach the audit listeners to every Session (idempotent; done at import), and the witness's."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
    witness.install()


install()


# --- reading and checking the trail ----------------------------------------------------------------------


def chain_problems(rows: Iterable[AuditLog]) -> list[str]:
    """What is wrong with a sequence of audit rows in id order, starting from the first row ever written."""
    problems: list[str] = []
    expected_prev = GENESIS_HASH
    previous_id: int | None = None
    for row in rows:
        if row.prev_hash != expected_prev:
            after = (
                msg("row {row}", row=previous_id)
                if previous_id is not None
                else msg("the start of the trail")
            )
            problems.append(
                msg(
                    "Audit trail: row {row} does not follow {after}; rows are missing or were inserted there.",
                    row=row.id,
                    after=after,
                )
            )
        if _hash_of_row(row) != row.row_hash:
            problems.append(
                msg(
                    "Audit trail: row {row} was changed after it was written (its hash does not match).",
                    row=row.id,
                )
            )
        expected_prev = row.row_hash
        previous_id = row.id
    return problems


def verify_chain(session: Session) -> list[str]:
    """Every problem found in the audit chain, one sentence each; an empty list means the chain is sound.

    Detects an edited row, a removed or inserted row anywhere before the last, and (on SQLite, whose
    AUTOINCREMENT counter lives in the same transaction) rows removed from the end.
    """
    table = AuditLog.__table__
    # Plain rows, streamed: nothing enters (or is evicted from) the session's identity map.
    rows = session.execute(select(table).order_by(table.c.id).execution_options(yield_per=5000))
    problems = chain_problems(rows)  # type: ignore[arg-type]  # rows carry the same attributes
    bind = session.get_bind()
    if bind.dialect.name == "sqlite":
        last_written = session.execute(
            text("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'")
        ).scalar()
        last_present = session.execute(select(AuditLog.id).order_by(AuditLog.id.desc()).limit(1)).scalar()
        if last_written is not None and (last_present or 0) < last_written:
            problems.append(
                msg(
                    "Audit trail: rows {first} to {last} were removed from its end.",
                    first=(last_present or 0) + 1,
                    last=last_written,
                )
            )
    return problems


def history(session: Session, record: Base) -> list[AuditLog]:
    """The audit rows of one record, oldest first (the chart's History tab)."""
    return list(
        session.execute(
            select(AuditLog)
            .where(AuditLog.table_name == record.__table__.name, AuditLog.record_id == _record_id(record))  # type: ignore[attr-defined]
            .order_by(AuditLog.id)
        ).scalars()
    )
