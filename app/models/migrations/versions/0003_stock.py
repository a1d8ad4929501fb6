"""investigational product stock: shipments, lots, movements, and the database's own balance keeping

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-26 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.models.types import ExactDecimal, UTCDateTime

revision: str = "0003"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The database itself keeps the accountability promise (docs/domain.md §8), whatever code talks to it:
# - a movement, once written, adds its vials to its lot's counter of that kind (trigger `stock_movements_apply`);
# - on hand = received - dispensed - returned - destroyed and no counter below zero (CHECKs on stock_lots),
#   so a movement that would overdraw a lot is refused with its transaction;
# - a lot's counters change only through movements: an update whose counters differ from the sums of the
#   lot's movements is refused (`stock_lots_counters`), a new lot starts at zero (`stock_lots_new_counters`);
# - movements are never changed (but for attaching a return's or destruction's e-signature once) nor deleted;
#   lots and shipments are never deleted.
MOVEMENT_COLUMNS = (
    "id",
    "lot_id",
    "kind",
    "vials",
    "waste_mg",
    "shipment_id",
    "order_id",
    "preparation_line_id",
    "reference",
    "reason",
    "at",
    "by_id",
    "by_name",
)
COUNTERS = (
    ("received_vials", "receipt"),
    ("dispensed_vials", "dispense"),
    ("returned_vials", "return"),
    ("destroyed_vials", "destruction"),
)
OUT_KINDS = "('dispense', 'return', 'destruction')"
NO_DELETE = ("stock_shipments", "stock_lots", "stock_movements")

NEW_LOT_MESSAGE = "stock_lots: a new lot starts with no vials; vials come in by receipt movements"
COUNTERS_MESSAGE = "stock_lots: a lot's vial counts can change only through its movements"
FROZEN_MESSAGE = "stock_movements rows can never be changed (only a missing e-signature may be attached once)"
NO_DELETE_ARGUMENT = "rows are never deleted: accountability keeps every record"


def _counter_updates() -> str:
    parts = [
        f"{counter} = {counter} + (CASE WHEN NEW.kind = '{kind}' THEN NEW.vials ELSE 0 END)"
        for counter, kind in COUNTERS
    ]
    parts.append(
        "on_hand_vials = on_hand_vials + (CASE WHEN NEW.kind = 'receipt' THEN NEW.vials "
        f"WHEN NEW.kind IN {OUT_KINDS} THEN -NEW.vials ELSE 0 END)"
    )
    return ", ".join(parts)


def _create_sqlite_guards() -> None:
    op.execute(
        "CREATE TRIGGER stock_movements_apply AFTER INSERT ON stock_movements "
        f"BEGIN UPDATE stock_lots SET {_counter_updates()} WHERE id = NEW.lot_id; END"
    )
    nonzero = " OR ".join(f"NEW.{counter} <> 0" for counter, _ in COUNTERS)
    op.execute(
        "CREATE TRIGGER stock_lots_new_counters BEFORE INSERT ON stock_lots "
        f"WHEN {nonzero} OR NEW.on_hand_vials <> 0 "
        f"BEGIN SELECT RAISE(ABORT, '{NEW_LOT_MESSAGE.replace(chr(39), chr(39) * 2)}'); END"
    )
    mismatch = " OR ".join(
        f"NEW.{counter} IS NOT (SELECT COALESCE(SUM(vials), 0) FROM stock_movements "
        f"WHERE lot_id = OLD.id AND kind = '{kind}')"
        for counter, kind in COUNTERS
    )
    op.execute(
        "CREATE TRIGGER stock_lots_counters BEFORE UPDATE ON stock_lots "
        f"WHEN NEW.id IS NOT OLD.id OR {mismatch} "
        f"BEGIN SELECT RAISE(ABORT, '{COUNTERS_MESSAGE.replace(chr(39), chr(39) * 2)}'); END"
    )
    unchanged = " AND ".join(f"NEW.{column} IS OLD.{column}" for column in MOVEMENT_COLUMNS)
    op.execute(
        "CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements "
        f"WHEN NOT (OLD.signature_id IS NULL AND NEW.signature_id IS NOT NULL AND {unchanged}) "
        f"BEGIN SELECT RAISE(ABORT, '{FROZEN_MESSAGE}'); END"
    )
    for table in NO_DELETE:
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} {NO_DELETE_ARGUMENT}'); END"
        )


def _create_postgresql_guards() -> None:
    op.execute(
        f"""
        CREATE FUNCTION dosedesk_stock_apply_movement() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE stock_lots SET {_counter_updates()} WHERE id = NEW.lot_id;
            RETURN NULL;
        END
        $$
        """
    )
    sums = ", ".join(
        f"COALESCE(SUM(vials) FILTER (WHERE kind = '{kind}'), 0)" for _counter, kind in COUNTERS
    )
    variables = ", ".join(f"sum_{counter}" for counter, _ in COUNTERS)
    declarations = " ".join(f"sum_{counter} integer;" for counter, _ in COUNTERS)
    mismatch = " OR ".join(f"NEW.{counter} <> sum_{counter}" for counter, _ in COUNTERS)
    nonzero = " OR ".join(f"NEW.{counter} <> 0" for counter, _ in COUNTERS)
    op.execute(
        f"""
        CREATE FUNCTION dosedesk_stock_lot_counters() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE {declarations}
        BEGIN
            IF TG_OP = 'INSERT' THEN
                IF {nonzero} OR NEW.on_hand_vials <> 0 THEN
                    RAISE EXCEPTION '{NEW_LOT_MESSAGE.replace(chr(39), chr(39) * 2)}'
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                RETURN NEW;
            END IF;
            SELECT {sums} INTO {variables} FROM stock_movements WHERE lot_id = OLD.id;
            IF NEW.id <> OLD.id OR {mismatch} THEN
                RAISE EXCEPTION '{COUNTERS_MESSAGE.replace(chr(39), chr(39) * 2)}'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END
        $$
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION dosedesk_stock_movement_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.signature_id IS NULL AND NEW.signature_id IS NOT NULL
               AND (to_jsonb(NEW) - 'signature_id') = (to_jsonb(OLD) - 'signature_id') THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION '{FROZEN_MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER stock_movements_apply AFTER INSERT ON stock_movements "
        "FOR EACH ROW EXECUTE FUNCTION dosedesk_stock_apply_movement()"
    )
    op.execute(
        "CREATE TRIGGER stock_lots_new_counters BEFORE INSERT ON stock_lots "
        "FOR EACH ROW EXECUTE FUNCTION dosedesk_stock_lot_counters()"
    )
    op.execute(
        "CREATE TRIGGER stock_lots_counters BEFORE UPDATE ON stock_lots "
        "FOR EACH ROW EXECUTE FUNCTION dosedesk_stock_lot_counters()"
    )
    op.execute(
        "CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements "
        "FOR EACH ROW EXECUTE FUNCTION dosedesk_stock_movement_frozen()"
    )
    for table in NO_DELETE:
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION dosedesk_refuse_change('{NO_DELETE_ARGUMENT}')"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION dosedesk_refuse_change('{NO_DELETE_ARGUMENT}')"
        )


