"""The accountability log of one lot of investigational product (docs/domain.md §8), A4 landscape.

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
from app.printing.pharmacy_words import (
    PaperLanguage,
    heading,
    lot_status,
    markup,
    movement,
    one,
    sentence,
    word,
)

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 12 * mm
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN


@dataclass(frozen=True)
class LogLine:
    """One movement as printed; `balance` is the lot's vials on hand after it."""

    number: int
    at: datetime  # local time
    kind: str  # a movement kind (`app.printing.pharmacy_words.MOVEMENT_WORDS`)
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


def _head(key: str, lang: PaperLanguage) -> Any:
    return para(heading(key, lang, 6.5), _S["label"])


def _count(value: int) -> str:
    return format_number(value)


def _vials(value: int, lang: PaperLanguage) -> str:
    return one("vial_one" if value == 1 else "vial_many", lang, count=format_number(value))


def _header(log: AccountabilityLog, lang: PaperLanguage) -> list[Any]:
    status = lot_status(log.status, lang)
    if log.status_reason:
        status += f" ({sentence(log.status_reason, lang)})"
    labels = [_head(key, lang) for key in ("lot", "strength", "expiry", "status", "shipments")]
    values: list[Any] = [
        _cell(log.lot_number, "value"),
        para(markup("per_vial", lang, strength=quantity(log.strength_mg, "mg")), _S["value"]),
        _cell(iso_date(log.expiry), "value"),
        _cell(status, "value"),
        _cell(", ".join(log.shipments) or "—", "value"),
    ]
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


def _movements(log: AccountabilityLog, lang: PaperLanguage) -> list[Any]:
    heads = (
        "no",
        "date_and_time",
        "movement",
        "vials_in",
        "vials_out",
        "balance",
        "waste_head",
        "details",
        "reason_head",
        "recorded_by",
        "e_signature",
    )
    rows: list[list[Any]] = [[_head(h, lang) for h in heads]]
    for line in log.lines:
        rows.append(
            [
                _cell(_count(line.number), "number"),
                _cell(date_time(line.at)),
                _cell(movement(line.kind, lang)),
                _cell(_count(line.vials_in) if line.vials_in else "", "number"),
                _cell(_count(line.vials_out) if line.vials_out else "", "number"),
                _cell(_count(line.balance), "bold_number"),
                para(quantity(line.waste_mg, "mg"), _S["number"]) if line.waste_mg is not None else "",
                _cell(sentence(line.details, lang)),
                _cell(sentence(line.reason, lang)),
                _cell(line.by),
                _cell(line.signed),
            ]
        )
    if not log.lines:
        rows.append([_cell(word("no_movement", lang)), *[""] * (len(heads) - 1)])
    widths = [w * mm for w in (9, 26, 32, 12, 13, 14, 16, 55, 38, 28)]
    widths.append(BODY_WIDTH - sum(widths))
    table = listing_table(rows, widths, top_padding=2, side_padding=3)
    return [para(heading("movements", lang, 8, count=len(log.lines)), _S["head"]), table]


def _totals(log: AccountabilityLog, lang: PaperLanguage) -> list[Any]:
    heads = ("received", "dispensed", "returned", "destroyed", "on_hand", "wasted")
    values = [log.received, log.dispensed, log.returned, log.destroyed, log.on_hand]
    cells = [para(text(_vials(v, lang)), _S["value"]) for v in values]
    cells.append(para(quantity(log.wasted_mg, "mg"), _S["value"]))
    table = Table([[_head(h, lang) for h in heads], cells], colWidths=[BODY_WIDTH / 6] * 6)
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
    sum_words = one(
        "sum",
        lang,
        on_hand=_vials(log.on_hand, lang),
        received=_count(log.received),
        dispensed=_count(log.dispensed),
        returned=_count(log.returned),
        destroyed=_count(log.destroyed),
        expected=_count(log.expected_on_hand),
    )
    story: list[Any] = [para(heading("totals", lang, 8), _S["head"]), table, Spacer(1, 2 * mm)]
    if log.reconciles:
        story.append(para(text(sum_words) + ": " + text(word("reconciles", lang)), _S["ok"]))
    else:
        story.append(para(text(sum_words) + ": " + text(word("not_reconciles", lang)), _S["alert"]))
        story.extend(_cell(sentence(problem, lang), "problem") for problem in log.problems)
    return story


def _sign_off(lang: PaperLanguage) -> list[Any]:
    row = [
        _head("reviewed_by", lang),
        "",
        _head("date", lang),
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


def render_accountability(log: AccountabilityLog, language: PaperLanguage = "en") -> bytes:
    """The accountability log of one lot as PDF bytes (A4 landscape), in `language` ("en", "zh" or "both")."""
    lang = language
    subtitle = " · ".join(
        part
        for part in (
            log.drug,
            one("trial", lang, trial=log.trial),
            one("protocol", lang, protocol=log.protocol),
        )
        if part
    )
    story: list[Any] = [
        para(heading("acc_title", lang, 10), _S["title"]),
        _cell(subtitle, "sub"),
        Spacer(1, 3 * mm),
    ]
    if not log.reconciles:
        story.append(para(text(word("not_reconcile_lot", lang, lot=log.lot_number)), _S["alert"]))
    story += [
        *_header(log, lang),
        Spacer(1, 3 * mm),
        *_movements(log, lang),
        Spacer(1, 4 * mm),
        *_totals(log, lang),
        *_sign_off(lang),
    ]
    return render_landscape_listing(
        story,
        title=one("acc_doc", lang, lot=log.lot_number),
        footer=printable(
            one("footer_acc", lang, trial=log.trial, lot=log.lot_number, at=date_time(log.printed_at))
        ),
        page_words=lambda page: one("page", lang, page=page),
    )
