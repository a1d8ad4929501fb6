"""Reading lots: each lot's movements added up, its summary, and what about it does not reconcile."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.dosing import stock_rules
from app.dosing.format import plain_decimal
from app.dosing.stock_rules import (
    UnsignedMovement,
)
from app.models.stock import (
    COUNTER_OF_KIND,
    SIGNED_KINDS,
    Lot,
    LotStatus,
    MovementKind,
    Shipment,
    StockMovement,
)
from app.services.stock._base import (
    _find_lot,
)
from app.services.stock.rows import (
    LotSummary,
)
from app.services.uow import UnitOfWork


@dataclass
class _Sums:
    vials: dict[MovementKind, int] = field(default_factory=lambda: defaultdict(int))
    wasted_mg: Decimal = Decimal(0)
    unsigned: list[StockMovement] = field(default_factory=list)


def _sums(session: Session, lot_ids: Iterable[int] | None = None) -> dict[int, _Sums]:
    """Each lot's movements added up by kind (vials), its waste in mg, and its unsigned returns/destructions."""
    sums: dict[int, _Sums] = defaultdict(_Sums)
    ids = None if lot_ids is None else list(lot_ids)
    query = select(StockMovement.lot_id, StockMovement.kind, func.sum(StockMovement.vials)).group_by(
        StockMovement.lot_id, StockMovement.kind
    )
    if ids is not None:
        query = query.where(StockMovement.lot_id.in_(ids))
    for lot_id, kind, total in session.execute(query):
        sums[lot_id].vials[MovementKind(kind)] = int(total or 0)
    # Decimal columns are text on SQLite: add the waste up in Python, exactly.
    waste = select(StockMovement.lot_id, StockMovement.waste_mg).where(
        StockMovement.kind == MovementKind.WASTE
    )
    if ids is not None:
        waste = waste.where(StockMovement.lot_id.in_(ids))
    for lot_id, mg in session.execute(waste):
        sums[lot_id].wasted_mg += mg or Decimal(0)
    unsigned = select(StockMovement).where(
        StockMovement.kind.in_(list(SIGNED_KINDS)), StockMovement.signature_id.is_(None)
    )
    if ids is not None:
        unsigned = unsigned.where(StockMovement.lot_id.in_(ids))
    for movement in session.execute(unsigned).scalars():
        sums[movement.lot_id].unsigned.append(movement)
    return sums


def _problems(lot: Lot, sums: _Sums) -> list[str]:
    """Everything about `lot` that does not reconcile, one plain sentence each (`app.dosing.stock_rules`)."""
    return stock_rules.reconciliation_problems(
        lot.lot_number,
        stored={kind.value: getattr(lot, counter) for kind, counter in COUNTER_OF_KIND.items()},
        on_hand=lot.on_hand_vials,
        added={kind.value: count for kind, count in sums.vials.items()},
        unsigned=[
            UnsignedMovement(
                movement.id, MovementKind(movement.kind).value, movement.vials, movement.at, movement.by_name
            )
            for movement in sums.unsigned
        ],
    )


def _summary(lot: Lot, sums: _Sums, shipments: tuple[str, ...]) -> LotSummary:
    return LotSummary(
        id=lot.id,
        lot_number=lot.lot_number,
        protocol_id=lot.protocol_id,
        strength_mg=lot.strength_mg,
        expiry=lot.expiry,
        status=LotStatus(lot.status),
        status_reason=lot.status_reason,
        received=sums.vials.get(MovementKind.RECEIPT, 0),
        dispensed=sums.vials.get(MovementKind.DISPENSE, 0),
        returned=sums.vials.get(MovementKind.RETURN, 0),
        destroyed=sums.vials.get(MovementKind.DESTRUCTION, 0),
        on_hand=lot.on_hand_vials,
        wasted_mg=sums.wasted_mg,
        shipments=shipments,
        problems=tuple(_problems(lot, sums)),
    )


def _shipments_of(session: Session, lot_ids: list[int]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = defaultdict(list)
    if not lot_ids:
        return {}
    rows = session.execute(
        select(StockMovement.lot_id, Shipment.reference)
        .join(Shipment, Shipment.id == StockMovement.shipment_id)
        .where(StockMovement.lot_id.in_(lot_ids), StockMovement.kind == MovementKind.RECEIPT)
        .order_by(StockMovement.id)
    )
    for lot_id, reference in rows:
        if reference not in found[lot_id]:
            found[lot_id].append(reference)
    return {lot_id: tuple(references) for lot_id, references in found.items()}


def _summaries(session: Session, lots: Sequence[Lot]) -> list[LotSummary]:
    ids = [lot.id for lot in lots]
    sums = _sums(session, ids) if ids else {}
    shipments = _shipments_of(session, ids)
    return [_summary(lot, sums.get(lot.id, _Sums()), shipments.get(lot.id, ())) for lot in lots]


def _summary_of(session: Session, lot: Lot) -> LotSummary:
    session.flush()
    session.refresh(lot)
    return _summaries(session, [lot])[0]


def list_lots(uow: UnitOfWork, *, protocol_id: str | None = None) -> list[LotSummary]:
    """Every lot, first expiry first (then lot number), with its counts and any problem."""
    with uow:
        query = select(Lot).order_by(Lot.expiry, Lot.lot_number)
        if protocol_id is not None:
            query = query.where(Lot.protocol_id == protocol_id)
        return _summaries(uow.session, list(uow.session.execute(query).scalars()))


def get_lot(uow: UnitOfWork, lot_number: str) -> LotSummary:
    with uow:
        return _summary_of(uow.session, _find_lot(uow.session, lot_number))


def lots_as_json(uow: UnitOfWork) -> list[dict[str, Any]]:
    """`dosedesk list lots --json`: each lot's id, counts (vials), waste (mg, a decimal string) and problems."""
    return [
        {
            "id": lot.id,
            "lot": lot.lot_number,
            "protocol": lot.protocol_id,
            "strength_mg": plain_decimal(lot.strength_mg),
            "expiry": lot.expiry.isoformat(),
            "status": lot.status.value,
            "status_reason": lot.status_reason,
            "received": lot.received,
            "dispensed": lot.dispensed,
            "returned": lot.returned,
            "destroyed": lot.destroyed,
            "on_hand": lot.on_hand,
            "wasted_mg": plain_decimal(lot.wasted_mg),
            "shipments": list(lot.shipments),
            "reconciles": lot.reconciles,
            "problems": list(lot.problems),
        }
        for lot in list_lots(uow)
    ]
