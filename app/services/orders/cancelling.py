"""Cancelling an order with a coded reason and a signature, and the open orders following a decision
(a hold, a reduction, the end of treatment).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dosing.order_codes import (
    CHOSEN_CANCEL_REASONS,
    DETAIL_REQUIRED,
    CancelReason,
)
from app.errors import InputError
from app.models import (
    OPEN_ORDER_STATUSES,
    InfusionOrder,
    OrderStatus,
    OrderStep,
    SignatureMeaning,
    Subject,
    User,
)
from app.services._common import (
    optional_text,
    require_any_role,
)
from app.services.orders._base import (
    CANCELLERS,
    _load_order,
    _new_order,
    _order_status,
    _plan,
    _result,
    _step,
)
from app.services.orders.preparation import _waste_bag
from app.services.protocols import protocol_file
from app.services.queries import (
    OPEN_ORDER,
    OrderRow,
    bag_in_use,
)
from app.services.reasons import reason as audit_reason
from app.services.signatures import prove_password, sign
from app.services.uow import UnitOfWork
from app.text import msg

# --- cancelling ----------------------------------------------------------------------------------------------


def _cancel(
    uow: UnitOfWork,
    user: User,
    order: InfusionOrder,
    code: CancelReason,
    reason: str | None,
    note: str | None = None,
    password: str | None = None,
) -> None:
    """Cancel one open order (inside `uow.acting`); a bag already made is recorded as waste with its lots.
    With `password`, the cancellation is signed."""
    if order.status not in OPEN_ORDER_STATUSES:
        raise InputError(
            msg(
                "Order {order} is {status}: it cannot be cancelled.",
                order=order.order_number,
                status=_order_status(order.status),
            )
        )
    now = uow.now()
    bag = bag_in_use(order) if order.status in (OrderStatus.PREPARED, OrderStatus.CHECKED) else None
    if bag is not None:
        why = audit_reason("bag_wasted_cancelled", number=order.order_number, bag=str(bag.number))
        _waste_bag(uow, user, order, bag, code.value, reason, why)
    order.cancelled_at = now
    order.cancelled_by_id = user.id
    order.cancel_reason_code = code.value
    order.cancel_reason = reason
    signature = None
    if password is not None:
        uow.session.flush()
        signature = sign(uow, user, password, SignatureMeaning.CANCELLED, order)
    order.status = OrderStatus.CANCELLED
    _step(order, OrderStep.CANCELLED, user, now, signature, note or reason)


def cancel_order(
    uow: UnitOfWork, order_id: int, password: str, *, reason: str, detail: str | None = None
) -> OrderRow:
    """Cancel an order at any step before it is started, with a reason code (one of
    `app.dosing.order_codes.CHOSEN_CANCEL_REASONS`; "other" needs the `detail`) and the canceller's
    e-signature (an investigator or pharmacist)."""
    try:
        code = CancelReason(reason)
    except ValueError:
        code = None
    if code is None or code not in CHOSEN_CANCEL_REASONS:
        raise InputError(msg("Choose why the order is cancelled."))
    text = optional_text(detail)
    if code in DETAIL_REQUIRED and text is None:
        raise InputError(msg("Say why the order is cancelled."))
    prove_password(uow, password)
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *CANCELLERS)
        order = _load_order(session, order_id)
        with uow.acting(user, audit_reason("order_cancelled", number=order.order_number)):
            _cancel(uow, user, order, code, text, password=password)
        result = _result(uow, order)
        uow.commit()
        return result


# --- orders following a decision (used by the toxicity service) ------------------------------------------


def open_orders(session: Session, subject: Subject) -> list[InfusionOrder]:
    return list(
        session.execute(
            select(InfusionOrder)
            .where(InfusionOrder.subject_id == subject.id, InfusionOrder.status.in_(OPEN_ORDER))
            .order_by(InfusionOrder.planned_date, InfusionOrder.id)
        ).scalars()
    )


def cancel_open_orders(
    uow: UnitOfWork,
    user: User,
    subject: Subject,
    reason: str,
    code: CancelReason = CancelReason.TREATMENT_HELD,
) -> list[str]:
    """Cancel every open order of the subject with `reason` (a hold, a discontinuation: `code`); their
    numbers."""
    cancelled = []
    with uow.acting(user, reason):
        for order in open_orders(uow.session, subject):
            _cancel(uow, user, order, code, reason)
            cancelled.append(order.order_number)
    return cancelled


def orders_follow_new_level(
    uow: UnitOfWork, user: User, subject: Subject, reason: str
) -> list[tuple[str, str | None]]:
    """After a reduction, the subject's open orders follow the new level.

    Orders not yet verified (draft, prescribed) are superseded: cancelled with the reason and replaced by a draft
    at the new level on the same weight and day (an acknowledgement carried over only for the same warnings).
    Orders verified or prepared at the old level are cancelled: a new order must be made and checked.
    Returns (cancelled order number, replacing order number or None).
    """
    session = uow.session
    results: list[tuple[str, str | None]] = []
    with uow.acting(user, reason):
        for order in open_orders(session, subject):
            replacement: InfusionOrder | None = None
            if order.status in (OrderStatus.DRAFT, OrderStatus.PRESCRIBED):
                _cancel(
                    uow,
                    user,
                    order,
                    CancelReason.DOSE_LEVEL_CHANGED,
                    reason,
                    audit_reason("dose_level_changed"),
                )
                session.flush()
                try:
                    replacement = _replace(uow, user, order)
                except InputError:
                    replacement = None  # e.g. the weight is too old by now: a new order is made by hand
                if replacement is not None:
                    order.steps[-1].note = audit_reason("superseded_by", number=replacement.order_number)
            else:
                _cancel(
                    uow,
                    user,
                    order,
                    CancelReason.DOSE_LEVEL_CHANGED,
                    f"{reason} (it was checked at the old level: make a new order)",
                )
            results.append((order.order_number, replacement.order_number if replacement else None))
    return results


def _replace(uow: UnitOfWork, user: User, old: InfusionOrder) -> InfusionOrder:
    """A draft at the subject's new level replacing `old`; InputError when none can be made."""
    subject = old.subject
    level = subject.current_dose_level_mg_per_kg
    if level is None:
        raise InputError(msg("{subject} has no current dose level.", subject=subject.subject_number))
    protocol = protocol_file(subject.protocol_version.protocol_id)
    plan, _weight = _plan(uow.session, protocol, subject, level, old.planned_date)
    carried = None
    acknowledged = set(old.warnings.splitlines()) if old.warnings_acknowledged else set()
    if plan.warnings and {w.message for w in plan.warnings} <= acknowledged and old.acknowledgement_reason:
        carried = f"{old.acknowledgement_reason} (acknowledged on order {old.order_number})"
    return _new_order(
        uow,
        user,
        old.visit,
        old.planned_date,
        carried,
        note=audit_reason("replaces_order", number=old.order_number),
    )
