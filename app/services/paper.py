"""Paper from the records: the printing dataclasses built through a unit of work, and the documents rendered.

    order_sheet(uow, order)                 -> OrderSheet        every element of DOMAIN.md section 7
    bag_label(uow, order)                   -> BagLabel
    patient_calendar(uow, subject, site)    -> PatientCalendar   the subject's visits, the clinic's phone
    clinic_day(uow, day, site)              -> ClinicDay         the visits of a date and its preparations
    print_order / print_label / print_calendar / print_day / export_ics   -> bytes (PDF or .ics)

`order` is an order number as printed under the barcode (or the order's database id); `subject` a subject
number. Only reads: nothing is committed. A missing order or subject is a `NotFoundError` in the user's words.
Figures are copied from the records (the dose the order was made with), never recomputed here, except the
criteria to treat, checked by the core against the labs on record for the dose date. An order prescribed with
its criteria to treat not met prints the investigator's recorded reason among its acknowledged warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from app.dosing import cockcroft_gault, weight_change_percent
from app.dosing.format import format_quantity
from app.errors import DoseDeskError, NotFoundError
from app.models import (
    BeyondUseStorage,
    DoseLevelChange,
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
    calendar_ics,
    render_calendar,
    render_day_list,
    render_label,
    render_order,
)
from app.printing import (
    Subject as PaperSubject,
)
from app.printing.data import Language, SignatureStep
from app.printing.data import OrderStatus as PaperOrderStatus
from app.protocol import Protocol
from app.services.protocols import protocol_file
from app.services.queries import criteria_override, superseded_by
from app.services.settings import read_settings
from app.services.uow import UnitOfWork
from app.text import msg
from app.toxicity.criteria import check_criteria_to_treat
from app.toxicity.labs import LabResult as CoreLabResult

NO_PHONE = "__________________"


@dataclass(frozen=True)
class SiteDetails:
    """The clinic as patients know it: its name and the phone number printed on calendars ("" for the name:
    the site has not named it, and the paper says "clinical trial clinic" in its own language).

    Given to a document, it is printed as given; when not given, the site settings' clinic name (in the
    document's language) and phone are printed (`site_details`)."""

    clinic_name: str = ""
    clinic_phone: str = NO_PHONE


def site_details(session: Session, language: Language = "en") -> SiteDetails:
    """The clinic's name (in `language` where the site gave one) and phone from the site settings; a blank line
    to write the phone on when the site has not set it."""
    settings = read_settings(session)
    return SiteDetails(settings.clinic_name_for(language), settings.clinic_phone or NO_PHONE)


# --- small helpers --------------------------------------------------------------------------------------


def _local(moment: datetime | None) -> datetime | None:
    """An aware instant as the site's wall-clock time, for paper."""
    if moment is None:
        return None
    return moment.astimezone().replace(tzinfo=None)


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
        )
    )
    found = list(session.execute(query).scalars())
    exact = [order for order in found if order.order_number == text]
    if exact:
        return exact[0]
    if found:
        return found[0]
    raise NotFoundError(msg("There is no order {order}.", order=text))


def _find_subject(session: Session, subject_number: str) -> Subject:
    text = subject_number.strip()
    subject = session.execute(select(Subject).where(Subject.subject_number == text)).scalar_one_or_none()
    if subject is None:
        raise NotFoundError(msg("There is no subject {subject}.", subject=text))
    return subject


def _protocol(protocol_id: str) -> Protocol:
    """The protocol file in use for `protocol_id` (found by id only: shipped or put in use and registered)."""
    return protocol_file(protocol_id)


_ORDER_STATUSES: dict[OrderStatus, PaperOrderStatus] = {
    OrderStatus.DRAFT: "draft",
    OrderStatus.PRESCRIBED: "prescribed",
    OrderStatus.VERIFIED: "verified",
    OrderStatus.PREPARED: "prepared",
    OrderStatus.ADMINISTERED: "administered",
    OrderStatus.CANCELLED: "cancelled",
}


def _status(order: InfusionOrder) -> PaperOrderStatus:
    if order.status == OrderStatus.CANCELLED and superseded_by(order):
        return "superseded"
    return _ORDER_STATUSES[order.status]


_STEPS: dict[OrderStep, SignatureStep] = {
    OrderStep.PRESCRIBED: "prescribed",
    OrderStep.VERIFIED: "verified",
    OrderStep.PREPARED: "prepared",
    OrderStep.ADMINISTERED: "administered",
}


