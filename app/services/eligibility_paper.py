"""The printed eligibility checklist of one subject, built from the records (`app.printing.eligibility`)."""

from __future__ import annotations

from app.catalogue import Language
from app.printing.eligibility import (
    Decision,
    EligibilityChecklist,
    EvidenceLine,
    render_eligibility_checklist,
)
from app.services._common import check_identifier, subject_by_number, wall_clock
from app.services.eligibility import eligibility_of
from app.services.protocols import protocol_of
from app.services.uow import UnitOfWork
from app.text import msg

_DECISIONS: dict[str, Decision] = {"eligible": "eligible", "screen_failure": "screen_failure"}


def eligibility_checklist(uow: UnitOfWork, subject_number: str) -> EligibilityChecklist:
    """What the checklist prints for the subject numbered `subject_number`: the criteria judged now from the
    records, for the first-dose date of the decision that stands (else the planned C1D1)."""
    number = check_identifier(subject_number, msg("The subject number"), limit=32)
    with uow:
        session = uow.session
        subject = subject_by_number(session, number)
        subject_id = subject.id
        protocol = protocol_of(subject)
        signed_off = subject.protocol_version.signed_off
        initials = subject.initials
        sex = subject.sex.value
        printed_at = wall_clock(uow.now())
    view = eligibility_of(uow, subject_id)
    decision = view.decision
    return EligibilityChecklist(
        trial=protocol.registry,
        protocol_version=view.result.protocol_version,
        protocol_confirmed=signed_off,
        subject=f"{view.subject_number} {initials}",
        sex=sex,
        result=view.result,
        evidence=tuple(
            EvidenceLine(row.kind, row.taken_on, row.value, row.source, row.recorded_by)
            for row in view.evidence
        ),
        decision=_DECISIONS.get(decision.kind, "undecided") if decision is not None else "undecided",
        decided_by=decision.decided_by if decision is not None else None,
        decided_at=wall_clock(decision.decided_at) if decision is not None else None,
        decision_words=decision.words or None if decision is not None else None,
        printed_at=printed_at,
    )


def print_eligibility(uow: UnitOfWork, subject_number: str, language: Language = "en") -> bytes:
    """The subject's eligibility checklist as PDF bytes, in `language`."""
    return render_eligibility_checklist(eligibility_checklist(uow, subject_number), language)
