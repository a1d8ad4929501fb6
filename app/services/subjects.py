"""Subjects: enrolment (screening to C1D1, the calendar generated and stored), corrections, screen failure.

    enrol_subject(uow, subject_number="001-001", initials="LW", birth_date=…, sex="female",
                  baseline_weight_kg=Decimal("61.4"), height_cm=Decimal("158"), planned_c1d1=…)  -> SubjectHeader
    correct_subject(uow, subject_id, reason, allergies="penicillin")                         -> SubjectHeader
    set_hospital_number(uow, subject_id, "0012345678", reason)                                  -> SubjectHeader
    set_subject_language(uow, subject_id, "zh", reason)                                         -> SubjectHeader
    record_screen_failure(uow, subject_id, reason)                                              -> SubjectHeader

A subject is enrolled under the protocol version in use (kept on the record), at the protocol's starting dose
level, in screening until the first dose is given (`orders.start_infusion` then records C1D1).

The hospital number (the medical record number the laboratory and the wards use) is recorded at enrolment or
later, with a reason; it is unique, and the laboratory's files are matched on it. It identifies the patient:
it is never written to a log, and never named in a sentence that may reach one.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.dosing import format_quantity
from app.errors import InputError
from app.inputs import shown
from app.models import Role, Sex, Subject, SubjectStatus, User, Visit, VisitKind, VisitStatus
from app.protocol import Protocol
from app.scheduling.disposition import Disposition, dump_params
from app.scheduling.visit_reasons import VisitReason
from app.services._common import (
    check_date,
    check_quantity,
    load,
    local_today,
    optional_text,
    require_any_role,
    require_reason,
)
from app.services._words import SUBJECT_STATUS
from app.services.protocols import TRIAL_PROTOCOL, current_version, protocol_of
from app.services.queries import SubjectHeader, subject_header
from app.services.reasons import reason as audit_reason
from app.services.uow import UnitOfWork
from app.services.visits import OPEN, rederive_calendar
from app.text import Message, msg

ENROLLERS = (Role.COORDINATOR, Role.INVESTIGATOR)

_SUBJECT_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$")
_INITIALS = re.compile(r"^[A-Z][A-Z-]{0,7}$")
# A medical record number: letters, digits, dots, dashes and slashes, with at least two digits (so that the errors
# log's scrubbing, which takes out every word holding digits, always takes it out).
_HOSPITAL_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9./-]{0,31}$")
# Plausibility, not trial rules: a height or an age outside these is a typing error.
_HEIGHT_MIN_CM = Decimal(50)
_HEIGHT_MAX_CM = Decimal(280)
_OLDEST_YEARS = 120


def _subject_number(text: str) -> str:
    number = (text or "").strip() if isinstance(text, str) else ""
    if not _SUBJECT_NUMBER.match(number):
        raise InputError(
            msg("A subject number is 1 to 32 letters, digits, dots, dashes or slashes, like 001-001.")
        )
    return number


def _initials(text: str) -> str:
    initials = "".join((text or "").split()).upper() if isinstance(text, str) else ""
    if not _INITIALS.match(initials):
        raise InputError(msg("Initials are 1 to 8 letters (a dash allowed), like LW."))
    return initials


def check_hospital_number(text: object) -> str | None:
    """A hospital number as typed, stripped and in capitals (None when empty); refused unless plausible."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise InputError(msg("A hospital number is text."))
    number = text.strip().upper()
    if not number:
        return None
    if not _HOSPITAL_NUMBER.match(number) or sum(c.isdigit() for c in number) < 2:
        raise InputError(
            msg(
                "A hospital number is 2 to 32 letters, digits, dots, dashes or slashes with at least two digits, "
                "like 0012345678 or ZS-2026-0117: check it against the patient's wristband or record."
            )
        )
    return number


def _hospital_number_taken(session: Any, number: str, subject_id: int | None = None) -> bool:
    query = select(Subject.id).where(Subject.hospital_number == number)
    if subject_id is not None:
        query = query.where(Subject.id != subject_id)
    return session.execute(query).first() is not None


