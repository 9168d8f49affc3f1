"""Geometry for the server-drawn SVG charts; the templates only place what is computed here.

No inline style anywhere (the CSP forbids it): sizes and colours are SVG presentation
attributes, and every chart has a table beside it with the same figures.
"""
from __future__ import annotations

from dataclasses import dataclass

from .distribution import Distribution
from .scoring import CalibrationBin

BAR_HEIGHT = 22
BAR_GAP = 10
LABEL_WIDTH = 36
BAR_AREA = 240
VALUE_WIDTH = 96


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    width: int
    text: str
    is_actual: bool
    is_mine: bool


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bars: tuple[Bar, ...]
    bar_height: int = BAR_HEIGHT


def distribution_chart(
    distribution: Distribution, actual: str | None, mine: str | None
) -> BarChart:
    """Horizontal bars, one per option, as long as the share of leaders choosing it."""
    bars = []
    for i, share in enumerate(distribution.shares):
        bars.append(
            Bar(
                label=share.label,
                y=i * (BAR_HEIGHT + BAR_GAP),
                width=round(BAR_AREA * share.percent / 100),
                text=f"{share.percent} % ({share.count})",
                is_actual=share.label == actual,
                is_mine=share.label == mine,
            )
        )
    height = max(1, len(bars)) * (BAR_HEIGHT + BAR_GAP)
    return BarChart(LABEL_WIDTH + BAR_AREA + VALUE_WIDTH, height, LABEL_WIDTH, tuple(bars))


@dataclass(frozen=True)
class CalibrationColumn:
    label: str
    x: int
    stated_height: int  # mean stated confidence of the bin
    true_height: int  # share of the bin's commitments matching the real choice
    count: int


@dataclass(frozen=True)
class CalibrationChart:
    width: int
    height: int  # of the plot area; 100 % = full height
    top: int
    column_width: int
    columns: tuple[CalibrationColumn, ...]

    def y(self, height: int) -> int:
        return self.top + self.height - height

    @property
    def gridlines(self) -> tuple[tuple[int, int], ...]:
        """(percent, y) for the 0, 50 and 100 % guide lines."""
        return tuple((p, self.y(round(self.height * p / 100))) for p in (0, 50, 100))


def calibration_chart(bins: list[CalibrationBin], plot_height: int = 160) -> CalibrationChart:
    """Two bars per confidence bin: what you stated on average, and how often it came true."""
    column_width = 84
    columns = []
    for i, b in enumerate(bins):
        stated = b.mean_confidence or 0
        true = (b.hit_rate or 0) * 100
        columns.append(
            CalibrationColumn(
                label=b.label,
                x=48 + i * column_width,
                stated_height=round(plot_height * stated / 100) if b.count else 0,
                true_height=round(plot_height * true / 100) if b.count else 0,
                count=b.count,
            )
        )
    return CalibrationChart(
        width=48 + len(bins) * column_width, height=plot_height, top=10,
        column_width=column_width, columns=tuple(columns),
    )
