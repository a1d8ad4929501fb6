"""A subject's screening evidence that the labs table does not hold, and the eligibility decision.

`screening_evidence`: one dated row per piece of evidence (`kind`): an ECG (QT with the RR interval or the heart
rate), an LVEF, a pregnancy test, a urine protein dipstick reading, the last live or attenuated vaccine (or that
there was none), an ECOG performance status, or the investigator's attestation of one judgement criterion.
The latest row of a kind (per criterion for attestations) that is not cancelled is the one that counts, except
for dated results, where the eligibility check itself picks the latest usable one.

`eligibility_decisions`: the investigator's decision: `eligible` (signed, meaning "approved", over the
evaluation's snapshot and its SHA-256, for `first_dose_date`) or `screen_failure` (DS term SCREEN FAILURE, a
reason code from `app.eligibility.outcomes`, the criteria not met, the detail as typed). A subject has at most
one decision that is not cancelled (a unique index: two investigators deciding at once, one is refused).

Nothing here is deleted (the database refuses it): a wrong entry is cancelled with a reason.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Versioned
from app.models.subjects import Subject

EVIDENCE_KINDS = ("ecg", "lvef", "pregnancy_test", "urine_dipstick", "live_vaccine", "ecog", "attestation")
DECISION_KINDS = ("eligible", "screen_failure")


class ScreeningEvidence(Versioned, Base):
    __tablename__ = "screening_evidence"
    __audited__ = True
    __owners__ = ("subject_id",)
    __table_args__ = (
        Index("ix_screening_evidence_subject_kind", "subject_id", "kind"),
        CheckConstraint(
            "kind IN ('ecg', 'lvef', 'pregnancy_test', 'urine_dipstick', 'live_vaccine', 'ecog', 'attestation')",
            name="kind",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    kind: Mapped[str] = mapped_column(String(16))
    taken_on: Mapped[date | None] = mapped_column(default=None)  # None: a live vaccine "none", an attestation
    qt_ms: Mapped[Decimal | None] = mapped_column(default=None)
    rr_ms: Mapped[Decimal | None] = mapped_column(default=None)
    heart_rate_bpm: Mapped[Decimal | None] = mapped_column(default=None)
    lvef_percent: Mapped[Decimal | None] = mapped_column(default=None)
    test_kind: Mapped[str | None] = mapped_column(String(16), default=None)  # urine | serum
    result: Mapped[str | None] = mapped_column(
        String(16), default=None
    )  # negative | positive | … ; "-" … "4+"
    ecog: Mapped[int | None] = mapped_column(default=None)
    criterion_id: Mapped[str | None] = mapped_column(String(32), default=None)
    satisfied: Mapped[bool | None] = mapped_column(default=None)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime]
    cancelled: Mapped[bool] = mapped_column(default=False)
    cancel_reason: Mapped[str | None] = mapped_column(Text, default=None)

    subject: Mapped[Subject] = relationship()


class EligibilityDecision(Versioned, Base):
    __tablename__ = "eligibility_decisions"
    __audited__ = True
    __owners__ = ("subject_id",)
    __table_args__ = (
        Index(
            "ix_eligibility_decisions_subject_live",
            "subject_id",
            unique=True,
            sqlite_where=text("cancelled = 0"),
            postgresql_where=text("NOT cancelled"),
        ),
        CheckConstraint("kind IN ('eligible', 'screen_failure')", name="kind"),
        CheckConstraint(
            "(kind = 'eligible') = (evaluation_sha256 IS NOT NULL AND first_dose_date IS NOT NULL)",
            name="eligible_signed_over",
        ),
        CheckConstraint("(kind = 'screen_failure') = (reason_code IS NOT NULL)", name="failure_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    kind: Mapped[str] = mapped_column(String(16))
    first_dose_date: Mapped[date | None] = mapped_column(default=None)
    evaluation: Mapped[str | None] = mapped_column(Text, default=None)  # canonical JSON snapshot
    evaluation_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    ds_term: Mapped[str | None] = mapped_column(String(40), default=None)  # "SCREEN FAILURE"
    reason_code: Mapped[str | None] = mapped_column(String(32), default=None)
    criteria_not_met: Mapped[str | None] = mapped_column(Text, default=None)  # ids, comma-separated
    detail: Mapped[str | None] = mapped_column(Text, default=None)  # as typed
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime]
    cancelled: Mapped[bool] = mapped_column(default=False)
    cancel_reason: Mapped[str | None] = mapped_column(Text, default=None)

    subject: Mapped[Subject] = relationship()