def guard_triggers(dialect: str) -> set[str]:
    """The names of the triggers this migration creates (the stock check looks for them)."""
    names = {"stock_movements_apply", "stock_lots_new_counters", "stock_lots_counters", "stock_movements_no_update"}
    names |= {f"{table}_no_delete" for table in NO_DELETE}
    if dialect != "sqlite":
        names |= {f"{table}_no_truncate" for table in NO_DELETE}
    return names


def _drop_guards() -> None:
    dialect = op.get_context().dialect.name
    tables = {
        "stock_movements_apply": "stock_movements",
        "stock_lots_new_counters": "stock_lots",
        "stock_lots_counters": "stock_lots",
        "stock_movements_no_update": "stock_movements",
    }
    for name in sorted(guard_triggers(dialect)):
        table = tables.get(name) or name.rsplit("_no_", 1)[0]
        op.execute(
            f"DROP TRIGGER IF EXISTS {name}" if dialect == "sqlite" else f"DROP TRIGGER IF EXISTS {name} ON {table}"
        )
    if dialect != "sqlite":
        for function in (
            "dosedesk_stock_apply_movement",
            "dosedesk_stock_lot_counters",
            "dosedesk_stock_movement_frozen",
        ):
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")


def upgrade() -> None:
    op.create_table(
        "stock_shipments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("received_by_id", sa.Integer(), nullable=True),
        sa.Column("received_by_name", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["received_by_id"], ["users.id"], name=op.f("fk_stock_shipments_received_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_shipments")),
        sa.UniqueConstraint("reference", name=op.f("uq_stock_shipments_reference")),
    )
    op.create_table(
        "stock_lots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot_number", sa.String(length=64), nullable=False),
        sa.Column("protocol_id", sa.String(length=64), nullable=False),
        sa.Column("strength_mg", ExactDecimal(), nullable=False),
        sa.Column("expiry", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("released", "quarantined", name="lot_status", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("received_vials", sa.Integer(), server_default="0", nullable=False),
        sa.Column("dispensed_vials", sa.Integer(), server_default="0", nullable=False),
        sa.Column("returned_vials", sa.Integer(), server_default="0", nullable=False),
        sa.Column("destroyed_vials", sa.Integer(), server_default="0", nullable=False),
        sa.Column("on_hand_vials", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint(
            "on_hand_vials = received_vials - dispensed_vials - returned_vials - destroyed_vials",
            name=op.f("ck_stock_lots_balance"),
        ),
        sa.CheckConstraint(
            "received_vials >= 0 AND dispensed_vials >= 0 AND returned_vials >= 0 "
            "AND destroyed_vials >= 0 AND on_hand_vials >= 0",
            name=op.f("ck_stock_lots_counts_not_negative"),
        ),
        sa.CheckConstraint(
            "status_reason IS NULL OR length(trim(status_reason)) > 0", name=op.f("ck_stock_lots_status_reason")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_lots")),
        sa.UniqueConstraint("lot_number", name=op.f("uq_stock_lots_lot_number")),
    )
    with op.batch_alter_table("stock_lots", schema=None) as batch_op:
        batch_op.create_index("ix_stock_lots_protocol_expiry", ["protocol_id", "expiry"], unique=False)

    op.create_table(
        "stock_movements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "receipt",
                "dispense",
                "waste",
                "return",
                "destruction",
                "quarantine",
                "release",
                name="movement_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("vials", sa.Integer(), nullable=False),
        sa.Column("waste_mg", ExactDecimal(), nullable=True),
        sa.Column("shipment_id", sa.Integer(), nullable=True),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("preparation_line_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("by_name", sa.String(length=200), nullable=False),
        sa.Column("signature_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("(kind = 'waste') = (waste_mg IS NOT NULL)", name=op.f("ck_stock_movements_waste_mg")),
        sa.CheckConstraint(
            "NOT (kind IN ('destruction', 'dispense', 'receipt', 'return')) OR vials > 0",
            name=op.f("ck_stock_movements_vials_moved"),
        ),
        sa.CheckConstraint(
            "NOT (kind IN ('destruction', 'quarantine', 'release', 'return')) "
            "OR (reason IS NOT NULL AND length(trim(reason)) > 0)",
            name=op.f("ck_stock_movements_reason_given"),
        ),
        sa.CheckConstraint(
            "kind <> 'receipt' OR shipment_id IS NOT NULL", name=op.f("ck_stock_movements_receipt_shipment")
        ),
        sa.CheckConstraint(
            "kind IN ('destruction', 'dispense', 'receipt', 'return') OR vials = 0",
            name=op.f("ck_stock_movements_no_vials_moved"),
        ),
        sa.CheckConstraint(
            "kind NOT IN ('dispense', 'waste') OR order_id IS NOT NULL", name=op.f("ck_stock_movements_order_given")
        ),
        sa.CheckConstraint(
            "signature_id IS NULL OR kind IN ('destruction', 'return')", name=op.f("ck_stock_movements_signed_kinds")
        ),
        sa.CheckConstraint("vials >= 0", name=op.f("ck_stock_movements_vials_not_negative")),
        sa.ForeignKeyConstraint(["by_id"], ["users.id"], name=op.f("fk_stock_movements_by_id_users")),
        sa.ForeignKeyConstraint(["lot_id"], ["stock_lots.id"], name=op.f("fk_stock_movements_lot_id_stock_lots")),
        sa.ForeignKeyConstraint(
            ["order_id"], ["infusion_orders.id"], name=op.f("fk_stock_movements_order_id_infusion_orders")
        ),
        sa.ForeignKeyConstraint(
            ["preparation_line_id"],
            ["preparation_lines.id"],
            name=op.f("fk_stock_movements_preparation_line_id_preparation_lines"),
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"], ["stock_shipments.id"], name=op.f("fk_stock_movements_shipment_id_stock_shipments")
        ),
        sa.ForeignKeyConstraint(
            ["signature_id"], ["signatures.id"], name=op.f("fk_stock_movements_signature_id_signatures")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_movements")),
    )
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.create_index("ix_stock_movements_lot_kind", ["lot_id", "kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_stock_movements_order_id"), ["order_id"], unique=False)

    if op.get_context().dialect.name == "sqlite":
        _create_sqlite_guards()
    else:
        _create_postgresql_guards()


def downgrade() -> None:
    _drop_guards()
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_movements_order_id"))
        batch_op.drop_index("ix_stock_movements_lot_kind")
    op.drop_table("stock_movements")
    with op.batch_alter_table("stock_lots", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_lots_protocol_expiry")
    op.drop_table("stock_lots")
    op.drop_table("stock_shipments")
