"""The stock services' shared helpers: tidied input, the protocol and lot looked up, a movement written and
signed. Refusals are `InputError`s in a pharmacist's words."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import inputs
from app.dosing.stock_rules import LotState, mg, vials_words
from app.errors import DoseDeskError, InputError, NotFoundError
from app.inputs import MAX_COUNT, MAX_IDENTIFIER, MAX_REASON
from app.models import (
    Signature,
    SignatureMeaning,
)
from app.models.stock import (
    SIGNED_KINDS,
    Lot,
    LotStatus,
    MovementKind,
    StockMovement,
)
from app.protocol.model import Protocol
from app.services.audit import Actor
from app.services.protocols import protocol_file
from app.services.signatures import register_signed_content, sign
from app.services.uow import UnitOfWork
from app.text import Message, msg

MAX_LOT_NUMBER = 64
MAX_REFERENCE = 64
#: The most vials one lot, movement or shipment line may count, and the largest vial strength: beyond them a
#: number is a typing slip (plausibility limits of app.inputs, not trial rules).
MAX_VIALS = MAX_COUNT
MAX_STRENGTH_MG = Decimal(10_000)


class StockRefused(InputError):
    """A stock movement DoseDesk will not record; the message says why, and nothing was saved."""


# --- small helpers -----------------------------------------------------------------------------------------


def _local_today(uow: UnitOfWork) -> date:
    return uow.now().astimezone().date()


def _clean_text(
    value: str | None,
    what: Message,
    *,
    required: bool,
    limit: int | None = None,
    name: Message | None = None,
    identifier: bool = False,
) -> str | None:
    """The text tidied; refused when it is required and empty ("Give `what`."), when it is longer than `limit`
    (a reason's length by default), or holds control or direction-override characters ("`name` holds …":
    `name` is `what` as the start of a sentence). An `identifier` (a lot number, a reference) also refuses
    invisible characters."""
    said = name if name is not None else what
    if identifier:
        cleaned = " ".join(inputs.identifier(value, said, limit=limit or MAX_IDENTIFIER).split())
    else:
        cleaned = inputs.free_text(value, said, limit=limit or MAX_REASON)
    if not cleaned:
        if required:
            raise InputError(msg("Give {what}.", what=what))
        return None
    return cleaned


def _lot_number(value: str) -> str:
    number = _clean_text(
        value,
        msg("the lot number as printed on the vials"),
        required=True,
        limit=MAX_LOT_NUMBER,
        name=msg("The lot number as printed on the vials"),
        identifier=True,
    )
    assert number is not None
    return number


def _vials(value: int, what: Message | None = None) -> int:
    name = what if what is not None else msg("The number of vials")
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(msg("{what} must be a whole number.", what=name))
    if value < 1:
        raise InputError(msg("{what} must be at least 1.", what=name))
    return inputs.count(value, name, maximum=MAX_VIALS)


_mg = mg
_vials_words = vials_words


def _joined(sentences: Sequence[str]) -> str:
    """Sentences one after the other, a space between, as one message (a balanced tree of pairs, so that a
    long list stays shallow for the window to say)."""
    parts = list(sentences)
    if not parts:
        return Message("", {})
    while len(parts) > 1:
        paired: list[str] = [
            msg("{first} {second}", first=parts[i], second=parts[i + 1]) for i in range(0, len(parts) - 1, 2)
        ]
        if len(parts) % 2:
            paired.append(parts[-1])
        parts = paired
    return parts[0]


def _protocol(protocol_id: str) -> Protocol:
    try:
        return protocol_file(protocol_id)
    except DoseDeskError:
        raise InputError(
            msg("DoseDesk has no protocol named {name}.", name=inputs.shown(protocol_id))
        ) from None


def _find_lot(session: Session, lot_number: str, *, lock: bool = False) -> Lot:
    query = select(Lot).where(Lot.lot_number == _lot_number(lot_number))
    if lock:  # PostgreSQL: wait for another workstation's movement on this lot, then read it afresh
        query = query.with_for_update().execution_options(populate_existing=True)
    lot = session.execute(query).scalar_one_or_none()
    if lot is None:
        raise NotFoundError(msg("There is no lot {lot} in stock.", lot=lot_number.strip()))
    return lot


def _state(lot: Lot) -> LotState:
    """The lot as the pure stock rules (`app.dosing.stock_rules`) read it."""
    return LotState(
        lot_number=lot.lot_number,
        protocol_id=lot.protocol_id,
        strength_mg=lot.strength_mg,
        expiry=lot.expiry,
        quarantined=lot.status == LotStatus.QUARANTINED,
        on_hand=lot.on_hand_vials,
        status_reason=lot.status_reason,
    )


def _acting(uow: UnitOfWork) -> Actor:
    user = uow.user
    if user is None or user.id is None:  # require_role refused already; kept for the type checker
        raise InputError(msg("Sign in as a pharmacist to do this."))
    return user


def _add_movement(uow: UnitOfWork, lot: Lot, kind: MovementKind, **values: Any) -> StockMovement:
    """Write one movement; the database adds it to the lot's counters (and refuses an overdraw).

    The movement's reason, when it has one, is also the reason on its audit rows.
    """
    user = _acting(uow)
    movement = StockMovement(
        lot_id=lot.id, kind=kind, at=uow.now(), by_id=user.id, by_name=user.full_name, **values
    )
    session = uow.session
    try:
        with uow.acting(user, values.get("reason") or uow.reason):
            session.add(movement)
            session.flush()
    except IntegrityError as exc:
        raise StockRefused(
            msg(
                "The database refused to record this on lot {lot}: its balance would no longer "
                "reconcile (on hand = received − dispensed − returned − destroyed, never below zero). "
                "Nothing was saved.",
                lot=lot.lot_number,
            )
        ) from exc
    session.expire(lot, list(Lot.COUNTERS))
    return movement


# --- signatures on returns and destructions ---------------------------------------------------------------


def _movement_content(movement: StockMovement, meaning: SignatureMeaning) -> dict[str, Any]:
    """A return or destruction is signed as 'approved'; the signature covers every column but itself."""
    if meaning != SignatureMeaning.APPROVED or movement.kind not in SIGNED_KINDS:
        raise InputError(
            msg("Only a return to the sponsor or a destruction of vials is signed, as 'approved'.")
        )
    content = movement.column_values()
    content.pop("signature_id", None)
    return content


register_signed_content(StockMovement, _movement_content)


def _sign_movement(uow: UnitOfWork, movement: StockMovement, password: str) -> Signature:
    signature = sign(uow, _acting(uow), password, SignatureMeaning.APPROVED, movement)
    movement.signature_id = signature.id
    uow.session.flush()
    return signature
