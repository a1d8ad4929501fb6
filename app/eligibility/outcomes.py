"""The eligibility decision's controlled vocabulary, kept in one place.

A screening ends in one of two decisions: the investigator signs the subject eligible for the planned first
dose, or records a screen failure. A screen failure is stored as its disposition term (CDISC SDTM DS, DSDECOD
"SCREEN FAILURE"), a reason code naming what failed, the ids of the criteria not met as its parameters, and the
investigator's own detail as typed. A code is never renamed once written: add new ones, never change old ones.
"""

from __future__ import annotations

from enum import StrEnum

from app.text import Message, msg

#: The CDISC controlled term (codelist NCOMPLT, DSDECOD) a screen failure is recorded under.
DS_SCREEN_FAILURE = "SCREEN FAILURE"


class DecisionKind(StrEnum):
    ELIGIBLE = "eligible"
    SCREEN_FAILURE = "screen_failure"


class ScreenFailureReason(StrEnum):
    CRITERIA_NOT_MET = "criteria_not_met"  # one or more criteria not met: their ids are the parameters
    CONSENT_WITHDRAWN = "consent_withdrawn"
    PHYSICIAN_DECISION = "physician_decision"
    LOST_TO_FOLLOW_UP = "lost_to_follow_up"
    DEATH = "death"
    OTHER = "other"


#: The reasons an investigator chooses from, in the order they are offered.
CHOSEN_SCREEN_FAILURE_REASONS: tuple[ScreenFailureReason, ...] = tuple(ScreenFailureReason)

#: Reasons that say too little alone: the investigator must write the detail.
SCREEN_FAILURE_DETAIL_REQUIRED: frozenset[str] = frozenset(
    {ScreenFailureReason.OTHER, ScreenFailureReason.PHYSICIAN_DECISION}
)

#: Reasons that need the ids of the criteria not met.
SCREEN_FAILURE_NEEDS_CRITERIA: frozenset[str] = frozenset({ScreenFailureReason.CRITERIA_NOT_MET})

SCREEN_FAILURE_WORDS: dict[ScreenFailureReason, Message] = {
    ScreenFailureReason.CRITERIA_NOT_MET: msg("eligibility criteria not met"),
    ScreenFailureReason.CONSENT_WITHDRAWN: msg("consent withdrawn before the first dose"),
    ScreenFailureReason.PHYSICIAN_DECISION: msg("investigator's decision"),
    ScreenFailureReason.LOST_TO_FOLLOW_UP: msg("lost to follow-up during screening"),
    ScreenFailureReason.DEATH: msg("died during screening"),
    ScreenFailureReason.OTHER: msg("other reason"),
}


def screen_failure_words(code: str, criteria: tuple[str, ...] = (), detail: str | None = None) -> str:
    """A screen failure said in words: its reason, the criteria not met, the detail as typed."""
    try:
        words: str = SCREEN_FAILURE_WORDS[ScreenFailureReason(code)]
    except ValueError:
        words = code
    if criteria:
        words = msg("{reason} ({criteria})", reason=words, criteria=", ".join(criteria))
    if detail:
        words = msg("{reason}: {detail}", reason=words, detail=detail)
    return words