def _signature(order: InfusionOrder, step: OrderStep) -> Signature:
    """Who signed `step` (the printed name of their e-signature) and when; empty while unsigned."""
    meaning = _STEPS[step]
    for taken in reversed(order.steps):
        if taken.step == step:
            if taken.signature is not None:
                return Signature(meaning, taken.signature.printed_name, _local(taken.signature.signed_at))
            return Signature(meaning, taken.user.full_name, _local(taken.at))
    return Signature(meaning)


def _administered(order: InfusionOrder) -> Signature:
    if order.administered_by and order.administration_started_at is not None:
        return Signature("administered", order.administered_by, _local(order.administration_started_at))
    return _signature(order, OrderStep.ADMINISTERED)


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
    if order.beyond_use_storage == BeyondUseStorage.FRIDGE:
        storage = msg("store at 2–8 °C: use within {fridge} after dilution", fridge=fridge)
    elif order.beyond_use_storage == BeyondUseStorage.ROOM:
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
            InfusionOrder.status == OrderStatus.ADMINISTERED,
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


def _acknowledgements(order: InfusionOrder) -> tuple[str, ...]:
    """Soft-limit warnings with their acknowledgement, and the investigator's reason to prescribe with the
    criteria to treat not met (with the criteria that were not), as recorded on the prescribe step."""
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


def _sheet(uow: UnitOfWork, order: InfusionOrder) -> OrderSheet:
    session = uow.session
    subject = order.subject
    version = order.protocol_version
    protocol = _protocol(version.protocol_id)
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
        calculated_dose_mg=order.calculated_dose_mg,
        final_dose_mg=order.final_dose_mg,
        reduction=_reduction(session, order, protocol),
        criteria=_criteria(subject, order, protocol),
        vial_strength_mg=protocol.product.vial_strength_mg,
        vials=order.vials,
        waste_mg=order.waste_mg,
        reconstitution_diluent=protocol.preparation.reconstitution_diluent,
        reconstitution_volume_ml=protocol.preparation.reconstitution_volume_ml,
        reconstituted_concentration_mg_per_ml=order.concentration_mg_per_ml,
        volume_to_draw_ml=order.volume_to_draw_ml,
        bag_diluent=protocol.preparation.bag_diluent,
        bag_volume_ml=order.bag_volume_ml,
        final_volume_ml=order.bag_volume_ml + order.volume_to_draw_ml,
        final_concentration_mg_per_ml=order.final_concentration_mg_per_ml,
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
        administered=_administered(order),
        lots=tuple(LotUsed(line.lot_number, line.lot_expiry, line.vials) for line in order.preparation_lines),
        beyond_use=_local(order.beyond_use_at),
        storage=_storage(order, protocol),
        printed_at=_now(uow),
        unconfirmed=protocol.unconfirmed,
        cancellation_reason=order.cancel_reason,
        superseded_by=superseded_by(order),
        acknowledgements=_acknowledgements(order),
    )


def order_sheet(uow: UnitOfWork, order: str | int) -> OrderSheet:
    """The printed infusion order of `order` (its number, or database id)."""
    with uow:
        return _sheet(uow, _find_order(uow.session, order))


def bag_label(uow: UnitOfWork, order: str | int) -> BagLabel:
    """The bag label of `order`; an order not yet prepared prints blanks for the preparer and beyond-use."""
    with uow:
        record = _find_order(uow.session, order)
        protocol = _protocol(record.protocol_version.protocol_id)
        prepared = _signature(record, OrderStep.PREPARED)
        return BagLabel(
            order_id=record.order_number,
            status=_status(record),
            subject=_paper_subject(record.subject),
            trial=protocol.registry,
            protocol_signed_off=record.protocol_version.signed_off,
            drug_name=protocol.drug.name,
            cycle=record.visit.cycle or 0,
            day=record.visit.day or 0,
            final_dose_mg=record.final_dose_mg,
            final_volume_ml=record.bag_volume_ml + record.volume_to_draw_ml,
            final_concentration_mg_per_ml=record.final_concentration_mg_per_ml,
            bag_diluent=protocol.preparation.bag_diluent,
            route=protocol.drug.route,
            infusion_minutes=record.infusion_minutes,
            beyond_use=_local(record.beyond_use_at),
            storage=_storage(record, protocol),
            preparer=prepared.name,
            prepared_at=prepared.signed_at,
        )


def _calendar_visit(visit: Visit) -> CalendarVisit:
    return CalendarVisit(
        label=visit.label,
        kind=visit.kind.value,
        target=visit.target_date,
        window_start=visit.window_start,
        window_end=visit.window_end,
        status=visit.status.value,
        cycle=visit.cycle,
        day=visit.day,
        suggested=visit.suggested_date,
        booked=visit.booked_date,
        actual=visit.actual_date,
    )


