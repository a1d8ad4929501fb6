"""The patient's calendar as an iCalendar file (RFC 5545) that phone calendars import.

One all-day event per booked or suggested visit. UIDs are stable (trial, subject and visit label), so importing a
newer file updates the visits instead of duplicating them; SEQUENCE grows with the file's generation time.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta

from icalendar import Calendar, Event

from app import __version__
from app.printing.data import CalendarVisit, Language, PatientCalendar
from app.printing.texts import open_days_text, status_text, visit_name, what_happens, words

PRODID = f"-//DoseDesk//DoseDesk {__version__}//EN"
UID_DOMAIN = "dosedesk.invalid"


def visit_uid(calendar: PatientCalendar, visit: CalendarVisit) -> str:
    """A stable UID: the same trial, subject and visit label give the same UID in every file."""
    raw = f"{calendar.trial}-{calendar.subject.subject_number}-{visit.label}".lower()
    return f"{re.sub(r'[^a-z0-9-]+', '-', raw)}@{UID_DOMAIN}"


def ics_visits(calendar: PatientCalendar) -> list[CalendarVisit]:
    """The visits that go into the file: booked ones, and planned ones with a suggested date."""
    chosen = [
        v
        for v in calendar.visits
        if (v.status == "booked" and v.booked is not None)
        or (v.status == "planned" and v.suggested is not None)
    ]
    return sorted(chosen, key=lambda v: (v.shown_date, v.label))


def calendar_ics(calendar: PatientCalendar, language: Language = "en") -> bytes:
    """The booked and suggested visits as .ics bytes (UTF-8, CRLF line ends)."""
    w = words(language)
    drug = calendar.drug_name_zh if language == "zh" else calendar.drug_name
    stamp = calendar.generated_at.replace(tzinfo=calendar.generated_at.tzinfo or UTC).astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{calendar.trial} {calendar.subject.subject_number}")
    holidays = {h.day: h.name for h in calendar.holidays}
    for visit in ics_visits(calendar):
        day = visit.shown_date
        name = visit_name(visit, language)
        booked = visit.status == "booked"
        state = status_text(visit, language)
        colon = "：" if language == "zh" else ": "
        description = "\n".join(
            [
                what_happens(visit, language, drug),
                f"{w.window}{colon}{open_days_text(visit, language, holidays)}",
                f"{w.status}{colon}{state}",
                f"{w.call} {calendar.clinic_name or w.clinic} {calendar.clinic_phone.strip() or w.no_phone}",
                f"{w.trial} {calendar.trial} ({visit.label})",
            ]
        )
        event = Event()
        event.add("uid", visit_uid(calendar, visit))
        event.add("dtstamp", stamp)
        # Minutes since 1970: a later file always carries a higher sequence, so it wins on import.
        event.add("sequence", int(stamp.timestamp()) // 60)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", f"{w.markers[visit.kind]}{colon}{name}")
        event.add("description", description)
        event.add("location", calendar.clinic_name or w.clinic)
        event.add("status", "CONFIRMED" if booked else "TENTATIVE")
        event.add("transp", "TRANSPARENT")
        event.add("categories", [w.markers[visit.kind]])
        event.add("x-dosedesk-window-start", visit.window_start.isoformat())
        event.add("x-dosedesk-window-end", visit.window_end.isoformat())
        cal.add_component(event)
    return bytes(cal.to_ical())
