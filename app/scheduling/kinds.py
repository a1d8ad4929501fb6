"""The visit vocabularies, kept once: the kinds of visit and the statuses a visit goes through, with their words.

The core's calendar, the records (`app.models` columns take these values), the paper and the window all use
these enums. A value is the code the records store: never renamed once written (a renamed value needs a
migration). The words are `app.text.msg` messages, said in the reader's language from the one catalogue
(`app.catalogue.say` on paper, `app.ui.words.say` in the window).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from app.text import Message, msg


class VisitKind(StrEnum):
    SCREENING = "screening"
    DOSE = "dose"
    TUMOUR_ASSESSMENT = "tumour_assessment"
    END_OF_TREATMENT = "end_of_treatment"
    SAFETY_FOLLOW_UP = "safety_follow_up"
    SURVIVAL_FOLLOW_UP = "survival_follow_up"


class VisitStatus(StrEnum):
    PLANNED = "planned"
    BOOKED = "booked"
    DONE = "done"
    OMITTED = "omitted"
    MISSED = "missed"
    CANCELLED = "cancelled"


#: Statuses of a visit that still has to happen.
OPEN_STATUSES: Final = frozenset({VisitStatus.PLANNED, VisitStatus.BOOKED})

VISIT_KIND_WORDS: Final[dict[VisitKind, Message]] = {
    VisitKind.SCREENING: msg("screening visit"),
    VisitKind.DOSE: msg("dosing"),
    VisitKind.TUMOUR_ASSESSMENT: msg("tumour assessment"),
    VisitKind.END_OF_TREATMENT: msg("end of treatment"),
    VisitKind.SAFETY_FOLLOW_UP: msg("safety follow-up"),
    VisitKind.SURVIVAL_FOLLOW_UP: msg("survival follow-up"),
}

VISIT_STATUS_WORDS: Final[dict[VisitStatus, Message]] = {
    VisitStatus.PLANNED: msg("planned"),
    VisitStatus.BOOKED: msg("booked"),
    VisitStatus.DONE: msg("done"),
    VisitStatus.OMITTED: msg("omitted"),
    VisitStatus.MISSED: msg("missed"),
    VisitStatus.CANCELLED: msg("cancelled"),
}


def visit_kind_words(code: str) -> str:
    """A stored visit kind in words (an unknown code as it is)."""
    try:
        return VISIT_KIND_WORDS[VisitKind(code)]
    except ValueError:
        return code


def visit_status_words(code: str) -> str:
    """A stored visit status in words (an unknown code as it is)."""
    try:
        return VISIT_STATUS_WORDS[VisitStatus(code)]
    except ValueError:
        return code
