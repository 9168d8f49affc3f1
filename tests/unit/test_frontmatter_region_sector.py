"""Front matter `region` and `sector` (format 1.2): values, default, near misses, hostile values."""
from __future__ import annotations

import time

import pytest

from casebook.cases.parser import parse_case
from casebook.config import DEFAULT_SECTOR, REGIONS, SECTORS

from .case_builder import case
from .test_frontmatter import BASE, with_front

F = "cases/nokia.md"
REGION_LIST = "africa, asia-pacific, europe, latin-america, middle-east, north-america, global"
SECTOR_LIST = "business, public, non-profit"


def errors_with(*lines: str) -> list[str]:
    """The errors of a valid front matter plus these lines (the first is line 7)."""
    return [str(p) for p in parse_case(with_front(*BASE, *lines), F).errors]


def test_the_allowed_values_are_the_contracts():
    assert REGIONS == ("africa", "asia-pacific", "europe", "latin-america", "middle-east",
                       "north-america", "global")
    assert SECTORS == ("business", "public", "non-profit")
    assert DEFAULT_SECTOR == "business"


@pytest.mark.parametrize("region", REGIONS)
def test_every_region_is_accepted(region):
    assert parse_case(with_front(*BASE, f"region: {region}"), F).case.meta.region == region


@pytest.mark.parametrize("sector", SECTORS)
def test_every_sector_is_accepted(sector):
    assert parse_case(with_front(*BASE, f"sector: {sector}"), F).case.meta.sector == sector


def test_without_them_region_is_none_and_sector_is_business():
    meta = parse_case(with_front(*BASE), F).case.meta
    assert (meta.region, meta.sector) == (None, "business")


def test_the_builder_case_has_the_defaults_too():
    meta = parse_case(case(), F).case.meta
    assert (meta.region, meta.sector) == (None, "business")


@pytest.mark.parametrize(
    "line, expected",
    [
        ("region: europa", f"region 'europa' is not one of {REGION_LIST}; did you mean 'europe'?"),
        ("region: Europe", f"region 'Europe' is not one of {REGION_LIST}; did you mean 'europe'?"),
        ("region: EUROPE", f"region 'EUROPE' is not one of {REGION_LIST}; did you mean 'europe'?"),
        ("region: north america",
         f"region 'north america' is not one of {REGION_LIST}; did you mean 'north-america'?"),
        ("region: latin_america",
         f"region 'latin_america' is not one of {REGION_LIST}; did you mean 'latin-america'?"),
        ("region: asia",
         f"region 'asia' is not one of {REGION_LIST}; did you mean 'asia-pacific'?"),
        ("region: middle east",
         f"region 'middle east' is not one of {REGION_LIST}; did you mean 'middle-east'?"),
        ("region: worldwide", f"region 'worldwide' is not one of {REGION_LIST}"),
        ("sector: nonprofit",
         f"sector 'nonprofit' is not one of {SECTOR_LIST}; did you mean 'non-profit'?"),
        ("sector: Public", f"sector 'Public' is not one of {SECTOR_LIST}; did you mean 'public'?"),
        ("sector: busines",
         f"sector 'busines' is not one of {SECTOR_LIST}; did you mean 'business'?"),
        ("sector: private", f"sector 'private' is not one of {SECTOR_LIST}"),
    ],
)
def test_a_value_outside_the_list_is_an_error_with_a_hint(line, expected):
    assert errors_with(line) == [f"{F}:7: {expected}"]


@pytest.mark.parametrize(
    "lines, expected",
    [
        (("regoin: europe",), "unknown key 'regoin'; did you mean 'region'?"),
        (("sectors: [public]",), "unknown key 'sectors'; did you mean 'sector'?"),
        (("region: [europe, asia-pacific]",), "'region' must be text"),
        (("region: {name: europe}",), "'region' must be text"),
        (("region:",), "'region' must be text"),
        (("region: ''",), "'region' is empty"),
        (("region: 1",), "'region' must be text (put it in quotes)"),
        (("sector: [business]",), "'sector' must be text"),
        (("sector: yes",), "'sector' must be text (put it in quotes)"),
        (("sector: 2011-01-01",), "'sector' must be text (put it in quotes)"),
        (("sector:",), "'sector' must be text"),
        (("sector: public", "sector: business"), "duplicate key 'sector' (first at line 7)"),
    ],
)
def test_wrong_types_and_keys(lines, expected):
    found = errors_with(*lines)
    assert found == [f"{F}:{6 + len(lines)}: {expected}"]


def test_a_bad_region_keeps_the_case_from_importing():
    assert parse_case(with_front(*BASE, "region: europa"), F).case is None


def test_both_bad_are_both_reported_at_their_lines():
    assert errors_with("region: eu", "sector: gov") == [
        f"{F}:7: region 'eu' is not one of {REGION_LIST}",
        f"{F}:8: sector 'gov' is not one of {SECTOR_LIST}",
    ]


def test_a_very_long_value_is_cut_in_the_message():
    started = time.perf_counter()
    found = errors_with("region: " + "x" * 50_000)
    assert time.perf_counter() - started < 1
    assert found == [f"{F}:7: region '{'x' * 60}...' is not one of {REGION_LIST}"]


def test_a_nul_character_is_an_error():
    assert errors_with('region: "eur\\0pe"') == [f"{F}:7: 'region' contains a NUL character"]


def test_a_nul_character_in_any_text_value_is_an_error():
    found = [str(p) for p in parse_case(with_front('title: "a\\0b"', *BASE[1:]), F).errors]
    assert found == [f"{F}:2: 'title' contains a NUL character"]


def test_control_characters_are_escaped_in_the_message():
    found = errors_with('sector: "\\e[31mpublic"')
    assert found == [
        f"{F}:7: sector '\\x1b[31mpublic' is not one of {SECTOR_LIST}; did you mean 'public'?"
    ]


def test_a_list_of_many_values_is_one_error():
    found = errors_with("region: [" + ", ".join(["europe"] * 5_000) + "]")
    assert found == [f"{F}:7: 'region' must be text"]
