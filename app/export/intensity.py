"""Dose intensity per subject (the exposure endpoints: dose modifications).

Planned dose intensity: the protocol's starting level × doses a cycle ÷ the cycle in weeks (5 mg/kg on D1 and
D15 every 28 days: 2.5 mg/kg/week). Delivered: the mg/kg given (each dose's mg ÷ the weight it was computed
from) over the weeks from the first dose to one dose interval after the last. RDI = delivered ÷ planned.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from app.export.records import Interruption, Reduction, Subject, Trial

_HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Intensity:
    subject_number: str
    doses: int
    cumulative_mg: Decimal
    cumulative_mg_per_kg: Decimal
    planned_mg_per_kg_week: Decimal
    delivered_mg_per_kg_week: Decimal | None  # None: no dose given
    rdi_percent: Decimal | None
    weeks: Decimal | None
    delays: tuple[Interruption, ...]
    holds: tuple[Interruption, ...]
    reductions: tuple[Reduction, ...]
    end_of_treatment: str | None  # the reason, when treatment stopped


def planned_intensity(trial: Trial) -> Decimal:
    weeks = Decimal(trial.cycle_length_days) / 7
    return trial.start_level_mg_per_kg * trial.doses_per_cycle / weeks


def dose_interval_days(trial: Trial) -> Decimal:
    return Decimal(trial.cycle_length_days) / trial.doses_per_cycle


def subject_intensity(trial: Trial, subject: Subject) -> Intensity:
    planned = planned_intensity(trial)
    given = [d for d in subject.doses if d.start is not None]
    total_mg = sum((d.given_mg for d in given), Decimal(0))
    per_kg = sum((d.given_mg / d.weight_kg for d in given), Decimal(0))
    delivered: Decimal | None = None
    rdi: Decimal | None = None
    weeks: Decimal | None = None
    if given:
        first = min(d.start for d in given if d.start is not None).date()
        last = max(d.start for d in given if d.start is not None).date()
        days = Decimal((last - first).days) + dose_interval_days(trial)
        weeks = days / 7
        delivered = per_kg / weeks
        rdi = (delivered / planned * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
        delivered = delivered.quantize(_HUNDREDTH, ROUND_HALF_UP)
        weeks = weeks.quantize(Decimal("0.1"), ROUND_HALF_UP)
    return Intensity(
        subject_number=subject.subject_number,
        doses=len(given),
        cumulative_mg=total_mg,
        cumulative_mg_per_kg=per_kg.quantize(_HUNDREDTH, ROUND_HALF_UP),
        planned_mg_per_kg_week=planned.quantize(_HUNDREDTH, ROUND_HALF_UP),
        delivered_mg_per_kg_week=delivered,
        rdi_percent=rdi,
        weeks=weeks,
        delays=subject.delays,
        holds=subject.holds,
        reductions=subject.reductions,
        end_of_treatment=subject.treatment_stop_reason if subject.treatment_stopped_on else None,
    )


def trial_intensity(trial: Trial, subjects: tuple[Subject, ...]) -> tuple[Intensity, ...]:
    return tuple(subject_intensity(trial, s) for s in subjects if not s.screen_failed)
