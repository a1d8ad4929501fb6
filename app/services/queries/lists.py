"""The lists of the screens: patients, visits, orders, the pharmacy's queue and the clinic's day."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.sql import ColumnElement

from app.errors import InputError
from app.models import (
    Hold,
    InfusionOrder,
    OrderStatus,
    Subject,
    SubjectStatus,
    Visit,
    VisitKind,
    VisitStatus,
)
from app.services._common import load, local_today
from app.services.queries.builders import (
    _orders,
    held_visit_ids,
    order_rows,
    visit_row,
)
from app.services.queries.chart import _visit_warnings
from app.services.queries.rows import (
    OPEN_ORDER,
    OPEN_VISIT,
    ClinicList,
    ClinicVisitRow,
    OrderRow,
    PatientRow,
    PharmacyQueue,
    VisitRow,
)
from app.services.uow import UnitOfWork
from app.text import msg

# --- lists -----------------------------------------------------------------------------------------------


def patient_list(uow: UnitOfWork, search: str = "") -> list[PatientRow]:
    """Every subject (those whose number or initials contain `search`), by subject number."""
    with uow:
        session = uow.session
        query = select(Subject).order_by(Subject.subject_number)
        text = search.strip()
        if text:
            pattern = f"%{text.lower()}%"
            query = query.where(
                or_(
                    func.lower(Subject.subject_number).like(pattern),
                    func.lower(Subject.initials).like(pattern),
                )
            )
        subjects = list(session.execute(query).scalars())
        if not subjects:
            return []
        ids = [s.id for s in subjects]
        open_visits: dict[int, list[Visit]] = defaultdict(list)
        for visit in session.execute(
            select(Visit).where(Visit.subject_id.in_(ids), Visit.status.in_(OPEN_VISIT))
        ).scalars():
            open_visits[visit.subject_id].append(visit)
        cycles = dict(
            session.execute(
                select(Visit.subject_id, func.max(Visit.cycle))
                .where(
                    Visit.subject_id.in_(ids), Visit.kind == VisitKind.DOSE, Visit.status == VisitStatus.DONE
                )
                .group_by(Visit.subject_id)
            ).all()
        )
        held_subjects = set(
            session.execute(
                select(Hold.subject_id).where(Hold.subject_id.in_(ids), Hold.end_date.is_(None))
            ).scalars()
        )
        rows = []
        for subject in subjects:
            pending = open_visits.get(subject.id, [])
            following = min(
                pending,
                key=lambda v: (v.booked_date or v.suggested_date or v.target_date, v.id),
                default=None,
            )
            rows.append(
                PatientRow(
                    id=subject.id,
                    subject_number=subject.subject_number,
                    initials=subject.initials,
                    birth_date=subject.birth_date,
                    status=str(subject.status),
                    cycle=cycles.get(subject.id),
                    dose_level_mg_per_kg=subject.current_dose_level_mg_per_kg,
                    next_visit_id=following.id if following else None,
                    next_visit_label=following.label if following else None,
                    next_visit_date=(
                        (following.booked_date or following.suggested_date or following.target_date)
                        if following
                        else None
                    ),
                    held=subject.id in held_subjects,
                    hospital_number=subject.hospital_number,
                    language=subject.language,
                )
            )
        return rows


def list_visits(uow: UnitOfWork, subject_id: int | None = None) -> list[VisitRow]:
    """Visits of one subject, or of all, by subject number then date."""
    with uow:
        session = uow.session
        query = select(Visit, Subject.subject_number).join(Subject)
        if subject_id is not None:
            load(session, Subject, subject_id, msg("subject"))
            query = query.where(Visit.subject_id == subject_id)
        query = query.order_by(Subject.subject_number, Visit.target_date, Visit.id)
        held = held_visit_ids(session)
        return [visit_row(v, number, v.id in held) for v, number in session.execute(query).all()]


def visit_detail(uow: UnitOfWork, visit_id: int, day: date | None = None) -> VisitRow:
    """One visit, with the calendar's warnings as of `day` (default today)."""
    with uow:
        session = uow.session
        visit = load(session, Visit, visit_id, msg("visit"))
        subject = visit.subject
        warnings = _visit_warnings(subject, day or local_today(uow)).get(visit.label, ())
        return visit_row(
            visit, subject.subject_number, visit.id in held_visit_ids(session, [subject.id]), warnings
        )


def list_orders(
    uow: UnitOfWork, *, status: str | None = None, subject_id: int | None = None
) -> list[OrderRow]:
    """Orders (of one status, of one subject), oldest first."""
    with uow:
        conditions: list[ColumnElement[bool]] = []
        if status is not None:
            try:
                conditions.append(InfusionOrder.status == OrderStatus(status))
            except ValueError:
                names = ", ".join(s.value for s in OrderStatus)
                raise InputError(
                    msg(
                        "'{status}' is not an order status; the statuses are {names}.",
                        status=status,
                        names=names,
                    )
                ) from None
        if subject_id is not None:
            conditions.append(InfusionOrder.subject_id == subject_id)
        session = uow.session
        return order_rows(session, _orders(session, *conditions), uow.user, now=uow.now())


def order_detail(uow: UnitOfWork, order_id: int) -> OrderRow:
    with uow:
        session = uow.session
        order = load(session, InfusionOrder, order_id, msg("order"))
        return order_rows(session, [order], uow.user, now=uow.now())[0]


