"""The clinic day list (A4 landscape): the visits of a date, and the pharmacy's preparations for it.

In English, Chinese or both (`app.printing.pharmacy_words`). It says what the Today screen says of each visit
and order: treatment held, the criteria to treat not met or awaiting labs, and the bag's use-before time.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from app.dosing.format import format_number
from app.printing.common import (
    ALERT,
    MUTED,
    date_time,
    iso_date,
    listing_table,
    para,
    quantity,
    render_landscape_listing,
    style,
    text,
)
from app.printing.data import ClinicDay, ClinicVisitLine, PreparationLine
from app.printing.pharmacy_words import (
    PaperLanguage,
    heading,
    one,
    order_status,
    sentence,
    visit_kind,
    visit_status,
    weekday_date,
    word,
)

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 12 * mm
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN

_S = {
    "title": style("day-title", 16, bold=True, leading=20),
    "sub": style("day-sub", 9, textColor=MUTED),
    "head": style("day-head", 11, bold=True, leading=14, spaceBefore=4, spaceAfter=2),
    "label": style("day-label", 7.5, textColor=MUTED, leading=9),
    "cell": style("day-cell", 9.5, leading=11.5),
    "bold": style("day-bold", 9.5, bold=True, leading=11.5),
    "alert": style("day-alert", 9, bold=True, textColor=ALERT, leading=11),
}


def _head(key: str, language: PaperLanguage) -> Any:
    """A column heading: in one language, or the Chinese over the English."""
    return para(heading(key, language, 6.5), _S["label"])


def _window(line: ClinicVisitLine, language: PaperLanguage) -> str:
    return one(
        "window_text",
        language,
        start=iso_date(line.window_start),
        end=iso_date(line.window_end),
        target=iso_date(line.target),
    )


def _visit_warnings(line: ClinicVisitLine, language: PaperLanguage) -> str:
    return "; ".join(text(sentence(warning, language)) for warning in line.warnings)


def _visits(day: ClinicDay, language: PaperLanguage) -> list[Any]:
    heads = ("subject", "initials", "visit", "kind", "status", "booked", "window", "warnings", "seen")
    rows: list[list[Any]] = [[_head(h, language) for h in heads]]
    for line in sorted(day.visits, key=lambda v: (v.subject.subject_number, v.label)):
        rows.append(
            [
                para(text(line.subject.subject_number), _S["bold"]),
                para(text(line.subject.initials), _S["cell"]),
                para(text(line.label), _S["bold"]),
                para(text(visit_kind(line.kind, language)), _S["cell"]),
                para(text(visit_status(line.status, language)), _S["cell"]),
                para(iso_date(line.booked) if line.booked else "—", _S["cell"]),
                para(text(_window(line, language)), _S["cell"]),
                para(_visit_warnings(line, language), _S["alert"]),
                para("", _S["cell"]),
            ]
        )
    if not day.visits:
        rows.append([para(text(word("no_visits", language)), _S["cell"]), *[""] * 8])
    widths = [24, 16, 18, 34, 20, 24, 62, 56]
    widths_mm = [w * mm for w in widths]
    widths_mm.append(BODY_WIDTH - sum(widths_mm))
    title = heading("visits_count", language, 8, count=len(day.visits))
    return [para(title, _S["head"]), listing_table(rows, widths_mm)]


def _figure(value: Decimal | None, unit: str, language: PaperLanguage, bold: bool = False) -> str:
    if value is None:
        return f'<font color="#9a4a00"><i>{text(word("withheld", language))}</i></font>'
    shown = quantity(value, unit)
    return f"<b>{shown}</b>" if bold else shown


def _remaining(minutes_left: int | None, language: PaperLanguage) -> str:
    hours, minutes = divmod(max(minutes_left or 0, 0), 60)
    if hours:
        return one("hours_minutes", language, hours=hours, minutes=minutes)
    return one("minutes", language, minutes=minutes)


def _use_before(line: PreparationLine, language: PaperLanguage) -> str:
    """The bag's use-before time and the time left when printed, or EXPIRED once passed (as the queue says)."""
    if line.use_before is None:
        return "—"
    when = date_time(line.use_before)
    if line.use_before_state == "expired":
        return (
            f'<font color="#b00020"><b>{text(word("expired", language))}</b></font> '
            f"({text(one('use_before_at', language, when=when))})"
        )
    left = text(one("left", language, time=_remaining(line.minutes_left, language)))
    if line.use_before_state == "soon":
        return f'{when} <font color="#b00020"><b>({left})</b></font>'
    return f"{when} ({left})"


