"""Subjects and what is recorded about them: visits, weights, lab results.

Nothing clinical is deleted (the database refuses DELETE on these tables): a wrong entry is corrected with a
reason, or cancelled (`cancelled` + `cancel_reason`), and the audit log keeps both.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Versioned
from app.models.enums import Sex, SubjectStatus, VisitKind, VisitStatus, enum_type
from app.models.protocol_versions import ProtocolVersion
from app.scheduling.visit_reasons import CODED_STATUSES

LAB_TYPED = "typed"
LAB_IMPORTED = "imported"


class Subject(Versioned, Base):
    """A trial participant. Two identifiers on everything printed: `subject_number`, and initials + birth date.

    `hospital_number`: the hospital's medical record number (MRN) the laboratory and the wards use, unique where
    recorded; lab files are matched on it. An identifier of the patient: never in a log. `language`: the language
    the patient reads ('en' or 'zh'), for their paper."""

    __tablename__ = "subjects"
    __audited__ = True
    __table_args__ = (
        Index("ix_subjects_hospital_number", "hospital_number", unique=True),
        CheckConstraint("language IS NULL OR language IN ('en', 'zh')", name="language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_number: Mapped[str] = mapped_column(String(32), unique=True)
    initials: Mapped[str] = mapped_column(String(8))
    birth_date: Mapped[date]
    sex: Mapped[Sex] = mapped_column(enum_type(Sex))
    allergies: Mapped[str] = mapped_column(Text, default="")  # free text; "" = none known
    liver_metastases: Mapped[bool] = mapped_column(default=False)
    baseline_weight_kg: Mapped[Decimal]
    height_cm: Mapped[Decimal]
    can_become_pregnant: Mapped[bool] = mapped_column(default=False)
    protocol_version_id: Mapped[int] = mapped_column(ForeignKey("protocol_versions.id"))
    status: Mapped[SubjectStatus] = mapped_column(enum_type(SubjectStatus), default=SubjectStatus.SCREENING)
    c1d1: Mapped[date | None] = mapped_column(default=None)  # actual date of the first dose
    current_dose_level_mg_per_kg: Mapped[Decimal | None] = mapped_column(default=None)
    treatment_stopped_on: Mapped[date | None] = mapped_column(default=None)  # the decision to stop (EOT)
    # Why treatment and the study ended: a code of app.scheduling.disposition (a CDISC DS term), its parameters
    # as canonical JSON, and the detail as the investigator typed it in `*_reason` (records coded at the schema
    # upgrade keep the sentence they were signed with there).
    treatment_stop_reason: Mapped[str | None] = mapped_column(Text, default=None)
    treatment_stop_code: Mapped[str | None] = mapped_column(String(40), default=None)
    treatment_stop_params: Mapped[str | None] = mapped_column(Text, default=None)
    off_study_on: Mapped[date | None] = mapped_column(default=None)
    off_study_reason: Mapped[str | None] = mapped_column(Text, default=None)
    off_study_code: Mapped[str | None] = mapped_column(String(40), default=None)
    off_study_params: Mapped[str | None] = mapped_column(Text, default=None)
    enrolled_at: Mapped[datetime]
    hospital_number: Mapped[str | None] = mapped_column(String(32), default=None)
    # The language the patient reads ('en' or 'zh'): their calendar, wristband and calendar file are printed in it
    # unless a print asks for another. None: not recorded (subjects enrolled before it was asked).
    language: Mapped[str | None] = mapped_column(String(8), default=None)

    protocol_version: Mapped[ProtocolVersion] = relationship()
    visits: Mapped[list[Visit]] = relationship(back_populates="subject", order_by="Visit.target_date")
    weights: Mapped[list[Weight]] = relationship(back_populates="subject", order_by="Weight.measured_on")
    lab_results: Mapped[list[LabResult]] = relationship(
        back_populates="subject", order_by="LabResult.collected_on"
    )


class Visit(Versioned, Base):
    """One planned or done visit on a subject's calendar (docs/domain.md §5)."""

    __tablename__ = "visits"
    __audited__ = True
    __owners__ = ("subject_id",)
    __table_args__ = (
        Index("ix_visits_subject_label", "subject_id", "label"),
        Index("ix_visits_booked_date", "booked_date"),
        Index("ix_visits_target_date", "target_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    label: Mapped[str] = mapped_column(String(16))  # C3D15, TA4, EOT, SFU, OS2 …
    kind: Mapped[VisitKind] = mapped_column(enum_type(VisitKind))
    cycle: Mapped[int | None] = mapped_column(default=None)
    day: Mapped[int | None] = mapped_column(default=None)
    target_date: Mapped[date]
    window_start: Mapped[date]
    window_end: Mapped[date]
    suggested_date: Mapped[date | None] = mapped_column(default=None)
    booked_date: Mapped[date | None] = mapped_column(default=None)
    actual_date: Mapped[date | None] = mapped_column(default=None)
    status: Mapped[VisitStatus] = mapped_column(enum_type(VisitStatus), default=VisitStatus.PLANNED)
    booking_reason: Mapped[str | None] = mapped_column(Text, default=None)  # why booked outside the window
    status_reason: Mapped[str | None] = mapped_column(Text, default=None)  # why omitted, missed, cancelled
    # … as a code of app.scheduling.visit_reasons and its parameters (canonical JSON); `status_reason` then holds
    # the detail as typed (a visit done keeps its note there, with no code).
    status_reason_code: Mapped[str | None] = mapped_column(String(40), default=None)
    status_reason_params: Mapped[str | None] = mapped_column(Text, default=None)

    subject: Mapped[Subject] = relationship(back_populates="visits")


class Weight(Base):
    """A weight in kg, dated, with who measured it."""

    __tablename__ = "weights"
    __audited__ = True
    __owners__ = ("subject_id",)
    __table_args__ = (Index("ix_weights_subject_measured_on", "subject_id", "measured_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"), default=None)
    weight_kg: Mapped[Decimal]
    measured_on: Mapped[date]
    measured_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime]
    cancelled: Mapped[bool] = mapped_column(default=False)
    cancel_reason: Mapped[str | None] = mapped_column(Text, default=None)

    subject: Mapped[Subject] = relationship(back_populates="weights")
    visit: Mapped[Visit | None] = relationship()


class LabResult(Base):
    """One lab value. `lab` is the protocol's lab key (e.g. "anc", "platelets"), as in criteria to treat."""

    __tablename__ = "lab_results"
    __audited__ = True
    __owners__ = ("subject_id",)
    __table_args__ = (
        Index("ix_lab_results_subject_lab_collected_on", "subject_id", "lab", "collected_on"),
        # A result imported from the laboratory is held once (app.services.lab_import): the same subject, lab,
        # collection time and value, imported twice (or by two workstations at once), is refused here too.
        Index("ix_lab_results_import_key", "import_key", unique=True),
        CheckConstraint("ctcae_grade IS NULL OR (ctcae_grade BETWEEN 0 AND 5)", name="ctcae_grade"),
        CheckConstraint("source IN ('typed', 'imported')", name="source"),
        CheckConstraint(
            "(source = 'imported') = (file_sha256 IS NOT NULL AND import_key IS NOT NULL)",
            name="imported_from",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"), default=None)
    lab: Mapped[str] = mapped_column(String(32))
    value: Mapped[Decimal]
    unit: Mapped[str] = mapped_column(String(32))
    lln: Mapped[Decimal | None] = mapped_column(default=None)
    uln: Mapped[Decimal | None] = mapped_column(default=None)
    collected_on: Mapped[date]
    ctcae_grade: Mapped[int | None] = mapped_column(default=None)
    recorded_at: Mapped[datetime]
    cancelled: Mapped[bool] = mapped_column(default=False)
    cancel_reason: Mapped[str | None] = mapped_column(Text, default=None)
    # Where the result came from: typed on a form, or imported from a laboratory file (its SHA-256, the
    # laboratory's accession number, when it was reported, and the collection time where the file gives one).
    # The ORM always writes it (so the audit trail has it); the migration gave existing rows theirs.
    source: Mapped[str] = mapped_column(String(16), default=LAB_TYPED)
    file_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    accession: Mapped[str | None] = mapped_column(String(64), default=None)
    reported_at: Mapped[datetime | None] = mapped_column(default=None)
    collected_at: Mapped[datetime | None] = mapped_column(default=None)
    import_key: Mapped[str | None] = mapped_column(String(64), default=None)

    subject: Mapped[Subject] = relationship(back_populates="lab_results")
    visit: Mapped[Visit | None] = relationship()


@event.listens_for(Visit.status, "set")
def _reason_code_follows_status(visit: Visit, value: object, old: object, _initiator: object) -> None:
    """A visit that takes place after all, or is planned again, no longer keeps why it did not: its code goes
    (the change is audited like any other). Its `status_reason` stays, as it always did: it may be the note."""
    if value != old and str(value) not in CODED_STATUSES and visit.status_reason_code is not None:
        visit.status_reason_code = None
        visit.status_reason_params = None
