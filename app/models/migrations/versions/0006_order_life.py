"""the order life: product check, bags and their remakes, bedside start and stop, nurses, coded cancellation

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from app.models.migrations.trail import Trail
from app.models.types import ExactDecimal, UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What this migration does to the records already there (every change written to the audit trail, chained):
# - orders "administered" (given in one step) become "completed": started and ended at the times recorded, the
#   dose given the final dose, the volume given the whole bag; their "administered" signatures cover none of
#   these columns, so they stay valid;
# - every prepared order gets its bag 1 (who prepared it, when, its use-before time), and its preparation lines
#   belong to that bag; an order's own preparation columns stay as they were signed.
# The CHECK constraints of the order status, the order step, the signature meaning and the role gain the new
# codes. SQLite cannot alter a CHECK: those tables are rebuilt in place, the rows held in a copy while the
# table is made again, so that the rows referring to them keep their foreign keys (checked before the end).

ACTOR = "DoseDesk schema upgrade"
# The same words as REASONS["upgrade_order_life"] in app/services/reasons.py (the window translates them).
REASON = "upgrade: orders given in one step are completed, and each prepared order keeps its bag"

ROLES = ("admin", "pharmacist", "coordinator", "investigator", "nurse")
OLD_ROLES = ("admin", "pharmacist", "coordinator", "investigator")
ORDER_STATUSES = (
    "draft",
    "prescribed",
    "verified",
    "prepared",
    "checked",
    "started",
    "completed",
    "stopped",
    "cancelled",
)
OLD_ORDER_STATUSES = ("draft", "prescribed", "verified", "prepared", "administered", "cancelled")
ORDER_STEPS = (
    "created",
    "prescribed",
    "mismatch",
    "verified",
    "prepared",
    "checked",
    "remade",
    "started",
    "completed",
    "stopped",
    "administered",
    "cancelled",
)
OLD_ORDER_STEPS = ("created", "prescribed", "verified", "prepared", "administered", "cancelled")
MEANINGS = (
    "prescribed",
    "verified",
    "prepared",
    "checked",
    "started",
    "completed",
    "stopped",
    "cancelled",
    "administered",
    "approved",
)
OLD_MEANINGS = ("prescribed", "verified", "prepared", "administered", "approved")
NEW_NO_DELETE = ("infusion_bags", "infusion_events")
NO_DELETE_MESSAGE = "rows are never deleted: correct or cancel them"


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


# --- SQLite: a table made again with its rows -------------------------------------------------------------


def _sqlite_rebuild(table: str, edit: Callable[[str], str], values: dict[str, str] | None = None) -> None:
    """Make `table` again from its own CREATE statement changed by `edit`, keeping its rows, indexes and
    triggers. `values` gives the SQL expression (over the old row) of columns new or changed.

    The rows wait in a plain copy while the table is dropped and made again; the foreign keys of the rows
    referring to it are deferred meanwhile and satisfied again once the rows are back (SQLite keeps
    references by table name), which `_check_foreign_keys` confirms before the upgrade ends.
    """
    connection = op.get_bind()
    ddl = connection.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :name"), {"name": table}
    ).scalar_one()
    extras = [
        sql
        for (sql,) in connection.execute(
            sa.text(
                "SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = :name "
                "AND sql IS NOT NULL ORDER BY type, name"
            ),
            {"name": table},
        )
    ]
    old_columns = [row[1] for row in connection.execute(sa.text(f"PRAGMA table_info({table})"))]
    new_ddl = edit(ddl)
    if new_ddl == ddl:
        raise RuntimeError(f"the upgrade found {table} not as expected; restore the backup and report it")
    hold = f"_upgrade_hold_{table}"
    op.execute(f"CREATE TABLE {hold} AS SELECT * FROM {table}")
    op.execute(f"DROP TABLE {table}")
    op.execute(new_ddl)
    given = dict(values or {})
    columns = old_columns + [name for name in given if name not in old_columns]
    expressions = [given.get(name, name) for name in columns]
    op.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(expressions)} FROM {hold} AS old")
    op.execute(f"DROP TABLE {hold}")
    for sql in extras:
        op.execute(sql)


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(ddl: str) -> str:
        if old not in ddl:
            return ddl
        return ddl.replace(old, new)

    return edit


def _chain(*edits: Callable[[str], str]) -> Callable[[str], str]:
    def edit(ddl: str) -> str:
        for step in edits:
            changed = step(ddl)
            if changed == ddl:
                return ddl  # one edit found nothing: the whole rebuild is refused
            ddl = changed
        return ddl

    return edit


def _add_before_constraints(definitions: Sequence[str]) -> Callable[[str], str]:
    """New column (and table constraint) definitions, put before the first table constraint."""

    def edit(ddl: str) -> str:
        marker = "\tCONSTRAINT pk_"
        if marker not in ddl:
            return ddl
        added = "".join(f"\t{definition}, \n" for definition in definitions)
        return ddl.replace(marker, added + marker, 1)

    return edit


def _add_after_last_constraint(definitions: Sequence[str]) -> Callable[[str], str]:
    def edit(ddl: str) -> str:
        body = ddl.rstrip()
        if not body.endswith(")"):
            return ddl
        added = "".join(f", \n\t{definition}" for definition in definitions)
        return body[:-1].rstrip() + added + "\n)"

    return edit


def _check_foreign_keys() -> None:
    broken = op.get_bind().execute(sa.text("PRAGMA foreign_key_check")).all()
    if broken:
        raise RuntimeError(f"the upgrade would leave rows without the records they refer to: {broken[:5]}")


# --- the new tables ---------------------------------------------------------------------------------------


def _create_tables() -> None:
    op.create_table(
        "infusion_bags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("prepared_by_id", sa.Integer(), nullable=False),
        sa.Column("prepared_at", UTCDateTime(), nullable=False),
        sa.Column("beyond_use_at", UTCDateTime(), nullable=False),
        sa.Column(
            "beyond_use_storage",
            sa.Enum("room", "fridge", name="beyond_use_storage", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("tare_g", ExactDecimal(), nullable=True),
        sa.Column("checked_by_id", sa.Integer(), nullable=True),
        sa.Column("checked_at", UTCDateTime(), nullable=True),
        sa.Column("check_items", sa.Text(), nullable=True),
        sa.Column("weighed_g", ExactDecimal(), nullable=True),
        sa.Column("expected_g", ExactDecimal(), nullable=True),
        sa.Column("wasted_at", UTCDateTime(), nullable=True),
        sa.Column("wasted_by_id", sa.Integer(), nullable=True),
        sa.Column("waste_reason_code", sa.String(length=32), nullable=True),
        sa.Column("waste_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["checked_by_id"], ["users.id"], name=op.f("fk_infusion_bags_checked_by_id_users")),
        sa.ForeignKeyConstraint(
            ["order_id"], ["infusion_orders.id"], name=op.f("fk_infusion_bags_order_id_infusion_orders")
        ),
        sa.ForeignKeyConstraint(
            ["prepared_by_id"], ["users.id"], name=op.f("fk_infusion_bags_prepared_by_id_users")
        ),
        sa.ForeignKeyConstraint(["wasted_by_id"], ["users.id"], name=op.f("fk_infusion_bags_wasted_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_infusion_bags")),
        sa.UniqueConstraint("order_id", "number", name=op.f("uq_infusion_bags_order_id_number")),
    )
    with op.batch_alter_table("infusion_bags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_infusion_bags_order_id"), ["order_id"], unique=False)
    op.create_table(
        "infusion_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "interruption", "reaction", name="infusion_event_kind", native_enum=False, create_constraint=True
            ),
            nullable=False,
        ),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.Column("grade", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("toxicity_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["order_id"], ["infusion_orders.id"], name=op.f("fk_infusion_events_order_id_infusion_orders")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_infusion_events_recorded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["toxicity_id"], ["toxicities.id"], name=op.f("fk_infusion_events_toxicity_id_toxicities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_infusion_events")),
    )
    with op.batch_alter_table("infusion_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_infusion_events_order_id"), ["order_id"], unique=False)


def _no_delete_guards(dialect: str) -> None:
    for table in NEW_NO_DELETE:
        if dialect == "sqlite":
            op.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} {NO_DELETE_MESSAGE}'); END"
            )
        else:
            op.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION dosedesk_refuse_change('{NO_DELETE_MESSAGE}')"
            )


# --- the changed tables -------------------------------------------------------------------------------------

_ORDER_COLUMNS_SQLITE = (
    "started_at DATETIME",
    "started_by_id INTEGER",
    "ended_at DATETIME",
    "ended_by_id INTEGER",
    "volume_given_ml VARCHAR",
    "dose_given_mg VARCHAR",
    "stop_reason_code VARCHAR(32)",
    "stop_reason TEXT",
    "cancel_reason_code VARCHAR(32)",
)
_ORDER_FOREIGN_KEYS_SQLITE = (
    "CONSTRAINT fk_infusion_orders_started_by_id_users FOREIGN KEY(started_by_id) REFERENCES users (id)",
    "CONSTRAINT fk_infusion_orders_ended_by_id_users FOREIGN KEY(ended_by_id) REFERENCES users (id)",
)


def _sqlite_schema() -> None:
    _sqlite_rebuild(
        "user_roles",
        _replace(f"CHECK ({_in('role', OLD_ROLES)})", f"CHECK ({_in('role', ROLES)})"),
    )
    _sqlite_rebuild(
        "signatures",
        _replace(f"CHECK ({_in('meaning', OLD_MEANINGS)})", f"CHECK ({_in('meaning', MEANINGS)})"),
    )
    _sqlite_rebuild(
        "infusion_orders",
        _chain(
            _replace(
                f"CHECK ({_in('status', OLD_ORDER_STATUSES)})", f"CHECK ({_in('status', ORDER_STATUSES)})"
            ),
            _replace("\tstatus VARCHAR(12) NOT NULL, ", "\tstatus VARCHAR(10) NOT NULL, "),
            _add_before_constraints(_ORDER_COLUMNS_SQLITE),
            _add_after_last_constraint(_ORDER_FOREIGN_KEYS_SQLITE),
        ),
        {"status": "CASE WHEN old.status = 'administered' THEN 'completed' ELSE old.status END"},
    )
    _sqlite_rebuild(
        "infusion_order_steps",
        _replace(f"CHECK ({_in('step', OLD_ORDER_STEPS)})", f"CHECK ({_in('step', ORDER_STEPS)})"),
    )


def _sqlite_lines() -> None:
    """Each preparation line belongs to its order's bag 1 (made just before)."""
    _sqlite_rebuild(
        "preparation_lines",
        _chain(
            _add_before_constraints(("bag_id INTEGER NOT NULL",)),
            _add_after_last_constraint(
                ("CONSTRAINT fk_preparation_lines_bag_id_infusion_bags FOREIGN KEY(bag_id) REFERENCES infusion_bags (id)",)
            ),
        ),
        {
            "bag_id": "(SELECT b.id FROM infusion_bags AS b WHERE b.order_id = old.order_id AND b.number = 1)",
        },
    )
    op.execute("CREATE INDEX ix_preparation_lines_bag_id ON preparation_lines (bag_id)")


