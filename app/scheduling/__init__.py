"""Pure clinical core: the visit calendar (cycles, windows, tumour assessments, follow-up) and clinic days."""

from app.scheduling.booking import check_booking, describe
from app.scheduling.calendar import (
    Calendar,
    ScreeningLimits,
    build_calendar,
    default_clinic,
    default_until,
    next_dose_visit,
    screening_limits,
)
from app.scheduling.clinic import ClinicCalendar
from app.scheduling.history import FollowUpEnd, OffTreatment, TreatmentHistory, check_history
from app.scheduling.visits import (
    Visit,
    VisitKind,
    VisitStatus,
    VisitWarning,
    dose_label,
    parse_dose_label,
    parse_numbered_label,
)

__all__ = [
    "Calendar",
    "ClinicCalendar",
    "FollowUpEnd",
    "OffTreatment",
    "ScreeningLimits",
    "TreatmentHistory",
    "Visit",
    "VisitKind",
    "VisitStatus",
    "VisitWarning",
    "build_calendar",
    "check_booking",
    "check_history",
    "default_clinic",
    "default_until",
    "describe",
    "dose_label",
    "next_dose_visit",
    "parse_dose_label",
    "parse_numbered_label",
    "screening_limits",
]
