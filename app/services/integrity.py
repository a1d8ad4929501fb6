"""The audit trail as a complete event log: replaying it gives every audited row, and `check` compares.

Every audited record's trail (`app.services.audit`) is one `create` row holding the whole record, one `update`
(or `cancel`) row per field changed, old → new, and a `delete` row where deletion is allowed at all. Replaying a
record's rows in order gives what the record must hold now; anything else was written behind DoseDesk's back:

    record_problems(session, order)   # [] when the record is as its trail says (cheap: this record's rows)
    replay_problems(session)          # every audited table, every record (registered as the 'audit replay' check)

Each difference is one plain sentence naming the record, the field, what the trail says and what the table
holds: a changed value, a row with no audit history (added behind DoseDesk's back), a row the trail has that
the table lacks (deleted), a row the trail deleted that the table still holds. The replay also names a field
changed twice from the same value (two people acting on the same state at once: the second did not see the
first's change), and `one_time_problems` a record with two signatures of one meaning, or two steps of one kind,
where one is allowed.

What is not replayed, and why, is listed here (`NOT_AUDITED`, `NOT_REPLAYED`); a test fails when a table or
column is neither replayed nor listed. Password hashes are replayed through their digest (the trail never holds
them); a user whose trail still holds the bare marker of rows written before schema 0005 is compared from the
next digest on (migration 0005 writes one for every user, so only a hash replaced before that upgrade is out
of reach). Subjects' identifiers are compared but never printed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from sqlalchemy import Column, Table, func, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from app.errors import InputError
from app.models import AuditAction, AuditLog, Base, Lot, OrderStep, Signature, SignatureMeaning
from app.models.base import ROW_VERSION, Versioned
from app.models.orders import InfusionOrderStep
from app.services import witness
from app.services._words import SIGNATURE_MEANING
from app.services.audit import REDACTED, canonical_value, is_redacted, redacted_digest
from app.services.database import note, register_check
from app.text import Message, msg

# Tables whose rows are not records the trail describes.
NOT_AUDITED: dict[str, str] = {
    "audit_log": "the trail itself: append-only (database triggers), hash-chained ('audit chain') and witnessed "
    "outside the database ('audit witness')",
}

# Columns of audited tables that a replay cannot give, and why.
NOT_REPLAYED: dict[tuple[str, str], str] = {
    (Lot.__tablename__, counter): "written by the database's triggers from the lot's movements (which are "
    "replayed), never by DoseDesk; the 'lot balances' check and the triggers hold them to the movements"
    for counter in Lot.COUNTERS
} | {
    (
        str(mapper.persist_selectable.description),
        ROW_VERSION,
    ): "a counter raised with every update (optimistic locking: two "
    "workstations cannot both change the record from one state), left out of the trail and of signatures"
    for mapper in Base.registry.mappers
    if issubclass(mapper.class_, Versioned)
}

# Never printed in a sentence: who the subject is.
IDENTIFIERS = frozenset(
    {
        ("subjects", "subject_number"),
        ("subjects", "initials"),
        ("subjects", "birth_date"),
        ("subjects", "hospital_number"),
    }
)

TABLE_NOUNS: dict[str, Message] = {
    "subjects": msg("Subject"),
    "visits": msg("Visit"),
    "weights": msg("Weight"),
    "lab_results": msg("Lab result"),
    "toxicities": msg("Toxicity"),
    "toxicity_decisions": msg("Toxicity decision"),
    "dose_level_changes": msg("Dose level change"),
    "holds": msg("Hold"),
    "infusion_orders": msg("Infusion order"),
    "infusion_order_steps": msg("Order step"),
    "preparation_lines": msg("Preparation line"),
    "protocol_versions": msg("Protocol version"),
    "users": msg("User"),
    "user_roles": msg("User role"),
    "signatures": msg("Signature"),
    "stock_shipments": msg("Shipment"),
    "infusion_bags": msg("Infusion bag"),
    "infusion_events": msg("Infusion event"),
    "site_settings": msg("Site setting"),
    "screening_evidence": msg("Screening evidence"),
    "eligibility_decisions": msg("Eligibility decision"),
    "stock_lots": msg("Lot"),
    "stock_movements": msg("Stock movement"),
}

# Signatures a record carries at most once per meaning (two mean two people signed the same state at once).
ONE_SIGNATURE: dict[str, frozenset[SignatureMeaning]] = {
    "infusion_orders": frozenset(
        {
            SignatureMeaning.PRESCRIBED,
            SignatureMeaning.VERIFIED,
            SignatureMeaning.PREPARED,  # orders prepared before bags were records of their own
            SignatureMeaning.STARTED,
            SignatureMeaning.COMPLETED,
            SignatureMeaning.STOPPED,
            SignatureMeaning.CANCELLED,
            SignatureMeaning.ADMINISTERED,
        }
    ),
    # Each bag is prepared and checked once (a remade bag is a bag of its own).
    "infusion_bags": frozenset({SignatureMeaning.PREPARED, SignatureMeaning.CHECKED}),
    # A protocol version carries two approvals (an investigator's and a pharmacist's): checked by the protocols'
    # own check, one approval per person.
    "stock_movements": frozenset({SignatureMeaning.APPROVED}),
    # An eligibility decision is signed once, by the investigator who made it.
    "eligibility_decisions": frozenset({SignatureMeaning.APPROVED}),
}
# Steps an order takes at most once: not a blind verification that did not match (one per try), nor a bag's
# preparation, check or remake (one per bag).
ONE_STEP = frozenset(OrderStep) - {
    OrderStep.MISMATCH,
    OrderStep.PREPARED,
    OrderStep.CHECKED,
    OrderStep.REMADE,
}


def audited_models() -> list[type[Base]]:
    return sorted(
        (mapper.class_ for mapper in Base.registry.mappers if mapper.class_.__audited__),
        key=lambda model: model.__tablename__,
    )


def replayed_columns(table: Table) -> list[Column[Any]]:
    return [column for column in table.columns if (table.name, column.name) not in NOT_REPLAYED]


def record_name(table: str, record_id: str) -> Message:
    return msg("{what} {id}", what=TABLE_NOUNS.get(table, table), id=record_id)


def _shown(value: str | None) -> str:
    if value is None:
        return msg("nothing")
    if len(value) > 80:
        value = value[:79] + "…"
    return f"'{value}'"


# --- replaying one record --------------------------------------------------------------------------------


@dataclass
class Replayed:
    """One record as its trail tells it."""

    table: str
    record_id: str
    created: int | None = None  # the audit row that created it
    deleted: int | None = None  # the audit row that deleted it
    values: dict[str, str | None] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def name(self) -> Message:
        return record_name(self.table, self.record_id)


_TrailRow = tuple[int, str, str | None, str | None, str | None]  # id, action, field, old, new


def replay(table: str, record_id: str, rows: Iterable[_TrailRow]) -> Replayed:
    """Replay one record's audit rows (oldest first)."""
    record = Replayed(table, record_id)
    left: dict[tuple[str, str], int] = {}  # (field, value) → the last row that changed the field away from it
    for row_id, action, column, old, new in rows:
        if action == AuditAction.CREATE:
            if record.created is not None and record.deleted is None:
                record.problems.append(
                    msg(
                        "{record} is created twice in its audit trail (rows {first} and {second}).",
                        record=record.name,
                        first=record.created,
                        second=row_id,
                    )
                )
            record.created, record.deleted, left = row_id, None, {}
            try:
                content = json.loads(new or "")
                if not isinstance(content, dict):
                    raise ValueError
            except ValueError:
                record.problems.append(
                    msg(
                        "{record}: its creation in the audit trail (row {row}) cannot be read.",
                        record=record.name,
                        row=row_id,
                    )
                )
                content = {}
            record.values = {key: None if value is None else str(value) for key, value in content.items()}
            continue
        if record.created is None or record.deleted is not None:
            record.problems.append(
                msg(
                    "{record}: its audit trail changes it at row {row} while it does not exist (before its "
                    "creation, or after its deletion).",
                    record=record.name,
                    row=row_id,
                )
            )
            continue
        if action == AuditAction.DELETE:
            record.deleted = row_id
            continue
        if column is None:
            continue
        current = record.values.get(column)
        if old is not None and old != current and not is_redacted(old) and not is_redacted(current):
            record.problems.append(
                _stale_change(record, column, old, new, current, row_id, left.get((column, old)))
            )
        if current is not None:
            left[(column, current)] = row_id
        record.values[column] = new
    return record