def _postgresql_schema() -> None:
    for table, name, column, old, new in (
        ("user_roles", "ck_user_roles_role", "role", OLD_ROLES, ROLES),
        ("signatures", "ck_signatures_signature_meaning", "meaning", OLD_MEANINGS, MEANINGS),
        ("infusion_order_steps", "ck_infusion_order_steps_order_step", "step", OLD_ORDER_STEPS, ORDER_STEPS),
    ):
        del old
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({_in(column, new)})")
    op.add_column("infusion_orders", sa.Column("started_at", UTCDateTime(), nullable=True))
    op.add_column("infusion_orders", sa.Column("started_by_id", sa.Integer(), nullable=True))
    op.add_column("infusion_orders", sa.Column("ended_at", UTCDateTime(), nullable=True))
    op.add_column("infusion_orders", sa.Column("ended_by_id", sa.Integer(), nullable=True))
    op.add_column("infusion_orders", sa.Column("volume_given_ml", ExactDecimal(), nullable=True))
    op.add_column("infusion_orders", sa.Column("dose_given_mg", ExactDecimal(), nullable=True))
    op.add_column("infusion_orders", sa.Column("stop_reason_code", sa.String(length=32), nullable=True))
    op.add_column("infusion_orders", sa.Column("stop_reason", sa.Text(), nullable=True))
    op.add_column("infusion_orders", sa.Column("cancel_reason_code", sa.String(length=32), nullable=True))
    for column in ("started_by_id", "ended_by_id"):
        op.create_foreign_key(
            op.f(f"fk_infusion_orders_{column}_users"), "infusion_orders", "users", [column], ["id"]
        )
    op.execute("ALTER TABLE infusion_orders DROP CONSTRAINT ck_infusion_orders_order_status")
    op.execute("UPDATE infusion_orders SET status = 'completed' WHERE status = 'administered'")
    op.execute("ALTER TABLE infusion_orders ALTER COLUMN status TYPE VARCHAR(10)")
    op.execute(
        "ALTER TABLE infusion_orders ADD CONSTRAINT ck_infusion_orders_order_status "
        f"CHECK ({_in('status', ORDER_STATUSES)})"
    )


