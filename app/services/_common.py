"""Small helpers the clinical services share: who may act, what day it is, loading a record or saying why not,
and whether what a person typed is plausible.

Private to `app.services`: screens and scripts call the use cases in subjects, visits, clinical, orders,
toxicities, protocols and queries, never these.

The plausibility checks (`check_date`, `check_quantity`, `check_count`, `check_name`, `check_identifier`,
`require_reason`, `optional_text`) apply the limits of `app.inputs`, the ones the command line applies too:
dates between 1900 and 2200, counts and quantities of sane size, lengths of notes, reasons and names, no
control or direction-override characters. A service checks its inputs with them at its top, so the window,
which calls the services directly, is refused exactly as the command line is.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import inputs
from app.errors import InputError, NotFoundError
from app.inputs import MAX_COUNT, MAX_IDENTIFIER, MAX_NAME, MAX_NOTE, MAX_REASON
from app.models import Base, Role, Subject, User, Visit
from app.services.audit import Actor
from app.services.uow import UnitOfWork
from app.services.users import NotAllowedError
from app.text import Message, join_or, msg

RecordT = TypeVar("RecordT", bound=Base)

_ROLE_WORDS: dict[Role, Message] = {
    Role.ADMIN: msg("an administrator"),
    Role.PHARMACIST: msg("a pharmacist"),
    Role.COORDINATOR: msg("a coordinator"),
    Role.INVESTIGATOR: msg("an investigator"),
    Role.NURSE: msg("a nurse"),
}


def require_any_role(session: Session, actor: Actor | None, *roles: Role) -> User:
    """The acting user's row when that user is active, not locked and holds one of `roles`.

    Raises NotAllowedError (an InputError) in plain words otherwise, so nothing is changed.
    """
    wanted = join_or(_ROLE_WORDS[r] for r in roles)
    if actor is None or actor.id is None:
        raise NotAllowedError(msg("Sign in as {roles} to do this.", roles=wanted))
    user = session.get(User, actor.id)
    if user is None or not user.active or user.locked:
        raise NotAllowedError(msg("Your account cannot be used; ask an administrator."))
    if not any(user.has_role(role) for role in roles):
        raise NotAllowedError(
            msg("Only {roles} can do this, and {name} is not one.", roles=wanted, name=user.full_name)
        )
    return user


def local_today(uow: UnitOfWork) -> date:
    """Today's date at the site: the unit of work's clock, read in the workstation's time zone."""
    return uow.now().astimezone().date()


def local_date(moment: datetime) -> date:
    """The site's calendar date of an instant (an aware datetime)."""
    return moment.astimezone().date()


def wall_clock(moment: datetime) -> datetime:
    """An aware instant as the site's wall-clock time (naive), for paper and exports."""
    return moment.astimezone().replace(tzinfo=None)


def subject_by_number(session: Session, subject_number: str) -> Subject:
    """The subject numbered `subject_number` (as printed), or NotFoundError in the user's words."""
    text = subject_number.strip()
    subject = session.execute(select(Subject).where(Subject.subject_number == text)).scalar_one_or_none()
    if subject is None:
        raise NotFoundError(msg("There is no subject {subject}.", subject=text))
    return subject


def require_reason(reason: str | None, what: str, *, limit: int = MAX_REASON) -> str:
    """The reason, tidied; an InputError saying `what` needs one when it is empty, or why it cannot be kept
    (longer than `limit`, a control or direction-override character).

    `what` is a message that starts the sentence: `require_reason(reason, msg("Cancelling an order"))`."""
    text = inputs.reason_text(reason, msg("The reason"), limit=limit)
    if not text:
        raise InputError(msg("{what} needs a reason.", what=what))
    return text


def optional_text(text: str | None, what: str | None = None, *, limit: int = MAX_NOTE) -> str | None:
    """Free text as typed (a note, an optional reason), tidied; None when empty. `what` names it at the start of
    a sentence when it is refused (too long, a control or direction-override character)."""
    tidied = inputs.free_text(text, what if what is not None else msg("The text"), limit=limit)
    return tidied or None


def check_date(value: Any, what: str) -> date:
    """A date a person gave, between 1900-01-01 and 2200-12-31 (`what` starts the sentence)."""
    return inputs.calendar_date(value, what)


