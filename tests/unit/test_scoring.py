"""Scoring by hand-checked examples: Brier, calibration bins, hindsight gap, percentages."""
import pytest

from casebook.decisions.scoring import (
    brier_score,
    calibration,
    hindsight_gap,
    mean,
    percent,
)


@pytest.mark.parametrize("probability, happened, expected", [
    (70, True, 0.09),    # (0.7 - 1)^2
    (70, False, 0.49),   # (0.7 - 0)^2
    (50, True, 0.25),
    (50, False, 0.25),
    (99, True, 0.0001),
    (99, False, 0.9801),
    (1, False, 0.0001),
    (100, True, 0.0),
    (0, True, 1.0),
])
def test_brier_score_by_hand(probability, happened, expected):
    assert brier_score(probability, happened) == pytest.approx(expected)


def test_brier_score_refuses_impossible_probabilities():
    with pytest.raises(ValueError):
        brier_score(101, True)
    with pytest.raises(ValueError):
        brier_score(-1, False)


def test_mean_brier_of_a_small_record():
    scores = [brier_score(80, True), brier_score(60, False), brier_score(90, True)]
    # 0.04 + 0.36 + 0.01 = 0.41 -> 0.41 / 3
    assert mean(scores) == pytest.approx(0.41 / 3)


def test_calibration_bins_count_hits_and_mean_confidence():
    bins = calibration([(50, True), (55, False), (59, False), (60, True), (75, True),
                        (79, True), (80, False), (90, True), (100, True)])
    by_label = {b.label: b for b in bins}
    assert [b.label for b in bins] == ["50-59 %", "60-69 %", "70-79 %", "80-89 %", "90-100 %"]
    assert (by_label["50-59 %"].count, by_label["50-59 %"].hits) == (3, 1)
    assert by_label["50-59 %"].mean_confidence == pytest.approx(164 / 3)
    assert by_label["50-59 %"].hit_rate == pytest.approx(1 / 3)
    assert (by_label["60-69 %"].count, by_label["60-69 %"].hits) == (1, 1)
    assert (by_label["70-79 %"].count, by_label["70-79 %"].hits, by_label["70-79 %"].mean_confidence) == (2, 2, 77)
    assert (by_label["80-89 %"].count, by_label["80-89 %"].hit_rate) == (1, 0)
    assert (by_label["90-100 %"].count, by_label["90-100 %"].hits) == (2, 2)


def test_empty_bins_have_no_rates():
    [first, *_] = calibration([])
    assert first.count == 0 and first.hit_rate is None and first.mean_confidence is None


@pytest.mark.parametrize("sealed, recalled, happened, gap", [
    (60, 75, True, 15),    # it happened, and memory now says more likely: bias
    (60, 50, True, -10),
    (60, 40, False, 20),   # it did not happen, memory now says less likely: bias
    (60, 70, False, -10),
    (35, 35, True, 0),
])
def test_hindsight_gap_points_toward_what_happened(sealed, recalled, happened, gap):
    assert hindsight_gap(sealed, recalled, happened) == gap


@pytest.mark.parametrize("part, whole, expected", [
    (1, 8, 13), (1, 3, 33), (2, 3, 67), (1, 2, 50), (0, 5, 0), (5, 5, 100), (3, 0, 0),
])
def test_percent_rounds_half_up(part, whole, expected):
    assert percent(part, whole) == expected
