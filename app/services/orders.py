"""Infusion orders (DOMAIN.md section 7): draft → prescribed → verified → prepared → checked → started →
completed or stopped early; or cancelled, with a reason code and an e-signature, at any step before it starts.

    create_order(uow, visit_id, acknowledgement_reason=None)                        -> OrderRow   (draft)
    prescribe_order(uow, order_id, password, criteria_override_reason=None)         -> OrderRow   investigator
    verification_task(uow, order_id)                                                -> VerificationTask
    verify_order(uow, order_id, password, weight_kg=…, dose_level_mg_per_kg=…,
                 final_dose_mg=…, volume_to_draw_ml=…)                              -> OrderRow   pharmacist
    prepare_order(uow, order_id, password, lots=[LotUse(…)], prepared_at=…, refrigerated=False, tare_g=None)
    check_order(uow, order_id, password, confirmed=[…], weighed_g=None)             a second pharmacist
    remake_order(uow, order_id, password, reason=…, note=…, lots=[…], …)            pharmacist
    start_infusion(uow, order_id, password, bag_code=…, subject_code=…, started_at=None)          nurse
    record_interruption / end_interruption / record_reaction (uow, order_id, …)    nurse
    link_reaction(uow, event_id, toxicity_id)                                       investigator
    stop_infusion(uow, order_id, password, ended_at=None, volume_given_ml=None, reason=None, note=None)  nurse
    cancel_order(uow, order_id, password, reason=CancelReason…, detail=None)        investigator/pharmacist

The dose comes from the weight measured for this visit (no older than the protocol allows before the planned
date) and the subject's current dose level, through the core's `compute_dose`; soft-limit warnings need an
acknowledgement with a reason. Prescribing is refused while the protocol version is not signed off, and checks
the dose's criteria to treat (DOMAIN.md section 6) against the labs on record for the planned date: not met,
or labs missing or too old, is refused unless the investigator gives a reason to treat anyway, recorded with
the criteria not met as the prescribe step's note (`OrderRow.criteria_override`).

Separation of duties (each rule on by default, relaxed per site only in the protocol file's `[order_checks]`):
who made or prescribed an order never verifies it; the verifier does not prepare it; the preparer does not
check the prepared bag. The verifier sees the inputs (`verification_task`: weight and its date, dose level,
rounding rule, product) and never the order's figures; the figures entered must match before the signature is
accepted, and a mismatch is recorded on the order (audited, not signed) however the signing ends.

A bag lives until its use-before time: past it, it is never checked or started, only made again
(`remake_order`: the old bag recorded as waste with its lots, a new preparation from the same verified order,
signed) or the order cancelled. The nurse who gives the infusion signs its start, with the bag label's and the
subject's identifiers scanned or typed to match the order, and its end (completed, or stopped early with the
volume given: the dose given follows). The visit is done, and the calendar follows, when the infusion starts.

`take_vials` is the one place vials are taken for a preparation: the lots as printed on the vials become the
bag's preparation lines, and the stock service (`app.services.stock.dispense_for_order`) takes those vials
from the lots in stock and records the partial vial's waste on the order, so a lot that is unknown, expired,
quarantined or short refuses the whole preparation in plain words, with nothing changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
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
from app.dosing.bedside import bag_weight, dose_given, use_before
from app.dosing.order_codes import (
    CHECK_ITEM_WORDS,
    CHECK_ITEMS,
    CHOSEN_CANCEL_REASONS,
    DETAIL_REQUIRED,
    REMAKE_REASON_WORDS,
    CancelReason,
    CheckItem,
    RemakeReason,
    StopReason,
)
from app.errors import InputError
from app.models import (
    GIVEN_ORDER_STATUSES,
    OPEN_ORDER_STATUSES,
    BeyondUseStorage,
    DoseLevelChange,
    Hold,
    InfusionBag,
    InfusionEvent,
    InfusionEventKind,
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
from app.services.eligibility import refuse_unless_eligible
from app.services.integrity import refuse_if_not_as_recorded
from app.services.protocols import current_version, protocol_file
from app.services.queries import (
    OPEN_ORDER,
    OrderRow,
    bag_in_use,
    order_makers,
    order_row,
    wristband_code,
)
from app.services.reasons import reason as audit_reason
from app.services.signatures import prove_password, sign, signers
from app.services.uow import UnitOfWork
from app.services.visits import OPEN, rederive_calendar
from app.text import Message, join_and, msg
from app.toxicity.labs import lab_kind
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


# --- blind verification ------------------------------------------------------------------------------------


def _rounding_words(protocol: Protocol) -> str:
    if protocol.dosing.rounding_text:
        return protocol.dosing.rounding_text
    concentration = format_quantity(protocol.preparation.concentration_mg_per_ml, "mg/mL")
    return msg(
        "The volume to draw is the dose ÷ {concentration}, rounded half up to the nearest {step}; the final dose "
        "is that volume × {concentration}.",
        concentration=concentration,
        step=format_quantity(protocol.dosing.volume_rounding_ml, "mL"),
    )


def _may_not_verify(session: Session, order: InfusionOrder, user: User | None) -> str | None:
    """Why `user` may not verify `order` (None: they may)."""
    if user is None or not user.has_role(Role.PHARMACIST):
        return msg("Only a pharmacist verifies an order.")
    if not _protocol(order).order_checks.verifier_not_prescriber:
        return None
    if order.prescribed_by_id == user.id or user.id in signers(session, order, SignatureMeaning.PRESCRIBED):
        return msg(
            "You prescribed order {order}: another pharmacist must verify it.", order=order.order_number
        )
    if user.id in order_makers(order):
        return msg(
            "You made order {order} and have seen its figures: another pharmacist must verify it, blind.",
            order=order.order_number,
        )
    return None


def verification_task(uow: UnitOfWork, order_id: int) -> VerificationTask:
    """The order to verify with the inputs of its dose, without its figures (the verifier recomputes them)."""
    with uow:
        session = uow.session
        order = _load_order(session, order_id)
        subject = order.subject
        protocol = _protocol(order)
        user = session.get(User, uow.user.id) if uow.user is not None and uow.user.id is not None else None
        why_not = _may_not_verify(session, order, user)
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
            weight_kg=order.weight_kg,
            weight_measured_on=order.weight_measured_on,
            dose_level_mg_per_kg=order.dose_level_mg_per_kg,
            drug_name=protocol.drug.name,
            vial_strength_mg=protocol.product.vial_strength_mg,
            reconstitution_volume_ml=protocol.preparation.reconstitution_volume_ml,
            reconstitution_diluent=protocol.preparation.reconstitution_diluent,
            concentration_mg_per_ml=order.concentration_mg_per_ml,
            volume_rounding_ml=protocol.dosing.volume_rounding_ml,
            rounding_text=_rounding_words(protocol),
            bag_diluent=protocol.preparation.bag_diluent,
            bag_volume_ml=order.bag_volume_ml,
            may_verify=why_not is None,
            why_not=why_not,
        )


def _record_mismatch(uow: UnitOfWork, order_id: int, user_id: int, figures: str) -> None:
    """A blind verification that did not match, kept on the order (audited, not a signature)."""
    session = uow.session
    order = _load_order(session, order_id)
    user = load(session, User, user_id, msg("user"))
    note = audit_reason("verification_mismatch", figures=figures)
    with uow.acting(user, audit_reason("verification_mismatch_of", number=order.order_number)):
        _step(order, OrderStep.MISMATCH, user, uow.now(), None, note)


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
    """A pharmacist who neither made nor prescribed the order verifies it with the dose recomputed blind.

    The weight, level, final dose (and volume to draw, when given) must equal the order's before the signature
    is accepted; a mismatch says which figure differs, not the order's value, changes nothing, and is recorded
    on the order (a "mismatch" step: audited, unsigned).
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
        why_not = _may_not_verify(session, order, user)
        if why_not is not None:
            raise InputError(why_not)
        _require_signed_off(order.protocol_version)
        expected = {
            "weight": order.weight_kg,
            "dose level": order.dose_level_mg_per_kg,
            "final dose": order.final_dose_mg,
            "volume to draw": order.volume_to_draw_ml,
        }
        wrong = [name for name, value in entered.items() if value is not None and value != expected[name]]
        if wrong:
            figures = join_and(_FIGURE_WORDS[name] for name in wrong)
            order_key, user_key = order.id, user.id
            uow.afterwards(lambda: _record_mismatch(uow, order_key, user_key, figures))
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