def check_quantity(value: Any, what: str, **limits: Any) -> Decimal:
    """A quantity (Decimal, int or text) within the plausibility limits (see `app.inputs.plausible_decimal`)."""
    return inputs.plausible_decimal(value, what, **limits)


def check_count(value: Any, what: str, *, minimum: int = 1, maximum: int = MAX_COUNT) -> int:
    """A whole number a person typed, within `minimum`..`maximum`."""
    return inputs.count(value, what, minimum=minimum, maximum=maximum)


def check_name(value: Any, what: str, *, limit: int = MAX_NAME) -> str:
    """A person's name as typed (who measured, who gave, a user's full name), tidied; "" when empty."""
    return inputs.name_text(value, what, limit=limit)


def check_identifier(value: Any, what: str, *, limit: int = MAX_IDENTIFIER) -> str:
    """An identifier as typed (a reference, a user name, a lot number), stripped; "" when empty."""
    return inputs.identifier(value, what, limit=limit)


def load(
    session: Session, model: type[RecordT], record_id: int, what: str, *, for_update: bool = False
) -> RecordT:
    """The record of `model` with this id, or NotFoundError naming `what`, a message (`msg("subject")`,
    `msg("order")` …).

    `for_update`: the record is about to be changed from what it says now (a count, a status): on PostgreSQL its
    row is locked until the work ends (another workstation's change waits, then reads afresh) and it is read
    again from the database. Without it, a change made from an overtaken read is still refused (the record's
    row version, and the unit of work's check of what others did meanwhile)."""
    if isinstance(record_id, bool) or not isinstance(record_id, int):
        raise NotFoundError(msg("There is no {what} {number}.", what=what, number=repr(record_id)))
    if for_update:
        record = session.get(model, record_id, with_for_update=True, populate_existing=True)
    else:
        record = session.get(model, record_id)
    if record is None:
        raise NotFoundError(msg("There is no {what} with the number {number}.", what=what, number=record_id))
    return record


def subject_visit(session: Session, subject: Subject, visit_id: int | None) -> Visit | None:
    """The visit `visit_id` of `subject` (None when no visit is named); refused when it is another subject's."""
    if visit_id is None:
        return None
    visit = load(session, Visit, visit_id, msg("visit"))
    if visit.subject_id != subject.id:
        raise InputError(
            msg(
                "Visit {label} is not one of {subject}'s visits.",
                label=visit.label,
                subject=subject.subject_number,
            )
        )
    return visit


def require_aware(moment: datetime, what: str) -> datetime:
    """`moment` when it is an aware datetime; an InputError naming `what` otherwise.

    `what` is a message that starts the sentence: `require_aware(moment, msg("The start time"))`. A plain
    string (not a message) is capitalised, as before."""
    subject: str = what if isinstance(what, Message) else what.capitalize()
    if not isinstance(moment, datetime):
        raise InputError(msg("{what} must be a date and time.", what=subject))
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InputError(msg("{what} needs its time zone.", what=subject))
    return moment


Code = TypeVar("Code", bound=StrEnum)


def chosen_code(
    code: str,
    choices: Sequence[Code],
    what: str,
    *,
    words: Mapping[Code, Message] | None = None,
    detail: str | None = None,
    detail_required: Collection[Code] = (),
) -> Code:
    """`code` as one of `choices` (a controlled vocabulary of the core), with the detail it needs; an
    InputError in the user's words otherwise. `what` starts the sentence ("Omitting a dose needs …")."""
    chosen = next((choice for choice in choices if choice.value == code), None)
    if chosen is None:
        raise InputError(msg("{what} needs one of the reasons offered.", what=what))
    if chosen in detail_required and not detail:
        reason = words[chosen] if words is not None else chosen.value
        raise InputError(msg("{what} for “{reason}” needs the detail written.", what=what, reason=reason))
    return chosen


def coded_words(words: Message, detail: str | None) -> str:
    """A coded reason as the audit trail keeps it: the code's English words, then the detail as typed."""
    return str(msg("{reason}: {detail}", reason=words, detail=detail)) if detail else str(words)
