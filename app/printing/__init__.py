"""Paper: infusion orders, bag labels, patient calendars, clinic day lists and calendar files.

Every renderer takes a frozen dataclass from ``app.printing.data`` (built by ``app.services.paper``) and returns
bytes: PDF for the documents, iCalendar for the calendar file. Nothing here touches the database.
"""

from app.printing.data import (
    BagLabel,
    CalendarHoliday,
    CalendarVisit,
    ClinicDay,
    ClinicVisitLine,
    DoseReduction,
    LabCriterion,
    LabelSize,
    LotUsed,
    OrderSheet,
    PatientCalendar,
    PreparationLine,
    Signature,
    Subject,
    Wristband,
)
from app.printing.day_list import render_day_list
from app.printing.ics import calendar_ics
from app.printing.label import render_label
from app.printing.order import render_order
from app.printing.patient_calendar import render_calendar
from app.printing.wristband import render_wristband

__all__ = [
    "BagLabel",
    "CalendarHoliday",
    "CalendarVisit",
    "ClinicDay",
    "ClinicVisitLine",
    "DoseReduction",
    "LabCriterion",
    "LabelSize",
    "LotUsed",
    "OrderSheet",
    "PatientCalendar",
    "PreparationLine",
    "Signature",
    "Subject",
    "Wristband",
    "calendar_ics",
    "render_calendar",
    "render_day_list",
    "render_label",
    "render_order",
    "render_wristband",
]
