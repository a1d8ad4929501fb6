"""The patient's calendar (A4, English or Simplified Chinese): the next visit, the visits to come (large, with
the clinic's open days each may be made on), the visits already past in one small table, then month grids of
the months to come with the public holidays marked (those the holiday table only estimates "to be confirmed").

Large, clear type: patients read this at home, some of them elderly and unwell.
"""

from __future__ import annotations

import calendar as month_calendar
import io
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, KeepTogether, SimpleDocTemplate, Spacer, TableStyle

from app.printing.common import BAND, MUTED, RULE, Table, build_pdf, para, style, text
from app.printing.data import CalendarHoliday, CalendarVisit, Language, PatientCalendar
from app.printing.fonts import SANS, SANS_BOLD, draw_string
from app.printing.texts import (
    long_date,
    month_title,
    open_days_text,
    short_date,
    status_text,
    visit_name,
    what_happens,
    window_text,
    words,
)
from app.scheduling.kinds import VisitKind

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 14 * mm
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN

KIND_COLOURS: dict[VisitKind, colors.Color] = {
    VisitKind.SCREENING: colors.HexColor("#d9d2e9"),
    VisitKind.DOSE: colors.HexColor("#c9e4f6"),
    VisitKind.TUMOUR_ASSESSMENT: colors.HexColor("#fde2b8"),
    VisitKind.END_OF_TREATMENT: colors.HexColor("#e0e0e0"),
    VisitKind.SAFETY_FOLLOW_UP: colors.HexColor("#d4ecd4"),
    VisitKind.SURVIVAL_FOLLOW_UP: colors.HexColor("#d4ecd4"),
}
HOLIDAY_COLOUR = colors.HexColor("#f2d7d5")
HOLIDAY_TEXT = colors.HexColor("#9b1c1c")
CELL_HEIGHT = 11 * mm
GRID_WIDTH = (BODY_WIDTH - 8 * mm) / 2


class _Styles:
    """The paragraph styles of one language (Chinese text draws in the CJK font, figures in the Latin one)."""

    def __init__(self, language: Language) -> None:
        regular = SANS
        bold = SANS_BOLD
        tag = language
        self.title = style(f"cal-title-{tag}", 22, font=bold, leading=27)
        self.heading = style(f"cal-head-{tag}", 15, font=bold, leading=19, spaceBefore=4, spaceAfter=4)
        self.body = style(f"cal-body-{tag}", 12, font=regular, leading=15.5)
        self.bold = style(f"cal-bold-{tag}", 12, font=bold, leading=15.5)
        self.big = style(f"cal-big-{tag}", 16, font=bold, leading=20)
        self.small = style(f"cal-small-{tag}", 10, font=regular, leading=12.5, textColor=MUTED)
        self.past = style(f"cal-past-{tag}", 9, font=regular, leading=11, textColor=MUTED)
        self.holiday_day = style(
            f"cal-day-h-{tag}", 13, font=bold, leading=15, alignment=TA_CENTER, textColor=HOLIDAY_TEXT
        )
        self.cell_label = style(f"cal-cell-label-{tag}", 10, font=regular, leading=12, textColor=MUTED)
        self.month = style(f"cal-month-{tag}", 14, font=bold, leading=17, alignment=TA_CENTER)
        self.weekday = style(f"cal-weekday-{tag}", 11, font=bold, leading=13, alignment=TA_CENTER)
        self.day = style(f"cal-day-{tag}", 13, font=regular, leading=15, alignment=TA_CENTER)
        self.day_marked = style(f"cal-day-m-{tag}", 13, font=bold, leading=14, alignment=TA_CENTER)
        self.marker = style(
            f"cal-marker-{tag}", 8 if language == "en" else 9, font=bold, leading=9.5, alignment=TA_CENTER
        )
        self.markers = style(
            f"cal-markers-{tag}", 7 if language == "en" else 8, font=bold, leading=8, alignment=TA_CENTER
        )  # two visits on one day
        self.font = regular


def _is_chinese(language: Language) -> bool:
    return language == "zh"


def _dash(language: Language) -> str:
    return "\u3000" if _is_chinese(language) else " — "


def _colon(language: Language) -> str:
    return "：" if _is_chinese(language) else ": "


def _is_upcoming(visit: CalendarVisit, today: date) -> bool:
    return visit.status in ("planned", "booked") and visit.shown_date >= today


def _upcoming(calendar: PatientCalendar) -> list[CalendarVisit]:
    today = calendar.generated_at.date()
    return sorted(
        (v for v in calendar.visits if _is_upcoming(v, today)), key=lambda v: (v.shown_date, v.label)
    )


