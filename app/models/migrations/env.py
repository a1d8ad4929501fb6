"""Alembic environment for DoseDesk's migrations, shipped inside the package.

The app runs migrations through `app.models.migrate`, handing over an open connection in
`config.attributes["connection"]`; no alembic.ini is needed. For a developer writing a new migration:

    .venv/bin/python -m app.models.migrate revision "what changes"
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from app.models import Base
from app.models.engine import make_engine

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("DoseDesk's migrations run online only.")
run_migrations_online()
