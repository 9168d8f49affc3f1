"""The shipped library keeps its breadth: it cannot shrink or narrow unnoticed.

The counts are the library's promise to its readers (levels, regions, sectors, recent
decisions, several-decision cases, every competency at least twice), read from the
case files themselves with the same parser the importer uses.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from casebook.cases.parser import parse_case
from casebook.config import DEFAULT_COMPETENCIES as COMPETENCIES
from casebook.config import LEVELS

CASES_DIR = Path(__file__).resolve().parents[2] / "cases"


@pytest.fixture(scope="module")
def library():
    results = [parse_case(path.read_bytes(), path.name, COMPETENCIES)
               for path in sorted(CASES_DIR.glob("*.md"))]
    assert all(r.case is not None for r in results), [p for r in results for p in r.problems]
    return results


def test_every_case_is_clean_with_no_fairness_warning(library):
    assert [str(p) for r in library for p in r.problems] == []


def test_at_least_24_cases_and_4_at_every_level(library):
    levels = Counter(r.case.meta.level for r in library)
    assert len(library) >= 24
    assert {level: levels[level] >= 4 for level in LEVELS} == dict.fromkeys(LEVELS, True)


def test_at_least_8_outside_north_america_across_4_regions(library):
    regions = [r.case.meta.region for r in library]
    assert None not in regions
    outside = [region for region in regions if region != "north-america"]
    assert len(outside) >= 8
    assert len(set(outside) - {"global"}) >= 4


def test_public_sector_and_non_profit_cases(library):
    sectors = Counter(r.case.meta.sector for r in library)
    assert sectors["public"] + sectors["non-profit"] >= 4


def test_recent_decisions_and_several_decision_cases(library):
    assert sum(1 for r in library if r.case.meta.year >= 2015) >= 6
    several = sum(1 for r in library if len(r.case.decisions) >= 2)
    assert several * 3 >= len(library)


def test_every_competency_is_trained_by_at_least_two_cases(library):
    counts = Counter(c for r in library for c in r.case.meta.competencies)
    assert {c: counts[c] for c in COMPETENCIES if counts[c] < 2} == {}


def test_every_case_cites_at_least_two_sources(library):
    assert [r.case.meta.slug for r in library if len(r.case.meta.sources) < 2] == []
