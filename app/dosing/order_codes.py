"""The codes an infusion order's life records, kept in one place (docs/domain.md §7 and §9).

Records store the code, a stable string, and beside it whatever the person typed as they typed it; every
reader (window, paper, command line) says the code in its own words from these tables. A code is never
renamed once written: add new ones, never change old ones.

- `CancelReason`: why an order is cancelled. A person chooses one of `CHOSEN_CANCEL_REASONS` (with a free text
  detail, required for `OTHER`); DoseDesk itself writes the decision codes when a hold, a reduction or the end
  of treatment cancels open orders.
- `RemakeReason`: why a prepared bag is wasted and made again from the same verified order.
- `StopReason`: why an infusion was stopped before the bag was given in full.
- `CheckItem`: what the second pharmacist confirms on the prepared bag before releasing it to the ward.
"""

from __future__ import annotations

from enum import StrEnum

from app.text import Message, msg


class CancelReason(StrEnum):
    PATIENT_UNWELL = "patient_unwell"
    DID_NOT_ATTEND = "did_not_attend"
    PATIENT_DECLINED = "patient_declined"
    CRITERIA_NOT_MET = "criteria_not_met"
    DOSE_CHANGED = "dose_changed"
    BAG_EXPIRED = "bag_expired"
    PREPARATION_PROBLEM = "preparation_problem"
    ENTERED_IN_ERROR = "entered_in_error"
    OTHER = "other"
    # Written by DoseDesk when a decision cancels the open orders (never chosen in the cancel dialog).
    TREATMENT_HELD = "treatment_held"
    DOSE_LEVEL_CHANGED = "dose_level_changed"
    TREATMENT_STOPPED = "treatment_stopped"


#: The reasons a person chooses from when cancelling an order, in the order they are offered.
CHOSEN_CANCEL_REASONS: tuple[CancelReason, ...] = (
    CancelReason.PATIENT_UNWELL,
    CancelReason.DID_NOT_ATTEND,
    CancelReason.PATIENT_DECLINED,
    CancelReason.CRITERIA_NOT_MET,
    CancelReason.DOSE_CHANGED,
    CancelReason.BAG_EXPIRED,
    CancelReason.PREPARATION_PROBLEM,
    CancelReason.ENTERED_IN_ERROR,
    CancelReason.OTHER,
)

#: Reasons that say too little alone: the person must write the detail.
DETAIL_REQUIRED: frozenset[str] = frozenset({CancelReason.OTHER})

CANCEL_REASON_WORDS: dict[CancelReason, Message] = {
    CancelReason.PATIENT_UNWELL: msg("patient unwell on the day"),
    CancelReason.DID_NOT_ATTEND: msg("patient did not attend"),
    CancelReason.PATIENT_DECLINED: msg("patient declined the dose"),
    CancelReason.CRITERIA_NOT_MET: msg("criteria to treat not met"),
    CancelReason.DOSE_CHANGED: msg("weight or dose changed: a new order is needed"),
    CancelReason.BAG_EXPIRED: msg("bag past its use-before time"),
    CancelReason.PREPARATION_PROBLEM: msg("problem with the preparation"),
    CancelReason.ENTERED_IN_ERROR: msg("order made in error"),
    CancelReason.OTHER: msg("other reason"),
    CancelReason.TREATMENT_HELD: msg("treatment held"),
    CancelReason.DOSE_LEVEL_CHANGED: msg("dose level changed"),
    CancelReason.TREATMENT_STOPPED: msg("treatment stopped"),
}


class RemakeReason(StrEnum):
    EXPIRED = "expired"  # past its use-before time
    CHECK_FAILED = "check_failed"  # the product check found a fault
    DAMAGED = "damaged"  # dropped, leaking, contaminated


REMAKE_REASONS: tuple[RemakeReason, ...] = tuple(RemakeReason)

REMAKE_REASON_WORDS: dict[RemakeReason, Message] = {
    RemakeReason.EXPIRED: msg("bag past its use-before time"),
    RemakeReason.CHECK_FAILED: msg("the product check found a fault"),
    RemakeReason.DAMAGED: msg("bag damaged, leaking or contaminated"),
}


class StopReason(StrEnum):
    INFUSION_REACTION = "infusion_reaction"
    PATIENT_REQUEST = "patient_request"
    VENOUS_ACCESS = "venous_access"
    OTHER = "other"


STOP_REASONS: tuple[StopReason, ...] = tuple(StopReason)

STOP_REASON_WORDS: dict[StopReason, Message] = {
    StopReason.INFUSION_REACTION: msg("infusion reaction"),
    StopReason.PATIENT_REQUEST: msg("at the patient's request"),
    StopReason.VENOUS_ACCESS: msg("problem with the venous access"),
    StopReason.OTHER: msg("other reason"),
}


class CheckItem(StrEnum):
    LOTS = "lots"
    VOLUME = "volume"
    BAG = "bag"
    LABEL = "label"
    USE_BEFORE = "use_before"


CHECK_ITEMS: tuple[CheckItem, ...] = tuple(CheckItem)

CHECK_ITEM_WORDS: dict[CheckItem, Message] = {
    CheckItem.LOTS: msg("the vials and lots used are those recorded"),
    CheckItem.VOLUME: msg("the volume drawn is the order's"),
    CheckItem.BAG: msg("the diluent and bag are the order's"),
    CheckItem.LABEL: msg("the label matches the order and the subject"),
    CheckItem.USE_BEFORE: msg("the use-before time on the label is right and not passed"),
}


def cancel_reason_words(code: str | None) -> str | None:
    """A stored cancel reason code in words (an unknown code as it is; None for none)."""
    if code is None:
        return None
    try:
        return CANCEL_REASON_WORDS[CancelReason(code)]
    except ValueError:
        return code


__all__ = [
    "CANCEL_REASON_WORDS",
    "CHECK_ITEMS",
    "CHECK_ITEM_WORDS",
    "CHOSEN_CANCEL_REASONS",
    "DETAIL_REQUIRED",
    "REMAKE_REASONS",
    "REMAKE_REASON_WORDS",
    "STOP_REASONS",
    "STOP_REASON_WORDS",
    "CancelReason",
    "CheckItem",
    "RemakeReason",
    "StopReason",
    "cancel_reason_words",
]