def _stale_change(
    record: Replayed,
    column: str,
    old: str,
    new: str | None,
    current: str | None,
    row_id: int,
    first: int | None,
) -> str:
    if first is not None and (record.table, column) not in IDENTIFIERS:
        return msg(
            "{record}: its audit trail changes {field} from {old} twice (rows {first} and {second}, to {new} "
            "the second time): two people acted on the same state at once, and the second did not see the "
            "first's change.",
            record=record.name,
            field=column,
            old=_shown(old),
            new=_shown(new),
            first=first,
            second=row_id,
        )
    if (record.table, column) in IDENTIFIERS or column in _redacted_columns(record.table):
        return msg(
            "{record}: row {row} of its audit trail changes {field} from a value the trail did not have there: "
            "the change was made on a stale copy of the record, or the trail was edited.",
            record=record.name,
            row=row_id,
            field=column,
        )
    return msg(
        "{record}: row {row} of its audit trail changes {field} from {old}, but the trail had it at {current}: "
        "the change was made on a stale copy of the record (two people acting at once), or the trail was edited.",
        record=record.name,
        row=row_id,
        field=column,
        old=_shown(old),
        current=_shown(current),
    )


# --- the table as it is ----------------------------------------------------------------------------------

_MODELS_BY_TABLE: dict[str, type[Base]] = {}