def _past(calendar: PatientCalendar) -> list[CalendarVisit]:
    today = calendar.generated_at.date()
    return sorted(
        (v for v in calendar.visits if v.status != "cancelled" and not _is_upcoming(v, today)),
        key=lambda v: (v.shown_date, v.label),
    )


def _holiday_names(calendar: PatientCalendar, language: Language) -> dict[date, str]:
    w = words(language)
    joiner = "，" if _is_chinese(language) else ", "
    return {h.day: f"{h.name}{joiner}{w.to_confirm}" if h.estimated else h.name for h in calendar.holidays}


def _next_visit(calendar: PatientCalendar) -> CalendarVisit | None:
    upcoming = [v for v in _upcoming(calendar) if not v.waits_for_hold]  # a date to come on
    return upcoming[0] if upcoming else None


def _header(calendar: PatientCalendar, language: Language, s: _Styles) -> list[Any]:
    w = words(language)
    subject = calendar.subject
    drug = calendar.drug_name_zh if _is_chinese(language) else calendar.drug_name
    born = (
        long_date(subject.date_of_birth, language).rsplit(" ", 1)[0]
        if _is_chinese(language)
        else (subject.date_of_birth.isoformat())
    )
    sep = "：" if _is_chinese(language) else ": "
    gap = "\u3000\u3000" if _is_chinese(language) else "&nbsp;&nbsp;&nbsp; "
    phone = Table(
        [
            [
                [
                    para(text(w.call), s.body),
                    para(f"<b>{text(calendar.clinic_phone)}</b>", s.title)
                    if calendar.clinic_phone.strip()
                    else para(text(w.no_phone), s.big),
                    para(text(calendar.clinic_name or w.clinic), s.body),
                ]
            ]
        ],
        colWidths=[BODY_WIDTH],
    )
    phone.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fff8dc")),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return [
        para(text(w.title), s.title),
        para(
            f"{text(w.subject)}{sep}<b>{text(subject.subject_number)}</b>{gap}{text(w.initials)}{sep}"
            f"<b>{text(subject.initials)}</b>{gap}{text(w.born)}{sep}{text(born)}",
            s.body,
        ),
        para(f"{text(w.trial)} {text(calendar.trial)}{gap}{text(drug)}", s.body),
        Spacer(1, 3 * mm),
        phone,
        Spacer(1, 3 * mm),
    ]


def _next_block(calendar: PatientCalendar, language: Language, s: _Styles) -> list[Any]:
    w = words(language)
    visit = _next_visit(calendar)
    drug = calendar.drug_name_zh if _is_chinese(language) else calendar.drug_name
    if visit is None:
        return [para(text(w.next_visit), s.heading), para(text(w.no_next_visit), s.body)]
    return [
        para(text(w.next_visit), s.heading),
        para(
            f"{text(long_date(visit.shown_date, language))}{_dash(language)}{text(visit_name(visit, language))}",
            s.big,
        ),
        para(text(what_happens(visit, language, drug)), s.body),
        para(
            f"{text(w.window)}{_colon(language)}"
            f"{text(open_days_text(visit, language, _holiday_names(calendar, language)))}",
            s.body,
        ),
        Spacer(1, 3 * mm),
    ]


def _visit_list(calendar: PatientCalendar, language: Language, s: _Styles) -> list[Any]:
    """The visits to come, large: date, visit and what happens, the open days to come on, the status."""
    w = words(language)
    drug = calendar.drug_name_zh if _is_chinese(language) else calendar.drug_name
    holidays = _holiday_names(calendar, language)
    visits = _upcoming(calendar)
    if not visits:
        return []
    rows: list[list[Any]] = [[para(text(head), s.cell_label) for head in (w.date, w.visit, w.window)]]
    styles: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for index, visit in enumerate(visits, start=1):
        rows.append(
            [
                para("—" if visit.waits_for_hold else _two_line_date(visit.shown_date, language), s.bold),
                para(
                    f"<b>{text(visit_name(visit, language))}</b>{_dash(language)}"
                    f"{text(what_happens(visit, language, drug))}",
                    s.body,
                ),
                [para(text(status_text(visit, language)), s.body)]
                if visit.waits_for_hold  # no days to come on until the hold ends
                else [
                    para(text(open_days_text(visit, language, holidays)), s.body),
                    para(text(status_text(visit, language)), s.small),
                ],
            ]
        )
        styles.append(("BACKGROUND", (0, index), (0, index), KIND_COLOURS[visit.kind]))
    widths = [37 * mm, 78 * mm] if _is_chinese(language) else [32 * mm, 82 * mm]
    widths.append(BODY_WIDTH - sum(widths))
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(styles))
    return [para(text(w.coming), s.heading), table]


