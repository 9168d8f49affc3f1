"""Front matter: keys, types, ranges, vocabulary, and hostile YAML, with line numbers."""
from __future__ import annotations

import time

import pytest

from casebook.cases.frontmatter import suggest
from casebook.cases.parser import parse_case

from .case_builder import DECISION, FRONT, errors, problems

F = "cases/nokia.md"


def with_front(*lines: str, body: str = DECISION) -> str:
    """A file whose front matter is exactly these lines (line 2 onwards)."""
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n" + body


BASE = (
    "title: The Platform Bet",
    "summary: A teaser.",
    "level: executive",
    "competencies: [strategic-direction]",
    "sources: [A source]",
)


def replace(key: str, *new_lines: str) -> tuple[str, ...]:
    """BASE with the line of `key` replaced by new_lines (or removed)."""
    out: list[str] = []
    for line in BASE:
        out.extend(new_lines if line.startswith(key + ":") else [line])
    return tuple(out)


def test_valid_front_matter_gives_meta():
    result = parse_case(with_front(*BASE, "organization: Nokia", "industry: Phones",
                                   "year: 2011", "authors: [Ann, Bo]", "slug: nokia-2011"), F)
    assert result.ok and result.problems == []
    meta = result.case.meta
    assert (meta.title, meta.summary, meta.level) == ("The Platform Bet", "A teaser.", "executive")
    assert meta.competencies == ["strategic-direction"]
    assert (meta.organization, meta.industry, meta.year) == ("Nokia", "Phones", 2011)
    assert (meta.authors, meta.sources, meta.slug) == (["Ann", "Bo"], ["A source"], "nokia-2011")


def test_optional_keys_default():
    meta = parse_case(with_front(*BASE), F).case.meta
    assert (meta.organization, meta.industry, meta.year, meta.authors) == (None, None, None, [])
    assert meta.slug == "nokia"


