"""The infusion order on A4: every element of docs/domain.md §7 on one page."""

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
    MUTED,
    RULE,
    Caption,
    Labelled,
    Table,
    barcode,
    build_pdf,
    date_time,
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
from app.printing.pharmacy_words import (
    PaperLanguage,
    heading,
    lab_name,
    markup,
    one,
    order_status,
    sentence,
    step_title,
    weekday_date,
    word,
)

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 12 * mm
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN

BLANK = "&nbsp;"


def _withheld(lang: PaperLanguage) -> str:
    """A figure printed for someone who may still verify the order (blind verification)."""
    return f'<font color="#9a4a00"><i>{text(word("withheld_until_verified", lang))}</i></font>'


def _figure(value: Any, unit: str, places: int | None = None, lang: PaperLanguage = "en") -> str:
    """A dose figure, or the mark that it is withheld (None)."""
    if value is None:
        return _withheld(lang)
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


def _unconfirmed(sheet: OrderSheet, dotted: str, lang: PaperLanguage = "en") -> str:
    if sheet.is_unconfirmed(dotted):
        return f' <font color="#9a4a00"><i>{text(word("unconfirmed", lang))}</i></font>'
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


def _header(sheet: OrderSheet, lang: PaperLanguage) -> Any:
    drug = f"<b>{text(sheet.drug_name)}</b> ({text(sheet.drug_short_name)})"
    if lang != "en" and sheet.drug_name_zh:
        drug = f"<b>{text(sheet.drug_name_zh)}</b> · " + drug
    title = [
        para(heading("order_title", lang, 9), _S["title"]),
        para(drug, _S["value"]),
        para(
            f"{text(one('order_trial_line', lang, trial=sheet.trial, protocol=sheet.protocol_id))} "
            f"<b>{text(sheet.protocol_version)}</b>"
            + (
                f" · {text(word('file', lang))} {text(sheet.protocol_fingerprint[:12])}"
                if sheet.protocol_fingerprint
                else ""
            )
            + (
                ""
                if sheet.protocol_signed_off
                else f' <font color="#9a4a00"><b>({text(word("not_signed_off", lang))})</b></font>'
            ),
            _S["sub"],
        ),
        para(
            markup("order_status_line", lang, order=f"<b>{text(sheet.order_id)}</b>")
            + f" <b>{text(order_status(sheet.status, lang))}</b>",
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
        parts.append(para(text(word("blind", lang)), _S["alert"]))
    if sheet.status == "cancelled":
        reason = (
            sentence(sheet.cancellation_reason, lang)
            if sheet.cancellation_reason
            else word("no_reason", lang)
        )
        parts.append(para(text(one("cancelled_because", lang, reason=reason)), _S["alert"]))
        if lang == "both":
            parts.append(para(text(word("cancelled_mark", "en")), _S["alert"]))
    elif sheet.status == "superseded":
        by = one("superseded_by", lang, order=sheet.superseded_by) if sheet.superseded_by else ""
        parts.append(para(text(word("superseded", lang, by=by)), _S["alert"]))
    parts.append(Spacer(1, 2 * mm))
    return parts


def _allergies(sheet: OrderSheet, lang: PaperLanguage) -> str:
    if sheet.allergies is None:
        return f'<font color="#b00020"><b>{text(word("allergies_unknown", lang))}</b></font>'
    if not sheet.allergies:
        return text(word("no_allergies", lang))
    return f'<font color="#b00020"><b>{text(", ".join(sheet.allergies))}</b></font>'


def _patient(sheet: OrderSheet, lang: PaperLanguage) -> Any:
    subject = sheet.subject
    cells = [
        _cell(
            word("subject_number", lang),
            f"<b>{text(subject.subject_number)}</b>"
            + (
                f'<br/><font size="8">{text(word("hospital_number", lang))} {text(subject.hospital_number)}</font>'
                if subject.hospital_number
                else ""
            ),
            "big",
        ),
        _cell(word("initials", lang), f"<b>{text(subject.initials)}</b>", "big"),
        _cell(word("date_of_birth", lang), iso_date(subject.date_of_birth), "big"),
        _cell(word("allergies", lang), _allergies(sheet, lang)),
        _cell(
            word("visit_of", lang, visit=sheet.visit_label),
            f"<b>{text(one('cycle_day', lang, cycle=sheet.cycle, day=sheet.day))}</b>",
            "big",
        ),
        _cell(word("planned_date", lang), text(weekday_date(sheet.planned_date, lang)), "big"),
        _cell(
            word("actual_date", lang),
            text(weekday_date(sheet.actual_date, lang)) if sheet.actual_date else BLANK,
            "big",
        ),
        _cell(
            word("protocol_version", lang),
            f"<b>{text(sheet.protocol_version)}</b>"
            + (
                ""
                if sheet.protocol_signed_off
                else f' <font color="#9a4a00">({text(word("not_signed_off", lang))})</font>'
            ),
            "big",
        ),
    ]
    width = BODY_WIDTH / 4
    blank_actual = [] if sheet.actual_date else [("LINEBELOW", (2, 1), (2, 1), 0.6, colors.black)]
    return _section(word("patient_and_visit", lang), _grid(cells, 4), [width] * 4, blank_actual)


def _dose(sheet: OrderSheet, lang: PaperLanguage) -> Any:
    level = quantity(sheet.dose_level_mg_per_kg, "mg/kg")
    weight = quantity(sheet.weight_kg, "kg")
    change = format_percent(sheet.weight_change_percent)
    if sheet.reduction is None:
        reduction = text(word("none", lang))
    else:
        r = sheet.reduction
        when = text(one("on_day", lang, day=iso_date(r.decided_on))) if r.decided_on else ""
        reduction = (
            "<b>"
            + markup(
                "reduced",
                lang,
                old=quantity(r.from_level_mg_per_kg, "mg/kg"),
                new=quantity(r.to_level_mg_per_kg, "mg/kg"),
            )
            + f"</b>{when} — {text(one('reason', lang))}: {text(sentence(r.reason, lang))}"
        )
    cells = [
        _cell(
            word("weight_at_visit", lang),
            f"<b>{weight}</b> {text(one('measured', lang, day=iso_date(sheet.weight_measured_on)))}",
        ),
        _cell(
            word("baseline_change", lang),
            f"{quantity(sheet.baseline_weight_kg, 'kg')}, {text(one('change', lang))} <b>{text(change)}</b>",
        ),
        _cell(
            word("dose_level", lang),
            f"<b>{level}</b>" + _unconfirmed(sheet, "regimen.dose_levels_mg_per_kg", lang),
        ),
        _cell(
            word("calculated_dose", lang),
            f"<b>{_figure(sheet.calculated_dose_mg, 'mg', lang=lang)}</b> ({level} × {weight})",
        ),
        _cell(word("final_dose", lang), f"<b>{_figure(sheet.final_dose_mg, 'mg', lang=lang)}</b>", "big"),
        _cell(
            word("final_dose_from", lang),
            f"{_figure(sheet.volume_to_draw_ml, 'mL', lang=lang)} × "
            f"{quantity(sheet.reconstituted_concentration_mg_per_ml, 'mg/mL')}",
        ),
    ]
    rows = _grid(cells, 3)
    # The reduction row: label left, text spanning the rest.
    rows.append([_label(word("dose_reduction", lang)), para(reduction, _S["value"]), ""])
    extra: list[tuple[Any, ...]] = [("SPAN", (1, len(rows) - 1), (2, len(rows) - 1))]
    if sheet.acknowledgements:
        notes = "<br/>".join(text(sentence(note, lang)) for note in sheet.acknowledgements)
        rows.append([_label(word("acknowledged_warnings", lang)), para(notes, _S["value"]), ""])
        extra.append(("SPAN", (1, len(rows) - 1), (2, len(rows) - 1)))
    width = BODY_WIDTH / 3
    return _section(word("weight_and_dose", lang), rows, [width] * 3, extra)


def _limit(criterion: LabCriterion, lang: PaperLanguage) -> str:
    unit = criterion.unit
    if criterion.kind == "uln":
        limit = markup("at_most_uln", lang, limit=format_number(criterion.limit))
    else:
        shown = quantity(criterion.limit, unit) if unit else format_number(criterion.limit)
        limit = markup("at_least" if criterion.kind == "min" else "above", lang, limit=shown)
    if criterion.liver_metastases:
        limit += markup("liver_metastases", lang)
    if criterion.or_crcl_min_ml_per_min is not None:
        limit += markup("or_crcl", lang, limit=quantity(criterion.or_crcl_min_ml_per_min, "mL/min"))
    return limit


def _result(criterion: LabCriterion, lang: PaperLanguage) -> str:
    if criterion.value is None:
        result = text(word("no_valid_result", lang))
    else:
        unit = criterion.unit
        result = quantity(criterion.value, unit) if unit else format_number(criterion.value)
        if criterion.kind == "uln" and criterion.uln is not None:
            uln = quantity(criterion.uln, unit) if unit else format_number(criterion.uln)
            result += f" (ULN {uln})"
    if criterion.grade is not None:
        result += f" · {text(one('grade', lang, grade=criterion.grade))}"
    if criterion.crcl_ml_per_min is not None:
        result += f"; CrCl {_crcl(criterion.crcl_ml_per_min, criterion.or_crcl_min_ml_per_min)}"
    return result


def _crcl(crcl: Decimal, limit: Decimal | None) -> str:
    """A computed clearance as the screen shows it beside the same limit (the one formatter's rule: 49.95
    beside "at least 50" reads 49.9, never 50)."""
    if limit is None:
        return quantity(crcl, "mL/min", 1)
    return text(f"{format_beside_limit(crcl, limit)} mL/min")


def _met(criterion: LabCriterion, lang: PaperLanguage) -> str:
    if criterion.met is None:
        return f'<font color="#b00020"><b>{text(word("not_assessed", lang))}</b></font>'
    if criterion.met:
        return f"<b>{text(word('met', lang))}</b>"
    return f'<font color="#b00020"><b>{text(word("not_met", lang))}</b></font>'


def _criteria(sheet: OrderSheet, lang: PaperLanguage) -> Any:
    label = _S["label"]
    rows: list[list[Any]] = [
        [
            _label(word("lab", lang)),
            _label(word("result", lang)),
            _label(word("date", lang)),
            para(
                text(word("criterion_for_day", lang, day=sheet.day))
                + _unconfirmed(sheet, "criteria_to_treat", lang),
                label,
            ),
            "",
        ]
    ]
    for criterion in sheet.criteria:
        rows.append(
            [
                para(text(lab_name(criterion.lab, lang)), _S["value"]),
                para(_result(criterion, lang), _S["value"]),
                para(iso_date(criterion.measured_on) if criterion.measured_on else "—", _S["value"]),
                para(_limit(criterion, lang), _S["value"]),
                para(_met(criterion, lang), _S["value"]),
            ]
        )
    if not sheet.criteria:
        rows.append([para(text(word("no_criteria", lang)), _S["value"]), "", "", "", ""])
    widths = [(40 if lang == "both" else 31) * mm, 50 * mm, 21 * mm, 56 * mm]
    widths.append(BODY_WIDTH - sum(widths))
    padding = [("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    return _section(word("criteria_to_treat", lang), rows, widths, padding)


def _preparation(sheet: OrderSheet, lang: PaperLanguage) -> Any:
    u_product = _unconfirmed(sheet, "product.vial_strength_mg", lang)
    u_prep = _unconfirmed(sheet, "preparation.reconstitution_volume_ml", lang)
    u_bag = _unconfirmed(sheet, "preparation.bag_volume_ml", lang)
    u_time = _unconfirmed(sheet, "preparation.infusion_first_minutes", lang)
    lo, hi = sheet.final_concentration_min_mg_per_ml, sheet.final_concentration_max_mg_per_ml
    if lo is not None and hi is not None:
        limits = markup("allowed_range", lang, low=format_number(lo), high=quantity(hi, "mg/mL"))
    elif lo is not None:
        limits = markup("allowed_min", lang, low=quantity(lo, "mg/mL"))
    elif hi is not None:
        limits = markup("allowed_max", lang, high=quantity(hi, "mg/mL"))
    else:
        limits = f'<font color="#9a4a00"><i>{text(word("limits_unconfirmed", lang))}</i></font>'
    which = text(word("first_infusion" if sheet.first_infusion else "later_infusion", lang))
    strength = quantity(sheet.vial_strength_mg, "mg")
    if sheet.vials is None:
        vials = f"{_withheld(lang)} ({markup('vials_of', lang, strength=strength)})" + u_product
    else:
        plural = "s" if sheet.vials != 1 else ""
        vial_word = f"vial{plural}" if lang == "en" else one("vial_count", lang)
        waste = markup("waste", lang, waste=_figure(sheet.waste_mg, "mg", lang=lang))
        vials = f"<b>{sheet.vials} × {strength}</b> {text(vial_word)} ({waste})" + u_product
    cells = [
        _cell(word("vials", lang), vials),
        _cell(
            word("reconstitution", lang),
            markup(
                "reconstitution_text",
                lang,
                volume=quantity(sheet.reconstitution_volume_ml, "mL"),
                diluent=text(sheet.reconstitution_diluent),
                concentration=quantity(sheet.reconstituted_concentration_mg_per_ml, "mg/mL"),
            )
            + u_prep,
        ),
        _cell(
            word("volume_to_draw", lang), f"<b>{_figure(sheet.volume_to_draw_ml, 'mL', lang=lang)}</b>", "big"
        ),
        _cell(
            word("diluent_and_bag", lang),
            f"<b>{text(sheet.bag_diluent)} {quantity(sheet.bag_volume_ml, 'mL')}</b> {text(one('bag', lang))}"
            + u_bag,
        ),
        _cell(word("final_volume", lang), _figure(sheet.final_volume_ml, "mL", lang=lang)),
        _cell(
            word("final_concentration", lang),
            f"<b>{_figure(sheet.final_concentration_mg_per_ml, 'mg/mL', 2, lang)}</b> ({limits})",
        ),
        _cell(word("route", lang), f"<b>{text(sheet.route)}</b>"),
        _cell(
            word("infusion_duration", lang),
            f"<b>{quantity(sheet.infusion_minutes, 'min')}</b> ({which})" + u_time,
        ),
    ]
    rows = _grid(cells, 3)
    items = " · ".join(text(sentence(item, lang)) for item in sheet.premedication) or text(
        word("none_ordered", lang)
    )
    rows.append(
        [
            _cell(
                word("premedication", lang), items + _unconfirmed(sheet, "preparation.premedication", lang)
            ),
            "",
            "",
        ]
    )
    width = BODY_WIDTH / 3
    last = len(rows) - 1
    return _section(word("preparation_title", lang), rows, [width] * 3, [("SPAN", (0, last), (-1, last))])


def _lots_and_bud(sheet: OrderSheet, lang: PaperLanguage) -> Any:
    value = _S["value"]
    heads = [_label(word("lot_number", lang)), _label(word("expiry", lang)), _label(word("vials", lang))]
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
        text(sentence(sheet.storage, lang)) + _unconfirmed(sheet, "preparation.beyond_use_room_hours", lang),
        _S["small"],
    )
    bud_label = _label(word("beyond_use", lang))
    if sheet.beyond_use is None:
        bud_rows = [[bud_label], [para(BLANK, _S["big"])], [storage]]
        bud_style = [("LINEBELOW", (0, 1), (0, 1), 0.6, colors.black)]
    else:
        bud_rows = [
            [bud_label],
            [para(f"<b>{date_time(sheet.beyond_use)}</b>", _S["big"])],
            [storage],
        ]
        bud_style = []
    bud_width = BODY_WIDTH - 108 * mm
    bud_table = Table(bud_rows, colWidths=[bud_width - 4])
    bud_table.setStyle(
        TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1), *bud_style])
    )
    title = word("lots_and_bud", lang)
    if sheet.bag_number is not None and sheet.bag_number > 1:
        title += one("made_again", lang, bag=sheet.bag_number)
    return _section(title, [[lots, bud_table]], [108 * mm, bud_width])


