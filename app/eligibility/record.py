"""A screening record: what is known of a subject before the first dose, as the eligibility check reads it.

Each kind of evidence is a tuple of dated results (a service passes every stored one; the check picks the latest
usable one itself), so the record can be filled from stored weights, labs, ECGs and echocardiograms as well as
from a file. Constructing a piece of evidence checks it: an impossible value is refused with an `InputError`
naming it. What is not known is None (or an empty tuple): the criteria that need it are then "missing".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Final, Literal

from app.dosing.format import format_number
from app.errors import InputError
from app.protocol.model import DIPSTICK_SCALE, Sex
from app.text import Message, msg
from app.toxicity.labs import LabResult

__all__ = [
    "Ecg",
    "LiveVaccineHistory",
    "Lvef",
    "PregnancyKind",
    "PregnancyResult",
    "PregnancyTest",
    "ScreeningRecord",
    "UrineDipstick",
]

PregnancyKind = Literal["urine", "serum"]
PregnancyResult = Literal["negative", "positive", "indeterminate"]

# Plausibility limits of an ECG and an echocardiogram (not trial rules: the protocol's limits apply on top).
_QT_MS: Final = (Decimal(150), Decimal(1000))
_RR_MS: Final = (Decimal(200), Decimal(3000))
_HEART_RATE_BPM: Final = (Decimal(20), Decimal(300))
_ECOG: Final = range(6)
_WEIGHT_KG: Final = Decimal(500)


def _in_range(value: Decimal, low: Decimal, high: Decimal, what: Message, unit: str) -> None:
    if not isinstance(value, Decimal):  # a float here is a programming error, not a user's
        raise TypeError(f"{what} must be a Decimal, not {type(value).__name__}")
    if not value.is_finite():
        raise InputError(msg("{what} {value} is not a number", what=what, value=str(value)))
    if not low <= value <= high:
        raise InputError(
            msg(
                "{what} {value} {unit} is impossible: it must be between {low} and {high} {unit}",
                what=what,
                value=format_number(value),
                unit=unit,
                low=format_number(low),
                high=format_number(high),
            )
        )


@dataclass(frozen=True)
class Ecg:
    """A resting ECG: the QT interval and either the RR interval or the heart rate (not both)."""

    taken: date
    qt_ms: Decimal
    rr_ms: Decimal | None = None
    heart_rate_bpm: Decimal | None = None

    def __post_init__(self) -> None:
        _in_range(self.qt_ms, *_QT_MS, msg("a QT interval of"), "ms")
        if (self.rr_ms is None) == (self.heart_rate_bpm is None):
            raise InputError(msg("an ECG needs either its RR interval or its heart rate, one of the two"))
        if self.rr_ms is not None:
            _in_range(self.rr_ms, *_RR_MS, msg("an RR interval of"), "ms")
        if self.heart_rate_bpm is not None:
            _in_range(self.heart_rate_bpm, *_HEART_RATE_BPM, msg("a heart rate of"), "bpm")

    @property
    def rr_seconds(self) -> Decimal:
        if self.rr_ms is not None:
            return self.rr_ms / 1000
        assert self.heart_rate_bpm is not None  # checked when made
        return Decimal(60) / self.heart_rate_bpm


@dataclass(frozen=True)
class Lvef:
    """A left ventricular ejection fraction (echocardiography or MUGA), in %."""

    taken: date
    percent: Decimal

    def __post_init__(self) -> None:
        _in_range(self.percent, Decimal(1), Decimal(100), msg("an LVEF of"), "%")


@dataclass(frozen=True)
class PregnancyTest:
    taken: date
    kind: PregnancyKind
    result: PregnancyResult

    def __post_init__(self) -> None:
        if self.kind not in ("urine", "serum"):
            raise InputError(msg("a pregnancy test is urine or serum, not {value}", value=repr(self.kind)))
        if self.result not in ("negative", "positive", "indeterminate"):
            raise InputError(
                msg(
                    "a pregnancy test's result is negative, positive or indeterminate, not {value}",
                    value=repr(self.result),
                )
            )


@dataclass(frozen=True)
class UrineDipstick:
    """Protein on a urine dipstick: one of "-", "±", "1+", "2+", "3+", "4+"."""

    taken: date
    reading: str

    def __post_init__(self) -> None:
        if self.reading not in DIPSTICK_SCALE:
            raise InputError(
                msg(
                    "a urine protein dipstick reads {scale}, not {value}",
                    scale=", ".join(DIPSTICK_SCALE),
                    value=repr(self.reading),
                )
            )

    @property
    def rank(self) -> int:
        return DIPSTICK_SCALE.index(self.reading)


@dataclass(frozen=True)
class LiveVaccineHistory:
    """What is known of live or attenuated vaccines: the date of the last one, or None when there was none."""

    last: date | None


@dataclass(frozen=True)
class ScreeningRecord:
    """Everything the eligibility check reads of one subject.

    `labs` are laboratory results (any lab DoseDesk knows, including the screening-only albumin, INR, APTT
    and 24-hour urine protein); `attested` maps an attested criterion's id to the investigator's answer
    (true: the criterion is satisfied, i.e. an inclusion holds or an exclusion is absent).
    """

    first_dose_date: date
    sex: Sex | None = None
    birth_date: date | None = None
    consent_date: date | None = None
    weight_kg: Decimal | None = None
    childbearing_potential: bool | None = None
    liver_metastases: bool | None = None
    ecog: int | None = None
    labs: tuple[LabResult, ...] = ()
    urine_dipsticks: tuple[UrineDipstick, ...] = ()
    ecgs: tuple[Ecg, ...] = ()
    lvefs: tuple[Lvef, ...] = ()
    pregnancy_tests: tuple[PregnancyTest, ...] = ()
    live_vaccine: LiveVaccineHistory | None = None
    attested: Mapping[str, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.sex is not None and self.sex not in ("female", "male"):
            raise InputError(msg("sex must be female or male, not {value}", value=repr(self.sex)))
        if self.ecog is not None and (
            isinstance(self.ecog, bool) or not isinstance(self.ecog, int) or self.ecog not in _ECOG
        ):
            raise InputError(
                msg(
                    "an ECOG performance status is a whole number from 0 to 5, not {value}",
                    value=repr(self.ecog),
                )
            )
        if self.weight_kg is not None:
            _in_range(self.weight_kg, Decimal("0.1"), _WEIGHT_KG, msg("a weight of"), "kg")
        if self.birth_date is not None:
            for day, what in (
                (self.consent_date, msg("the consent date")),
                (self.first_dose_date, msg("the first dose date")),
            ):
                if day is not None and day < self.birth_date:
                    raise InputError(
                        msg(
                            "{what} {day} is before the birth date",
                            what=what,
                            day=day.isoformat(),
                        )
                    )
        for key, value in self.attested.items():
            if not isinstance(value, bool):
                raise InputError(
                    msg(
                        "the attestation of {id} must be true or false, not {value}",
                        id=key,
                        value=repr(value),
                    )
                )
