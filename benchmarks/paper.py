"""Benchmark the paper: one infusion order, and the calendars of all 38 subjects, against a plain one-page
reportlab document built in the same run (so the ratios hold on any machine).

Targets: an order under 3 × the one-page document; the 38 calendars (each language) under 5 s. Times are CPU
time of this process (time.process_time), which busy neighbours on a shared machine do not inflate.

    .venv/bin/python benchmarks/paper.py
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from app.printing import Subject, calendar_ics, render_calendar, render_label, render_order
from app.printing.fonts import register_fonts
from app.printing.samples import label_from_order, sample_calendar, sample_order

SUBJECTS = 38
ORDER_TARGET_RATIO = 3.0
CALENDARS_TARGET_SECONDS = 5.0


def one_page_document() -> bytes:
    """The yardstick: a title, twenty paragraphs and a 15-row table on one A4 page."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    story = [Paragraph("One-page reference document", styles["Title"])]
    story += [
        Paragraph(f"Paragraph {n}: the quick brown fox jumps over the lazy dog.", styles["Normal"])
        for n in range(20)
    ]
    story.append(Table([[f"row {r} col {c}" for c in range(5)] for r in range(15)]))
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def median_seconds(work: Callable[[], object], repeats: int) -> float:
    work()  # warm-up: font registration and caches, as in a running app
    timings = []
    for _ in range(repeats):
        start = time.process_time()
        work()
        timings.append(time.process_time() - start)
    return statistics.median(timings)


def main() -> int:
    register_fonts()
    sheet = sample_order()
    label = label_from_order(sheet)
    calendars = [
        sample_calendar(
            Subject(f"TET-{n:03d}", "X.Y.", date(1950, 1, 1) + timedelta(days=173 * n)),
            c1d1=date(2026, 1, 5) + timedelta(days=7 * n),
            cycles=12,
        )
        for n in range(1, SUBJECTS + 1)
    ]

    reference = median_seconds(one_page_document, 30)
    order = median_seconds(lambda: render_order(sheet), 30)
    bag = median_seconds(lambda: render_label(label), 30)
    start = time.process_time()
    for calendar in calendars:
        render_calendar(calendar, "en")
    english = time.process_time() - start
    start = time.process_time()
    for calendar in calendars:
        render_calendar(calendar, "zh")
    chinese = time.process_time() - start
    start = time.process_time()
    for calendar in calendars:
        calendar_ics(calendar)
    ics = time.process_time() - start

    ratio = order / reference
    print(f"one-page reference document: {reference * 1000:.1f} ms")
    print(
        f"infusion order:              {order * 1000:.1f} ms = {ratio:.2f} × reference (target < {ORDER_TARGET_RATIO:g})"
    )
    print(f"bag label:                   {bag * 1000:.1f} ms = {bag / reference:.2f} × reference")
    print(
        f"{SUBJECTS} calendars (English):    {english:.2f} s = {english / reference:.0f} × reference "
        f"(target < {CALENDARS_TARGET_SECONDS:g} s)"
    )
    print(f"{SUBJECTS} calendars (Chinese):    {chinese:.2f} s = {chinese / reference:.0f} × reference")
    print(f"{SUBJECTS} .ics files:             {ics:.3f} s")
    met = (
        ratio < ORDER_TARGET_RATIO
        and english < CALENDARS_TARGET_SECONDS
        and chinese < CALENDARS_TARGET_SECONDS
    )
    print("targets met" if met else "TARGETS MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
