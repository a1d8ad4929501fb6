"""Vials out of stock: first-expiry-first-out suggestions, dispensing for an order, a bag's waste, and
returns to the sponsor and destructions (e-signed)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.dosing import stock_rules
from app.dosing.stock_reasons import DESTRUCTION_CHOICES, RETURN_CHOICES, StockReason
from app.dosing.stock_rules import KIND_WORDS, LotState, VialPick
from app.errors import NotFoundError
from app.models import (
    InfusionBag,
    InfusionOrder,
    OrderStatus,
    PreparationLine,
    Role,
)
from app.models.stock import (
    Lot,
    LotStatus,
    MovementKind,
    StockMovement,
)
from app.protocol.model import Protocol
from app.services._common import chosen_code
from app.services._words import ORDER_STATUS
from app.services.signatures import prove_password
from app.services.stock._base import (
    MAX_REFERENCE,
    StockRefused,
    _add_movement,
    _clean_text,
    _find_lot,
    _local_today,
    _lot_number,
    _mg,
    _protocol,
    _sign_movement,
    _state,
    _vials,
    _vials_words,
)
from app.services.stock.balances import _summary_of
from app.services.stock.rows import LotSummary
from app.services.uow import UnitOfWork
from app.services.users import require_role
from app.text import Message, message_of, msg


def _refusal(lot: Lot, protocol: Protocol, on: date, wanted: int) -> Message | None:
    """Why `wanted` vials of `lot` cannot be dispensed under `protocol` on `on`, or None when they can."""
    return stock_rules.refusal(
        _state(lot),
        protocol_id=protocol.id,
        vial_strength_mg=protocol.product.vial_strength_mg,
        on=on,
        wanted=wanted,
    )


def _usable_lots(session: Session, protocol: Protocol, on: date) -> list[LotState]:
    """The lots a dose of `protocol` may take vials from on `on`, first expiry first (then lot number)."""
    lots = session.execute(
        select(Lot)
        .where(
            Lot.protocol_id == protocol.id,
            Lot.status == LotStatus.RELEASED,
            Lot.on_hand_vials > 0,
            Lot.expiry >= on,
        )
        .order_by(Lot.expiry, Lot.lot_number)
    ).scalars()
    # Decimal strength is text on SQLite: the rules compare it in Python.
    return stock_rules.usable_lots(
        [_state(lot) for lot in lots],
        protocol_id=protocol.id,
        vial_strength_mg=protocol.product.vial_strength_mg,
        on=on,
    )


def suggest_lots(uow: UnitOfWork, vials: int, *, protocol_id: str, on: date | None = None) -> list[VialPick]:
    """The lots to take `vials` from, first expiry first out: released, in date on `on`, of the protocol's
    vial strength, with vials on hand. Not enough usable stock is refused, saying how many vials there are."""
    wanted = _vials(vials)
    protocol = _protocol(protocol_id)
    with uow:
        day = on or _local_today(uow)
        lots = _usable_lots(uow.session, protocol, day)
        picks, short = stock_rules.fefo(
            lots, wanted, protocol_id=protocol.id, vial_strength_mg=protocol.product.vial_strength_mg, on=day
        )
        if short:
            usable = wanted - short
            raise StockRefused(
                msg(
                    "Only {usable} of {strength} usable on {day} (released, in date) are in stock; "
                    "{wanted} are needed.",
                    usable=_vials_words(usable),
                    strength=_mg(protocol.product.vial_strength_mg),
                    day=day.isoformat(),
                    wanted=_vials_words(wanted),
                )
            )
        return picks


def _merge(picks: Sequence[VialPick]) -> list[VialPick]:
    totals: dict[str, int] = {}
    for pick in picks:
        number = _lot_number(pick.lot_number)
        totals[number] = totals.get(number, 0) + _vials(
            pick.vials, msg("The vials taken from lot {lot}", lot=number)
        )
    return [VialPick(number, count) for number, count in totals.items()]


def dispense_for_order(
    uow: UnitOfWork,
    order: InfusionOrder,
    picks: Sequence[VialPick] | None = None,
    *,
    on: date | None = None,
    lines: Sequence[PreparationLine] | None = None,
) -> list[StockMovement]:
    """Take a prepared order's vials from stock and record the partial vial's remainder as waste on it.

    The orders service's prepare step calls this inside its own unit of work, after adding the bag's
    preparation lines (`lines`: their lot numbers and vials are what is taken, unless `picks` are given; by
    default the order's lines, for an order prepared once); it does not commit. A bag made again takes its own
    vials: `lines` are then the new bag's. The last lot named supplies the partial vial (the last vial drawn), so the waste is recorded on it. Refused in plain
    words (and the whole preparation with it): an order not being prepared, vials already taken, a total
    that is not the order's vials, and any lot that is unknown, of another protocol or strength, quarantined,
    expired, empty or short.
    """
    with uow:
        session = uow.session
        require_role(session, uow.user, Role.PHARMACIST)
        session.flush()
        name = order.order_number
        if order.status not in (OrderStatus.VERIFIED, OrderStatus.PREPARED, OrderStatus.CHECKED):
            raise StockRefused(
                msg(
                    "Order {order} is {status}: vials are taken from stock when it is prepared.",
                    order=name,
                    status=ORDER_STATUS[OrderStatus(order.status)],
                )
            )
        taken = select(func.count(StockMovement.id)).where(
            StockMovement.order_id == order.id, StockMovement.kind == MovementKind.DISPENSE
        )
        if lines is not None:
            taken = taken.where(StockMovement.preparation_line_id.in_([line.id for line in lines]))
        already = session.execute(taken).scalar_one()
        if already:
            raise StockRefused(msg("Vials were taken from stock for Order {order} already.", order=name))
        lines = list(order.preparation_lines) if lines is None else list(lines)
        if picks is None:
            if not lines:
                raise StockRefused(
                    msg("Order {order} names no lot: enter the lots and vials used.", order=name)
                )
            wanted = [VialPick(line.lot_number, line.vials) for line in lines]
        else:
            wanted = list(picks)
        merged = _merge(wanted)
        if not merged:
            raise StockRefused(msg("Order {order} names no lot: enter the lots and vials used.", order=name))
        total = sum(pick.vials for pick in merged)
        if total != order.vials:
            raise StockRefused(
                msg(
                    "Order {order} needs {needed}; the lots entered give {given}.",
                    order=name,
                    needed=_vials_words(order.vials),
                    given=_vials_words(total),
                )
            )
        protocol = _protocol(order.protocol_version.protocol_id)
        day = on or _local_today(uow)
        lots: dict[str, Lot] = {}
        for pick in merged:
            try:
                lot = _find_lot(session, pick.lot_number, lock=True)
            except NotFoundError as exc:
                raise StockRefused(
                    msg("{problem} Check the lot number on the vial.", problem=message_of(exc))
                ) from None
            why = _refusal(lot, protocol, day, pick.vials)
            if why:
                raise StockRefused(why)
            lots[pick.lot_number] = lot
        by_lot_line = {_lot_number(line.lot_number): line for line in lines}
        for number, entered in by_lot_line.items():
            held = lots.get(number)
            if held is not None and entered.lot_expiry != held.expiry:
                raise StockRefused(
                    msg(
                        "Lot {lot} expires on {expiry} in stock, but {entered} was entered for Order {order}: "
                        "check the vial's label.",
                        lot=number,
                        expiry=held.expiry.isoformat(),
                        entered=entered.lot_expiry.isoformat(),
                        order=name,
                    )
                )
        waste = order.waste_mg
        strength = protocol.product.vial_strength_mg
        if waste < 0 or waste >= strength:
            raise StockRefused(
                msg(
                    "Order {order} records {waste} of waste, which is not the remainder of one partial "
                    "{strength} vial: check the order's figures.",
                    order=name,
                    waste=_mg(waste),
                    strength=_mg(strength),
                )
            )
        movements: list[StockMovement] = []
        for pick in merged:
            source = by_lot_line.get(pick.lot_number)
            movements.append(
                _add_movement(
                    uow,
                    lots[pick.lot_number],
                    MovementKind.DISPENSE,
                    vials=pick.vials,
                    order_id=order.id,
                    preparation_line_id=source.id if source is not None and picks is None else None,
                )
            )
        if waste > 0:
            partial = lots[_lot_number(wanted[-1].lot_number)]  # the last vial drawn is the partial one
            movements.append(
                _add_movement(uow, partial, MovementKind.WASTE, waste_mg=waste, order_id=order.id)
            )
        return movements


def waste_bag(uow: UnitOfWork, order: InfusionOrder, bag: InfusionBag, reason: str) -> list[StockMovement]:
    """A prepared bag not given (past its use-before time, remade, or its order cancelled), recorded as waste
    on each lot it was drawn from: the mg drawn from that lot (volume drawn × the reconstituted concentration).
    Its vials left stock when it was prepared; nothing comes back. Inside the caller's unit of work, whose
    service said who may do it (a pharmacist remaking it, an investigator or pharmacist cancelling)."""
    with uow:
        session = uow.session
        movements: list[StockMovement] = []
        for line in bag.lines:
            lot = _find_lot(session, line.lot_number, lock=True)
            mg = line.volume_drawn_ml * order.concentration_mg_per_ml
            movements.append(
                _add_movement(
                    uow,
                    lot,
                    MovementKind.WASTE,
                    waste_mg=mg,
                    order_id=order.id,
                    preparation_line_id=line.id,
                    reason=reason,
                )
            )
        return movements


def _take_out(
    uow: UnitOfWork,
    kind: MovementKind,
    lot_number: str,
    vials: int,
    reason: str,
    password: str,
    reference: str | None,
    code: str,
) -> LotSummary:
    count = _vials(vials)
    returning = kind == MovementKind.RETURN
    chosen = chosen_code(
        code,
        RETURN_CHOICES if returning else DESTRUCTION_CHOICES,
        msg("A return") if returning else msg("A destruction"),
    )
    what = (
        msg("the reason for returning them")
        if kind == MovementKind.RETURN
        else msg("the reason for destroying them")
    )
    why = _clean_text(reason, what, required=True, name=msg("The reason"))
    ref = _clean_text(
        reference,
        msg("the reference"),
        required=False,
        limit=MAX_REFERENCE,
        name=msg("The reference"),
        identifier=True,
    )
    prove_password(uow, password)
    with uow:
        session = uow.session
        require_role(session, uow.user, Role.PHARMACIST)
        lot = _find_lot(session, lot_number, lock=True)
        if lot.on_hand_vials < count:
            raise StockRefused(
                msg(
                    "Lot {lot} has {on_hand} on hand; {count} cannot be {kind}.",
                    lot=lot.lot_number,
                    on_hand=_vials_words(lot.on_hand_vials),
                    count=_vials_words(count),
                    kind=KIND_WORDS[kind],
                )
            )
        movement = _add_movement(
            uow, lot, kind, vials=count, reason=why, reason_code=str(chosen), reference=ref
        )
        _sign_movement(uow, movement, password)
        summary = _summary_of(session, lot)
        uow.commit()
        return summary


def return_to_sponsor(
    uow: UnitOfWork,
    lot_number: str,
    vials: int,
    reason: str,
    password: str,
    *,
    reference: str | None = None,
    code: str = StockReason.OTHER,
) -> LotSummary:
    """Send vials of a lot back to the sponsor, for `code` (one of RETURN_CHOICES) with the reason and the
    pharmacist's e-signature."""
    return _take_out(uow, MovementKind.RETURN, lot_number, vials, reason, password, reference, code)


def destroy_vials(
    uow: UnitOfWork,
    lot_number: str,
    vials: int,
    reason: str,
    password: str,
    *,
    reference: str | None = None,
    code: str = StockReason.OTHER,
) -> LotSummary:
    """Destroy vials of a lot at the site, for `code` (one of DESTRUCTION_CHOICES) with the reason and the
    pharmacist's e-signature."""
    return _take_out(uow, MovementKind.DESTRUCTION, lot_number, vials, reason, password, reference, code)
