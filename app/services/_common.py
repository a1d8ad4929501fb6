"""Small helpers the clinical services share: who may act, what day it is, loading a record or saying why not.

Private to `app.services`: screens and scripts call the use cases in subjects, visits, clinical, orders,
toxicities, protocols and queries, never these.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeVar

from sqlalchemy.orm import Session

from app.errors import InputError, NotFoundError
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


def require_reason(reason: str | None, what: str) -> str:
    """The reason, tidied; an InputError saying `what` needs one when it is empty.

    `what` is a message that starts the sentence: `require_reason(reason, msg("Cancelling an order"))`."""
    text = " ".join((reason or "").split())
    if not text:
        raise InputError(msg("{what} needs a reason.", what=what))
    return text


def optional_text(text: str | None) -> str | None:
    tidied = " ".join((text or "").split())
    return tidied or None


def load(session: Session, model: type[RecordT], record_id: int, what: str) -> RecordT:
    """The record of `model` with this id, or NotFoundError naming `what`, a message (`msg("subject")`,
    `msg("order")` …)."""
    if isinstance(record_id, bool) or not isinstance(record_id, int):
        raise NotFoundError(msg("There is no {what} {number}.", what=what, number=repr(record_id)))
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