def _past_list(calendar: PatientCalendar, language: Language, s: _Styles) -> list[Any]:
    """The visits already past (done, missed, skipped), small, in one table of two columns of visits."""
    w = words(language)
    visits = _past(calendar)
    if not visits:
        return []
    half = (len(visits) + 1) // 2
    cells = [
        (
            para(text(short_date(v.shown_date, language)), s.past),
            para(text(visit_name(v, language)), s.past),
            para(text(status_text(v, language)), s.past),
        )
        for v in visits
    ]
    rows: list[list[Any]] = []
    for index in range(half):
        left = cells[index]
        right = cells[index + half] if index + half < len(cells) else ("", "", "")
        rows.append([*left, "", *right])
    column = (BODY_WIDTH - 4 * mm) / 2
    widths = [
        column * 0.32,
        column * 0.38,
        column * 0.30,
        4 * mm,
        column * 0.32,
        column * 0.38,
        column * 0.30,
    ]
    table = Table(rows, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (2, -1), 0.3, RULE),
                ("LINEBELOW", (4, 0), (6, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return [Spacer(1, 3 * mm), para(text(w.past), s.heading), table]


def _two_line_date(value: date, language: Language) -> str:
    """The date over its weekday: ``Mon<br/>2 Mar 2026`` reads at a glance."""
    first, _, second = long_date(value, language).partition(" ")
    if _is_chinese(language):
        return f"{text(first)}<br/>{text(second)}"
    return f"{text(second)}<br/>{text(first)}"


def _two_line_window(visit: CalendarVisit, language: Language) -> str:
    joined = window_text(visit, language)
    joiner = "至" if _is_chinese(language) else " and "
    head, found, tail = joined.partition(joiner)
    if not found:
        return text(joined)
    return f"{text(head)}{text(joiner.rstrip())}<br/>{text(tail)}"


def _legend(language: Language, s: _Styles) -> Any:
    w = words(language)
    entries: tuple[tuple[VisitKind, str], ...] = (
        (VisitKind.DOSE, w.markers[VisitKind.DOSE]),
        (VisitKind.TUMOUR_ASSESSMENT, w.markers[VisitKind.TUMOUR_ASSESSMENT]),
        (VisitKind.SURVIVAL_FOLLOW_UP, _follow_up(language)),
        (VisitKind.SCREENING, w.markers[VisitKind.SCREENING]),
    )
    cells: list[Any] = [para(text(w.legend), s.bold)]
    commands: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for column, (kind, name) in enumerate(entries, start=1):
        cells.append(para(text(name), s.body))
        commands.append(("BACKGROUND", (column, 0), (column, 0), KIND_COLOURS[kind]))
        commands.append(("BOX", (column, 0), (column, 0), 1.5, colors.black))
    cells.append(para(text(w.holiday), s.body))
    commands.append(("BACKGROUND", (len(cells) - 1, 0), (len(cells) - 1, 0), HOLIDAY_COLOUR))
    widths = [20 * mm] + [(BODY_WIDTH - 20 * mm) / (len(cells) - 1)] * (len(cells) - 1)
    legend = Table([cells], colWidths=widths)
    legend.setStyle(TableStyle(commands))
    return legend


def _follow_up(language: Language) -> str:
    return "随访" if _is_chinese(language) else "Check-up or call"


def _month_grid(year: int, month: int, calendar: PatientCalendar, language: Language, s: _Styles) -> Table:
    w = words(language)
    by_date: dict[date, list[CalendarVisit]] = {}
    for visit in calendar.visits:
        if visit.active and not visit.waits_for_hold:
            by_date.setdefault(visit.shown_date, []).append(visit)
    holidays: dict[date, CalendarHoliday] = {h.day: h for h in calendar.holidays}
    weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    column = GRID_WIDTH / 7
    rows: list[list[Any]] = [
        [para(text(month_title(year, month, language)), s.month), "", "", "", "", "", ""],
        [para(text(name), s.weekday) for name in w.weekday_short],
    ]
    commands: list[tuple[Any, ...]] = [
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 1), (-1, 1), BAND),
        ("GRID", (0, 1), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 2), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0.5),
        ("TOPPADDING", (0, 2), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 2), (-1, -1), 0),
    ]
    for r, week in enumerate(weeks, start=2):
        row: list[Any] = []
        for c, day in enumerate(week):
            if day.month != month:
                row.append("")
                continue
            visits = by_date.get(day, [])
            holiday = holidays.get(day)
            if visits:
                markers = "<br/>".join(text(w.markers[v.kind]) for v in visits)
                number = s.holiday_day if holiday is not None else s.day_marked
                row.append(
                    [para(str(day.day), number), para(markers, s.marker if len(visits) == 1 else s.markers)]
                )
                commands.append(("BACKGROUND", (c, r), (c, r), KIND_COLOURS[visits[0].kind]))
                commands.append(("BOX", (c, r), (c, r), 1.5, colors.black))
            elif holiday is not None:
                mark = w.closed + ("?" if holiday.estimated else "")
                row.append([para(str(day.day), s.holiday_day), para(text(mark), s.marker)])
                commands.append(("BACKGROUND", (c, r), (c, r), HOLIDAY_COLOUR))
            else:
                row.append(para(str(day.day), s.day))
        rows.append(row)
    heights = [8 * mm, 7 * mm] + [CELL_HEIGHT] * len(weeks)
    table = Table(rows, colWidths=[column] * 7, rowHeights=heights)
    table.setStyle(TableStyle(commands))
    return table


