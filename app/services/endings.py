"""Why a subject's treatment or study ended, told from the record's code, parameters and detail.

The record keeps a code of `app.scheduling.disposition` (a CDISC disposition term), its parameters and the
detail as typed (see `Subject.treatment_stop_code`); this is the one place they are put back into a sentence
for the window, the paper and the command line, which say it in their reader's language.
"""

from __future__ import annotations

from app.eligibility.outcomes import screen_failure_words
from app.scheduling.disposition import Disposition, disposition_text, load_params
from app.scheduling.visit_reasons import visit_reason_text
from app.services.reasons import recall_reason
from app.text import msg
from app.toxicity.rules import recall_explanation


def treatment_end_words(code: str | None, params_text: str | None, detail: str | None) -> str | None:
    """Why treatment ended, as a sentence (None when it has not ended for any reason on record)."""
    said = recall_explanation(detail) if detail else None
    return _sentence(disposition_text(code, load_params(params_text), said))


def study_end_words(code: str | None, params_text: str | None, detail: str | None) -> str | None:
    """Why the study ended for the subject (follow-up ended or a screen failure), as a sentence."""
    params = load_params(params_text)
    if code == Disposition.SCREEN_FAILURE and isinstance(params.get("reason"), str):
        criteria = params.get("criteria")
        named = tuple(str(c) for c in criteria) if isinstance(criteria, list) else ()
        return msg(
            "{reason}: {detail}",
            reason=msg("Screen failure"),
            detail=screen_failure_words(str(params["reason"]), named, detail),
        )
    said = recall_reason(detail) if detail else None
    return _sentence(disposition_text(code, params, said))


def _sentence(text: object) -> str | None:
    """A Message stays one (the reader says it in its language); None stays None."""
    if text is None or isinstance(text, str):
        return text
    return str(text)


def visit_status_words(code: str | None, params_text: str | None, detail: str | None) -> str | None:
    """Why a visit did not take place (or the note of a visit done), as a sentence."""
    said = recall_reason(detail) if detail else None
    return _sentence(visit_reason_text(code, load_params(params_text), said))
