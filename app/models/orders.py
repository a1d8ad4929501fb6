"""Infusion orders (docs/domain.md §7), their steps, their bags and the lines of each preparation.

Life of an order: draft → prescribed → verified → prepared → checked → started → completed (or stopped early),
or cancelled with a reason code and an e-signature before it is started. The order row holds the dose's
figures and the bedside steps; `InfusionOrderStep` keeps one row per step taken (who, when, which signature);
`InfusionBag` one row per bag prepared (a bag past its use-before time is wasted and made again from the same
verified order), with its product check; `PreparationLine` one row per lot used in a bag; `InfusionEvent` the
interruptions and infusion reactions recorded while it runs.

The order's own `prepared_*`, `beyond_use_*` and `administration_*` columns are those of orders recorded
before bags and bedside steps were kept (their signatures cover them, so they never change); newer orders keep
their preparation on their bags.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Versioned
from app.models.enums import BeyondUseStorage, InfusionEventKind, OrderStatus, OrderStep, enum_type
from app.models.protocol_versions import ProtocolVersion
from app.models.subjects import Subject, Visit, Weight
from app.models.toxicity import Toxicity
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

    # Prepared: orders recorded before bags were kept (newer orders keep these on `bags`).
    prepared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    prepared_at: Mapped[datetime | None] = mapped_column(default=None)
    beyond_use_at: Mapped[datetime | None] = mapped_column(default=None)
    beyond_use_storage: Mapped[BeyondUseStorage | None] = mapped_column(
        enum_type(BeyondUseStorage), default=None
    )

    # Administered in one step, before the bedside steps were kept (the nurse's name as typed).
    administration_started_at: Mapped[datetime | None] = mapped_column(default=None)
    administration_ended_at: Mapped[datetime | None] = mapped_column(default=None)
    administered_by: Mapped[str | None] = mapped_column(String(200), default=None)  # the nurse's name
    administration_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)

    # Started and stopped at the bedside by the nurse who gives it (signed each).
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    volume_given_ml: Mapped[Decimal | None] = mapped_column(default=None)
    dose_given_mg: Mapped[Decimal | None] = mapped_column(default=None)  # the mg actually given (EX)
    stop_reason_code: Mapped[str | None] = mapped_column(String(32), default=None)  # app.dosing.order_codes
    stop_reason: Mapped[str | None] = mapped_column(Text, default=None)

    # Cancelled, before it is started: a code of app.dosing.order_codes.CancelReason and the detail typed.
    cancelled_at: Mapped[datetime | None] = mapped_column(default=None)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    cancel_reason_code: Mapped[str | None] = mapped_column(String(32), default=None)
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
    bags: Mapped[list[InfusionBag]] = relationship(
        back_populates="order",
        order_by="InfusionBag.number",
        cascade="save-update, merge",
        foreign_keys="InfusionBag.order_id",
    )
    events: Mapped[list[InfusionEvent]] = relationship(
        back_populates="order", order_by="InfusionEvent.id", cascade="save-update, merge"
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


class InfusionBag(Base):
    """One bag prepared for an order (the first, or a remake of one past its use-before time), its product
    check by a second pharmacist, and its waste when it was not given.

    `tare_g` is the diluent bag weighed before the drug was added and `weighed_g` the prepared bag at the
    check, when the protocol asks for a gravimetric check (`expected_g` is what it should weigh).
    `check_items` lists the codes of app.dosing.order_codes.CheckItem the checker confirmed, comma separated.
    """

    __tablename__ = "infusion_bags"
    __audited__ = True
    __owners__ = ("order_id",)
    __table_args__ = (UniqueConstraint("order_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("infusion_orders.id"), index=True)
    number: Mapped[int]  # 1 for the first bag, 2 for its remake, …
    prepared_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    prepared_at: Mapped[datetime]
    beyond_use_at: Mapped[datetime]
    beyond_use_storage: Mapped[BeyondUseStorage] = mapped_column(enum_type(BeyondUseStorage))
    tare_g: Mapped[Decimal | None] = mapped_column(default=None)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    checked_at: Mapped[datetime | None] = mapped_column(default=None)
    check_items: Mapped[str | None] = mapped_column(Text, default=None)
    weighed_g: Mapped[Decimal | None] = mapped_column(default=None)
    expected_g: Mapped[Decimal | None] = mapped_column(default=None)
    wasted_at: Mapped[datetime | None] = mapped_column(default=None)
    wasted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    waste_reason_code: Mapped[str | None] = mapped_column(String(32), default=None)  # a RemakeReason
    waste_note: Mapped[str | None] = mapped_column(Text, default=None)

    order: Mapped[InfusionOrder] = relationship(back_populates="bags", foreign_keys=[order_id])
    prepared_by: Mapped[User] = relationship(foreign_keys=[prepared_by_id])
    checked_by: Mapped[User | None] = relationship(foreign_keys=[checked_by_id])
    lines: Mapped[list[PreparationLine]] = relationship(back_populates="bag", order_by="PreparationLine.id")


class PreparationLine(Base):
    """Vials taken from one lot for one bag of an order.

    `lot_number` and `lot_expiry` are copied as printed on the vial; the stock movements that took the vials
    from their lot point back at the line.
    """

    __tablename__ = "preparation_lines"
    __audited__ = True
    __owners__ = ("order_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("infusion_orders.id"), index=True)
    bag_id: Mapped[int] = mapped_column(ForeignKey("infusion_bags.id"), index=True)
    lot_number: Mapped[str] = mapped_column(String(64))
    lot_expiry: Mapped[date]
    vials: Mapped[int]
    volume_drawn_ml: Mapped[Decimal]

    order: Mapped[InfusionOrder] = relationship(back_populates="preparation_lines")
    bag: Mapped[InfusionBag] = relationship(back_populates="lines")


class InfusionEvent(Base):
    """Something that happened while the infusion ran: an interruption (from `started_at` to `ended_at`, open
    while it lasts) or an infusion reaction (at `started_at`, with the grade the nurse saw). A reaction is offered
    to the investigator as a toxicity; `toxicity_id` links the toxicity recorded from it."""

    __tablename__ = "infusion_events"
    __audited__ = True
    __owners__ = ("order_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("infusion_orders.id"), index=True)
    kind: Mapped[InfusionEventKind] = mapped_column(enum_type(InfusionEventKind))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
    grade: Mapped[int | None] = mapped_column(default=None)
    note: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]
    toxicity_id: Mapped[int | None] = mapped_column(ForeignKey("toxicities.id"), default=None)

    order: Mapped[InfusionOrder] = relationship(back_populates="events")
    recorded_by: Mapped[User] = relationship()
    toxicity: Mapped[Toxicity | None] = relationship()
