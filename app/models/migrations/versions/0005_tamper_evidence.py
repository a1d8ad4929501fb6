"""tamper evidence: the audit trail records a digest of every password hash

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 09:00:00

Until now the trail wrote "(changed; not recorded)" for a password hash, so a hash replaced behind DoseDesk's
back could not be told. From now on it writes a SHA-256 digest of the hash (never the hash). The rows already
written stay exactly as they were (their hashes, and so the chain, intact); this migration appends to the
chain, for every user, one `update` row of `password_hash` from the old marker to the digest of the hash the
user has now, so that replaying the trail can compare every user's hash from this upgrade on. A hash replaced
before the upgrade is out of reach: the trail never held it.

Nothing in the schema changes. The audit rows are computed here with the chain's formula as it stands at this
revision (a migration does not change when the code does).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from app.models.types import UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS_HASH = "0" * 64
CHAIN_LOCK_KEY = 0x446F73654175  # the audit chain's advisory lock (app.services.audit)
OLD_MARKER = "(changed; not recorded)"
DIGEST_PREFIX = "(not recorded; sha256:"
ACTOR = "DoseDesk (schema upgrade 0005)"
REASON = "From schema 0005 on, the audit trail records a digest of each password hash (never the hash itself)."

audit_log = sa.table(
    "audit_log",
    sa.column("id", sa.Integer),
    sa.column("at", UTCDateTime()),
    sa.column("user_id", sa.Integer),
    sa.column("user_name", sa.String),
    sa.column("action", sa.String),
    sa.column("table_name", sa.String),
    sa.column("record_id", sa.String),
    sa.column("field", sa.String),
    sa.column("old_value", sa.Text),
    sa.column("new_value", sa.Text),
    sa.column("reason", sa.Text),
    sa.column("prev_hash", sa.String),
    sa.column("row_hash", sa.String),
)
users = sa.table("users", sa.column("id", sa.Integer), sa.column("password_hash", sa.String))


def _digest(value: str) -> str:
    return f"{DIGEST_PREFIX}{hashlib.sha256(value.encode('utf-8')).hexdigest()})"


def _row_hash(prev_hash: str, at: datetime, record_id: str, old: str | None, new: str) -> str:
    payload = json.dumps(
        [
            prev_hash,
            at.astimezone(UTC).isoformat(timespec="microseconds"),
            None,
            ACTOR,
            "update",
            "users",
            record_id,
            "password_hash",
            old,
            new,
            REASON,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
    found = connection.execute(sa.select(users.c.id, users.c.password_hash).order_by(users.c.id)).all()
    if not found:
        return
    prev = connection.execute(
        sa.select(audit_log.c.row_hash).order_by(audit_log.c.id.desc()).limit(1)
    ).scalar() or GENESIS_HASH
    at = datetime.now(UTC)
    for user_id, password_hash in found:
        record_id = str(user_id)
        old = OLD_MARKER
        new = _digest(str(password_hash))
        digest = _row_hash(prev, at, record_id, old, new)
        connection.execute(
            audit_log.insert().values(
                at=at,
                user_id=None,
                user_name=ACTOR,
                action="update",
                table_name="users",
                record_id=record_id,
                field="password_hash",
                old_value=old,
                new_value=new,
                reason=REASON,
                prev_hash=prev,
                row_hash=digest,
            )
        )
        prev = digest


def downgrade() -> None:
    # The rows appended stay: audit rows are never removed (the database refuses it). Older code reads them
    # as ordinary audit rows.
    pass
