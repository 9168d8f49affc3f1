"""A fast cost estimate that refuses Markdown before Python-Markdown or bleach can hang.

Python-Markdown has no time limit and several super-linear paths; a worker cannot be
interrupted safely, so input is measured first (a few regex passes, linear time) and
refused with a clear message when its estimated cost exceeds the budget.

Measured on the project's 2-core machine (Python 3.11, Markdown 3.11, bleach 6.4):

- unclosed `[`: 2,000 in one paragraph 0.73 s, 3,000 2.1 s (each `[` scans to the end of
  its block in pure Python, 0.37-0.7 us per character scanned) -> K_SCAN. `[x](` x 2,000
  (unclosed parentheses after links) 1.1 s -> also counted as scanned characters.
- lines in one block: 20,000 `***` lines 36 s, 10,000 `: definition` lines 35 s, 20,000
  setext headings 12 s, 20,000 `### h` 13 s: each line re-splits its block, up to
  ~60 ns per (line x block length) -> K_LINE.
- `<`: 5,000 `<a ` in one paragraph 2.8 s, 5,000 `<http://a` 3.8 s: ~40 ns per
  (`<` x block length) -> K_LT. `&` and `\\`: 100,000 backslashes 1.9 s (~0.25 ns) -> K_AMP.
- structure: blank-separated list items, quotes, definitions, footnotes cost 50-110 us
  per block -> K_BLOCK; plain prose ~2 us per byte (1 MiB of prose 1.9 s) -> K_BYTE.
- code fences: each line opening with ``` or ~~~ makes the fenced-code regex scan the rest
  of the text (2,500 unclosed fences of distinct lengths in 636 KB: 1.9 s, ~1.2 ns per
  fence x character) -> K_FENCE.
- each call: ~0.7 ms of fixed cost (Markdown reset, bleach set-up) -> K_CALL.
- nesting: lists nested 300 deep raise RecursionError; 100 deep take 0.04 s -> MAX_DEPTH.
- bleach, sanitizing in chunks of about 4 KB (markdown._html_chunks; in one piece its tree
  walker is quadratic in siblings: 5,000 list items 19 s): ~2.5 us per byte of HTML plus
  ~25 us per tag (150 KiB of prose -> 217 KB of HTML, 0.6-0.8 s) -> K_HTML_BYTE, K_HTML_TAG.
  Timings vary by +-40% with machine load; the budget leaves room for that.

With the default budget of 1.2 estimated seconds, what is accepted rendered in 0.5-1.5 s
on an idle machine (up to twice that under full load), and a refusal comes after the
pre-check (< 0.2 s for 1 MiB) or, when the HTML turns out larger than estimated, after
Markdown and before bleach. Ordinary prose is accepted up to roughly 100-120 KiB per
budget; a long case study is 20-60 KiB and takes well under 0.2 s.
"""
from __future__ import annotations

import re

K_SCAN = 600e-9
K_LINE = 60e-9
K_LT = 40e-9
K_AMP = 0.4e-9
K_BLOCK = 100e-6
K_BYTE = 2e-6
K_CALL = 0.7e-3
K_FENCE = 1.5e-9
K_HTML_BYTE = 2.5e-6
K_HTML_TAG = 25e-6

DEFAULT_SECONDS = 1.2
MAX_DEPTH = 20
MAX_INPUT_BYTES = 1024 * 1024
MAX_HTML_BYTES = 2 * 1024 * 1024
MAX_BRACKETS_PER_BLOCK = 5_000  # beyond this the exact scan itself gets slow; refuse

_FENCE_RE = re.compile(r"^(?:`{3}|~{3})", re.MULTILINE)
_BLOCK_RE = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|\Z))+")
_DEEP_PREFIX_RE = re.compile(r"^[ \t>*+\-0-9.)]{%d,}" % MAX_DEPTH, re.MULTILINE)
_MARKER_RE = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t]))")


