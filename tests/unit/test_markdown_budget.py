"""Pathological Markdown is refused fast, or renders fast; never a hang."""
from __future__ import annotations

import time

import pytest

from casebook.markdown import MarkdownRejected, RenderBudget, render_markdown
from casebook.markdown_budget import MAX_DEPTH, estimate_cost, nesting_depth

PROSE = (
    "Nokia *sold* more phones than **anyone**, see [the report](https://example.com/r) "
    "and `code` & more text; "
) * 3

PATHOLOGICAL = {
    "20,000 unclosed [": "[" * 20_000,
    "3,000 unclosed [": "[" * 3_000,
    "2,000 unclosed ![": "![" * 2_000,
    "2,000 unclosed [^": "[^" * 2_000,
    "2,000 unclosed ( after links": "[x](" * 2_000,
    "5,000 <a in a paragraph": "<a " * 5_000,
    "5,000 unclosed autolinks": "<http://a" * 5_000,
    "20,000 rules in one block": "***\n" * 20_000,
    "10,000 definitions of one term": "term\n" + ": definition\n" * 10_000,
    "10,000 setext headings": "a\n-\n" * 10_000,
    "20,000 headings in one block": "### h\n" * 20_000,
    "1,000-deep nested list": "".join("    " * i + "- x\n" for i in range(200)),
    "1,000-deep nested list, 2-space steps": "".join("  " * i + "- x\n" for i in range(1_000)),
    "1,000-deep quotes": "".join(">" * i + " x\n" for i in range(1, 1_000)),
    "1,000 list markers on one line": "- " * 1_000 + "x",
    "1,000 mixed quote and list markers": "> - 1. " * 1_000 + "x",
    "40,000 list items with blank lines": "- x\n\n" * 40_000,
    "40,000 quotes with blank lines": "> x\n\n" * 40_000,
    "1 MiB of backslashes": "\\" * 1_000_000,
    "200,000 entities": "&amp;" * 200_000,
    "1 MiB of prose": (PROSE + "\n\n") * (1_048_576 // (len(PROSE) + 2)),
    "1 MiB on one line": "a " * 500_000,
    "more than 1 MiB": "x" * (1024 * 1024 + 1),
    "2,000 tables rows": "|a|b|\n|-|-|\n" + "|x|y|\n" * 2_000,
    "2,500 unclosed code fences": "".join("`" * (3 + i % 500) + "\n\n" for i in range(2_500))[:1_000_000],
}


@pytest.mark.parametrize("source", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_input_is_refused_fast(source):
    started = time.perf_counter()
    with pytest.raises(MarkdownRejected) as refused:
        render_markdown(source)
    assert time.perf_counter() - started < 3
    assert isinstance(refused.value, ValueError)
    assert refused.value.message and str(refused.value) == refused.value.message


ACCEPTED = {
    "1,000 unclosed [": "[" * 1_000,
    "60 KiB of prose": (PROSE + "\n\n") * (60_000 // (len(PROSE) + 2)),
    "2,000 list items with blank lines": "- x\n\n" * 2_000,
    "a 300-row table of links": "|a|b|\n|-|-|\n" + "|[x](http://a.example/x)|y *z*|\n" * 300,
    "lists nested 15 deep": "".join("    " * i + "- x\n" for i in range(15)),
    "1,000 nested links": "[" * 500 + "x" + "](a)" * 500,
    "a 200-line code block": "```\n" + "    deeply indented code\n" * 200 + "```",
    "50 code blocks": "```\ncode\n```\n\n" * 50,
}


@pytest.mark.parametrize("source", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_large_but_reasonable_input_renders_fast(source):
    started = time.perf_counter()
    html = render_markdown(source)
    assert time.perf_counter() - started < 3
    assert html


def test_deep_nesting_names_the_line():
    source = "Intro\n\n" + "".join("    " * i + "- x\n" for i in range(30))
    with pytest.raises(MarkdownRejected) as refused:
        render_markdown(source)
    assert refused.value.line == 3 + MAX_DEPTH
    assert "nested more than 20 levels deep" in refused.value.message


def test_costly_paragraph_names_its_line_and_reason():
    with pytest.raises(MarkdownRejected) as refused:
        render_markdown("Fine.\n\nAlso fine.\n\n" + "[" * 3_000)
    assert refused.value.line == 5
    assert "too many '[' or '('" in refused.value.message


@pytest.mark.parametrize(
    "prefix, depth",
    [("", 0), ("- ", 1), ("    - ", 2), ("> > ", 2), ("\t\t", 2), ("1. - > ", 3), ("   ", 0)],
)
def test_nesting_depth(prefix, depth):
    assert nesting_depth(prefix) == depth


def test_budget_is_shared_between_calls():
    """Many small renders against one budget run out, as a whole case file would."""
    budget = RenderBudget(seconds=0.05)
    with pytest.raises(MarkdownRejected):
        for _ in range(1_000):
            render_markdown(PROSE, budget)
    assert budget.remaining < 0


def test_estimate_grows_with_unclosed_brackets_not_with_links():
    links = "[a](http://x.example) " * 500
    unclosed = "[a " * 500
    assert estimate_cost(unclosed) > 5 * estimate_cost(links)


def test_recursion_error_becomes_a_refusal(monkeypatch):
    from casebook import markdown as module

    def explode(text):
        raise RecursionError

    class Exploding:
        convert = staticmethod(explode)

    monkeypatch.setattr(module, "_markdown", lambda: Exploding())
    with pytest.raises(MarkdownRejected, match="nested too deeply"):
        render_markdown("x")
