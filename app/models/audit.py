"""The audit log: append-only, hash-chained.

Rows are written by the session listener in `app.services.audit`, never by hand. The database refuses UPDATE
and DELETE (and, on PostgreSQL, TRUNCATE) on this table: triggers created by the migrations.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base
from app.models.enums import AuditAction, enum_type

GENESIS_HASH = "0" * 64


class AuditLog(Base):
    """One audited fact: who (id + name), when (UTC), which record, which field, old → new, why.

    `row_hash` = SHA-256 over the row's canonical content and `prev_hash`, the `row_hash` of the row before it
    (GENESIS_HASH for the first), so an edited, inserted or removed row breaks the chain.
    `field` is None for a whole-record create, whose `new_value` then holds the record as canonical JSON.
    """

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_record", "table_name", "record_id"),
        Index("ix_audit_log_at", "at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    user_id: Mapped[int | None]  # no foreign key: the log must stand on its own
    user_name: Mapped[str] = mapped_column(String(200))
    action: Mapped[AuditAction] = mapped_column(enum_type(AuditAction))
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(64))
    field: Mapped[str | None] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    # Unique: two writers can never both chain onto the same head (the chain cannot fork).
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    row_hash: Mapped[str] = mapped_column(String(64))
