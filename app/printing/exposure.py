"""The dose-intensity report (`dosedesk report exposure`, the window's Exposure tab): A4 landscape PDF.

A table per subject (doses, cumulative dose, planned and delivered dose intensity in mg/kg/week, RDI, delays,
holds and reductions with their reasons, end of treatment), then two plots drawn with matplotlib (Agg, no
display): the RDI of each subject, and a swimmer plot of each subject's course (doses, reduced doses, holds,
end of treatment). Text is in Liberation Sans / Droid Sans Fallback, embedded (`app.printing.fonts`); the
plots are embedded as PNG images.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, PageBreak, SimpleDocTemplate, TableStyle

from app.catalogue import Language, say
from app.dosing.format import format_number
from app.export.intensity import Intensity
from app.export.records import Subject, TrialData
from app.paths import resources_dir
from app.printing.common import Table
from app.printing.fonts import CJK, FONT_FILES, SANS, SANS_BOLD, register_fonts
from app.printing.richtext import RichText
from app.text import msg


def _words(text: Any, language: Language) -> str:
    return say(text, language)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _number(value: Decimal | None) -> str:
    return "–" if value is None else format_number(value)


def _listing(items: list[str]) -> str:
    return "<br/>".join(_escape(item) for item in items) or "–"


def _table(figures: tuple[Intensity, ...], language: Language) -> Table:
    small = ParagraphStyle("cell", fontName=SANS, fontSize=7.5, leading=9)
    bold = ParagraphStyle("head", parent=small, fontName=SANS_BOLD)
    heads = [
        msg("Subject"),
        msg("Doses"),
        msg("Cumulative dose (mg)"),
        msg("Cumulative dose (mg/kg)"),
        msg("Planned DI (mg/kg/week)"),
        msg("Delivered DI (mg/kg/week)"),
        msg("RDI (%)"),
        msg("Delays"),
        msg("Holds"),
        msg("Reductions"),
        msg("End of treatment"),
    ]
    rows: list[list[Any]] = [[RichText(_escape(_words(h, language)), bold) for h in heads]]
    for item in figures:
        delays = [
            f"{d.start.isoformat()}–{d.end.isoformat() if d.end else ''}: {_words(d.reason, language)}"
            for d in item.delays
        ]
        holds = [
            f"{h.start.isoformat()}–{h.end.isoformat() if h.end else '…'}: {_words(h.reason, language)}"
            for h in item.holds
        ]
        reductions = [
            f"{r.on.isoformat()}: {format_number(r.from_level)} → "
            f"{format_number(r.to_level) if r.to_level is not None else '×'} mg/kg: {_words(r.reason, language)}"
            for r in item.reductions
        ]
        cells = [
            item.subject_number,
            str(item.doses),
            format_number(item.cumulative_mg),
            format_number(item.cumulative_mg_per_kg),
            format_number(item.planned_mg_per_kg_week),
            _number(item.delivered_mg_per_kg_week),
            _number(item.rdi_percent),
        ]
        row: list[Any] = [RichText(_escape(c), small) for c in cells]
        row += [RichText(_listing(x), small) for x in (delays, holds, reductions)]
        row.append(RichText(_escape(item.end_of_treatment or "–"), small))
        rows.append(row)
    widths = [18, 11, 18, 18, 18, 18, 13, 34, 45, 45, 35]
    table = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _matplotlib() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    folder = resources_dir() / "fonts"
    for face in (SANS, CJK):
        font_manager.fontManager.addfont(str(folder / FONT_FILES[face]))
    plt.rcParams["font.family"] = ["Liberation Sans", "Droid Sans Fallback"]
    plt.rcParams["svg.hashsalt"] = "dosedesk"
    return plt


def _png(figure: Any) -> io.BytesIO:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    buffer.seek(0)
    return buffer


def rdi_plot(figures: tuple[Intensity, ...], language: Language) -> io.BytesIO:
    plt = _matplotlib()
    shown = [f for f in figures if f.rdi_percent is not None]
    figure, axes = plt.subplots(figsize=(10, 2.5))
    names = [f.subject_number for f in shown]
    values = [float(f.rdi_percent or 0) for f in shown]
    axes.bar(names, values, color=["#2b6cb0" if v >= 85 else "#dd6b20" for v in values])
    axes.axhline(100, color="#444", linewidth=0.8, linestyle="--")
    axes.axhline(85, color="#dd6b20", linewidth=0.8, linestyle=":")
    axes.set_ylabel(_words(msg("Relative dose intensity (%)"), language))
    axes.set_title(_words(msg("Relative dose intensity per subject"), language))
    axes.set_ylim(0, max([110.0, *values]) + 5)
    axes.tick_params(axis="x", labelrotation=45, labelsize=8)
    figure.tight_layout()
    data = _png(figure)
    plt.close(figure)
    return data


def swimmer_plot(subjects: tuple[Subject, ...], language: Language) -> io.BytesIO:
    plt = _matplotlib()
    treated = [s for s in subjects if s.first_dose is not None]
    figure, axes = plt.subplots(figsize=(10, max(2.5, 0.32 * len(treated) + 1.2)))
    for row, subject in enumerate(reversed(treated)):
        first = subject.first_dose
        assert first is not None
        last = max((d.start.date() for d in subject.doses if d.start), default=first)
        end = subject.treatment_stopped_on or last
        axes.plot([0, (end - first).days], [row, row], color="#bbbbbb", linewidth=6, solid_capstyle="butt")
        for hold in subject.holds:
            stop = hold.end or end
            axes.plot(
                [(hold.start - first).days, (stop - first).days],
                [row, row],
                color="#e53e3e",
                linewidth=6,
                solid_capstyle="butt",
            )
        full = [
            (d.start.date() - first).days
            for d in subject.doses
            if d.start and d.level_mg_per_kg == d.start_level_mg_per_kg
        ]
        reduced = [
            (d.start.date() - first).days
            for d in subject.doses
            if d.start and d.level_mg_per_kg != d.start_level_mg_per_kg
        ]
        axes.scatter(full, [row] * len(full), marker="o", s=14, color="#2b6cb0", zorder=3)
        axes.scatter(reduced, [row] * len(reduced), marker="v", s=22, color="#dd6b20", zorder=3)
        if subject.treatment_stopped_on is not None:
            axes.scatter(
                [(subject.treatment_stopped_on - first).days],
                [row],
                marker="X",
                s=40,
                color="black",
                zorder=4,
            )
    axes.set_yticks(range(len(treated)), [s.subject_number for s in reversed(treated)], fontsize=8)
    axes.set_xlabel(_words(msg("Days from the first dose"), language))
    axes.set_title(_words(msg("Treatment course of each subject"), language))
    handles = [
        axes.scatter([], [], marker="o", color="#2b6cb0", label=_words(msg("dose"), language)),
        axes.scatter([], [], marker="v", color="#dd6b20", label=_words(msg("reduced dose"), language)),
        axes.plot([], [], color="#e53e3e", linewidth=6, label=_words(msg("held"), language))[0],
        axes.scatter([], [], marker="X", color="black", label=_words(msg("end of treatment"), language)),
    ]
    axes.legend(handles=handles, loc="lower right", fontsize=7)
    figure.tight_layout()
    data = _png(figure)
    plt.close(figure)
    return data


def render_exposure(data: TrialData, figures: tuple[Intensity, ...], language: Language = "en") -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    title = _words(msg("Dose intensity: {study}", study=data.trial.study_id), language)
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=title,
        author="DoseDesk",
        creator="DoseDesk",
        invariant=1,
        initialFontName=SANS,
    )
    heading = ParagraphStyle("title", fontName=SANS_BOLD, fontSize=14, leading=18, spaceAfter=4)
    note = ParagraphStyle("note", fontName=SANS, fontSize=8, leading=10, spaceAfter=6)
    as_of = data.last_change.date() if data.last_change else date.today()
    story: list[Any] = [
        RichText(_escape(title), heading),
        RichText(
            _escape(
                _words(
                    msg(
                        "{drug}: planned dose intensity = starting level × doses a cycle ÷ weeks a cycle; "
                        "delivered = mg/kg given ÷ weeks from the first dose to one interval after the last. "
                        "Records as of {day}.",
                        drug=data.trial.drug,
                        day=as_of.isoformat(),
                    ),
                    language,
                )
            ),
            note,
        ),
        _table(figures, language),
        PageBreak(),
    ]
    width = landscape(A4)[0] - 20 * mm
    story.append(Image(rdi_plot(figures, language), width=width, height=width * 0.25))
    swimmer = swimmer_plot(data.subjects, language)
    treated = sum(1 for s in data.subjects if s.first_dose is not None)
    height = max(2.5, 0.32 * treated + 1.2) / 10
    story.append(Image(swimmer, width=width, height=min(width * height, 110 * mm)))
    document.build(story)
    return buffer.getvalue()
