"""Infusion orders (DOMAIN.md section 7): draft → prescribed → verified → prepared → administered, or cancelled.

    create_order(uow, visit_id, acknowledgement_reason=None)                        -> OrderRow   (draft)
    prescribe_order(uow, order_id, password, criteria_override_reason=None)         -> OrderRow   investigator
    verification_task(uow, order_id)                                                -> VerificationTask
    verify_order(uow, order_id, password, weight_kg=…, dose_level_mg_per_kg=…,
                 final_dose_mg=…, volume_to_draw_ml=…)                              -> OrderRow   pharmacist
    prepare_order(uow, order_id, password, lots=[LotUse(…)], prepared_at=…, refrigerated=False)   pharmacist
    administer_order(uow, order_id, password, started_at=…, ended_at=…, nurse="…")                pharmacist/inv.
    cancel_order(uow, order_id, reason)                                             -> OrderRow

The dose comes from the weight measured for this visit (no older than the protocol allows before the planned
date) and the subject's current dose level, through the core's `compute_dose`; soft-limit warnings need an
acknowledgement with a reason. Prescribing is refused while the protocol version is not signed off. The
verifier, never the prescriber, enters the dose recomputed blind from the weight and level, and it must match
before the signature is accepted. Every step is signed (password re-entered) and recorded as a step row.
Prescribing checks the dose's criteria to treat (DOMAIN.md section 6) against the labs on record for the
planned date: not met, or labs missing or too old, is refused unless the investigator gives a reason to treat
anyway, recorded with the criteria not met as the prescribe step's note (`OrderRow.criteria_override`).

`take_vials` is the one place vials are taken for a preparation: the lots as printed on the vials become the
order's preparation lines, and the stock service (`app.services.stock.dispense_for_order`) takes those vials
from the lots in stock and records the partial vial's waste on the order, so a lot that is unknown, expired,
quarantined or short refuses the whole preparation in plain words, with nothing changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.dosing import (
    DosePlan,
    beyond_use,
    compute_dose,
    format_quantity,
    infusion_minutes,
    require_acknowledgement,
)
from app.errors import InputError
from app.models import (
    BeyondUseStorage,
    DoseLevelChange,
    Hold,
    InfusionOrder,
    InfusionOrderStep,
    OrderStatus,
    OrderStep,
    PreparationLine,
    ProtocolVersion,
    Role,
    Signature,
    SignatureMeaning,
    Subject,
    SubjectStatus,
    Toxicity,
    User,
    Visit,
    VisitKind,
    VisitStatus,
)
from app.protocol import Protocol
from app.services import stock
from app.services._calendar import first_dose_label
from app.services._common import (
    load,
    local_date,
    local_today,
    optional_text,
    require_any_role,
    require_aware,
    require_reason,
)
from app.services._words import ORDER_STATUS, SUBJECT_STATUS, VISIT_STATUS
from app.services.clinical import criteria_to_treat, latest_weight
from app.services.protocols import current_version, protocol_file
from app.services.queries import (
    OPEN_ORDER,
    OrderRow,
    order_row,
)
from app.services.reasons import reason as audit_reason
from app.services.signatures import prove_password, sign, signers
from app.services.uow import UnitOfWork
from app.services.visits import OPEN, rederive_calendar
from app.text import Message, join_and, msg
from app.toxicity.labs import lab_kind
from app.toxicity.rules import recall_explanation

ORDER_MAKERS = (Role.PHARMACIST, Role.INVESTIGATOR)
ADMINISTRATORS = (Role.PHARMACIST, Role.INVESTIGATOR)
CANCELLERS = (Role.INVESTIGATOR, Role.PHARMACIST)

# The figures a verifier enters, in words.
_FIGURE_WORDS: dict[str, Message] = {
    "weight": msg("weight"),
    "dose level": msg("dose level"),
    "final dose": msg("final dose"),
    "volume to draw": msg("volume to draw"),
}


def _order_status(status: OrderStatus) -> str:
    return ORDER_STATUS.get(status, str(status))


def _visit_status(status: VisitStatus) -> str:
    return VISIT_STATUS.get(status, str(status))


@dataclass(frozen=True)
class LotUse:
    """Vials taken from one lot for a preparation, as printed on the vials (the lot must be in stock)."""

    lot_number: str
    expiry: date
    vials: int
    volume_drawn_ml: Decimal


@dataclass(frozen=True)
class VerificationTask:
    """What a verifier sees before recomputing: who and which dose, but none of the order's figures."""

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


