"""why treatment and the study ended, as codes: a CDISC disposition term and parameters beside the detail

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 02:00:00

- `subjects.treatment_stop_code`, `treatment_stop_params`: the end of treatment as a code of
  `app.scheduling.disposition` (a CDISC DSDECOD term) and its parameters as canonical JSON;
- `subjects.off_study_code`, `off_study_params`: the end of the study (follow-up ended, or a screen failure).

What this migration does to the records already there (every change written to the audit trail, chained): a
subject whose treatment or study ended gets the code its stored sentence stands for, read once from the
sentence's words, with the parameter `recorded_before_codes`; the sentence itself stays as it was signed.
The columns go in with plain ALTER TABLE on both databases (a batch copy of the table on SQLite would drop its
triggers).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.models.migrations.trail import Trail
from app.scheduling.disposition import BEFORE_CODES, dump_params, infer_disposition

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTOR = "DoseDesk (schema upgrade 0010)"
# The same words as REASONS["upgrade_reason_codes"] in app/services/reasons.py (the window translates them).
REASON = "upgrade: the reasons treatment and the study ended are coded from the words they were recorded with"

COLUMNS = (
    ("treatment_stop_code", sa.String(length=40)),
    ("treatment_stop_params", sa.Text()),
    ("off_study_code", sa.String(length=40)),
    ("off_study_params", sa.Text()),
)
# (the sentence kept, the code column, the parameters column)
ENDS = (
    ("treatment_stop_reason", "treatment_stop_code", "treatment_stop_params"),
    ("off_study_reason", "off_study_code", "off_study_params"),
)


def upgrade() -> None:
    for name, kind in COLUMNS:
        op.add_column("subjects", sa.Column(name, kind, nullable=True))
    connection = op.get_bind()
    subjects = sa.table(
        "subjects",
        sa.column("id", sa.Integer()),
        sa.column("status", sa.String()),
        sa.column("treatment_stopped_on", sa.Date()),
        sa.column("off_study_on", sa.Date()),
        *(sa.column(name, sa.Text()) for end in ENDS for name in end),
    )
    rows = connection.execute(
        sa.select(subjects)
        .where(sa.or_(subjects.c.treatment_stopped_on.is_not(None), subjects.c.off_study_on.is_not(None)))
        .order_by(subjects.c.id)
    ).all()
    if not rows:
        return
    trail = Trail(connection, ACTOR, REASON)
    params = dump_params({BEFORE_CODES: True})
    for row in rows:
        changes: dict[str, str | None] = {}
        for sentence, code_column, params_column in ENDS:
            ended = row.treatment_stopped_on if code_column.startswith("treatment") else row.off_study_on
            if ended is None:
                continue
            words = getattr(row, sentence)
            code = "SCREEN FAILURE" if row.status == "screen_failed" and code_column.startswith("off") else None
            changes[code_column] = code or str(infer_disposition(words))
            changes[params_column] = params
        for column, value in changes.items():
            trail.write("update", "subjects", row.id, column, None, value)
        connection.execute(subjects.update().where(subjects.c.id == row.id).values(**changes))


def downgrade() -> None:
    for name, _kind in reversed(COLUMNS):
        op.execute(f"ALTER TABLE subjects DROP COLUMN {name}")
