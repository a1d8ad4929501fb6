"""Small drawn charts for a subject's chart: the treatment timeline strip and the weight trend.

Both take plain values (dates, Decimals) and paint them with QPainter; they hold no database state.
Numbers shown go through the one formatter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.dosing.format import format_number, format_quantity

EventKind = Literal["dose", "hold", "reduction", "omitted", "discontinued"]

EVENT_COLOURS: dict[str, QColor] = {
    "dose": QColor("#2e7d32"),
    "hold": QColor("#ef6c00"),
    "reduction": QColor("#6a1b9a"),
    "omitted": QColor("#9e9e9e"),
    "discontinued": QColor("#c62828"),
}


@dataclass(frozen=True)
class TimelineEvent:
    """One mark on the timeline. A hold spans `day` to `until` (None: still held)."""

    day: date
    kind: EventKind
    label: str
    until: date | None = None
    level_mg_per_kg: Decimal | None = None


def _x(day: date, first: date, last: date, left: float, width: float) -> float:
    span = max((last - first).days, 1)
    return left + width * (day - first).days / span


HEIGHT = 108


def level_labels(doses: list[tuple[float, Decimal]], width: float) -> list[tuple[float, Decimal]]:
    """Which doses get their level written above them: each label needs `width` pixels to itself; when two
    would overlap, the later wins if its level differs (a reduction must show), else the earlier stays."""
    placed: list[tuple[float, Decimal]] = []
    for x, level in doses:
        if placed and x - placed[-1][0] < width:
            if level != placed[-1][1]:
                placed[-1] = (x, level)
            continue
        placed.append((x, level))
    return placed


class TimelineStrip(QWidget):
    """Doses (green ticks with their level), holds (orange bars), reductions (purple triangles), omitted doses
    (grey rings) and discontinuation (red bar) along the dates of treatment."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.events: list[TimelineEvent] = []
        self.today: date | None = None
        self.setMinimumHeight(HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(600, HEIGHT)

    def set_events(self, events: list[TimelineEvent], today: date | None = None) -> None:
        self.events = sorted(events, key=lambda e: e.day)
        self.today = today
        self.update()

    def span(self) -> tuple[date, date] | None:
        if not self.events:
            return None
        days = [e.day for e in self.events] + [e.until for e in self.events if e.until is not None]
        if self.today is not None:
            days.append(self.today)
        return min(days), max(days)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        span = self.span()
        if span is None:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No doses yet"))
            return
        first, last = span
        left, right = 16.0, float(self.width() - 16)
        width = max(right - left, 1.0)
        axis_y = 46.0
        painter.setPen(QPen(self.palette().mid().color(), 1))
        painter.drawLine(QPointF(left, axis_y), QPointF(right, axis_y))
        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() * 0.8, 6.0))
        painter.setFont(small)
        painter.drawText(QRectF(left, axis_y + 24, 120, 16), Qt.AlignmentFlag.AlignLeft, first.isoformat())
        painter.drawText(
            QRectF(right - 120, axis_y + 24, 120, 16), Qt.AlignmentFlag.AlignRight, last.isoformat()
        )
        doses: list[tuple[float, Decimal]] = []
        for item in self.events:
            x = _x(item.day, first, last, left, width)
            colour = EVENT_COLOURS[item.kind]
            if item.kind in ("hold", "discontinued"):
                end = item.until or self.today or last
                x2 = max(_x(end, first, last, left, width), x + 3)
                painter.fillRect(QRectF(x, axis_y - 5, x2 - x, 10), colour)
            elif item.kind == "dose":
                painter.setPen(QPen(colour, 3))
                painter.drawLine(QPointF(x, axis_y - 14), QPointF(x, axis_y + 14))
                if item.level_mg_per_kg is not None:
                    doses.append((x, item.level_mg_per_kg))
            elif item.kind == "reduction":
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawPolygon(
                    QPolygonF(
                        [QPointF(x - 7, axis_y + 12), QPointF(x + 7, axis_y + 12), QPointF(x, axis_y + 24)]
                    )
                )
            elif item.kind == "omitted":
                painter.setPen(QPen(colour, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(QPointF(x, axis_y), 5, 5)
        painter.setPen(EVENT_COLOURS["dose"])
        label_width = float(painter.fontMetrics().horizontalAdvance("00.0") + 6)
        for x, level in level_labels(doses, label_width):
            painter.drawText(
                QRectF(x - label_width / 2, axis_y - 32, label_width, 16),
                Qt.AlignmentFlag.AlignCenter,
                format_number(level),
            )
        painter.setPen(self.palette().text().color())
        painter.drawText(
            QRectF(left, axis_y + 42, width, 16),
            Qt.AlignmentFlag.AlignCenter,
            self.tr("| dose (mg/kg)   ▬ hold   ▼ reduction   ○ omitted"),
        )
        if self.today is not None and first <= self.today <= last:
            x = _x(self.today, first, last, left, width)
            painter.setPen(QPen(QColor("#1565c0"), 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, 8), QPointF(x, axis_y + 20))
        painter.end()


class WeightTrend(QWidget):
    """The subject's weights as a line with dots, the baseline as a dashed line and a ±N% band."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("weightTrend")
        self.points: list[tuple[date, Decimal]] = []
        self.baseline: Decimal | None = None
        self.band_percent: Decimal | None = None
        self.setMinimumSize(280, 150)

    def sizeHint(self) -> QSize:
        return QSize(420, 170)

    def set_weights(
        self,
        points: list[tuple[date, Decimal]],
        baseline: Decimal | None,
        band_percent: Decimal | None = None,
    ) -> None:
        self.points = sorted(points)
        self.baseline = baseline
        self.band_percent = band_percent
        self.update()

    def value_range(self) -> tuple[Decimal, Decimal]:
        values = [w for _d, w in self.points]
        if self.baseline is not None:
            values.append(self.baseline)
            if self.band_percent is not None:
                delta = self.baseline * self.band_percent / 100
                values += [self.baseline - delta, self.baseline + delta]
        low, high = min(values), max(values)
        if high - low < 2:
            low, high = low - 1, high + 1
        return low, high

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if not self.points:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No weights recorded"))
            return
        low, high = self.value_range()
        left, top = 56.0, 12.0
        right, bottom = float(self.width() - 12), float(self.height() - 26)
        first, last = self.points[0][0], self.points[-1][0]

        def y(value: Decimal) -> float:
            return bottom - (bottom - top) * float((value - low) / (high - low))

        def x(day: date) -> float:
            if first == last:
                return (left + right) / 2
            return _x(day, first, last, left, right - left)

        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() * 0.8, 6.0))
        painter.setFont(small)
        painter.setPen(QPen(self.palette().mid().color(), 1))
        painter.drawRect(QRectF(left, top, right - left, bottom - top))
        text = self.palette().text().color()
        painter.setPen(text)
        painter.drawText(
            QRectF(0, top - 6, left - 6, 14), Qt.AlignmentFlag.AlignRight, format_quantity(high, "kg", 1)
        )
        painter.drawText(
            QRectF(0, bottom - 8, left - 6, 14), Qt.AlignmentFlag.AlignRight, format_quantity(low, "kg", 1)
        )
        painter.drawText(QRectF(left, bottom + 4, 120, 14), Qt.AlignmentFlag.AlignLeft, first.isoformat())
        if last != first:
            painter.drawText(
                QRectF(right - 120, bottom + 4, 120, 14), Qt.AlignmentFlag.AlignRight, last.isoformat()
            )
        if self.baseline is not None:
            if self.band_percent is not None:
                delta = self.baseline * self.band_percent / 100
                band = QRectF(
                    left,
                    y(self.baseline + delta),
                    right - left,
                    y(self.baseline - delta) - y(self.baseline + delta),
                )
                painter.fillRect(band, QColor(46, 125, 50, 28))
            painter.setPen(QPen(QColor("#2e7d32"), 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(left, y(self.baseline)), QPointF(right, y(self.baseline)))
        path = QPainterPath()
        for index, (day, weight) in enumerate(self.points):
            point = QPointF(x(day), y(weight))
            if index == 0:
                path.moveTo(point)
            else:
                path.lineTo(point)
        painter.setPen(QPen(QColor("#1565c0"), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setBrush(QColor("#1565c0"))
        for day, weight in self.points:
            painter.drawEllipse(QPointF(x(day), y(weight)), 3.5, 3.5)
        painter.end()