def _bedside(sheet: OrderSheet, lang: PaperLanguage) -> Any | None:
    """What happened at the bedside: the volume and dose given, why it stopped early, interruptions and
    reactions; and the bags made and not given. None when there is nothing to say yet."""
    lines: list[str] = []
    if sheet.volume_given_ml is not None:
        given = markup("given", lang, volume=f"<b>{quantity(sheet.volume_given_ml, 'mL')}</b>")
        if sheet.dose_given_mg is not None:
            given += markup(
                "given_dose",
                lang,
                dose=f"<b>{quantity(sheet.dose_given_mg, 'mg')}</b>",
                drug=text(sheet.drug_short_name),
            )
        lines.append(given)
    if sheet.stop_reason:
        lines.append(
            f'<font color="#b00020"><b>{text(word("stopped_early", lang))}</b></font> '
            f"{text(sentence(sheet.stop_reason, lang))}"
        )
    lines += [
        f"{text(word('interrupted', lang))} {text(sentence(line, lang))}" for line in sheet.interruptions
    ]
    lines += [
        f'<font color="#b00020"><b>{text(word("reaction", lang))}</b></font> {text(sentence(line, lang))}'
        for line in sheet.reactions
    ]
    lines += [f"{text(word('not_given', lang))} {text(sentence(line, lang))}" for line in sheet.wasted_bags]
    if not lines:
        return None
    rows = [[para(line, _S["value"])] for line in lines]
    return _section(word("at_bedside", lang), rows, [BODY_WIDTH])


