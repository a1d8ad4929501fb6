"""Will stock cover the coming doses, and what needs the pharmacy's attention (lots, bags, cover)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import inputs
from app.dosing import stock_rules
from app.dosing.bedside import use_before
from app.dosing.dose import compute_dose
from app.errors import DoseDeskError
from app.models import (
    GIVEN_ORDER_STATUSES,
    InfusionOrder,
    OrderStatus,
    ProtocolVersion,
    Subject,
    SubjectStatus,
    Visit,
    VisitKind,
    VisitStatus,
    Weight,
)
from app.models.stock import (
    Lot,
)
from app.protocol import load_protocol
from app.protocol.model import Protocol
from app.services.protocols import protocol_file
from app.services.stock._base import _joined, _local_today, _protocol, _vials_words
from app.services.stock.balances import _summaries
from app.services.stock.dispensing import _usable_lots
from app.services.stock.rows import AlertKind, CoverageForecast, DoseNeed, StockAlert
from app.services.uow import UnitOfWork
from app.text import message_of, msg


def _dose_day(visit: Visit) -> date:
    return visit.booked_date or visit.suggested_date or visit.target_date


def _latest_weights(session: Session, subject_ids: list[int]) -> dict[int, Decimal]:
    latest: dict[int, tuple[date, int, Decimal]] = {}
    if not subject_ids:
        return {}
    rows = session.execute(
        select(Weight.subject_id, Weight.measured_on, Weight.id, Weight.weight_kg).where(
            Weight.subject_id.in_(subject_ids), Weight.cancelled.is_(False)
        )
    )
    for subject_id, measured_on, weight_id, kg in rows:
        key = (measured_on, weight_id)
        if subject_id not in latest or key > latest[subject_id][:2]:
            latest[subject_id] = (measured_on, weight_id, kg)
    return {subject_id: value[2] for subject_id, value in latest.items()}


def _coverage(session: Session, protocol: Protocol, start: date) -> CoverageForecast:
    end = start + timedelta(days=protocol.stock.cover_days)
    rows = session.execute(
        select(Visit, Subject)
        .join(Subject, Subject.id == Visit.subject_id)
        .where(
            Visit.kind == VisitKind.DOSE,
            Visit.status.in_([VisitStatus.PLANNED, VisitStatus.BOOKED]),
            Subject.status.in_([SubjectStatus.SCREENING, SubjectStatus.ON_TREATMENT]),
        )
        .options(selectinload(Subject.protocol_version))
    ).all()
    visits = [
        (visit, subject)
        for visit, subject in rows
        if subject.protocol_version.protocol_id == protocol.id and start <= _dose_day(visit) <= end
    ]
    orders: dict[int, InfusionOrder] = {}
    if visits:
        for written in session.execute(
            select(InfusionOrder).where(
                InfusionOrder.visit_id.in_([visit.id for visit, _ in visits]),
                InfusionOrder.status != OrderStatus.CANCELLED,
            )
        ).scalars():
            orders[written.visit_id] = written
    weights = _latest_weights(session, sorted({subject.id for _, subject in visits}))
    lots = _usable_lots(session, protocol, start)
    left = {lot.lot_number: lot.on_hand for lot in lots}
    needs: list[DoseNeed] = []
    notes: list[str] = []
    shortfall = 0
    for visit, subject in sorted(visits, key=lambda pair: (_dose_day(pair[0]), pair[1].subject_number)):
        day = _dose_day(visit)
        order = orders.get(visit.id)
        if order is not None and order.status in (
            OrderStatus.PREPARED,
            OrderStatus.CHECKED,
            *GIVEN_ORDER_STATUSES,
        ):
            continue  # its vials left stock already
        level = subject.current_dose_level_mg_per_kg or protocol.regimen.starting_level
        weight = weights.get(subject.id, subject.baseline_weight_kg)
        if order is not None:
            vials = order.vials
            level, weight = order.dose_level_mg_per_kg, order.weight_kg
        else:
            try:
                vials = compute_dose(protocol, weight_kg=weight, level_mg_per_kg=level).vials
            except DoseDeskError as exc:
                notes.append(
                    msg(
                        "{subject} {visit} on {day}: no estimate ({problem})",
                        subject=subject.subject_number,
                        visit=visit.label,
                        day=day.isoformat(),
                        problem=message_of(exc),
                    )
                )
                continue
        left, missing = stock_rules.draw(lots, left, vials, day)
        shortfall += missing
        needs.append(
            DoseNeed(
                subject_number=subject.subject_number,
                label=visit.label,
                on=day,
                level_mg_per_kg=level,
                weight_kg=weight,
                vials=vials,
                covered=missing == 0,
                from_order=order.order_number if order is not None else None,
            )
        )
    return CoverageForecast(
        protocol_id=protocol.id,
        start=start,
        end=end,
        needs=tuple(needs),
        vials_usable=sum(lot.on_hand for lot in lots),
        shortfall=shortfall,
        notes=tuple(notes),
    )


def coverage(uow: UnitOfWork, *, protocol_id: str, today: date | None = None) -> CoverageForecast:
    """Will usable stock cover the booked and planned doses of the protocol's next `cover_days` days?

    Each dose is estimated from the subject's current dose level and latest weight with the dosing core (or
    taken from its order when one is already written and not yet prepared).
    """
    protocol = _protocol(protocol_id)
    with uow:
        return _coverage(uow.session, protocol, today or _local_today(uow))


def _protocols_in_use(session: Session) -> list[str]:
    ids = set(session.execute(select(Lot.protocol_id).distinct()).scalars())
    ids |= set(
        session.execute(
            select(ProtocolVersion.protocol_id)
            .join(Subject, Subject.protocol_version_id == ProtocolVersion.id)
            .where(Subject.status.in_([SubjectStatus.SCREENING, SubjectStatus.ON_TREATMENT]))
            .distinct()
        ).scalars()
    )
    return sorted(ids)


def stock_alerts(uow: UnitOfWork, *, today: date | None = None) -> list[StockAlert]:
    """What needs the pharmacy's attention: lots that do not reconcile, expired or expiring lots with vials on
    hand, and protocols whose usable stock will not cover the next days' booked and planned doses."""
    if today is not None:
        today = inputs.calendar_date(today, msg("The day of the alerts"))
    with uow:
        session = uow.session
        day = today or _local_today(uow)
        alerts: list[StockAlert] = []
        lots = _summaries(
            session, list(session.execute(select(Lot).order_by(Lot.expiry, Lot.lot_number)).scalars())
        )
        protocols: dict[str, Protocol | None] = {}
        for protocol_id in _protocols_in_use(session):
            try:
                protocols[protocol_id] = protocol_file(protocol_id)
            except DoseDeskError:
                protocols[protocol_id] = None
        for lot in lots:
            if not lot.reconciles:
                alerts.append(
                    StockAlert(
                        "unreconciled",
                        lot.protocol_id,
                        lot.lot_number,
                        None,
                        None,
                        lot.on_hand,
                        msg(
                            "Lot {lot} does not reconcile: {problems}",
                            lot=lot.lot_number,
                            problems=_joined(lot.problems),
                        ),
                        lot.problems,
                    )
                )
            protocol = protocols.get(lot.protocol_id)
            alert_days = protocol.stock.expiry_alert_days if protocol is not None else None
            raised = stock_rules.expiry_alert(lot.on_hand, lot.expiry, day, alert_days)
            days = lot.days_to_expiry(day)
            if raised == "expired":
                alerts.append(
                    StockAlert(
                        "expired",
                        lot.protocol_id,
                        lot.lot_number,
                        lot.expiry,
                        days,
                        lot.on_hand,
                        msg(
                            "Lot {lot} expired on {day} with {on_hand} on hand: quarantine it, then return or "
                            "destroy them.",
                            lot=lot.lot_number,
                            day=lot.expiry.isoformat(),
                            on_hand=_vials_words(lot.on_hand),
                        ),
                    )
                )
                continue
            if raised == "expiring":
                alerts.append(
                    StockAlert(
                        "expiring",
                        lot.protocol_id,
                        lot.lot_number,
                        lot.expiry,
                        days,
                        lot.on_hand,
                        msg(
                            "Lot {lot} expires on {day} (in {days} days) with {on_hand} on hand.",
                            lot=lot.lot_number,
                            day=lot.expiry.isoformat(),
                            days=days,
                            on_hand=_vials_words(lot.on_hand),
                        ),
                    )
                )
        alerts.extend(_bag_alerts(session, uow.now()))
        for protocol_id, protocol in protocols.items():
            if protocol is None:
                continue
            forecast = _coverage(session, protocol, day)
            first = forecast.first_uncovered
            if forecast.shortfall > 0 and first is not None:
                alerts.append(
                    StockAlert(
                        "cover",
                        protocol_id,
                        None,
                        first.on,
                        (first.on - day).days,
                        forecast.shortfall,
                        msg(
                            "{drug}: usable stock will not cover the booked and planned doses to {end}: "
                            "{needed} needed, {usable} usable, {short} short from {subject} {visit} on {day}.",
                            drug=protocol.drug.name,
                            end=forecast.end.isoformat(),
                            needed=_vials_words(forecast.vials_needed),
                            usable=_vials_words(forecast.vials_usable),
                            short=_vials_words(forecast.shortfall),
                            subject=first.subject_number,
                            visit=first.label,
                            day=first.on.isoformat(),
                        ),
                    )
                )
        return alerts


