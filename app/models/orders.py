"""Infusion orders (DOMAIN.md section 7), their steps and the lines of their preparation.

Life of an order: draft → prescribed → verified → prepared → administered, or cancelled with a reason at any
step. The order row holds each step's figures; `InfusionOrderStep` keeps one row per step taken (who, when,
which signature), and `PreparationLine` one row per lot used.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Versioned
from app.models.enums import BeyondUseStorage, OrderStatus, OrderStep, enum_type
from app.models.protocol_versions import ProtocolVersion
from app.models.subjects import Subject, Visit, Weight
from app.models.users import Signature, User


class InfusionOrder(Versioned, Base):
    __tablename__ = "infusion_orders"
    __audited__ = True
    __owners__ = ("subject_id", "visit_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    order_number: Mapped[str] = mapped_column(String(32), unique=True)  # printed and in the barcode
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"), index=True)
    protocol_version_id: Mapped[int] = mapped_column(ForeignKey("protocol_versions.id"))
    status: Mapped[OrderStatus] = mapped_column(enum_type(OrderStatus), default=OrderStatus.DRAFT, index=True)
    planned_date: Mapped[date]
    created_at: Mapped[datetime]

    # The dose, from the visit's weight and the current level.
    weight_id: Mapped[int] = mapped_column(ForeignKey("weights.id"))
    weight_kg: Mapped[Decimal]  # the weight used, copied so the order keeps it
    weight_measured_on: Mapped[date]
    dose_level_mg_per_kg: Mapped[Decimal]
    calculated_dose_mg: Mapped[Decimal]
    final_dose_mg: Mapped[Decimal]
    concentration_mg_per_ml: Mapped[Decimal]  # of the reconstituted solution
    volume_to_draw_ml: Mapped[Decimal]
    vials: Mapped[int]
    waste_mg: Mapped[Decimal]
    bag_volume_ml: Mapped[Decimal]
    final_concentration_mg_per_ml: Mapped[Decimal]
    infusion_minutes: Mapped[int]
    reduction_reason: Mapped[str | None] = mapped_column(Text, default=None)
    warnings: Mapped[str] = mapped_column(Text, default="")  # soft-limit warnings shown, one a line
    warnings_acknowledged: Mapped[bool] = mapped_column(default=False)
    acknowledgement_reason: Mapped[str | None] = mapped_column(Text, default=None)

    # Prescribed (investigator e-signs).
    prescribed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    prescribed_at: Mapped[datetime | None] = mapped_column(default=None)

    # Verified: a pharmacist who did not prescribe recomputes blind; the figures must match.
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    verified_at: Mapped[datetime | None] = mapped_column(default=None)
    verifier_weight_kg: Mapped[Decimal | None] = mapped_column(default=None)
    verifier_dose_level_mg_per_kg: Mapped[Decimal | None] = mapped_column(default=None)
    verifier_final_dose_mg: Mapped[Decimal | None] = mapped_column(default=None)
    verifier_volume_ml: Mapped[Decimal | None] = mapped_column(default=None)

    # Prepared.
    prepared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    prepared_at: Mapped[datetime | None] = mapped_column(default=None)
    beyond_use_at: Mapped[datetime | None] = mapped_column(default=None)
    beyond_use_storage: Mapped[BeyondUseStorage | None] = mapped_column(
        enum_type(BeyondUseStorage), default=None
    )

    # Administered.
    administration_started_at: Mapped[datetime | None] = mapped_column(default=None)
    administration_ended_at: Mapped[datetime | None] = mapped_column(default=None)
    administered_by: Mapped[str | None] = mapped_column(String(200), default=None)  # the nurse's name
    administration_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)

    # Cancelled, at any step.
    cancelled_at: Mapped[datetime | None] = mapped_column(default=None)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    cancel_reason: Mapped[str | None] = mapped_column(Text, default=None)

    subject: Mapped[Subject] = relationship()
    visit: Mapped[Visit] = relationship()
    weight: Mapped[Weight] = relationship()
    protocol_version: Mapped[ProtocolVersion] = relationship()
    prescribed_by: Mapped[User | None] = relationship(foreign_keys=[prescribed_by_id])
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])
    prepared_by: Mapped[User | None] = relationship(foreign_keys=[prepared_by_id])
    steps: Mapped[list[InfusionOrderStep]] = relationship(
        back_populates="order", order_by="InfusionOrderStep.id", cascade="save-update, merge"
    )
    preparation_lines: Mapped[list[PreparationLine]] = relationship(
        back_populates="order", order_by="PreparationLine.id", cascade="save-update, merge"
    )


class InfusionOrderStep(Base):
    """One step taken on an order: who, when, and the signature that made it."""

    __tablename__ = "infusion_order_steps"
    __audited__ = True
    __owners__ = ("order_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("infusion_orders.id"), index=True)
    step: Mapped[OrderStep] = mapped_column(enum_type(OrderStep))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime]
    signature_id: Mapped[int | None] = mapped_column(ForeignKey("signatures.id"), default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)

    order: Mapped[InfusionOrder] = relationship(back_populates="steps")
    user: Mapped[User] = relationship()
    signature: Mapped[Signature | None] = relationship()


class PreparationLine(Base):
    """Vials taken from one lot for a prepared order.

    `lot_number` and `lot_expiry` are copied as printed on the vial; the stock module (issue on investigational
    product accountability) will add a reference to its lot record beside them.
    """

    __tablename__ = "preparation_lines"
    __audited__ = True
    __owners__ = ("order_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("infusion_orders.id"), index=True)
    lot_number: Mapped[str] = mapped_column(String(64))
    lot_expiry: Mapped[date]
    vials: Mapped[int]
    volume_drawn_ml: Mapped[Decimal]

    order: Mapped[InfusionOrder] = relationship(back_populates="preparation_lines")
