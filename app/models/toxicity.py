"""Toxicities, the decisions taken on them, and what those decisions do: holds and dose-level changes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base
from app.models.enums import DecisionAction, Resume, enum_type
from app.models.subjects import Subject, Visit
from app.models.users import User


class Toxicity(Base):
    """An adverse event graded with CTCAE v5.0 (term as in the CTCAE list, grade 1–5)."""

    __tablename__ = "toxicities"
    __audited__ = True
    __owners__ = ("subject_id",)
    __table_args__ = (CheckConstraint("grade BETWEEN 1 AND 5", name="grade"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"), default=None)
    ctcae_term: Mapped[str] = mapped_column(String(200))
    meddra_code: Mapped[str | None] = mapped_column(String(16), default=None)
    grade: Mapped[int]
    onset_date: Mapped[date]
    resolution_date: Mapped[date | None] = mapped_column(default=None)
    recorded_at: Mapped[datetime]
    cancelled: Mapped[bool] = mapped_column(default=False)
    cancel_reason: Mapped[str | None] = mapped_column(Text, default=None)

    subject: Mapped[Subject] = relationship()
    decisions: Mapped[list[ToxicityDecision]] = relationship(
        back_populates="toxicity", order_by="ToxicityDecision.decided_at"
    )


class ToxicityDecision(Base):
    """The protocol's proposed action and the action the investigator took; an override needs a reason.

    The `proposed_*` fields copy the matching rule of the protocol's rules table (`ToxicityRule`): its action,
    grade to hold until, how to resume, and its text. The `taken_*` fields say what was decided.
    """

    __tablename__ = "toxicity_decisions"
    __audited__ = True
    __owners__ = ("toxicity_id",)
    __table_args__ = (
        CheckConstraint("override_reason IS NOT NULL OR NOT overridden", name="override_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    toxicity_id: Mapped[int] = mapped_column(ForeignKey("toxicities.id"), index=True)
    proposed_action: Mapped[DecisionAction] = mapped_column(enum_type(DecisionAction, "proposed_action"))
    proposed_hold_until_grade: Mapped[int | None] = mapped_column(default=None)
    proposed_resume: Mapped[Resume | None] = mapped_column(enum_type(Resume, "proposed_resume"), default=None)
    proposed_rule_text: Mapped[str] = mapped_column(Text, default="")  # "" when no rule matched
    taken_action: Mapped[DecisionAction] = mapped_column(enum_type(DecisionAction, "taken_action"))
    taken_hold_until_grade: Mapped[int | None] = mapped_column(default=None)
    taken_resume: Mapped[Resume | None] = mapped_column(enum_type(Resume, "taken_resume"), default=None)
    overridden: Mapped[bool] = mapped_column(default=False)
    override_reason: Mapped[str | None] = mapped_column(Text, default=None)
    investigator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime]

    toxicity: Mapped[Toxicity] = relationship(back_populates="decisions")
    investigator: Mapped[User] = relationship()


class DoseLevelChange(Base):
    """A change of dose level. Levels only go down; `to_level_mg_per_kg` None means discontinuation."""

    __tablename__ = "dose_level_changes"
    __audited__ = True
    __owners__ = ("subject_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    from_level_mg_per_kg: Mapped[Decimal]
    to_level_mg_per_kg: Mapped[Decimal | None]
    reason: Mapped[str] = mapped_column(Text)
    reason_code: Mapped[str | None] = mapped_column(String(40), default=None)  # app.dosing.adjustments
    toxicity_id: Mapped[int | None] = mapped_column(ForeignKey("toxicities.id"), default=None)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("toxicity_decisions.id"), default=None)
    effective_on: Mapped[date]
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime]

    subject: Mapped[Subject] = relationship()
    toxicity: Mapped[Toxicity | None] = relationship()


class Hold(Base):
    """Treatment held at a visit, from `start_date` until `end_date` (None while still held)."""

    __tablename__ = "holds"
    __audited__ = True
    __owners__ = ("subject_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"))
    reason: Mapped[str] = mapped_column(Text)
    reason_code: Mapped[str | None] = mapped_column(String(40), default=None)  # app.dosing.adjustments
    toxicity_id: Mapped[int | None] = mapped_column(ForeignKey("toxicities.id"), default=None)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("toxicity_decisions.id"), default=None)
    hold_until_grade: Mapped[int | None] = mapped_column(default=None)
    start_date: Mapped[date]
    end_date: Mapped[date | None] = mapped_column(default=None)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    subject: Mapped[Subject] = relationship()
    visit: Mapped[Visit] = relationship()
    toxicity: Mapped[Toxicity | None] = relationship()