def _signatures(sheet: OrderSheet, lang: PaperLanguage) -> Any:
    rows: list[list[Any]] = [
        [
            _label(word("step", lang)),
            _label(word("name", lang)),
            _label(word("date_and_time", lang)),
            _label(word("signature", lang)),
        ]
    ]
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
        title = para(text(step_title(signature.step, lang)), _S["value"])
        if signature.signed and signature.name is not None and signature.signed_at is not None:
            how = text(word("signed_electronically", lang))
            if signature.note:
                how += f" — {text(sentence(signature.note, lang))}"
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
    widths = [(72 if lang == "both" else 55) * mm, (45 if lang == "both" else 55) * mm, 32 * mm]
    widths.append(BODY_WIDTH - sum(widths))
    return _section(
        word("signatures", lang), rows, widths, [("LINEBELOW", (0, 0), (-1, -1), 0, colors.white), *blanks]
    )


def _page(sheet: OrderSheet, lang: PaperLanguage) -> Any:
    unconfirmed = word("unconfirmed_protocol", lang)

    def on_page(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(MUTED)
        draw_string(
            canvas,
            MARGIN,
            7 * mm,
            f"DoseDesk · {one('order', lang)} {sheet.order_id} · {sheet.subject.subject_number} "
            f"{sheet.visit_label} · {one('printed', lang, at=date_time(sheet.printed_at))}",
            SANS,
            7,
        )
        draw_string(canvas, PAGE_WIDTH - MARGIN, 7 * mm, one("page", lang, page=doc.page), SANS, 7, "right")
        canvas.restoreState()
        if not sheet.protocol_signed_off:
            draw_band(canvas, 0, PAGE_HEIGHT - 7 * mm, PAGE_WIDTH, 7 * mm, unconfirmed, 10)
            draw_band(canvas, 0, 10.5 * mm, PAGE_WIDTH, 5 * mm, unconfirmed, 8)
        if sheet.void:
            draw_diagonal(canvas, PAGE_WIDTH, PAGE_HEIGHT, word("cancelled_mark", lang))

    return on_page


def order_story(sheet: OrderSheet, language: PaperLanguage = "en") -> list[Any]:
    story: list[Any] = list(_header(sheet, language))
    for section in (_patient, _dose, _criteria, _preparation, _lots_and_bud, _bedside, _signatures):
        made = section(sheet, language)
        if made is not None:
            story += [made, Spacer(1, 1.5 * mm)]
    return story


def render_order(sheet: OrderSheet, language: PaperLanguage = "en") -> bytes:
    """The infusion order as PDF bytes (A4), in `language` ("en", "zh" or "both")."""

    def make_doc(buffer: io.BytesIO) -> SimpleDocTemplate:
        return SimpleDocTemplate(
            buffer,
            initialFontName=SANS,  # not the base-14 Helvetica: every font of the page is embedded
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=10 * mm,
            bottomMargin=17 * mm,
            title=one("order_doc", language, order=sheet.order_id),
            author="DoseDesk",
            subject=f"{sheet.trial} {sheet.subject.subject_number} {sheet.visit_label}",
        )

    return build_pdf(make_doc, order_story(sheet, language), _page(sheet, language))


__all__ = ["order_story", "render_order"]
