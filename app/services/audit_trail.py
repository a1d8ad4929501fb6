"""Reading the audit trail for the Admin screen and its export: filtered, newest first, plain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import func, or_, select

from app.dosing.format import format_number
from app.errors import InputError
from app.models import AuditLog, InfusionOrder, Role
from app.services.queries import blinded_order_ids, withhold_audit_value
from app.services.reasons import recall_reason
from app.services.uow import UnitOfWork
from app.services.users import STORED_REASONS, require_role
from app.text import msg, recall

MAX_ROWS = 100_000


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    user_name: str
    action: str
    table_name: str
    record_id: str
    field: str | None
    old_value: str | None
    new_value: str | None
    reason: str | None  # as stored; a Message when a template of app.services.reasons made it


def audit_trail(
    uow: UnitOfWork,
    *,
    who: str = "",
    what: str = "",
    since: date | None = None,
    until: date | None = None,
    limit: int = 1_000,
) -> list[AuditEntry]:
    """Audit rows, newest first. `who` matches the user's name, `what` the table or record id (case-blind);
    `since`/`until` are local calendar days, both included. Administrators only."""
    if since is not None and until is not None and since > until:
        raise InputError(msg("The 'from' day is after the 'to' day: nothing can match."))
    if not 1 <= limit <= MAX_ROWS:
        raise InputError(msg("Ask for between 1 and {most} audit rows.", most=format_number(MAX_ROWS)))
    with uow:
        require_role(uow.session, uow.user, Role.ADMIN)
        query = select(AuditLog.__table__).order_by(AuditLog.id.desc()).limit(limit)
        if who.strip():
            query = query.where(func.lower(AuditLog.user_name).contains(who.strip().lower()))
        if what.strip():
            text = what.strip().lower()
            query = query.where(
                or_(
                    func.lower(AuditLog.table_name).contains(text),
                    func.lower(AuditLog.record_id).contains(text),
                )
            )
        if since is not None:
            query = query.where(AuditLog.at >= datetime.combine(since, time.min).astimezone(UTC))
        if until is not None:
            query = query.where(AuditLog.at <= datetime.combine(until, time.max).astimezone(UTC))
        rows = uow.session.execute(query).mappings().all()
        # An administrator who is also a pharmacist may still verify an order: its figures stay withheld.
        blind = {str(order_id) for order_id in blinded_order_ids(uow.session, uow.user)}

        def shown(r: Any, column: str) -> str | None:
            value: str | None = r[column]
            if r["table_name"] == InfusionOrder.__tablename__ and r["record_id"] in blind:
                return withhold_audit_value(r["field"], value)
            return value

        return [
            AuditEntry(
                id=r["id"],
                at=_utc(r["at"]),
                user_name=r["user_name"],
                action=str(r["action"]),
                table_name=r["table_name"],
                record_id=r["record_id"],
                field=r["field"],
                old_value=shown(r, "old_value"),
                new_value=shown(r, "new_value"),
                reason=recall(recall_reason(r["reason"]), STORED_REASONS) if r["reason"] else r["reason"],
            )
            for r in rows
        ]


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