LANGUAGES = ("en", "zh")


def check_language(value: object) -> str | None:
    """The language a subject reads: "en" or "zh" (None: not recorded); anything else is refused."""
    if value is None or value == "":
        return None
    if value not in LANGUAGES:
        raise InputError(msg("The language a subject reads is English (en) or Chinese (zh), not {value}.", value=shown(value)))
    return str(value)


def _sex(value: str | Sex) -> Sex:
    try:
        return Sex(value)
    except ValueError:
        raise InputError(msg("Sex must be female or male, not {value}.", value=repr(value))) from None


def _decimal(value: Any, what: Message) -> Decimal:
    """`value` as a finite Decimal; else an InputError naming `what`, a message starting the sentence."""
    if isinstance(value, (Decimal, int, str)) and not isinstance(value, bool):
        return check_quantity(value, what)
    raise InputError(msg("{what} must be a number, not {value}.", what=what, value=shown(value)))


def _baseline_weight(protocol: Protocol, value: Any) -> Decimal:
    weight = _decimal(value, msg("The baseline weight"))
    rules = protocol.dosing
    if not rules.weight_hard_min_kg <= weight <= rules.weight_hard_max_kg:
        raise InputError(
            msg(
                "A baseline weight of {weight} is outside {low} to {high}: check the weight and that it is in kg.",
                weight=format_quantity(weight, "kg"),
                low=format_quantity(rules.weight_hard_min_kg, "kg"),
                high=format_quantity(rules.weight_hard_max_kg, "kg"),
            )
        )
    return weight


def _height(value: Any) -> Decimal:
    height = _decimal(value, msg("The height"))
    if not _HEIGHT_MIN_CM <= height <= _HEIGHT_MAX_CM:
        raise InputError(
            msg(
                "A height of {height} is not plausible: check it is in cm.",
                height=format_quantity(height, "cm"),
            )
        )
    return height


def _birth_date(value: Any, today: date) -> date:
    if not isinstance(value, date):
        raise InputError(msg("Give the date of birth."))
    check_date(value, msg("The date of birth"))
    if value >= today:
        raise InputError(msg("The date of birth must be in the past."))
    if today.year - value.year > _OLDEST_YEARS:
        raise InputError(
            msg(
                "A date of birth of {birth_date} is not plausible: check the year.",
                birth_date=value.isoformat(),
            )
        )
    return value