def _administered(session: Session, subject: Subject) -> list[InfusionOrder]:
    return list(
        session.execute(
            select(InfusionOrder)
            .where(InfusionOrder.subject_id == subject.id, InfusionOrder.status == OrderStatus.ADMINISTERED)
            .order_by(InfusionOrder.administration_started_at, InfusionOrder.id)
        ).scalars()
    )


def _had_infusion_reaction(session: Session, protocol: Protocol, subject: Subject) -> bool:
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
    given = _administered(session, subject)
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
    first = not _administered(session, subject)
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
    return load(session, InfusionOrder, order_id, msg("order"))


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
                "Unconfirmed protocol: {protocol} version {version} has not been signed off by an administrator, "
                "so orders cannot be finalised under it.",
                protocol=version.protocol_id,
                version=version.version,
            )
        )


def _result(uow: UnitOfWork, order: InfusionOrder) -> OrderRow:
    session = uow.session
    session.flush()
    session.refresh(order)
    return order_row(session, order)


# --- use cases -------------------------------------------------------------------------------------------


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

    The criteria are checked for the order's planned date against the labs on record (DOMAIN.md section 6):
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


def verification_task(uow: UnitOfWork, order_id: int) -> VerificationTask:
    """The order to verify, without its figures (the verifier recomputes them blind)."""
    with uow:
        order = _load_order(uow.session, order_id)
        subject = order.subject
        return VerificationTask(
            order_id=order.id,
            order_number=order.order_number,
            status=str(order.status),
            subject_id=subject.id,
            subject_number=subject.subject_number,
            initials=subject.initials,
            birth_date=subject.birth_date,
            visit_label=order.visit.label,
            planned_date=order.planned_date,
            protocol_id=order.protocol_version.protocol_id,
        )


def verify_order(
    uow: UnitOfWork,
    order_id: int,
    password: str,
    *,
    weight_kg: Decimal,
    dose_level_mg_per_kg: Decimal,
    final_dose_mg: Decimal,
    volume_to_draw_ml: Decimal | None = None,
) -> OrderRow:
    """A pharmacist who did not prescribe the order verifies it with the dose recomputed blind.

    The weight, level, final dose (and volume to draw, when given) must equal the order's before the signature
    is accepted; a mismatch says which figure differs, not the order's value, and changes nothing.
    """
    entered = {
        "weight": weight_kg,
        "dose level": dose_level_mg_per_kg,
        "final dose": final_dose_mg,
        "volume to draw": volume_to_draw_ml,
    }
    for name, value in entered.items():
        if value is not None and (not isinstance(value, Decimal) or not value.is_finite()):
            raise InputError(msg("Enter the {figure} as a number.", figure=_FIGURE_WORDS[name]))
    prove_password(uow, password)
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, Role.PHARMACIST)
        order = _load_order(session, order_id)
        _expect(order, OrderStatus.PRESCRIBED, msg("verify it"))
        if order.prescribed_by_id == user.id or user.id in signers(
            session, order, SignatureMeaning.PRESCRIBED
        ):
            raise InputError(
                msg(
                    "You prescribed order {order}: another pharmacist must verify it.",
                    order=order.order_number,
                )
            )
        _require_signed_off(order.protocol_version)
        expected = {
            "weight": order.weight_kg,
            "dose level": order.dose_level_mg_per_kg,
            "final dose": order.final_dose_mg,
            "volume to draw": order.volume_to_draw_ml,
        }
        wrong = [name for name, value in entered.items() if value is not None and value != expected[name]]
        if len(wrong) == 1:
            raise InputError(
                msg(
                    "Your {figure} does not match order {order}: recompute from the weight and the dose level; "
                    "nothing was signed.",
                    figure=_FIGURE_WORDS[wrong[0]],
                    order=order.order_number,
                )
            )
        if wrong:
            raise InputError(
                msg(
                    "Your {figures} do not match order {order}: recompute from the weight and the dose level; "
                    "nothing was signed.",
                    figures=join_and(_FIGURE_WORDS[name] for name in wrong),
                    order=order.order_number,
                )
            )
        with uow.acting(user, audit_reason("order_verified", number=order.order_number)):
            order.verifier_weight_kg = weight_kg
            order.verifier_dose_level_mg_per_kg = dose_level_mg_per_kg
            order.verifier_final_dose_mg = final_dose_mg
            order.verifier_volume_ml = volume_to_draw_ml
            session.flush()
            signature = sign(uow, user, password, SignatureMeaning.VERIFIED, order)
            order.verified_by_id = user.id
            order.verified_at = signature.signed_at
            order.status = OrderStatus.VERIFIED
            _step(order, OrderStep.VERIFIED, user, signature.signed_at, signature, None)
        result = _result(uow, order)
        uow.commit()
        return result


