"""Whole files: the contract's example, encodings, limits, parts, and hostile files."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from casebook.cases.format import ParsedDecision, ParsedSection
from casebook.cases.parser import parse_case

from .case_builder import DECISION, FRONT, case, errors
from .test_markdown_xss import assert_safe

DATA = Path(__file__).resolve().parent.parent / "data"
F = "cases/nokia.md"


def parse_data(relative: str):
    path = DATA / relative
    return parse_case(path.read_bytes(), f"cases/{path.name}")


def test_contract_example_parses():
    result = parse_data("good/platform-bet.md")
    # The contract's own example gives its real option more words than the others.
    assert result.ok and [str(p) for p in result.problems] == [
        "cases/platform-bet.md:23: warning: decision 'platform': the real option (B) is 2.1"
        " times as long as the median of the others (32.5 characters); give every option"
        " the same care",
    ]
    case_ = result.case
    assert case_.meta.slug == "platform-bet" and case_.meta.year == 2011
    assert [type(p).__name__ for p in case_.parts] == [
        "ParsedSection", "ParsedDecision", "ParsedSection",
    ]
    background, decision, epilogue = case_.parts
    assert (background.heading, background.line) == ("Background", 12)
    assert background.text == "Nokia sells more phones than anyone, but ..."
    assert decision.key == "platform" and decision.actual_choice == "B"
    assert [o.label for o in decision.options] == ["A", "B", "C"]
    assert decision.debate_prompts == ["What did each option do to Nokia's ability to differentiate?"]
    assert epilogue.heading == "Epilogue" and "Visible only after" in epilogue.html
    assert case_.source.startswith("---\ntitle: The Platform Bet\n")


def test_rich_case_parses():
    result = parse_data("good/rich-case.md")
    assert result.errors == []
    assert [str(w) for w in result.warnings] == [
        "cases/rich-case.md:79: warning: decision"
        " 'what-should-kodak-do-with-its-film-factories' has no debate prompts",
    ]
    parts = result.case.parts
    assert [getattr(p, "heading", None) or getattr(p, "key", None) for p in parts] == [
        None, "The company in 1996", "digital-push", "Between the decisions",
        "what-should-kodak-do-with-its-film-factories", "Epilogue",
    ]
    preamble, company, push, between, factories, epilogue = parts
    assert preamble.heading is None and preamble.line == 20
    assert "<table>" in preamble.html and "<sup>1</sup>" in preamble.html
    assert "## This line is code, not a part heading" in company.html  # fenced code
    assert "<dl>" in company.html
    assert push.hindsight_html == "<p>The cameras sold; the profits never replaced film's.</p>"
    assert "<h3>What the board wants</h3>" in push.prompt_html
    assert push.options[0].text == (
        "Go all in: shift research money from film to digital now,\n"
        "accepting lower margins for years."
    )
    assert push.debate_prompts[1] == "What would <em>you</em> have measured?"
    assert factories.actual_choice == "other" and factories.hindsight_html is None
    meta = result.case.meta
    assert meta.title == "Kodak: Film, Digital, or Both?" and meta.slug == "kodak-digital"
    assert meta.summary.startswith("A film giant") and "\n" not in meta.summary


def test_hostile_markup_is_sanitized_everywhere():
    result = parse_data("hostile/script-injection.md")
    assert result.ok
    html = [p.html if isinstance(p, ParsedSection) else p.prompt_html for p in result.case.parts]
    decision = result.case.decisions[0]
    html += [o.html for o in decision.options] + [decision.outcome_html, *decision.debate_prompts]
    for piece in html:
        assert_safe(piece)
    assert "Sanitized." in decision.outcome_html


@pytest.mark.parametrize(
    "relative, expected",
    [
        ("bad/no-decisions.md", ["cases/no-decisions.md:1: a case needs at least one decision"
                                 " point: a heading '## Decision: <question>'"]),
        ("bad/commented-out-outcome.md", [
            "cases/commented-out-outcome.md:20: decision 'tell': the Outcome renders to"
            " nothing: an unclosed HTML comment or tag may be swallowing the text",
        ]),
        ("hostile/nul-byte.md", ["cases/nul-byte.md:10: the file contains a NUL byte"]),
        ("hostile/invalid-utf8.md", ["cases/invalid-utf8.md:10: the file is not valid UTF-8"
                                     " (byte 0xe9)"]),
    ],
)
def test_bad_files(relative, expected):
    result = parse_data(relative)
    assert [str(p) for p in result.errors] == expected and result.case is None


def test_several_errors_file_reports_all_of_them():
    found = [str(p) for p in parse_data("bad/several-errors.md").problems]
    n = "cases/several-errors.md"
    assert found == [
        f"{n}:1: missing required key 'summary'",
        f"{n}:1: warning: no sources",
        f"{n}:3: unknown key 'sumary'; did you mean 'summary'?",
        f"{n}:4: level 'exec' is not one of new-manager, experienced-manager, senior-manager,"
        " executive; did you mean 'executive'?",
        f"{n}:5: competency 'strategy' is not in the vocabulary; did you mean"
        " 'strategic-direction'?",
        f"{n}:6: 'year' must be a whole number from 1800 to 2100 (got 'true')",
        f"{n}:9: warning: decision 'platform' has no debate prompts",
        f"{n}:13: decision 'platform' has 1 option; it needs 2 to 8",
        f"{n}:19: decision 'platform': 'Actual choice: D' names no option (options are A)",
        f"{n}:23: warning: decision 'what-next' has no debate prompts",
        f"{n}:25: decision 'what-next': the Outcome must start with a line 'Actual choice: X',"
        " where X is an option label or 'other'",
        f"{n}:29: decision 'what-next': '### Options' is out of order; the order is the prompt,"
        " '### Options', '### Outcome', '### Hindsight', '### Debate prompts'",
        f"{n}:32: decision 'what-next': option label 'A' is used twice (first at line 31)",
        f"{n}:33: decision 'what-next': option label 'x' must be 1 to 3 characters of A-Z and 0-9",
    ]


def test_billion_laughs_file():
    result = parse_data("hostile/billion-laughs.md")
    assert result.case is None
    assert "cases/billion-laughs.md:2: YAML anchors (&a) are not allowed" in map(str, result.errors)


def test_python_tags_file_runs_nothing(tmp_path):
    result = parse_data("hostile/python-tags.md")
    found = [str(p) for p in result.errors]
    assert found == [
        "cases/python-tags.md:2: YAML tags (tag:yaml.org,2002:python/object/apply:os.system)"
        " are not allowed",
        "cases/python-tags.md:3: YAML tags (tag:yaml.org,2002:python/object/new:subprocess.Popen)"
        " are not allowed",
        "cases/python-tags.md:4: YAML tags (!custom) are not allowed",
    ]
    assert not Path("/tmp/casebook-owned").exists()


# Encodings and line endings


def test_crlf_line_endings_are_accepted():
    text = case().replace("\n", "\r\n")
    result = parse_case(text.encode(), F)
    assert result.ok and result.case.decisions[0].options[2].html == "Android."
    assert "\r" not in result.case.decisions[0].outcome_html


def test_crlf_keeps_line_numbers():
    text = case(DECISION.replace("Actual choice: B", "Actual choice: D")).replace("\n", "\r\n")
    assert errors(text.encode()) == [
        f"{F}:23: decision 'platform': 'Actual choice: D' names no option (options are A, B, C)"
    ]


def test_bom_is_accepted():
    result = parse_case(b"\xef\xbb\xbf" + case().encode(), F)
    assert result.ok and result.case.meta.title == "The Platform Bet"


def test_str_input_is_accepted():
    assert parse_case(case(), F).ok


@pytest.mark.parametrize("line", [1, 5, 13, 25])
def test_nul_byte_is_reported_at_its_line(line):
    lines = case().split("\n")
    lines[line - 1] += "\0"
    assert errors("\n".join(lines).encode()) == [f"{F}:{line}: the file contains a NUL byte"]


@pytest.mark.parametrize(
    "bad, line",
    [(b"\xff", 13), (b"\xc3", 17), (b"\xe2\x80", 25), (b"\xed\xa0\x80", 29), (b"\xc0\xaf", 2)],
)
def test_invalid_utf8_is_reported_at_the_line_of_the_first_bad_byte(bad, line):
    lines = case().encode().split(b"\n")
    lines[line - 1] += bad
    found = errors(b"\n".join(lines))
    assert len(found) == 1 and found[0].startswith(f"{F}:{line}: the file is not valid UTF-8")


def test_lone_surrogate_in_text_input():
    text = case().replace("You are", "You \ud800 are")
    assert errors(text) == [f"{F}:13: the file is not valid UTF-8"]


def test_oversized_file_is_refused_fast():
    data = case().encode() + b"x" * (1024 * 1024)
    started = time.perf_counter()
    found = errors(data)
    assert time.perf_counter() - started < 1
    assert found == [f"{F}:1: the file is {len(data):,} bytes; a case file is at most 1 MiB"
                     " (1,048,576 bytes)"]


def test_exactly_one_mib_is_not_refused_for_size():
    data = case().encode()
    data += b"\n" + b"x" * (1024 * 1024 - len(data) - 1)
    assert not any("at most 1 MiB" in p for p in errors(data))


# Parts


def test_preamble_is_a_section_without_heading():
    result = parse_case(case("Before anything.\n\n" + DECISION), F)
    preamble = result.case.parts[0]
    assert (preamble.heading, preamble.text, preamble.line) == (None, "Before anything.", 11)
    assert preamble.html == "<p>Before anything.</p>"


def test_empty_preamble_is_omitted():
    result = parse_case(case("\n\n   \n" + DECISION), F)
    assert isinstance(result.case.parts[0], ParsedDecision)


def test_sections_keep_order_and_source():
    body = "## Background\n\nA *b*.\n\n" + DECISION + "\n## After ##\n\nC.\n"
    parts = parse_case(case(body), F).case.parts
    assert [(type(p).__name__, getattr(p, "heading", None)) for p in parts] == [
        ("ParsedSection", "Background"), ("ParsedDecision", None), ("ParsedSection", "After"),
    ]
    assert parts[0].text == "A *b*." and parts[0].html == "<p>A <em>b</em>.</p>"


def test_empty_heading_is_an_error():
    assert errors(case("##\n\nText.\n\n" + DECISION)) == [f"{F}:11: a '##' heading needs text"]


def test_level_two_heading_inside_fenced_code_is_not_a_part():
    body = DECISION.replace(
        "You are the new chief executive.",
        "```\n## Decision: not a decision {#fake}\n### Options\n```\n\n~~~~\n## Epilogue\n~~~~",
    )
    result = parse_case(case(body), F)
    assert result.ok and len(result.case.parts) == 1
    assert "## Decision: not a decision" in result.case.decisions[0].prompt_html


def test_unclosed_fence_does_not_hide_headings():
    """Python-Markdown renders an unclosed fence as text; the parts still split."""
    body = "## Background\n\n```\nnever closed\n\n" + DECISION
    result = parse_case(case(body), F)
    assert result.ok and [type(p).__name__ for p in result.case.parts] == [
        "ParsedSection", "ParsedDecision",
    ]


def test_level_two_heading_needs_a_space():
    body = DECISION.replace("Nokia partnered with Microsoft.", "##Not a part\n\nNokia partnered.")
    result = parse_case(case(body), F)
    assert result.ok and len(result.case.parts) == 1


def test_no_front_matter_still_checks_the_body():
    found = errors(DECISION.replace("Actual choice: B", "Actual choice: Z"))
    assert found == [
        f"{F}:1: the file must start with front matter: a line '---', the YAML keys, and a"
        " closing line '---'",
        f"{F}:13: decision 'platform': 'Actual choice: Z' names no option (options are A, B, C)",
    ]


def test_case_is_none_on_any_error_but_warnings_keep_it():
    assert parse_case(case().replace("- [C] Android.", "- [C]"), F).case is None
    warned = parse_case(case().replace("sources:\n  - \"Nokia and Microsoft joint announcement,"
                                       " 11 February 2011\"\n", ""), F)
    assert warned.case is not None and warned.ok and len(warned.warnings) == 1


def test_markdown_refusal_is_reported_at_its_line():
    body = DECISION.replace("You are the new chief executive.", "Fine.\n\n" + "[" * 20_000)
    assert errors(case(body)) == [
        f"{F}:15: decision 'platform': the prompt: a paragraph has more than 5,000 brackets;"
        " split it into shorter paragraphs",
    ]


def test_deep_list_is_reported_at_its_line():
    deep = "".join("  " * i + "- x\n" for i in range(1_000))
    found = errors(case("## Background\n\n" + deep + "\n" + DECISION))
    assert found == [
        f"{F}:{13 + 40}: section 'Background': lists, quotes or indentation are nested more"
        " than 20 levels deep",
    ]


def test_error_flood_is_capped():
    body = DECISION.replace("- [C] Android.", "- [C] Android.\n" + "- [A] again\n" * 500)
    found = errors(case(body))
    assert len(found) == 101  # 100 errors, then the notice
    assert found[-1] == f"{F}:119: too many errors; stopped after the first 100"


def test_part_count_is_capped():
    found = errors(case(DECISION + "## Part\n\nx\n\n" * 300))
    assert any("a case has at most 200 parts" in p for p in found)


# Performance: hostile files of up to 1 MiB give their errors within about two seconds.

FILLER = {
    "20,000 unclosed [": "[" * 20_000,
    "1,000-deep list": "".join("  " * i + "- x\n" for i in range(1_000)),
    "500 [ in each of 2,000 paragraphs": ("[" * 500 + "\n\n") * 2_000,
    "900 [ in each of 1,000 parts": ("## S\n\n" + "[" * 900 + "\n\n") * 1_000,
    "140,000 option lines": "## Decision: Q\n\n### Options\n\n" + "- [A] x\n" * 140_000,
    "250,000 part headings": "## x\n" * 250_000,
    "100,000 reserved headings": "## Decision: Q\n\n" + "### Options\n" * 100_000,
    "30,000 code fences": "".join("`" * (3 + i % 50) + "\n" for i in range(30_000)),
    "5,000 decisions": DECISION * 2_000,
    "1 MiB of prose": ("Some prose with a [link](http://x.example). " * 5 + "\n\n") * 4_500,
    "1 MiB of sections with prose": ("## S\n\n" + "Prose " * 150 + "\n\n") * 1_100,
    "huge front matter": "",
}


@pytest.mark.parametrize("filler", FILLER.values(), ids=FILLER.keys())
def test_hostile_megabyte_files_are_checked_fast(filler):
    front = FRONT if filler else FRONT.replace("---\n", "---\n" + "a: b\n" * 200_000, 1)
    data = (case(DECISION + "\n" + filler, front=front)).encode()[: 1024 * 1024]
    started = time.perf_counter()
    result = parse_case(data, F)
    elapsed = time.perf_counter() - started
    assert result.case is None and result.errors
    assert elapsed < 3, elapsed
