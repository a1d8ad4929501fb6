"""Pure clinical core: screening eligibility, the registry record's inclusion and exclusion criteria checked
against a subject's screening record (docs/domain.md §7a)."""

from app.eligibility.evaluate import (
    EligibilityResult,
    ItemOutcome,
    Status,
    age_on,
    eligibility_rules,
    evaluate_eligibility,
    qtcf_ms,
)
from app.eligibility.record import (
    Ecg,
    LiveVaccineHistory,
    Lvef,
    PregnancyKind,
    PregnancyResult,
    PregnancyTest,
    ScreeningRecord,
    UrineDipstick,
)

__all__ = [
    "Ecg",
    "EligibilityResult",
    "ItemOutcome",
    "LiveVaccineHistory",
    "Lvef",
    "PregnancyKind",
    "PregnancyResult",
    "PregnancyTest",
    "ScreeningRecord",
    "Status",
    "UrineDipstick",
    "age_on",
    "eligibility_rules",
    "evaluate_eligibility",
    "qtcf_ms",
]
