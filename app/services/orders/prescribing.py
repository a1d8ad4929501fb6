"""Making an order from the visit's weight and dose level, and prescribing it (docs/domain.md §7)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.errors import InputError
from app.models import (
    InfusionOrder,
    OrderStatus,
    OrderStep,
    Role,
    SignatureMeaning,
    SubjectStatus,
    Visit,
    VisitKind,
)
from app.services._calendar import first_dose_label
from app.services._common import (
    load,
    local_today,
    optional_text,
    require_any_role,
)
from app.services._words import SUBJECT_STATUS
from app.services.clinical import criteria_to_treat
from app.services.eligibility import refuse_unless_eligible
from app.services.orders._base import (
    ORDER_MAKERS,
    _expect,
    _load_order,
    _new_order,
    _planned_date,
    _protocol,
    _refuse_if_held,
    _require_signed_off,
    _result,
    _step,
    _visit_status,
)
from app.services.protocols import protocol_file
from app.services.queries import (
    OPEN_ORDER,
    OrderRow,
)
from app.services.reasons import reason as audit_reason
from app.services.signatures import prove_password, sign
from app.services.uow import UnitOfWork
from app.services.visits import OPEN
from app.text import msg
from app.toxicity.labs import lab_kind

# --- use cases: making and prescribing ---------------------------------------------------------------


def create_order(
    uow: UnitOfWork,
    visit_id: int,
    acknowledgement_reason: str | None = None,
    *,
    planned_date: date | None = None,
) -> OrderRow:
    """A draft order for a dose visit (a pharmacist or investigator), from the weight and the current level.

    `planned_date` defaults to the visit's booked or suggested day (never before today). Refused when the visit
    is not a dose still to come, already has an open order, treatment is held or not started, the weight is
    missing or too old, or a soft limit is crossed without `acknowledgement_reason`.
    """
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *ORDER_MAKERS)
        visit = load(session, Visit, visit_id, msg("visit"))
        subject = visit.subject
        protocol = protocol_file(subject.protocol_version.protocol_id)
        if visit.kind != VisitKind.DOSE:
            raise InputError(msg("{visit} is not a dose visit.", visit=visit.label))
        if visit.status not in OPEN:
            raise InputError(
                msg(
                    "{visit} is {status}: an order is made only for a dose still to come.",
                    visit=visit.label,
                    status=_visit_status(visit.status),
                )
            )
        if subject.status == SubjectStatus.SCREENING:
            if visit.label != first_dose_label(protocol):
                raise InputError(
                    msg("{subject} has not had C1D1 yet: order C1D1 first.", subject=subject.subject_number)
                )
        elif subject.status != SubjectStatus.ON_TREATMENT:
            raise InputError(
                msg(
                    "{subject} is not on treatment ({status}).",
                    subject=subject.subject_number,
                    status=SUBJECT_STATUS.get(subject.status, str(subject.status)),
                )
            )
        _refuse_if_held(session, subject)
        existing = session.execute(
            select(InfusionOrder.order_number).where(
                InfusionOrder.visit_id == visit.id, InfusionOrder.status.in_(OPEN_ORDER)
            )
        ).scalar_one_or_none()
        if existing is not None:
            raise InputError(
                msg(
                    "{visit} already has order {order}; cancel it to make a new one.",
                    visit=visit.label,
                    order=existing,
                )
            )
        planned = planned_date or _planned_date(visit, local_today(uow))
        if planned < local_today(uow):
            raise InputError(msg("An order is planned for today or a later day."))
        label = visit.label
        try:
            with uow.acting(user, audit_reason("order_made", label=label)):
                order = _new_order(uow, user, visit, planned, acknowledgement_reason)
            result = _result(uow, order)
            uow.commit()
        except IntegrityError:
            # Another workstation made an order for this visit at the same moment.
            raise InputError(
                msg(
                    "An order for {visit} was made on another workstation just now: refresh and check it.",
                    visit=label,
                )
            ) from None
        return result


def _criteria_override_note(uow: UnitOfWork, order: InfusionOrder, override_reason: str | None) -> str | None:
    """The prescribe step's note when the criteria to treat of the order's dose are not met and the
    investigator gives a reason to treat anyway; None when they are met. Refused (InputError, in plain words,
    saying which criteria) when they are not met and no reason is given.

    The criteria are checked for the order's planned date against the labs on record (docs/domain.md §6):
    a missing result, or one older than the protocol allows, does not meet its criterion.
    """
    result = criteria_to_treat(uow, order.visit_id, order.planned_date)
    if result.met:
        return None
    parts = [
        item.reason
        if item.status == "missing"
        else msg("{lab} {reason}", lab=lab_kind(item.lab).name, reason=item.reason)
        for item in result.unmet
    ]
    unmet = parts[0] if parts else ""
    for part in parts[1:]:
        unmet = msg("{first}; {second}", first=unmet, second=part)
    reason = optional_text(override_reason)
    if reason is None:
        raise InputError(
            msg(
                "The criteria to treat of {visit} on {day} are not met ({unmet}). Record current labs, or give "
                "your reason to treat anyway: it is recorded on the order. Nothing was signed.",
                visit=order.visit.label,
                day=order.planned_date.isoformat(),
                unmet=unmet,
            )
        )
    # The same English as CRITERIA_OVERRIDE_NOTE + reason + …: `criteria_override` reads the reason back.
    return audit_reason("criteria_override", reason=reason, day=order.planned_date.isoformat(), unmet=unmet)


def prescribe_order(
    uow: UnitOfWork, order_id: int, password: str, *, criteria_override_reason: str | None = None
) -> OrderRow:
    """An investigator e-signs a draft order; refused while its protocol version is not signed off.

    The dose's criteria to treat must be met on the planned date (labs on record, recent enough); when they are
    not, prescribing is refused unless the investigator gives `criteria_override_reason`, which is recorded,
    with the criteria not met, as the note of the prescribe step (audited, shown on the order and printed, and
    covered by the prescription's signature, so a later change to it shows in `dosedesk check`). A reason
    given while the criteria are met is not recorded: nothing was overridden.
    """
    prove_password(uow, password)
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, Role.INVESTIGATOR)
        order = _load_order(session, order_id)
        _expect(order, OrderStatus.DRAFT, msg("prescribe it"))
        _require_signed_off(order.protocol_version)
        subject = order.subject
        _refuse_if_held(session, subject)
        if subject.c1d1 is None and order.visit.label == first_dose_label(_protocol(order)):
            # The first dose: only for a subject signed eligible, the evidence still inside its limits that day.
            refuse_unless_eligible(session, subject, order.planned_date)
        if subject.current_dose_level_mg_per_kg != order.dose_level_mg_per_kg:
            raise InputError(
                msg(
                    "The dose level of {subject} changed since order {order} was made: cancel it and make a new "
                    "one.",
                    subject=subject.subject_number,
                    order=order.order_number,
                )
            )
        note = _criteria_override_note(uow, order, criteria_override_reason)
        doing = (
            audit_reason("order_prescribed_with_note", number=order.order_number, note=note)
            if note
            else audit_reason("order_prescribed", number=order.order_number)
        )
        with uow.acting(user, doing):
            # The prescribe step is made with the signature, so that the signature covers its note.
            signature = sign(
                uow,
                user,
                password,
                SignatureMeaning.PRESCRIBED,
                order,
                attach=lambda made: _step(order, OrderStep.PRESCRIBED, user, made.signed_at, made, note),
            )
            order.prescribed_by_id = user.id
            order.prescribed_at = signature.signed_at
            order.status = OrderStatus.PRESCRIBED
        result = _result(uow, order)
        uow.commit()
        return result
