"""Preparing the bag from lots in stock, its check by a second pharmacist, and its remake past its use-before."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from app.dosing import (
    beyond_use,
    format_quantity,
)
from app.dosing.bedside import bag_weight, use_before
from app.dosing.order_codes import (
    CHECK_ITEM_WORDS,
    CHECK_ITEMS,
    REMAKE_REASON_WORDS,
    CheckItem,
    RemakeReason,
)
from app.errors import InputError
from app.models import (
    BeyondUseStorage,
    InfusionBag,
    InfusionOrder,
    OrderStatus,
    OrderStep,
    PreparationLine,
    Role,
    SignatureMeaning,
    User,
)
from app.protocol import Protocol
from app.services import stock
from app.services._common import (
    local_date,
    optional_text,
    require_any_role,
)
from app.services.orders._base import (
    LotUse,
    _current_bag,
    _expect,
    _load_order,
    _moment,
    _order_status,
    _protocol,
    _refuse_expired,
    _require_signed_off,
    _result,
    _step,
    _verifiers,
    _when,
)
from app.services.queries import (
    OrderRow,
)
from app.services.reasons import reason as audit_reason
from app.services.signatures import prove_password, sign
from app.services.uow import UnitOfWork
from app.text import join_and, msg

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
