"""At the bedside: the nurse's start with the scans, interruptions, reactions and the end of the infusion."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from app.dosing import (
    format_quantity,
)
from app.dosing.bedside import dose_given
from app.dosing.order_codes import (
    StopReason,
)
from app.errors import InputError
from app.models import (
    GIVEN_ORDER_STATUSES,
    InfusionEvent,
    InfusionEventKind,
    InfusionOrder,
    OrderStatus,
    OrderStep,
    Role,
    SignatureMeaning,
    SubjectStatus,
    Toxicity,
    VisitStatus,
)
from app.services._common import (
    load,
    local_date,
    optional_text,
    require_any_role,
    require_reason,
)
from app.services.orders._base import (
    GIVERS,
    REACTION_RECORDERS,
    _current_bag,
    _expect,
    _load_order,
    _moment,
    _order_status,
    _protocol,
    _refuse_expired,
    _refuse_if_held,
    _result,
    _step,
    _visit_status,
    _when,
)
from app.services.queries import (
    OrderRow,
    wristband_code,
)
from app.services.reasons import reason as audit_reason
from app.services.signatures import prove_password, sign
from app.services.uow import UnitOfWork
from app.services.visits import OPEN, rederive_calendar
from app.text import msg

# --- at the bedside ------------------------------------------------------------------------------------------


def _same_code(scanned: str, *expected: str) -> bool:
    typed = " ".join((scanned or "").split()).upper()
    return bool(typed) and any(typed == " ".join(code.split()).upper() for code in expected)


def start_infusion(
    uow: UnitOfWork,
    order_id: int,
    password: str,
    *,
    bag_code: str,
    subject_code: str,
    started_at: datetime | None = None,
) -> OrderRow:
    """The nurse who gives it signs the start of a checked bag's infusion (default: now).

    The bag label's barcode (the order number) and the subject's identifier (the subject number, as on the
    wristband DoseDesk prints) are scanned or typed: either not the order's refuses the start. Refused before the
    product check, past the bag's use-before time, with a weight too old for the day, while treatment is held.
    The visit becomes done on the start date and the calendar follows; the first dose starts treatment (C1D1).
    """
    prove_password(uow, password)
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *GIVERS)
        order = _load_order(session, order_id)
        if order.status == OrderStatus.PREPARED:
            raise InputError(
                msg(
                    "The bag of order {order} has not had its product check: a second pharmacist releases it "
                    "first.",
                    order=order.order_number,
                )
            )
        _expect(order, OrderStatus.CHECKED, msg("start it"))
        subject = order.subject
        visit = order.visit
        protocol = _protocol(order)
        if not _same_code(bag_code, order.order_number):
            raise InputError(
                msg(
                    "The bag scanned ({code}) is not the bag of order {order}: do not hang it. Scan the label on "
                    "the bag for this patient.",
                    code=" ".join((bag_code or "").split()) or "—",
                    order=order.order_number,
                )
            )
        if not _same_code(subject_code, subject.subject_number, wristband_code(subject.subject_number)):
            raise InputError(
                msg(
                    "The identifier scanned ({code}) is not that of subject {subject}, for whom order {order} "
                    "was made: check the patient's wristband.",
                    code=" ".join((subject_code or "").split()) or "—",
                    subject=subject.subject_number,
                    order=order.order_number,
                )
            )
        start = _moment(uow, started_at, msg("The start time"))
        bag = _current_bag(order)
        if bag.checked_at is not None and start < bag.checked_at:
            raise InputError(msg("The infusion cannot start before the bag was checked ({time}).",
                                 time=_when(bag.checked_at)))  # fmt: skip
        _refuse_expired(uow, order, bag, start)
        given_on = local_date(start)
        age = (given_on - order.weight_measured_on).days
        if age > protocol.dosing.weight_max_age_days:
            raise InputError(
                msg(
                    "The weight of {weighed} is {days} days old on {given}, more than the {most} days allowed: "
                    "cancel the order and weigh the patient again.",
                    weighed=order.weight_measured_on.isoformat(),
                    days=str(age),
                    given=given_on.isoformat(),
                    most=str(protocol.dosing.weight_max_age_days),
                )
            )
        _refuse_if_held(session, subject)
        if visit.status not in OPEN:
            raise InputError(
                msg(
                    "{visit} is {status}: the dose cannot be recorded on it.",
                    visit=visit.label,
                    status=_visit_status(visit.status),
                )
            )
        with uow.acting(user, audit_reason("order_started", number=order.order_number)):
            order.started_at = start
            order.started_by_id = user.id
            session.flush()
            signature = sign(uow, user, password, SignatureMeaning.STARTED, order)
            order.status = OrderStatus.STARTED
            _step(order, OrderStep.STARTED, user, signature.signed_at, signature, None)
            visit.status = VisitStatus.DONE
            visit.actual_date = given_on
            if subject.c1d1 is None:
                subject.c1d1 = given_on
                subject.status = SubjectStatus.ON_TREATMENT
        rederive_calendar(uow, subject, audit_reason("calendar_after_given", label=visit.label))
        result = _result(uow, order)
        uow.commit()
        return result


def _open_interruption(order: InfusionOrder) -> InfusionEvent | None:
    return next(
        (e for e in order.events if e.kind == InfusionEventKind.INTERRUPTION and e.ended_at is None), None
    )


def interruption_minutes(order: InfusionOrder) -> int:
    """Whole minutes the infusion stood still (interruptions ended)."""
    seconds = sum(
        (event.ended_at - event.started_at).total_seconds()
        for event in order.events
        if event.kind == InfusionEventKind.INTERRUPTION and event.ended_at is not None
    )
    return int(seconds // 60)


def planned_end(order: InfusionOrder) -> datetime | None:
    """When a started infusion should end: its start + its duration + its interruptions."""
    if order.started_at is None:
        return None
    return order.started_at + timedelta(minutes=order.infusion_minutes + interruption_minutes(order))


def record_interruption(
    uow: UnitOfWork,
    order_id: int,
    *,
    note: str,
    started_at: datetime | None = None,
    ended_at: datetime | None = None,
) -> OrderRow:
    """The nurse records that the running infusion was paused (from `started_at`, default now; `ended_at` when
    it ran again, or later with `end_interruption`), and why."""
    why = require_reason(note, msg("An interruption"))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *GIVERS)
        order = _load_order(session, order_id)
        _expect(order, OrderStatus.STARTED, msg("record an interruption"))
        if _open_interruption(order) is not None:
            raise InputError(msg("The infusion is already paused: record when it ran again first."))
        start = _moment(uow, started_at, msg("The interruption"))
        end = _moment(uow, ended_at, msg("The end of the interruption")) if ended_at is not None else None
        if order.started_at is not None and start < order.started_at:
            raise InputError(msg("The interruption cannot start before the infusion did."))
        if end is not None and end <= start:
            raise InputError(msg("The infusion ran again after it was paused, not before."))
        with uow.acting(user, audit_reason("infusion_interrupted", number=order.order_number)):
            order.events.append(
                InfusionEvent(
                    kind=InfusionEventKind.INTERRUPTION,
                    started_at=start,
                    ended_at=end,
                    note=why,
                    recorded_by_id=user.id,
                    recorded_at=uow.now(),
                )
            )
        result = _result(uow, order)
        uow.commit()
        return result


def end_interruption(uow: UnitOfWork, order_id: int, *, ended_at: datetime | None = None) -> OrderRow:
    """The paused infusion runs again (default now)."""
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *GIVERS)
        order = _load_order(session, order_id)
        _expect(order, OrderStatus.STARTED, msg("run it again"))
        event = _open_interruption(order)
        if event is None:
            raise InputError(msg("The infusion of order {order} is not paused.", order=order.order_number))
        end = _moment(uow, ended_at, msg("The end of the interruption"))
        if end <= event.started_at:
            raise InputError(msg("The infusion ran again after it was paused, not before."))
        with uow.acting(user, audit_reason("infusion_resumed", number=order.order_number)):
            event.ended_at = end
        result = _result(uow, order)
        uow.commit()
        return result


def record_reaction(
    uow: UnitOfWork, order_id: int, *, note: str, grade: int | None = None, at: datetime | None = None
) -> OrderRow:
    """An infusion reaction seen during (or just after) the infusion: what was seen, when, its grade if told.

    It is offered to the investigator as a toxicity (`OrderRow.reactions_to_record`), with the CTCAE term of
    the protocol's infusion-reaction key, and later infusions of the subject take the first-dose duration.
    """
    what = require_reason(note, msg("An infusion reaction"))
    if grade is not None and (isinstance(grade, bool) or not isinstance(grade, int) or not 1 <= grade <= 5):
        raise InputError(msg("A CTCAE grade is 1 to 5."))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *REACTION_RECORDERS)
        order = _load_order(session, order_id)
        if order.status not in GIVEN_ORDER_STATUSES:
            raise InputError(
                msg(
                    "Order {order} is {status}: a reaction is recorded on an infusion that was started.",
                    order=order.order_number,
                    status=_order_status(order.status),
                )
            )
        when = _moment(uow, at, msg("The reaction"))
        if order.started_at is not None and when < order.started_at:
            raise InputError(msg("The reaction cannot come before the infusion started."))
        with uow.acting(user, audit_reason("infusion_reaction", number=order.order_number)):
            order.events.append(
                InfusionEvent(
                    kind=InfusionEventKind.REACTION,
                    started_at=when,
                    grade=grade,
                    note=what,
                    recorded_by_id=user.id,
                    recorded_at=uow.now(),
                )
            )
        result = _result(uow, order)
        uow.commit()
        return result


def link_reaction(uow: UnitOfWork, event_id: int, toxicity_id: int) -> OrderRow:
    """The toxicity the investigator recorded from a bedside reaction, linked to it (it is then no longer
    offered)."""
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, Role.INVESTIGATOR)
        event = load(session, InfusionEvent, event_id, msg("infusion reaction"))
        toxicity = load(session, Toxicity, toxicity_id, msg("toxicity"))
        order = event.order
        if event.kind != InfusionEventKind.REACTION:
            raise InputError(msg("Only an infusion reaction is recorded as a toxicity."))
        if toxicity.subject_id != order.subject_id:
            raise InputError(msg("That toxicity is another subject's."))
        if event.toxicity_id is not None and event.toxicity_id != toxicity.id:
            raise InputError(msg("This reaction is recorded as a toxicity already."))
        with uow.acting(user, audit_reason("reaction_recorded_as_toxicity", number=order.order_number)):
            event.toxicity_id = toxicity.id
        result = _result(uow, order)
        uow.commit()
        return result


def stop_infusion(
    uow: UnitOfWork,
    order_id: int,
    password: str,
    *,
    ended_at: datetime | None = None,
    volume_given_ml: Decimal | None = None,
    reason: str | None = None,
    note: str | None = None,
) -> OrderRow:
    """The nurse signs the end of the infusion (default now; it may be recorded later).

    Without `volume_given_ml`, or with the bag's whole volume, the infusion is completed: the dose given is the
    final dose. With less, it was stopped early: `reason` (a code of `app.dosing.order_codes.StopReason`; the
    `note` says more, and must for "other") is recorded with the volume given, and the dose given follows the
    volume. An interruption still open ends with it.
    """
    if volume_given_ml is not None and (
        not isinstance(volume_given_ml, Decimal) or not volume_given_ml.is_finite() or volume_given_ml < 0
    ):
        raise InputError(msg("Give the volume given in mL."))
    detail = optional_text(note)
    prove_password(uow, password)
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *GIVERS)
        order = _load_order(session, order_id)
        _expect(order, OrderStatus.STARTED, msg("stop it"))
        end = _moment(uow, ended_at, msg("The end of the infusion"))
        if order.started_at is not None and end <= order.started_at:
            raise InputError(msg("The infusion must end after it starts."))
        whole = order.bag_volume_ml + order.volume_to_draw_ml
        given = whole if volume_given_ml is None else volume_given_ml
        if given > whole:
            raise InputError(
                msg(
                    "The bag held {whole}: more cannot have been given.",
                    whole=format_quantity(whole, "mL"),
                )
            )
        early = given < whole
        code: StopReason | None = None
        if early:
            try:
                code = StopReason(reason or "")
            except ValueError:
                raise InputError(msg("Say why the infusion was stopped before the bag was given.")) from None
            if code == StopReason.OTHER and detail is None:
                raise InputError(msg("Say why the infusion was stopped before the bag was given."))
        meaning = SignatureMeaning.STOPPED if early else SignatureMeaning.COMPLETED
        doing = "order_stopped" if early else "order_completed"
        with uow.acting(user, audit_reason(doing, number=order.order_number)):
            paused = _open_interruption(order)
            if paused is not None:
                paused.ended_at = max(end, paused.started_at + timedelta(seconds=1))
            order.ended_at = end
            order.ended_by_id = user.id
            order.volume_given_ml = given
            order.dose_given_mg = dose_given(order.final_dose_mg, whole, given)
            order.stop_reason_code = code.value if code is not None else None
            order.stop_reason = detail if early else None
            session.flush()
            signature = sign(uow, user, password, meaning, order)
            order.status = OrderStatus.STOPPED if early else OrderStatus.COMPLETED
            step = OrderStep.STOPPED if early else OrderStep.COMPLETED
            _step(order, step, user, signature.signed_at, signature, None)
        result = _result(uow, order)
        uow.commit()
        return result
