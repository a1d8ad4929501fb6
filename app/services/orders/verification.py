"""Blind verification: the verifier sees the inputs, never the order's figures, and types them again."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from app.dosing import (
    format_quantity,
)
from app.errors import InputError
from app.models import (
    InfusionOrder,
    OrderStatus,
    OrderStep,
    Role,
    SignatureMeaning,
    User,
)
from app.protocol import Protocol
from app.services._common import (
    load,
    require_any_role,
)
from app.services.orders._base import (
    _FIGURE_WORDS,
    VerificationTask,
    _expect,
    _load_order,
    _protocol,
    _require_signed_off,
    _result,
    _step,
)
from app.services.queries import (
    OrderRow,
    order_makers,
)
from app.services.reasons import reason as audit_reason
from app.services.signatures import prove_password, sign, signers
from app.services.uow import UnitOfWork
from app.text import join_and, msg

# --- blind verification ------------------------------------------------------------------------------------


def _rounding_words(protocol: Protocol) -> str:
    if protocol.dosing.rounding_text:
        return protocol.dosing.rounding_text
    concentration = format_quantity(protocol.preparation.concentration_mg_per_ml, "mg/mL")
    return msg(
        "The volume to draw is the dose ÷ {concentration}, rounded half up to the nearest {step}; the final dose "
        "is that volume × {concentration}.",
        concentration=concentration,
        step=format_quantity(protocol.dosing.volume_rounding_ml, "mL"),
    )


def _may_not_verify(session: Session, order: InfusionOrder, user: User | None) -> str | None:
    """Why `user` may not verify `order` (None: they may)."""
    if user is None or not user.has_role(Role.PHARMACIST):
        return msg("Only a pharmacist verifies an order.")
    if not _protocol(order).order_checks.verifier_not_prescriber:
        return None
    if order.prescribed_by_id == user.id or user.id in signers(session, order, SignatureMeaning.PRESCRIBED):
        return msg(
            "You prescribed order {order}: another pharmacist must verify it.", order=order.order_number
        )
    if user.id in order_makers(order):
        return msg(
            "You made order {order} and have seen its figures: another pharmacist must verify it, blind.",
            order=order.order_number,
        )
    return None


def verification_task(uow: UnitOfWork, order_id: int) -> VerificationTask:
    """The order to verify with the inputs of its dose, without its figures (the verifier recomputes them)."""
    with uow:
        session = uow.session
        order = _load_order(session, order_id)
        subject = order.subject
        protocol = _protocol(order)
        user = session.get(User, uow.user.id) if uow.user is not None and uow.user.id is not None else None
        why_not = _may_not_verify(session, order, user)
        return VerificationTask(
            order_id=order.id,
            order_number=order.order_number,
            status=str(order.status),
            subject_id=subject.id,
            subject_number=subject.subject_number,
            initials=subject.initials,
            birth_date=subject.birth_date,
            visit_label=order.visit.label,
            planned_date=order.planned_date,
            protocol_id=order.protocol_version.protocol_id,
            weight_kg=order.weight_kg,
            weight_measured_on=order.weight_measured_on,
            dose_level_mg_per_kg=order.dose_level_mg_per_kg,
            drug_name=protocol.drug.name,
            vial_strength_mg=protocol.product.vial_strength_mg,
            reconstitution_volume_ml=protocol.preparation.reconstitution_volume_ml,
            reconstitution_diluent=protocol.preparation.reconstitution_diluent,
            concentration_mg_per_ml=order.concentration_mg_per_ml,
            volume_rounding_ml=protocol.dosing.volume_rounding_ml,
            rounding_text=_rounding_words(protocol),
            bag_diluent=protocol.preparation.bag_diluent,
            bag_volume_ml=order.bag_volume_ml,
            may_verify=why_not is None,
            why_not=why_not,
        )


def _record_mismatch(uow: UnitOfWork, order_id: int, user_id: int, figures: str) -> None:
    """A blind verification that did not match, kept on the order (audited, not a signature)."""
    session = uow.session
    order = _load_order(session, order_id)
    user = load(session, User, user_id, msg("user"))
    note = audit_reason("verification_mismatch", figures=figures)
    with uow.acting(user, audit_reason("verification_mismatch_of", number=order.order_number)):
        _step(order, OrderStep.MISMATCH, user, uow.now(), None, note)


def verify_order(
    uow: UnitOfWork,
    order_id: int,
    password: str,
    *,
    weight_kg: Decimal,
    dose_level_mg_per_kg: Decimal,
    final_dose_mg: Decimal,
    volume_to_draw_ml: Decimal | None = None,
) -> OrderRow:
    """A pharmacist who neither made nor prescribed the order verifies it with the dose recomputed blind.

    The weight, level, final dose (and volume to draw, when given) must equal the order's before the signature
    is accepted; a mismatch says which figure differs, not the order's value, changes nothing, and is recorded
    on the order (a "mismatch" step: audited, unsigned).
    """
    entered = {
        "weight": weight_kg,
        "dose level": dose_level_mg_per_kg,
        "final dose": final_dose_mg,
        "volume to draw": volume_to_draw_ml,
    }
    for name, value in entered.items():
        if value is not None and (not isinstance(value, Decimal) or not value.is_finite()):
            raise InputError(msg("Enter the {figure} as a number.", figure=_FIGURE_WORDS[name]))
    prove_password(uow, password)
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, Role.PHARMACIST)
        order = _load_order(session, order_id)
        _expect(order, OrderStatus.PRESCRIBED, msg("verify it"))
        why_not = _may_not_verify(session, order, user)
        if why_not is not None:
            raise InputError(why_not)
        _require_signed_off(order.protocol_version)
        expected = {
            "weight": order.weight_kg,
            "dose level": order.dose_level_mg_per_kg,
            "final dose": order.final_dose_mg,
            "volume to draw": order.volume_to_draw_ml,
        }
        wrong = [name for name, value in entered.items() if value is not None and value != expected[name]]
        if wrong:
            figures = join_and(_FIGURE_WORDS[name] for name in wrong)
            order_key, user_key = order.id, user.id
            uow.afterwards(lambda: _record_mismatch(uow, order_key, user_key, figures))
        if len(wrong) == 1:
            raise InputError(
                msg(
                    "Your {figure} does not match order {order}: recompute from the weight and the dose level; "
                    "nothing was signed.",
                    figure=_FIGURE_WORDS[wrong[0]],
                    order=order.order_number,
                )
            )
        if wrong:
            raise InputError(
                msg(
                    "Your {figures} do not match order {order}: recompute from the weight and the dose level; "
                    "nothing was signed.",
                    figures=join_and(_FIGURE_WORDS[name] for name in wrong),
                    order=order.order_number,
                )
            )
        with uow.acting(user, audit_reason("order_verified", number=order.order_number)):
            order.verifier_weight_kg = weight_kg
            order.verifier_dose_level_mg_per_kg = dose_level_mg_per_kg
            order.verifier_final_dose_mg = final_dose_mg
            order.verifier_volume_ml = volume_to_draw_ml
            session.flush()
            signature = sign(uow, user, password, SignatureMeaning.VERIFIED, order)
            order.verified_by_id = user.id
            order.verified_at = signature.signed_at
            order.status = OrderStatus.VERIFIED
            _step(order, OrderStep.VERIFIED, user, signature.signed_at, signature, None)
        result = _result(uow, order)
        uow.commit()
        return result
