"""Audit rows a schema upgrade appends to the chain, written exactly as `app.services.audit` writes them.

A migration must not import the services: these few lines are the audit trail's canonical forms and row hash,
which never change (every row ever written was hashed by them). The upgrade acts as no user (`user_id` NULL),
under its own name and one reason; the window says that reason in its language (`app.services.reasons`).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from app.models.audit import GENESIS_HASH
from app.models.types import UTCDateTime, canonical_decimal

CHAIN_LOCK_KEY = 0x446F73654175  # app.services.audit.CHAIN_LOCK_KEY


def canonical(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(canonical_decimal(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return str(value)


class Trail:
    """Audit rows appended to the chain, in order, as the upgrade changes records."""

    def __init__(self, connection: sa.Connection, actor: str, reason: str) -> None:
        self.connection = connection
        self.actor = actor
        self.reason = reason
        self.at = datetime.now(UTC)
        self.table = sa.table(
            "audit_log",
            sa.column("id", sa.Integer()),
            sa.column("at", UTCDateTime()),
            sa.column("user_id", sa.Integer()),
            sa.column("user_name", sa.String()),
            sa.column("action", sa.String()),
            sa.column("table_name", sa.String()),
            sa.column("record_id", sa.String()),
            sa.column("field", sa.String()),
            sa.column("old_value", sa.Text()),
            sa.column("new_value", sa.Text()),
            sa.column("reason", sa.Text()),
            sa.column("prev_hash", sa.String()),
            sa.column("row_hash", sa.String()),
        )
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
        head = connection.execute(
            sa.select(self.table.c.row_hash).order_by(self.table.c.id.desc()).limit(1)
        ).scalar()
        self.prev: str = head or GENESIS_HASH

    def _hash(self, action: str, table: str, record: str, field: str | None,
              old: str | None, new: str | None) -> str:  # fmt: skip
        payload = json.dumps(
            [self.prev, canonical(self.at), None, self.actor, action, table, record, field, old, new, self.reason],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def write(self, action: str, table: str, record: int, field: str | None, old: Any, new: Any) -> None:
        old_text = old if action == "create" else canonical(old)
        new_text = new if action == "create" else canonical(new)
        digest = self._hash(action, table, str(record), field, old_text, new_text)
        self.connection.execute(
            self.table.insert().values(
                at=self.at,
                user_id=None,
                user_name=self.actor,
                action=action,
                table_name=table,
                record_id=str(record),
                field=field,
                old_value=old_text,
                new_value=new_text,
                reason=self.reason,
                prev_hash=self.prev,
                row_hash=digest,
            )
        )
        self.prev = digest

    def created(self, table: str, record: int, content: dict[str, Any]) -> None:
        text = json.dumps(
            {key: canonical(value) for key, value in content.items()},
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        self.write("create", table, record, None, None, text)
