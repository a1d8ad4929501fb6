"""The infusion bag label, on label-printer stock (100 × 70 mm by default, any size from 50 × 35 mm)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, TableStyle

from app.dosing.format import format_number
from app.errors import InputError
from app.printing.common import (
    Caption,
    Table,
    barcode,
    date_time,
    draw_band,
    draw_diagonal,
    iso_date,
    para,
    quantity,
    style,
    text,
)
from app.printing.data import BagLabel, LabelSize
from app.printing.fonts import SANS, SANS_BOLD, draw_string, string_width
from app.printing.pharmacy_words import PaperLanguage, markup, one, sentence, word
from app.text import msg

MIN_WIDTH_MM = Decimal(50)
MIN_HEIGHT_MM = Decimal(35)
MAX_SIDE_MM = Decimal(300)
_BASE_WIDTH_MM = 100
_BASE_HEIGHT_MM = 70
_BARCODE_BESIDE_MIN_WIDTH_MM = 80


def check_label_size(size: LabelSize) -> None:
    """Refuse label stock too small to carry the required elements legibly."""
    if size.width_mm < MIN_WIDTH_MM or size.height_mm < MIN_HEIGHT_MM:
        raise InputError(
            msg(
                "A bag label needs stock of at least {min_width} × {min_height} mm; "
                "{width} × {height} mm is too small to print every required element.",
                min_width=str(MIN_WIDTH_MM),
                min_height=str(MIN_HEIGHT_MM),
                width=str(size.width_mm),
                height=str(size.height_mm),
            )
        )
    if size.width_mm > MAX_SIDE_MM or size.height_mm > MAX_SIDE_MM:
        raise InputError(
            msg("A label larger than {max_side} mm on a side is not label stock.", max_side=str(MAX_SIDE_MM))
        )


class HazardWarning(Flowable):  # type: ignore[misc]
    """The hazardous-drug warning: a framed band with the warning triangle drawn (vector) and its words on one
    line, shrunk to fit rather than cut."""

    def __init__(self, words: str, size: float) -> None:
        super().__init__()
        self.words = words
        self.size = size
        self._width = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._width = available_width
        return available_width, self.size * 1.7

    def draw(self) -> None:
        canvas = self.canv
        height = self.size * 1.7
        pad = self.size * 0.25
        canvas.saveState()
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(max(self.size * 0.08, 0.6))
        canvas.rect(0, pad * 0.3, self._width, height - pad * 0.6, stroke=1, fill=0)
        # The warning triangle: black, a white exclamation mark in it.
        side = height - 2 * pad
        x0, y0 = pad, pad
        path = canvas.beginPath()
        path.moveTo(x0, y0)
        path.lineTo(x0 + side * 1.1, y0)
        path.lineTo(x0 + side * 0.55, y0 + side)
        path.close()
        canvas.setFillColor(colors.black)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        centre = x0 + side * 0.55
        canvas.rect(centre - side * 0.06, y0 + side * 0.32, side * 0.12, side * 0.42, stroke=0, fill=1)
        canvas.circle(centre, y0 + side * 0.17, side * 0.07, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        left = x0 + side * 1.1 + pad * 1.5
        room = self._width - left - pad
        size = self.size
        natural = string_width(self.words, SANS_BOLD, size)
        if natural > room > 0:
            size *= room / natural
        draw_string(canvas, left, (height - size) / 2 + size * 0.12, self.words, SANS_BOLD, size)
        canvas.restoreState()


def _lots(label: BagLabel) -> str:
    if not label.lots:
        return "________________"
    return ", ".join(f"<b>{text(lot.lot_number)}</b> ({format_number(lot.vials)})" for lot in label.lots)


def _story(
    label: BagLabel, width: float, scale: float, barcode_below: bool, language: PaperLanguage = "en"
) -> list[Any]:
    def s(name: str, size: float, bold: bool = False) -> Any:
        return style(f"label-{name}-{scale:.3f}", size * scale, bold=bold, leading=size * scale * 1.18)

    small, body, strong, big = s("small", 6.5), s("body", 8), s("strong", 9, True), s("big", 15, True)
    subject = label.subject
    if (
        label.final_dose_mg is None
        or label.final_volume_ml is None
        or label.final_concentration_mg_per_ml is None
    ):
        # Printed before verification for someone who may verify it: blind.
        dose, volume, concentration = "____ mg", "____ mL", "____ mg/mL"
    else:
        dose = quantity(label.final_dose_mg, "mg")
        volume = quantity(label.final_volume_ml, "mL")
        concentration = quantity(label.final_concentration_mg_per_ml, "mg/mL", 2)
    bud = date_time(label.beyond_use) if label.beyond_use else "________________"
    prepared_by, checked_by = text(word("prepared_by", language)), text(word("checked_by", language))
    if label.preparer and label.prepared_at:
        preparer = f"{prepared_by} <b>{text(label.preparer)}</b> {date_time(label.prepared_at)}"
        if label.bag_number is not None and label.bag_number > 1:
            preparer += f" ({text(one('bag_number', language, bag=label.bag_number))})"
    else:
        preparer = f"{prepared_by} ____________________ ________"
    if label.checker and label.checked_at:
        checker = f"{checked_by} <b>{text(label.checker)}</b> {date_time(label.checked_at)}"
    else:
        checker = f"{checked_by} ____________________ ________"
    bar_width = 0.3 * mm if width > 60 * mm else 0.25 * mm
    code = barcode(
        label.order_id,
        bar_height=8 * mm * min(scale, 1.25),
        bar_width=bar_width,
        font_size=7 * min(scale, 1.2),
    )
    code_width = 0.0 if barcode_below else code.wrap(width, 1000.0)[0]
    # Both identifiers on one line, shrunk to fit beside the barcode rather than wrapped.
    identity = f"{subject.subject_number} · {subject.initials} · {one('born', language)} {iso_date(subject.date_of_birth)}"
    if subject.hospital_number:
        identity += f" · {one('hospital_no', language)} {subject.hospital_number}"
    drug = label.drug_name
    if language != "en" and label.drug_name_zh:
        drug = label.drug_name_zh if language == "zh" else f"{label.drug_name_zh} ({label.drug_name})"
    left = [
        para(f"<b>{text(drug)}</b> · {text(label.visit_label)}", strong),
    ]
    head = Table([[left, "" if barcode_below else code]], colWidths=[width - code_width, code_width])
    head.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 2),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    # Both identifiers on one line across the label, shrunk to fit rather than wrapped.
    story: list[Any] = [Caption(identity, SANS_BOLD, 10.5 * scale), head]
    story += [
        para(markup("dose_in_volume", language, dose=dose, volume=volume), big),
        para(
            markup(
                "concentration_in", language, concentration=concentration, diluent=text(label.bag_diluent)
            ),
            body,
        ),
        para(
            markup(
                "infusion_over",
                language,
                route=f"<b>{text(label.route)}</b>",
                minutes=f"<b>{quantity(label.infusion_minutes, 'min')}</b>",
            ),
            body,
        ),
        para(f"{text(word('use_by', language))} <b>{bud}</b>", s("bud", 10, True)),
        *(
            [
                para(
                    f'<font color="#b00020"><b>{text(word("expired", language))}</b></font>',
                    s("expired", 10, True),
                )
            ]
            if label.expired
            else []
        ),
        para(f"{text(word('lots', language))}: {_lots(label)}", body),
        para(text(sentence(label.storage, language)), small),
    ]
    if label.hazardous:
        story.append(HazardWarning(word("hazardous", language), 8 * scale))
    story += [
        para(preparer, small),
        para(checker, small),
        para(text(word("clinical_trial", language, trial=label.trial)), small),
    ]
    if barcode_below:
        story.append(code)
    return story


def _fits(story: list[Any], width: float, height: float) -> bool:
    used = 0.0
    for flowable in story:
        used += flowable.wrap(width, height)[1]
    return used <= height


def render_label(label: BagLabel, size: LabelSize | None = None, language: PaperLanguage = "en") -> bytes:
    """The bag label as a one-page PDF the size of the label stock, in `language` ("en", "zh" or "both")."""
    size = size or LabelSize()
    check_label_size(size)
    page_width, page_height = float(size.width_mm) * mm, float(size.height_mm) * mm
    margin = 2.5 * mm
    top = 4.5 * mm if not label.protocol_signed_off else 0.0
    width, height = page_width - 2 * margin, page_height - 2 * margin - top
    # Start large and shrink until everything fits: the label is read at arm's length on a bag.
    barcode_below = size.width_mm < _BARCODE_BESIDE_MIN_WIDTH_MM
    scale = min(float(size.width_mm) / _BASE_WIDTH_MM, float(size.height_mm) / _BASE_HEIGHT_MM) * 1.5
    story = _story(label, width, scale, barcode_below, language)
    while not _fits(story, width, height) and scale > 0.4:
        scale *= 0.95
        story = _story(label, width, scale, barcode_below, language)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(page_width, page_height), initialFontName=SANS)
    canvas.setTitle(one("label_title", language, order=label.order_id))
    canvas.setAuthor("DoseDesk")
    canvas.setStrokeColor(colors.black)
    if not label.protocol_signed_off:
        draw_band(
            canvas,
            0,
            page_height - 4 * mm,
            page_width,
            4 * mm,
            word("unconfirmed_protocol", language),
            7 * min(scale, 1.2),
        )
    frame = Frame(margin, margin, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    frame.addFromList(story, canvas)
    if story:
        raise InputError(
            msg(
                "The label for order {order} does not fit on {width} × {height} mm stock.",
                order=label.order_id,
                width=str(size.width_mm),
                height=str(size.height_mm),
            )
        )
    if label.void:
        draw_diagonal(canvas, page_width, page_height, word("cancelled_mark", language))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
