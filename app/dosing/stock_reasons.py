"""Why a lot was set aside or released, and why vials left the pharmacy: the controlled vocabulary, kept once
(docs/domain.md §8).

A quarantine, a release, a return to the sponsor and a destruction each keep a code beside the reason the
pharmacist wrote (still required: the accountability log prints it). Every reader says a code in its language
from `STOCK_REASON_WORDS`. A code is never renamed once written: add new ones, never change old ones.
"""

from __future__ import annotations

from enum import StrEnum

from app.text import Message, msg

__all__ = [
    "DESTRUCTION_CHOICES",
    "QUARANTINE_CHOICES",
    "RELEASE_CHOICES",
    "RETURN_CHOICES",
    "STOCK_REASON_WORDS",
    "StockReason",
]


class StockReason(StrEnum):
    TEMPERATURE_EXCURSION = "temperature_excursion"
    DAMAGED = "damaged"
    SPONSOR_RECALL = "sponsor_recall"
    QUALITY_QUERY = "quality_query"
    CLEARED = "cleared"  # the query behind a quarantine is resolved: fit to use
    EXPIRED = "expired"
    STUDY_CLOSED = "study_closed"
    SPONSOR_INSTRUCTION = "sponsor_instruction"
    OTHER = "other"


#: What a pharmacist chooses from, by what is done, in the order offered ("Other" last).
QUARANTINE_CHOICES: tuple[StockReason, ...] = (
    StockReason.TEMPERATURE_EXCURSION,
    StockReason.DAMAGED,
    StockReason.SPONSOR_RECALL,
    StockReason.QUALITY_QUERY,
    StockReason.OTHER,
)
RELEASE_CHOICES: tuple[StockReason, ...] = (StockReason.CLEARED, StockReason.OTHER)
RETURN_CHOICES: tuple[StockReason, ...] = (
    StockReason.EXPIRED,
    StockReason.SPONSOR_RECALL,
    StockReason.DAMAGED,
    StockReason.STUDY_CLOSED,
    StockReason.OTHER,
)
DESTRUCTION_CHOICES: tuple[StockReason, ...] = (
    StockReason.EXPIRED,
    StockReason.DAMAGED,
    StockReason.SPONSOR_INSTRUCTION,
    StockReason.OTHER,
)

STOCK_REASON_WORDS: dict[StockReason, Message] = {
    StockReason.TEMPERATURE_EXCURSION: msg("Temperature excursion"),
    StockReason.DAMAGED: msg("Damaged vials or packaging"),
    StockReason.SPONSOR_RECALL: msg("Recalled by the sponsor"),
    StockReason.QUALITY_QUERY: msg("Quality query"),
    StockReason.CLEARED: msg("Query resolved: fit to use"),
    StockReason.EXPIRED: msg("Expired"),
    StockReason.STUDY_CLOSED: msg("Study closed"),
    StockReason.SPONSOR_INSTRUCTION: msg("On the sponsor's instruction"),
    StockReason.OTHER: msg("Other reason"),
}
