"""The drawn charts paint what they are given."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtGui import QColor

from app.ui.charts import EVENT_COLOURS, TimelineEvent, TimelineStrip, WeightTrend

C1D1 = date(2026, 1, 5)


def _near(colour: QColor, wanted: QColor) -> bool:
    return (
        abs(colour.red() - wanted.red())
        + abs(colour.green() - wanted.green())
        + abs(colour.blue() - wanted.blue())
        < 40
    )


def test_timeline_draws_doses_and_holds_where_they_fall(qtbot):
    strip = TimelineStrip()
    qtbot.addWidget(strip)
    strip.resize(616, 92)
    strip.set_events(
        [
            TimelineEvent(C1D1, "dose", "C1D1", level_mg_per_kg=Decimal(5)),
            TimelineEvent(C1D1 + timedelta(days=28), "hold", "neutropenia", until=C1D1 + timedelta(days=42)),
            TimelineEvent(C1D1 + timedelta(days=56), "dose", "C2D1", level_mg_per_kg=Decimal(4)),
        ]
    )
    assert strip.span() == (C1D1, C1D1 + timedelta(days=56))
    image = strip.grab().toImage()
    # 16 px margins, 584 px for 56 days: the hold runs from x=308 to x=454 on the axis (y=46).
    assert _near(image.pixelColor(380, 46), EVENT_COLOURS["hold"])
    assert _near(image.pixelColor(16, 40), EVENT_COLOURS["dose"])
    assert not _near(image.pixelColor(200, 40), EVENT_COLOURS["dose"])


def test_empty_charts_say_so(qtbot):
    strip = TimelineStrip()
    trend = WeightTrend()
    qtbot.addWidget(strip)
    qtbot.addWidget(trend)
    assert strip.span() is None
    strip.grab()
    trend.grab()


def test_weight_trend_range_covers_points_baseline_and_band(qtbot):
    trend = WeightTrend()
    qtbot.addWidget(trend)
    trend.set_weights(
        [(C1D1, Decimal("71.3")), (C1D1 + timedelta(days=14), Decimal("64"))], Decimal("71.3"), Decimal(10)
    )
    low, high = trend.value_range()
    assert low <= Decimal("64") and high >= Decimal("78.43")
    trend.resize(420, 170)
    image = trend.grab().toImage()
    assert image.width() == 420
