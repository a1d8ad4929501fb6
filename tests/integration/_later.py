"""Columns later migrations add that today's models write: a test that builds an old schema adds them while it
writes rows with today's models, and drops them again before upgrading (the upgrade adds them itself)."""

from __future__ import annotations

from sqlalchemy import Connection, text

LATER_COLUMNS: dict[str, tuple[str, ...]] = {
    "users": ("language VARCHAR(8)",),  # 0009
    "subjects": (
        "language VARCHAR(8)",  # 0009
        "treatment_stop_code VARCHAR(40)",  # 0010
        "treatment_stop_params TEXT",
        "off_study_code VARCHAR(40)",
        "off_study_params TEXT",
    ),
    "visits": ("status_reason_code VARCHAR(40)", "status_reason_params TEXT"),  # 0010
    "holds": ("reason_code VARCHAR(40)",),  # 0010
    "dose_level_changes": ("reason_code VARCHAR(40)",),  # 0010
    "stock_lots": ("status_reason_code VARCHAR(40)",),  # 0010
    "stock_movements": ("reason_code VARCHAR(40)",),  # 0010
}


def add_later_columns(connection: Connection, tables: tuple[str, ...] = tuple(LATER_COLUMNS)) -> None:
    for table in tables:
        for column in LATER_COLUMNS[table]:
            connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {column}"))


def drop_later_columns(connection: Connection, tables: tuple[str, ...] = tuple(LATER_COLUMNS)) -> None:
    for table in tables:
        for column in reversed(LATER_COLUMNS[table]):
            connection.execute(text(f"ALTER TABLE {table} DROP COLUMN {column.split()[0]}"))
