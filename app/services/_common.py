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

RecordT = TypeVar("RecordT", bound=Base)

_ROLE_WORDS = {
    Role.ADMIN: "an administrator",
    Role.PHARMACIST: "a pharmacist",
    Role.COORDINATOR: "a coordinator",
    Role.INVESTIGATOR: "an investigator",
}


def require_any_role(session: Session, actor: Actor | None, *roles: Role) -> User:
    """The acting user's row when that user is active, not locked and holds one of `roles`.

    Raises NotAllowedError (an InputError) in plain words otherwise, so nothing is changed.
    """
    wanted = " or ".join(_ROLE_WORDS[r] for r in roles)
    if actor is None or actor.id is None:
        raise NotAllowedError(f"Sign in as {wanted} to do this.")
    user = session.get(User, actor.id)
    if user is None or not user.active or user.locked:
        raise NotAllowedError("Your account cannot be used; ask an administrator.")
    if not any(user.has_role(role) for role in roles):
        raise NotAllowedError(f"Only {wanted} can do this, and {user.full_name} is not one.")
    return user


def local_today(uow: UnitOfWork) -> date:
    """Today's date at the site: the unit of work's clock, read in the workstation's time zone."""
    return uow.now().astimezone().date()


def local_date(moment: datetime) -> date:
    """The site's calendar date of an instant (an aware datetime)."""
    return moment.astimezone().date()


def require_reason(reason: str | None, what: str) -> str:
    """The reason, tidied; an InputError saying `what` needs one when it is empty."""
    text = " ".join((reason or "").split())
    if not text:
        raise InputError(f"{what} needs a reason.")
    return text


def optional_text(text: str | None) -> str | None:
    tidied = " ".join((text or "").split())
    return tidied or None


def load(session: Session, model: type[RecordT], record_id: int, what: str) -> RecordT:
    """The record of `model` with this id, or NotFoundError naming `what` ("subject", "order" …)."""
    if isinstance(record_id, bool) or not isinstance(record_id, int):
        raise NotFoundError(f"There is no {what} {record_id!r}.")
    record = session.get(model, record_id)
    if record is None:
        raise NotFoundError(f"There is no {what} with the number {record_id}.")
    return record


def subject_visit(session: Session, subject: Subject, visit_id: int | None) -> Visit | None:
    """The visit `visit_id` of `subject` (None when no visit is named); refused when it is another subject's."""
    if visit_id is None:
        return None
    visit = load(session, Visit, visit_id, "visit")
    if visit.subject_id != subject.id:
        raise InputError(f"Visit {visit.label} is not one of {subject.subject_number}'s visits.")
    return visit


def require_aware(moment: datetime, what: str) -> datetime:
    if not isinstance(moment, datetime):
        raise InputError(f"{what.capitalize()} must be a date and time.")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InputError(f"{what.capitalize()} needs its time zone.")
    return moment