# --- preparation, its check, its remake --------------------------------------------------------------------


def take_vials(
    uow: UnitOfWork, order: InfusionOrder, lots: Sequence[LotUse], prepared_at: datetime, bag: InfusionBag
) -> list[PreparationLine]:
    """Take the vials of one bag's preparation from their lots; THE place stock accountability hooks in.

    Each lot as printed on the vials needs a lot number, an expiry not before the preparation day, at least one
    vial; together they must give the order's vials and volume to draw. The lines are added to the bag, then
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
                bag_id=bag.id,
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
    uow.session.expire(bag, ["lines"])  # read again with the new lines (they point at the bag by bag_id)
    stock.dispense_for_order(uow, order, on=day, lines=lines)
    return lines


def _tare(protocol: Protocol, tare_g: Decimal | None) -> Decimal | None:
    if not protocol.order_checks.weigh_bag:
        return None
    if not isinstance(tare_g, Decimal) or not tare_g.is_finite() or tare_g <= 0:
        raise InputError(
            msg(
                "Weigh the diluent bag before adding the drug and give its weight in grams (the protocol asks)."
            )
        )
    return tare_g


def _refuse_verifier_preparing(session: Session, order: InfusionOrder, user: User) -> None:
    if _protocol(order).order_checks.preparer_not_verifier and user.id in _verifiers(session, order):
        raise InputError(
            msg(
                "You verified order {order}: another pharmacist prepares it (separation of duties).",
                order=order.order_number,
            )
        )


def _make_bag(
    uow: UnitOfWork,
    user: User,
    order: InfusionOrder,
    password: str,
    lots: Sequence[LotUse],
    prepared_at: datetime | None,
    refrigerated: bool,
    tare_g: Decimal | None,
) -> InfusionBag:
    """A new bag for `order` from `lots`, signed by its preparer (inside `uow.acting`)."""
    session = uow.session
    protocol = _protocol(order)
    when = _moment(uow, prepared_at, msg("The preparation time"))
    if order.verified_at is not None and when < order.verified_at:
        raise InputError(msg("The preparation time is before the order was verified."))
    tare = _tare(protocol, tare_g)
    number = max((bag.number for bag in order.bags), default=0) + 1
    bag = InfusionBag(
        order_id=order.id,
        number=number,
        prepared_by_id=user.id,
        prepared_at=when,
        beyond_use_at=beyond_use(protocol, when, refrigerated),
        beyond_use_storage=BeyondUseStorage.FRIDGE if refrigerated else BeyondUseStorage.ROOM,
        tare_g=tare,
    )
    order.bags.append(bag)
    session.flush()
    take_vials(uow, order, lots, when, bag)
    session.flush()
    signature = sign(uow, user, password, SignatureMeaning.PREPARED, bag)
    _step(order, OrderStep.PREPARED, user, signature.signed_at, signature, None)
    return bag


def prepare_order(
    uow: UnitOfWork,
    order_id: int,
    password: str,
    *,
    lots: Sequence[LotUse],
    prepared_at: datetime | None = None,
    refrigerated: bool = False,
    tare_g: Decimal | None = None,
) -> OrderRow:
    """A pharmacist who did not verify the order records and signs its bag: lots, vials, volumes, time (and the
    diluent bag's tare when the protocol weighs bags); the use-before time follows. A second pharmacist checks
    the bag next (`check_order`)."""
    prove_password(uow, password)
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, Role.PHARMACIST)
        order = _load_order(session, order_id)
        _expect(order, OrderStatus.VERIFIED, msg("prepare it"))
        _require_signed_off(order.protocol_version)
        _refuse_verifier_preparing(session, order, user)
        with uow.acting(user, audit_reason("order_prepared", number=order.order_number)):
            _make_bag(uow, user, order, password, lots, prepared_at, refrigerated, tare_g)
            order.status = OrderStatus.PREPARED
        result = _result(uow, order)
        uow.commit()
        return result


def check_order(
    uow: UnitOfWork,
    order_id: int,
    password: str,
    *,
    confirmed: Iterable[str],
    weighed_g: Decimal | None = None,
) -> OrderRow:
    """A second pharmacist, not the bag's preparer, checks the prepared product and releases it to the ward.

    Every item of `app.dosing.order_codes.CHECK_ITEMS` must be confirmed (the vials and lots used, the volume
    drawn, the diluent and bag, the label, the use-before time); with the protocol's gravimetric check, the
    bag's weight must be within tolerance of its tare plus the volume drawn. A bag past its use-before time is
    refused: it is remade or the order cancelled.
    """
    chosen: set[CheckItem] = set()
    for item in confirmed:
        try:
            chosen.add(CheckItem(item))
        except ValueError:
            raise InputError(
                msg("'{item}' is not something the product check confirms.", item=str(item))
            ) from None
    prove_password(uow, password)
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, Role.PHARMACIST)
        order = _load_order(session, order_id)
        _expect(order, OrderStatus.PREPARED, msg("check it"))
        _require_signed_off(order.protocol_version)
        protocol = _protocol(order)
        bag = _current_bag(order)
        if protocol.order_checks.checker_not_preparer and bag.prepared_by_id == user.id:
            raise InputError(
                msg(
                    "You prepared this bag of order {order}: a second pharmacist checks it (separation of duties).",
                    order=order.order_number,
                )
            )
        _refuse_expired(uow, order, bag)
        missing = [CHECK_ITEM_WORDS[item] for item in CHECK_ITEMS if item not in chosen]
        if missing:
            raise InputError(
                msg(
                    "Check and confirm {items} before releasing the bag; nothing was signed.",
                    items=join_and(missing),
                )
            )
        weight = None
        if protocol.order_checks.weigh_bag:
            if not isinstance(weighed_g, Decimal) or not weighed_g.is_finite() or weighed_g <= 0:
                raise InputError(
                    msg("Weigh the prepared bag and give its weight in grams (the protocol asks).")
                )
            if bag.tare_g is None:
                raise InputError(
                    msg(
                        "The diluent bag was not weighed before the drug was added: remake the bag, weighing it."
                    )
                )
            weight = bag_weight(bag.tare_g, weighed_g, order.volume_to_draw_ml, protocol.order_checks)
            if not weight.within:
                raise InputError(
                    msg(
                        "The bag weighs {weighed}; {expected} was expected (within {allowed}): do not release "
                        "it. Remake it, or weigh it again.",
                        weighed=f"{format_quantity(weight.weighed_g, 'g')}",
                        expected=f"{format_quantity(weight.expected_g, 'g', 1)}",
                        allowed=f"{format_quantity(weight.allowed_g, 'g', 1)}",
                    )
                )
        with uow.acting(user, audit_reason("order_checked", number=order.order_number)):
            bag.check_items = ",".join(item.value for item in CHECK_ITEMS)
            if weight is not None:
                bag.weighed_g = weight.weighed_g
                bag.expected_g = weight.expected_g
            session.flush()
            signature = sign(uow, user, password, SignatureMeaning.CHECKED, bag)
            bag.checked_by_id = user.id
            bag.checked_at = signature.signed_at
            order.status = OrderStatus.CHECKED
            _step(order, OrderStep.CHECKED, user, signature.signed_at, signature, None)
        result = _result(uow, order)
        uow.commit()
        return result


def _waste_bag(uow: UnitOfWork, user: User, order: InfusionOrder, bag: InfusionBag, code: str, note: str | None,
               why: str) -> None:  # fmt: skip
    """The bag recorded as waste with its lots (inside `uow.acting`)."""
    bag.wasted_at = uow.now()
    bag.wasted_by_id = user.id
    bag.waste_reason_code = code
    bag.waste_note = note
    uow.session.flush()
    stock.waste_bag(uow, order, bag, why)


def remake_order(
    uow: UnitOfWork,
    order_id: int,
    password: str,
    *,
    reason: str,
    lots: Sequence[LotUse],
    note: str | None = None,
    prepared_at: datetime | None = None,
    refrigerated: bool = False,
    tare_g: Decimal | None = None,
) -> OrderRow:
    """Waste the bag of a prepared or checked order and prepare a new one from the same verified order, signed.

    `reason` is a code of `app.dosing.order_codes.RemakeReason`: "expired" only once the bag is past its
    use-before time. The old bag is recorded as waste with its lots (stock), the new bag takes new vials and
    needs its own product check. Before the infusion starts only.
    """
    try:
        code = RemakeReason(reason)
    except ValueError:
        raise InputError(msg("Say why the bag is made again.")) from None
    detail = optional_text(note)
    prove_password(uow, password)
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, Role.PHARMACIST)
        order = _load_order(session, order_id)
        if order.status not in (OrderStatus.PREPARED, OrderStatus.CHECKED):
            raise InputError(
                msg(
                    "Order {order} is {status}: only a prepared bag not yet started is made again.",
                    order=order.order_number,
                    status=_order_status(order.status),
                )
            )
        _require_signed_off(order.protocol_version)
        _refuse_verifier_preparing(session, order, user)
        old = _current_bag(order)
        state = use_before(old.beyond_use_at, uow.now(), _protocol(order).order_checks)
        if code == RemakeReason.EXPIRED and not state.expired:
            raise InputError(
                msg(
                    "The bag of order {order} may be used until {time}: it has not expired. Give the reason it "
                    "is made again.",
                    order=order.order_number,
                    time=_when(old.beyond_use_at),
                )
            )
        words = REMAKE_REASON_WORDS[code]
        why = audit_reason("bag_remade", number=order.order_number, bag=str(old.number), reason=words)
        with uow.acting(user, why):
            _waste_bag(uow, user, order, old, code.value, detail, why)
            _step(order, OrderStep.REMADE, user, uow.now(), None, detail or words)
            _make_bag(uow, user, order, password, lots, prepared_at, refrigerated, tare_g)
            order.status = OrderStatus.PREPARED
        result = _result(uow, order)
        uow.commit()
        return result


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


__all__ = [
    "LotUse",
    "VerificationTask",
    "cancel_open_orders",
    "cancel_order",
    "check_order",
    "create_order",
    "end_interruption",
    "interruption_minutes",
    "link_reaction",
    "open_orders",
    "orders_follow_new_level",
    "planned_end",
    "prepare_order",
    "prescribe_order",
    "record_interruption",
    "record_reaction",
    "remake_order",
    "start_infusion",
    "stop_infusion",
    "take_vials",
    "verification_task",
    "verify_order",
]