def _postgresql_lines() -> None:
    op.add_column("preparation_lines", sa.Column("bag_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f("fk_preparation_lines_bag_id_infusion_bags"), "preparation_lines", "infusion_bags", ["bag_id"], ["id"]
    )
    op.execute(
        "UPDATE preparation_lines SET bag_id = (SELECT b.id FROM infusion_bags AS b "
        "WHERE b.order_id = preparation_lines.order_id AND b.number = 1)"
    )
    op.alter_column("preparation_lines", "bag_id", nullable=False)
    op.create_index(op.f("ix_preparation_lines_bag_id"), "preparation_lines", ["bag_id"], unique=False)


# --- the records ------------------------------------------------------------------------------------------

_ORDERS = sa.table(
    "infusion_orders",
    sa.column("id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("final_dose_mg", ExactDecimal()),
    sa.column("volume_to_draw_ml", ExactDecimal()),
    sa.column("bag_volume_ml", ExactDecimal()),
    sa.column("prepared_by_id", sa.Integer()),
    sa.column("prepared_at", UTCDateTime()),
    sa.column("beyond_use_at", UTCDateTime()),
    sa.column("beyond_use_storage", sa.String()),
    sa.column("administration_started_at", UTCDateTime()),
    sa.column("administration_ended_at", UTCDateTime()),
    sa.column("started_at", UTCDateTime()),
    sa.column("ended_at", UTCDateTime()),
    sa.column("dose_given_mg", ExactDecimal()),
    sa.column("volume_given_ml", ExactDecimal()),
)
_BAGS = sa.table(
    "infusion_bags",
    sa.column("id", sa.Integer()),
    sa.column("order_id", sa.Integer()),
    sa.column("number", sa.Integer()),
    sa.column("prepared_by_id", sa.Integer()),
    sa.column("prepared_at", UTCDateTime()),
    sa.column("beyond_use_at", UTCDateTime()),
    sa.column("beyond_use_storage", sa.String()),
)
_BAG_COLUMNS = (
    "id",
    "order_id",
    "number",
    "prepared_by_id",
    "prepared_at",
    "beyond_use_at",
    "beyond_use_storage",
    "tare_g",
    "checked_by_id",
    "checked_at",
    "check_items",
    "weighed_g",
    "expected_g",
    "wasted_at",
    "wasted_by_id",
    "waste_reason_code",
    "waste_note",
)
_LINES = sa.table("preparation_lines", sa.column("id", sa.Integer()), sa.column("order_id", sa.Integer()))


def _given_in_one_step(connection: sa.Connection) -> list[Any]:
    """The orders recorded as administered (read before the schema changes)."""
    return list(
        connection.execute(
            sa.select(
                _ORDERS.c.id,
                _ORDERS.c.final_dose_mg,
                _ORDERS.c.volume_to_draw_ml,
                _ORDERS.c.bag_volume_ml,
                _ORDERS.c.administration_started_at,
                _ORDERS.c.administration_ended_at,
            )
            .where(_ORDERS.c.status == "administered")
            .order_by(_ORDERS.c.id)
        )
    )


def _complete(connection: sa.Connection, trail: Trail, given: list[Any]) -> None:
    for order in given:
        values = {
            "started_at": order.administration_started_at,
            "ended_at": order.administration_ended_at,
            "dose_given_mg": order.final_dose_mg,
            "volume_given_ml": order.bag_volume_ml + order.volume_to_draw_ml,
        }
        connection.execute(_ORDERS.update().where(_ORDERS.c.id == order.id).values(**values))
        trail.write("update", "infusion_orders", order.id, "status", "administered", "completed")
        for field, value in values.items():
            if value is not None:
                trail.write("update", "infusion_orders", order.id, field, None, value)


def _bags(connection: sa.Connection, trail: Trail) -> None:
    prepared = connection.execute(
        sa.select(
            _ORDERS.c.id,
            _ORDERS.c.prepared_by_id,
            _ORDERS.c.prepared_at,
            _ORDERS.c.beyond_use_at,
            _ORDERS.c.beyond_use_storage,
        )
        .where(_ORDERS.c.prepared_at.is_not(None))
        .order_by(_ORDERS.c.id)
    ).all()
    for order in prepared:
        if order.prepared_by_id is None or order.beyond_use_at is None or order.beyond_use_storage is None:
            raise RuntimeError(
                f"order {order.id} was prepared without its preparer or use-before time; restore the backup"
            )
        values = {
            "order_id": order.id,
            "number": 1,
            "prepared_by_id": order.prepared_by_id,
            "prepared_at": order.prepared_at,
            "beyond_use_at": order.beyond_use_at,
            "beyond_use_storage": order.beyond_use_storage,
        }
        bag_id = connection.execute(_BAGS.insert().values(**values).returning(_BAGS.c.id)).scalar_one()
        content = dict.fromkeys(_BAG_COLUMNS)
        content.update(values, id=bag_id)
        trail.created("infusion_bags", bag_id, content)
    orphans = connection.execute(
        sa.select(_LINES.c.id).where(_LINES.c.order_id.not_in(sa.select(_BAGS.c.order_id))).limit(1)
    ).first()
    if orphans is not None:
        raise RuntimeError("a preparation line belongs to an order never prepared; restore the backup")


def _lines_audited(connection: sa.Connection, trail: Trail) -> None:
    rows = connection.execute(
        sa.text("SELECT id, bag_id FROM preparation_lines ORDER BY id")
    ).all()
    for line_id, bag_id in rows:
        trail.write("update", "preparation_lines", line_id, "bag_id", None, bag_id)


def upgrade() -> None:
    connection = op.get_bind()
    dialect = connection.dialect.name
    if dialect == "sqlite":
        op.execute("PRAGMA defer_foreign_keys = ON")
    given = _given_in_one_step(connection)
    trail = Trail(connection, ACTOR, REASON)
    _create_tables()
    if dialect == "sqlite":
        _sqlite_schema()
    else:
        _postgresql_schema()
    _complete(connection, trail, given)
    _bags(connection, trail)
    if dialect == "sqlite":
        _sqlite_lines()
    else:
        _postgresql_lines()
    _lines_audited(connection, trail)
    _no_delete_guards(dialect)
    if dialect == "sqlite":
        _check_foreign_keys()


def downgrade() -> None:
    raise RuntimeError(
        "DoseDesk does not take a database back before the bedside steps: restore the copy taken before the "
        "upgrade (it lies beside the database, named dosedesk.before-0003-…)."
    )