def enrol_subject(
    uow: UnitOfWork,
    *,
    subject_number: str,
    initials: str,
    birth_date: date,
    sex: str | Sex,
    baseline_weight_kg: Decimal,
    height_cm: Decimal,
    planned_c1d1: date,
    allergies: str = "",
    liver_metastases: bool = False,
    can_become_pregnant: bool = False,
    screening_date: date | None = None,
    protocol_id: str = TRIAL_PROTOCOL,
    hospital_number: str | None = None,
    language: str | None = None,
) -> SubjectHeader:
    """Enrol a subject in screening, with C1D1 planned, and store the calendar the protocol lays out.

    `screening_date`, when given, records the screening visit as done that day (within the protocol's screening
    window before C1D1). `hospital_number`: the hospital's medical record number (optional; unique). `language`:
    the language the patient reads ("en" or "zh"), their paper's language. A coordinator or an investigator
    enrols.
    """
    number = _subject_number(subject_number)
    mrn = check_hospital_number(hospital_number)
    reads = check_language(language)
    letters = _initials(initials)
    chosen_sex = _sex(sex)
    for day, what in (
        (birth_date, msg("The date of birth")),
        (planned_c1d1, msg("The planned date of C1D1")),
        (screening_date, msg("The screening date")),
    ):
        if isinstance(day, date):
            check_date(day, what)
    allergy_text = optional_text(allergies, msg("The allergies")) or ""
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *ENROLLERS)
        today = local_today(uow)
        protocol, version = current_version(uow, protocol_id)
        weight = _baseline_weight(protocol, baseline_weight_kg)
        height = _height(height_cm)
        born = _birth_date(birth_date, today)
        if not isinstance(planned_c1d1, date):
            raise InputError(msg("Give the planned date of C1D1, the first dose."))
        if planned_c1d1 < today:
            raise InputError(msg("C1D1 is the first dose: plan it from today on."))
        if screening_date is not None:
            window = protocol.schedule.screening_days_before
            if screening_date > today:
                raise InputError(msg("Screening can be recorded as done only on a day that has come."))
            if not 0 < (planned_c1d1 - screening_date).days <= window:
                raise InputError(
                    msg(
                        "Screening on {day} must fall in the {days} days before C1D1 ({c1d1}).",
                        day=screening_date.isoformat(),
                        days=window,
                        c1d1=planned_c1d1.isoformat(),
                    )
                )
        if session.execute(select(Subject.id).where(Subject.subject_number == number)).first() is not None:
            raise InputError(msg("Subject number {number} is already enrolled.", number=number))
        if mrn is not None and _hospital_number_taken(session, mrn):
            raise InputError(_HOSPITAL_NUMBER_TAKEN)
        subject = Subject(
            subject_number=number,
            initials=letters,
            birth_date=born,
            sex=chosen_sex,
            allergies=allergy_text,
            liver_metastases=bool(liver_metastases),
            baseline_weight_kg=weight,
            height_cm=height,
            can_become_pregnant=bool(can_become_pregnant),
            protocol_version=version,
            status=SubjectStatus.SCREENING,
            current_dose_level_mg_per_kg=protocol.regimen.starting_level,
            enrolled_at=uow.now(),
            hospital_number=mrn,
            language=reads,
        )
        try:
            with uow.acting(user, audit_reason("subject_enrolled", number=number)):
                session.add(subject)
                session.flush()
        except IntegrityError:
            raise InputError(
                msg(
                    "Subject number {number} (or its hospital number) was enrolled on another workstation just "
                    "now.",
                    number=number,
                )
            ) from None
        rederive_calendar(uow, subject, audit_reason("calendar_enrolment"), c1d1=planned_c1d1)
        if screening_date is not None:
            screening = session.execute(
                select(Visit).where(Visit.subject_id == subject.id, Visit.kind == VisitKind.SCREENING)
            ).scalar_one()
            with uow.acting(user, audit_reason("screening_done")):
                screening.status = VisitStatus.DONE
                screening.actual_date = screening_date
            rederive_calendar(uow, subject, audit_reason("calendar_after_screening"))
        header = subject_header(session, subject)
        uow.commit()
        return header


_HOSPITAL_NUMBER_TAKEN = msg("Another subject already has this hospital number: check it.")


def set_hospital_number(uow: UnitOfWork, subject_id: int, number: str | None, reason: str) -> SubjectHeader:
    """Record (or correct, or clear with None) a subject's hospital number, with a reason (a coordinator or an
    investigator). Refused when another subject has it."""
    text = require_reason(reason, msg("Recording a hospital number"))
    mrn = check_hospital_number(number)
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *ENROLLERS)
        subject = load(session, Subject, subject_id, msg("subject"))
        if mrn is not None and _hospital_number_taken(session, mrn, subject.id):
            raise InputError(_HOSPITAL_NUMBER_TAKEN)
        if subject.hospital_number != mrn:
            try:
                with uow.acting(user, text):
                    subject.hospital_number = mrn
                    session.flush()
            except IntegrityError:
                raise InputError(
                    msg("Another workstation gave this hospital number to a subject just now: check it.")
                ) from None
        header = subject_header(session, subject)
        uow.commit()
        return header


