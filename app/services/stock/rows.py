"""What the stock services hand out: lots, movements, the coverage forecast and the alerts, as plain rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from app.dosing import stock_rules
from app.models.stock import (
    LotStatus,
    MovementKind,
)


@dataclass(frozen=True)
class LotReceipt:
    """One lot as it arrives in a shipment: what the label on the vials says, and how many vials came."""

    lot_number: str
    strength_mg: Decimal
    expiry: date
    vials: int


@dataclass(frozen=True)
class LotSummary:
    """A lot, its counts and whether they reconcile.

    `received`, `dispensed`, `returned` and `destroyed` add up the lot's movements; `on_hand` is the balance
    the database keeps. `problems` lists, in plain words, everything that does not reconcile (empty when the
    lot is sound): shown wherever the lot is shown, never hidden.
    """

    id: int
    lot_number: str
    protocol_id: str
    strength_mg: Decimal
    expiry: date
    status: LotStatus
    status_reason: str | None
    received: int
    dispensed: int
    returned: int
    destroyed: int
    on_hand: int
    wasted_mg: Decimal
    shipments: tuple[str, ...]
    problems: tuple[str, ...] = ()

    @property
    def expected_on_hand(self) -> int:
        return self.received - self.dispensed - self.returned - self.destroyed

    @property
    def reconciles(self) -> bool:
        return not self.problems

    def expired(self, on: date) -> bool:
        """True from the day after the expiry date (a lot is usable through its expiry date)."""
        return stock_rules.expired(self.expiry, on)

    def days_to_expiry(self, on: date) -> int:
        return (self.expiry - on).days


@dataclass(frozen=True)
class MovementLine:
    """One movement of a lot as a person reads it, with the lot's running balance after it."""

    id: int
    kind: MovementKind
    at: datetime  # UTC
    vials_in: int
    vials_out: int
    balance: int
    waste_mg: Decimal | None
    shipment: str | None
    received_on: date | None
    order_number: str | None
    subject_number: str | None
    visit_label: str | None
    reference: str | None
    reason: str | None
    by: str
    signed_by: str | None
    signed_at: datetime | None


AlertKind = Literal["unreconciled", "expired", "expiring", "cover", "bag_expiring", "bag_expired"]


@dataclass(frozen=True)
class DoseNeed:
    """A booked or planned dose in the coming days and the vials it will take."""

    subject_number: str
    label: str
    on: date
    level_mg_per_kg: Decimal
    weight_kg: Decimal
    vials: int
    covered: bool
    from_order: str | None = None  # the order's number when its vials come from an existing order


@dataclass(frozen=True)
class CoverageForecast:
    """Whether usable stock covers the protocol's booked and planned doses from `start` to `end`.

    Doses take vials first-expiry-first-out from released lots of the protocol's vial strength that are still
    in date on the dose's day, so a lot that expires before a dose does not count for it.
    """

    protocol_id: str
    start: date
    end: date
    needs: tuple[DoseNeed, ...]
    vials_usable: int
    shortfall: int
    notes: tuple[str, ...] = ()

    @property
    def vials_needed(self) -> int:
        return sum(need.vials for need in self.needs)

    @property
    def first_uncovered(self) -> DoseNeed | None:
        return next((need for need in self.needs if not need.covered), None)


@dataclass(frozen=True)
class StockAlert:
    """Something the pharmacy must act on. `message` is in English for the command line and JSON; the window
    writes its own words from the fields."""

    kind: AlertKind
    protocol_id: str
    lot_number: str | None
    day: date | None  # the expiry, or the first dose stock does not cover
    days: int | None  # days until that day
    vials: int | None  # vials on hand in the lot, or vials short
    message: str
    problems: tuple[str, ...] = field(default=())
    # A prepared bag near or past its use-before time: its order, and the time and minutes left (negative once
    # passed).
    order_number: str | None = None
    use_before: datetime | None = None
    minutes_left: int | None = None
