"""Investigational product accountability (docs/domain.md §8): shipments, lots and the movements of vials.

One `Lot` per lot number: its strength, expiry and status, and five stored counters. Every change of stock is
a `StockMovement` row; rows are only ever added (the database refuses to change or delete them, except to
attach the e-signature to a return or destruction once).

The database keeps the balance itself, whatever code talks to it (triggers and CHECK constraints created by
migration 0003):

- inserting a movement adds its vials to the lot's counter of that kind (a trigger), and
  on hand = received − dispensed − returned − destroyed, every counter ≥ 0 (CHECK constraints on the lot):
  a movement that would take a lot below zero is refused, and the whole transaction with it;
- the counters can change only through movements: an update of a lot whose counters differ from the sums of
  its movements is refused (a trigger), so nobody can "fix" a number by hand.

Waste (mg of the partial vial's remainder) does not change vial counts: the vial was dispensed whole. It is a
movement of its own on the order that wasted it.

Counters are written by the database, never by the ORM: after adding movements, expire the lot's counters
(`Lot.COUNTERS`) before reading them again.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Versioned
from app.models.enums import enum_type
from app.models.orders import InfusionOrder, PreparationLine
from app.models.users import Signature


class LotStatus(enum.StrEnum):
    RELEASED = "released"  # may be dispensed (while in date)
    QUARANTINED = "quarantined"  # set aside: never dispensed until released


class MovementKind(enum.StrEnum):
    RECEIPT = "receipt"  # vials in, from a shipment
    DISPENSE = "dispense"  # vials out, to a prepared infusion order
    WASTE = "waste"  # mg of a partial vial's remainder, on the order that wasted it (no vials)
    RETURN = "return"  # vials out, back to the sponsor (reason, e-signature)
    DESTRUCTION = "destruction"  # vials out, destroyed at the site (reason, e-signature)
    QUARANTINE = "quarantine"  # the lot set aside (reason; no vials)
    RELEASE = "release"  # the lot released for use (reason; no vials)


# Which counter each kind of movement adds to; the others change no count.
COUNTER_OF_KIND: dict[MovementKind, str] = {
    MovementKind.RECEIPT: "received_vials",
    MovementKind.DISPENSE: "dispensed_vials",
    MovementKind.RETURN: "returned_vials",
    MovementKind.DESTRUCTION: "destroyed_vials",
}
VIAL_KINDS = frozenset(COUNTER_OF_KIND)
SIGNED_KINDS = frozenset({MovementKind.RETURN, MovementKind.DESTRUCTION})
REASON_KINDS = frozenset(
    {MovementKind.RETURN, MovementKind.DESTRUCTION, MovementKind.QUARANTINE, MovementKind.RELEASE}
)


def _in(kinds: frozenset[MovementKind] | set[MovementKind]) -> str:
    return "kind IN (" + ", ".join(f"'{kind.value}'" for kind in sorted(kinds)) + ")"


class Shipment(Base):
    """A delivery from the sponsor: its reference (waybill or shipment number), when and by whom received."""

    __tablename__ = "stock_shipments"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    received_on: Mapped[date]
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    received_by_name: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(Text, default="")


class Lot(Versioned, Base):
    """One lot of investigational product, and its stored vial counters (kept by the database)."""

    __tablename__ = "stock_lots"
    __audited__ = True
    __table_args__ = (
        CheckConstraint(
            "on_hand_vials = received_vials - dispensed_vials - returned_vials - destroyed_vials",
            name="balance",
        ),
        CheckConstraint(
            "received_vials >= 0 AND dispensed_vials >= 0 AND returned_vials >= 0 "
            "AND destroyed_vials >= 0 AND on_hand_vials >= 0",
            name="counts_not_negative",
        ),
        CheckConstraint("status_reason IS NULL OR length(trim(status_reason)) > 0", name="status_reason"),
        Index("ix_stock_lots_protocol_expiry", "protocol_id", "expiry"),
    )

    COUNTERS: ClassVar[tuple[str, ...]] = (
        "received_vials",
        "dispensed_vials",
        "returned_vials",
        "destroyed_vials",
        "on_hand_vials",
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_number: Mapped[str] = mapped_column(String(64), unique=True)
    protocol_id: Mapped[str] = mapped_column(String(64))  # whose investigational product (protocol file id)
    strength_mg: Mapped[Decimal]  # per vial
    expiry: Mapped[date]  # usable through this date
    status: Mapped[LotStatus] = mapped_column(enum_type(LotStatus), default=LotStatus.RELEASED)
    status_reason: Mapped[str | None] = mapped_column(Text, default=None)  # why quarantined (or released)
    status_reason_code: Mapped[str | None] = mapped_column(String(40), default=None)  # app.dosing.stock_reasons
    created_at: Mapped[datetime]

    # Written by the database's triggers from the movements; never set them from Python.
    received_vials: Mapped[int] = mapped_column(default=0, server_default="0")
    dispensed_vials: Mapped[int] = mapped_column(default=0, server_default="0")
    returned_vials: Mapped[int] = mapped_column(default=0, server_default="0")
    destroyed_vials: Mapped[int] = mapped_column(default=0, server_default="0")
    on_hand_vials: Mapped[int] = mapped_column(default=0, server_default="0")

    movements: Mapped[list[StockMovement]] = relationship(order_by="StockMovement.id", viewonly=True)


class StockMovement(Base):
    """One change of a lot's stock, with who, when and why; never changed or deleted.

    `vials` counts whole vials in (receipt) or out (dispense, return, destruction); waste, quarantine and
    release move none. Returns and destructions carry an e-signature (`signature_id`, attached in the same
    transaction right after the row is written, since a signature signs a row that exists).
    """

    __tablename__ = "stock_movements"
    __audited__ = True
    __owners__ = ("lot_id", "order_id")
    __table_args__ = (
        CheckConstraint("vials >= 0", name="vials_not_negative"),
        CheckConstraint(f"NOT ({_in(VIAL_KINDS)}) OR vials > 0", name="vials_moved"),
        CheckConstraint(f"{_in(VIAL_KINDS)} OR vials = 0", name="no_vials_moved"),
        CheckConstraint("kind <> 'receipt' OR shipment_id IS NOT NULL", name="receipt_shipment"),
        CheckConstraint("kind NOT IN ('dispense', 'waste') OR order_id IS NOT NULL", name="order_given"),
        CheckConstraint("(kind = 'waste') = (waste_mg IS NOT NULL)", name="waste_mg"),
        CheckConstraint(
            f"NOT ({_in(REASON_KINDS)}) OR (reason IS NOT NULL AND length(trim(reason)) > 0)",
            name="reason_given",
        ),
        CheckConstraint(f"signature_id IS NULL OR {_in(SIGNED_KINDS)}", name="signed_kinds"),
        Index("ix_stock_movements_lot_kind", "lot_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("stock_lots.id"))
    kind: Mapped[MovementKind] = mapped_column(enum_type(MovementKind, "movement_kind"))
    vials: Mapped[int] = mapped_column(default=0)
    waste_mg: Mapped[Decimal | None] = mapped_column(default=None)
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("stock_shipments.id"), default=None)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("infusion_orders.id"), default=None, index=True)
    preparation_line_id: Mapped[int | None] = mapped_column(ForeignKey("preparation_lines.id"), default=None)
    reference: Mapped[str | None] = mapped_column(String(64), default=None)  # e.g. sponsor's return number
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    reason_code: Mapped[str | None] = mapped_column(String(40), default=None)  # app.dosing.stock_reasons
    at: Mapped[datetime]
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    by_name: Mapped[str] = mapped_column(String(200))
    signature_id: Mapped[int | None] = mapped_column(ForeignKey("signatures.id"), default=None)

    lot: Mapped[Lot] = relationship()
    shipment: Mapped[Shipment | None] = relationship()
    order: Mapped[InfusionOrder | None] = relationship()
    preparation_line: Mapped[PreparationLine | None] = relationship()
    signature: Mapped[Signature | None] = relationship()
