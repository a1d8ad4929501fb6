"""Why a subject's treatment or study ended: the controlled vocabulary, kept once (docs/domain.md §8).

A subject's record keeps the end of treatment and the end of study each as a code, its parameters and the
detail as the investigator typed it. The codes are CDISC SDTM disposition terms (DSDECOD, codelist NCOMPLT
C66727, and SCREEN FAILURE), so that a record can be counted by reason and exported as it is; every reader
(window, paper, command line) says the code in its own language from `DISPOSITION_WORDS`. Nothing is stored
translated. A code is never renamed once written: add new ones, never change old ones.

Records made before the codes existed kept a sentence; the schema upgrade inferred their code once from the
words of that sentence (`infer_disposition`) and marks them with `BEFORE_CODES` in their parameters, so that
they are shown as they were signed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from enum import StrEnum

from app.text import Message, msg

__all__ = [
    "BEFORE_CODES",
    "BELOW_LOWEST_LEVEL",
    "DISPOSITION_WORDS",
    "END_OF_STUDY_CHOICES",
    "END_OF_TREATMENT_CHOICES",
    "Disposition",
    "disposition_text",
    "dump_params",
    "infer_disposition",
    "load_params",
    "needs_detail",
]


class Disposition(StrEnum):
    PROGRESSIVE_DISEASE = "PROGRESSIVE DISEASE"
    ADVERSE_EVENT = "ADVERSE EVENT"
    WITHDRAWAL_BY_SUBJECT = "WITHDRAWAL BY SUBJECT"
    PHYSICIAN_DECISION = "PHYSICIAN DECISION"
    DEATH = "DEATH"
    LOST_TO_FOLLOW_UP = "LOST TO FOLLOW-UP"
    PREGNANCY = "PREGNANCY"
    PROTOCOL_DEVIATION = "PROTOCOL DEVIATION"
    STUDY_TERMINATED_BY_SPONSOR = "STUDY TERMINATED BY SPONSOR"
    COMPLETED = "COMPLETED"
    SCREEN_FAILURE = "SCREEN FAILURE"
    OTHER = "OTHER"


#: What an investigator chooses from when ending treatment, in the order offered ("Other" last).
END_OF_TREATMENT_CHOICES: tuple[Disposition, ...] = (
    Disposition.PROGRESSIVE_DISEASE,
    Disposition.ADVERSE_EVENT,
    Disposition.WITHDRAWAL_BY_SUBJECT,
    Disposition.PHYSICIAN_DECISION,
    Disposition.PREGNANCY,
    Disposition.DEATH,
    Disposition.PROTOCOL_DEVIATION,
    Disposition.STUDY_TERMINATED_BY_SPONSOR,
    Disposition.OTHER,
)

#: What an investigator chooses from when ending follow-up (the study), in the order offered.
END_OF_STUDY_CHOICES: tuple[Disposition, ...] = (
    Disposition.DEATH,
    Disposition.WITHDRAWAL_BY_SUBJECT,
    Disposition.LOST_TO_FOLLOW_UP,
    Disposition.COMPLETED,
    Disposition.PHYSICIAN_DECISION,
    Disposition.STUDY_TERMINATED_BY_SPONSOR,
    Disposition.OTHER,
)

#: Codes that say too little alone: the investigator writes the detail.
_DETAIL_REQUIRED: frozenset[Disposition] = frozenset({Disposition.OTHER, Disposition.PHYSICIAN_DECISION})

DISPOSITION_WORDS: dict[Disposition, Message] = {
    Disposition.PROGRESSIVE_DISEASE: msg("Disease progression"),
    Disposition.ADVERSE_EVENT: msg("Adverse event"),
    Disposition.WITHDRAWAL_BY_SUBJECT: msg("Withdrawal by the subject"),
    Disposition.PHYSICIAN_DECISION: msg("Investigator's decision"),
    Disposition.DEATH: msg("Death"),
    Disposition.LOST_TO_FOLLOW_UP: msg("Lost to follow-up"),
    Disposition.PREGNANCY: msg("Pregnancy"),
    Disposition.PROTOCOL_DEVIATION: msg("Protocol deviation"),
    Disposition.STUDY_TERMINATED_BY_SPONSOR: msg("Study terminated by the sponsor"),
    Disposition.COMPLETED: msg("Completed the study"),
    Disposition.SCREEN_FAILURE: msg("Screen failure"),
    Disposition.OTHER: msg("Other reason"),
}

#: Parameter of a record coded by the schema upgrade from the sentence it kept (shown as it was signed).
BEFORE_CODES = "recorded_before_codes"


def needs_detail(code: Disposition) -> bool:
    return code in _DETAIL_REQUIRED


def dump_params(params: Mapping[str, object] | None) -> str | None:
    """Parameters as stored: canonical JSON (sorted keys, compact), None for none."""
    if not params:
        return None
    return json.dumps(dict(params), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def load_params(text: str | None) -> dict[str, object]:
    """Stored parameters back; an unreadable value gives none (the check reports edits behind the app's back)."""
    if not text:
        return {}
    try:
        loaded = json.loads(text)
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


# The words of a sentence kept before the codes, to its code: the first match wins, OTHER when none matches.
_INFERRED: tuple[tuple[str, Disposition], ...] = (
    (r"screen failure|筛选失败", Disposition.SCREEN_FAILURE),
    (r"\bdeath\b|\bdied\b|\bdeceased\b|死亡", Disposition.DEATH),
    (r"progress|\bpd\b|进展", Disposition.PROGRESSIVE_DISEASE),
    (r"lost to follow|失访", Disposition.LOST_TO_FOLLOW_UP),
    (
        r"withdr[ae]w|consent|patient request|subject request|declin|撤回|拒绝",
        Disposition.WITHDRAWAL_BY_SUBJECT,
    ),
    (
        r"toxicit|adverse|grade \d|ctcae|\bae\b|discontinu|lowest dose level|decision:|不良",
        Disposition.ADVERSE_EVENT,
    ),
    (r"physician|investigator|医生|研究者", Disposition.PHYSICIAN_DECISION),
    (r"pregnan|妊娠", Disposition.PREGNANCY),
    (r"protocol (deviation|violation)|偏离", Disposition.PROTOCOL_DEVIATION),
    (r"study (end|closed|terminated)|sponsor", Disposition.STUDY_TERMINATED_BY_SPONSOR),
    (r"complet", Disposition.COMPLETED),
)


def infer_disposition(text: str | None) -> Disposition:
    """The code a sentence kept before the codes stands for, read from its words (once, at the upgrade)."""
    words = (text or "").lower()
    for pattern, code in _INFERRED:
        if re.search(pattern, words):
            return code
    return Disposition.OTHER


#: Parameter of an end of treatment forced by a reduction below the protocol's lowest dose level.
BELOW_LOWEST_LEVEL = "below_lowest_level"


def disposition_text(code: str | None, params: Mapping[str, object], detail: object) -> object:
    """How a reader is told why treatment or the study ended: the code's words, then the detail.

    `detail` is the detail as stored (or already recalled as a sentence by the caller). A record coded by the
    schema upgrade is told by the sentence it kept, as it was signed; an unknown code (written by a newer
    DoseDesk, or behind its back) is told by the code itself."""
    if params.get(BEFORE_CODES) or not code:
        return detail
    try:
        words: object = DISPOSITION_WORDS[Disposition(code)]
    except ValueError:
        words = code
    if params.get(BELOW_LOWEST_LEVEL):
        words = msg("{reason}: a reduction below the lowest dose level", reason=words)
    if detail:
        return msg("{reason}: {detail}", reason=words, detail=detail)
    return words
