"""The prepared bag and the infusion at the bedside: its use-before time, its weight at the product check, the
dose actually given when it was stopped early. Pure and Decimal throughout; the rule values come from the
protocol (`Protocol.order_checks`, `Protocol.preparation`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from app.protocol.model import OrderChecks

UseBeforeState = Literal["ok", "soon", "expired"]

# The dose given is recorded to a tenth of a milligram (the figures it comes from are exact).
_GIVEN_STEP = Decimal("0.1")
_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class UseBefore:
    """Where a bag stands against its use-before time at `now`: "ok", "soon" (within the protocol's warning
    minutes) or "expired", with the whole minutes left (negative once passed)."""

    at: datetime
    state: UseBeforeState
    minutes_left: int

    @property
    def expired(self) -> bool:
        return self.state == "expired"


def use_before(at: datetime, now: datetime, checks: OrderChecks) -> UseBefore:
    """The bag's state at `now` (aware datetimes): expired from the use-before minute itself."""
    seconds = (at - now).total_seconds()
    minutes = int(seconds // 60)
    if seconds <= 0:
        return UseBefore(at, "expired", minutes)
    if seconds <= checks.use_before_warning_minutes * 60:
        return UseBefore(at, "soon", minutes)
    return UseBefore(at, "ok", minutes)


@dataclass(frozen=True, slots=True)
class BagWeight:
    """A gravimetric check: the weight the bag should have, what it has, and whether it is within tolerance."""

    expected_g: Decimal
    weighed_g: Decimal
    added_g: Decimal  # weighed − tare: the drug solution that went in
    allowed_g: Decimal  # the tolerance on the weight added

    @property
    def within(self) -> bool:
        return abs(self.weighed_g - self.expected_g) <= self.allowed_g


def bag_weight(
    tare_g: Decimal, weighed_g: Decimal, volume_drawn_ml: Decimal, checks: OrderChecks
) -> BagWeight:
    """The prepared bag weighed against its tare plus the volume drawn × the solution's density; the tolerance
    is the protocol's percent of the weight added."""
    expected_added = volume_drawn_ml * checks.solution_density_g_per_ml
    return BagWeight(
        expected_g=tare_g + expected_added,
        weighed_g=weighed_g,
        added_g=weighed_g - tare_g,
        allowed_g=expected_added * checks.bag_weight_tolerance_percent / _HUNDRED,
    )


def dose_given(final_dose_mg: Decimal, final_volume_ml: Decimal, volume_given_ml: Decimal) -> Decimal:
    """The mg given when `volume_given_ml` of a bag holding `final_dose_mg` in `final_volume_ml` ran in (the
    bag is mixed, so the dose follows the volume), to 0.1 mg; the whole bag gives the final dose exactly."""
    if volume_given_ml >= final_volume_ml:
        return final_dose_mg
    if volume_given_ml <= 0:
        return Decimal(0)
    return (final_dose_mg * volume_given_ml / final_volume_ml).quantize(_GIVEN_STEP, rounding=ROUND_HALF_UP)


__all__ = ["BagWeight", "UseBefore", "UseBeforeState", "bag_weight", "dose_given", "use_before"]
