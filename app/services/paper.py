"""Paper from the records: the printing dataclasses built through a unit of work, and the documents rendered.

    order_sheet(uow, order)                 -> OrderSheet        every element of docs/domain.md §7
    bag_label(uow, order)                   -> BagLabel
    wristband(uow, subject, site)           -> Wristband         the subject's identifiers and barcode
    patient_calendar(uow, subject, site)    -> PatientCalendar   the subject's visits, the clinic's phone
    clinic_day(uow, day, site)              -> ClinicDay         the visits of a date and its preparations
    print_order / print_label / print_calendar / print_day / print_wristband / export_ics   -> bytes

`order` is an order number as printed under the barcode (or the order's database id); `subject` a subject
number. Only reads: nothing is committed. A missing order or subject is a `NotFoundError` in the user's words.
Figures are copied from the records (the dose the order was made with), never recomputed here, except the
criteria to treat, checked by the core against the labs on record for the dose date. An order prescribed with
its criteria to treat not met prints the investigator's recorded reason among its acknowledged warnings.

Blind verification holds on paper too: an order not yet verified prints without its figures (order sheet, bag
label, the day list's preparations) for a unit of work whose user may still verify it, and for one without a
user (a command run without --user), as `app.services.queries` withholds them on screen. Each signature row
prints the printed name of the e-signature that made the step: who really signed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from app.dosing import cockcroft_gault, weight_change_percent
from app.dosing.bedside import use_before
from app.dosing.format import format_quantity
from app.dosing.order_codes import (
    CANCEL_REASON_WORDS,
    REMAKE_REASON_WORDS,
    STOP_REASON_WORDS,
    CancelReason,
    RemakeReason,
    StopReason,
)
from app.errors import DoseDeskError, InputError, NotFoundError
from app.models import (
    GIVEN_ORDER_STATUSES,
    OPEN_ORDER_STATUSES,
    BeyondUseStorage,
    DoseLevelChange,
    InfusionBag,
    InfusionEventKind,
    InfusionOrder,
    InfusionOrderStep,
    OrderStatus,
    OrderStep,
    Subject,
    Visit,
    VisitStatus,
)
from app.printing import (
    BagLabel,
    CalendarHoliday,
    CalendarVisit,
    ClinicDay,
    ClinicVisitLine,
    DoseReduction,
    LabCriterion,
    LabelSize,
    LotUsed,
    OrderSheet,
    PatientCalendar,
    PreparationLine,
    Signature,
    Wristband,
    calendar_ics,
    render_calendar,
    render_day_list,
    render_label,
    render_order,
    render_wristband,
)
from app.printing import (
    Subject as PaperSubject,
)
from app.printing.data import SUPERSEDED, Language, PaperOrderStatus, SignatureStep
from app.printing.pharmacy_words import PAPER_LANGUAGES, PaperLanguage
from app.protocol import Protocol
from app.scheduling import ClinicCalendar, default_clinic
from app.scheduling.clinic import Holiday
from app.services._calendar import waiting_for_hold_labels
from app.services._common import subject_by_number, wall_clock
from app.services.protocols import protocol_file
from app.services.queries import (
    bag_in_use,
    criteria_override,
    held_subjects_of,
    held_visit_ids,
    superseded_by,
    viewer,
    warning_names_dose,
    wristband_code,
)
from app.services.settings import read_settings
from app.services.uow import UnitOfWork
from app.services.witness import head_label
from app.text import msg
from app.toxicity.criteria import check_criteria_to_treat
from app.toxicity.labs import LabResult as CoreLabResult

NO_PHONE = ""  # the site has not given its phone: the calendar says so in its language
T = TypeVar("T")


@dataclass(frozen=True)
class SiteDetails:
    """The clinic as patients know it: its name and the phone number printed on calendars ("" for the name:
    the site has not named it, and the paper says "clinical trial clinic" in its own language).

    Given to a document, it is printed as given; when not given, the site settings' clinic name (in the
    document's language) and phone are printed (`site_details`)."""

    clinic_name: str = ""
    clinic_phone: str = NO_PHONE


def site_details(session: Session, language: Language = "en") -> SiteDetails:
    """The clinic's name (in `language` where the site gave one) and phone from the site settings; the phone ""
    when the site has not set it (the calendar then says so)."""
    settings = read_settings(session)
    return SiteDetails(settings.clinic_name_for(language), settings.clinic_phone or NO_PHONE)


def paper_languages(session: Session) -> tuple[PaperLanguage, ...]:
    """The languages the pharmacy's paper may be printed in here: English and Chinese, and both together
    where the site prints bilingual paper (the `paper_bilingual` site setting)."""
    return PAPER_LANGUAGES if read_settings(session).paper_bilingual else ("en", "zh")


