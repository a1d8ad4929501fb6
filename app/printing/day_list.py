"""The clinic day list (A4 landscape): the visits of a date, and the pharmacy's preparations for it."""

from __future__ import annotations

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
from app.printing.data import ClinicDay, ClinicVisitLine, VisitKind
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
    )
    rows: list[list[Any]] = [[para(text(h), _S["label"]) for h in heads]]
    for line in sorted(day.preparations, key=lambda p: (p.subject.subject_number, p.label)):
        rows.append(
            [
                para(text(line.order_id), _S["cell"]),
                para(text(line.subject.subject_number), _S["bold"]),
                para(text(line.subject.initials), _S["cell"]),
                para(text(line.label), _S["bold"]),
                para(text(line.status), _S["cell"]),
                para(quantity(line.dose_level_mg_per_kg, "mg/kg"), _S["cell"]),
                para(f"<b>{quantity(line.final_dose_mg, 'mg')}</b>", _S["cell"]),
                para(f"{format_number(line.vials)} × {quantity(line.vial_strength_mg, 'mg')}", _S["cell"]),
                para(quantity(line.volume_to_draw_ml, "mL"), _S["cell"]),
            ]
        )
    if not day.preparations:
        rows.append([para("No preparations for this date.", _S["cell"]), *[""] * 8])
    widths_mm = [w * mm for w in (30, 26, 18, 20, 30, 26, 30, 34)]
    widths_mm.append(BODY_WIDTH - sum(widths_mm))
    story: list[Any] = [
        para(f"Pharmacy preparations ({len(day.preparations)})", _S["head"]),
        listing_table(rows, widths_mm),
    ]
    totals: dict[str, int] = {}
    for line in day.preparations:
        key = quantity(line.vial_strength_mg, "mg")
        totals[key] = totals.get(key, 0) + line.vials
    if totals:
        summary = ", ".join(
            f"{format_number(count)} × {strength}" for strength, count in sorted(totals.items())
        )
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
