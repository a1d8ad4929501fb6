"""Pure stock rules (docs/domain.md §8): which lots a dose may take vials from, first expiry first out, why a
lot is refused, and what about a lot's counts does not reconcile.

Plain values in, plain values out: a lot is a `LotState` (its number, protocol, vial strength, expiry, whether
it is quarantined and its vials on hand), a movement kind is its code ("receipt", "dispense", …). The stock
services (`app.services.stock`) read lots from the database, hand them here as `LotState`s and record what
these rules decide.

    usable_lots(lots, protocol_id="nct07343453", vial_strength_mg=Decimal(100), on=day)  # FEFO order
    fefo(lots, 3, protocol_id="nct07343453", vial_strength_mg=Decimal(100), on=day)      # picks, short
    refusal(lot, protocol_id=…, vial_strength_mg=…, on=day, wanted=2)                      # None or why not
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from app.dosing.format import format_quantity
from app.text import Message, msg

# What each movement kind did, as in "the count of vials returned to the sponsor"; keyed by the kind's code.
KIND_WORDS: dict[str, Message] = {
    "receipt": msg("received"),
    "dispense": msg("dispensed"),
    "waste": msg("wasted"),
    "return": msg("returned to the sponsor"),
    "destruction": msg("destroyed"),
    "quarantine": msg("quarantined"),
    "release": msg("released"),
}

# A movement named in a sentence ("the return of 3 vials"); the English is the kind's code.
KIND_NOUNS: dict[str, Message] = {
    "receipt": msg("receipt"),
    "dispense": msg("dispense"),
    "waste": msg("waste"),
    "return": msg("return"),
    "destruction": msg("destruction"),
    "quarantine": msg("quarantine"),
    "release": msg("release"),
}


@dataclass(frozen=True)
class VialPick:
    """Vials to take from one lot."""

    lot_number: str
    vials: int


@dataclass(frozen=True)
class LotState:
    """What the stock rules need to know of a lot."""

    lot_number: str
    protocol_id: str
    strength_mg: Decimal
    expiry: date
    quarantined: bool
    on_hand: int
    status_reason: str | None = None


@dataclass(frozen=True)
class UnsignedMovement:
    """A return or destruction that lacks its e-signature, as the reconciliation names it."""

    id: int
    kind: str
    vials: int
    at: datetime  # UTC
    by_name: str


ExpiryAlert = Literal["expired", "expiring"]


def mg(value: Decimal) -> str:
    return format_quantity(value, "mg")


def vials_words(count: int) -> Message:
    return msg("{count} vial", count=count) if count == 1 else msg("{count} vials", count=count)


def expired(expiry: date, on: date) -> bool:
    """True from the day after the expiry date (a lot is usable through its expiry date)."""
    return on > expiry


def is_usable(lot: LotState, *, protocol_id: str, vial_strength_mg: Decimal, on: date) -> bool:
    """A lot a dose of `protocol_id` may take vials from on `on`: released, in date, of the protocol's vial
    strength, with vials on hand."""
    return (
        lot.protocol_id == protocol_id
        and not lot.quarantined
        and lot.on_hand > 0
        and not expired(lot.expiry, on)
        and lot.strength_mg == vial_strength_mg
    )


def usable_lots(
    lots: Sequence[LotState], *, protocol_id: str, vial_strength_mg: Decimal, on: date
) -> list[LotState]:
    """The usable lots, first expiry first (lots expiring on the same day keep the order they were given in)."""
    chosen = [
        lot
        for lot in lots
        if is_usable(lot, protocol_id=protocol_id, vial_strength_mg=vial_strength_mg, on=on)
    ]
    return sorted(chosen, key=lambda lot: lot.expiry)


def fefo(
    lots: Sequence[LotState], vials: int, *, protocol_id: str, vial_strength_mg: Decimal, on: date
) -> tuple[list[VialPick], int]:
    """First-expiry-first-out picks for `vials` from the usable ones of `lots`, and the vials left short."""
    picks: list[VialPick] = []
    left = vials
    for lot in usable_lots(lots, protocol_id=protocol_id, vial_strength_mg=vial_strength_mg, on=on):
        if left <= 0:
            break
        take = min(left, lot.on_hand)
        picks.append(VialPick(lot.lot_number, take))
        left -= take
    return picks, max(left, 0)


def draw(
    lots: Sequence[LotState], left: Mapping[str, int], vials: int, on: date
) -> tuple[dict[str, int], int]:
    """A forecast dose on `on` drawing `vials` from `lots` (usable, in FEFO order) whose vials still unclaimed
    are `left` (by lot number): the vials left after it, and the vials it lacks. A lot that has expired by the
    dose's day does not count for it."""
    remaining = dict(left)
    missing = vials
    for lot in lots:
        if missing == 0:
            break
        if lot.expiry < on or remaining.get(lot.lot_number, 0) == 0:
            continue
        take = min(missing, remaining[lot.lot_number])
        remaining[lot.lot_number] -= take
        missing -= take
    return remaining, missing