def pharmacy_languages(uow: UnitOfWork) -> tuple[PaperLanguage, ...]:
    """`paper_languages` in its own unit of work (the window's print dialogs)."""
    with uow:
        return paper_languages(uow.session)


def checked_language(session: Session, language: str) -> PaperLanguage:
    """`language` when the pharmacy's paper may be printed in it; refused in the user's words otherwise."""
    if language not in PAPER_LANGUAGES:
        raise InputError(
            msg("{language} is not a language paper is printed in: use en, zh or both.", language=language)
        )
    if language not in paper_languages(session):
        raise InputError(
            msg(
                "This site prints its pharmacy paper in one language at a time: an administrator sets "
                "paper_bilingual to true for Chinese and English together."
            )
        )
    return language


# --- small helpers --------------------------------------------------------------------------------------


def _local(moment: datetime | None) -> datetime | None:
    """An aware instant as the site's wall-clock time, for paper."""
    return wall_clock(moment) if moment is not None else None


def _now(uow: UnitOfWork) -> datetime:
    local = _local(uow.now())
    assert local is not None
    return local


def _paper_subject(subject: Subject) -> PaperSubject:
    return PaperSubject(subject.subject_number, subject.initials, subject.birth_date, subject.hospital_number)


def _find_order(session: Session, reference: str | int) -> InfusionOrder:
    """The order with this printed number (or database id)."""
    text = str(reference).strip()
    conditions = [InfusionOrder.order_number == text]
    if text.isdigit():
        conditions.append(InfusionOrder.id == int(text))
    query = (
        select(InfusionOrder)
        .where(or_(*conditions))
        .options(
            selectinload(InfusionOrder.subject),
            selectinload(InfusionOrder.visit),
            selectinload(InfusionOrder.protocol_version),
            selectinload(InfusionOrder.steps).selectinload(InfusionOrderStep.signature),
            selectinload(InfusionOrder.steps).selectinload(InfusionOrderStep.user),
            selectinload(InfusionOrder.preparation_lines),
            selectinload(InfusionOrder.bags).selectinload(InfusionBag.lines),
            selectinload(InfusionOrder.events),
        )
    )
    found = list(session.execute(query).scalars())
    exact = [order for order in found if order.order_number == text]
    if exact:
        return exact[0]
    if found:
        return found[0]
    raise NotFoundError(msg("There is no order {order}.", order=text))


def _protocol(protocol_id: str) -> Protocol:
    """The protocol file in use for `protocol_id` (found by id only: shipped or put in use and registered)."""
    return protocol_file(protocol_id)


def _status(order: InfusionOrder) -> PaperOrderStatus:
    if order.status == OrderStatus.CANCELLED and superseded_by(order):
        return SUPERSEDED
    return OrderStatus(order.status)


_STEPS: dict[OrderStep, SignatureStep] = {
    OrderStep.PRESCRIBED: "prescribed",
    OrderStep.VERIFIED: "verified",
    OrderStep.PREPARED: "prepared",
    OrderStep.CHECKED: "checked",
    OrderStep.STARTED: "started",
    OrderStep.COMPLETED: "completed",
    OrderStep.STOPPED: "stopped",
    OrderStep.ADMINISTERED: "administered",
}


def _signature(order: InfusionOrder, step: OrderStep, meaning: SignatureStep | None = None) -> Signature:
    """Who signed the latest `step` (the printed name of their e-signature) and when; empty while unsigned."""
    shown = meaning or _STEPS[step]
    for taken in reversed(order.steps):
        if taken.step == step:
            if taken.signature is not None:
                return Signature(shown, taken.signature.printed_name, _local(taken.signature.signed_at))
            return Signature(shown, taken.user.full_name, _local(taken.at))
    return Signature(shown)


def _started(order: InfusionOrder) -> Signature:
    """The start, signed by the nurse; for an order recorded in one step before the bedside steps, the
    signature of whoever recorded it, with the nurse's name as it was typed."""
    if any(step.step == OrderStep.STARTED for step in order.steps):
        signed = _signature(order, OrderStep.STARTED)
        return Signature("started", signed.name, _local(order.started_at) or signed.signed_at)
    if any(step.step == OrderStep.ADMINISTERED for step in order.steps):
        signed = _signature(order, OrderStep.ADMINISTERED)
        note = (
            msg("recorded for the nurse {nurse}", nurse=order.administered_by)
            if order.administered_by
            else None
        )
        return Signature("administered", signed.name, _local(order.administration_started_at), note)
    return Signature("started")