def _bag_alerts(session: Session, now: datetime) -> list[StockAlert]:
    """Prepared bags not yet hung whose use-before time is near (the protocol's warning minutes) or passed."""
    from app.services.queries import bag_in_use  # the read models know which bag of an order is in use

    alerts: list[StockAlert] = []
    orders = session.execute(
        select(InfusionOrder)
        .where(InfusionOrder.status.in_((OrderStatus.PREPARED, OrderStatus.CHECKED)))
        .options(
            selectinload(InfusionOrder.bags),
            selectinload(InfusionOrder.subject),
            selectinload(InfusionOrder.visit),
            selectinload(InfusionOrder.protocol_version),
        )
        .order_by(InfusionOrder.id)
    ).scalars()
    for order in orders:
        bag = bag_in_use(order)
        if bag is None:
            continue
        try:
            protocol = load_protocol(order.protocol_version.protocol_id)
        except DoseDeskError:
            continue
        state = use_before(bag.beyond_use_at, now, protocol.order_checks)
        if state.state == "ok":
            continue
        time = bag.beyond_use_at.astimezone().strftime("%Y-%m-%d %H:%M")
        if state.expired:
            kind: AlertKind = "bag_expired"
            message = msg(
                "EXPIRED — do not give: the bag of order {order} ({subject} {visit}) was to be used before "
                "{time}. Remake it or cancel the order.",
                order=order.order_number,
                subject=order.subject.subject_number,
                visit=order.visit.label,
                time=time,
            )
        else:
            kind = "bag_expiring"
            message = msg(
                "The bag of order {order} ({subject} {visit}) is to be used before {time}: {minutes} min left.",
                order=order.order_number,
                subject=order.subject.subject_number,
                visit=order.visit.label,
                time=time,
                minutes=str(state.minutes_left),
            )
        alerts.append(
            StockAlert(
                kind,
                order.protocol_version.protocol_id,
                None,
                local_date_of(bag.beyond_use_at),
                None,
                None,
                message,
                order_number=order.order_number,
                use_before=bag.beyond_use_at,
                minutes_left=state.minutes_left,
            )
        )
    return alerts


def local_date_of(moment: datetime) -> date:
    return moment.astimezone().date()