def refusal(
    lot: LotState, *, protocol_id: str, vial_strength_mg: Decimal, on: date, wanted: int
) -> Message | None:
    """Why `wanted` vials of `lot` cannot be dispensed for a `protocol_id` order on `on`, or None when they can."""
    name = lot.lot_number
    if lot.protocol_id != protocol_id:
        return msg(
            "Lot {lot} is stock of {protocol}, not of {order_protocol}: it cannot be used for this order.",
            lot=name,
            protocol=lot.protocol_id,
            order_protocol=protocol_id,
        )
    if lot.strength_mg != vial_strength_mg:
        return msg(
            "Lot {lot} holds {strength} vials, but this protocol's vial is {vial}: it cannot be used for this order.",
            lot=name,
            strength=mg(lot.strength_mg),
            vial=mg(vial_strength_mg),
        )
    if lot.quarantined:
        return msg(
            "Lot {lot} is quarantined ({reason}): it cannot be dispensed until it is released.",
            lot=name,
            reason=lot.status_reason,
        )
    if expired(lot.expiry, on):
        return msg(
            "Lot {lot} expired on {day}: it cannot be dispensed. Quarantine it, then return "
            "it to the sponsor or destroy it.",
            lot=name,
            day=lot.expiry.isoformat(),
        )
    if lot.on_hand <= 0:
        return msg("Lot {lot} is empty: no vials are left in it.", lot=name)
    if lot.on_hand < wanted:
        return msg(
            "Lot {lot} has {on_hand} on hand; {wanted} were asked for. Take the rest from another lot.",
            lot=name,
            on_hand=vials_words(lot.on_hand),
            wanted=vials_words(wanted),
        )
    return None


def receipt_refusal(
    lot_number: str,
    strength_mg: Decimal,
    expiry: date,
    *,
    received_on: date,
    vial_strength_mg: Decimal,
    drug: str,
    quarantined: bool,
) -> Message | None:
    """Why a lot may not come in released, or None. Every vial that arrives is recorded (accountability), but
    a lot of another strength than the protocol's vial, or already expired, may only come in quarantined."""
    if strength_mg != vial_strength_mg and not quarantined:
        return msg(
            "Lot {lot} holds {strength} vials, but the {drug} vial of this protocol is {vial}: check the "
            "label. If it is so, receive the shipment quarantined, with the reason, to return it.",
            lot=lot_number,
            strength=mg(strength_mg),
            drug=drug,
            vial=mg(vial_strength_mg),
        )
    if expiry < received_on and not quarantined:
        return msg(
            "Lot {lot} expired on {day}, before it was received: receive the shipment "
            "quarantined, with the reason, to return it to the sponsor.",
            lot=lot_number,
            day=expiry.isoformat(),
        )
    return None


def release_refusal(lot_number: str, expiry: date, on: date) -> Message | None:
    """An expired lot stays quarantined."""
    if expired(expiry, on):
        return msg(
            "Lot {lot} expired on {day}: it cannot be released. Return it to the sponsor or destroy it.",
            lot=lot_number,
            day=expiry.isoformat(),
        )
    return None


def expiry_alert(on_hand: int, expiry: date, on: date, alert_days: int | None) -> ExpiryAlert | None:
    """A lot with vials on hand that has expired by `on`, or expires within `alert_days` (the protocol's
    alert days; None when the protocol is unknown): which alert it raises, if any."""
    if on_hand <= 0:
        return None
    if expired(expiry, on):
        return "expired"
    if alert_days is not None and (expiry - on).days <= alert_days:
        return "expiring"
    return None


def reconciliation_problems(
    lot_number: str,
    *,
    stored: Mapping[str, int],
    on_hand: int,
    added: Mapping[str, int],
    unsigned: Sequence[UnsignedMovement] = (),
) -> list[str]:
    """Everything about a lot that does not reconcile, one plain sentence each: a stored counter (`stored`,
    by kind) that differs from its movements added up (`added`, by kind), a balance on hand that is not
    received − dispensed − returned − destroyed, a balance below zero, and a return or destruction without its
    e-signature."""
    problems: list[str] = []
    for kind, count in stored.items():
        total = added.get(kind, 0)
        if count != total:
            problems.append(
                msg(
                    "Lot {lot}: the count of vials {kind} says {stored}, but its movements add up to {added}.",
                    lot=lot_number,
                    kind=KIND_WORDS[kind],
                    stored=count,
                    added=total,
                )
            )
    received = added.get("receipt", 0)
    dispensed = added.get("dispense", 0)
    returned = added.get("return", 0)
    destroyed = added.get("destruction", 0)
    expected = received - dispensed - returned - destroyed
    if on_hand != expected:
        problems.append(
            msg(
                "Lot {lot}: {on_hand} vials on hand, but received {received} − dispensed {dispensed} − "
                "returned {returned} − destroyed {destroyed} = {expected}.",
                lot=lot_number,
                on_hand=on_hand,
                received=received,
                dispensed=dispensed,
                returned=returned,
                destroyed=destroyed,
                expected=expected,
            )
        )
    if on_hand < 0 or expected < 0:
        problems.append(msg("Lot {lot}: the balance is below zero.", lot=lot_number))
    for movement in unsigned:
        problems.append(
            msg(
                "Lot {lot}: the {kind} of {vials} recorded {at} UTC by {name} (movement {movement}) "
                "has no e-signature.",
                lot=lot_number,
                kind=KIND_NOUNS[movement.kind],
                vials=vials_words(movement.vials),
                at=f"{movement.at:%Y-%m-%d %H:%M}",
                name=movement.by_name,
                movement=movement.id,
            )
        )
    return problems
