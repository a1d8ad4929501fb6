"""What judging a criterion gives (an item's outcome, the whole result) and the small rules every judge
shares: comparing with a limit, the evidence in date, the words of a verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from typing import Literal, TypeVar

from app.dosing.format import format_number
from app.eligibility.record import (
    Ecg,
)
from app.protocol.model import (
    Comparison,
)
from app.text import msg

Status = Literal["met", "not_met", "missing", "not_applicable"]

T = TypeVar("T")

_RANK = {"not_met": 0, "missing": 1, "met": 2}
SIGNS: dict[Comparison, str] = {"min": "≥", "above": ">", "max": "≤", "below": "<", "uln": "≤"}
CG_UNITS = {"umol/l": "umol/L", "mg/dl": "mg/dL"}
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class ItemOutcome:
    """One item checked. `value`, `limit` and `why` are messages (app.text) the window says in its language;
    `text` is the protocol's criterion text (translated in the window's "protocol" context). `unconfirmed`: the
    protocol marks this item, or one of its values, as not confirmed by a public source."""

    id: str
    text: str
    kind: Literal["measurable", "attested"]
    inclusion: bool
    status: Status
    value: str | None
    limit: str | None
    evidence_date: date | None
    why: str
    unconfirmed: bool


@dataclass(frozen=True)
class EligibilityResult:
    protocol_id: str
    protocol_version: str
    first_dose_date: date
    eligible: bool | None
    qtcf_ms: int | None  # of the ECG the QTc item rests on
    crcl_ml_per_min: Decimal | None  # Cockcroft–Gault from the creatinine the renal item rests on, unrounded
    items: tuple[ItemOutcome, ...]
    crcl_shown_ml_per_min: Decimal | None = None  # the same to 0.1 mL/min, on its true side of the limit

    @property
    def not_met(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items if item.status == "not_met")

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items if item.status == "missing")


@dataclass(frozen=True)
class Judged:
    """One item's verdict before it is dressed as an outcome. `severity` ranks two verdicts of the same status
    (the higher the worse); `figure` is a computed QTcF or CrCl; `evidence` the dated things it rests on."""

    status: Literal["met", "not_met", "missing"]
    value: str | None
    limit: str | None
    taken: date | None
    why: str
    severity: Decimal = Decimal(0)
    figure: Decimal | None = None
    evidence: tuple[tuple[str, date], ...] = ()


def worst(judged: Iterable[Judged]) -> Judged:
    return min(judged, key=lambda j: (_RANK[j.status], -j.severity, j.value or "", j.why))


def age_on(birth: date, day: date) -> int:
    """Age in whole years on `day`, by the calendar: 18 on the 18th birthday (a 29 February birthday falls on
    1 March in a common year)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def qtcf_ms(ecg: Ecg) -> int:
    """QTc by Fridericia, QT / RR^(1/3) with RR in seconds, to whole ms (half up)."""
    with localcontext() as context:
        context.prec = 34
        root = ecg.rr_seconds ** (Decimal(1) / Decimal(3))
        exact = ecg.qt_ms / root
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def holds_limit(value: Decimal, comparison: Comparison, limit: Decimal) -> bool:
    if comparison == "min":
        return value >= limit
    if comparison == "above":
        return value > limit
    if comparison == "below":
        return value < limit
    return value <= limit  # max, uln


def severity_of(value: Decimal, comparison: Comparison) -> Decimal:
    """Higher is worse: a lower value is worse for a minimum, a higher one for a maximum."""
    return -value if comparison in ("min", "above") else value


def round_beside(value: Decimal, limit: Decimal, step: Decimal) -> Decimal:
    """`value` rounded to `step` for people, toward its true side of `limit` so that a value just below the
    limit never reads as the limit itself (as the criteria to treat show a creatinine clearance)."""
    shown = value.quantize(step, rounding=ROUND_HALF_UP)
    if shown == limit and value != limit:
        shown = value.quantize(step, rounding=ROUND_FLOOR if value < limit else ROUND_CEILING)
    return shown


def shown_beside(value: Decimal, limit: Decimal, step: Decimal) -> str:
    return format_number(round_beside(value, limit, step))


def quantity_words(value: Decimal, unit: str) -> str:
    return msg("{value} {unit}", value=format_number(value), unit=unit) if unit else format_number(value)


def fact_words(quantity: str, taken: date) -> str:
    return msg("{quantity} on {taken}", quantity=quantity, taken=taken.isoformat())


def verdict_words(ok: bool, fact: str, limit: str) -> str:
    return (
        msg("{fact} is {limit}", fact=fact, limit=limit)
        if ok
        else msg("{fact} is not {limit}", fact=fact, limit=limit)
    )


def then(first: str, second: str) -> str:
    return msg("{first}; {second}", first=first, second=second)


def in_date(
    items: Iterable[T], taken: Callable[[T], date], first_dose: date, max_age_days: int
) -> tuple[list[T], date | None, date | None]:
    """The results of the latest day inside the window, and, when there are none, the newest result before
    the first dose (too old) and the earliest after it (to say why none counts)."""
    inside: list[T] = []
    older: date | None = None
    later: date | None = None
    for item in items:
        day = taken(item)
        age = (first_dose - day).days
        if 0 <= age <= max_age_days:
            inside.append(item)
        elif age > max_age_days:
            older = day if older is None or day > older else older
        else:
            later = day if later is None or day < later else later
    if inside:
        latest = max(taken(item) for item in inside)
        return [item for item in inside if taken(item) == latest], None, None
    return [], older, later


def none_in_date(
    what: str, first_dose: date, max_age_days: int, older: date | None, later: date | None
) -> str:
    none = msg(
        "no {what} in the {days} days before the first dose on {first_dose}",
        what=what,
        days=max_age_days,
        first_dose=first_dose.isoformat(),
    )
    if older is not None:
        return then(
            none,
            msg(
                "the latest, of {taken}, is {age} days before it and no longer counts",
                taken=older.isoformat(),
                age=(first_dose - older).days,
            ),
        )
    if later is not None:
        return then(none, msg("the one of {taken} is after the first dose", taken=later.isoformat()))
    return none


def missing_evidence(why: str, limit: str | None = None) -> Judged:
    return Judged("missing", None, limit, None, why)


# Labs -------------------------------------------------------------------------------------------------
