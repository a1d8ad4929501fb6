"""Rows built from the records: visits, orders with their steps, bags and signatures, and what the reader
may see of them (blind verification withholds an order's figures).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload
from sqlalchemy.sql import ColumnElement

from app.dosing import weight_change_percent
from app.dosing.bedside import use_before
from app.dosing.dose import WARNING_TEMPLATES
from app.errors import InputError
from app.models import (
    UNVERIFIED_ORDER_STATUSES,
    Hold,
    InfusionBag,
    InfusionEventKind,
    InfusionOrder,
    InfusionOrderStep,
    OrderStatus,
    OrderStep,
    Role,
    Signature,
    SignatureMeaning,
    User,
    Visit,
)
from app.services.audit import Actor, SystemActor
from app.services.endings import visit_status_words
from app.services.protocols import protocol_file
from app.services.queries.rows import (
    _FIGURE_WARNINGS,
    CRITERIA_OVERRIDE_NOTE,
    SUPERSEDED_BY_NOTE,
    WITHHELD,
    WITHHELD_FIELDS,
    WRISTBAND_PREFIX,
    BagRow,
    EventRow,
    LotRow,
    OrderRow,
    OrderStepRow,
    VisitRow,
    VisitWarningRow,
)
from app.services.reasons import recall_reason
from app.services.uow import UnitOfWork
from app.text import msg, recall

# --- builders --------------------------------------------------------------------------------------------


def visit_row(
    visit: Visit, subject_number: str, held: bool = False, warnings: Iterable[VisitWarningRow] = ()
) -> VisitRow:
    return VisitRow(
        id=visit.id,
        subject_id=visit.subject_id,
        subject_number=subject_number,
        label=visit.label,
        kind=str(visit.kind),
        cycle=visit.cycle,
        day=visit.day,
        target=visit.target_date,
        window_start=visit.window_start,
        window_end=visit.window_end,
        suggested=visit.suggested_date,
        booked=visit.booked_date,
        actual=visit.actual_date,
        status=str(visit.status),
        booking_reason=visit.booking_reason,
        status_reason=visit_status_words(
            visit.status_reason_code, visit.status_reason_params, visit.status_reason
        ),
        status_reason_code=visit.status_reason_code,
        held=held,
        warnings=tuple(warnings),
    )


def held_visit_ids(session: Session, subject_ids: Sequence[int] | None = None) -> set[int]:
    query = select(Hold.visit_id).where(Hold.end_date.is_(None))
    if subject_ids is not None:
        query = query.where(Hold.subject_id.in_(subject_ids))
    return set(session.execute(query).scalars())


def _order_signatures(session: Session, order_ids: Sequence[int]) -> dict[tuple[int, str], Signature]:
    """The latest signature of each meaning on each order (bags' signatures count for their order)."""
    if not order_ids:
        return {}
    found: dict[tuple[int, str], Signature] = {}
    rows = session.execute(
        select(Signature)
        .where(Signature.record_table == InfusionOrder.__tablename__, Signature.record_id.in_(order_ids))
        .order_by(Signature.id)
    ).scalars()
    for signature in rows:
        found[(signature.record_id, str(signature.meaning))] = signature
    return found


def _name(user: User | None) -> str | None:
    return user.full_name if user is not None else None


def superseded_by(order: InfusionOrder) -> str | None:
    """The number of the order that replaced this cancelled one, if one did."""
    for step in order.steps:
        if step.step == OrderStep.CANCELLED and step.note and step.note.startswith(SUPERSEDED_BY_NOTE):
            return step.note[len(SUPERSEDED_BY_NOTE) :].strip() or None
    return None


def criteria_override(order: InfusionOrder) -> str | None:
    """The investigator's reason to prescribe with the criteria to treat not met (and which were not), if any."""
    for step in order.steps:
        if step.step == OrderStep.PRESCRIBED and step.note and step.note.startswith(CRITERIA_OVERRIDE_NOTE):
            return step.note[len(CRITERIA_OVERRIDE_NOTE) :]
    return None


def bag_in_use(order: InfusionOrder) -> InfusionBag | None:
    """The order's latest bag not wasted (None: no bag made, or every bag wasted)."""
    usable = [bag for bag in order.bags if bag.wasted_at is None]
    return max(usable, key=lambda bag: bag.number) if usable else None


def order_makers(order: InfusionOrder) -> set[int]:
    """Who made or prescribed the order (they have seen its figures)."""
    makers = {step.user_id for step in order.steps if step.step in (OrderStep.CREATED, OrderStep.PRESCRIBED)}
    if order.prescribed_by_id is not None:
        makers.add(order.prescribed_by_id)
    return makers


def wristband_code(subject_number: str) -> str:
    """What the barcode of the subject's wristband or ID card holds (the subject number, marked as an ID)."""
    return WRISTBAND_PREFIX + subject_number.strip()


class Viewer:
    """Who reads: the unit of work's user, told once per read whether they may still verify orders."""

    def __init__(self, session: Session, actor: Actor | None) -> None:
        user = session.get(User, actor.id) if actor is not None and actor.id is not None else None
        self.user_id = user.id if user is not None else None
        # A read without a user (a command run without --user) could be anyone: it sees unverified orders blind.
        self.could_verify = user is None or user.has_role(Role.PHARMACIST)

    def blind_to(self, order: InfusionOrder) -> bool:
        """Whether `order`'s figures are withheld from this viewer: not yet verified, and they could verify it."""
        if order.status not in UNVERIFIED_ORDER_STATUSES or not self.could_verify:
            return False
        return self.user_id is None or self.user_id not in order_makers(order)


def viewer(session: Session, actor: Actor | None) -> Viewer:
    return Viewer(session, actor)


def reader_language(uow: UnitOfWork, username: str) -> str | None:
    """The window language the user named `username` chose for themselves ("en", "zh"), None when they chose
    none (or there is no such user: `reader` says so)."""
    with uow:
        return uow.session.execute(
            select(User.language).where(func.lower(User.username) == username.strip().lower())
        ).scalar_one_or_none()


def reader(uow: UnitOfWork, username: str | None) -> Actor | None:
    """The user named `username` as who reads (a headless command's `--user`; None without one). Only what they
    may see is shown: nothing is signed or changed as them."""
    if username is None:
        return None
    with uow:
        user = uow.session.execute(
            select(User).where(func.lower(User.username) == username.strip().lower())
        ).scalar_one_or_none()
        if user is None or not user.active:
            raise InputError(msg("There is no active user named {name}.", name=repr(username.strip())))
        return SystemActor(user.full_name, id=user.id)


def withhold_audit_value(field: str | None, value: str | None) -> str | None:
    """An audit value of a blinded order's record with its figures withheld: a withheld column's value, or the
    withheld columns of a created record's JSON, become `WITHHELD`."""
    if value is None:
        return None
    if field is not None:
        return WITHHELD if field in WITHHELD_FIELDS else value
    text = value.strip()
    if not text.startswith("{"):
        return value
    try:
        data = json.loads(text)
    except ValueError:
        return value
    if not isinstance(data, dict):
        return value
    hidden = {
        key: (WITHHELD if key in WITHHELD_FIELDS and item is not None else item) for key, item in data.items()
    }
    return json.dumps(hidden, ensure_ascii=False, separators=(",", ":"))


def blinded_order_ids(session: Session, actor: Actor | None) -> set[int]:
    """The ids of the orders whose figures are withheld from `actor` now (for the audit trail's views)."""
    seen = viewer(session, actor)
    if not seen.could_verify:
        return set()
    orders = session.execute(
        select(InfusionOrder)
        .where(InfusionOrder.status.in_(UNVERIFIED_ORDER_STATUSES))
        .options(selectinload(InfusionOrder.steps))
    ).scalars()
    return {order.id for order in orders if seen.blind_to(order)}


def _warnings(order: InfusionOrder, blinded: bool) -> tuple[str, ...]:
    shown = []
    for line in order.warnings.splitlines():
        if not line.strip():
            continue
        if blinded and warning_names_dose(line):
            continue
        shown.append(recall(line, WARNING_TEMPLATES))
    return tuple(shown)


def warning_names_dose(line: str) -> bool:
    """Whether a stored soft-limit warning names the dose (a final concentration, with the final dose), or is
    not recognised: withheld from a blind verifier. The weight warnings name only the weight, an input."""
    template = getattr(recall(line, WARNING_TEMPLATES), "template", None)
    return template is None or template in _FIGURE_WARNINGS


def _bag_row(bag: InfusionBag, users: dict[int, User]) -> BagRow:
    return BagRow(
        number=bag.number,
        prepared_by=_name(users.get(bag.prepared_by_id)) or "",
        prepared_at=bag.prepared_at,
        beyond_use_at=bag.beyond_use_at,
        beyond_use_storage=str(bag.beyond_use_storage),
        lots=tuple(
            LotRow(line.lot_number, line.lot_expiry, line.vials, line.volume_drawn_ml) for line in bag.lines
        ),
        checked_by=_name(users.get(bag.checked_by_id)) if bag.checked_by_id is not None else None,
        checked_at=bag.checked_at,
        tare_g=bag.tare_g,
        weighed_g=bag.weighed_g,
        expected_g=bag.expected_g,
        wasted_at=bag.wasted_at,
        waste_reason_code=bag.waste_reason_code,
        waste_note=bag.waste_note,
    )


def held_subjects_of(session: Session, subject_ids: Iterable[int]) -> set[int]:
    ids = sorted(set(subject_ids))
    if not ids:
        return set()
    return set(
        session.execute(
            select(Hold.subject_id).where(Hold.subject_id.in_(ids), Hold.end_date.is_(None))
        ).scalars()
    )


def order_rows(
    session: Session,
    orders: Sequence[InfusionOrder],
    actor: Actor | None = None,
    *,
    now: datetime | None = None,
) -> list[OrderRow]:
    """Rows for these orders as `actor` may see them (figures withheld from a possible verifier), their
    signatures read in one query; `now` (default the clock) places each bag against its use-before time."""
    signatures = _order_signatures(session, [o.id for o in orders])
    users = {u.id: u for u in session.execute(select(User)).scalars()} if orders else {}
    seen = viewer(session, actor)
    held = held_subjects_of(session, (o.subject_id for o in orders))
    moment = now or datetime.now(UTC)
    rows = []
    for order in orders:
        subject = order.subject
        visit = order.visit
        version = order.protocol_version
        blinded = seen.blind_to(order)
        bag = bag_in_use(order)
        try:
            protocol = protocol_file(version.protocol_id)
        except InputError:
            protocol = None

        def signer(
            meaning: SignatureMeaning, fallback: int | None, order: InfusionOrder = order
        ) -> str | None:
            signature = signatures.get((order.id, str(meaning)))
            if signature is not None:
                return signature.printed_name
            return _name(users.get(fallback)) if fallback is not None else None

        def hidden(value: Any, blinded: bool = blinded) -> Any:
            return None if blinded else value

        state = None
        if (
            bag is not None
            and order.status in (OrderStatus.PREPARED, OrderStatus.CHECKED)
            and protocol is not None
        ):
            state = use_before(bag.beyond_use_at, moment, protocol.order_checks)
        created = next((step for step in order.steps if step.step == OrderStep.CREATED), None)
        started = order.started_at
        end = None
        if started is not None:
            paused = sum(
                (e.ended_at - e.started_at).total_seconds()
                for e in order.events
                if e.kind == InfusionEventKind.INTERRUPTION and e.ended_at is not None
            )
            end = started + timedelta(minutes=order.infusion_minutes, seconds=paused)
        reaction_terms = protocol.toxicity.terms.get("infusion_reaction", ()) if protocol is not None else ()
        rows.append(
            OrderRow(
                id=order.id,
                order_number=order.order_number,
                status=str(order.status),
                superseded_by=superseded_by(order),
                subject_id=subject.id,
                subject_number=subject.subject_number,
                initials=subject.initials,
                birth_date=subject.birth_date,
                allergies=subject.allergies or "",
                visit_id=visit.id,
                visit_label=visit.label,
                cycle=visit.cycle or 0,
                day=visit.day or 0,
                planned_date=order.planned_date,
                created_at=order.created_at,
                protocol_id=version.protocol_id,
                protocol_version=version.version,
                protocol_signed_off=version.signed_off,
                weight_id=order.weight_id,
                weight_kg=order.weight_kg,
                weight_measured_on=order.weight_measured_on,
                baseline_weight_kg=subject.baseline_weight_kg,
                weight_change_percent=weight_change_percent(order.weight_kg, subject.baseline_weight_kg),
                dose_level_mg_per_kg=order.dose_level_mg_per_kg,
                calculated_dose_mg=hidden(order.calculated_dose_mg),
                final_dose_mg=hidden(order.final_dose_mg),
                concentration_mg_per_ml=order.concentration_mg_per_ml,
                volume_to_draw_ml=hidden(order.volume_to_draw_ml),
                vials=hidden(order.vials),
                waste_mg=hidden(order.waste_mg),
                bag_volume_ml=order.bag_volume_ml,
                final_concentration_mg_per_ml=hidden(order.final_concentration_mg_per_ml),
                infusion_minutes=order.infusion_minutes,
                reduction_reason=recall_reason(order.reduction_reason) if order.reduction_reason else None,
                warnings=_warnings(order, blinded),
                warnings_acknowledged=order.warnings_acknowledged,
                acknowledgement_reason=hidden(order.acknowledgement_reason),
                prescribed_by=signer(SignatureMeaning.PRESCRIBED, order.prescribed_by_id),
                prescribed_at=order.prescribed_at,
                verified_by=signer(SignatureMeaning.VERIFIED, order.verified_by_id),
                verified_at=order.verified_at,
                prepared_by=(
                    _name(users.get(bag.prepared_by_id))
                    if bag is not None
                    else signer(SignatureMeaning.PREPARED, order.prepared_by_id)
                ),
                prepared_at=bag.prepared_at if bag is not None else order.prepared_at,
                beyond_use_at=bag.beyond_use_at if bag is not None else order.beyond_use_at,
                beyond_use_storage=(
                    str(bag.beyond_use_storage)
                    if bag is not None
                    else (str(order.beyond_use_storage) if order.beyond_use_storage else None)
                ),
                administration_started_at=order.administration_started_at,
                administration_ended_at=order.administration_ended_at,
                administered_by=order.administered_by,
                administration_recorded_by=signer(
                    SignatureMeaning.ADMINISTERED, order.administration_recorded_by_id
                ),
                cancelled_at=order.cancelled_at,
                cancelled_by=_name(users.get(order.cancelled_by_id)) if order.cancelled_by_id else None,
                cancel_reason=recall_reason(order.cancel_reason) if order.cancel_reason else None,
                lots=tuple(
                    LotRow(line.lot_number, line.lot_expiry, line.vials, line.volume_drawn_ml)
                    for line in (bag.lines if bag is not None else order.preparation_lines)
                ),
                steps=tuple(
                    OrderStepRow(
                        str(step.step),
                        _name(users.get(step.user_id)) or "",
                        step.at,
                        step.signature_id is not None,
                        step.note,
                        step.signature.printed_name if step.signature is not None else None,
                    )
                    for step in order.steps
                ),
                criteria_override=criteria_override(order),
                blinded=blinded,
                created_by=_name(users.get(created.user_id)) if created is not None else None,
                checked_by=(
                    _name(users.get(bag.checked_by_id))
                    if bag is not None and bag.checked_by_id is not None
                    else None
                ),
                checked_at=bag.checked_at if bag is not None else None,
                bag_number=bag.number if bag is not None else None,
                bags=tuple(_bag_row(b, users) for b in order.bags),
                use_before_state=state.state if state is not None else None,
                use_before_minutes=state.minutes_left if state is not None else None,
                started_at=started,
                started_by=_name(users.get(order.started_by_id)) if order.started_by_id else None,
                planned_end=end,
                ended_at=order.ended_at,
                ended_by=_name(users.get(order.ended_by_id)) if order.ended_by_id else None,
                volume_given_ml=order.volume_given_ml,
                dose_given_mg=order.dose_given_mg,
                stop_reason_code=order.stop_reason_code,
                stop_reason=order.stop_reason,
                cancel_reason_code=order.cancel_reason_code,
                events=tuple(
                    EventRow(
                        id=e.id,
                        kind=str(e.kind),
                        at=e.started_at,
                        until=e.ended_at,
                        grade=e.grade,
                        note=e.note,
                        recorded_by=_name(users.get(e.recorded_by_id)) or "",
                        toxicity_id=e.toxicity_id,
                    )
                    for e in order.events
                ),
                held=subject.id in held,
                reaction_term=reaction_terms[0] if reaction_terms else None,
            )
        )
    return rows


def order_row(
    session: Session, order: InfusionOrder, actor: Actor | None = None, *, now: datetime | None = None
) -> OrderRow:
    return order_rows(session, [order], actor, now=now)[0]


def _orders(
    session: Session,
    *conditions: ColumnElement[bool],
    order_by: Sequence[ColumnElement[Any] | InstrumentedAttribute[Any]] = (),
) -> list[InfusionOrder]:
    """Orders matching `conditions`, with everything a row needs loaded in a few queries."""
    query = (
        select(InfusionOrder)
        .options(
            selectinload(InfusionOrder.subject),
            selectinload(InfusionOrder.visit),
            selectinload(InfusionOrder.protocol_version),
            selectinload(InfusionOrder.steps).selectinload(InfusionOrderStep.signature),
            selectinload(InfusionOrder.preparation_lines),
            selectinload(InfusionOrder.bags).selectinload(InfusionBag.lines),
            selectinload(InfusionOrder.events),
        )
        .where(*conditions)
        .order_by(*order_by, InfusionOrder.id)
    )
    return list(session.execute(query).scalars())
