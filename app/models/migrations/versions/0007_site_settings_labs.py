"""site settings, the subject's hospital number, and where each lab result came from

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 09:00:00

- `site_settings`: one audited row per key (its value canonical JSON), never deleted (a trigger refuses it);
- `subjects.hospital_number`: the hospital's medical record number, unique where recorded (NULL for the
  subjects already enrolled: a coordinator records it later, with a reason);
- `lab_results`: `source` ('typed' or 'imported'), and for an imported result the SHA-256 of its file, the
  laboratory's accession number, the report time, the collection time where the file gives one, and the key
  that holds it once (unique).

Adding the columns changes no existing value but one: every result already held gets `source = 'typed'` (they
were all typed). So that the audit trail still tells what each record holds, this migration appends, for each
of those results, one `update` row of `source` from nothing to 'typed', by DoseDesk itself, chained as the
audit listener chains its rows (computed here with the chain's formula as it stands at this revision: a
migration does not change when the code does). The rows already written keep their hashes. The new columns
left NULL need no row: a record's trail that never mentions a field says it holds nothing there.

Constraints go in with plain ALTER TABLE on both databases (a batch copy of the table on SQLite would drop its
triggers): on SQLite as column constraints of the added columns, on PostgreSQL as table constraints.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from app.models.types import UTCDateTime

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS_HASH = "0" * 64
CHAIN_LOCK_KEY = 0x446F73654175  # the audit chain's advisory lock (app.services.audit)
ACTOR = "DoseDesk (schema upgrade 0007)"
REASON = "From schema 0007 on, each lab result says where it came from; the results held before were typed."

SOURCE_CHECK = "source IN ('typed', 'imported')"
IMPORTED_CHECK = "(source = 'imported') = (file_sha256 IS NOT NULL AND import_key IS NOT NULL)"
NO_DELETE = "rows are never deleted: a setting is changed, never removed"

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
lab_results = sa.table("lab_results", sa.column("id", sa.Integer))


def _row_hash(prev_hash: str, at: datetime, record_id: str) -> str:
    payload = json.dumps(
        [
            prev_hash,
            at.astimezone(UTC).isoformat(timespec="microseconds"),
            None,
            ACTOR,
            "update",
            "lab_results",
            record_id,
            "source",
            None,
            "typed",
            REASON,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _audit_typed_sources() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
    ids = connection.execute(sa.select(lab_results.c.id).order_by(lab_results.c.id)).scalars().all()
    if not ids:
        return
    prev = (
        connection.execute(sa.select(audit_log.c.row_hash).order_by(audit_log.c.id.desc()).limit(1)).scalar()
        or GENESIS_HASH
    )
    at = datetime.now(UTC)
    for lab_id in ids:
        record_id = str(lab_id)
        digest = _row_hash(prev, at, record_id)
        connection.execute(
            audit_log.insert().values(
                at=at,
                user_id=None,
                user_name=ACTOR,
                action="update",
                table_name="lab_results",
                record_id=record_id,
                field="source",
                old_value=None,
                new_value="typed",
                reason=REASON,
                prev_hash=prev,
                row_hash=digest,
            )
        )
        prev = digest


def upgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    op.create_table(
        "site_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_settings")),
        sa.UniqueConstraint("key", name=op.f("uq_site_settings_key")),
    )
    if sqlite:
        op.execute(
            "CREATE TRIGGER site_settings_no_delete BEFORE DELETE ON site_settings "
            f"BEGIN SELECT RAISE(ABORT, 'site_settings {NO_DELETE}'); END"
        )
    else:
        op.execute(
            "CREATE TRIGGER site_settings_no_delete BEFORE DELETE ON site_settings "
            f"FOR EACH ROW EXECUTE FUNCTION dosedesk_refuse_change('{NO_DELETE}')"
        )
        op.execute(
            "CREATE TRIGGER site_settings_no_truncate BEFORE TRUNCATE ON site_settings "
            f"FOR EACH STATEMENT EXECUTE FUNCTION dosedesk_refuse_change('{NO_DELETE}')"
        )

    op.add_column("subjects", sa.Column("hospital_number", sa.String(length=32), nullable=True))
    op.create_index("ix_subjects_hospital_number", "subjects", ["hospital_number"], unique=True)

    if sqlite:
        op.execute(
            "ALTER TABLE lab_results ADD COLUMN source VARCHAR(16) DEFAULT 'typed' NOT NULL "
            f"CONSTRAINT ck_lab_results_source CHECK ({SOURCE_CHECK})"
        )
    else:
        op.add_column(
            "lab_results", sa.Column("source", sa.String(length=16), server_default="typed", nullable=False)
        )
    op.add_column("lab_results", sa.Column("file_sha256", sa.String(length=64), nullable=True))
    op.add_column("lab_results", sa.Column("accession", sa.String(length=64), nullable=True))
    op.add_column("lab_results", sa.Column("reported_at", UTCDateTime(), nullable=True))
    op.add_column("lab_results", sa.Column("collected_at", UTCDateTime(), nullable=True))
    if sqlite:
        op.execute(
            "ALTER TABLE lab_results ADD COLUMN import_key VARCHAR(64) "
            f"CONSTRAINT ck_lab_results_imported_from CHECK ({IMPORTED_CHECK})"
        )
    else:
        op.add_column("lab_results", sa.Column("import_key", sa.String(length=64), nullable=True))
        op.create_check_constraint("ck_lab_results_source", "lab_results", SOURCE_CHECK)
        op.create_check_constraint("ck_lab_results_imported_from", "lab_results", IMPORTED_CHECK)
    op.create_index("ix_lab_results_import_key", "lab_results", ["import_key"], unique=True)

    _audit_typed_sources()


def downgrade() -> None:
    # The audit rows appended stay: audit rows are never removed (the database refuses it).
    sqlite = op.get_context().dialect.name == "sqlite"
    op.drop_index("ix_lab_results_import_key", table_name="lab_results")
    if not sqlite:
        op.drop_constraint("ck_lab_results_imported_from", "lab_results", type_="check")
        op.drop_constraint("ck_lab_results_source", "lab_results", type_="check")
    for column in ("import_key", "collected_at", "reported_at", "accession", "file_sha256", "source"):
        op.execute(f"ALTER TABLE lab_results DROP COLUMN {column}")
    op.drop_index("ix_subjects_hospital_number", table_name="subjects")
    op.execute("ALTER TABLE subjects DROP COLUMN hospital_number")
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS site_settings_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS site_settings_no_truncate ON site_settings")
        op.execute("DROP TRIGGER IF EXISTS site_settings_no_delete ON site_settings")
    op.drop_table("site_settings")
