"""The infusion bag label, on label-printer stock (100 × 70 mm by default, any size from 50 × 35 mm)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, TableStyle

from app.errors import InputError
from app.printing.common import (
    CANCELLED_TEXT,
    UNCONFIRMED_TEXT,
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
from app.printing.fonts import SANS
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


def _story(label: BagLabel, width: float, scale: float, barcode_below: bool) -> list[Any]:
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
    if label.preparer and label.prepared_at:
        preparer = f"Prepared by <b>{text(label.preparer)}</b> {date_time(label.prepared_at)}"
        if label.bag_number is not None and label.bag_number > 1:
            preparer += f" (bag {label.bag_number})"
    else:
        preparer = "Prepared by ____________________ at ________"
    if label.checker and label.checked_at:
        checker = f"Checked by <b>{text(label.checker)}</b> {date_time(label.checked_at)}"
    else:
        checker = "Checked by ____________________ at ________"
    bar_width = 0.3 * mm if width > 60 * mm else 0.25 * mm
    code = barcode(
        label.order_id,
        bar_height=8 * mm * min(scale, 1.25),
        bar_width=bar_width,
        font_size=7 * min(scale, 1.2),
    )
    code_width = 0.0 if barcode_below else code.wrap(width, 1000.0)[0]
    left = [
        para(f"<b>{text(subject.subject_number)}</b> · {text(subject.initials)}", s("id", 11, True)),
        para(
            f"born {iso_date(subject.date_of_birth)}"
            + (f" · hosp. no. {text(subject.hospital_number)}" if subject.hospital_number else ""),
            body,
        ),
    ]
    head = Table([[left, "" if barcode_below else code]], colWidths=[width - code_width, code_width])
    head.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    story = [
        head,
        para(f"<b>{text(label.drug_name)}</b> · {text(label.visit_label)}", strong),
        para(f"{dose} in {volume}", big),
        para(f"{concentration} in {text(label.bag_diluent)}", body),
        para(
            f"<b>{text(label.route)}</b> infusion over <b>{quantity(label.infusion_minutes, 'min')}</b>", body
        ),
        para(f"Use by <b>{bud}</b>", s("bud", 10, True)),
        *(
            [para('<font color="#b00020"><b>EXPIRED — do not give</b></font>', s("expired", 10, True))]
            if label.expired
            else []
        ),
        para(text(label.storage), small),
        para(preparer, small),
        para(checker, small),
        para(f"Clinical trial {text(label.trial)} · for investigational use only", small),
    ]
    if barcode_below:
        story.append(code)
    return story


def _fits(story: list[Any], width: float, height: float) -> bool:
    used = 0.0
    for flowable in story:
        used += flowable.wrap(width, height)[1]
    return used <= height


def render_label(label: BagLabel, size: LabelSize | None = None) -> bytes:
    """The bag label as a one-page PDF the size of the label stock."""
    size = size or LabelSize()
    check_label_size(size)
    page_width, page_height = float(size.width_mm) * mm, float(size.height_mm) * mm
    margin = 2.5 * mm
    top = 4.5 * mm if not label.protocol_signed_off else 0.0
    width, height = page_width - 2 * margin, page_height - 2 * margin - top
    # Start large and shrink until everything fits: the label is read at arm's length on a bag.
    barcode_below = size.width_mm < _BARCODE_BESIDE_MIN_WIDTH_MM
    scale = min(float(size.width_mm) / _BASE_WIDTH_MM, float(size.height_mm) / _BASE_HEIGHT_MM) * 1.5
    story = _story(label, width, scale, barcode_below)
    while not _fits(story, width, height) and scale > 0.4:
        scale *= 0.95
        story = _story(label, width, scale, barcode_below)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(page_width, page_height), initialFontName=SANS)
    canvas.setTitle(f"Bag label {label.order_id}")
    canvas.setAuthor("DoseDesk")
    canvas.setStrokeColor(colors.black)
    if not label.protocol_signed_off:
        draw_band(canvas, 0, page_height - 4 * mm, page_width, 4 * mm, UNCONFIRMED_TEXT, 7 * min(scale, 1.2))
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
        draw_diagonal(canvas, page_width, page_height, CANCELLED_TEXT)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
