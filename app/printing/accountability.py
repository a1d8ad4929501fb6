"""The accountability log of one lot of investigational product (DOMAIN.md section 8), A4 landscape.

Every movement of the lot, oldest first: when, what, vials in and out, the running balance, waste in mg, the
order or shipment, the reason, who recorded it and who signed it. Then the totals and the reconciliation,
on hand = received − dispensed − returned − destroyed, stated in figures; a lot that does not reconcile is
printed in red with every problem, never left out. `app.services.stock.accountability_log` builds the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, TableStyle

from app.dosing.format import format_number
from app.printing.common import (
    ALERT,
    MUTED,
    RULE,
    Table,
    date_time,
    iso_date,
    listing_table,
    para,
    quantity,
    render_landscape_listing,
    style,
    text,
)

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 12 * mm
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN

KIND_TITLES = {
    "receipt": "Received",
    "dispense": "Dispensed",
    "waste": "Waste (partial vial)",
    "return": "Returned to sponsor",
    "destruction": "Destroyed",
    "quarantine": "Quarantined",
    "release": "Released",
}


@dataclass(frozen=True)
class LogLine:
    """One movement as printed; `balance` is the lot's vials on hand after it."""

    number: int
    at: datetime  # local time
    kind: str  # a key of KIND_TITLES
    vials_in: int
    vials_out: int
    balance: int
    waste_mg: Decimal | None
    details: str  # the shipment, or the order with its subject and visit, or a reference
    reason: str
    by: str
    signed: str  # "printed name, date time" of the e-signature, or ""


@dataclass(frozen=True)
class AccountabilityLog:
    trial: str
    protocol: str
    drug: str
    lot_number: str
    strength_mg: Decimal
    expiry: date
    status: str
    status_reason: str | None
    shipments: tuple[str, ...]
    lines: tuple[LogLine, ...]
    received: int  # the movements added up
    dispensed: int
    returned: int
    destroyed: int
    on_hand: int  # the balance the database keeps
    wasted_mg: Decimal
    problems: tuple[str, ...]  # what does not reconcile, in plain words; () when the lot is sound
    printed_at: datetime  # local time

    @property
    def expected_on_hand(self) -> int:
        return self.received - self.dispensed - self.returned - self.destroyed

    @property
    def reconciles(self) -> bool:
        return not self.problems and self.on_hand == self.expected_on_hand


_S = {
    "title": style("acc-title", 16, bold=True, leading=20),
    "sub": style("acc-sub", 9, textColor=MUTED),
    "head": style("acc-head", 11, bold=True, leading=14, spaceBefore=4, spaceAfter=2),
    "label": style("acc-label", 7.5, textColor=MUTED, leading=9),
    "value": style("acc-value", 11, bold=True, leading=13),
    "cell": style("acc-cell", 8.5, leading=10.5),
    "number": style("acc-number", 8.5, leading=10.5, alignment=2),
    "bold_number": style("acc-bold-number", 8.5, bold=True, leading=10.5, alignment=2),
    "ok": style("acc-ok", 10, bold=True, leading=13),
    "alert": style("acc-alert", 10, bold=True, textColor=ALERT, leading=13),
    "problem": style("acc-problem", 9, textColor=ALERT, leading=11),
}


def printable(words: str) -> str:
    """Paper text as the log has always printed it: a hyphen for the minus sign (U+2212), which reads the same."""
    return words.replace("\u2212", "-")


def _cell(words: str, kind: str = "cell") -> Any:
    return para(text(printable(words)), _S[kind])


def _count(value: int) -> str:
    return format_number(value)


def _vials(value: int) -> str:
    return f"{format_number(value)} vial" if value == 1 else f"{format_number(value)} vials"


