"""parse_case: one case file (bytes or text) to a ParsedCase, or to the list of its problems.

Pure: no Flask, no database. It checks everything in the case format contract
(docs/authoring.md explains it to authors), keeps going after errors so one run reports
them all, and renders every Markdown part with casebook.markdown under one render budget
for the whole file, so no file can keep a worker busy for more than about two seconds.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..config import DEFAULT_COMPETENCIES
from ..markdown import MarkdownRejected, RenderBudget, html_to_text, render_inline, render_markdown
from .body import (
    MAX_DECISIONS,
    Block,
    DecisionDraft,
    DecisionReader,
    RawPart,
    decision_question,
    fenced_lines,
    split_parts,
)
from .fairness import CaseWords, OptionText, fairness_warnings
from .format import (
    ParsedCase,
    ParsedDecision,
    ParsedOption,
    ParsedSection,
    ParseResult,
    Problem,
)
from .frontmatter import MetaValidator, YNode, read_yaml, split_front_matter

MAX_FILE_BYTES = 1024 * 1024
MAX_PARTS = 200  # `##` parts of any kind; far above any real case, bounds the work
MAX_ERRORS = 100  # then stop: a hostile or mistaken file would print thousands
_BOM = b"\xef\xbb\xbf"


class _TooManyErrors(Exception):
    pass


def parse_case(
    data: bytes | str,
    filename: str,
    competencies: Iterable[str] = DEFAULT_COMPETENCIES,
) -> ParseResult:
    """Parse and validate one case file; `case` is None when there is any error."""
    text, problems = decode_case_file(data, filename)
    if text is None:
        return ParseResult(filename, None, problems)
    return _CaseParser(filename, tuple(competencies)).parse(text)


def decode_case_file(data: bytes | str, filename: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text with a BOM dropped and line endings made `\\n`, or the encoding problems."""
    if isinstance(data, str):
        try:
            data = data.encode("utf-8")
        except UnicodeEncodeError as exc:  # lone surrogates: not representable in UTF-8
            line = data.count("\n", 0, exc.start) + 1
            return None, [Problem(filename, line, "the file is not valid UTF-8")]
    if len(data) > MAX_FILE_BYTES:
        return None, [file_too_large(filename, len(data))]
    data = data.removeprefix(_BOM).replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    problems = []
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        problems.append(Problem(filename, line, "the file contains a NUL byte"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.append(Problem(
            filename, line, f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x})"
        ))
        text = None
    return (None if problems else text), sorted(problems, key=lambda p: p.line)


def file_too_large(filename: str, size: int) -> Problem:
    """The problem of a file over the size limit (the importer asks before reading it)."""
    return Problem(
        filename, 1,
        f"the file is {size:,} bytes; a case file is at most 1 MiB ({MAX_FILE_BYTES:,} bytes)",
    )