def take_vials(
    uow: UnitOfWork, order: InfusionOrder, lots: Sequence[LotUse], prepared_at: datetime
) -> list[PreparationLine]:
    """Take the vials of a preparation from their lots; THE place stock accountability hooks in.

    Each lot as printed on the vials needs a lot number, an expiry not before the preparation day, at least one
    vial; together they must give the order's vials and volume to draw. The lines are added to the order, then
    the stock service takes the vials from the lots in stock (the last lot named gives the partial vial, whose
    waste is recorded on the order): a lot not in stock, of another expiry, expired, quarantined or short is
    refused with its reason (the caller's unit of work then rolls everything back).
    """
    if not lots:
        raise InputError(msg("Say which lots the vials came from."))
    day = local_date(prepared_at)
    lines: list[PreparationLine] = []
    seen: set[str] = set()
    for lot in lots:
        number = " ".join((lot.lot_number or "").split())
        if not number:
            raise InputError(msg("Each lot needs its lot number."))
        if number in seen:
            raise InputError(msg("Lot {lot} is listed twice: give its vials once.", lot=number))
        seen.add(number)
        if not isinstance(lot.expiry, date):
            raise InputError(msg("Give the expiry date of lot {lot}.", lot=number))
        if lot.expiry < day:
            raise InputError(
                msg(
                    "Lot {lot} expired on {expiry}: it must not be used.",
                    lot=number,
                    expiry=lot.expiry.isoformat(),
                )
            )
        if isinstance(lot.vials, bool) or not isinstance(lot.vials, int) or lot.vials < 1:
            raise InputError(msg("Lot {lot}: give the number of vials used (1 or more).", lot=number))
        if (
            not isinstance(lot.volume_drawn_ml, Decimal)
            or not lot.volume_drawn_ml.is_finite()
            or lot.volume_drawn_ml <= 0
        ):
            raise InputError(msg("Lot {lot}: give the volume drawn in mL.", lot=number))
        lines.append(
            PreparationLine(
                order_id=order.id,
                lot_number=number,
                lot_expiry=lot.expiry,
                vials=lot.vials,
                volume_drawn_ml=lot.volume_drawn_ml,
            )
        )
    vials = sum(line.vials for line in lines)
    if vials != order.vials:
        raise InputError(
            msg(
                "The lots give {vials} vials; order {order} needs {needed}.",
                vials=str(vials),
                order=order.order_number,
                needed=str(order.vials),
            )
        )
    volume = sum((line.volume_drawn_ml for line in lines), Decimal(0))
    if volume != order.volume_to_draw_ml:
        raise InputError(
            msg(
                "The volumes drawn add up to {volume}; order {order} draws {needed}.",
                volume=format_quantity(volume, "mL"),
                order=order.order_number,
                needed=format_quantity(order.volume_to_draw_ml, "mL"),
            )
        )
    for line in lines:
        order.preparation_lines.append(line)
    uow.session.flush()
    stock.dispense_for_order(uow, order, on=day)
    return lines


def prepare_order(
    uow: UnitOfWork,
    order_id: int,
    password: str,
    *,
    lots: Sequence[LotUse],
    prepared_at: datetime | None = None,
    refrigerated: bool = False,
) -> OrderRow:
    """A pharmacist records and signs the preparation: lots, vials, volumes, time; the beyond-use time follows."""
    prove_password(uow, password)
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, Role.PHARMACIST)
        order = _load_order(session, order_id)
        _expect(order, OrderStatus.VERIFIED, msg("prepare it"))
        _require_signed_off(order.protocol_version)
        now = uow.now()
        when = require_aware(prepared_at, msg("The preparation time")) if prepared_at is not None else now
        if when > now:
            raise InputError(msg("The preparation time is in the future."))
        if order.verified_at is not None and when < order.verified_at:
            raise InputError(msg("The preparation time is before the order was verified."))
        protocol = protocol_file(order.protocol_version.protocol_id)
        with uow.acting(user, audit_reason("order_prepared", number=order.order_number)):
            take_vials(uow, order, lots, when)
            order.beyond_use_at = beyond_use(protocol, when, refrigerated)
            order.beyond_use_storage = BeyondUseStorage.FRIDGE if refrigerated else BeyondUseStorage.ROOM
            session.flush()
            signature = sign(uow, user, password, SignatureMeaning.PREPARED, order)
            order.prepared_by_id = user.id
            order.prepared_at = when
            order.status = OrderStatus.PREPARED
            _step(order, OrderStep.PREPARED, user, signature.signed_at, signature, None)
        result = _result(uow, order)
        uow.commit()
        return result


