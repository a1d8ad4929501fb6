"""The infusion order on A4: every element of DOMAIN.md section 7 on one page."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate, Spacer, TableStyle

from app.dosing.format import format_beside_limit, format_number, format_percent
from app.printing.common import (
    ALERT,
    BAND,
    CANCELLED_TEXT,
    MUTED,
    RULE,
    UNCONFIRMED_TEXT,
    Caption,
    Labelled,
    Table,
    barcode,
    build_pdf,
    date_time,
    day_name_date,
    draw_band,
    draw_diagonal,
    iso_date,
    para,
    quantity,
    style,
    text,
)
from app.printing.data import LabCriterion, OrderSheet, Signature
from app.printing.fonts import SANS, SANS_BOLD, draw_string

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 12 * mm
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN

LAB_NAMES = {
    "neutrophils": "Neutrophils (ANC)",
    "anc": "Neutrophils (ANC)",
    "wbc": "White cells",
    "lymphocytes": "Lymphocytes",
    "alp": "Alkaline phosphatase",
    "platelets": "Platelets",
    "hemoglobin": "Haemoglobin",
    "haemoglobin": "Haemoglobin",
    "ast": "AST",
    "alt": "ALT",
    "bilirubin": "Total bilirubin",
    "creatinine": "Creatinine",
}
STEP_TITLES = {
    "prescribed": "Prescribed (investigator)",
    "verified": "Verified blind (pharmacist)",
    "prepared": "Prepared (pharmacist)",
    "checked": "Product checked (2nd pharmacist)",
    "started": "Started (nurse)",
    "administered": "Given (recorded in one step)",
    "completed": "Completed (nurse)",
    "stopped": "Stopped early (nurse)",
}
STATUS_WORDS = {
    "prepared": "prepared, to check",
    "checked": "checked, to give",
    "started": "running",
    "stopped": "stopped early",
}
BLANK = "&nbsp;"
# A figure printed for someone who may still verify the order (blind verification).
WITHHELD = '<font color="#9a4a00"><i>withheld until verified</i></font>'


def _figure(value: Any, unit: str, places: int | None = None) -> str:
    """A dose figure, or the mark that it is withheld (None)."""
    if value is None:
        return WITHHELD
    return quantity(value, unit, places) if places is not None else quantity(value, unit)


_S = {
    "title": style("order-title", 15, bold=True, leading=18),
    "sub": style("order-sub", 8.5, textColor=MUTED),
    "head": style("order-head", 9, bold=True),
    "label": style("order-label", 6.5, textColor=MUTED, leading=7.8),
    "value": style("order-value", 8.5, leading=10.2),
    "big": style("order-big", 11, bold=True, leading=13),
    "small": style("order-small", 7.5, leading=9),
    "alert": style("order-alert", 10, bold=True, textColor=ALERT, leading=12),
}


def _unconfirmed(sheet: OrderSheet, dotted: str) -> str:
    if sheet.is_unconfirmed(dotted):
        return ' <font color="#9a4a00"><i>(unconfirmed)</i></font>'
    return ""


def _label(words: str) -> Caption:
    return Caption(words, SANS, 6.5, MUTED)


def _cell(label: str, markup: str, value_style: str = "value") -> Labelled:
    return Labelled(_label(label), para(markup, _S[value_style]))


def _section(
    title: str, rows: list[list[Any]], widths: list[float], extra: list[tuple[Any, ...]] | None = None
) -> Table:
    """A titled block: one table whose first row is the heading band over a grid of label/value cells."""
    heading = [Caption(title, SANS_BOLD, 9), *[""] * (len(widths) - 1)]
    table = Table([heading, *rows], colWidths=widths)
    commands: list[tuple[Any, ...]] = [
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), BAND),
        ("TOPPADDING", (0, 0), (-1, 0), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 1.5),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 1), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 2),
        ("LINEBELOW", (0, 1), (-1, -2), 0.25, RULE),
    ]
    # Callers address their rows from 0; the heading shifts them down by one.
    for command in extra or []:
        name, (c0, r0), (c1, r1), *rest = command
        commands.append((name, (c0, r0 + 1 if r0 >= 0 else r0), (c1, r1 + 1 if r1 >= 0 else r1), *rest))
    table.setStyle(TableStyle(commands))
    return table


def _grid(cells: list[Any], columns: int) -> list[list[Any]]:
    """Label/value cells laid out `columns` to a row, each cell a stacked label over value."""
    rows: list[list[Any]] = []
    for start in range(0, len(cells), columns):
        chunk: list[Any] = list(cells[start : start + columns])
        chunk += [""] * (columns - len(chunk))
        rows.append(chunk)
    return rows


def _header(sheet: OrderSheet) -> Any:
    title = [
        para("INFUSION ORDER", _S["title"]),
        para(f"<b>{text(sheet.drug_name)}</b> ({text(sheet.drug_short_name)})", _S["value"]),
        para(
            f"Trial {text(sheet.trial)} · protocol {text(sheet.protocol_id)} version "
            f"<b>{text(sheet.protocol_version)}</b>"
            + (f" · file {text(sheet.protocol_fingerprint[:12])}" if sheet.protocol_fingerprint else "")
            + ("" if sheet.protocol_signed_off else ' <font color="#9a4a00"><b>(not signed off)</b></font>'),
            _S["sub"],
        ),
        para(
            f"Order <b>{text(sheet.order_id)}</b> · status <b>{text(STATUS_WORDS.get(sheet.status, sheet.status))}</b>",
            _S["sub"],
        ),
    ]
    code = barcode(sheet.order_id, bar_height=12 * mm, bar_width=0.33 * mm)
    table = Table([[title, code]], colWidths=[BODY_WIDTH - 62 * mm, 62 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
            ]
        )
    )
    parts: list[Any] = [table]
    if sheet.blinded:
        parts.append(
            para(
                "BLIND — the dose figures are withheld: this order awaits its verification and is printed for "
                "someone who may verify it. Recompute the dose from the weight and the dose level.",
                _S["alert"],
            )
        )
    if sheet.status == "cancelled":
        reason = sheet.cancellation_reason or "no reason recorded"
        parts.append(para(f"CANCELLED — {text(reason)}", _S["alert"]))
    elif sheet.status == "superseded":
        replacement = f" by order {text(sheet.superseded_by)}" if sheet.superseded_by else ""
        parts.append(
            para(f"CANCELLED — superseded{replacement}; do not prepare from this sheet", _S["alert"])
        )
    parts.append(Spacer(1, 2 * mm))
    return parts


def _allergies(sheet: OrderSheet) -> str:
    if sheet.allergies is None:
        return '<font color="#b00020"><b>NOT RECORDED — ask the patient before preparing</b></font>'
    if not sheet.allergies:
        return "No known drug allergies"
    return f'<font color="#b00020"><b>{text(", ".join(sheet.allergies))}</b></font>'


def _patient(sheet: OrderSheet) -> Any:
    subject = sheet.subject
    cells = [
        _cell(
            "Subject number",
            f"<b>{text(subject.subject_number)}</b>"
            + (
                f'<br/><font size="8">Hospital no. {text(subject.hospital_number)}</font>'
                if subject.hospital_number
                else ""
            ),
            "big",
        ),
        _cell("Initials", f"<b>{text(subject.initials)}</b>", "big"),
        _cell("Date of birth", iso_date(subject.date_of_birth), "big"),
        _cell("Allergies", _allergies(sheet)),
        _cell(f"Visit ({sheet.visit_label})", f"<b>Cycle {sheet.cycle}, Day {sheet.day}</b>", "big"),
        _cell("Planned date", day_name_date(sheet.planned_date), "big"),
        _cell("Actual date", day_name_date(sheet.actual_date) if sheet.actual_date else BLANK, "big"),
        _cell(
            "Protocol version",
            f"<b>{text(sheet.protocol_version)}</b>"
            + ("" if sheet.protocol_signed_off else ' <font color="#9a4a00">(not signed off)</font>'),
            "big",
        ),
    ]
    width = BODY_WIDTH / 4
    blank_actual = [] if sheet.actual_date else [("LINEBELOW", (2, 1), (2, 1), 0.6, colors.black)]
    return _section("Patient and visit", _grid(cells, 4), [width] * 4, blank_actual)


def _dose(sheet: OrderSheet) -> Any:
    level = quantity(sheet.dose_level_mg_per_kg, "mg/kg")
    weight = quantity(sheet.weight_kg, "kg")
    change = format_percent(sheet.weight_change_percent)
    if sheet.reduction is None:
        reduction = "None"
    else:
        r = sheet.reduction
        when = f" on {iso_date(r.decided_on)}" if r.decided_on else ""
        reduction = (
            f"<b>Reduced from {quantity(r.from_level_mg_per_kg, 'mg/kg')} to "
            f"{quantity(r.to_level_mg_per_kg, 'mg/kg')}</b>{when} — reason: {text(r.reason)}"
        )
    cells = [
        _cell("Weight at this visit", f"<b>{weight}</b> measured {iso_date(sheet.weight_measured_on)}"),
        _cell(
            "Baseline weight, change",
            f"{quantity(sheet.baseline_weight_kg, 'kg')}, change <b>{text(change)}</b>",
        ),
        _cell(
            "Dose level",
            f"<b>{level}</b>" + _unconfirmed(sheet, "regimen.dose_levels_mg_per_kg"),
        ),
        _cell(
            "Calculated dose",
            f"<b>{_figure(sheet.calculated_dose_mg, 'mg')}</b> ({level} × {weight})",
        ),
        _cell(
            "FINAL DOSE",
            f"<b>{_figure(sheet.final_dose_mg, 'mg')}</b>",
            "big",
        ),
        _cell(
            "Final dose from",
            f"{_figure(sheet.volume_to_draw_ml, 'mL')} × "
            f"{quantity(sheet.reconstituted_concentration_mg_per_ml, 'mg/mL')}",
        ),
    ]
    rows = _grid(cells, 3)
    # The reduction row: label left, text spanning the rest.
    rows.append([_label("Dose reduction"), para(reduction, _S["value"]), ""])
    extra: list[tuple[Any, ...]] = [("SPAN", (1, len(rows) - 1), (2, len(rows) - 1))]
    if sheet.acknowledgements:
        notes = "<br/>".join(text(note) for note in sheet.acknowledgements)
        rows.append([_label("Acknowledged warnings"), para(notes, _S["value"]), ""])
        extra.append(("SPAN", (1, len(rows) - 1), (2, len(rows) - 1)))
    width = BODY_WIDTH / 3
    return _section("Weight and dose", rows, [width] * 3, extra)


def _limit(criterion: LabCriterion, day: int) -> str:
    unit = criterion.unit
    if criterion.kind == "uln":
        limit = f"at most {format_number(criterion.limit)} × ULN"
    else:
        sign = "at least" if criterion.kind == "min" else "above"
        limit = f"{sign} {quantity(criterion.limit, unit) if unit else format_number(criterion.limit)}"
    if criterion.liver_metastases:
        limit += " (liver metastases)"
    if criterion.or_crcl_min_ml_per_min is not None:
        limit += f" or CrCl at least {quantity(criterion.or_crcl_min_ml_per_min, 'mL/min')}"
    return limit


def _result(criterion: LabCriterion) -> str:
    if criterion.value is None:
        result = "no valid result"
    else:
        unit = criterion.unit
        result = quantity(criterion.value, unit) if unit else format_number(criterion.value)
        if criterion.kind == "uln" and criterion.uln is not None:
            uln = quantity(criterion.uln, unit) if unit else format_number(criterion.uln)
            result += f" (ULN {uln})"
    if criterion.grade is not None:
        result += f" · grade {criterion.grade}"
    if criterion.crcl_ml_per_min is not None:
        result += f"; CrCl {_crcl(criterion.crcl_ml_per_min, criterion.or_crcl_min_ml_per_min)}"
    return result


def _crcl(crcl: Decimal, limit: Decimal | None) -> str:
    """A computed clearance as the screen shows it beside the same limit (the one formatter's rule: 49.95
    beside "at least 50" reads 49.9, never 50)."""
    if limit is None:
        return quantity(crcl, "mL/min", 1)
    return text(f"{format_beside_limit(crcl, limit)} mL/min")


def _met(criterion: LabCriterion) -> str:
    if criterion.met is None:
        return '<font color="#b00020"><b>NOT ASSESSED</b></font>'
    if criterion.met:
        return "<b>Met</b>"
    return '<font color="#b00020"><b>NOT MET</b></font>'


def _criteria(sheet: OrderSheet) -> Any:
    label = _S["label"]
    rows: list[list[Any]] = [
        [
            _label("Lab"),
            _label("Result"),
            _label("Date"),
            para(f"Criterion for Day {sheet.day}" + _unconfirmed(sheet, "criteria_to_treat"), label),
            "",
        ]
    ]
    for criterion in sheet.criteria:
        rows.append(
            [
                para(text(LAB_NAMES.get(criterion.lab, criterion.lab.capitalize())), _S["value"]),
                para(_result(criterion), _S["value"]),
                para(iso_date(criterion.measured_on) if criterion.measured_on else "—", _S["value"]),
                para(_limit(criterion, sheet.day), _S["value"]),
                para(_met(criterion), _S["value"]),
            ]
        )
    if not sheet.criteria:
        rows.append([para("No criteria recorded", _S["value"]), "", "", "", ""])
    widths = [28 * mm, 54 * mm, 21 * mm, 58 * mm]
    widths.append(BODY_WIDTH - sum(widths))
    padding = [("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    return _section("Criteria to treat", rows, widths, padding)


def _preparation(sheet: OrderSheet) -> Any:
    u_product = _unconfirmed(sheet, "product.vial_strength_mg")
    u_prep = _unconfirmed(sheet, "preparation.reconstitution_volume_ml")
    u_bag = _unconfirmed(sheet, "preparation.bag_volume_ml")
    u_time = _unconfirmed(sheet, "preparation.infusion_first_minutes")
    lo, hi = sheet.final_concentration_min_mg_per_ml, sheet.final_concentration_max_mg_per_ml
    if lo is not None and hi is not None:
        limits = f"allowed {format_number(lo)}–{quantity(hi, 'mg/mL')}"
    elif lo is not None:
        limits = f"allowed at least {quantity(lo, 'mg/mL')}"
    elif hi is not None:
        limits = f"allowed at most {quantity(hi, 'mg/mL')}"
    else:
        limits = '<font color="#9a4a00"><i>limits not confirmed</i></font>'
    which = "first infusion" if sheet.first_infusion else "later infusion"
    if sheet.vials is None:
        vials = f"{WITHHELD} ({quantity(sheet.vial_strength_mg, 'mg')} vials)" + u_product
    else:
        vials = (
            f"<b>{sheet.vials} × {quantity(sheet.vial_strength_mg, 'mg')}</b> vial"
            f"{'s' if sheet.vials != 1 else ''} (waste {_figure(sheet.waste_mg, 'mg')})" + u_product
        )
    cells = [
        _cell("Vials", vials),
        _cell(
            "Reconstitution",
            f"each vial with {quantity(sheet.reconstitution_volume_ml, 'mL')} "
            f"{text(sheet.reconstitution_diluent)}, giving "
            f"{quantity(sheet.reconstituted_concentration_mg_per_ml, 'mg/mL')}" + u_prep,
        ),
        _cell("VOLUME TO DRAW", f"<b>{_figure(sheet.volume_to_draw_ml, 'mL')}</b>", "big"),
        _cell(
            "Diluent and bag",
            f"<b>{text(sheet.bag_diluent)} {quantity(sheet.bag_volume_ml, 'mL')}</b> bag" + u_bag,
        ),
        _cell("Final volume", _figure(sheet.final_volume_ml, "mL")),
        _cell(
            "Final concentration",
            f"<b>{_figure(sheet.final_concentration_mg_per_ml, 'mg/mL', 2)}</b> ({limits})",
        ),
        _cell("Route", f"<b>{text(sheet.route)}</b>"),
        _cell(
            "Infusion duration",
            f"<b>{quantity(sheet.infusion_minutes, 'min')}</b> ({which})" + u_time,
        ),
    ]
    rows = _grid(cells, 3)
    items = " · ".join(text(item) for item in sheet.premedication) or "none ordered"
    rows.append(
        [
            _cell("Premedication", items + _unconfirmed(sheet, "preparation.premedication")),
            "",
            "",
        ]
    )
    width = BODY_WIDTH / 3
    last = len(rows) - 1
    return _section("Preparation and premedication", rows, [width] * 3, [("SPAN", (0, last), (-1, last))])


def _lots_and_bud(sheet: OrderSheet) -> Any:
    value = _S["value"]
    heads = [_label("Lot number"), _label("Expiry"), _label("Vials")]
    cells: list[list[Any]] = [
        [
            para(f"<b>{text(lot.lot_number)}</b>", value),
            para(iso_date(lot.expiry), value),
            para(format_number(lot.vials), value),
        ]
        for lot in sheet.lots
    ]
    blank = not cells
    if blank:
        cells = [[para(BLANK, value)] * 3 for _ in range(4)]
    # Two lots to a row keeps the page to one sheet however many lots a preparation used.
    rows: list[list[Any]] = [heads + heads]
    for start in range(0, len(cells), 2):
        pair = cells[start : start + 2]
        rows.append(pair[0] + (pair[1] if len(pair) > 1 else ["", "", ""]))
    lots = Table(rows, colWidths=[25 * mm, 20 * mm, 8 * mm] * 2)
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    if blank:
        commands.append(("LINEBELOW", (0, 1), (-1, -1), 0.6, colors.black))
        commands.append(("TOPPADDING", (0, 1), (-1, -1), 6))
    lots.setStyle(TableStyle(commands))
    storage = para(
        text(sheet.storage) + _unconfirmed(sheet, "preparation.beyond_use_room_hours"),
        _S["small"],
    )
    if sheet.beyond_use is None:
        bud_rows = [[_label("Beyond-use date and time")], [para(BLANK, _S["big"])], [storage]]
        bud_style = [("LINEBELOW", (0, 1), (0, 1), 0.6, colors.black)]
    else:
        bud_rows = [
            [_label("Beyond-use date and time")],
            [para(f"<b>{date_time(sheet.beyond_use)}</b>", _S["big"])],
            [storage],
        ]
        bud_style = []
    bud_width = BODY_WIDTH - 108 * mm
    bud_table = Table(bud_rows, colWidths=[bud_width - 4])
    bud_table.setStyle(
        TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1), *bud_style])
    )
    title = "Lots and beyond-use"
    if sheet.bag_number is not None and sheet.bag_number > 1:
        title += f" (bag {sheet.bag_number}, made again)"
    return _section(title, [[lots, bud_table]], [108 * mm, bud_width])


def _bedside(sheet: OrderSheet) -> Any | None:
    """What happened at the bedside: the volume and dose given, why it stopped early, interruptions and
    reactions; and the bags made and not given. None when there is nothing to say yet."""
    lines: list[str] = []
    if sheet.volume_given_ml is not None:
        given = f"Given <b>{quantity(sheet.volume_given_ml, 'mL')}</b>"
        if sheet.dose_given_mg is not None:
            given += f" = <b>{quantity(sheet.dose_given_mg, 'mg')}</b> of {text(sheet.drug_short_name)}"
        lines.append(given)
    if sheet.stop_reason:
        lines.append(f'<font color="#b00020"><b>Stopped early:</b></font> {text(sheet.stop_reason)}')
    lines += [f"Interrupted {text(line)}" for line in sheet.interruptions]
    lines += [
        f'<font color="#b00020"><b>Infusion reaction</b></font> {text(line)}' for line in sheet.reactions
    ]
    lines += [f"Not given: {text(line)}" for line in sheet.wasted_bags]
    if not lines:
        return None
    rows = [[para(line, _S["value"])] for line in lines]
    return _section("At the bedside", rows, [BODY_WIDTH])


def _signatures(sheet: OrderSheet) -> Any:
    rows: list[list[Any]] = [[_label("Step"), _label("Name"), _label("Date and time"), _label("Signature")]]
    blanks: list[tuple[Any, ...]] = []
    steps: tuple[Signature, ...] = (
        sheet.prescribed,
        sheet.verified,
        sheet.prepared,
        sheet.checked,
        sheet.administered,
        sheet.ended,
    )
    for index, signature in enumerate(steps, start=1):
        title = para(text(STEP_TITLES[signature.step]), _S["value"])
        if signature.signed and signature.name is not None and signature.signed_at is not None:
            how = "signed electronically"
            if signature.note:
                how += f" — {text(signature.note)}"
            rows.append(
                [
                    title,
                    para(f"<b>{text(signature.name)}</b>", _S["value"]),
                    para(date_time(signature.signed_at), _S["value"]),
                    para(how, _S["small"]),
                ]
            )
        else:
            rows.append([title, para(BLANK, _S["value"]), para(BLANK, _S["value"]), para(BLANK, _S["value"])])
            blanks.append(("LINEBELOW", (1, index), (-1, index), 0.6, colors.black))
            blanks.append(("TOPPADDING", (0, index), (-1, index), 6))
    widths = [55 * mm, 55 * mm, 34 * mm]
    widths.append(BODY_WIDTH - sum(widths))
    return _section("Signatures", rows, widths, [("LINEBELOW", (0, 0), (-1, -1), 0, colors.white), *blanks])


def _page(sheet: OrderSheet) -> Any:
    def on_page(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(MUTED)
        draw_string(
            canvas,
            MARGIN,
            7 * mm,
            f"DoseDesk · order {sheet.order_id} · {sheet.subject.subject_number} {sheet.visit_label} · "
            f"printed {date_time(sheet.printed_at)}",
            SANS,
            7,
        )
        draw_string(canvas, PAGE_WIDTH - MARGIN, 7 * mm, f"page {doc.page}", SANS, 7, "right")
        canvas.restoreState()
        if not sheet.protocol_signed_off:
            draw_band(canvas, 0, PAGE_HEIGHT - 7 * mm, PAGE_WIDTH, 7 * mm, UNCONFIRMED_TEXT, 10)
            draw_band(canvas, 0, 10.5 * mm, PAGE_WIDTH, 5 * mm, UNCONFIRMED_TEXT, 8)
        if sheet.void:
            draw_diagonal(canvas, PAGE_WIDTH, PAGE_HEIGHT, CANCELLED_TEXT)

    return on_page


def order_story(sheet: OrderSheet) -> list[Any]:
    story: list[Any] = list(_header(sheet))
    for section in (_patient, _dose, _criteria, _preparation, _lots_and_bud, _bedside, _signatures):
        made = section(sheet)
        if made is not None:
            story += [made, Spacer(1, 1.5 * mm)]
    return story


def render_order(sheet: OrderSheet) -> bytes:
    """The infusion order as PDF bytes (A4)."""

    def make_doc(buffer: io.BytesIO) -> SimpleDocTemplate:
        return SimpleDocTemplate(
            buffer,
            initialFontName=SANS,  # not the base-14 Helvetica: every font of the page is embedded
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=10 * mm,
            bottomMargin=17 * mm,
            title=f"Infusion order {sheet.order_id}",
            author="DoseDesk",
            subject=f"{sheet.trial} {sheet.subject.subject_number} {sheet.visit_label}",
        )

    return build_pdf(make_doc, order_story(sheet), _page(sheet))


__all__ = ["order_story", "render_order"]
