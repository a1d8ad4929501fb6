"""The clinic day list (A4 landscape): the visits of a date, and the pharmacy's preparations for it."""

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
    day_name_date,
    iso_date,
    listing_table,
    para,
    quantity,
    render_landscape_listing,
    style,
    text,
)
from app.printing.data import ClinicDay, ClinicVisitLine, OrderStatus, PreparationLine, VisitKind
from app.printing.texts import ENGLISH

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 12 * mm
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN

KIND_NAMES: dict[VisitKind, str] = {
    "screening": "Screening",
    "dose": "Dose",
    "tumour_assessment": "Tumour assessment",
    "end_of_treatment": "End of treatment",
    "safety_follow_up": "Safety follow-up",
    "survival_follow_up": "Survival follow-up",
}

STATUS_WORDS: dict[OrderStatus, str] = {
    "draft": "draft",
    "prescribed": "prescribed",
    "verified": "verified",
    "prepared": "prepared, to check",
    "checked": "checked, to give",
    "started": "running",
    "completed": "completed",
    "stopped": "stopped early",
    "cancelled": "cancelled",
    "superseded": "superseded",
}

_S = {
    "title": style("day-title", 16, bold=True, leading=20),
    "sub": style("day-sub", 9, textColor=MUTED),
    "head": style("day-head", 11, bold=True, leading=14, spaceBefore=4, spaceAfter=2),
    "label": style("day-label", 7.5, textColor=MUTED, leading=9),
    "cell": style("day-cell", 9.5, leading=11.5),
    "bold": style("day-bold", 9.5, bold=True, leading=11.5),
    "alert": style("day-alert", 9, bold=True, textColor=ALERT, leading=11),
}


def _window(line: ClinicVisitLine) -> str:
    return f"{iso_date(line.window_start)} to {iso_date(line.window_end)} (target {iso_date(line.target)})"


def _visits(day: ClinicDay) -> list[Any]:
    heads = ("Subject", "Initials", "Visit", "Kind", "Status", "Booked", "Window", "Warnings", "Seen")
    rows: list[list[Any]] = [[para(text(h), _S["label"]) for h in heads]]
    for line in sorted(day.visits, key=lambda v: (v.subject.subject_number, v.label)):
        rows.append(
            [
                para(text(line.subject.subject_number), _S["bold"]),
                para(text(line.subject.initials), _S["cell"]),
                para(text(line.label), _S["bold"]),
                para(text(KIND_NAMES[line.kind]), _S["cell"]),
                para(text(line.status), _S["cell"]),
                para(iso_date(line.booked) if line.booked else "—", _S["cell"]),
                para(text(_window(line)), _S["cell"]),
                para(text("; ".join(line.warnings)), _S["alert"]),
                para("", _S["cell"]),
            ]
        )
    if not day.visits:
        rows.append([para("No visits on this date.", _S["cell"]), *[""] * 8])
    widths = [24, 16, 18, 34, 20, 24, 70, 46]
    widths_mm = [w * mm for w in widths]
    widths_mm.append(BODY_WIDTH - sum(widths_mm))
    return [para(f"Visits ({len(day.visits)})", _S["head"]), listing_table(rows, widths_mm)]


def _figure(value: Decimal | None, unit: str, bold: bool = False) -> str:
    if value is None:
        return '<font color="#9a4a00"><i>withheld</i></font>'
    shown = quantity(value, unit)
    return f"<b>{shown}</b>" if bold else shown


def _use_before(line: PreparationLine) -> str:
    """The bag's use-before time and the time left when printed, or EXPIRED once passed."""
    if line.use_before is None:
        return "—"
    when = date_time(line.use_before)
    if line.use_before_state == "expired":
        return f'<font color="#b00020"><b>EXPIRED — do not give</b></font> (use before {when})'
    left = line.minutes_left if line.minutes_left is not None else 0
    hours, minutes = divmod(max(left, 0), 60)
    remaining = f"{hours} h {minutes} min" if hours else f"{minutes} min"
    if line.use_before_state == "soon":
        return f'{when} <font color="#b00020"><b>({remaining} left)</b></font>'
    return f"{when} ({remaining} left)"


def _preparations(day: ClinicDay) -> list[Any]:
    heads = (
        "Order",
        "Subject",
        "Initials",
        "Visit",
        "Order status",
        "Dose level",
        "Final dose",
        "Vials",
        "Draw",
        "Use before",
    )
    rows: list[list[Any]] = [[para(text(h), _S["label"]) for h in heads]]
    for line in sorted(day.preparations, key=lambda p: (p.subject.subject_number, p.label)):
        vials = (
            f"{format_number(line.vials)} × {quantity(line.vial_strength_mg, 'mg')}"
            if line.vials is not None
            else _figure(None, "mg")
        )
        rows.append(
            [
                para(text(line.order_id), _S["cell"]),
                para(text(line.subject.subject_number), _S["bold"]),
                para(text(line.subject.initials), _S["cell"]),
                para(text(line.label), _S["bold"]),
                para(text(STATUS_WORDS.get(line.status, line.status)), _S["cell"]),
                para(quantity(line.dose_level_mg_per_kg, "mg/kg"), _S["cell"]),
                para(_figure(line.final_dose_mg, "mg", bold=True), _S["cell"]),
                para(vials, _S["cell"]),
                para(_figure(line.volume_to_draw_ml, "mL"), _S["cell"]),
                para(_use_before(line), _S["cell"]),
            ]
        )
    if not day.preparations:
        rows.append([para("No preparations for this date.", _S["cell"]), *[""] * 9])
    widths_mm = [w * mm for w in (30, 24, 14, 16, 24, 20, 24, 28, 20)]
    widths_mm.append(BODY_WIDTH - sum(widths_mm))
    story: list[Any] = [
        para(f"Pharmacy preparations ({len(day.preparations)})", _S["head"]),
        listing_table(rows, widths_mm),
    ]
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
            summary += f" (and the vials of {withheld} order(s) awaiting verification, withheld)"
        story.append(para(f"<b>Vials needed in total:</b> {summary}", _S["cell"]))
    return story


def render_day_list(day: ClinicDay) -> bytes:
    """The clinic day list as PDF bytes (A4 landscape)."""

    story: list[Any] = [
        para(f"Clinic day list — {day_name_date(day.day)}", _S["title"]),
        para(
            text(day.clinic_name or ENGLISH.clinic) + (f" · trial {text(day.trial)}" if day.trial else ""),
            _S["sub"],
        ),
        *[para(text(note), _S["alert"]) for note in day.notes],
        Spacer(1, 3 * mm),
        *_visits(day),
        Spacer(1, 5 * mm),
        *_preparations(day),
    ]
    return render_landscape_listing(
        story,
        title=f"Clinic day {iso_date(day.day)}",
        footer=f"DoseDesk · {day.trial} · clinic day {iso_date(day.day)} · printed {date_time(day.printed_at)}"
        + (f" · {day.audit_head}" if day.audit_head else ""),
    )
