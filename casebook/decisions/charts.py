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
    count: int = 0
    percent: int = 0


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bars: tuple[Bar, ...]
    bar_height: int = BAR_HEIGHT
    summary: str = ""  # the chart in words, for readers who cannot see it


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
                count=share.count,
                percent=share.percent,
            )
        )
    height = max(1, len(bars)) * (BAR_HEIGHT + BAR_GAP)
    return BarChart(LABEL_WIDTH + BAR_AREA + VALUE_WIDTH, height, LABEL_WIDTH, tuple(bars),
                    summary=_bars_in_words(bars))


def _bars_in_words(bars: list[Bar]) -> str:
    parts = []
    for bar in bars:
        marks = [m for m, on in (("the real choice", bar.is_actual), ("your choice", bar.is_mine)) if on]
        leaders = "1 leader" if bar.count == 1 else f"{bar.count} leaders"
        parts.append(f"{bar.label}{' (' + ', '.join(marks) + ')' if marks else ''}: {leaders}, {bar.percent} %")
    return "; ".join(parts) + "."


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
    summary: str = ""  # the chart in words, for readers who cannot see it

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
        column_width=column_width, columns=tuple(columns), summary=_calibration_in_words(bins),
    )


def _calibration_in_words(bins: list[CalibrationBin]) -> str:
    filled = [b for b in bins if b.count]
    if not filled:
        return "No commitment has its outcome open yet, so every band is empty."
    parts = [
        f"{b.label}: {b.count} {'commitment' if b.count == 1 else 'commitments'}, "
        f"{b.mean_confidence:.0f} % stated on average, the real choice {b.hits} of {b.count} times "
        f"({b.hit_rate * 100:.0f} %)"
        for b in filled
    ]
    empty = [b.label for b in bins if not b.count]
    if empty:
        parts.append(f"no commitments in {', '.join(empty)}")
    return "; ".join(parts) + "."