def patient_calendar(
    uow: UnitOfWork, subject_number: str, site: SiteDetails | None = None, language: Language = "en"
) -> PatientCalendar:
    """The subject's visits (all but cancelled ones), for the printed calendar and the .ics file; the clinic's
    name and phone from `site`, else from the site settings."""
    with uow:
        site = site or site_details(uow.session, language)
        subject = _find_subject(uow.session, subject_number)
        protocol = _protocol(subject.protocol_version.protocol_id)
        visits = tuple(
            _calendar_visit(visit)
            for visit in sorted(subject.visits, key=lambda v: (v.target_date, v.label))
            if visit.status != VisitStatus.CANCELLED
        )
        return PatientCalendar(
            subject=_paper_subject(subject),
            trial=protocol.registry,
            drug_name=protocol.drug.name,
            drug_name_zh=protocol.drug.name_zh,
            clinic_name=site.clinic_name,
            clinic_phone=site.clinic_phone,
            visits=visits,
            generated_at=_now(uow),
        )


def _clinic_line(visit: Visit, day: date) -> ClinicVisitLine:
    warnings: list[str] = []
    open_visit = visit.status in (VisitStatus.PLANNED, VisitStatus.BOOKED)
    if open_visit and visit.window_end < day:
        warnings.append(msg("overdue: window closed"))
    if visit.booked_date is not None and not visit.window_start <= visit.booked_date <= visit.window_end:
        warnings.append(msg("booked outside its window"))
    if visit.status == VisitStatus.PLANNED and visit.booked_date is None and visit.window_start <= day:
        warnings.append(msg("not booked"))
    return ClinicVisitLine(
        subject=_paper_subject(visit.subject),
        label=visit.label,
        kind=visit.kind.value,
        target=visit.target_date,
        window_start=visit.window_start,
        window_end=visit.window_end,
        status=visit.status.value,
        booked=visit.booked_date,
        warnings=tuple(warnings),
    )


def clinic_day(uow: UnitOfWork, day: date, site: SiteDetails | None = None) -> ClinicDay:
    """The visits of `day` (booked or done that day, due in their window, or overdue) and the orders to
    prepare for it (not cancelled), with the protocol's vial strength."""
    with uow:
        session = uow.session
        site = site or site_details(session)
        open_statuses = (VisitStatus.PLANNED, VisitStatus.BOOKED)
        visits = session.execute(
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
        orders = session.execute(
            select(InfusionOrder)
            .where(InfusionOrder.planned_date == day, InfusionOrder.status != OrderStatus.CANCELLED)
            .options(
                selectinload(InfusionOrder.subject),
                selectinload(InfusionOrder.visit),
                selectinload(InfusionOrder.protocol_version),
                selectinload(InfusionOrder.steps),
            )
        ).scalars()
        preparations = []
        trials: set[str] = set()
        for order in orders:
            protocol = _protocol(order.protocol_version.protocol_id)
            trials.add(protocol.registry)
            preparations.append(
                PreparationLine(
                    order_id=order.order_number,
                    subject=_paper_subject(order.subject),
                    label=order.visit.label,
                    status=_status(order),
                    dose_level_mg_per_kg=order.dose_level_mg_per_kg,
                    final_dose_mg=order.final_dose_mg,
                    vials=order.vials,
                    vial_strength_mg=protocol.product.vial_strength_mg,
                    volume_to_draw_ml=order.volume_to_draw_ml,
                )
            )
        lines = []
        for visit in visits:
            trials.add(_protocol(visit.subject.protocol_version.protocol_id).registry)
            lines.append(_clinic_line(visit, day))
        return ClinicDay(
            day=day,
            clinic_name=site.clinic_name,
            trial=", ".join(sorted(trials)),
            visits=tuple(lines),
            preparations=tuple(preparations),
            printed_at=_now(uow),
        )


# --- the documents --------------------------------------------------------------------------------------


def print_order(uow: UnitOfWork, order: str | int) -> bytes:
    return render_order(order_sheet(uow, order))


def print_label(uow: UnitOfWork, order: str | int, size: LabelSize | None = None) -> bytes:
    return render_label(bag_label(uow, order), size)


def print_calendar(
    uow: UnitOfWork, subject_number: str, language: Language = "en", site: SiteDetails | None = None
) -> bytes:
    return render_calendar(patient_calendar(uow, subject_number, site, language), language)


def print_day(uow: UnitOfWork, day: date, site: SiteDetails | None = None) -> bytes:
    return render_day_list(clinic_day(uow, day, site))


def export_ics(
    uow: UnitOfWork, subject_number: str, language: Language = "en", site: SiteDetails | None = None
) -> bytes:
    return calendar_ics(patient_calendar(uow, subject_number, site, language), language)
