"""Why a dose level was reduced or treatment held: the controlled vocabulary, kept once (docs/domain.md §6).

A dose-level change and a hold keep a code beside the reason as written (a toxicity decision's explanation, or
the investigator's detail); the toxicity and the decision it came from are on the record as links. Every reader
says a code in its language from `ADJUSTMENT_WORDS`. A code is never renamed once written.
"""

from __future__ import annotations

from enum import StrEnum

from app.text import Message, msg

__all__ = ["ADJUSTMENT_WORDS", "CHOSEN_REDUCTION_REASONS", "AdjustmentReason"]


class AdjustmentReason(StrEnum):
    ADVERSE_EVENT = "adverse_event"  # a toxicity: by the protocol's rules (linked) or the investigator's view
    PHYSICIAN_DECISION = "physician_decision"
    OTHER = "other"


#: What an investigator chooses from when reducing the dose level outside a toxicity decision (always with
#: the investigator's own words beside it).
CHOSEN_REDUCTION_REASONS: tuple[AdjustmentReason, ...] = tuple(AdjustmentReason)

ADJUSTMENT_WORDS: dict[AdjustmentReason, Message] = {
    AdjustmentReason.ADVERSE_EVENT: msg("Adverse event"),
    AdjustmentReason.PHYSICIAN_DECISION: msg("Investigator's decision"),
    AdjustmentReason.OTHER: msg("Other reason"),
}