def _model(table: str) -> type[Base] | None:
    if not _MODELS_BY_TABLE:
        _MODELS_BY_TABLE.update({model.__tablename__: model for model in audited_models()})
    return _MODELS_BY_TABLE.get(table)


def _redacted_columns(table: str) -> frozenset[str]:
    model = _model(table)
    return model.__audit_redacted__ if model is not None else frozenset()


class _Unreadable(str):
    """A value the table holds that its column type cannot read (written behind DoseDesk's back)."""


def _live_rows(
    session: Session, table: Table, where: Any = None
) -> Iterator[tuple[str, dict[str, str | None]]]:
    """(record id, canonical text of every column) for each row; type processing done by hand, per value, so
    that one unreadable value is reported instead of stopping the check."""
    dialect = session.get_bind().dialect
    columns = list(table.columns)
    keys = [column.name for column in table.primary_key.columns]
    redacted = _redacted_columns(table.name)
    statement = select(*[_raw(column) for column in columns]).select_from(table)
    if where is not None:
        statement = statement.where(where)
    result = session.connection().execute(statement)
    described = result.cursor.description if result.cursor is not None else None
    coltypes = [entry[1] for entry in described] if described else [None] * len(columns)
    processors = [
        column.type.dialect_impl(dialect).result_processor(dialect, coltype)
        for column, coltype in zip(columns, coltypes, strict=True)
    ]
    for raw_row in result:
        values: dict[str, str | None] = {}
        for column, processor, raw in zip(columns, processors, raw_row, strict=True):
            values[column.name] = _canonical(raw, processor, column.name in redacted)
        yield ",".join(str(values[key]) for key in keys), values


def _raw(column: Column[Any]) -> Any:
    """The column without its type's result processing (the driver's value)."""
    return type_coerce(column, NullType()).label(column.name)


def _canonical(raw: Any, processor: Any, redacted: bool) -> str | None:
    try:
        value = processor(raw) if processor is not None and raw is not None else raw
        if redacted and value is not None:
            return redacted_digest(str(value))
        return canonical_value(value)
    except (TypeError, ValueError, LookupError, ArithmeticError):
        return _Unreadable(repr(raw))


# --- comparing -------------------------------------------------------------------------------------------


