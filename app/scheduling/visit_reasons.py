"""Why a visit did not take place: the controlled vocabulary, kept once (docs/domain.md §4 and §5).

A visit missed, a dose omitted or a visit taken off the calendar keeps a code, its parameters and the detail as
typed. People choose from `MISSED_CHOICES` (a visit other than a dose that did not happen) and `OMITTED_CHOICES`
(a dose day the investigator leaves out); DoseDesk itself writes the calendar's codes (a late dose omitted, a
window ended, no dose after a decision, a visit no longer on the calendar, a screen failure). Every reader says a
code in its language from `VISIT_REASON_WORDS`; nothing is stored translated. A code is never renamed once
written: add new ones, never change old ones.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from enum import StrEnum

from app.scheduling.disposition import BEFORE_CODES
from app.text import Message, msg

__all__ = [
    "CODED_STATUSES",
    "MISSED_CHOICES",
    "OMITTED_CHOICES",
    "VISIT_REASON_WORDS",
    "VisitReason",
    "infer_visit_reason",
    "visit_reason_needs_detail",
    "visit_reason_text",
]


class VisitReason(StrEnum):
    # chosen by a person
    DID_NOT_ATTEND = "did_not_attend"
    SUBJECT_UNWELL = "subject_unwell"
    SUBJECT_DECLINED = "subject_declined"
    CLINIC_UNAVAILABLE = "clinic_unavailable"  # scanner, room or staff not available
    ADVERSE_EVENT = "adverse_event"  # a dose left out because of a toxicity
    SUBJECT_REQUEST = "subject_request"
    PHYSICIAN_DECISION = "physician_decision"
    OTHER = "other"
    # written by DoseDesk as it lays out the calendar
    LATE_DOSE_OMITTED = "late_dose_omitted"  # params: omit_day, cycle
    WINDOW_ENDED = "window_ended"  # params: day
    NO_DOSE_AFTER_DECISION = "no_dose_after_decision"
    NOT_ON_CALENDAR = "not_on_calendar"  # the detail: why the calendar changed
    SCREEN_FAILURE = "screen_failure"  # the detail: the screen failure


#: What a coordinator or investigator chooses from when a visit other than a dose did not happen.
MISSED_CHOICES: tuple[VisitReason, ...] = (
    VisitReason.DID_NOT_ATTEND,
    VisitReason.SUBJECT_UNWELL,
    VisitReason.SUBJECT_DECLINED,
    VisitReason.CLINIC_UNAVAILABLE,
    VisitReason.OTHER,
)

#: What an investigator chooses from when a dose day is left out (never made up).
OMITTED_CHOICES: tuple[VisitReason, ...] = (
    VisitReason.ADVERSE_EVENT,
    VisitReason.SUBJECT_REQUEST,
    VisitReason.SUBJECT_UNWELL,
    VisitReason.DID_NOT_ATTEND,
    VisitReason.PHYSICIAN_DECISION,
    VisitReason.CLINIC_UNAVAILABLE,
    VisitReason.OTHER,
)

_DETAIL_REQUIRED: frozenset[VisitReason] = frozenset(
    {VisitReason.OTHER, VisitReason.PHYSICIAN_DECISION, VisitReason.CLINIC_UNAVAILABLE}
)

VISIT_REASON_WORDS: dict[VisitReason, Message] = {
    VisitReason.DID_NOT_ATTEND: msg("The subject did not attend"),
    VisitReason.SUBJECT_UNWELL: msg("The subject was unwell"),
    VisitReason.SUBJECT_DECLINED: msg("The subject declined"),
    VisitReason.CLINIC_UNAVAILABLE: msg("The clinic or equipment was not available"),
    VisitReason.ADVERSE_EVENT: msg("Adverse event"),
    VisitReason.SUBJECT_REQUEST: msg("At the subject's request"),
    VisitReason.PHYSICIAN_DECISION: msg("Investigator's decision"),
    VisitReason.OTHER: msg("Other reason"),
    VisitReason.LATE_DOSE_OMITTED: msg("Not given by Day {omit_day} of cycle {cycle}: omitted, not made up."),
    VisitReason.WINDOW_ENDED: msg("Its window ended on {day} with no visit recorded."),
    VisitReason.NO_DOSE_AFTER_DECISION: msg("Treatment stopped: no dose is planned after the decision."),
    VisitReason.NOT_ON_CALENDAR: msg("No longer on the calendar"),
    VisitReason.SCREEN_FAILURE: msg("Screen failure"),
}


def visit_reason_needs_detail(code: VisitReason) -> bool:
    return code in _DETAIL_REQUIRED


def visit_reason_text(code: str | None, params: Mapping[str, object], detail: object) -> object:
    """How a reader is told why a visit did not take place: the code's words (with its parameters), then the
    detail. A record coded at the schema upgrade, or with no code (a visit done, with its note), is told by
    what it kept."""
    if params.get(BEFORE_CODES) or not code:
        return detail
    try:
        known = VisitReason(code)
    except ValueError:
        return msg("{reason}: {detail}", reason=code, detail=detail) if detail else code
    words = VISIT_REASON_WORDS[known]
    if "{" in words.template:
        try:
            words = Message(words.template, {key: params[key] for key in _fields(words.template)})
        except KeyError:
            return detail or str(code)
    if detail:
        return msg("{reason}: {detail}", reason=words, detail=detail)
    return words


def _fields(template: str) -> list[str]:
    return [name for _text, name, _spec, _conv in string.Formatter().parse(template) if name]


# The sentences DoseDesk wrote itself before the codes (frozen: they are what old records hold).
_BEFORE_CODES: tuple[tuple[str, VisitReason], ...] = (
    (r"^Not given by Day \d+ of cycle \d+: omitted, not made up\.$", VisitReason.LATE_DOSE_OMITTED),
    (r"^Its window ended on \d{4}-\d{2}-\d{2} with no visit recorded\.$", VisitReason.WINDOW_ENDED),
    (r"^Treatment stopped: no dose is planned after the decision\.$", VisitReason.NO_DOSE_AFTER_DECISION),
    (r"^No longer on the calendar: ", VisitReason.NOT_ON_CALENDAR),
    (r"^Screen failure: ", VisitReason.SCREEN_FAILURE),
)

#: The statuses whose reason is coded (a visit done keeps its note, with no code).
CODED_STATUSES = frozenset({"missed", "omitted", "cancelled"})


def infer_visit_reason(status: str, text: str | None) -> VisitReason | None:
    """The code a visit's reason kept before the codes stands for (once, at the upgrade): DoseDesk's own
    sentences by their wording, a person's words as OTHER; None for a status that keeps no coded reason."""
    if status not in CODED_STATUSES:
        return None
    for pattern, code in _BEFORE_CODES:
        if re.search(pattern, text or ""):
            return code
    return VisitReason.OTHER