def _months(calendar: PatientCalendar) -> list[tuple[int, int]]:
    """The months to come that hold a visit to come (the month of the print on)."""
    return sorted({(v.shown_date.year, v.shown_date.month) for v in _upcoming(calendar)})


def _holiday_list(calendar: PatientCalendar, language: Language, s: _Styles) -> list[Any]:
    """The public holidays of the months shown, named, "to be confirmed" where only estimated."""
    w = words(language)
    months = set(_months(calendar))
    shown = sorted((h for h in calendar.holidays if (h.day.year, h.day.month) in months), key=lambda h: h.day)
    if not shown:
        return []
    separator = "；" if _is_chinese(language) else "; "
    joiner = "，" if _is_chinese(language) else ", "
    listed = separator.join(
        f"{text(short_date(h.day, language))} {text(h.name)}"
        + (f"{joiner}<b>{text(w.to_confirm)}</b>" if h.estimated else "")
        for h in shown
    )
    story: list[Any] = [
        Spacer(1, 3 * mm),
        para(f"<b>{text(w.holidays)}</b>{_colon(language)}{listed}", s.small),
    ]
    if any(h.estimated for h in shown):
        story.append(
            para(
                f"<b>{text(w.closed)}? = {text(w.to_confirm)}</b>{_colon(language)}{text(w.to_confirm_note)}",
                s.small,
            )
        )
    return [KeepTogether(story)]


def _grids(calendar: PatientCalendar, language: Language, s: _Styles) -> list[Any]:
    w = words(language)
    months = _months(calendar)
    if not months:
        return []
    head: list[Any] = [para(text(w.months), s.heading), _legend(language, s), Spacer(1, 3 * mm)]
    story: list[Any] = [CondPageBreak(60 * mm)]
    for start in range(0, len(months), 2):
        pair: list[Any] = [_month_grid(y, m, calendar, language, s) for y, m in months[start : start + 2]]
        if len(pair) == 1:
            pair.append("")
        row = Table([pair], colWidths=[GRID_WIDTH + 8 * mm, GRID_WIDTH])
        row.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        story.append(KeepTogether([*head, row, Spacer(1, 4 * mm)]))  # the key stays with the first grids
        head = []
    return story


def calendar_story(calendar: PatientCalendar, language: Language) -> list[Any]:
    s = _Styles(language)
    return [
        *_header(calendar, language, s),
        *_next_block(calendar, language, s),
        *_visit_list(calendar, language, s),
        *_past_list(calendar, language, s),
        *_holiday_list(calendar, language, s),
        *_grids(calendar, language, s),
    ]


def render_calendar(calendar: PatientCalendar, language: Language = "en") -> bytes:
    """The patient's calendar as PDF bytes (A4), in English (``en``) or Simplified Chinese (``zh``)."""
    if language not in ("en", "zh"):
        raise ValueError(f"no calendar language {language!r}")
    w = words(language)
    s = _Styles(language)
    printed = long_date(calendar.generated_at.date(), language)
    gap = "\u3000" if _is_chinese(language) else "  ·  "

    def on_page(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(MUTED)
        draw_string(
            canvas, MARGIN, 10 * mm, f"{w.printed}{_colon(language)}{printed}{gap}{w.bring}", s.font, 8.5
        )
        draw_string(canvas, MARGIN, 6 * mm, w.note, s.font, 8.5)
        draw_string(
            canvas,
            PAGE_WIDTH - MARGIN,
            6 * mm,
            f"{calendar.subject.subject_number}{gap}{doc.page}",
            s.font,
            8.5,
            "right",
        )
        canvas.restoreState()

    def make_doc(buffer: io.BytesIO) -> SimpleDocTemplate:
        return SimpleDocTemplate(
            buffer,
            initialFontName=SANS,  # not the base-14 Helvetica: every font of the page is embedded
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=12 * mm,
            bottomMargin=16 * mm,
            title=f"{w.title} {calendar.subject.subject_number}",
            author="DoseDesk",
            lang="zh-CN" if language == "zh" else "en",
        )

    return build_pdf(make_doc, calendar_story(calendar, language), on_page)
