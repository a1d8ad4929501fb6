"""Investigational product accountability (DOMAIN.md section 8): receive, quarantine, release, dispense, waste,
return, destroy — and the balances, alerts and accountability log that show where every vial went.

Each use case takes a unit of work (not yet entered) whose acting user is the signed-in user, like the other
services; a write needs the pharmacist role. Refusals are `InputError`s in a pharmacist's words and change
nothing.

    receive_shipment(uow, reference="SH-1", received_on=day, lots=[LotReceipt("L1", Decimal(200), exp, 20)],
                     protocol_id="nct07343453")
    quarantine_lot(uow, "L1", "temperature excursion in transit")
    release_lot(uow, "L1", "sponsor confirmed the excursion is acceptable")
    suggest_lots(uow, 3, protocol_id="nct07343453", on=day)           # first-expiry-first-out picks
    dispense_for_order(uow, order)        # the orders service's prepare step calls this inside its own work
    return_to_sponsor(uow, "L1", 4, "expired", password)             # e-signed
    destroy_vials(uow, "L1", 1, "vial broken", password)              # e-signed
    list_lots(uow) / lots_as_json(uow) / lot_movements(uow, "L1") / stock_alerts(uow, today=day)
    accountability_log(uow, "L1")         # the printable log (app.printing.accountability)
    seed_demo_stock(uow, pharmacist, on=first_day, today=day) / finish_demo_stock(uow, pharmacist, password,
                    today=day)             # `dosedesk demo`: opening stock, then the recent stock work

The balance of every lot, always: on hand = received − dispensed − returned − destroyed. The database keeps
it (see `app.models.stock` and migration 0003); `dosedesk check` re-adds every lot's movements ("lot balances")
and a lot that does not reconcile is listed with its problem, on screen, in JSON and on paper.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app import inputs
from app.dosing.bedside import use_before
from app.dosing.dose import compute_dose
from app.dosing.format import format_quantity, plain_decimal
from app.errors import DoseDeskError, InputError, NotFoundError
from app.inputs import MAX_COUNT, MAX_IDENTIFIER, MAX_NOTE, MAX_REASON
from app.models import (
    GIVEN_ORDER_STATUSES,
    InfusionBag,
    InfusionOrder,
    OrderStatus,
    PreparationLine,
    ProtocolVersion,
    Role,
    Signature,
    SignatureMeaning,
    Subject,
    SubjectStatus,
    Visit,
    VisitKind,
    VisitStatus,
    Weight,
)
from app.models.stock import (
    COUNTER_OF_KIND,
    SIGNED_KINDS,
    Lot,
    Shipment,
    StockMovement,
)
from app.models.stock import LotStatus as LotStatus  # re-exported: the window reads them from here
from app.models.stock import MovementKind as MovementKind
from app.printing.accountability import AccountabilityLog, LogLine
from app.protocol import load_protocol as load_protocol  # re-exported: the stock tests read it from here
from app.protocol.model import Protocol
from app.services._words import ORDER_STATUS
from app.services.audit import Actor
from app.services.database import register_check
from app.services.protocols import protocol_file
from app.services.reasons import reason as audit_reason
from app.services.signatures import prove_password, register_signed_content, sign
from app.services.uow import UnitOfWork
from app.services.users import require_role
from app.text import Message, message_of, msg

MAX_LOT_NUMBER = 64
MAX_REFERENCE = 64
#: The most vials one lot, movement or shipment line may count, and the largest vial strength: beyond them a
#: number is a typing slip (plausibility limits of app.inputs, not trial rules).
MAX_VIALS = MAX_COUNT
MAX_STRENGTH_MG = Decimal(10_000)

# The triggers of migration 0003 (the "lot balances" check reports a missing one).
GUARD_TRIGGERS = frozenset(
    {
        "stock_movements_apply",
        "stock_lots_new_counters",
        "stock_lots_counters",
        "stock_movements_no_update",
        "stock_shipments_no_delete",
        "stock_lots_no_delete",
        "stock_movements_no_delete",
    }
)
POSTGRESQL_ONLY_TRIGGERS = frozenset(
    {"stock_shipments_no_truncate", "stock_lots_no_truncate", "stock_movements_no_truncate"}
)

KIND_WORDS: dict[MovementKind, Message] = {
    MovementKind.RECEIPT: msg("received"),
    MovementKind.DISPENSE: msg("dispensed"),
    MovementKind.WASTE: msg("wasted"),
    MovementKind.RETURN: msg("returned to the sponsor"),
    MovementKind.DESTRUCTION: msg("destroyed"),
    MovementKind.QUARANTINE: msg("quarantined"),
    MovementKind.RELEASE: msg("released"),
}

# A movement named in a sentence ("the return of 3 vials"); the English is the kind's code.
_KIND_NOUNS: dict[MovementKind, Message] = {
    MovementKind.RECEIPT: msg("receipt"),
    MovementKind.DISPENSE: msg("dispense"),
    MovementKind.WASTE: msg("waste"),
    MovementKind.RETURN: msg("return"),
    MovementKind.DESTRUCTION: msg("destruction"),
    MovementKind.QUARANTINE: msg("quarantine"),
    MovementKind.RELEASE: msg("release"),
}


class StockRefused(InputError):
    """A stock movement DoseDesk will not record; the message says why, and nothing was saved."""


# --- what the services hand out ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LotReceipt:
    """One lot as it arrives in a shipment: what the label on the vials says, and how many vials came."""

    lot_number: str
    strength_mg: Decimal
    expiry: date
    vials: int


@dataclass(frozen=True)
class VialPick:
    """Vials to take from one lot."""

    lot_number: str
    vials: int


@dataclass(frozen=True)
class LotSummary:
    """A lot, its counts and whether they reconcile.

    `received`, `dispensed`, `returned` and `destroyed` add up the lot's movements; `on_hand` is the balance
    the database keeps. `problems` lists, in plain words, everything that does not reconcile (empty when the
    lot is sound): shown wherever the lot is shown, never hidden.
    """

    id: int
    lot_number: str
    protocol_id: str
    strength_mg: Decimal
    expiry: date
    status: LotStatus
    status_reason: str | None
    received: int
    dispensed: int
    returned: int
    destroyed: int
    on_hand: int
    wasted_mg: Decimal
    shipments: tuple[str, ...]
    problems: tuple[str, ...] = ()

    @property
    def expected_on_hand(self) -> int:
        return self.received - self.dispensed - self.returned - self.destroyed

    @property
    def reconciles(self) -> bool:
        return not self.problems

    def expired(self, on: date) -> bool:
        """True from the day after the expiry date (a lot is usable through its expiry date)."""
        return on > self.expiry

    def days_to_expiry(self, on: date) -> int:
        return (self.expiry - on).days


@dataclass(frozen=True)
class MovementLine:
    """One movement of a lot as a person reads it, with the lot's running balance after it."""

    id: int
    kind: MovementKind
    at: datetime  # UTC
    vials_in: int
    vials_out: int
    balance: int
    waste_mg: Decimal | None
    shipment: str | None
    received_on: date | None
    order_number: str | None
    subject_number: str | None
    visit_label: str | None
    reference: str | None
    reason: str | None
    by: str
    signed_by: str | None
    signed_at: datetime | None


AlertKind = Literal["unreconciled", "expired", "expiring", "cover", "bag_expiring", "bag_expired"]


