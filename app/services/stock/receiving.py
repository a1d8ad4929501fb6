"""Receiving a shipment, quarantining a lot and releasing it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import inputs
from app.dosing import stock_rules
from app.dosing.stock_reasons import QUARANTINE_CHOICES, RELEASE_CHOICES, StockReason
from app.errors import InputError
from app.inputs import MAX_NOTE
from app.models import (
    Role,
)
from app.models.stock import (
    Lot,
    LotStatus,
    MovementKind,
    Shipment,
)
from app.protocol.model import Protocol
from app.services._common import chosen_code
from app.services.stock._base import (
    MAX_REFERENCE,
    MAX_STRENGTH_MG,
    MAX_VIALS,
    _acting,
    _add_movement,
    _clean_text,
    _find_lot,
    _local_today,
    _lot_number,
    _mg,
    _protocol,
    _vials,
)
from app.services.stock.balances import _summary_of
from app.services.stock.rows import LotReceipt, LotSummary
from app.services.uow import UnitOfWork
from app.services.users import require_role
from app.text import msg


def _check_receipt(item: LotReceipt, protocol: Protocol, received_on: date, quarantined: bool) -> LotReceipt:
    """A lot as received, checked. Every vial that arrives is recorded (accountability), but a lot of another
    strength than the protocol's vial, or already expired, may only come in quarantined, to go back."""
    number = _lot_number(item.lot_number)
    if not isinstance(item.strength_mg, Decimal) or not item.strength_mg.is_finite() or item.strength_mg <= 0:
        raise InputError(
            msg("Lot {lot}: give the strength of a vial in mg, as a number above zero.", lot=number)
        )
    inputs.plausible_decimal(
        item.strength_mg, msg("The strength of lot {lot} in mg", lot=number), maximum=MAX_STRENGTH_MG
    )
    inputs.calendar_date(item.expiry, msg("The expiry of lot {lot}", lot=number))
    refused = stock_rules.receipt_refusal(
        number,
        item.strength_mg,
        item.expiry,
        received_on=received_on,
        vial_strength_mg=protocol.product.vial_strength_mg,
        drug=protocol.drug.name,
        quarantined=quarantined,
    )
    if refused is not None:
        raise InputError(refused)
    return LotReceipt(
        number, item.strength_mg, item.expiry, _vials(item.vials, msg("The vials of lot {lot}", lot=number))
    )


def receive_shipment(
    uow: UnitOfWork,
    *,
    reference: str,
    received_on: date,
    lots: Sequence[LotReceipt],
    protocol_id: str,
    quarantine_reason: str | None = None,
    note: str = "",
    quarantine_code: str = StockReason.OTHER,
) -> list[LotSummary]:
    """Record a shipment and the vials of each lot in it (a receipt movement per lot), all or nothing.

    A lot already in stock may arrive again: its strength and expiry must match the record. With
    `quarantine_reason` every lot of the shipment is set aside on arrival, for `quarantine_code` (one of
    QUARANTINE_CHOICES, e.g. a temperature excursion).
    """
    protocol = _protocol(protocol_id)
    shipment_reference = _clean_text(
        reference,
        msg("the shipment reference"),
        required=True,
        limit=MAX_REFERENCE,
        name=msg("The shipment reference"),
        identifier=True,
    )
    # A quarantine asked for is a quarantine: a blank reason is refused, never read as "no quarantine".
    reason = _clean_text(
        quarantine_reason,
        msg("the reason for quarantine"),
        required=quarantine_reason is not None,
        name=msg("The reason for quarantine"),
    )
    quarantine = chosen_code(quarantine_code, QUARANTINE_CHOICES, msg("A quarantine"))
    shipment_note = inputs.free_text(note, msg("The note on the shipment"), limit=MAX_NOTE)
    inputs.calendar_date(received_on, msg("The day the shipment was received"))
    if not lots:
        raise InputError(msg("A shipment needs at least one lot."))
    if len(lots) > MAX_VIALS:
        raise InputError(msg("A shipment holds at most {count} lots.", count=MAX_VIALS))
    with uow:
        session = uow.session
        require_role(session, uow.user, Role.PHARMACIST)
        today = _local_today(uow)
        if received_on > today:
            raise InputError(
                msg(
                    "A shipment cannot be received on {day}, a day still to come.",
                    day=received_on.isoformat(),
                )
            )
        items = [_check_receipt(item, protocol, received_on, reason is not None) for item in lots]
        numbers = [item.lot_number for item in items]
        if len(set(numbers)) != len(numbers):
            twice = sorted({n for n in numbers if numbers.count(n) > 1})
            raise InputError(
                msg("Lot {lots} is listed twice in this shipment: give each lot once.", lots=", ".join(twice))
            )
        if session.execute(select(Shipment.id).where(Shipment.reference == shipment_reference)).first():
            raise InputError(msg("Shipment {reference} was received already.", reference=shipment_reference))
        user = _acting(uow)
        shipment = Shipment(
            reference=shipment_reference,
            received_on=received_on,
            received_by_id=user.id,
            received_by_name=user.full_name,
            recorded_at=uow.now(),
            note=shipment_note,
        )
        session.add(shipment)
        try:
            session.flush()
        except IntegrityError as exc:
            raise InputError(
                msg("Shipment {reference} was received already.", reference=shipment_reference)
            ) from exc
        received: list[Lot] = []
        for item in items:
            lot = session.execute(select(Lot).where(Lot.lot_number == item.lot_number)).scalar_one_or_none()
            if lot is None:
                lot = Lot(
                    lot_number=item.lot_number,
                    protocol_id=protocol.id,
                    strength_mg=item.strength_mg,
                    expiry=item.expiry,
                    status=LotStatus.RELEASED,
                    created_at=uow.now(),
                )
                session.add(lot)
                try:
                    session.flush()
                except IntegrityError as exc:  # another workstation received the same lot at this moment
                    raise InputError(
                        msg(
                            "Lot {lot} was received at another workstation just now: try again.",
                            lot=item.lot_number,
                        )
                    ) from exc
            elif (lot.protocol_id, lot.strength_mg, lot.expiry) != (
                protocol.id,
                item.strength_mg,
                item.expiry,
            ):
                raise InputError(
                    msg(
                        "Lot {lot} is already in stock as {strength} vials of {protocol} expiring {expiry}; "
                        "this shipment says {new_strength} of {new_protocol} expiring {new_expiry}. "
                        "Check the label.",
                        lot=item.lot_number,
                        strength=_mg(lot.strength_mg),
                        protocol=lot.protocol_id,
                        expiry=lot.expiry.isoformat(),
                        new_strength=_mg(item.strength_mg),
                        new_protocol=protocol.id,
                        new_expiry=item.expiry.isoformat(),
                    )
                )
            _add_movement(uow, lot, MovementKind.RECEIPT, vials=item.vials, shipment_id=shipment.id)
            if reason is not None and lot.status != LotStatus.QUARANTINED:
                _set_status(uow, lot, LotStatus.QUARANTINED, reason, quarantine)
            received.append(lot)
        summaries = [_summary_of(session, lot) for lot in received]
        uow.commit()
        return summaries


