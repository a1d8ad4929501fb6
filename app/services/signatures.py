"""Electronic signatures (docs/domain.md §9).

    prove_password(uow, password)                                                # before `with uow:`
    signature = sign(uow, user, password, SignatureMeaning.PRESCRIBED, order)   # inside `with uow:`
    signers(session, order, SignatureMeaning.PRESCRIBED)                         # {user ids}
    signature_valid(session, signature)                                          # recomputes the hash

Signing re-checks the password, and records the printed name, the UTC time, the meaning and the SHA-256 of the
record's *signed content*. The content depends on the meaning: an order's prescription signature covers the
prescription (patient, visit, weight, level, every dose figure, warnings and their acknowledgement, and the note
of its prescribe step when it has one: the investigator's reason to treat with the criteria to treat not met,
absent from the content otherwise so that prescriptions without one keep their hash), the verification adds
the verifier's blind figures. A bag's preparation signature (on the bag) covers the order's figures it was made
to, its lots, vials, volumes, tare and use-before time; its check adds what the checker confirmed and weighed.
The start (on the order) adds the time it started and the bag hung; the end (completed, or stopped early) adds
the time it ended, the volume and the dose given and why it stopped. A cancellation covers its reason.
Status and the who/when columns of later steps are outside each, so taking the next step does not break an
earlier signature, while changing anything signed does.

Orders signed before bags and bedside steps were kept carry "prepared" and "administered" signatures on the
order itself; their content is computed exactly as it was (the order's own preparation columns, the lines of
its first bag), so they stay valid.

`sign` adds the signature to the unit of work's session; the caller commits it together with the step it signs.
Every signing service calls `prove_password(uow, password)` first, before `with uow:`: the password (argon2,
~100 ms) is then checked in a short read of its own instead of inside the write transaction, and `sign` only
compares that the stored hash is still the one checked (a wrong password is refused and counted as always).
Who may sign what (the prescriber never verifies the same order) is the order service's rule: `signers` tells it
who signed which meaning on a record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InputError
from app.models import (
    Base,
    InfusionBag,
    InfusionOrder,
    OrderStep,
    PreparationLine,
    ProtocolVersion,
    Signature,
    SignatureMeaning,
)
from app.services._words import SIGNATURE_MEANING
from app.services.audit import Actor, canonical_json
from app.services.database import register_check
from app.services.uow import UnitOfWork
from app.services.users import check_signing_password, prove_password
from app.text import msg

ContentFunction = Callable[[Any, SignatureMeaning], dict[str, Any]]

_ORDER_PRESCRIPTION = (
    "id",
    "order_number",
    "subject_id",
    "visit_id",
    "protocol_version_id",
    "planned_date",
    "weight_id",
    "weight_kg",
    "weight_measured_on",
    "dose_level_mg_per_kg",
    "calculated_dose_mg",
    "final_dose_mg",
    "concentration_mg_per_ml",
    "volume_to_draw_ml",
    "vials",
    "waste_mg",
    "bag_volume_ml",
    "final_concentration_mg_per_ml",
    "infusion_minutes",
    "reduction_reason",
    "warnings",
    "warnings_acknowledged",
    "acknowledgement_reason",
)
_ORDER_VERIFICATION = (
    "verifier_weight_kg",
    "verifier_dose_level_mg_per_kg",
    "verifier_final_dose_mg",
    "verifier_volume_ml",
)
_ORDER_PREPARATION = ("beyond_use_at", "beyond_use_storage")
_ORDER_ADMINISTRATION = ("administration_started_at", "administration_ended_at", "administered_by")

_ORDER_START = ("started_at",)
_ORDER_END = ("ended_at", "volume_given_ml", "dose_given_mg", "stop_reason_code", "stop_reason")
_ORDER_CANCELLATION = ("id", "order_number", "subject_id", "visit_id", "cancelled_at", "cancel_reason_code",
                       "cancel_reason")  # fmt: skip

_ORDER_FIELDS: dict[SignatureMeaning, tuple[str, ...]] = {
    SignatureMeaning.PRESCRIBED: _ORDER_PRESCRIPTION,
    SignatureMeaning.VERIFIED: _ORDER_PRESCRIPTION + _ORDER_VERIFICATION,
    # an order signed before bags were kept
    SignatureMeaning.PREPARED: _ORDER_PRESCRIPTION + _ORDER_VERIFICATION + _ORDER_PREPARATION,
    SignatureMeaning.ADMINISTERED: _ORDER_PRESCRIPTION
    + _ORDER_VERIFICATION
    + _ORDER_PREPARATION
    + _ORDER_ADMINISTRATION,
    SignatureMeaning.STARTED: _ORDER_PRESCRIPTION + _ORDER_VERIFICATION + _ORDER_START,
    SignatureMeaning.COMPLETED: _ORDER_PRESCRIPTION + _ORDER_VERIFICATION + _ORDER_START + _ORDER_END,
    SignatureMeaning.STOPPED: _ORDER_PRESCRIPTION + _ORDER_VERIFICATION + _ORDER_START + _ORDER_END,
    SignatureMeaning.CANCELLED: _ORDER_CANCELLATION,
}
_BAG_ORDER_FIGURES = ("order_number", "final_dose_mg", "volume_to_draw_ml", "vials", "bag_volume_ml")
_BAG_PREPARATION = ("order_id", "number", "prepared_at", "beyond_use_at", "beyond_use_storage", "tare_g")
_BAG_CHECK = ("check_items", "weighed_g", "expected_g")


def _lines_content(lines: Iterable[PreparationLine]) -> str:
    return canonical_json_list(
        {
            "lot_number": line.lot_number,
            "lot_expiry": line.lot_expiry,
            "vials": line.vials,
            "volume_drawn_ml": line.volume_drawn_ml,
        }
        for line in sorted(lines, key=lambda line: line.id)
    )


def _first_bag_lines(order: InfusionOrder) -> list[PreparationLine]:
    """The lines an order-level preparation signature covered: those of its first bag (all of them, for an
    order whose bag was never made again)."""
    if not order.bags:
        return list(order.preparation_lines)
    first = min(order.bags, key=lambda bag: bag.number)
    return [line for line in order.preparation_lines if line.bag_id == first.id]


def _bag_in_use(order: InfusionOrder) -> InfusionBag | None:
    usable = [bag for bag in order.bags if bag.wasted_at is None]
    return max(usable, key=lambda bag: bag.number) if usable else None


def _order_content(order: InfusionOrder, meaning: SignatureMeaning) -> dict[str, Any]:
    fields = _ORDER_FIELDS.get(meaning)
    if fields is None:
        raise InputError(
            msg("An infusion order is not signed as '{meaning}'.", meaning=SIGNATURE_MEANING[meaning])
        )
    content: dict[str, Any] = {name: getattr(order, name) for name in fields}
    if meaning == SignatureMeaning.CANCELLED:
        return content
    notes = [step.note for step in order.steps if step.step == OrderStep.PRESCRIBED and step.note is not None]
    if notes:  # the criteria override reason; no key at all without one, so those hashes did not change
        content["prescribe_note"] = canonical_json_list({"note": note} for note in notes)
    if meaning in (SignatureMeaning.PREPARED, SignatureMeaning.ADMINISTERED):
        content["preparation_lines"] = _lines_content(_first_bag_lines(order))
    if meaning in (SignatureMeaning.STARTED, SignatureMeaning.COMPLETED, SignatureMeaning.STOPPED):
        bag = _bag_in_use(order)
        content["bag_number"] = bag.number if bag is not None else None
    return content


def _bag_content(bag: InfusionBag, meaning: SignatureMeaning) -> dict[str, Any]:
    if meaning not in (SignatureMeaning.PREPARED, SignatureMeaning.CHECKED):
        raise InputError(msg("A bag is signed only as prepared or checked."))
    order = bag.order
    content: dict[str, Any] = {name: getattr(order, name) for name in _BAG_ORDER_FIGURES}
    content.update({name: getattr(bag, name) for name in _BAG_PREPARATION})
    content["preparation_lines"] = _lines_content(bag.lines)
    if meaning == SignatureMeaning.CHECKED:
        content.update({name: getattr(bag, name) for name in _BAG_CHECK})
    return content


def _protocol_version_content(version: ProtocolVersion, meaning: SignatureMeaning) -> dict[str, Any]:
    if meaning != SignatureMeaning.APPROVED:
        raise InputError(msg("A protocol version is signed only as 'approved'."))
    return {
        "id": version.id,
        "protocol_id": version.protocol_id,
        "version": version.version,
        "fingerprint": version.fingerprint,
        "title": version.title,
    }


def _all_columns(record: Base, _meaning: SignatureMeaning) -> dict[str, Any]:
    return record.column_values()


_CONTENT: dict[type[Base], ContentFunction] = {
    InfusionOrder: _order_content,
    InfusionBag: _bag_content,
    ProtocolVersion: _protocol_version_content,
}


def register_signed_content(model: type[Base], function: ContentFunction) -> None:
    """Say what a signature on a `model` record covers (default: every column of the record)."""
    _CONTENT[model] = function


def canonical_json_list(items: Iterable[dict[str, Any]]) -> str:
    return "[" + ",".join(canonical_json(item) for item in items) + "]"


def signed_content(record: Base, meaning: SignatureMeaning | str) -> dict[str, Any]:
    function: ContentFunction = _CONTENT.get(type(record)) or _all_columns
    return function(record, SignatureMeaning(meaning))


def record_hash(record: Base, meaning: SignatureMeaning | str) -> str:
    """SHA-256 of the record's signed content for `meaning`, with its table and meaning."""
    content = signed_content(record, meaning)
    text = canonical_json(
        {
            "table": record.__table__.name,  # type: ignore[attr-defined]
            "meaning": SignatureMeaning(meaning),
            "content": canonical_json(content),
        }
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _record_key(record: Base) -> tuple[str, int]:
    record_id = getattr(record, "id", None)
    if not isinstance(record_id, int):
        raise ValueError(f"{record!r} has no id yet; flush it before signing")
    return record.__table__.name, record_id  # type: ignore[attr-defined]


__all__ = [
    "canonical_json_list",
    "prove_password",
    "record_hash",
    "record_signatures_valid",
    "register_signed_content",
    "sign",
    "signature_valid",
    "signatures_for",
    "signed_content",
    "signers",
]


def sign(
    uow: UnitOfWork,
    user: Actor,
    password: str,
    meaning: SignatureMeaning | str,
    record: Base,
    *,
    attach: Callable[[Signature], object] | None = None,
) -> Signature:
    """Sign `record` as `user` with `meaning`, re-checking the password; the caller commits.

    `attach`, when given, is called with the new signature (its signer and time set, not yet written) before the
    hash is taken: it adds the records the signature makes that the signed content covers (an order's prescribe
    step with its criteria override note), linked to the signature through a relationship, so that they are
    written together with it and the hash covers them.

    A wrong password, a disabled or locked account, or a user other than the one signed in is refused with a
    plain message, and nothing is signed.
    """
    try:
        chosen = SignatureMeaning(meaning)
    except ValueError:
        raise InputError(
            msg("'{meaning}' is not a meaning a signature can have.", meaning=str(meaning))
        ) from None
    session = uow.session
    acting = uow.user
    if user.id is None:
        raise InputError(msg("Sign in before signing."))
    if acting is not None and acting.id is not None and acting.id != user.id:
        raise InputError(
            msg("Only the signed-in user can sign; sign in as {name} first.", name=user.full_name)
        )
    signer = check_signing_password(uow, user.id, password)
    session.flush()
    table, record_id = _record_key(record)
    signature = Signature(
        user_id=signer.id,
        printed_name=signer.full_name,
        signed_at=uow.now(),
        meaning=chosen,
        record_table=table,
        record_id=record_id,
    )
    with session.no_autoflush:  # the signature must not be written before its hash is set
        if attach is not None:
            attach(signature)
        signature.record_hash = record_hash(record, chosen)
    session.add(signature)
    session.flush()
    return signature


def signatures_for(
    session: Session, record: Base, meaning: SignatureMeaning | str | None = None
) -> list[Signature]:
    """The signatures on `record` (of one meaning, if given), oldest first."""
    table, record_id = _record_key(record)
    query = select(Signature).where(Signature.record_table == table, Signature.record_id == record_id)
    if meaning is not None:
        query = query.where(Signature.meaning == SignatureMeaning(meaning))
    return list(session.execute(query.order_by(Signature.id)).scalars())


def signers(session: Session, record: Base, meaning: SignatureMeaning | str) -> set[int]:
    """The ids of the users who signed `record` with `meaning`."""
    return {signature.user_id for signature in signatures_for(session, record, meaning)}


def _models_by_table() -> dict[str, type[Base]]:
    return {
        mapper.class_.__table__.name: mapper.class_
        for mapper in Base.registry.mappers
        if hasattr(mapper.class_, "__table__")
    }


def signature_valid(session: Session, signature: Signature) -> bool:
    """True when the signed record still has the content it had when signed."""
    model = _models_by_table().get(signature.record_table)
    if model is None:
        return False
    record = session.get(model, signature.record_id)
    if record is None:
        return False
    try:
        return record_hash(record, signature.meaning) == signature.record_hash
    except InputError:
        return False


def record_signatures_valid(session: Session, record: Base) -> bool:
    """True when every signature on `record` is still valid (a changed signed record shows as False)."""
    return all(signature_valid(session, signature) for signature in signatures_for(session, record))


@register_check("signatures", order=50)
def invalid_signatures(session: Session) -> list[str]:
    """One problem (a `Message`) per signature whose record changed after it was signed (or is gone)."""
    problems: list[str] = []
    for signature in session.execute(select(Signature).order_by(Signature.id)).scalars():
        if not signature_valid(session, signature):
            problems.append(
                msg(
                    "Signature {number} ({meaning} by {name}, {signed_at} UTC) no longer matches {table} {record}: "
                    "the record changed after it was signed.",
                    number=str(signature.id),
                    meaning=SIGNATURE_MEANING.get(signature.meaning, str(signature.meaning)),
                    name=signature.printed_name,
                    signed_at=signature.signed_at.strftime("%Y-%m-%d %H:%M"),
                    table=signature.record_table,
                    record=str(signature.record_id),
                )
            )
    return problems