def compare(
    record: Replayed | None, table: str, record_id: str, live: dict[str, str | None] | None
) -> list[str]:
    """What differs between a record's replay and its row (None: no row, or no trail at all)."""
    problems = list(record.problems) if record is not None else []
    name = record_name(table, record_id)
    if record is None or record.created is None:
        if live is not None:
            problems.append(
                msg(
                    "{record} is in the database but has no audit history: it was added outside DoseDesk.",
                    record=name,
                )
            )
        return problems
    if live is None:
        if record.deleted is None:
            problems.append(
                msg(
                    "{record} is in its audit trail (created at row {row}) but not in the database: it was deleted "
                    "outside DoseDesk.",
                    record=name,
                    row=record.created,
                )
            )
        return problems
    if record.deleted is not None:
        problems.append(
            msg(
                "{record} is in the database, but its audit trail says it was deleted (row {row}).",
                record=name,
                row=record.deleted,
            )
        )
        return problems
    redacted = _redacted_columns(table)
    for column, found in live.items():
        if (table, column) in NOT_REPLAYED:
            continue
        expected = record.values.get(column)
        if isinstance(found, _Unreadable):
            problems.append(
                msg(
                    "{record}: the database holds a {field} that is not a valid value ({found}): it was written "
                    "outside DoseDesk.",
                    record=name,
                    field=column,
                    found=str(found) if (table, column) not in IDENTIFIERS else msg("not shown"),
                )
            )
            continue
        if expected in (found, REDACTED):  # REDACTED: written before 0005, never known
            continue
        if column in redacted:
            problems.append(
                msg(
                    "{record}: its {field} does not match the digest its audit trail records: it was replaced "
                    "outside DoseDesk.",
                    record=name,
                    field=column,
                )
            )
        elif (table, column) in IDENTIFIERS:
            problems.append(
                msg(
                    "{record}: its {field} in the database differs from its audit trail (an identifier, not "
                    "shown here): it was changed outside DoseDesk.",
                    record=name,
                    field=column,
                )
            )
        else:
            problems.append(
                msg(
                    "{record}: the database holds {field} {found}, but its audit trail says {expected}: it was "
                    "changed outside DoseDesk.",
                    record=name,
                    field=column,
                    found=_shown(found),
                    expected=_shown(expected),
                )
            )
    return problems


# --- whole tables, one record --------------------------------------------------------------------------------


def _trail_rows(
    session: Session, table: str, record_id: str | None = None
) -> Iterator[tuple[str, _TrailRow]]:
    query = select(
        AuditLog.record_id,
        AuditLog.id,
        AuditLog.action,
        AuditLog.field,
        AuditLog.old_value,
        AuditLog.new_value,
    ).where(AuditLog.table_name == table)
    if record_id is not None:
        query = query.where(AuditLog.record_id == record_id)
    query = query.order_by(AuditLog.record_id, AuditLog.id).execution_options(yield_per=5000)
    for key, row_id, action, column, old, new in session.execute(query):
        yield str(key), (int(row_id), str(action), column, old, new)


def table_problems(session: Session, model: type[Base]) -> list[str]:
    """Every record of one audited table replayed and compared with its row."""
    table = model.__table__
    assert isinstance(table, Table)
    live = dict(_live_rows(session, table))
    problems: list[str] = []
    for record_id, rows in groupby(_trail_rows(session, table.name), key=lambda item: item[0]):
        record = replay(table.name, record_id, (row for _key, row in rows))
        problems.extend(compare(record, table.name, record_id, live.pop(record_id, None)))
    for record_id, row in live.items():
        problems.extend(compare(None, table.name, record_id, row))
    return problems


@register_check("audit replay", order=45)
def replay_problems(session: Session) -> list[str]:
    """Every audited record: is it what its audit trail says?"""
    problems: list[str] = []
    for model in audited_models():
        problems.extend(table_problems(session, model))
    return problems


