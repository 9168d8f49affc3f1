"""What the case parser produces: plain dataclasses, no database, no Flask.

The parser (parser.py) turns one Markdown file into a ParsedCase with every Markdown
part already rendered to safe HTML, or into a list of problems. The validator CLI, the
importer, the submission preview and the tests all share it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..config import DEFAULT_SECTOR


@dataclass(frozen=True)
class Problem:
    """One error or warning, printed as FILE:LINE: message."""

    filename: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        prefix = "warning: " if self.warning else ""
        return f"{self.filename}:{self.line}: {prefix}{self.message}"


@dataclass
class CaseMeta:
    title: str
    summary: str
    level: str
    competencies: list[str]
    slug: str
    organization: str | None = None
    industry: str | None = None
    year: int | None = None
    region: str | None = None  # one of config.REGIONS
    sector: str = DEFAULT_SECTOR  # one of config.SECTORS
    authors: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass
class ParsedSection:
    """A level-2 part that is not a decision point, or the preamble (heading None)."""

    heading: str | None
    html: str
    text: str  # the Markdown source of the body, for search and export
    line: int


@dataclass
class ParsedOption:
    label: str
    html: str  # inline HTML: the option's text without a wrapping <p>
    text: str
    line: int


@dataclass
class ParsedDecision:
    key: str
    question: str
    line: int
    prompt_html: str
    prompt_text: str
    options: list[ParsedOption]
    actual_choice: str  # one of the option labels, or "other"
    outcome_html: str
    hindsight_html: str | None
    debate_prompts: list[str]  # inline HTML, one per prompt


@dataclass
class ParsedCase:
    meta: CaseMeta
    parts: list[ParsedSection | ParsedDecision]  # in file order
    source: str

    @property
    def decisions(self) -> list[ParsedDecision]:
        return [p for p in self.parts if isinstance(p, ParsedDecision)]


@dataclass
class ParseResult:
    filename: str
    case: ParsedCase | None  # None whenever there is at least one error
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]

    @property
    def ok(self) -> bool:
        return not self.errors