@pytest.mark.parametrize(
    "lines, expected",
    [
        (replace("summary", "sumary: x"), [
            f"{F}:1: missing required key 'summary'",
            f"{F}:3: unknown key 'sumary'; did you mean 'summary'?",
        ]),
        (BASE + ("colour: red",), [
            f"{F}:7: unknown key 'colour' (known keys: title, summary, level, competencies,"
            " slug, organization, industry, year, region, sector, authors, sources)",
        ]),
        (BASE + ("Title: x",), [f"{F}:7: unknown key 'Title'; did you mean 'title'?"]),
        (replace("title"), [f"{F}:1: missing required key 'title'"]),
        (replace("level"), [f"{F}:1: missing required key 'level'"]),
        (replace("competencies"), [f"{F}:1: missing required key 'competencies'"]),
        (BASE + ("title: Again",), [f"{F}:7: duplicate key 'title' (first at line 2)"]),
        (replace("title", "title: ''"), [f"{F}:2: 'title' is empty"]),
        (replace("title", "title:"), [f"{F}:2: 'title' must be text"]),
        (replace("title", "title: 2011"), [f"{F}:2: 'title' must be text (put it in quotes)"]),
        (replace("title", "title: yes"), [f"{F}:2: 'title' must be text (put it in quotes)"]),
        (replace("title", "title: 2023-02-30"), [f"{F}:2: 'title' must be text (put it in quotes)"]),
        (replace("title", "title: [a, b]"), [f"{F}:2: 'title' must be text"]),
        (replace("title", "title: " + "x" * 201), [f"{F}:2: 'title' is 201 characters long; at most 200"]),
        (replace("summary", "summary: " + "x" * 601), [f"{F}:3: 'summary' is 601 characters long; at most 600"]),
        (replace("level", "level: exec"), [
            f"{F}:4: level 'exec' is not one of new-manager, experienced-manager,"
            " senior-manager, executive; did you mean 'executive'?",
        ]),
        (replace("level", "level: Executive"), [
            f"{F}:4: level 'Executive' is not one of new-manager, experienced-manager,"
            " senior-manager, executive; did you mean 'executive'?",
        ]),
        (replace("competencies", "competencies: [strategy]"), [
            f"{F}:5: competency 'strategy' is not in the vocabulary; did you mean"
            " 'strategic-direction'?",
        ]),
        (replace("competencies", "competencies:", "  - communication", "  - comunication"), [
            f"{F}:7: competency 'comunication' is not in the vocabulary; did you mean"
            " 'communication'?",
        ]),
        (replace("competencies", "competencies: [communication, communication]"), [
            f"{F}:5: competency 'communication' is listed twice",
        ]),
        (replace("competencies", "competencies: []"), [f"{F}:5: 'competencies' has 0; it needs 1 to 5"]),
        (replace("competencies", "competencies: [communication, self-awareness, building-trust,"
                 " risk-assessment, scenario-planning, cultural-change]"),
         [f"{F}:5: 'competencies' has 6; it needs 1 to 5"]),
        (replace("competencies", "competencies: communication"), [
            f"{F}:5: 'competencies' must be a list of strings",
        ]),
        (BASE + ("slug: Nokia_2011",), [
            f"{F}:7: slug 'Nokia_2011' must be lowercase letters and digits in words joined by"
            " single hyphens ([a-z0-9]+(-[a-z0-9]+)*), at most 80 characters",
        ]),
        (BASE + ("slug: " + "a" * 81,), [
            f"{F}:7: slug '{'a' * 81}' must be lowercase letters and digits in words joined by"
            " single hyphens ([a-z0-9]+(-[a-z0-9]+)*), at most 80 characters",
        ]),
        (BASE + ("year: 1799",), [f"{F}:7: 'year' must be a whole number from 1800 to 2100 (got '1799')"]),
        (BASE + ("year: 2101",), [f"{F}:7: 'year' must be a whole number from 1800 to 2100 (got '2101')"]),
        (BASE + ("year: true",), [f"{F}:7: 'year' must be a whole number from 1800 to 2100 (got 'true')"]),
        (BASE + ("year: '2011'",), [f"{F}:7: 'year' must be a whole number from 1800 to 2100 (got '2011')"]),
        (BASE + ("year: 2011.0",), [f"{F}:7: 'year' must be a whole number from 1800 to 2100 (got '2011.0')"]),
        (BASE + ("year: 2023-02-30",), [
            f"{F}:7: 'year' must be a whole number from 1800 to 2100 (got '2023-02-30')",
        ]),
        (BASE + ("authors: Ann",), [f"{F}:7: 'authors' must be a list of strings"]),
        (BASE + ("authors: [Ann, 3]",), [f"{F}:7: an entry of 'authors' must be text (put it in quotes)"]),
        (replace("sources", "sources: [ok, '']"), [f"{F}:6: an entry of 'sources' is empty"]),
        (BASE + ("organization: {name: Nokia}",), [f"{F}:7: 'organization' must be text"]),
    ],
)
def test_front_matter_errors(lines, expected):
    assert errors(with_front(*lines)) == expected


def test_year_at_the_edges_is_fine():
    for year in (1800, 2100):
        assert parse_case(with_front(*BASE, f"year: {year}"), F).case.meta.year == year


def test_bool_is_not_a_year():
    assert parse_case(with_front(*BASE, "year: false"), F).case is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("# no front matter\n" + DECISION, f"{F}:1: the file must start with front matter: a"
         " line '---', the YAML keys, and a closing line '---'"),
        ("---\ntitle: x\n" + DECISION, f"{F}:1: the front matter is never closed: add a line"
         " '---' after it"),
        (with_front("- a list", "- not a mapping"),
         f"{F}:1: the front matter must be a YAML mapping of keys to values"),
        (with_front("just text"), f"{F}:1: the front matter must be a YAML mapping of keys to values"),
        (with_front(), f"{F}:1: the front matter is empty"),
    ],
)
def test_front_matter_shape_errors(text, expected):
    assert expected in errors(text)


@pytest.mark.parametrize(
    "text, line",
    [
        (with_front(*BASE[:2], "level: [unclosed", *BASE[3:]), 5),
        (with_front("title: a: b", *BASE[1:]), 2),
        (with_front(*BASE, "\tindented: tab"), 7),
        (with_front(*BASE, 'title2: "unclosed'), 7),
    ],
)
def test_yaml_syntax_error_at_the_line_the_parser_names(text, line):
    found = errors(text)
    assert found[0].startswith(f"{F}:{line}: YAML syntax error: "), found