class MarkdownRejected(ValueError):
    """Markdown refused before rendering; `line` is 1-based in the text, when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


class RenderBudget:
    """Estimated seconds left for rendering; share one across the parts of one document."""

    def __init__(self, seconds: float = DEFAULT_SECONDS):
        self.remaining = seconds

    def spend(self, seconds: float, message: str, line: int | None = None) -> None:
        self.remaining -= seconds
        if self.remaining < 0:
            raise MarkdownRejected(message, line)

    def spend_html(self, rendered: str) -> None:
        self.spend(
            len(rendered) * K_HTML_BYTE + rendered.count("<") * K_HTML_TAG,
            "the text is too long to render in one piece; shorten it or split it",
        )


def nesting_depth(prefix: str) -> int:
    """Lists and quotes opened by a line's prefix, counting 4 columns of indent as one."""
    depth, pos, columns = 0, 0, 0
    while True:
        match = _MARKER_RE.match(prefix, pos)
        if not match:
            break
        piece = match.group(0)
        columns += piece.count(" ") + 4 * piece.count("\t")
        depth += 1
        pos = match.end()
        if depth > MAX_DEPTH:  # enough to refuse; a hostile line may hold 500,000 markers
            break
    rest = prefix[pos:]
    columns += rest.count(" ") + 4 * rest.count("\t")
    return depth + columns // 4


def _check_depth(text: str) -> None:
    for match in _DEEP_PREFIX_RE.finditer(text):
        if nesting_depth(match.group(0)) > MAX_DEPTH:
            line = text.count("\n", 0, match.start()) + 1
            raise MarkdownRejected(
                f"lists, quotes or indentation are nested more than {MAX_DEPTH} levels deep",
                line,
            )


def _bracket_scan(block: str) -> int:
    """Characters Python-Markdown scans for `[...]` and `](...)`: to the match, or to the end."""
    scanned, opens, parens = 0, [], []
    size = len(block)
    for match in re.finditer(r"[\[\]()]", block):
        char, pos = match.group(0), match.start()
        if char == "[":
            opens.append(pos)
        elif char == "]":
            if opens:
                scanned += pos - opens.pop()
        elif char == "(":
            parens.append((pos, pos > 0 and block[pos - 1] == "]"))
        elif parens:
            start, after_link = parens.pop()
            if after_link:
                scanned += pos - start
    scanned += sum(size - pos for pos in opens)
    scanned += sum(size - pos for pos, after_link in parens if after_link)
    return scanned


def _block_cost(block: str, line: int) -> float:
    size = len(block)
    brackets = block.count("[") + block.count("(")
    if brackets > MAX_BRACKETS_PER_BLOCK:
        raise MarkdownRejected(
            f"a paragraph has more than {MAX_BRACKETS_PER_BLOCK:,} brackets;"
            " split it into shorter paragraphs",
            line,
        )
    lines = block.count("\n") + 1
    terms = {
        "brackets": (_bracket_scan(block) if brackets else 0) * K_SCAN,
        "lines": size * lines * K_LINE,
        "angle": size * block.count("<") * K_LT,
    }
    terms["other"] = K_BLOCK + size * (block.count("&") + block.count("\\")) * K_AMP
    cost = sum(terms.values())
    if cost > DEFAULT_SECONDS:
        worst = max(terms, key=terms.get)
        what = {
            "brackets": "too many '[' or '(' without a closing ']' or ')'",
            "lines": "too many lines without a blank line between them",
            "angle": "too many '<' characters",
            "other": "too many '&' or '\\' characters",
        }[worst]
        raise MarkdownRejected(
            f"a paragraph, list or table is too costly to render ({what});"
            " split it with blank lines or shorten it",
            line,
        )
    return cost


def estimate_cost(text: str) -> float:
    """Estimated seconds to render `text` (raises MarkdownRejected for a hopeless block)."""
    _check_depth(text)
    fences = len(_FENCE_RE.findall(text))
    total = K_CALL + len(text) * K_BYTE + fences * len(text) * K_FENCE
    line, last = 1, 0
    for match in _BLOCK_RE.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        total += _block_cost(match.group(0), line)
    return total


def precheck_markdown(text: str, budget: RenderBudget) -> None:
    """Refuse text too large, too deep or too costly for what is left of `budget`."""
    if len(text) > MAX_INPUT_BYTES:
        raise MarkdownRejected(f"the text is longer than {MAX_INPUT_BYTES // 1024} KiB")
    budget.spend(
        estimate_cost(text),
        "the text is too long or too complex to render; shorten it or split it",
    )