def default_slug(filename: str) -> str:
    """The file's name without folders and without `.md`."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name


class _CaseParser:
    def __init__(self, filename: str, competencies: tuple[str, ...]):
        self.filename = filename
        self.competencies = competencies
        self.problems: list[Problem] = []
        self.budget = RenderBudget()
        self.budget_spent = False
        self.rendering = True  # off past the decision limit: that file cannot import anyway
        self.errors = 0
        self.case_words = CaseWords.of(None, None, None, None)  # until the front matter is read

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.filename, line, message))
        self.errors += 1
        if self.errors >= MAX_ERRORS:
            self.problems.append(Problem(
                self.filename, line, f"too many errors; stopped after the first {MAX_ERRORS}"
            ))
            raise _TooManyErrors

    def warn(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.filename, line, message, warning=True))

    def parse(self, text: str) -> ParseResult:
        lines = text.split("\n")
        meta = None
        close_index, body_start, front_error = split_front_matter(lines)
        if front_error:
            self.error(1, front_error)
        if close_index is not None:
            root, yaml_problems = read_yaml("\n".join(lines[1:close_index]), 2, self.filename)
            self.problems += yaml_problems
            validator = MetaValidator(self.filename, self.competencies)
            meta = validator.validate(root, default_slug(self.filename))
            self.problems += validator.problems
            known = validator.values
            self.case_words = CaseWords.of(known.get("slug"), known.get("title"),
                                           known.get("summary"), known.get("organization"))
            if root is not None and root.kind == "map" and not _has_sources(root):
                self.warn(1, "no sources")
        parts = []
        try:
            if body_start is not None:  # None: the front matter never closed
                parts = self._body(lines[body_start:], body_start + 1)
        except _TooManyErrors:
            return ParseResult(self.filename, None, self.problems)  # kept in file order
        self.problems.sort(key=lambda p: p.line)
        if any(not p.warning for p in self.problems) or meta is None:
            return ParseResult(self.filename, None, self.problems)
        return ParseResult(self.filename, ParsedCase(meta, parts, text), self.problems)

    def _body(self, lines: list[str], first_line: int) -> list[ParsedSection | ParsedDecision]:
        mask = fenced_lines(lines)
        reader = DecisionReader(self.error, mask, first_line)
        parsed: list[ParsedSection | ParsedDecision] = []
        ids: dict[str, int] = {}
        decisions = 0
        parts = split_parts(lines, first_line, mask, MAX_PARTS)
        if len(parts) > MAX_PARTS:
            self.error(parts[MAX_PARTS].line, f"a case has at most {MAX_PARTS} parts"
                                               " ('##' headings); the rest is not checked")
            del parts[MAX_PARTS:]
        for part in parts:
            question = decision_question(part.heading) if part.heading is not None else None
            if question is None:
                parsed.append(self._section(part))
                continue
            decisions += 1
            if decisions == MAX_DECISIONS + 1:
                self.error(part.line, f"a case has at most {MAX_DECISIONS} decision points;"
                                      f" this is number {decisions}")
                self.rendering = False
            draft = reader.read(part, question)
            if draft is None:
                continue
            if draft.key in ids:
                self.error(part.line, f"decision id '{draft.key}' is used twice (first at line"
                                      f" {ids[draft.key]}); give one of them its own {{#id}}")
            ids.setdefault(draft.key, part.line)
            parsed.append(self._decision(draft))
        if decisions == 0:
            self.error(1, "a case needs at least one decision point: a heading"
                          " '## Decision: <question>'")
        return parsed

    def _section(self, part: RawPart) -> ParsedSection:
        if part.heading is not None and not part.heading.strip():
            self.error(part.line, "a '##' heading needs text")
        what = f"section '{part.heading}'" if part.heading else "the text before the first '##'"
        html = self._render(part.body, what) or ""
        return ParsedSection(part.heading, html, part.body.text, part.line)

    def _decision(self, draft: DecisionDraft) -> ParsedDecision:
        name = f"decision '{draft.key}'"
        options = [
            ParsedOption(
                o.label,
                self._render(Block(o.line, [o.text]), f"{name}: option [{o.label}]", True) or "",
                o.text,
                o.line,
            )
            for o in draft.options
        ]
        hindsight = None
        if draft.hindsight is not None:
            hindsight = self._render(draft.hindsight, f"{name}: the Hindsight") or ""
        prompts = [
            self._render(Block(p.line, [p.text]), f"{name}: a debate prompt", True) or ""
            for p in draft.debate_prompts or []
        ]
        if draft.debate_prompts is None:
            self.warn(draft.line, f"{name} has no debate prompts")
        self._fairness(draft, options)
        return ParsedDecision(
            key=draft.key,
            question=draft.question,
            line=draft.line,
            prompt_html=self._render(draft.prompt, f"{name}: the prompt") or "",
            prompt_text=draft.prompt.text,
            options=options,
            actual_choice=draft.actual_choice or "",
            outcome_html=(self._render(draft.outcome, f"{name}: the Outcome") or "")
            if draft.outcome is not None else "",
            hindsight_html=hindsight,
            debate_prompts=prompts,
        )

    def _fairness(self, draft: DecisionDraft, options: list[ParsedOption]) -> None:
        # The plain text a reader sees; the Markdown source when rendering was refused
        # (that is an error already, but the warnings should not depend on it).
        texts = [
            OptionText(o.label, html_to_text(o.html) if o.html else " ".join(o.text.split()),
                       o.line)
            for o in options
        ]
        for line, message in fairness_warnings(self.case_words, draft.key, texts,
                                               draft.actual_choice or ""):
            self.warn(line, message)

    def _render(self, block: Block, what: str, inline: bool = False) -> str | None:
        """Rendered HTML of a block, or None after reporting why it cannot be rendered."""
        source = block.text
        if not source.strip():
            return ""
        if self.budget_spent or not self.rendering:
            return None  # reported once already; every later part would say the same
        try:
            html = (render_inline if inline else render_markdown)(source, self.budget)
        except MarkdownRejected as exc:
            line = block.text_line + (exc.line - 1 if exc.line else 0)
            if self.budget.remaining < 0:
                self.budget_spent = True
                self.error(line, f"{what}: {exc.message} (the whole case is rendered within"
                                 " one time budget; this is where it ran out)")
            else:
                self.error(line, f"{what}: {exc.message}")
            return None
        if not html_to_text(html).strip() and "<hr" not in html:
            self.error(block.text_line, f"{what} renders to nothing: an unclosed HTML"
                                        " comment or tag may be swallowing the text")
            return None
        return html


def _has_sources(root: YNode) -> bool:
    return any(
        key.value == "sources" and value.kind == "seq" and value.items
        for key, value in root.pairs
    )