def set_subject_language(uow: UnitOfWork, subject_id: int, language: str | None, reason: str) -> SubjectHeader:
    """Record (or change) the language the subject reads, "en" or "zh", with a reason (a coordinator or an
    investigator): their calendar, wristband and calendar file print in it unless a print asks for another."""
    text = require_reason(reason, msg("Recording the language a subject reads"))
    reads = check_language(language)
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *ENROLLERS)
        subject = load(session, Subject, subject_id, msg("subject"))
        if subject.language != reads:
            with uow.acting(user, text):
                subject.language = reads
        header = subject_header(session, subject)
        uow.commit()
        return header


_CORRECTABLE = {
    "initials",
    "birth_date",
    "sex",
    "allergies",
    "liver_metastases",
    "baseline_weight_kg",
    "height_cm",
    "can_become_pregnant",
}


def correct_subject(uow: UnitOfWork, subject_id: int, reason: str, **changes: Any) -> SubjectHeader:
    """Correct a subject's details with a reason (recorded with the old and new values in the audit trail).

    Fields: initials, birth_date, sex, allergies, liver_metastases, baseline_weight_kg, height_cm,
    can_become_pregnant. A coordinator or an investigator corrects.
    """
    text = require_reason(reason, msg("Correcting a subject's details"))
    unknown = sorted(set(changes) - _CORRECTABLE)
    if unknown:
        raise InputError(msg("These details cannot be corrected here: {fields}.", fields=", ".join(unknown)))
    if not changes:
        raise InputError(msg("Nothing to correct."))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *ENROLLERS)
        subject = load(session, Subject, subject_id, msg("subject"))
        protocol = protocol_of(subject)
        today = local_today(uow)
        values: dict[str, Any] = {}
        for field, value in changes.items():
            if field == "initials":
                values[field] = _initials(value)
            elif field == "birth_date":
                values[field] = _birth_date(value, today)
            elif field == "sex":
                values[field] = _sex(value)
            elif field == "allergies":
                values[field] = optional_text(value, msg("The allergies")) or ""
            elif field == "baseline_weight_kg":
                values[field] = _baseline_weight(protocol, value)
            elif field == "height_cm":
                values[field] = _height(value)
            else:
                values[field] = bool(value)
        with uow.acting(user, text):
            for field, value in values.items():
                if getattr(subject, field) != value:
                    setattr(subject, field, value)
        header = subject_header(session, subject)
        uow.commit()
        return header


def screen_fail(
    uow: UnitOfWork,
    user: User,
    subject: Subject,
    text: str,
    params: dict[str, object] | None = None,
    detail: str | None = None,
) -> None:
    """The subject becomes a screen failure, off study today; their planned visits are cancelled with `text`.
    The record keeps the disposition SCREEN FAILURE with `params` (the eligibility decision's reason code and
    criteria) and `detail` as typed, or `text` when the failure was recorded without a coded reason.
    The caller has checked the subject is in screening, and commits."""
    with uow.acting(user, text):
        subject.status = SubjectStatus.SCREEN_FAILED
        subject.off_study_on = local_today(uow)
        subject.off_study_code = str(Disposition.SCREEN_FAILURE)
        subject.off_study_params = dump_params(params)
        subject.off_study_reason = detail if params else text
        for visit in subject.visits:
            if visit.status in OPEN:
                visit.status = VisitStatus.CANCELLED
                visit.status_reason_code = str(VisitReason.SCREEN_FAILURE)
                visit.status_reason = text
                visit.booked_date = None


def record_screen_failure(uow: UnitOfWork, subject_id: int, reason: str) -> SubjectHeader:
    """A subject in screening does not go on to C1D1: their planned visits are cancelled with the reason."""
    text = require_reason(reason, msg("Recording a screen failure"))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *ENROLLERS)
        subject = load(session, Subject, subject_id, msg("subject"))
        if subject.status != SubjectStatus.SCREENING:
            raise InputError(
                msg(
                    "{subject} is not in screening ({status}).",
                    subject=subject.subject_number,
                    status=SUBJECT_STATUS.get(subject.status, subject.status),
                )
            )
        screen_fail(uow, user, subject, text)
        header = subject_header(session, subject)
        uow.commit()
        return header