def _set_status(uow: UnitOfWork, lot: Lot, status: LotStatus, reason: str, code: StockReason) -> None:
    kind = MovementKind.QUARANTINE if status == LotStatus.QUARANTINED else MovementKind.RELEASE
    with uow.acting(uow.user, reason):
        lot.status = status
        lot.status_reason = reason
        lot.status_reason_code = str(code)
        uow.session.flush()
    _add_movement(uow, lot, kind, reason=reason, reason_code=str(code))


def quarantine_lot(
    uow: UnitOfWork, lot_number: str, reason: str, code: str = StockReason.OTHER
) -> LotSummary:
    """Set a lot aside: it is never dispensed until released. The reason (with its code, one of
    QUARANTINE_CHOICES) is kept and printed."""
    chosen = chosen_code(code, QUARANTINE_CHOICES, msg("A quarantine"))
    why = _clean_text(
        reason, msg("the reason for quarantine"), required=True, name=msg("The reason for quarantine")
    )
    assert why is not None
    with uow:
        session = uow.session
        require_role(session, uow.user, Role.PHARMACIST)
        lot = _find_lot(session, lot_number, lock=True)
        if lot.status == LotStatus.QUARANTINED:
            raise InputError(
                msg(
                    "Lot {lot} is quarantined already ({reason}).",
                    lot=lot.lot_number,
                    reason=lot.status_reason,
                )
            )
        _set_status(uow, lot, LotStatus.QUARANTINED, why, chosen)
        summary = _summary_of(session, lot)
        uow.commit()
        return summary


def release_lot(
    uow: UnitOfWork, lot_number: str, reason: str, *, on: date | None = None, code: str = StockReason.OTHER
) -> LotSummary:
    """Release a quarantined lot for use, for `code` (one of RELEASE_CHOICES) and the reason; an expired lot
    stays quarantined."""
    chosen = chosen_code(code, RELEASE_CHOICES, msg("A release"))
    why = _clean_text(
        reason,
        msg("the reason for releasing the lot"),
        required=True,
        name=msg("The reason for releasing the lot"),
    )
    assert why is not None
    with uow:
        session = uow.session
        require_role(session, uow.user, Role.PHARMACIST)
        lot = _find_lot(session, lot_number, lock=True)
        day = on or _local_today(uow)
        if lot.status == LotStatus.RELEASED:
            raise InputError(msg("Lot {lot} is released already.", lot=lot.lot_number))
        refused = stock_rules.release_refusal(lot.lot_number, lot.expiry, day)
        if refused is not None:
            raise InputError(refused)
        _set_status(uow, lot, LotStatus.RELEASED, why, chosen)
        summary = _summary_of(session, lot)
        uow.commit()
        return summary
