"""Pure scoring: Brier scores, calibration bins and the hindsight gap (no database).

Brier score of a forecast "the organization chose X, with probability p":
(p - o)^2 with p in 0..1 and o = 1 if they chose X, else 0. 0 is a perfect forecast,
0.25 is what always saying 50 % earns, 1 is confidently wrong. Lower is better.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Stated confidence bins for the calibration chart (confidence is 50-100 %).
CALIBRATION_BINS: tuple[tuple[int, int], ...] = ((50, 59), (60, 69), (70, 79), (80, 89), (90, 100))


def brier_score(probability_percent: int, happened: bool) -> float:
    """Binary Brier score of a probability (in %) given whether the event happened."""
    if not 0 <= probability_percent <= 100:
        raise ValueError("probability must be 0-100 %")
    p = probability_percent / 100
    return round((p - (1.0 if happened else 0.0)) ** 2, 4)


def hindsight_gap(sealed_percent: int, recalled_percent: int, happened: bool) -> int:
    """How far memory moved toward what happened, in percentage points.

    Positive: the leader now remembers having found the real outcome more likely than
    they said at the time (the classic hindsight bias). Negative: the other way.
    """
    moved = recalled_percent - sealed_percent
    return moved if happened else -moved


def mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return sum(items) / len(items) if items else None


@dataclass(frozen=True)
class CalibrationBin:
    low: int
    high: int
    count: int
    hits: int
    mean_confidence: float | None  # mean stated confidence of the commitments in the bin

    @property
    def label(self) -> str:
        return f"{self.low}-{self.high} %"

    @property
    def hit_rate(self) -> float | None:
        """Share (0-1) of the bin's commitments whose option was the real choice."""
        return self.hits / self.count if self.count else None


def calibration(outcomes: Iterable[tuple[int, bool]]) -> list[CalibrationBin]:
    """Group (stated confidence, matched the real choice) pairs into CALIBRATION_BINS."""
    pairs = list(outcomes)
    bins = []
    for low, high in CALIBRATION_BINS:
        inside = [(c, hit) for c, hit in pairs if low <= c <= high]
        bins.append(
            CalibrationBin(
                low=low,
                high=high,
                count=len(inside),
                hits=sum(1 for _, hit in inside if hit),
                mean_confidence=mean(c for c, _ in inside),
            )
        )
    return bins


def percent(part: int, whole: int) -> int:
    """A share as a whole percentage, rounded half up (so 1 of 8 shows as 13 %)."""
    return (200 * part + whole) // (2 * whole) if whole else 0