def _ended(order: InfusionOrder) -> Signature:
    if order.status == OrderStatus.STOPPED:
        signed = _signature(order, OrderStep.STOPPED)
        return Signature("stopped", signed.name, _local(order.ended_at) or signed.signed_at)
    if any(step.step == OrderStep.COMPLETED for step in order.steps):
        signed = _signature(order, OrderStep.COMPLETED)
        return Signature("completed", signed.name, _local(order.ended_at) or signed.signed_at)
    return Signature("completed")


def _reduction(session: Session, order: InfusionOrder, protocol: Protocol) -> DoseReduction | None:
    """The latest reduction that brought the subject to this order's level, if it is below the start."""
    if order.dose_level_mg_per_kg >= protocol.regimen.starting_level:
        return None
    change = session.execute(
        select(DoseLevelChange)
        .where(
            DoseLevelChange.subject_id == order.subject_id,
            DoseLevelChange.to_level_mg_per_kg == order.dose_level_mg_per_kg,
            DoseLevelChange.effective_on <= order.planned_date,
        )
        .order_by(DoseLevelChange.effective_on.desc(), DoseLevelChange.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if change is None:
        start = protocol.regimen.starting_level
        reason = order.reduction_reason or msg("reduction not found in the records")
        return DoseReduction(start, order.dose_level_mg_per_kg, reason)
    reason = order.reduction_reason or change.reason
    return DoseReduction(change.from_level_mg_per_kg, order.dose_level_mg_per_kg, reason, change.effective_on)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _criteria(subject: Subject, order: InfusionOrder, protocol: Protocol) -> tuple[LabCriterion, ...]:
    """The criteria to treat for this dose day, checked by the core against the labs on record."""
    dose_date = order.visit.actual_date or order.planned_date
    day = order.visit.day or 1
    labs: list[CoreLabResult] = []
    uln_of: dict[tuple[str, date], Decimal | None] = {}
    for row in subject.lab_results:
        if row.cancelled:
            continue
        try:
            labs.append(CoreLabResult(row.lab, row.value, row.unit, row.collected_on, row.lln, row.uln))
        except DoseDeskError:
            continue  # a result the core cannot read does not count (the chart shows it)
        uln_of[(row.lab, row.collected_on)] = row.uln
    crcl = _crcl(subject, order, labs, dose_date, protocol)
    try:
        result = check_criteria_to_treat(
            protocol,
            dose_day=day,
            dose_date=dose_date,
            labs=labs,
            liver_metastases=subject.liver_metastases,
            crcl_ml_per_min=crcl,
        )
    except DoseDeskError:
        return ()
    by_lab = {criterion.lab: criterion for criterion in protocol.criteria_to_treat.criteria}
    lines: list[LabCriterion] = []
    for item in result.items:
        criterion = by_lab[item.lab]
        limit = criterion.limit_for(day, subject.liver_metastases)
        if limit is None:
            continue
        uln = uln_of.get((item.lab, item.taken)) if item.taken else None
        liver = subject.liver_metastases and criterion.liver_metastases_limits is not None
        lines.append(
            LabCriterion(
                lab=item.lab,
                kind=criterion.kind,
                limit=limit,
                value=item.value,
                unit=item.unit or criterion.unit,
                measured_on=item.taken,
                met=None if item.status == "missing" else item.met,
                uln=uln if criterion.kind == "uln" else None,
                # As computed: the paper rounds it with the one formatter, as the screen does.
                crcl_ml_per_min=crcl if criterion.or_crcl_min_ml_per_min is not None else None,
                or_crcl_min_ml_per_min=criterion.or_crcl_min_ml_per_min,
                liver_metastases=liver,
                grade=item.grade.grade if item.grade is not None else None,
            )
        )
    return tuple(lines)


def _crcl(
    subject: Subject, order: InfusionOrder, labs: list[CoreLabResult], dose_date: date, protocol: Protocol
) -> Decimal | None:
    """Cockcroft–Gault from the latest usable creatinine (when a criterion accepts it), else None."""
    if not any(c.or_crcl_min_ml_per_min for c in protocol.criteria_to_treat.criteria):
        return None
    max_age = protocol.criteria_to_treat.lab_max_age_days
    creatinine = [
        lab for lab in labs if lab.lab == "creatinine" and 0 <= (dose_date - lab.taken).days <= max_age
    ]
    if not creatinine:
        return None
    latest = max(creatinine, key=lambda lab: lab.taken)
    unit = latest.unit.replace("umol", "µmol")
    if unit not in ("µmol/L", "mg/dL"):
        return None
    try:
        return cockcroft_gault(
            _age(subject.birth_date, dose_date),
            order.weight_kg,
            subject.sex.value,
            latest.value,
            unit,  # type: ignore[arg-type]
        )
    except DoseDeskError:
        return None


def _storage(order: InfusionOrder, protocol: Protocol) -> str:
    preparation = protocol.preparation
    room = format_quantity(preparation.beyond_use_room_hours, "h")
    fridge = format_quantity(preparation.beyond_use_fridge_hours, "h")
    bag = bag_in_use(order)
    kept = bag.beyond_use_storage if bag is not None else order.beyond_use_storage
    if kept == BeyondUseStorage.FRIDGE:
        storage = msg("store at 2–8 °C: use within {fridge} after dilution", fridge=fridge)
    elif kept == BeyondUseStorage.ROOM:
        storage = msg("room temperature: use within {room} after dilution", room=room)
    else:
        storage = msg(
            "use within {room} at room temperature or {fridge} at 2–8 °C after dilution",
            room=room,
            fridge=fridge,
        )
    if preparation.protect_from_light:
        return msg("{storage}; protect from light", storage=storage)
    return storage


def _first_infusion(session: Session, order: InfusionOrder) -> bool:
    earlier = session.execute(
        select(InfusionOrder.id)
        .where(
            InfusionOrder.subject_id == order.subject_id,
            InfusionOrder.status.in_(GIVEN_ORDER_STATUSES),
            InfusionOrder.planned_date < order.planned_date,
        )
        .limit(1)
    ).first()
    return earlier is None


_SUPERSCRIPTS = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _printable(words: str) -> str:
    """Recorded words as the paper's fonts print them: a superscript power written out (×10⁹/L → ×10^9/L)."""
    return _SUPERSCRIPTS.sub(lambda found: "^" + found.group().translate(_DIGITS), words)


def _acknowledgements(order: InfusionOrder, blinded: bool = False) -> tuple[str, ...]:
    """Soft-limit warnings with their acknowledgement, and the investigator's reason to prescribe with the
    criteria to treat not met (with the criteria that were not), as recorded on the prescribe step. Printed
    blind, the warnings that name the dose and the reasons typed beside them are left out."""
    overridden = criteria_override(order)
    override = (
        (
            msg(
                "Criteria to treat not met — prescribed on the investigator's decision: {note}",
                note=_printable(overridden),
            ),
        )
        if overridden
        else ()
    )
    warnings = [line.strip() for line in (order.warnings or "").splitlines() if line.strip()]
    if blinded:
        shown = [w for w in warnings if not warning_names_dose(w)]
        return (*(msg("{warning} — acknowledged", warning=w) for w in shown), *override)
    if not warnings:
        return override
    if order.warnings_acknowledged:
        reason = order.acknowledgement_reason or msg("no reason recorded")
        return (
            *(
                msg("{warning} — acknowledged: {reason}", warning=warning, reason=reason)
                for warning in warnings
            ),
            *override,
        )
    return (*(msg("{warning} — NOT acknowledged", warning=warning) for warning in warnings), *override)


def _allergies(subject: Subject) -> tuple[str, ...]:
    text = (subject.allergies or "").strip()
    if not text:
        return ()
    return tuple(part.strip() for part in text.replace(";", ",").split(",") if part.strip())


# --- the read models ------------------------------------------------------------------------------------


def _hidden(blinded: bool, value: T) -> T | None:
    return None if blinded else value


def _bag_lines(order: InfusionOrder) -> tuple[LotUsed, ...]:
    bag = bag_in_use(order)
    lines = bag.lines if bag is not None else order.preparation_lines
    return tuple(LotUsed(line.lot_number, line.lot_expiry, line.vials) for line in lines)


def _bag_use_before(order: InfusionOrder) -> datetime | None:
    bag = bag_in_use(order)
    return bag.beyond_use_at if bag is not None else order.beyond_use_at


def _stop_words(order: InfusionOrder) -> str | None:
    if order.status != OrderStatus.STOPPED:
        return None
    try:
        words: str = STOP_REASON_WORDS[StopReason(order.stop_reason_code or "")]
    except ValueError:
        words = order.stop_reason_code or msg("no reason recorded")
    if order.stop_reason:
        words = msg("{reason}: {detail}", reason=words, detail=order.stop_reason)
    return words


def _events(order: InfusionOrder, kind: InfusionEventKind) -> tuple[str, ...]:
    lines: list[str] = []
    for event in order.events:
        if event.kind != kind:
            continue
        start = _local(event.started_at)
        end = _local(event.ended_at)
        assert start is not None
        when = start.strftime("%Y-%m-%d %H:%M")
        if end is not None:
            when = msg("{start} to {end}", start=when, end=end.strftime("%H:%M"))
        if event.grade is not None:
            when = msg("{when}, grade {grade}", when=when, grade=str(event.grade))
        lines.append(msg("{when}: {note}", when=when, note=event.note))
    return tuple(lines)


def _waste_words(code: str | None) -> str:
    for table, kind in ((REMAKE_REASON_WORDS, RemakeReason), (CANCEL_REASON_WORDS, CancelReason)):
        try:
            return table[kind(code or "")]  # type: ignore[index]
        except ValueError:
            continue
    return code or msg("no reason recorded")


def _wasted_bags(order: InfusionOrder) -> tuple[str, ...]:
    lines = []
    for bag in order.bags:
        if bag.wasted_at is None:
            continue
        wasted = _local(bag.wasted_at)
        assert wasted is not None
        lots = ", ".join(f"{line.lot_number} ({line.vials})" for line in bag.lines)
        lines.append(
            msg(
                "bag {bag}, wasted {when} ({reason}); lots {lots}",
                bag=str(bag.number),
                when=wasted.strftime("%Y-%m-%d %H:%M"),
                reason=_waste_words(bag.waste_reason_code),
                lots=lots,
            )
        )
    return tuple(lines)


def _sheet(uow: UnitOfWork, order: InfusionOrder) -> OrderSheet:
    session = uow.session
    subject = order.subject
    version = order.protocol_version
    protocol = _protocol(version.protocol_id)
    blinded = viewer(session, uow.user).blind_to(order)
    bag = bag_in_use(order)
    final_volume = order.bag_volume_ml + order.volume_to_draw_ml
    return OrderSheet(
        order_id=order.order_number,
        status=_status(order),
        subject=_paper_subject(subject),
        trial=protocol.registry,
        protocol_id=version.protocol_id,
        protocol_version=version.version,
        protocol_fingerprint=version.fingerprint,
        protocol_signed_off=version.signed_off,
        drug_name=protocol.drug.name,
        drug_short_name=protocol.drug.short_name,
        cycle=order.visit.cycle or 0,
        day=order.visit.day or 0,
        planned_date=order.planned_date,
        actual_date=order.visit.actual_date,
        weight_kg=order.weight_kg,
        weight_measured_on=order.weight_measured_on,
        baseline_weight_kg=subject.baseline_weight_kg,
        weight_change_percent=weight_change_percent(order.weight_kg, subject.baseline_weight_kg),
        dose_level_mg_per_kg=order.dose_level_mg_per_kg,
        calculated_dose_mg=_hidden(blinded, order.calculated_dose_mg),
        final_dose_mg=_hidden(blinded, order.final_dose_mg),
        reduction=_reduction(session, order, protocol),
        criteria=_criteria(subject, order, protocol),
        vial_strength_mg=protocol.product.vial_strength_mg,
        vials=_hidden(blinded, order.vials),
        waste_mg=_hidden(blinded, order.waste_mg),
        reconstitution_diluent=protocol.preparation.reconstitution_diluent,
        reconstitution_volume_ml=protocol.preparation.reconstitution_volume_ml,
        reconstituted_concentration_mg_per_ml=order.concentration_mg_per_ml,
        volume_to_draw_ml=_hidden(blinded, order.volume_to_draw_ml),
        bag_diluent=protocol.preparation.bag_diluent,
        bag_volume_ml=order.bag_volume_ml,
        final_volume_ml=_hidden(blinded, final_volume),
        final_concentration_mg_per_ml=_hidden(blinded, order.final_concentration_mg_per_ml),
        final_concentration_min_mg_per_ml=protocol.preparation.final_concentration_min_mg_per_ml,
        final_concentration_max_mg_per_ml=protocol.preparation.final_concentration_max_mg_per_ml,
        route=protocol.drug.route,
        infusion_minutes=order.infusion_minutes,
        first_infusion=_first_infusion(session, order),
        premedication=protocol.preparation.premedication,
        allergies=_allergies(subject),
        prescribed=_signature(order, OrderStep.PRESCRIBED),
        verified=_signature(order, OrderStep.VERIFIED),
        prepared=_signature(order, OrderStep.PREPARED),
        administered=_started(order),
        lots=_bag_lines(order),
        beyond_use=_local(_bag_use_before(order)),
        storage=_storage(order, protocol),
        printed_at=_now(uow),
        unconfirmed=protocol.unconfirmed,
        cancellation_reason=_cancellation(order),
        superseded_by=superseded_by(order),
        acknowledgements=_acknowledgements(order, blinded),
        checked=_signature(order, OrderStep.CHECKED),
        ended=_ended(order),
        blinded=blinded,
        bag_number=bag.number if bag is not None else None,
        volume_given_ml=order.volume_given_ml,
        dose_given_mg=order.dose_given_mg,
        stop_reason=_stop_words(order),
        interruptions=_events(order, InfusionEventKind.INTERRUPTION),
        reactions=_events(order, InfusionEventKind.REACTION),
        wasted_bags=_wasted_bags(order),
        drug_name_zh=protocol.drug.name_zh,
    )


def _cancellation(order: InfusionOrder) -> str | None:
    """Why the order was cancelled: the reason code in words, with the detail typed."""
    if order.status != OrderStatus.CANCELLED:
        return order.cancel_reason
    words = _waste_words(order.cancel_reason_code) if order.cancel_reason_code else None
    if words and order.cancel_reason:
        return msg("{reason}: {detail}", reason=words, detail=order.cancel_reason)
    return words or order.cancel_reason


def order_sheet(uow: UnitOfWork, order: str | int) -> OrderSheet:
    """The printed infusion order of `order` (its number, or database id)."""
    with uow:
        return _sheet(uow, _find_order(uow.session, order))


def bag_label(uow: UnitOfWork, order: str | int) -> BagLabel:
    """The bag label of `order`'s bag in use; an order not yet prepared prints blanks for the preparer, the
    checker and the use-before time (and, not yet verified, for its figures when printed blind)."""
    with uow:
        session = uow.session
        record = _find_order(session, order)
        protocol = _protocol(record.protocol_version.protocol_id)
        blinded = viewer(session, uow.user).blind_to(record)
        prepared = _signature(record, OrderStep.PREPARED)
        checked = _signature(record, OrderStep.CHECKED)
        bag = bag_in_use(record)
        expired = (
            bag is not None
            and record.status in (OrderStatus.PREPARED, OrderStatus.CHECKED)
            and use_before(bag.beyond_use_at, uow.now(), protocol.order_checks).expired
        )
        return BagLabel(
            order_id=record.order_number,
            status=_status(record),
            subject=_paper_subject(record.subject),
            trial=protocol.registry,
            protocol_signed_off=record.protocol_version.signed_off,
            drug_name=protocol.drug.name,
            cycle=record.visit.cycle or 0,
            day=record.visit.day or 0,
            final_dose_mg=_hidden(blinded, record.final_dose_mg),
            final_volume_ml=_hidden(blinded, record.bag_volume_ml + record.volume_to_draw_ml),
            final_concentration_mg_per_ml=_hidden(blinded, record.final_concentration_mg_per_ml),
            bag_diluent=protocol.preparation.bag_diluent,
            route=protocol.drug.route,
            infusion_minutes=record.infusion_minutes,
            beyond_use=_local(_bag_use_before(record)),
            storage=_storage(record, protocol),
            preparer=prepared.name,
            prepared_at=prepared.signed_at,
            checker=checked.name,
            checked_at=checked.signed_at,
            bag_number=bag.number if bag is not None else None,
            expired=expired,
            lots=_bag_lines(record),
            drug_name_zh=protocol.drug.name_zh,
        )


def _calendar_visit(
    visit: Visit, clinic: ClinicCalendar | None = None, waiting: frozenset[str] = frozenset()
) -> CalendarVisit:
    """A visit for the calendar; with `clinic`, the open days of its window told (for a visit to come);
    `waiting`: the labels of the doses whose date waits for a hold to end."""
    return CalendarVisit(
        label=visit.label,
        kind=visit.kind,
        target=visit.target_date,
        window_start=visit.window_start,
        window_end=visit.window_end,
        status=visit.status,
        cycle=visit.cycle,
        day=visit.day,
        suggested=visit.suggested_date,
        booked=visit.booked_date,
        actual=visit.actual_date,
        open_days=(
            tuple(clinic.open_days(visit.window_start, visit.window_end)) if clinic is not None else None
        ),
        waits_for_hold=visit.label in waiting,
    )


def _calendar_holidays(
    clinic: ClinicCalendar, start: date, end: date, language: Language
) -> tuple[CalendarHoliday, ...]:
    """The public holidays the clinic is closed on from `start` to `end`, named in `language`."""
    found: list[CalendarHoliday] = []
    day = start
    while day <= end:
        why = clinic.why_closed(day)
        if isinstance(why, Holiday):
            name = why.name_in("zh_CN") if language == "zh" else str(why)
            found.append(CalendarHoliday(day, name, why.estimated))
        day += timedelta(days=1)
    return tuple(found)


def patient_calendar(
    uow: UnitOfWork, subject_number: str, site: SiteDetails | None = None, language: Language = "en"
) -> PatientCalendar:
    """The subject's visits (all but cancelled ones), for the printed calendar and the .ics file; the clinic's
    name and phone from `site`, else from the site settings. The visits to come carry the clinic's open days
    of their windows; the public holidays from the month of the print to the last window to come are told."""
    with uow:
        site = site or site_details(uow.session, language)
        subject = subject_by_number(uow.session, subject_number)
        protocol = _protocol(subject.protocol_version.protocol_id)
        clinic = default_clinic(protocol)
        now = _now(uow)
        today = now.date()
        rows = sorted(
            (v for v in subject.visits if v.status != VisitStatus.CANCELLED),
            key=lambda v: (v.target_date, v.label),
        )
        coming = [
            v
            for v in rows
            if v.status in (VisitStatus.PLANNED, VisitStatus.BOOKED)
            and (v.actual_date or v.booked_date or v.suggested_date or v.target_date) >= today
        ]
        waiting = waiting_for_hold_labels(uow.session, subject, rows)
        visits = tuple(_calendar_visit(v, clinic if v in coming else None, waiting) for v in rows)
        last = max((max(v.window_end, v.booked_date or v.window_end) for v in coming), default=today)
        last_month_end = (date(last.year, last.month, 28) + timedelta(days=4)).replace(day=1) - timedelta(
            days=1
        )
        holidays = _calendar_holidays(clinic, today.replace(day=1), last_month_end, language)
        return PatientCalendar(
            subject=_paper_subject(subject),
            trial=protocol.registry,
            drug_name=protocol.drug.name,
            drug_name_zh=protocol.drug.name_zh,
            clinic_name=site.clinic_name,
            clinic_phone=site.clinic_phone,
            visits=visits,
            generated_at=now,
            holidays=holidays,
        )


def _clinic_line(visit: Visit, day: date, held: bool = False) -> ClinicVisitLine:
    """A visit of the day list with its warnings; a held visit says so (as the Today screen does), never "not
    booked": it waits for the hold to end, not for a booking."""
    warnings: list[str] = []
    open_visit = visit.status in (VisitStatus.PLANNED, VisitStatus.BOOKED)
    if open_visit and visit.window_end < day:
        warnings.append(msg("overdue: window closed"))
    if visit.booked_date is not None and not visit.window_start <= visit.booked_date <= visit.window_end:
        warnings.append(msg("booked outside its window"))
    if held:
        warnings.append(msg("Treatment is held at this visit."))
    elif visit.status == VisitStatus.PLANNED and visit.booked_date is None and visit.window_start <= day:
        warnings.append(msg("not booked"))
    return ClinicVisitLine(
        subject=_paper_subject(visit.subject),
        label=visit.label,
        kind=visit.kind,
        target=visit.target_date,
        window_start=visit.window_start,
        window_end=visit.window_end,
        status=visit.status,
        booked=visit.booked_date,
        warnings=tuple(warnings),
        held=held,
    )


def clinic_day(
    uow: UnitOfWork, day: date, site: SiteDetails | None = None, language: Language = "en"
) -> ClinicDay:
    """The visits of `day` (booked or done that day, due in their window, or overdue) and the orders to
    prepare for it (not cancelled), with the protocol's vial strength. What the Today screen says of each is
    said the same way: a visit whose treatment is held (`queries.held_visit_ids`), and for each order not yet
    running its criteria to treat on its planned day (met, not met, or awaiting labs) as the pharmacy queue
    checks them (`clinical.criteria_to_treat`), and its bag's use-before time."""
    from app.services.clinical import criteria_to_treat  # clinical reads these models: imported when used

    with uow:
        session = uow.session
        site = site or site_details(session, language)
        open_statuses = (VisitStatus.PLANNED, VisitStatus.BOOKED)
        visits = list(
            session.execute(
                select(Visit)
                .where(
                    or_(
                        Visit.booked_date == day,
                        Visit.actual_date == day,
                        (Visit.status == VisitStatus.PLANNED)
                        & (Visit.booked_date.is_(None))
                        & (Visit.window_start <= day)
                        & (Visit.window_end >= day),
                        (Visit.status.in_(open_statuses)) & (Visit.window_end < day),
                    )
                )
                .options(selectinload(Visit.subject).selectinload(Subject.protocol_version))
            ).scalars()
        )
        orders = list(
            session.execute(
                select(InfusionOrder)
                .where(InfusionOrder.planned_date == day, InfusionOrder.status != OrderStatus.CANCELLED)
                .options(
                    selectinload(InfusionOrder.subject),
                    selectinload(InfusionOrder.visit),
                    selectinload(InfusionOrder.protocol_version),
                    selectinload(InfusionOrder.steps),
                    selectinload(InfusionOrder.bags),
                )
            ).scalars()
        )
        held = held_visit_ids(session, sorted({v.subject_id for v in visits}))
        # An order's subject under an open hold, as the pharmacy queue marks it (`OrderRow.held`).
        held_subjects = held_subjects_of(session, (o.subject_id for o in orders))
        seen = viewer(session, uow.user)
        now = uow.now()
        preparations = []
        trials: set[str] = set()
        for order in orders:
            protocol = _protocol(order.protocol_version.protocol_id)
            trials.add(protocol.registry)
            blinded = seen.blind_to(order)
            bag = bag_in_use(order)
            state = (
                use_before(bag.beyond_use_at, now, protocol.order_checks)
                if bag is not None and order.status in (OrderStatus.PREPARED, OrderStatus.CHECKED)
                else None
            )
            met: bool | None = None
            awaiting = False
            if order.status in OPEN_ORDER_STATUSES:
                try:
                    checked = criteria_to_treat(uow, order.visit_id, order.planned_date)
                except DoseDeskError:
                    checked = None
                if checked is not None:
                    met, awaiting = checked.met, bool(checked.awaiting_labs)
            preparations.append(
                PreparationLine(
                    order_id=order.order_number,
                    subject=_paper_subject(order.subject),
                    label=order.visit.label,
                    status=_status(order),
                    dose_level_mg_per_kg=order.dose_level_mg_per_kg,
                    final_dose_mg=_hidden(blinded, order.final_dose_mg),
                    vials=_hidden(blinded, order.vials),
                    vial_strength_mg=protocol.product.vial_strength_mg,
                    volume_to_draw_ml=_hidden(blinded, order.volume_to_draw_ml),
                    use_before=_local(bag.beyond_use_at) if state is not None and bag is not None else None,
                    use_before_state=state.state if state is not None else None,
                    minutes_left=state.minutes_left if state is not None else None,
                    held=order.subject_id in held_subjects,
                    criteria_met=met,
                    awaiting_labs=awaiting,
                )
            )
        lines = []
        for visit in visits:
            trials.add(_protocol(visit.subject.protocol_version.protocol_id).registry)
            lines.append(_clinic_line(visit, day, visit.id in held))
        return ClinicDay(
            day=day,
            clinic_name=site.clinic_name,
            trial=", ".join(sorted(trials)),
            visits=tuple(lines),
            preparations=tuple(preparations),
            printed_at=_now(uow),
            audit_head=head_label(session),
        )


def wristband(
    uow: UnitOfWork, subject_number: str, site: SiteDetails | None = None, language: Language = "en"
) -> Wristband:
    """The subject's wristband insert / ID card: the identifiers and the barcode matched at the bedside; the
    clinic as the site settings name it (in `language`) unless `site` says otherwise."""
    with uow:
        site = site or site_details(uow.session, language)
        subject = subject_by_number(uow.session, subject_number)
        protocol = _protocol(subject.protocol_version.protocol_id)
        return Wristband(
            subject=_paper_subject(subject),
            code=wristband_code(subject.subject_number),
            trial=protocol.registry,
            drug_name=protocol.drug.name,
            allergies=_allergies(subject),
            clinic_name=site.clinic_name,
            printed_at=_now(uow),
        )


# --- the documents --------------------------------------------------------------------------------------


def print_order(uow: UnitOfWork, order: str | int, language: str = "en") -> bytes:
    """The infusion order in `language`: "en", "zh", or "both" where the site prints bilingual paper."""
    with uow:
        chosen = checked_language(uow.session, language)
    return render_order(order_sheet(uow, order), chosen)


def print_label(
    uow: UnitOfWork, order: str | int, size: LabelSize | None = None, language: str = "en"
) -> bytes:
    with uow:
        chosen = checked_language(uow.session, language)
    return render_label(bag_label(uow, order), size, chosen)


def patient_language(uow: UnitOfWork, subject_number: str) -> Language:
    """The language the subject reads, as recorded on the subject ("en" when not recorded): their paper's
    language unless a print asks for another."""
    with uow:
        return "zh" if subject_by_number(uow.session, subject_number).language == "zh" else "en"


def print_calendar(
    uow: UnitOfWork, subject_number: str, language: Language = "en", site: SiteDetails | None = None
) -> bytes:
    return render_calendar(patient_calendar(uow, subject_number, site, language), language)


def print_day(uow: UnitOfWork, day: date, site: SiteDetails | None = None, language: str = "en") -> bytes:
    with uow:
        chosen = checked_language(uow.session, language)
    return render_day_list(clinic_day(uow, day, site, "en" if chosen == "en" else "zh"), chosen)


def print_wristband(
    uow: UnitOfWork, subject_number: str, language: Language = "en", site: SiteDetails | None = None
) -> bytes:
    return render_wristband(wristband(uow, subject_number, site, language), language)


def export_ics(
    uow: UnitOfWork, subject_number: str, language: Language = "en", site: SiteDetails | None = None
) -> bytes:
    return calendar_ics(patient_calendar(uow, subject_number, site, language), language)