@dataclass(frozen=True)
class DoseNeed:
    """A booked or planned dose in the coming days and the vials it will take."""

    subject_number: str
    label: str
    on: date
    level_mg_per_kg: Decimal
    weight_kg: Decimal
    vials: int
    covered: bool
    from_order: str | None = None  # the order's number when its vials come from an existing order


@dataclass(frozen=True)
class CoverageForecast:
    """Whether usable stock covers the protocol's booked and planned doses from `start` to `end`.

    Doses take vials first-expiry-first-out from released lots of the protocol's vial strength that are still
    in date on the dose's day, so a lot that expires before a dose does not count for it.
    """

    protocol_id: str
    start: date
    end: date
    needs: tuple[DoseNeed, ...]
    vials_usable: int
    shortfall: int
    notes: tuple[str, ...] = ()

    @property
    def vials_needed(self) -> int:
        return sum(need.vials for need in self.needs)

    @property
    def first_uncovered(self) -> DoseNeed | None:
        return next((need for need in self.needs if not need.covered), None)


@dataclass(frozen=True)
class StockAlert:
    """Something the pharmacy must act on. `message` is in English for the command line and JSON; the window
    writes its own words from the fields."""

    kind: AlertKind
    protocol_id: str
    lot_number: str | None
    day: date | None  # the expiry, or the first dose stock does not cover
    days: int | None  # days until that day
    vials: int | None  # vials on hand in the lot, or vials short
    message: str
    problems: tuple[str, ...] = field(default=())
    # A prepared bag near or past its use-before time: its order, and the time and minutes left (negative once
    # passed).
    order_number: str | None = None
    use_before: datetime | None = None
    minutes_left: int | None = None


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


def _mg(value: Decimal) -> str:
    return format_quantity(value, "mg")


def _vials_words(count: int) -> Message:
    return msg("{count} vial", count=count) if count == 1 else msg("{count} vials", count=count)


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


# --- reading lots ------------------------------------------------------------------------------------------


@dataclass
class _Sums:
    vials: dict[MovementKind, int] = field(default_factory=lambda: defaultdict(int))
    wasted_mg: Decimal = Decimal(0)
    unsigned: list[StockMovement] = field(default_factory=list)


def _sums(session: Session, lot_ids: Iterable[int] | None = None) -> dict[int, _Sums]:
    """Each lot's movements added up by kind (vials), its waste in mg, and its unsigned returns/destructions."""
    sums: dict[int, _Sums] = defaultdict(_Sums)
    ids = None if lot_ids is None else list(lot_ids)
    query = select(StockMovement.lot_id, StockMovement.kind, func.sum(StockMovement.vials)).group_by(
        StockMovement.lot_id, StockMovement.kind
    )
    if ids is not None:
        query = query.where(StockMovement.lot_id.in_(ids))
    for lot_id, kind, total in session.execute(query):
        sums[lot_id].vials[MovementKind(kind)] = int(total or 0)
    # Decimal columns are text on SQLite: add the waste up in Python, exactly.
    waste = select(StockMovement.lot_id, StockMovement.waste_mg).where(
        StockMovement.kind == MovementKind.WASTE
    )
    if ids is not None:
        waste = waste.where(StockMovement.lot_id.in_(ids))
    for lot_id, mg in session.execute(waste):
        sums[lot_id].wasted_mg += mg or Decimal(0)
    unsigned = select(StockMovement).where(
        StockMovement.kind.in_(list(SIGNED_KINDS)), StockMovement.signature_id.is_(None)
    )
    if ids is not None:
        unsigned = unsigned.where(StockMovement.lot_id.in_(ids))
    for movement in session.execute(unsigned).scalars():
        sums[movement.lot_id].unsigned.append(movement)
    return sums


def _problems(lot: Lot, sums: _Sums) -> list[str]:
    """Everything about `lot` that does not reconcile, one plain sentence each."""
    problems: list[str] = []
    name = lot.lot_number
    for kind, counter in COUNTER_OF_KIND.items():
        stored = getattr(lot, counter)
        added = sums.vials.get(kind, 0)
        if stored != added:
            problems.append(
                msg(
                    "Lot {lot}: the count of vials {kind} says {stored}, but its movements add up to {added}.",
                    lot=name,
                    kind=KIND_WORDS[kind],
                    stored=stored,
                    added=added,
                )
            )
    received = sums.vials.get(MovementKind.RECEIPT, 0)
    dispensed = sums.vials.get(MovementKind.DISPENSE, 0)
    returned = sums.vials.get(MovementKind.RETURN, 0)
    destroyed = sums.vials.get(MovementKind.DESTRUCTION, 0)
    expected = received - dispensed - returned - destroyed
    if lot.on_hand_vials != expected:
        problems.append(
            msg(
                "Lot {lot}: {on_hand} vials on hand, but received {received} − dispensed {dispensed} − "
                "returned {returned} − destroyed {destroyed} = {expected}.",
                lot=name,
                on_hand=lot.on_hand_vials,
                received=received,
                dispensed=dispensed,
                returned=returned,
                destroyed=destroyed,
                expected=expected,
            )
        )
    if lot.on_hand_vials < 0 or expected < 0:
        problems.append(msg("Lot {lot}: the balance is below zero.", lot=name))
    for movement in sums.unsigned:
        problems.append(
            msg(
                "Lot {lot}: the {kind} of {vials} recorded {at} UTC by {name} (movement {movement}) "
                "has no e-signature.",
                lot=name,
                kind=_KIND_NOUNS[MovementKind(movement.kind)],
                vials=_vials_words(movement.vials),
                at=f"{movement.at:%Y-%m-%d %H:%M}",
                name=movement.by_name,
                movement=movement.id,
            )
        )
    return problems


def _summary(lot: Lot, sums: _Sums, shipments: tuple[str, ...]) -> LotSummary:
    return LotSummary(
        id=lot.id,
        lot_number=lot.lot_number,
        protocol_id=lot.protocol_id,
        strength_mg=lot.strength_mg,
        expiry=lot.expiry,
        status=LotStatus(lot.status),
        status_reason=lot.status_reason,
        received=sums.vials.get(MovementKind.RECEIPT, 0),
        dispensed=sums.vials.get(MovementKind.DISPENSE, 0),
        returned=sums.vials.get(MovementKind.RETURN, 0),
        destroyed=sums.vials.get(MovementKind.DESTRUCTION, 0),
        on_hand=lot.on_hand_vials,
        wasted_mg=sums.wasted_mg,
        shipments=shipments,
        problems=tuple(_problems(lot, sums)),
    )


