"""why treatment and the study ended, and why a visit did not take place, as codes with parameters

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 02:00:00

- `subjects.treatment_stop_code`, `treatment_stop_params`: the end of treatment as a code of
  `app.scheduling.disposition` (a CDISC DSDECOD term) and its parameters as canonical JSON;
- `subjects.off_study_code`, `off_study_params`: the end of the study (follow-up ended, or a screen failure);
- `visits.status_reason_code`, `status_reason_params`: why a visit was missed, omitted or cancelled, as a code of
  `app.scheduling.visit_reasons`;
- `holds.reason_code`, `dose_level_changes.reason_code`: why treatment was held or the level reduced, as a code of
  `app.dosing.adjustments` (the toxicity and decision they came from are linked already);
- `stock_lots.status_reason_code`, `stock_movements.reason_code`: why a lot was quarantined or released, and why
  vials were returned or destroyed, as a code of `app.dosing.stock_reasons`.

What this migration does to the records already there (every change written to the audit trail, chained): a
subject whose treatment or study ended, and a visit missed, omitted or cancelled, gets the code its stored
sentence stands for, read once from the sentence's words (DoseDesk's own sentences by their wording, a person's
words as "other"), with the parameter `recorded_before_codes`; the sentence itself stays as it was signed. A
hold or a reduction linked to a toxicity is an adverse event, any other reduction "other"; a lot with a
reason for its status, "other". Stock movements are a ledger the database refuses to change: those already
written keep their reason as typed, with no code.
The columns go in with plain ALTER TABLE on both databases (a batch copy of the table on SQLite would drop its
triggers).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.models.migrations.trail import Trail
from app.scheduling.disposition import BEFORE_CODES, dump_params, infer_disposition
from app.scheduling.visit_reasons import CODED_STATUSES, infer_visit_reason

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTOR = "DoseDesk (schema upgrade 0010)"
# The same words as REASONS["upgrade_reason_codes"] in app/services/reasons.py (the window translates them).
REASON = "upgrade: the reasons treatment and the study ended, and why visits did not take place, are coded from the words they were recorded with"  # noqa: E501

COLUMNS = (
    ("treatment_stop_code", sa.String(length=40)),
    ("treatment_stop_params", sa.Text()),
    ("off_study_code", sa.String(length=40)),
    ("off_study_params", sa.Text()),
)
ADJUSTED = ("holds", "dose_level_changes")
VISIT_COLUMNS = (("status_reason_code", sa.String(length=40)), ("status_reason_params", sa.Text()))
# (the sentence kept, the code column, the parameters column)
ENDS = (
    ("treatment_stop_reason", "treatment_stop_code", "treatment_stop_params"),
    ("off_study_reason", "off_study_code", "off_study_params"),
)


def upgrade() -> None:
    for name, kind in COLUMNS:
        op.add_column("subjects", sa.Column(name, kind, nullable=True))
    for name, kind in VISIT_COLUMNS:
        op.add_column("visits", sa.Column(name, kind, nullable=True))
    connection = op.get_bind()
    trail = Trail(connection, ACTOR, REASON)
    _code_subjects(connection, trail)
    _code_visits(connection, trail)
    for table in ADJUSTED:
        op.add_column(table, sa.Column("reason_code", sa.String(length=40), nullable=True))
        _code_adjustments(connection, trail, table)
    op.add_column("stock_movements", sa.Column("reason_code", sa.String(length=40), nullable=True))
    op.add_column("stock_lots", sa.Column("status_reason_code", sa.String(length=40), nullable=True))
    lots = sa.table(
        "stock_lots",
        sa.column("id", sa.Integer()),
        sa.column("status_reason"),
        sa.column("status_reason_code"),
    )
    for (lot_id,) in connection.execute(
        sa.select(lots.c.id).where(lots.c.status_reason.is_not(None)).order_by(lots.c.id)
    ).all():
        trail.write(
            "update", "stock_lots", lot_id, "status_reason_code", None, "other"
        )  # app.dosing.stock_reasons
        connection.execute(lots.update().where(lots.c.id == lot_id).values(status_reason_code="other"))


def _code_subjects(connection: sa.Connection, trail: Trail) -> None:
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
    params = dump_params({BEFORE_CODES: True})
    for row in rows:
        changes: dict[str, str | None] = {}
        for sentence, code_column, params_column in ENDS:
            ended = row.treatment_stopped_on if code_column.startswith("treatment") else row.off_study_on
            if ended is None:
                continue
            words = getattr(row, sentence)
            code = (
                "SCREEN FAILURE" if row.status == "screen_failed" and code_column.startswith("off") else None
            )
            changes[code_column] = code or str(infer_disposition(words))
            changes[params_column] = params
        for column, value in changes.items():
            trail.write("update", "subjects", row.id, column, None, value)
        connection.execute(subjects.update().where(subjects.c.id == row.id).values(**changes))


def _code_visits(connection: sa.Connection, trail: Trail) -> None:
    visits = sa.table(
        "visits",
        sa.column("id", sa.Integer()),
        sa.column("status", sa.String()),
        sa.column("status_reason", sa.Text()),
        sa.column("status_reason_code", sa.String()),
        sa.column("status_reason_params", sa.Text()),
    )
    rows = connection.execute(
        sa.select(visits.c.id, visits.c.status, visits.c.status_reason)
        .where(visits.c.status.in_(sorted(CODED_STATUSES)))
        .order_by(visits.c.id)
    ).all()
    params = dump_params({BEFORE_CODES: True})
    for row in rows:
        code = infer_visit_reason(row.status, row.status_reason)
        if code is None:
            continue
        trail.write("update", "visits", row.id, "status_reason_code", None, str(code))
        trail.write("update", "visits", row.id, "status_reason_params", None, params)
        connection.execute(
            visits.update()
            .where(visits.c.id == row.id)
            .values(status_reason_code=str(code), status_reason_params=params)
        )


def _code_adjustments(connection: sa.Connection, trail: Trail, name: str) -> None:
    table = sa.table(
        name, sa.column("id", sa.Integer()), sa.column("toxicity_id", sa.Integer()), sa.column("reason_code")
    )
    for row in connection.execute(sa.select(table.c.id, table.c.toxicity_id).order_by(table.c.id)).all():
        code = "adverse_event" if row.toxicity_id is not None else "other"  # app.dosing.adjustments
        trail.write("update", name, row.id, "reason_code", None, code)
        connection.execute(table.update().where(table.c.id == row.id).values(reason_code=code))


def downgrade() -> None:
    op.execute("ALTER TABLE stock_lots DROP COLUMN status_reason_code")
    op.execute("ALTER TABLE stock_movements DROP COLUMN reason_code")
    for table in reversed(ADJUSTED):
        op.execute(f"ALTER TABLE {table} DROP COLUMN reason_code")
    for name, _kind in reversed(VISIT_COLUMNS):
        op.execute(f"ALTER TABLE visits DROP COLUMN {name}")
    for name, _kind in reversed(COLUMNS):
        op.execute(f"ALTER TABLE subjects DROP COLUMN {name}")
