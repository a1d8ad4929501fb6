"""The movements of a lot or an order with their running balance, and the printable accountability log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.errors import DoseDeskError
from app.models import (
    InfusionOrder,
)
from app.models.stock import (
    Lot,
    MovementKind,
    StockMovement,
)
from app.printing.accountability import AccountabilityLog, LogLine
from app.protocol.model import Protocol
from app.services.protocols import protocol_file
from app.services.stock._base import _find_lot
from app.services.stock.balances import _summary_of
from app.services.stock.rows import MovementLine
from app.services.uow import UnitOfWork
from app.text import msg


def order_movements(uow: UnitOfWork, order_id: int) -> list[MovementLine]:
    """The stock movements of one order (vials dispensed, waste), each with its lot's running balance."""
    with uow:
        session = uow.session
        lot_ids = list(
            session.execute(
                select(StockMovement.lot_id).where(StockMovement.order_id == order_id).distinct()
            ).scalars()
        )
        found: list[MovementLine] = []
        for lot in session.execute(select(Lot).where(Lot.id.in_(lot_ids))).scalars().all():
            ids = set(
                session.execute(
                    select(StockMovement.id).where(
                        StockMovement.order_id == order_id, StockMovement.lot_id == lot.id
                    )
                ).scalars()
            )
            found.extend(line for line in _lines(session, lot) if line.id in ids)
        return sorted(found, key=lambda line: line.id)


_OUT_KINDS = frozenset({MovementKind.DISPENSE, MovementKind.RETURN, MovementKind.DESTRUCTION})


def _change(movement: StockMovement) -> tuple[int, int]:
    """(vials in, vials out) of one movement."""
    if movement.kind == MovementKind.RECEIPT:
        return movement.vials, 0
    if movement.kind in _OUT_KINDS:
        return 0, movement.vials
    return 0, 0


def _line(movement: StockMovement, balance: int) -> MovementLine:
    vials_in, vials_out = _change(movement)
    order = movement.order
    shipment = movement.shipment
    signature = movement.signature
    return MovementLine(
        id=movement.id,
        kind=MovementKind(movement.kind),
        at=movement.at,
        vials_in=vials_in,
        vials_out=vials_out,
        balance=balance,
        waste_mg=movement.waste_mg,
        shipment=shipment.reference if shipment else None,
        received_on=shipment.received_on if shipment else None,
        order_number=order.order_number if order else None,
        subject_number=order.subject.subject_number if order else None,
        visit_label=order.visit.label if order else None,
        reference=movement.reference,
        reason=movement.reason,
        by=movement.by_name,
        signed_by=signature.printed_name if signature else None,
        signed_at=signature.signed_at if signature else None,
    )


def _lines(session: Session, lot: Lot) -> list[MovementLine]:
    """The lot's movements, oldest first, each with the running balance after it."""
    movements = session.execute(
        select(StockMovement)
        .where(StockMovement.lot_id == lot.id)
        .order_by(StockMovement.id)
        .options(
            selectinload(StockMovement.order).selectinload(InfusionOrder.subject),
            selectinload(StockMovement.order).selectinload(InfusionOrder.visit),
            selectinload(StockMovement.shipment),
            selectinload(StockMovement.signature),
        )
    ).scalars()
    lines: list[MovementLine] = []
    balance = 0
    for movement in movements:
        vials_in, vials_out = _change(movement)
        balance += vials_in - vials_out
        lines.append(_line(movement, balance))
    return lines


def lot_movements(uow: UnitOfWork, lot_number: str) -> list[MovementLine]:
    """Every movement of a lot, oldest first, with the running balance after each."""
    with uow:
        return _lines(uow.session, _find_lot(uow.session, lot_number))


def _details(line: MovementLine) -> str:
    if line.kind == MovementKind.RECEIPT:
        if line.received_on:
            return msg(
                "shipment {shipment}, received {day}",
                shipment=line.shipment,
                day=line.received_on.isoformat(),
            )
        return msg("shipment {shipment}", shipment=line.shipment)
    if line.order_number:
        return msg(
            "order {order} · subject {subject} · {visit}",
            order=line.order_number,
            subject=line.subject_number,
            visit=line.visit_label,
        )
    if line.reference:
        return msg("reference {reference}", reference=line.reference)
    return ""


def _local(moment: datetime) -> datetime:
    return moment.astimezone()


def accountability_log(
    uow: UnitOfWork, lot_number: str, *, printed_at: datetime | None = None
) -> AccountabilityLog:
    """The accountability log of one lot, ready to print (`app.printing.accountability.render_accountability`).

    Times are the workstation's local time; the running balance is recomputed from the movements, and the
    lot's stored balance and any problem are printed beside it.
    """
    with uow:
        session = uow.session
        lot = _find_lot(session, lot_number)
        summary = _summary_of(session, lot)
        lines = _lines(session, lot)
        try:
            protocol: Protocol | None = protocol_file(lot.protocol_id)
        except DoseDeskError:
            protocol = None
        return AccountabilityLog(
            trial=protocol.registry if protocol else lot.protocol_id,
            protocol=f"{protocol.id} v{protocol.version}" if protocol else lot.protocol_id,
            drug=protocol.drug.name if protocol else "",
            lot_number=summary.lot_number,
            strength_mg=summary.strength_mg,
            expiry=summary.expiry,
            status=summary.status.value,
            status_reason=summary.status_reason,
            shipments=summary.shipments,
            lines=tuple(
                LogLine(
                    number=index,
                    at=_local(line.at),
                    kind=line.kind.value,
                    vials_in=line.vials_in,
                    vials_out=line.vials_out,
                    balance=line.balance,
                    waste_mg=line.waste_mg,
                    details=_details(line),
                    reason=line.reason or "",
                    by=line.by,
                    signed=(
                        f"{line.signed_by}, {_local(line.signed_at):%Y-%m-%d %H:%M}"
                        if line.signed_by and line.signed_at
                        else ""
                    ),
                )
                for index, line in enumerate(lines, start=1)
            ),
            received=summary.received,
            dispensed=summary.dispensed,
            returned=summary.returned,
            destroyed=summary.destroyed,
            on_hand=summary.on_hand,
            wasted_mg=summary.wasted_mg,
            problems=summary.problems,
            printed_at=_local(printed_at or uow.now()),
        )


def print_accountability(uow: UnitOfWork, lot_number: str, language: str = "en") -> bytes:
    """The accountability log of `lot_number` as PDF bytes, in `language` ("en", "zh", or "both" where the
    site prints bilingual paper)."""
    from app.printing.accountability import render_accountability
    from app.services.paper import checked_language

    with uow:
        chosen = checked_language(uow.session, language)
    return render_accountability(accountability_log(uow, lot_number), chosen)