def find_order(uow: UnitOfWork, order_number: str) -> OrderRow:
    """An order by its printed number (a scanned barcode)."""
    with uow:
        session = uow.session
        order = session.execute(
            select(InfusionOrder).where(InfusionOrder.order_number == order_number.strip())
        ).scalar_one_or_none()
        if order is None:
            raise InputError(msg("There is no order numbered {number}.", number=repr(order_number.strip())))
        return order_rows(session, [order], uow.user, now=uow.now())[0]


# --- Today -----------------------------------------------------------------------------------------------


def pharmacy_queue(uow: UnitOfWork, day: date | None = None) -> PharmacyQueue:
    """Orders planned for `day` or earlier that still wait, by their next step, and the infusions running;
    with whether each order's criteria to treat are met on its planned day."""
    from app.errors import DoseDeskError
    from app.services.clinical import criteria_to_treat  # clinical reads these models: imported when used

    with uow:
        session = uow.session
        as_of = day or local_today(uow)
        orders = _orders(
            session,
            InfusionOrder.status.in_((*OPEN_ORDER, OrderStatus.STARTED)),
            InfusionOrder.planned_date <= as_of,
            order_by=(InfusionOrder.planned_date,),
        )
        rows = order_rows(session, orders, uow.user, now=uow.now())
        criteria: dict[int, bool | None] = {}
        awaiting: set[int] = set()
        for row in rows:
            if row.status == OrderStatus.STARTED:
                continue
            try:
                checked = criteria_to_treat(uow, row.visit_id, row.planned_date)
            except DoseDeskError:
                criteria[row.id] = None
                continue
            criteria[row.id] = checked.met
            if checked.awaiting_labs:
                awaiting.add(row.id)

        def having(status: OrderStatus) -> tuple[OrderRow, ...]:
            return tuple(r for r in rows if r.status == status)

        return PharmacyQueue(
            day=as_of,
            to_prescribe=having(OrderStatus.DRAFT),
            to_verify=having(OrderStatus.PRESCRIBED),
            to_prepare=having(OrderStatus.VERIFIED),
            to_check=having(OrderStatus.PREPARED),
            ready=having(OrderStatus.CHECKED),
            running=having(OrderStatus.STARTED),
            criteria_met=criteria,
            awaiting_labs=frozenset(awaiting),
        )


def clinic_list(uow: UnitOfWork, day: date | None = None) -> ClinicList:
    """The clinic's visits of `day` (default today)."""
    with uow:
        session = uow.session
        as_of = day or local_today(uow)
        visits = list(
            session.execute(
                select(Visit)
                .join(Subject)
                .where(
                    Visit.status.in_(OPEN_VISIT),
                    Subject.status.not_in((SubjectStatus.SCREEN_FAILED, SubjectStatus.OFF_STUDY)),
                    or_(
                        Visit.booked_date == as_of,
                        and_(Visit.booked_date.is_(None), Visit.window_start <= as_of),
                        and_(
                            Visit.window_end < as_of,
                            or_(Visit.booked_date.is_(None), Visit.booked_date < as_of),
                        ),
                    ),
                )
                .options(selectinload(Visit.subject))
                .order_by(Visit.window_end, Visit.id)
            ).scalars()
        )
        held = held_visit_ids(session, list({v.subject_id for v in visits}))
        open_orders: dict[int, InfusionOrder] = {}
        if visits:
            for order in session.execute(
                select(InfusionOrder)
                .where(InfusionOrder.visit_id.in_([v.id for v in visits]))
                .order_by(InfusionOrder.id)
            ).scalars():
                if order.status != OrderStatus.CANCELLED or order.visit_id not in open_orders:
                    open_orders[order.visit_id] = order
        due: list[ClinicVisitRow] = []
        booked: list[ClinicVisitRow] = []
        overdue: list[ClinicVisitRow] = []
        outside: list[ClinicVisitRow] = []
        for visit in visits:
            row = _clinic_row(visit, as_of, visit.id in held, open_orders.get(visit.id))
            if visit.booked_date == as_of:
                booked.append(row)
                if not row.in_window:
                    outside.append(row)
            elif visit.window_end < as_of:
                overdue.append(row)
            elif visit.booked_date is None and visit.window_start <= as_of:
                due.append(row)
        return ClinicList(as_of, tuple(due), tuple(booked), tuple(overdue), tuple(outside))


def _clinic_row(visit: Visit, day: date, held: bool, order: InfusionOrder | None) -> ClinicVisitRow:
    subject = visit.subject
    when = visit.booked_date
    in_window = when is None or visit.window_start <= when <= visit.window_end
    warnings: list[str] = []
    if not in_window and when is not None:
        warnings.append(
            msg(
                "Booked for {day}, outside its window {start} to {end}.",
                day=when.isoformat(),
                start=visit.window_start.isoformat(),
                end=visit.window_end.isoformat(),
            )
        )
    if visit.window_end < day and (when is None or when < day):
        warnings.append(msg("Overdue: its window ended on {day}.", day=visit.window_end.isoformat()))
    if held:
        warnings.append(msg("Treatment is held at this visit."))
    return ClinicVisitRow(
        visit_id=visit.id,
        subject_id=subject.id,
        subject_number=subject.subject_number,
        initials=subject.initials,
        birth_date=subject.birth_date,
        label=visit.label,
        kind=str(visit.kind),
        target=visit.target_date,
        window_start=visit.window_start,
        window_end=visit.window_end,
        suggested=visit.suggested_date,
        booked=visit.booked_date,
        status=str(visit.status),
        held=held,
        in_window=in_window,
        order_id=order.id if order is not None else None,
        order_status=str(order.status) if order is not None else None,
        warnings=tuple(warnings),
    )
