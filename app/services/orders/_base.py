"""What every step of an order's life shares: the roles, the value types, and the checks each step makes
(held, signed off, the step expected, the bag still usable).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.dosing import (
    DosePlan,
    compute_dose,
    format_quantity,
    infusion_minutes,
    require_acknowledgement,
)
from app.dosing.bedside import use_before
from app.errors import InputError
from app.models import (
    GIVEN_ORDER_STATUSES,
    DoseLevelChange,
    Hold,
    InfusionBag,
    InfusionEvent,
    InfusionEventKind,
    InfusionOrder,
    InfusionOrderStep,
    OrderStatus,
    OrderStep,
    ProtocolVersion,
    Role,
    Signature,
    SignatureMeaning,
    Subject,
    Toxicity,
    User,
    Visit,
    VisitStatus,
)
from app.protocol import Protocol
from app.services._common import (
    load,
    require_aware,
)
from app.services._words import ORDER_STATUS, VISIT_STATUS
from app.services.clinical import latest_weight
from app.services.integrity import refuse_if_not_as_recorded
from app.services.protocols import current_version, protocol_file
from app.services.queries import (
    OrderRow,
    bag_in_use,
    order_row,
)
from app.services.reasons import reason as audit_reason
from app.services.signatures import signers
from app.services.uow import UnitOfWork
from app.text import Message, msg
from app.toxicity.rules import recall_explanation

ORDER_MAKERS = (Role.PHARMACIST, Role.INVESTIGATOR)
CANCELLERS = (Role.INVESTIGATOR, Role.PHARMACIST)
GIVERS = (Role.NURSE,)
REACTION_RECORDERS = (Role.NURSE, Role.INVESTIGATOR)

# The figures a verifier enters, in words.
_FIGURE_WORDS: dict[str, Message] = {
    "weight": msg("weight"),
    "dose level": msg("dose level"),
    "final dose": msg("final dose"),
    "volume to draw": msg("volume to draw"),
}
# A time entered up to this long ahead of the workstation's clock is "now" (clocks drift between workstations).
_CLOCK_SKEW = timedelta(minutes=2)


def _order_status(status: OrderStatus) -> str:
    return ORDER_STATUS.get(status, str(status))


def _visit_status(status: VisitStatus) -> str:
    return VISIT_STATUS.get(status, str(status))


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class LotUse:
    """Vials taken from one lot for a preparation, as printed on the vials (the lot must be in stock)."""

    lot_number: str
    expiry: date
    vials: int
    volume_drawn_ml: Decimal


@dataclass(frozen=True)
class VerificationTask:
    """What a verifier sees before recomputing: who, which dose and its inputs (the weight with the day it was
    measured, the dose level, the product and the rounding rule), never the order's figures.

    `may_verify` is False, with `why_not`, when the one asking may not verify it (who made or prescribed it)."""

    order_id: int
    order_number: str
    status: str
    subject_id: int
    subject_number: str
    initials: str
    birth_date: date
    visit_label: str
    planned_date: date
    protocol_id: str
    weight_kg: Decimal
    weight_measured_on: date
    dose_level_mg_per_kg: Decimal
    drug_name: str
    vial_strength_mg: Decimal
    reconstitution_volume_ml: Decimal
    reconstitution_diluent: str
    concentration_mg_per_ml: Decimal  # of the reconstituted solution
    volume_rounding_ml: Decimal
    rounding_text: str  # the protocol's rounding rule in words (the protocol file's own, when it has one)
    bag_diluent: str
    bag_volume_ml: Decimal
    may_verify: bool = True
    why_not: str | None = None


# --- helpers ---------------------------------------------------------------------------------------------


def _active_hold(session: Session, subject: Subject) -> Hold | None:
    return session.execute(
        select(Hold).where(Hold.subject_id == subject.id, Hold.end_date.is_(None)).order_by(Hold.id).limit(1)
    ).scalar_one_or_none()


def _refuse_if_held(session: Session, subject: Subject) -> None:
    hold = _active_hold(session, subject)
    if hold is not None:
        raise InputError(
            msg(
                "Treatment of {subject} is held since {start} ({reason}); the hold must end before a dose goes "
                "ahead.",
                subject=subject.subject_number,
                start=hold.start_date.isoformat(),
                reason=recall_explanation(hold.reason),
            )
        )


def _step(
    order: InfusionOrder,
    step: OrderStep,
    user: User,
    at: datetime,
    signature: Signature | None,
    note: str | None,
) -> None:
    order.steps.append(InfusionOrderStep(step=step, user_id=user.id, at=at, signature=signature, note=note))


def _given(session: Session, subject: Subject) -> list[InfusionOrder]:
    """The subject's infusions started (running, completed or stopped early), oldest first."""
    return list(
        session.execute(
            select(InfusionOrder)
            .where(InfusionOrder.subject_id == subject.id, InfusionOrder.status.in_(GIVEN_ORDER_STATUSES))
            .order_by(InfusionOrder.started_at, InfusionOrder.id)
        ).scalars()
    )