def test_front_matter_errors_do_not_stop_body_checks():
    text = with_front(*replace("level", "level: exec"),
                      body=DECISION.replace("Actual choice: B", "Actual choice: D"))
    assert errors(text) == [
        f"{F}:4: level 'exec' is not one of new-manager, experienced-manager, senior-manager,"
        " executive; did you mean 'executive'?",
        f"{F}:20: decision 'platform': 'Actual choice: D' names no option (options are A, B, C)",
    ]


def test_no_sources_is_a_warning_only():
    result = parse_case(with_front(*replace("sources")), F)
    assert result.ok and result.case is not None
    assert [str(p) for p in result.warnings] == [f"{F}:1: warning: no sources"]


def test_empty_sources_list_is_the_same_warning():
    assert problems(with_front(*replace("sources", "sources: []"))) == [f"{F}:1: warning: no sources"]


BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]",
    "title: *i",
)


def test_billion_laughs_is_refused_without_expanding():
    started = time.perf_counter()
    found = errors(with_front(*BASE[1:], *BILLION_LAUGHS))
    assert time.perf_counter() - started < 1
    assert f"{F}:6: YAML anchors (&a) are not allowed" in found
    assert f"{F}:7: YAML aliases (*a) are not allowed" in found
    assert len([p for p in found if "aliases" in p]) == 3  # the first few, not 81


@pytest.mark.parametrize(
    "value, tag",
    [
        ('!!python/object/apply:os.system ["echo owned"]', "tag:yaml.org,2002:python/object/apply:os.system"),
        ("!!python/name:os.system", "tag:yaml.org,2002:python/name:os.system"),
        ("!custom x", "!custom"),
        ("!!str x", "tag:yaml.org,2002:str"),
        ("!!binary aGVsbG8=", "tag:yaml.org,2002:binary"),
    ],
)
def test_tags_are_errors_never_constructed(value, tag):
    found = errors(with_front(f"title: {value}", *BASE[1:]))
    assert f"{F}:2: YAML tags ({tag}) are not allowed" in found


def test_tag_on_a_mapping_is_an_error():
    assert f"{F}:2: YAML tags (tag:yaml.org,2002:map) are not allowed" in errors(
        with_front("organization: !!map {a: b}", *BASE)
    )


def test_merge_key_is_unknown():
    found = errors(with_front(*BASE, "<<: {title: x}"))
    assert any(":7: unknown key '<<'" in p for p in found)


def test_deeply_nested_yaml_is_refused():
    found = errors(with_front("title: " + "[" * 5000 + "]" * 5000, *BASE[1:]))
    assert found[0] == f"{F}:2: the front matter is nested too deeply"


def test_huge_front_matter_is_refused():
    found = errors(with_front(*BASE, *[f"# comment {i}" for i in range(10_000)]))
    assert found[0] == f"{F}:1: the front matter is longer than 64 KiB"


def test_default_slug_that_is_not_valid():
    found = errors(FRONT + DECISION, filename="cases/My Case.md")
    assert found == [
        "cases/My Case.md:1: the file name does not give a valid slug ('My Case'); set 'slug'"
        " in the front matter: lowercase letters and digits in words joined by single"
        " hyphens, at most 80 characters",
    ]


def test_explicit_slug_overrides_a_bad_file_name():
    result = parse_case(with_front(*BASE, "slug: my-case"), "cases/My Case.md")
    assert result.ok and result.case.meta.slug == "my-case"


@pytest.mark.parametrize(
    "word, best",
    [("strategy", "strategic-direction"), ("comunication", "communication"),
     ("talent", "talent-identification"), ("zzzz", None)],
)
def test_suggest(word, best):
    vocabulary = ("strategic-direction", "communication", "talent-identification")
    assert suggest(word, vocabulary) == best


def test_custom_vocabulary():
    text = with_front(*replace("competencies", "competencies: [negotiation]"))
    assert parse_case(text, F, competencies=["negotiation"]).ok
    assert not parse_case(text, F).ok