def _header(log: AccountabilityLog) -> list[Any]:
    status = log.status.capitalize()
    if log.status_reason:
        status += f" ({log.status_reason})"
    fields = [
        ("Lot", log.lot_number),
        ("Strength", None),
        ("Expiry", iso_date(log.expiry)),
        ("Status", status),
        ("Shipments", ", ".join(log.shipments) or "—"),
    ]
    labels = [_cell(label, "label") for label, _ in fields]
    values: list[Any] = []
    for label, value in fields:
        if label == "Strength":
            values.append(para(f"{quantity(log.strength_mg, 'mg')} per vial", _S["value"]))
        else:
            values.append(_cell(value or "", "value"))
    widths = [w * mm for w in (45, 38, 30, 80)]
    widths.append(BODY_WIDTH - sum(widths))
    table = Table([labels, values], colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return [table]


def _movements(log: AccountabilityLog) -> list[Any]:
    heads = (
        "No.",
        "Date and time",
        "Movement",
        "Vials in",
        "Vials out",
        "Balance",
        "Waste",
        "Order, subject, visit / shipment",
        "Reason",
        "Recorded by",
        "E-signature",
    )
    rows: list[list[Any]] = [[_cell(h, "label") for h in heads]]
    for line in log.lines:
        rows.append(
            [
                _cell(_count(line.number), "number"),
                _cell(date_time(line.at)),
                _cell(KIND_TITLES.get(line.kind, line.kind)),
                _cell(_count(line.vials_in) if line.vials_in else "", "number"),
                _cell(_count(line.vials_out) if line.vials_out else "", "number"),
                _cell(_count(line.balance), "bold_number"),
                para(quantity(line.waste_mg, "mg"), _S["number"]) if line.waste_mg is not None else "",
                _cell(line.details),
                _cell(line.reason),
                _cell(line.by),
                _cell(line.signed),
            ]
        )
    if not log.lines:
        rows.append([_cell("No movement recorded for this lot."), *[""] * (len(heads) - 1)])
    widths = [w * mm for w in (9, 26, 32, 12, 13, 14, 16, 55, 38, 28)]
    widths.append(BODY_WIDTH - sum(widths))
    table = listing_table(rows, widths, top_padding=2, side_padding=3)
    return [para(f"Movements ({len(log.lines)})", _S["head"]), table]


def _totals(log: AccountabilityLog) -> list[Any]:
    heads = ("Received", "Dispensed", "Returned", "Destroyed", "On hand", "Wasted (partial vials)")
    values = [log.received, log.dispensed, log.returned, log.destroyed, log.on_hand]
    cells = [para(text(_vials(v)), _S["value"]) for v in values]
    cells.append(para(quantity(log.wasted_mg, "mg"), _S["value"]))
    table = Table([[_cell(h, "label") for h in heads], cells], colWidths=[BODY_WIDTH / 6] * 6)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LINEBEFORE", (1, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    sum_words = (
        f"On hand {_vials(log.on_hand)}; received {_count(log.received)} - dispensed "
        f"{_count(log.dispensed)} - returned {_count(log.returned)} - destroyed {_count(log.destroyed)} = "
        f"{_count(log.expected_on_hand)}"
    )
    story: list[Any] = [para("Totals and reconciliation", _S["head"]), table, Spacer(1, 2 * mm)]
    if log.reconciles:
        story.append(para(text(sum_words) + ": the balance reconciles.", _S["ok"]))
    else:
        story.append(para(text(sum_words) + ": THE BALANCE DOES NOT RECONCILE.", _S["alert"]))
        story.extend(_cell(problem, "problem") for problem in log.problems)
    return story


def _sign_off() -> list[Any]:
    row = [
        _cell("Reviewed by (name, signature)", "label"),
        "",
        _cell("Date", "label"),
        "",
    ]
    table = Table([row], colWidths=[50 * mm, 110 * mm, 15 * mm, BODY_WIDTH - 175 * mm], rowHeights=[12 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, 0), 0.6, RULE),
                ("LINEBELOW", (3, 0), (3, 0), 0.6, RULE),
            ]
        )
    )
    return [KeepTogether([Spacer(1, 4 * mm), table])]


def render_accountability(log: AccountabilityLog) -> bytes:
    """The accountability log of one lot as PDF bytes (A4 landscape)."""

    subtitle = " · ".join(
        part for part in (log.drug, f"trial {log.trial}", f"protocol {log.protocol}") if part
    )
    story: list[Any] = [
        para("Investigational product accountability log", _S["title"]),
        _cell(subtitle, "sub"),
        Spacer(1, 3 * mm),
    ]
    if not log.reconciles:
        story.append(para(f"Lot {text(log.lot_number)}: the balance does not reconcile.", _S["alert"]))
    story += [
        *_header(log),
        Spacer(1, 3 * mm),
        *_movements(log),
        Spacer(1, 4 * mm),
        *_totals(log),
        *_sign_off(),
    ]
    return render_landscape_listing(
        story,
        title=f"Accountability log, lot {log.lot_number}",
        footer=printable(
            f"DoseDesk · {log.trial} · accountability log of lot {log.lot_number} · printed "
            f"{date_time(log.printed_at)} (local time)"
        ),
    )
