"""row version counters on the records two workstations may change at once

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 09:00:00

Orders, visits, subjects, lots, users and protocol versions get a `row_version` integer (1 for every row already
there), which SQLAlchemy raises on each UPDATE and checks in its WHERE clause (`Versioned` in app.models.base):
an update made from a read that another workstation has overtaken matches no row and is refused in plain words.

Adding a column changes no existing value: audit hashes and signatures stay valid (the counter is neither audited
nor signed), and the guard triggers are left as they are (a column is added, no row is updated).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED_TABLES = ("infusion_orders", "visits", "subjects", "stock_lots", "users", "protocol_versions")


def upgrade() -> None:
    for table in VERSIONED_TABLES:
        # Plain ALTER TABLE on both databases: a batch (copy-and-move) table on SQLite would drop its triggers.
        op.add_column(table, sa.Column("row_version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    for table in VERSIONED_TABLES:
        op.execute(f"ALTER TABLE {table} DROP COLUMN row_version")