def _had_infusion_reaction(session: Session, protocol: Protocol, subject: Subject) -> bool:
    """A reaction recorded at the bedside, or a toxicity of the protocol's infusion-reaction terms."""
    at_bedside = session.execute(
        select(InfusionEvent.id)
        .join(InfusionOrder, InfusionOrder.id == InfusionEvent.order_id)
        .where(InfusionOrder.subject_id == subject.id, InfusionEvent.kind == InfusionEventKind.REACTION)
        .limit(1)
    ).first()
    if at_bedside is not None:
        return True
    terms = protocol.toxicity.terms.get("infusion_reaction", ())
    if not terms:
        return False
    return (
        session.execute(
            select(Toxicity.id)
            .where(
                Toxicity.subject_id == subject.id,
                Toxicity.cancelled.is_(False),
                Toxicity.ctcae_term.in_(terms),
            )
            .limit(1)
        ).first()
        is not None
    )


def _reduction_reason(session: Session, subject: Subject, level: Decimal) -> str | None:
    change = session.execute(
        select(DoseLevelChange)
        .where(DoseLevelChange.subject_id == subject.id, DoseLevelChange.to_level_mg_per_kg.is_not(None))
        .order_by(DoseLevelChange.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if change is None:
        return None
    return audit_reason(
        "reduced_from",
        old_level=format_quantity(change.from_level_mg_per_kg, "mg/kg"),
        new_level=format_quantity(level, "mg/kg"),
        day=change.effective_on.isoformat(),
        reason=change.reason,
    )


def _planned_date(visit: Visit, today: date) -> date:
    if visit.booked_date is not None and visit.booked_date >= today:
        return visit.booked_date
    if visit.suggested_date is not None and visit.suggested_date >= today:
        return visit.suggested_date
    return max(visit.target_date, today)


def _order_number(session: Session, subject: Subject, visit: Visit) -> str:
    count = session.execute(
        select(func.count(InfusionOrder.id)).where(InfusionOrder.visit_id == visit.id)
    ).scalar_one()
    return f"{subject.subject_number}-{visit.label}-{int(count) + 1}"


def _plan(
    session: Session,
    protocol: Protocol,
    subject: Subject,
    level: Decimal,
    planned: date,
) -> tuple[DosePlan, int]:
    """The dose plan for a dose on `planned` at `level`, and the id of the weight it rests on."""
    weight = latest_weight(session, subject, planned)
    max_age = protocol.dosing.weight_max_age_days
    if weight is None:
        raise InputError(
            msg(
                "No weight of {subject} is recorded on or before {day}: weigh the patient (no more than {most} "
                "days before the dose).",
                subject=subject.subject_number,
                day=planned.isoformat(),
                most=str(max_age),
            )
        )
    given = _given(session, subject)
    previous_kg = given[-1].weight_kg if given else None
    plan = compute_dose(
        protocol,
        weight_kg=weight.weight_kg,
        level_mg_per_kg=level,
        baseline_kg=subject.baseline_weight_kg,
        previous_kg=previous_kg,
        weight_date=weight.measured_on,
        dose_date=planned,
    )
    return plan, weight.id


def _new_order(
    uow: UnitOfWork,
    user: User,
    visit: Visit,
    planned: date,
    acknowledgement_reason: str | None,
    note: str | None = None,
) -> InfusionOrder:
    """A draft order for `visit` on `planned` (inside `uow.acting`); raises InputError when it cannot be made."""
    session = uow.session
    subject = visit.subject
    level = subject.current_dose_level_mg_per_kg
    if level is None:
        raise InputError(msg("{subject} has no current dose level.", subject=subject.subject_number))
    protocol, version = current_version(uow, subject.protocol_version.protocol_id)
    plan, weight_id = _plan(session, protocol, subject, level, planned)
    reason = " ".join((acknowledgement_reason or "").split()) or None
    require_acknowledgement(plan, reason)
    first = not _given(session, subject)
    minutes = infusion_minutes(
        protocol, first_dose=first, prior_infusion_reaction=_had_infusion_reaction(session, protocol, subject)
    )
    starting = protocol.regimen.starting_level
    order = InfusionOrder(
        order_number=_order_number(session, subject, visit),
        subject_id=subject.id,
        visit_id=visit.id,
        protocol_version_id=version.id,
        status=OrderStatus.DRAFT,
        planned_date=planned,
        created_at=uow.now(),
        weight_id=weight_id,
        weight_kg=plan.weight_kg,
        weight_measured_on=plan.weight_date or planned,
        dose_level_mg_per_kg=plan.mg_per_kg,
        calculated_dose_mg=plan.calculated_mg,
        final_dose_mg=plan.final_mg,
        concentration_mg_per_ml=plan.concentration_mg_per_ml,
        volume_to_draw_ml=plan.withdraw_ml,
        vials=plan.vials,
        waste_mg=plan.waste_mg,
        bag_volume_ml=plan.bag_volume_ml,
        final_concentration_mg_per_ml=plan.final_concentration_mg_per_ml,
        infusion_minutes=minutes,
        reduction_reason=_reduction_reason(session, subject, level) if level < starting else None,
        warnings="\n".join(w.message for w in plan.warnings),
        warnings_acknowledged=plan.needs_acknowledgement,
        acknowledgement_reason=reason if plan.needs_acknowledgement else None,
    )
    session.add(order)
    session.flush()
    _step(order, OrderStep.CREATED, user, order.created_at, None, note)
    session.flush()
    return order


def _load_order(session: Session, order_id: int) -> InfusionOrder:
    """The order, refused when it does not hold what its audit trail says (changed behind DoseDesk's back):
    no step is taken on a record whose state nobody can vouch for."""
    order = load(session, InfusionOrder, order_id, msg("order"))
    refuse_if_not_as_recorded(session, order, order.order_number)
    return order


def _expect(order: InfusionOrder, status: OrderStatus, doing: Message) -> None:
    if order.status != status:
        raise InputError(
            msg(
                "Order {order} is {status}: it must be {expected} to {doing}.",
                order=order.order_number,
                status=_order_status(order.status),
                expected=_order_status(status),
                doing=doing,
            )
        )


def _require_signed_off(version: ProtocolVersion) -> None:
    if not version.signed_off:
        raise InputError(
            msg(
                "Unconfirmed protocol: {protocol} version {version} has not been approved by an investigator and "
                "a pharmacist, so orders cannot be finalised under it.",
                protocol=version.protocol_id,
                version=version.version,
            )
        )


def _result(uow: UnitOfWork, order: InfusionOrder) -> OrderRow:
    session = uow.session
    session.flush()
    session.refresh(order)
    return order_row(session, order, uow.user, now=uow.now())


def _protocol(order: InfusionOrder) -> Protocol:
    return protocol_file(order.protocol_version.protocol_id)


def _moment(uow: UnitOfWork, given: datetime | None, what: Message) -> datetime:
    """`given` (aware, not in the future) or, when None, now."""
    now = uow.now()
    if given is None:
        return now
    when = require_aware(given, what)
    if when > now + _CLOCK_SKEW:
        raise InputError(msg("{what} is in the future.", what=what))
    return min(when, now)


def _current_bag(order: InfusionOrder) -> InfusionBag:
    bag = bag_in_use(order)
    if bag is None:  # pragma: no cover - a prepared order always has its bag
        raise InputError(msg("Order {order} has no bag in use: prepare it.", order=order.order_number))
    return bag


def _refuse_expired(
    uow: UnitOfWork, order: InfusionOrder, bag: InfusionBag, at: datetime | None = None
) -> None:
    """A bag past its use-before time is never checked or given: it is remade or the order cancelled."""
    state = use_before(bag.beyond_use_at, at or uow.now(), _protocol(order).order_checks)
    if state.expired:
        raise InputError(
            msg(
                "EXPIRED — do not give: the bag of order {order} was to be used before {time}. Remake it from "
                "the same verified order, or cancel the order.",
                order=order.order_number,
                time=_when(bag.beyond_use_at),
            )
        )


def _verifiers(session: Session, order: InfusionOrder) -> set[int]:
    found = signers(session, order, SignatureMeaning.VERIFIED)
    if order.verified_by_id is not None:
        found.add(order.verified_by_id)
    return found