def _shipments_of(session: Session, lot_ids: list[int]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = defaultdict(list)
    if not lot_ids:
        return {}
    rows = session.execute(
        select(StockMovement.lot_id, Shipment.reference)
        .join(Shipment, Shipment.id == StockMovement.shipment_id)
        .where(StockMovement.lot_id.in_(lot_ids), StockMovement.kind == MovementKind.RECEIPT)
        .order_by(StockMovement.id)
    )
    for lot_id, reference in rows:
        if reference not in found[lot_id]:
            found[lot_id].append(reference)
    return {lot_id: tuple(references) for lot_id, references in found.items()}


def _summaries(session: Session, lots: Sequence[Lot]) -> list[LotSummary]:
    ids = [lot.id for lot in lots]
    sums = _sums(session, ids) if ids else {}
    shipments = _shipments_of(session, ids)
    return [_summary(lot, sums.get(lot.id, _Sums()), shipments.get(lot.id, ())) for lot in lots]


def _summary_of(session: Session, lot: Lot) -> LotSummary:
    session.flush()
    session.refresh(lot)
    return _summaries(session, [lot])[0]


def list_lots(uow: UnitOfWork, *, protocol_id: str | None = None) -> list[LotSummary]:
    """Every lot, first expiry first (then lot number), with its counts and any problem."""
    with uow:
        query = select(Lot).order_by(Lot.expiry, Lot.lot_number)
        if protocol_id is not None:
            query = query.where(Lot.protocol_id == protocol_id)
        return _summaries(uow.session, list(uow.session.execute(query).scalars()))


def get_lot(uow: UnitOfWork, lot_number: str) -> LotSummary:
    with uow:
        return _summary_of(uow.session, _find_lot(uow.session, lot_number))


def lots_as_json(uow: UnitOfWork) -> list[dict[str, Any]]:
    """`dosedesk list lots --json`: each lot's id, counts (vials), waste (mg, a decimal string) and problems."""
    return [
        {
            "id": lot.id,
            "lot": lot.lot_number,
            "protocol": lot.protocol_id,
            "strength_mg": plain_decimal(lot.strength_mg),
            "expiry": lot.expiry.isoformat(),
            "status": lot.status.value,
            "status_reason": lot.status_reason,
            "received": lot.received,
            "dispensed": lot.dispensed,
            "returned": lot.returned,
            "destroyed": lot.destroyed,
            "on_hand": lot.on_hand,
            "wasted_mg": plain_decimal(lot.wasted_mg),
            "shipments": list(lot.shipments),
            "reconciles": lot.reconciles,
            "problems": list(lot.problems),
        }
        for lot in list_lots(uow)
    ]


# --- receiving, quarantine, release -----------------------------------------------------------------------


def _check_receipt(item: LotReceipt, protocol: Protocol, received_on: date, quarantined: bool) -> LotReceipt:
    """A lot as received, checked. Every vial that arrives is recorded (accountability), but a lot of another
    strength than the protocol's vial, or already expired, may only come in quarantined, to go back."""
    number = _lot_number(item.lot_number)
    if not isinstance(item.strength_mg, Decimal) or not item.strength_mg.is_finite() or item.strength_mg <= 0:
        raise InputError(
            msg("Lot {lot}: give the strength of a vial in mg, as a number above zero.", lot=number)
        )
    inputs.plausible_decimal(
        item.strength_mg, msg("The strength of lot {lot} in mg", lot=number), maximum=MAX_STRENGTH_MG
    )
    inputs.calendar_date(item.expiry, msg("The expiry of lot {lot}", lot=number))
    if item.strength_mg != protocol.product.vial_strength_mg and not quarantined:
        raise InputError(
            msg(
                "Lot {lot} holds {strength} vials, but the {drug} vial of this protocol is {vial}: check the "
                "label. If it is so, receive the shipment quarantined, with the reason, to return it.",
                lot=number,
                strength=_mg(item.strength_mg),
                drug=protocol.drug.name,
                vial=_mg(protocol.product.vial_strength_mg),
            )
        )
    if item.expiry < received_on and not quarantined:
        raise InputError(
            msg(
                "Lot {lot} expired on {day}, before it was received: receive the shipment "
                "quarantined, with the reason, to return it to the sponsor.",
                lot=number,
                day=item.expiry.isoformat(),
            )
        )
    return LotReceipt(
        number, item.strength_mg, item.expiry, _vials(item.vials, msg("The vials of lot {lot}", lot=number))
    )


def receive_shipment(
    uow: UnitOfWork,
    *,
    reference: str,
    received_on: date,
    lots: Sequence[LotReceipt],
    protocol_id: str,
    quarantine_reason: str | None = None,
    note: str = "",
) -> list[LotSummary]:
    """Record a shipment and the vials of each lot in it (a receipt movement per lot), all or nothing.

    A lot already in stock may arrive again: its strength and expiry must match the record. With
    `quarantine_reason` every lot of the shipment is set aside on arrival (e.g. a temperature excursion).
    """
    protocol = _protocol(protocol_id)
    shipment_reference = _clean_text(
        reference,
        msg("the shipment reference"),
        required=True,
        limit=MAX_REFERENCE,
        name=msg("The shipment reference"),
        identifier=True,
    )
    # A quarantine asked for is a quarantine: a blank reason is refused, never read as "no quarantine".
    reason = _clean_text(
        quarantine_reason,
        msg("the reason for quarantine"),
        required=quarantine_reason is not None,
        name=msg("The reason for quarantine"),
    )
    shipment_note = inputs.free_text(note, msg("The note on the shipment"), limit=MAX_NOTE)
    inputs.calendar_date(received_on, msg("The day the shipment was received"))
    if not lots:
        raise InputError(msg("A shipment needs at least one lot."))
    if len(lots) > MAX_VIALS:
        raise InputError(msg("A shipment holds at most {count} lots.", count=MAX_VIALS))
    with uow:
        session = uow.session
        require_role(session, uow.user, Role.PHARMACIST)
        today = _local_today(uow)
        if received_on > today:
            raise InputError(
                msg(
                    "A shipment cannot be received on {day}, a day still to come.",
                    day=received_on.isoformat(),
                )
            )
        items = [_check_receipt(item, protocol, received_on, reason is not None) for item in lots]
        numbers = [item.lot_number for item in items]
        if len(set(numbers)) != len(numbers):
            twice = sorted({n for n in numbers if numbers.count(n) > 1})
            raise InputError(
                msg("Lot {lots} is listed twice in this shipment: give each lot once.", lots=", ".join(twice))
            )
        if session.execute(select(Shipment.id).where(Shipment.reference == shipment_reference)).first():
            raise InputError(msg("Shipment {reference} was received already.", reference=shipment_reference))
        user = _acting(uow)
        shipment = Shipment(
            reference=shipment_reference,
            received_on=received_on,
            received_by_id=user.id,
            received_by_name=user.full_name,
            recorded_at=uow.now(),
            note=shipment_note,
        )
        session.add(shipment)
        try:
            session.flush()
        except IntegrityError as exc:
            raise InputError(
                msg("Shipment {reference} was received already.", reference=shipment_reference)
            ) from exc
        received: list[Lot] = []
        for item in items:
            lot = session.execute(select(Lot).where(Lot.lot_number == item.lot_number)).scalar_one_or_none()
            if lot is None:
                lot = Lot(
                    lot_number=item.lot_number,
                    protocol_id=protocol.id,
                    strength_mg=item.strength_mg,
                    expiry=item.expiry,
                    status=LotStatus.RELEASED,
                    created_at=uow.now(),
                )
                session.add(lot)
                try:
                    session.flush()
                except IntegrityError as exc:  # another workstation received the same lot at this moment
                    raise InputError(
                        msg(
                            "Lot {lot} was received at another workstation just now: try again.",
                            lot=item.lot_number,
                        )
                    ) from exc
            elif (lot.protocol_id, lot.strength_mg, lot.expiry) != (
                protocol.id,
                item.strength_mg,
                item.expiry,
            ):
                raise InputError(
                    msg(
                        "Lot {lot} is already in stock as {strength} vials of {protocol} expiring {expiry}; "
                        "this shipment says {new_strength} of {new_protocol} expiring {new_expiry}. "
                        "Check the label.",
                        lot=item.lot_number,
                        strength=_mg(lot.strength_mg),
                        protocol=lot.protocol_id,
                        expiry=lot.expiry.isoformat(),
                        new_strength=_mg(item.strength_mg),
                        new_protocol=protocol.id,
                        new_expiry=item.expiry.isoformat(),
                    )
                )
            _add_movement(uow, lot, MovementKind.RECEIPT, vials=item.vials, shipment_id=shipment.id)
            if reason is not None and lot.status != LotStatus.QUARANTINED:
                _set_status(uow, lot, LotStatus.QUARANTINED, reason)
            received.append(lot)
        summaries = [_summary_of(session, lot) for lot in received]
        uow.commit()
        return summaries


def _set_status(uow: UnitOfWork, lot: Lot, status: LotStatus, reason: str) -> None:
    kind = MovementKind.QUARANTINE if status == LotStatus.QUARANTINED else MovementKind.RELEASE
    with uow.acting(uow.user, reason):
        lot.status = status
        lot.status_reason = reason
        uow.session.flush()
    _add_movement(uow, lot, kind, reason=reason)


def quarantine_lot(uow: UnitOfWork, lot_number: str, reason: str) -> LotSummary:
    """Set a lot aside: it is never dispensed until released. The reason is kept and printed."""
    why = _clean_text(
        reason, msg("the reason for quarantine"), required=True, name=msg("The reason for quarantine")
    )
    assert why is not None
    with uow:
        session = uow.session
        require_role(session, uow.user, Role.PHARMACIST)
        lot = _find_lot(session, lot_number, lock=True)
        if lot.status == LotStatus.QUARANTINED:
            raise InputError(
                msg(
                    "Lot {lot} is quarantined already ({reason}).",
                    lot=lot.lot_number,
                    reason=lot.status_reason,
                )
            )
        _set_status(uow, lot, LotStatus.QUARANTINED, why)
        summary = _summary_of(session, lot)
        uow.commit()
        return summary


def release_lot(uow: UnitOfWork, lot_number: str, reason: str, *, on: date | None = None) -> LotSummary:
    """Release a quarantined lot for use; an expired lot stays quarantined."""
    why = _clean_text(
        reason,
        msg("the reason for releasing the lot"),
        required=True,
        name=msg("The reason for releasing the lot"),
    )
    assert why is not None
    with uow:
        session = uow.session
        require_role(session, uow.user, Role.PHARMACIST)
        lot = _find_lot(session, lot_number, lock=True)
        day = on or _local_today(uow)
        if lot.status == LotStatus.RELEASED:
            raise InputError(msg("Lot {lot} is released already.", lot=lot.lot_number))
        if day > lot.expiry:
            raise InputError(
                msg(
                    "Lot {lot} expired on {day}: it cannot be released. Return it to the sponsor or destroy it.",
                    lot=lot.lot_number,
                    day=lot.expiry.isoformat(),
                )
            )
        _set_status(uow, lot, LotStatus.RELEASED, why)
        summary = _summary_of(session, lot)
        uow.commit()
        return summary


# --- dispensing for an order -------------------------------------------------------------------------------


def _refusal(lot: Lot, protocol: Protocol, on: date, wanted: int) -> Message | None:
    """Why `wanted` vials of `lot` cannot be dispensed under `protocol` on `on`, or None when they can."""
    name = lot.lot_number
    if lot.protocol_id != protocol.id:
        return msg(
            "Lot {lot} is stock of {protocol}, not of {order_protocol}: it cannot be used for this order.",
            lot=name,
            protocol=lot.protocol_id,
            order_protocol=protocol.id,
        )
    if lot.strength_mg != protocol.product.vial_strength_mg:
        return msg(
            "Lot {lot} holds {strength} vials, but this protocol's vial is {vial}: it cannot be used for this order.",
            lot=name,
            strength=_mg(lot.strength_mg),
            vial=_mg(protocol.product.vial_strength_mg),
        )
    if lot.status == LotStatus.QUARANTINED:
        return msg(
            "Lot {lot} is quarantined ({reason}): it cannot be dispensed until it is released.",
            lot=name,
            reason=lot.status_reason,
        )
    if on > lot.expiry:
        return msg(
            "Lot {lot} expired on {day}: it cannot be dispensed. Quarantine it, then return "
            "it to the sponsor or destroy it.",
            lot=name,
            day=lot.expiry.isoformat(),
        )
    if lot.on_hand_vials <= 0:
        return msg("Lot {lot} is empty: no vials are left in it.", lot=name)
    if lot.on_hand_vials < wanted:
        return msg(
            "Lot {lot} has {on_hand} on hand; {wanted} were asked for. Take the rest from another lot.",
            lot=name,
            on_hand=_vials_words(lot.on_hand_vials),
            wanted=_vials_words(wanted),
        )
    return None


def _usable_lots(session: Session, protocol: Protocol, on: date) -> list[Lot]:
    lots = session.execute(
        select(Lot)
        .where(
            Lot.protocol_id == protocol.id,
            Lot.status == LotStatus.RELEASED,
            Lot.on_hand_vials > 0,
            Lot.expiry >= on,
        )
        .order_by(Lot.expiry, Lot.lot_number)
    ).scalars()
    # Decimal strength is text on SQLite: compare it in Python.
    return [lot for lot in lots if lot.strength_mg == protocol.product.vial_strength_mg]


def _fefo(lots: Sequence[Lot], vials: int) -> tuple[list[VialPick], int]:
    """First-expiry-first-out picks for `vials` from `lots` (already in FEFO order), and the vials left short."""
    picks: list[VialPick] = []
    left = vials
    for lot in lots:
        if left == 0:
            break
        take = min(left, lot.on_hand_vials)
        if take > 0:
            picks.append(VialPick(lot.lot_number, take))
            left -= take
    return picks, left


def suggest_lots(uow: UnitOfWork, vials: int, *, protocol_id: str, on: date | None = None) -> list[VialPick]:
    """The lots to take `vials` from, first expiry first out: released, in date on `on`, of the protocol's
    vial strength, with vials on hand. Not enough usable stock is refused, saying how many vials there are."""
    wanted = _vials(vials)
    protocol = _protocol(protocol_id)
    with uow:
        day = on or _local_today(uow)
        lots = _usable_lots(uow.session, protocol, day)
        picks, short = _fefo(lots, wanted)
        if short:
            usable = wanted - short
            raise StockRefused(
                msg(
                    "Only {usable} of {strength} usable on {day} (released, in date) are in stock; "
                    "{wanted} are needed.",
                    usable=_vials_words(usable),
                    strength=_mg(protocol.product.vial_strength_mg),
                    day=day.isoformat(),
                    wanted=_vials_words(wanted),
                )
            )
        return picks


def _merge(picks: Sequence[VialPick]) -> list[VialPick]:
    totals: dict[str, int] = {}
    for pick in picks:
        number = _lot_number(pick.lot_number)
        totals[number] = totals.get(number, 0) + _vials(
            pick.vials, msg("The vials taken from lot {lot}", lot=number)
        )
    return [VialPick(number, count) for number, count in totals.items()]


def dispense_for_order(
    uow: UnitOfWork,
    order: InfusionOrder,
    picks: Sequence[VialPick] | None = None,
    *,
    on: date | None = None,
    lines: Sequence[PreparationLine] | None = None,
) -> list[StockMovement]:
    """Take a prepared order's vials from stock and record the partial vial's remainder as waste on it.

    The orders service's prepare step calls this inside its own unit of work, after adding the bag's
    preparation lines (`lines`: their lot numbers and vials are what is taken, unless `picks` are given; by
    default the order's lines, for an order prepared once); it does not commit. A bag made again takes its own
    vials: `lines` are then the new bag's. The last lot named supplies the partial vial (the last vial drawn), so the waste is recorded on it. Refused in plain
    words (and the whole preparation with it): an order not being prepared, vials already taken, a total
    that is not the order's vials, and any lot that is unknown, of another protocol or strength, quarantined,
    expired, empty or short.
    """
    with uow:
        session = uow.session
        require_role(session, uow.user, Role.PHARMACIST)
        session.flush()
        name = order.order_number
        if order.status not in (OrderStatus.VERIFIED, OrderStatus.PREPARED, OrderStatus.CHECKED):
            raise StockRefused(
                msg(
                    "Order {order} is {status}: vials are taken from stock when it is prepared.",
                    order=name,
                    status=ORDER_STATUS[OrderStatus(order.status)],
                )
            )
        taken = select(func.count(StockMovement.id)).where(
            StockMovement.order_id == order.id, StockMovement.kind == MovementKind.DISPENSE
        )
        if lines is not None:
            taken = taken.where(StockMovement.preparation_line_id.in_([line.id for line in lines]))
        already = session.execute(taken).scalar_one()
        if already:
            raise StockRefused(msg("Vials were taken from stock for Order {order} already.", order=name))
        lines = list(order.preparation_lines) if lines is None else list(lines)
        if picks is None:
            if not lines:
                raise StockRefused(
                    msg("Order {order} names no lot: enter the lots and vials used.", order=name)
                )
            wanted = [VialPick(line.lot_number, line.vials) for line in lines]
        else:
            wanted = list(picks)
        merged = _merge(wanted)
        if not merged:
            raise StockRefused(msg("Order {order} names no lot: enter the lots and vials used.", order=name))
        total = sum(pick.vials for pick in merged)
        if total != order.vials:
            raise StockRefused(
                msg(
                    "Order {order} needs {needed}; the lots entered give {given}.",
                    order=name,
                    needed=_vials_words(order.vials),
                    given=_vials_words(total),
                )
            )
        protocol = _protocol(order.protocol_version.protocol_id)
        day = on or _local_today(uow)
        lots: dict[str, Lot] = {}
        for pick in merged:
            try:
                lot = _find_lot(session, pick.lot_number, lock=True)
            except NotFoundError as exc:
                raise StockRefused(
                    msg("{problem} Check the lot number on the vial.", problem=message_of(exc))
                ) from None
            why = _refusal(lot, protocol, day, pick.vials)
            if why:
                raise StockRefused(why)
            lots[pick.lot_number] = lot
        by_lot_line = {_lot_number(line.lot_number): line for line in lines}
        for number, entered in by_lot_line.items():
            held = lots.get(number)
            if held is not None and entered.lot_expiry != held.expiry:
                raise StockRefused(
                    msg(
                        "Lot {lot} expires on {expiry} in stock, but {entered} was entered for Order {order}: "
                        "check the vial's label.",
                        lot=number,
                        expiry=held.expiry.isoformat(),
                        entered=entered.lot_expiry.isoformat(),
                        order=name,
                    )
                )
        waste = order.waste_mg
        strength = protocol.product.vial_strength_mg
        if waste < 0 or waste >= strength:
            raise StockRefused(
                msg(
                    "Order {order} records {waste} of waste, which is not the remainder of one partial "
                    "{strength} vial: check the order's figures.",
                    order=name,
                    waste=_mg(waste),
                    strength=_mg(strength),
                )
            )
        movements: list[StockMovement] = []
        for pick in merged:
            source = by_lot_line.get(pick.lot_number)
            movements.append(
                _add_movement(
                    uow,
                    lots[pick.lot_number],
                    MovementKind.DISPENSE,
                    vials=pick.vials,
                    order_id=order.id,
                    preparation_line_id=source.id if source is not None and picks is None else None,
                )
            )
        if waste > 0:
            partial = lots[_lot_number(wanted[-1].lot_number)]  # the last vial drawn is the partial one
            movements.append(
                _add_movement(uow, partial, MovementKind.WASTE, waste_mg=waste, order_id=order.id)
            )
        return movements


def waste_bag(uow: UnitOfWork, order: InfusionOrder, bag: InfusionBag, reason: str) -> list[StockMovement]:
    """A prepared bag not given (past its use-before time, remade, or its order cancelled), recorded as waste
    on each lot it was drawn from: the mg drawn from that lot (volume drawn × the reconstituted concentration).
    Its vials left stock when it was prepared; nothing comes back. Inside the caller's unit of work, whose
    service said who may do it (a pharmacist remaking it, an investigator or pharmacist cancelling)."""
    with uow:
        session = uow.session
        movements: list[StockMovement] = []
        for line in bag.lines:
            lot = _find_lot(session, line.lot_number, lock=True)
            mg = line.volume_drawn_ml * order.concentration_mg_per_ml
            movements.append(
                _add_movement(
                    uow,
                    lot,
                    MovementKind.WASTE,
                    waste_mg=mg,
                    order_id=order.id,
                    preparation_line_id=line.id,
                    reason=reason,
                )
            )
        return movements


def order_movements(uow: UnitOfWork, order_id: int) -> list[MovementLine]:
    """The stock movements of one order (vials dispensed, waste), each with its lot's running balance."""
    with uow:
        session = uow.session
        lot_ids = list(
            session.execute(
                select(StockMovement.lot_id).where(StockMovement.order_id == order_id).distinct()
            ).scalars()
        )
        found: list[MovementLine] = []
        for lot in session.execute(select(Lot).where(Lot.id.in_(lot_ids))).scalars().all():
            ids = set(
                session.execute(
                    select(StockMovement.id).where(
                        StockMovement.order_id == order_id, StockMovement.lot_id == lot.id
                    )
                ).scalars()
            )
            found.extend(line for line in _lines(session, lot) if line.id in ids)
        return sorted(found, key=lambda line: line.id)


# --- returns and destruction -------------------------------------------------------------------------------


def _take_out(
    uow: UnitOfWork,
    kind: MovementKind,
    lot_number: str,
    vials: int,
    reason: str,
    password: str,
    reference: str | None,
) -> LotSummary:
    count = _vials(vials)
    what = (
        msg("the reason for returning them")
        if kind == MovementKind.RETURN
        else msg("the reason for destroying them")
    )
    why = _clean_text(reason, what, required=True, name=msg("The reason"))
    ref = _clean_text(
        reference,
        msg("the reference"),
        required=False,
        limit=MAX_REFERENCE,
        name=msg("The reference"),
        identifier=True,
    )
    prove_password(uow, password)
    with uow:
        session = uow.session
        require_role(session, uow.user, Role.PHARMACIST)
        lot = _find_lot(session, lot_number, lock=True)
        if lot.on_hand_vials < count:
            raise StockRefused(
                msg(
                    "Lot {lot} has {on_hand} on hand; {count} cannot be {kind}.",
                    lot=lot.lot_number,
                    on_hand=_vials_words(lot.on_hand_vials),
                    count=_vials_words(count),
                    kind=KIND_WORDS[kind],
                )
            )
        movement = _add_movement(uow, lot, kind, vials=count, reason=why, reference=ref)
        _sign_movement(uow, movement, password)
        summary = _summary_of(session, lot)
        uow.commit()
        return summary


def return_to_sponsor(
    uow: UnitOfWork, lot_number: str, vials: int, reason: str, password: str, *, reference: str | None = None
) -> LotSummary:
    """Send vials of a lot back to the sponsor, with the reason and the pharmacist's e-signature."""
    return _take_out(uow, MovementKind.RETURN, lot_number, vials, reason, password, reference)


def destroy_vials(
    uow: UnitOfWork, lot_number: str, vials: int, reason: str, password: str, *, reference: str | None = None
) -> LotSummary:
    """Destroy vials of a lot at the site, with the reason and the pharmacist's e-signature."""
    return _take_out(uow, MovementKind.DESTRUCTION, lot_number, vials, reason, password, reference)


# --- movements and the accountability log ------------------------------------------------------------------


_OUT_KINDS = frozenset({MovementKind.DISPENSE, MovementKind.RETURN, MovementKind.DESTRUCTION})


def _change(movement: StockMovement) -> tuple[int, int]:
    """(vials in, vials out) of one movement."""
    if movement.kind == MovementKind.RECEIPT:
        return movement.vials, 0
    if movement.kind in _OUT_KINDS:
        return 0, movement.vials
    return 0, 0


def _line(movement: StockMovement, balance: int) -> MovementLine:
    vials_in, vials_out = _change(movement)
    order = movement.order
    shipment = movement.shipment
    signature = movement.signature
    return MovementLine(
        id=movement.id,
        kind=MovementKind(movement.kind),
        at=movement.at,
        vials_in=vials_in,
        vials_out=vials_out,
        balance=balance,
        waste_mg=movement.waste_mg,
        shipment=shipment.reference if shipment else None,
        received_on=shipment.received_on if shipment else None,
        order_number=order.order_number if order else None,
        subject_number=order.subject.subject_number if order else None,
        visit_label=order.visit.label if order else None,
        reference=movement.reference,
        reason=movement.reason,
        by=movement.by_name,
        signed_by=signature.printed_name if signature else None,
        signed_at=signature.signed_at if signature else None,
    )


def _lines(session: Session, lot: Lot) -> list[MovementLine]:
    """The lot's movements, oldest first, each with the running balance after it."""
    movements = session.execute(
        select(StockMovement)
        .where(StockMovement.lot_id == lot.id)
        .order_by(StockMovement.id)
        .options(
            selectinload(StockMovement.order).selectinload(InfusionOrder.subject),
            selectinload(StockMovement.order).selectinload(InfusionOrder.visit),
            selectinload(StockMovement.shipment),
            selectinload(StockMovement.signature),
        )
    ).scalars()
    lines: list[MovementLine] = []
    balance = 0
    for movement in movements:
        vials_in, vials_out = _change(movement)
        balance += vials_in - vials_out
        lines.append(_line(movement, balance))
    return lines


def lot_movements(uow: UnitOfWork, lot_number: str) -> list[MovementLine]:
    """Every movement of a lot, oldest first, with the running balance after each."""
    with uow:
        return _lines(uow.session, _find_lot(uow.session, lot_number))


def _details(line: MovementLine) -> str:
    if line.kind == MovementKind.RECEIPT:
        if line.received_on:
            return msg(
                "shipment {shipment}, received {day}",
                shipment=line.shipment,
                day=line.received_on.isoformat(),
            )
        return msg("shipment {shipment}", shipment=line.shipment)
    if line.order_number:
        return msg(
            "order {order} · subject {subject} · {visit}",
            order=line.order_number,
            subject=line.subject_number,
            visit=line.visit_label,
        )
    if line.reference:
        return msg("reference {reference}", reference=line.reference)
    return ""


def _local(moment: datetime) -> datetime:
    return moment.astimezone()


def accountability_log(
    uow: UnitOfWork, lot_number: str, *, printed_at: datetime | None = None
) -> AccountabilityLog:
    """The accountability log of one lot, ready to print (`app.printing.accountability.render_accountability`).

    Times are the workstation's local time; the running balance is recomputed from the movements, and the
    lot's stored balance and any problem are printed beside it.
    """
    with uow:
        session = uow.session
        lot = _find_lot(session, lot_number)
        summary = _summary_of(session, lot)
        lines = _lines(session, lot)
        try:
            protocol: Protocol | None = protocol_file(lot.protocol_id)
        except DoseDeskError:
            protocol = None
        return AccountabilityLog(
            trial=protocol.registry if protocol else lot.protocol_id,
            protocol=f"{protocol.id} v{protocol.version}" if protocol else lot.protocol_id,
            drug=protocol.drug.name if protocol else "",
            lot_number=summary.lot_number,
            strength_mg=summary.strength_mg,
            expiry=summary.expiry,
            status=summary.status.value,
            status_reason=summary.status_reason,
            shipments=summary.shipments,
            lines=tuple(
                LogLine(
                    number=index,
                    at=_local(line.at),
                    kind=line.kind.value,
                    vials_in=line.vials_in,
                    vials_out=line.vials_out,
                    balance=line.balance,
                    waste_mg=line.waste_mg,
                    details=_details(line),
                    reason=line.reason or "",
                    by=line.by,
                    signed=(
                        f"{line.signed_by}, {_local(line.signed_at):%Y-%m-%d %H:%M}"
                        if line.signed_by and line.signed_at
                        else ""
                    ),
                )
                for index, line in enumerate(lines, start=1)
            ),
            received=summary.received,
            dispensed=summary.dispensed,
            returned=summary.returned,
            destroyed=summary.destroyed,
            on_hand=summary.on_hand,
            wasted_mg=summary.wasted_mg,
            problems=summary.problems,
            printed_at=_local(printed_at or uow.now()),
        )


# --- alerts -----------------------------------------------------------------------------------------------


def print_accountability(uow: UnitOfWork, lot_number: str, language: str = "en") -> bytes:
    """The accountability log of `lot_number` as PDF bytes, in `language` ("en", "zh", or "both" where the
    site prints bilingual paper)."""
    from app.printing.accountability import render_accountability
    from app.services.paper import checked_language

    with uow:
        chosen = checked_language(uow.session, language)
    return render_accountability(accountability_log(uow, lot_number), chosen)


def _dose_day(visit: Visit) -> date:
    return visit.booked_date or visit.suggested_date or visit.target_date


def _latest_weights(session: Session, subject_ids: list[int]) -> dict[int, Decimal]:
    latest: dict[int, tuple[date, int, Decimal]] = {}
    if not subject_ids:
        return {}
    rows = session.execute(
        select(Weight.subject_id, Weight.measured_on, Weight.id, Weight.weight_kg).where(
            Weight.subject_id.in_(subject_ids), Weight.cancelled.is_(False)
        )
    )
    for subject_id, measured_on, weight_id, kg in rows:
        key = (measured_on, weight_id)
        if subject_id not in latest or key > latest[subject_id][:2]:
            latest[subject_id] = (measured_on, weight_id, kg)
    return {subject_id: value[2] for subject_id, value in latest.items()}


def _coverage(session: Session, protocol: Protocol, start: date) -> CoverageForecast:
    end = start + timedelta(days=protocol.stock.cover_days)
    rows = session.execute(
        select(Visit, Subject)
        .join(Subject, Subject.id == Visit.subject_id)
        .where(
            Visit.kind == VisitKind.DOSE,
            Visit.status.in_([VisitStatus.PLANNED, VisitStatus.BOOKED]),
            Subject.status.in_([SubjectStatus.SCREENING, SubjectStatus.ON_TREATMENT]),
        )
        .options(selectinload(Subject.protocol_version))
    ).all()
    visits = [
        (visit, subject)
        for visit, subject in rows
        if subject.protocol_version.protocol_id == protocol.id and start <= _dose_day(visit) <= end
    ]
    orders: dict[int, InfusionOrder] = {}
    if visits:
        for written in session.execute(
            select(InfusionOrder).where(
                InfusionOrder.visit_id.in_([visit.id for visit, _ in visits]),
                InfusionOrder.status != OrderStatus.CANCELLED,
            )
        ).scalars():
            orders[written.visit_id] = written
    weights = _latest_weights(session, sorted({subject.id for _, subject in visits}))
    lots = _usable_lots(session, protocol, start)
    left = {lot.id: lot.on_hand_vials for lot in lots}
    needs: list[DoseNeed] = []
    notes: list[str] = []
    shortfall = 0
    for visit, subject in sorted(visits, key=lambda pair: (_dose_day(pair[0]), pair[1].subject_number)):
        day = _dose_day(visit)
        order = orders.get(visit.id)
        if order is not None and order.status in (
            OrderStatus.PREPARED,
            OrderStatus.CHECKED,
            *GIVEN_ORDER_STATUSES,
        ):
            continue  # its vials left stock already
        level = subject.current_dose_level_mg_per_kg or protocol.regimen.starting_level
        weight = weights.get(subject.id, subject.baseline_weight_kg)
        if order is not None:
            vials = order.vials
            level, weight = order.dose_level_mg_per_kg, order.weight_kg
        else:
            try:
                vials = compute_dose(protocol, weight_kg=weight, level_mg_per_kg=level).vials
            except DoseDeskError as exc:
                notes.append(
                    msg(
                        "{subject} {visit} on {day}: no estimate ({problem})",
                        subject=subject.subject_number,
                        visit=visit.label,
                        day=day.isoformat(),
                        problem=message_of(exc),
                    )
                )
                continue
        missing = vials
        for lot in lots:
            if missing == 0:
                break
            if lot.expiry < day or left[lot.id] == 0:
                continue
            take = min(missing, left[lot.id])
            left[lot.id] -= take
            missing -= take
        shortfall += missing
        needs.append(
            DoseNeed(
                subject_number=subject.subject_number,
                label=visit.label,
                on=day,
                level_mg_per_kg=level,
                weight_kg=weight,
                vials=vials,
                covered=missing == 0,
                from_order=order.order_number if order is not None else None,
            )
        )
    return CoverageForecast(
        protocol_id=protocol.id,
        start=start,
        end=end,
        needs=tuple(needs),
        vials_usable=sum(lot.on_hand_vials for lot in lots),
        shortfall=shortfall,
        notes=tuple(notes),
    )


def coverage(uow: UnitOfWork, *, protocol_id: str, today: date | None = None) -> CoverageForecast:
    """Will usable stock cover the booked and planned doses of the protocol's next `cover_days` days?

    Each dose is estimated from the subject's current dose level and latest weight with the dosing core (or
    taken from its order when one is already written and not yet prepared).
    """
    protocol = _protocol(protocol_id)
    with uow:
        return _coverage(uow.session, protocol, today or _local_today(uow))


def _protocols_in_use(session: Session) -> list[str]:
    ids = set(session.execute(select(Lot.protocol_id).distinct()).scalars())
    ids |= set(
        session.execute(
            select(ProtocolVersion.protocol_id)
            .join(Subject, Subject.protocol_version_id == ProtocolVersion.id)
            .where(Subject.status.in_([SubjectStatus.SCREENING, SubjectStatus.ON_TREATMENT]))
            .distinct()
        ).scalars()
    )
    return sorted(ids)


def stock_alerts(uow: UnitOfWork, *, today: date | None = None) -> list[StockAlert]:
    """What needs the pharmacy's attention: lots that do not reconcile, expired or expiring lots with vials on
    hand, and protocols whose usable stock will not cover the next days' booked and planned doses."""
    if today is not None:
        today = inputs.calendar_date(today, msg("The day of the alerts"))
    with uow:
        session = uow.session
        day = today or _local_today(uow)
        alerts: list[StockAlert] = []
        lots = _summaries(
            session, list(session.execute(select(Lot).order_by(Lot.expiry, Lot.lot_number)).scalars())
        )
        protocols: dict[str, Protocol | None] = {}
        for protocol_id in _protocols_in_use(session):
            try:
                protocols[protocol_id] = protocol_file(protocol_id)
            except DoseDeskError:
                protocols[protocol_id] = None
        for lot in lots:
            if not lot.reconciles:
                alerts.append(
                    StockAlert(
                        "unreconciled",
                        lot.protocol_id,
                        lot.lot_number,
                        None,
                        None,
                        lot.on_hand,
                        msg(
                            "Lot {lot} does not reconcile: {problems}",
                            lot=lot.lot_number,
                            problems=_joined(lot.problems),
                        ),
                        lot.problems,
                    )
                )
            if lot.on_hand <= 0:
                continue
            days = lot.days_to_expiry(day)
            if lot.expired(day):
                alerts.append(
                    StockAlert(
                        "expired",
                        lot.protocol_id,
                        lot.lot_number,
                        lot.expiry,
                        days,
                        lot.on_hand,
                        msg(
                            "Lot {lot} expired on {day} with {on_hand} on hand: quarantine it, then return or "
                            "destroy them.",
                            lot=lot.lot_number,
                            day=lot.expiry.isoformat(),
                            on_hand=_vials_words(lot.on_hand),
                        ),
                    )
                )
                continue
            protocol = protocols.get(lot.protocol_id)
            if protocol is not None and days <= protocol.stock.expiry_alert_days:
                alerts.append(
                    StockAlert(
                        "expiring",
                        lot.protocol_id,
                        lot.lot_number,
                        lot.expiry,
                        days,
                        lot.on_hand,
                        msg(
                            "Lot {lot} expires on {day} (in {days} days) with {on_hand} on hand.",
                            lot=lot.lot_number,
                            day=lot.expiry.isoformat(),
                            days=days,
                            on_hand=_vials_words(lot.on_hand),
                        ),
                    )
                )
        alerts.extend(_bag_alerts(session, uow.now()))
        for protocol_id, protocol in protocols.items():
            if protocol is None:
                continue
            forecast = _coverage(session, protocol, day)
            first = forecast.first_uncovered
            if forecast.shortfall > 0 and first is not None:
                alerts.append(
                    StockAlert(
                        "cover",
                        protocol_id,
                        None,
                        first.on,
                        (first.on - day).days,
                        forecast.shortfall,
                        msg(
                            "{drug}: usable stock will not cover the booked and planned doses to {end}: "
                            "{needed} needed, {usable} usable, {short} short from {subject} {visit} on {day}.",
                            drug=protocol.drug.name,
                            end=forecast.end.isoformat(),
                            needed=_vials_words(forecast.vials_needed),
                            usable=_vials_words(forecast.vials_usable),
                            short=_vials_words(forecast.shortfall),
                            subject=first.subject_number,
                            visit=first.label,
                            day=first.on.isoformat(),
                        ),
                    )
                )
        return alerts


def _bag_alerts(session: Session, now: datetime) -> list[StockAlert]:
    """Prepared bags not yet hung whose use-before time is near (the protocol's warning minutes) or passed."""
    from app.services.queries import bag_in_use  # the read models know which bag of an order is in use

    alerts: list[StockAlert] = []
    orders = session.execute(
        select(InfusionOrder)
        .where(InfusionOrder.status.in_((OrderStatus.PREPARED, OrderStatus.CHECKED)))
        .options(
            selectinload(InfusionOrder.bags),
            selectinload(InfusionOrder.subject),
            selectinload(InfusionOrder.visit),
            selectinload(InfusionOrder.protocol_version),
        )
        .order_by(InfusionOrder.id)
    ).scalars()
    for order in orders:
        bag = bag_in_use(order)
        if bag is None:
            continue
        try:
            protocol = load_protocol(order.protocol_version.protocol_id)
        except DoseDeskError:
            continue
        state = use_before(bag.beyond_use_at, now, protocol.order_checks)
        if state.state == "ok":
            continue
        time = bag.beyond_use_at.astimezone().strftime("%Y-%m-%d %H:%M")
        if state.expired:
            kind: AlertKind = "bag_expired"
            message = msg(
                "EXPIRED — do not give: the bag of order {order} ({subject} {visit}) was to be used before "
                "{time}. Remake it or cancel the order.",
                order=order.order_number,
                subject=order.subject.subject_number,
                visit=order.visit.label,
                time=time,
            )
        else:
            kind = "bag_expiring"
            message = msg(
                "The bag of order {order} ({subject} {visit}) is to be used before {time}: {minutes} min left.",
                order=order.order_number,
                subject=order.subject.subject_number,
                visit=order.visit.label,
                time=time,
                minutes=str(state.minutes_left),
            )
        alerts.append(
            StockAlert(
                kind,
                order.protocol_version.protocol_id,
                None,
                local_date_of(bag.beyond_use_at),
                None,
                None,
                message,
                order_number=order.order_number,
                use_before=bag.beyond_use_at,
                minutes_left=state.minutes_left,
            )
        )
    return alerts


def local_date_of(moment: datetime) -> date:
    return moment.astimezone().date()


# --- the database check ------------------------------------------------------------------------------------


@register_check("lot balances", order=60)
def lot_balance_problems(session: Session) -> list[str]:
    """Every lot re-added from its movements: a counter that differs, a balance that does not reconcile, a
    return or destruction without its e-signature, and a missing stock guard trigger, one sentence each."""
    problems: list[str] = []
    lots = list(session.execute(select(Lot).order_by(Lot.lot_number)).scalars())
    sums = _sums(session)
    for lot in lots:
        problems.extend(_problems(lot, sums.get(lot.id, _Sums())))
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        present = set(
            session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars()
        )
        expected = set(GUARD_TRIGGERS)
    else:
        present = set(
            session.execute(
                text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'")
            ).scalars()
        )
        expected = set(GUARD_TRIGGERS | POSTGRESQL_ONLY_TRIGGERS)
    problems.extend(
        msg(
            "The stock guard {name} is missing or disabled: the database no longer keeps lot balances itself.",
            name=name,
        )
        for name in sorted(expected - present)
    )
    return problems


# --- demo --------------------------------------------------------------------------------------------------


# The lots `dosedesk demo` prepares its orders from: (lot number, days from the demo's today to its expiry,
# vials received at the start). Expiries follow the demo's today, so the demo never prepares from a lot that
# has expired since it was written.
DEMO_LOTS: tuple[tuple[str, int, int], ...] = (
    ("SKB-2504A", 240, 240),
    ("SKB-2511C", 400, 240),
)
DEMO_SHORT_DATED = "DEMO-X2312"


def demo_lots(today: date) -> tuple[tuple[str, date, int], ...]:
    """The demo's lots as (lot number, expiry, vials) for a demo whose last day is `today`."""
    return tuple((number, today + timedelta(days=days), vials) for number, days, vials in DEMO_LOTS)


def seed_demo_stock(
    uow: UnitOfWork,
    pharmacist: Actor,
    *,
    on: date,
    today: date,
    lots: Sequence[tuple[str, date, int]] | None = None,
    protocol_id: str = "nct07343453",
) -> list[str]:
    """Opening stock for `dosedesk demo`, received on `on` (the demo's first day, not after the uow's clock):
    shipment DEMO-SH-0001 with `lots` (default `demo_lots(today)`: the lots the demo's preparations name) and
    a short-dated lot that will have expired by `today`. Acted by `pharmacist` (an active user with the
    pharmacist role). Returns the lot numbers. Then `finish_demo_stock` on the demo's last day."""
    protocol = _protocol(protocol_id)
    strength = protocol.product.vial_strength_mg
    short = LotReceipt(DEMO_SHORT_DATED, strength, max(on, today - timedelta(days=10)), 4)
    chosen = demo_lots(today) if lots is None else lots
    received = [LotReceipt(number, strength, expiry, vials) for number, expiry, vials in chosen]
    with uow, uow.acting(pharmacist, audit_reason("demo_stock")):
        receive_shipment(
            uow, reference="DEMO-SH-0001", received_on=on, lots=[*received, short], protocol_id=protocol.id
        )
    return [*(lot.lot_number for lot in received), short.lot_number]


def finish_demo_stock(
    uow: UnitOfWork, pharmacist: Actor, password: str, *, today: date, protocol_id: str = "nct07343453"
) -> list[str]:
    """The demo's recent stock work, on `today` (the uow's clock): a second shipment two weeks ago with a lot
    expiring within the alert days and one quarantined after a temperature excursion; the short-dated lot
    quarantined, 3 vials returned to the sponsor and 1 destroyed (both e-signed with `password`). Returns the
    new lot numbers."""
    protocol = _protocol(protocol_id)
    strength = protocol.product.vial_strength_mg
    soon = today + timedelta(days=max(1, protocol.stock.expiry_alert_days // 2))
    later = today + timedelta(days=400)
    lots = [LotReceipt("DEMO-A2401", strength, soon, 6), LotReceipt("DEMO-C2409", strength, later, 12)]
    with uow, uow.acting(pharmacist, audit_reason("demo_stock")):
        receive_shipment(
            uow,
            reference="DEMO-SH-0002",
            received_on=today - timedelta(days=14),
            lots=lots,
            protocol_id=protocol.id,
        )
        quarantine_lot(
            uow, "DEMO-C2409", "temperature excursion in transit: awaiting the sponsor's assessment"
        )
        short = get_lot(uow, DEMO_SHORT_DATED)
        if short.status == LotStatus.RELEASED:
            quarantine_lot(uow, DEMO_SHORT_DATED, "expired: awaiting return to the sponsor")
        if short.on_hand >= 4:
            return_to_sponsor(uow, DEMO_SHORT_DATED, 3, "expired", password, reference="DEMO-RT-01")
            destroy_vials(uow, DEMO_SHORT_DATED, 1, "vial cracked on inspection", password)
    return [lot.lot_number for lot in lots]