def record_problems(session: Session, record: Base) -> list[str]:
    """What is wrong with one record: its row against its own audit rows, and its one-time events.

    Cheap (the record's rows only, through the audit log's index on table and record), for a service to call
    before acting on the record: an order whose status was set to 'verified' by plain SQL is named here. Reads
    the database as the session sees it (pending changes of the session are not flushed for it).
    """
    table = record.__table__
    assert isinstance(table, Table)
    keys = list(table.primary_key.columns)
    identity = [getattr(record, column.key) for column in keys]
    if any(part is None for part in identity):
        return []  # not written yet: nothing to compare
    record_id = ",".join(str(part) for part in identity)
    where = None
    for column, value in zip(keys, identity, strict=True):
        where = column == value if where is None else where & (column == value)
    live = dict(_live_rows(session, table, where))
    replayed = replay(
        table.name, record_id, (row for _key, row in _trail_rows(session, table.name, record_id))
    )
    problems = compare(replayed, table.name, record_id, live.get(record_id))
    problems.extend(one_time_problems(session, table.name, record_id))
    return problems


def refuse_if_not_as_recorded(session: Session, record: Base, name: str) -> None:
    """Refuse (InputError) to act on `record` (called `name` in the sentence) when it differs from its audit
    trail: someone changed it behind DoseDesk's back, and its state can no longer be trusted."""
    problems = record_problems(session, record)
    if problems:
        raise InputError(
            msg(
                "{record} does not hold what its audit trail says, so DoseDesk will not act on it: {problem} "
                "Ask the administrator to run dosedesk check.",
                record=name,
                problem=problems[0],
            )
        )


# --- one-time events -------------------------------------------------------------------------------------


def _id_list(ids: Iterable[int]) -> str:
    return ", ".join(str(number) for number in sorted(ids))


def one_time_problems(session: Session, table: str | None = None, record_id: str | None = None) -> list[str]:
    """Records with two signatures of one meaning, or two steps of one kind, where one is allowed."""
    problems: list[str] = []
    query = (
        select(Signature.record_table, Signature.record_id, Signature.meaning, func.count())
        .group_by(Signature.record_table, Signature.record_id, Signature.meaning)
        .having(func.count() > 1)
        .order_by(Signature.record_table, Signature.record_id)
    )
    if table is not None and record_id is not None:
        if not record_id.isdigit():
            return []
        query = query.where(Signature.record_table == table, Signature.record_id == int(record_id))
    for signed_table, signed_id, meaning, count in session.execute(query):
        if SignatureMeaning(meaning) not in ONE_SIGNATURE.get(signed_table, frozenset()):
            continue
        ids = session.execute(
            select(Signature.id).where(
                Signature.record_table == signed_table,
                Signature.record_id == signed_id,
                Signature.meaning == meaning,
            )
        ).scalars()
        problems.append(
            msg(
                "{record} carries {count} '{meaning}' signatures (signatures {ids}) where one is allowed: two "
                "people signed the same state at once.",
                record=record_name(signed_table, str(signed_id)),
                count=count,
                meaning=SIGNATURE_MEANING.get(SignatureMeaning(meaning), str(meaning)),
                ids=_id_list(ids),
            )
        )
    if table not in (None, "infusion_orders"):
        return problems
    steps = (
        select(InfusionOrderStep.order_id, InfusionOrderStep.step, func.count())
        .group_by(InfusionOrderStep.order_id, InfusionOrderStep.step)
        .having(func.count() > 1)
        .order_by(InfusionOrderStep.order_id)
    )
    if record_id is not None:
        if not record_id.isdigit():
            return problems
        steps = steps.where(InfusionOrderStep.order_id == int(record_id))
    for order_id, step, count in session.execute(steps):
        if OrderStep(step) not in ONE_STEP:
            continue
        ids = session.execute(
            select(InfusionOrderStep.id).where(
                InfusionOrderStep.order_id == order_id, InfusionOrderStep.step == step
            )
        ).scalars()
        problems.append(
            msg(
                "{record} has {count} '{step}' steps (steps {ids}) where one is allowed: two people took the same "
                "step at once.",
                record=record_name("infusion_orders", str(order_id)),
                count=count,
                step=str(OrderStep(step).value),
                ids=_id_list(ids),
            )
        )
    return problems


@register_check("one-time events", order=55)
def _one_time_events(session: Session) -> list[str]:
    return one_time_problems(session)


@register_check("audit witness", order=42)
def _audit_witness(session: Session) -> list[str]:
    """The chain's head against the witness kept outside the database on this computer."""
    findings = witness.witness_findings(session)
    for sentence in findings.notes:
        note(session, sentence)
    return findings.problems