def administer_order(
    uow: UnitOfWork,
    order_id: int,
    password: str,
    *,
    started_at: datetime,
    ended_at: datetime,
    nurse: str,
) -> OrderRow:
    """Record and sign the infusion given (a pharmacist or investigator records the nurse's times).

    The visit becomes done on the start date and the calendar follows; the first dose starts treatment (C1D1).
    Refused after the bag's beyond-use time, with a weight too old for the day given, or while treatment is held.
    """
    who = " ".join((nurse or "").split())
    if not who:
        raise InputError(msg("Give the name of the nurse who gave the infusion."))
    start = require_aware(started_at, msg("The start time"))
    end = require_aware(ended_at, msg("The end time"))
    prove_password(uow, password)
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *ADMINISTRATORS)
        order = _load_order(session, order_id)
        _expect(order, OrderStatus.PREPARED, msg("record it as given"))
        subject = order.subject
        visit = order.visit
        protocol = protocol_file(order.protocol_version.protocol_id)
        if end <= start:
            raise InputError(msg("The infusion must end after it starts."))
        if end > uow.now():
            raise InputError(msg("The end of the infusion is in the future."))
        if order.prepared_at is not None and start < order.prepared_at:
            raise InputError(msg("The infusion starts before the bag was prepared."))
        if order.beyond_use_at is not None and start > order.beyond_use_at:
            raise InputError(
                msg(
                    "The bag of order {order} was beyond use from {time}: it must not be given. Cancel the order.",
                    order=order.order_number,
                    time=order.beyond_use_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                )
            )
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
        with uow.acting(user, audit_reason("order_administered", number=order.order_number)):
            order.administration_started_at = start
            order.administration_ended_at = end
            order.administered_by = who
            session.flush()
            signature = sign(uow, user, password, SignatureMeaning.ADMINISTERED, order)
            order.administration_recorded_by_id = user.id
            order.status = OrderStatus.ADMINISTERED
            _step(order, OrderStep.ADMINISTERED, user, signature.signed_at, signature, None)
            visit.status = VisitStatus.DONE
            visit.actual_date = given_on
            if subject.c1d1 is None:
                subject.c1d1 = given_on
                subject.status = SubjectStatus.ON_TREATMENT
        rederive_calendar(uow, subject, audit_reason("calendar_after_given", label=visit.label))
        result = _result(uow, order)
        uow.commit()
        return result


def _cancel(uow: UnitOfWork, user: User, order: InfusionOrder, reason: str, note: str | None = None) -> None:
    """Cancel one open order (inside `uow.acting`)."""
    if order.status in (OrderStatus.ADMINISTERED, OrderStatus.CANCELLED):
        raise InputError(
            msg(
                "Order {order} is {status}: it cannot be cancelled.",
                order=order.order_number,
                status=_order_status(order.status),
            )
        )
    now = uow.now()
    order.status = OrderStatus.CANCELLED
    order.cancelled_at = now
    order.cancelled_by_id = user.id
    order.cancel_reason = reason
    _step(order, OrderStep.CANCELLED, user, now, None, note or reason)


def cancel_order(uow: UnitOfWork, order_id: int, reason: str) -> OrderRow:
    """Cancel an order at any step before it is given, with the reason (an investigator or pharmacist)."""
    text = require_reason(reason, msg("Cancelling an order"))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *CANCELLERS)
        order = _load_order(session, order_id)
        with uow.acting(user, text):
            _cancel(uow, user, order, text)
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


def cancel_open_orders(uow: UnitOfWork, user: User, subject: Subject, reason: str) -> list[str]:
    """Cancel every open order of the subject with `reason` (a hold, a discontinuation); their numbers."""
    cancelled = []
    with uow.acting(user, reason):
        for order in open_orders(uow.session, subject):
            _cancel(uow, user, order, reason)
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
                _cancel(uow, user, order, reason, audit_reason("dose_level_changed"))
                session.flush()
                try:
                    replacement = _replace(uow, user, order)
                except InputError:
                    replacement = None  # e.g. the weight is too old by now: a new order is made by hand
                if replacement is not None:
                    order.steps[-1].note = audit_reason("superseded_by", number=replacement.order_number)
            else:
                _cancel(uow, user, order, f"{reason} (it was checked at the old level: make a new order)")
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


__all__ = [
    "LotUse",
    "VerificationTask",
    "administer_order",
    "cancel_open_orders",
    "cancel_order",
    "create_order",
    "open_orders",
    "orders_follow_new_level",
    "prepare_order",
    "prescribe_order",
    "take_vials",
    "verification_task",
    "verify_order",
]