def _to_treat(line: PreparationLine, language: PaperLanguage) -> str:
    """Held, awaiting labs, criteria not met or met: what the pharmacy queue shows beside the order."""
    parts: list[str] = []
    if line.held:
        parts.append(f'<font color="#b00020"><b>{text(word("held", language))}</b></font>')
    if line.awaiting_labs:
        parts.append(f'<font color="#9a4a00"><b>{text(word("awaiting_labs", language))}</b></font>')
    elif line.criteria_met is False:
        parts.append(f'<font color="#b00020"><b>{text(word("criteria_not_met", language))}</b></font>')
    elif line.criteria_met:
        parts.append(text(word("criteria_met", language)))
    return "<br/>".join(parts) or "—"


def _preparations(day: ClinicDay, language: PaperLanguage) -> list[Any]:
    heads = (
        "order",
        "subject",
        "initials",
        "visit",
        "order_status",
        "to_treat",
        "dose_level",
        "final_dose",
        "vials",
        "draw",
        "use_before",
    )
    rows: list[list[Any]] = [[_head(h, language) for h in heads]]
    for line in sorted(day.preparations, key=lambda p: (p.subject.subject_number, p.label)):
        vials = (
            f"{format_number(line.vials)} × {quantity(line.vial_strength_mg, 'mg')}"
            if line.vials is not None
            else _figure(None, "mg", language)
        )
        rows.append(
            [
                para(text(line.order_id), _S["cell"]),
                para(text(line.subject.subject_number), _S["bold"]),
                para(text(line.subject.initials), _S["cell"]),
                para(text(line.label), _S["bold"]),
                para(text(order_status(line.status, language)), _S["cell"]),
                para(_to_treat(line, language), _S["cell"]),
                para(quantity(line.dose_level_mg_per_kg, "mg/kg"), _S["cell"]),
                para(_figure(line.final_dose_mg, "mg", language, bold=True), _S["cell"]),
                para(vials, _S["cell"]),
                para(_figure(line.volume_to_draw_ml, "mL", language), _S["cell"]),
                para(_use_before(line, language), _S["cell"]),
            ]
        )
    if not day.preparations:
        rows.append([para(text(word("no_preparations", language)), _S["cell"]), *[""] * 10])
    widths_mm = [w * mm for w in (27, 22, 16, 15, 24, 30, 18, 20, 24, 18)]
    widths_mm.append(BODY_WIDTH - sum(widths_mm))
    title = heading("preparations_count", language, 8, count=len(day.preparations))
    story: list[Any] = [para(title, _S["head"]), listing_table(rows, widths_mm)]
    totals: dict[str, int] = {}
    withheld = 0
    for line in day.preparations:
        if line.vials is None:
            withheld += 1
            continue
        key = quantity(line.vial_strength_mg, "mg")
        totals[key] = totals.get(key, 0) + line.vials
    if totals:
        summary = ", ".join(
            f"{format_number(count)} × {strength}" for strength, count in sorted(totals.items())
        )
        if withheld:
            summary += text(one("vials_withheld", language, count=withheld))
        story.append(para(f"<b>{text(word('vials_total', language))}</b> {summary}", _S["cell"]))
    return story


def render_day_list(day: ClinicDay, language: PaperLanguage = "en") -> bytes:
    """The clinic day list as PDF bytes (A4 landscape), in `language` ("en", "zh" or "both")."""
    clinic = day.clinic_name or word("clinic", language)
    story: list[Any] = [
        para(f"{heading('day_title', language, 10)} — {text(weekday_date(day.day, language))}", _S["title"]),
        para(
            text(clinic) + (f" · {text(one('trial', language, trial=day.trial))}" if day.trial else ""),
            _S["sub"],
        ),
        *[para(text(sentence(note, language)), _S["alert"]) for note in day.notes],
        Spacer(1, 3 * mm),
        *_visits(day, language),
        Spacer(1, 5 * mm),
        *_preparations(day, language),
    ]
    footer = one("footer_day", language, trial=day.trial, day=iso_date(day.day), at=date_time(day.printed_at))
    return render_landscape_listing(
        story,
        title=one("day_doc", language, day=iso_date(day.day)),
        footer=footer + (f" · {day.audit_head}" if day.audit_head else ""),
        page_words=lambda page: one("page", language, page=page),
    )
