"""the subject's preferred language for their paper, and each user's interface language

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 23:00:00

- `subjects.language`: the language the patient reads ('en' or 'zh'); the calendar, the wristband and the
  calendar file are printed in it unless the print asks for another. NULL for the subjects enrolled before
  (not recorded yet: a coordinator records it on the chart, with a reason).
- `users.language`: the language of the window for that user ('en' or 'zh'), applied when they sign in. NULL:
  the workstation's language, as before.

Both columns are added empty, so no value held changes and the audit trail needs no row: the rows already
written keep their hashes. The check constraints go in with plain ALTER TABLE on both databases (a batch copy of
the table on SQLite would drop its triggers): on SQLite as column constraints of the added columns, on
PostgreSQL as table constraints.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LANGUAGE_CHECK = "language IS NULL OR language IN ('en', 'zh')"
TABLES = ("subjects", "users")


def upgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    for table in TABLES:
        if sqlite:
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN language VARCHAR(8) "
                f"CONSTRAINT ck_{table}_language CHECK ({LANGUAGE_CHECK})"
            )
        else:
            op.add_column(table, sa.Column("language", sa.String(length=8), nullable=True))
            op.create_check_constraint("ck_" + table + "_language", table, LANGUAGE_CHECK)


def downgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    for table in TABLES:
        if not sqlite:
            op.drop_constraint("ck_" + table + "_language", table, type_="check")
        op.execute(f"ALTER TABLE {table} DROP COLUMN language")
