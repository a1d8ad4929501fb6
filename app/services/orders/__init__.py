"""Infusion orders (docs/domain.md §7): draft → prescribed → verified → prepared → checked → started →
completed or stopped early; or cancelled, with a reason code and an e-signature, at any step before it starts.

    create_order(uow, visit_id, acknowledgement_reason=None)                        -> OrderRow   (draft)
    prescribe_order(uow, order_id, password, criteria_override_reason=None)         -> OrderRow   investigator
    verification_task(uow, order_id)                                                -> VerificationTask
    verify_order(uow, order_id, password, weight_kg=…, dose_level_mg_per_kg=…,
                 final_dose_mg=…, volume_to_draw_ml=…)                              -> OrderRow   pharmacist
    prepare_order(uow, order_id, password, lots=[LotUse(…)], prepared_at=…, refrigerated=False, tare_g=None)
    check_order(uow, order_id, password, confirmed=[…], weighed_g=None)             a second pharmacist
    remake_order(uow, order_id, password, reason=…, note=…, lots=[…], …)            pharmacist
    start_infusion(uow, order_id, password, bag_code=…, subject_code=…, started_at=None)          nurse
    record_interruption / end_interruption / record_reaction (uow, order_id, …)    nurse
    link_reaction(uow, event_id, toxicity_id)                                       investigator
    stop_infusion(uow, order_id, password, ended_at=None, volume_given_ml=None, reason=None, note=None)  nurse
    cancel_order(uow, order_id, password, reason=CancelReason…, detail=None)        investigator/pharmacist

The dose comes from the weight measured for this visit (no older than the protocol allows before the planned
date) and the subject's current dose level, through the core's `compute_dose`; soft-limit warnings need an
acknowledgement with a reason. Prescribing is refused while the protocol version is not signed off, and checks
the dose's criteria to treat (docs/domain.md §6) against the labs on record for the planned date: not met,
or labs missing or too old, is refused unless the investigator gives a reason to treat anyway, recorded with
the criteria not met as the prescribe step's note (`OrderRow.criteria_override`).

Separation of duties (each rule on by default, relaxed per site only in the protocol file's `[order_checks]`):
who made or prescribed an order never verifies it; the verifier does not prepare it; the preparer does not
check the prepared bag. The verifier sees the inputs (`verification_task`: weight and its date, dose level,
rounding rule, product) and never the order's figures; the figures entered must match before the signature is
accepted, and a mismatch is recorded on the order (audited, not signed) however the signing ends.

A bag lives until its use-before time: past it, it is never checked or started, only made again
(`remake_order`: the old bag recorded as waste with its lots, a new preparation from the same verified order,
signed) or the order cancelled. The nurse who gives the infusion signs its start, with the bag label's and the
subject's identifiers scanned or typed to match the order, and its end (completed, or stopped early with the
volume given: the dose given follows). The visit is done, and the calendar follows, when the infusion starts.

`take_vials` is the one place vials are taken for a preparation: the lots as printed on the vials become the
bag's preparation lines, and the stock service (`app.services.stock.dispense_for_order`) takes those vials
from the lots in stock and records the partial vial's waste on the order, so a lot that is unknown, expired,
quarantined or short refuses the whole preparation in plain words, with nothing changed.

The package: `_base` (roles, value types, the checks every step makes), `prescribing`, `verification`,
`preparation` (with the check and the remake), `bedside` and `cancelling` (with the orders following a
decision).
"""

from __future__ import annotations

from app.services.orders._base import (
    CANCELLERS,
    GIVERS,
    ORDER_MAKERS,
    REACTION_RECORDERS,
    LotUse,
    VerificationTask,
)
from app.services.orders.bedside import (
    end_interruption,
    interruption_minutes,
    link_reaction,
    planned_end,
    record_interruption,
    record_reaction,
    start_infusion,
    stop_infusion,
)
from app.services.orders.cancelling import (
    cancel_open_orders,
    cancel_order,
    open_orders,
    orders_follow_new_level,
)
from app.services.orders.preparation import check_order, prepare_order, remake_order, take_vials
from app.services.orders.prescribing import create_order, prescribe_order
from app.services.orders.verification import verification_task, verify_order

__all__ = [
    "CANCELLERS",
    "GIVERS",
    "ORDER_MAKERS",
    "REACTION_RECORDERS",
    "LotUse",
    "VerificationTask",
    "cancel_open_orders",
    "cancel_order",
    "check_order",
    "create_order",
    "end_interruption",
    "interruption_minutes",
    "link_reaction",
    "open_orders",
    "orders_follow_new_level",
    "planned_end",
    "prepare_order",
    "prescribe_order",
    "record_interruption",
    "record_reaction",
    "remake_order",
    "start_infusion",
    "stop_infusion",
    "take_vials",
    "verification_task",
    "verify_order",
]
