"""screening evidence and the eligibility decision

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 19:30:00

- `screening_evidence`: a subject's ECGs, LVEFs, pregnancy tests, urine dipstick readings, last live vaccine,
  ECOG and the investigator's attestations per criterion; audited, never deleted;
- `eligibility_decisions`: signed eligible (over the evaluation's snapshot and its SHA-256, for a planned first
  dose date) or a screen failure (DS term, reason code, criteria not met, detail); at most one not cancelled
  per subject (a partial unique index); audited, never deleted.

Two new tables and nothing else: no row already held changes, so the audit chain and the signatures stay as
they are.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.models.types import ExactDecimal, UTCDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("screening_evidence", "eligibility_decisions")
NO_DELETE = "rows are never deleted: correct or cancel them"
EVIDENCE_KIND = (
    "kind IN ('ecg', 'lvef', 'pregnancy_test', 'urine_dipstick', 'live_vaccine', 'ecog', 'attestation')"
)


def upgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    op.create_table(
        "screening_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=True),
        sa.Column("qt_ms", ExactDecimal(), nullable=True),
        sa.Column("rr_ms", ExactDecimal(), nullable=True),
        sa.Column("heart_rate_bpm", ExactDecimal(), nullable=True),
        sa.Column("lvef_percent", ExactDecimal(), nullable=True),
        sa.Column("test_kind", sa.String(length=16), nullable=True),
        sa.Column("result", sa.String(length=16), nullable=True),
        sa.Column("ecog", sa.Integer(), nullable=True),
        sa.Column("criterion_id", sa.String(length=32), nullable=True),
        sa.Column("satisfied", sa.Boolean(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("row_version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(EVIDENCE_KIND, name=op.f("ck_screening_evidence_kind")),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_screening_evidence_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_evidence")),
    )
    op.create_index("ix_screening_evidence_subject_kind", "screening_evidence", ["subject_id", "kind"])
    op.create_table(
        "eligibility_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("first_dose_date", sa.Date(), nullable=True),
        sa.Column("evaluation", sa.Text(), nullable=True),
        sa.Column("evaluation_sha256", sa.String(length=64), nullable=True),
        sa.Column("ds_term", sa.String(length=40), nullable=True),
        sa.Column("reason_code", sa.String(length=32), nullable=True),
        sa.Column("criteria_not_met", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("row_version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "kind IN ('eligible', 'screen_failure')", name=op.f("ck_eligibility_decisions_kind")
        ),
        sa.CheckConstraint(
            "(kind = 'eligible') = (evaluation_sha256 IS NOT NULL AND first_dose_date IS NOT NULL)",
            name=op.f("ck_eligibility_decisions_eligible_signed_over"),
        ),
        sa.CheckConstraint(
            "(kind = 'screen_failure') = (reason_code IS NOT NULL)",
            name=op.f("ck_eligibility_decisions_failure_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_eligibility_decisions_subject_id_subjects")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_eligibility_decisions_decided_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eligibility_decisions")),
    )
    op.create_index(
        "ix_eligibility_decisions_subject_live",
        "eligibility_decisions",
        ["subject_id"],
        unique=True,
        sqlite_where=sa.text("cancelled = 0"),
        postgresql_where=sa.text("NOT cancelled"),
    )
    for table in TABLES:
        if sqlite:
            op.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} {NO_DELETE}'); END"
            )
        else:
            op.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION dosedesk_refuse_change('{NO_DELETE}')"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION dosedesk_refuse_change('{NO_DELETE}')"
            )


def downgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    for table in reversed(TABLES):
        if sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete ON {table}")
    op.drop_index("ix_eligibility_decisions_subject_live", table_name="eligibility_decisions")
    op.drop_table("eligibility_decisions")
    op.drop_index("ix_screening_evidence_subject_kind", table_name="screening_evidence")
    op.drop_table("screening_evidence")
