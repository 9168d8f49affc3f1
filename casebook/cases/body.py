"""The body of a case file: its parts, and the sections of each decision point.

Only structure lives here (line numbers, labels, ids); rendering happens in parser.py.
Headings are recognized only at the start of a line and outside fenced code blocks, with
the same fence rules as Python-Markdown (a fence opens only if the identical fence closes
it later), so a `## ` line inside a code sample never splits a part.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .slugs import MAX_ID_LENGTH, is_valid_id, slugify

MAX_DECISIONS = 20
MIN_OPTIONS, MAX_OPTIONS = 2, 8
MAX_OPTION_CHARS = 1_000
MAX_PROMPT_CHARS = 1_000

_OPEN_FENCE_RE = re.compile(
    r"(`{3,}|~{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*(?:hl_lines=(\"|').*?\2[ ]*)?)$"
)
_CLOSE_FENCE_RE = re.compile(r"(`{3,}|~{3,})[ ]*$")
# Greedy patterns plus str.strip (no lazy `.*?` before `[ \t]*$`: quadratic on long lines).
_H2_RE = re.compile(r"##(?:[ \t]+(.*))?$")
_H3_RE = re.compile(r"###[ \t]+(.*)$")
_DECISION_RE = re.compile(r"decision[ \t]*:(.*)$", re.IGNORECASE)
_ITEM_RE = re.compile(r"(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]+(.*))?$")
_LABEL_RE = re.compile(r"\[([^\]]*)\][ \t]*(.*)$")
_VALID_LABEL_RE = re.compile(r"[A-Z0-9]{1,3}")
_ACTUAL_RE = re.compile(r"actual[ \t]+choice[ \t]*:(.*)$", re.IGNORECASE)

RESERVED = ("options", "outcome", "hindsight", "debate prompts")
TITLES = {"options": "Options", "outcome": "Outcome", "hindsight": "Hindsight",
          "debate prompts": "Debate prompts"}


@dataclass
class Block:
    """Some lines of Markdown; `line` is the file line of lines[0]."""

    line: int
    lines: list[str]

    def _bounds(self) -> tuple[int, int]:
        filled = [i for i, text in enumerate(self.lines) if text.strip()]
        return (filled[0], filled[-1] + 1) if filled else (0, 0)

    @property
    def text(self) -> str:
        """The lines without leading and trailing blank lines."""
        start, end = self._bounds()
        return "\n".join(self.lines[start:end])

    @property
    def text_line(self) -> int:
        """The file line where `text` starts."""
        return self.line + self._bounds()[0]


@dataclass
class RawPart:
    heading: str | None  # None for the preamble
    line: int  # the heading's line (the preamble: its first line)
    body: Block


@dataclass
class Item:
    label: str
    text: str
    line: int


@dataclass
class DecisionDraft:
    key: str
    question: str
    line: int
    prompt: Block
    options_line: int | None = None
    options: list[Item] = field(default_factory=list)
    actual_choice: str | None = None
    outcome: Block | None = None
    hindsight: Block | None = None
    debate_prompts: list[Item] | None = None


def heading_text(raw: str | None) -> str:
    """A heading's text without the optional closing hashes (as Python-Markdown does)."""
    return (raw or "").strip().rstrip("#").rstrip()


def fenced_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it is inside (or is a fence of) a fenced code block."""
    closers: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if line[:3] not in ("```", "~~~"):
            continue
        match = _CLOSE_FENCE_RE.match(line)
        if match:
            closers.setdefault(match.group(1), []).append(index)
    mask = [False] * len(lines)
    index = 0
    while index < len(lines):
        match = lines[index][:3] in ("```", "~~~") and _OPEN_FENCE_RE.match(lines[index])
        if match:
            candidates = closers.get(match.group(1), [])
            at = bisect.bisect_right(candidates, index)
            if at < len(candidates):
                end = candidates[at]
                mask[index:end + 1] = [True] * (end + 1 - index)
                index = end + 1
                continue
        index += 1
    return mask


def split_parts(
    lines: list[str], first_line: int, mask: list[bool], limit: int
) -> list[RawPart]:
    """Cut the body at `## ` headings (the preamble first, when it has text).

    Stops after `limit + 1` parts: the caller reports the excess and checks no further.
    """
    parts: list[RawPart] = []
    heading, heading_line, start = None, first_line, 0
    for index, line in enumerate(lines):
        if mask[index] or not line.startswith("##") or line.startswith("###"):
            continue
        match = _H2_RE.match(line)
        if not match:
            continue
        parts.append(RawPart(heading, heading_line, Block(first_line + start, lines[start:index])))
        heading, heading_line, start = heading_text(match.group(1)), first_line + index, index + 1
        if len(parts) > limit:
            start = len(lines)  # the excess part gets no body: nothing more is checked
            break
    parts.append(RawPart(heading, heading_line, Block(first_line + start, lines[start:])))
    if parts[0].heading is None and not parts[0].body.text.strip():
        parts.pop(0)
    return parts


def decision_question(heading: str) -> str | None:
    """The text after `Decision:` (id included), or None if the heading is not a decision."""
    match = _DECISION_RE.match(heading)
    return match.group(1).strip() if match else None


class DecisionReader:
    """Reads one decision part into a DecisionDraft, reporting problems through `error`."""

    def __init__(self, error, mask: list[bool], mask_offset: int):
        self.error = error  # error(line, message)
        self.mask = mask
        self.mask_offset = mask_offset  # file line of mask[0]

    def read(self, part: RawPart, question_with_id: str) -> DecisionDraft | None:
        question, key = self._question_and_id(part.line, question_with_id)
        name = f"decision '{key}'" if key else f"the decision at line {part.line}"
        sections = self._sections(name, part.body)
        prompt = sections.pop("", Block(part.body.line, []))
        draft = DecisionDraft(key or "", question, part.line, prompt)
        if "options" not in sections:
            self.error(part.line, f"{name} has no '### Options'")
        else:
            draft.options_line = sections["options"].line - 1
            draft.options = self._options(name, sections["options"])
        if "outcome" not in sections:
            self.error(part.line, f"{name} has no '### Outcome'")
        else:
            self._outcome(name, draft, sections["outcome"])
        if "hindsight" in sections:
            draft.hindsight = sections["hindsight"]
            if not draft.hindsight.text.strip():
                self.error(draft.hindsight.line - 1, f"{name}: '### Hindsight' is empty")
        if "debate prompts" in sections:
            draft.debate_prompts = self._debate_prompts(name, sections["debate prompts"])
        return draft if key else None

    def _question_and_id(self, line: int, text: str) -> tuple[str, str | None]:
        question, explicit = text, None
        brace = text.rfind("{#")
        if text.endswith("}") and brace >= 0 and "{" not in text[brace + 1:]:
            question, explicit = text[:brace].strip(), text[brace + 2:-1]
        if not question:
            self.error(line, "a decision heading needs a question after 'Decision:'")
        if explicit is not None:
            if not is_valid_id(explicit):
                self.error(
                    line,
                    f"decision id '{explicit}' must be lowercase letters and digits in words"
                    f" joined by single hyphens, at most {MAX_ID_LENGTH} characters",
                )
                return question, None
            return question, explicit
        key = slugify(question)
        if question and not key:
            self.error(
                line,
                f"the question '{question}' gives no id; add one at the end of the heading,"
                " like {#my-decision}",
            )
        return question, key or None

    def _sections(self, name: str, body: Block) -> dict[str, Block]:
        """Split at reserved `###` headings; key "" is the prompt. Order errors reported."""
        sections: dict[str, Block] = {}
        current, start, rank = "", 0, -1
        found: list[tuple[str, int]] = []
        for offset, line in enumerate(body.lines):
            if not line.startswith("###") or self.mask[body.line + offset - self.mask_offset]:
                continue
            match = _H3_RE.match(line)
            section = " ".join(heading_text(match.group(1)).split()).casefold() if match else ""
            if section not in RESERVED:
                continue
            found.append((section, body.line + offset))
            sections.setdefault(current, Block(body.line + start, body.lines[start:offset]))
            current, start = section, offset + 1
        sections.setdefault(current, Block(body.line + start, body.lines[start:]))
        firsts: dict[str, int] = {}
        for section, line in found:
            title = TITLES[section]
            if section in firsts:
                self.error(line, f"{name}: a second '### {title}' (first at line"
                                 f" {firsts[section]})")
                continue
            firsts[section] = line
            if RESERVED.index(section) < rank:
                self.error(
                    line,
                    f"{name}: '### {title}' is out of order; the order is the prompt,"
                    " '### Options', '### Outcome', '### Hindsight', '### Debate prompts'",
                )
            rank = max(rank, RESERVED.index(section))
        return sections

    def _list_items(self, name: str, block: Block, what: str) -> list[tuple[str, list, int]]:
        """(first line's text, continuation lines, line) per list item; other text is an error."""
        items: list[list] = []
        previous_blank = True
        for offset, line in enumerate(block.lines):
            number = block.line + offset
            if not line.strip():
                previous_blank = True
                continue
            match = _ITEM_RE.match(line)
            if match:
                items.append([match.group(1) or "", [], number])
            elif items and (line[:1] in (" ", "\t") or not previous_blank):
                if previous_blank:
                    items[-1][1].append("")  # keep the paragraph break
                items[-1][1].append(line.strip())  # an indented or lazy continuation
            else:
                self.error(number, f"{name}: '### {what}' may only hold a bulleted list"
                                   " (continue an item on indented lines)")
            previous_blank = False
        return [(head, rest, line) for head, rest, line in items]

    def _options(self, name: str, block: Block) -> list[Item]:
        options: list[Item] = []
        firsts: dict[str, int] = {}
        for head, rest, line in self._list_items(name, block, "Options"):
            match = _LABEL_RE.match(head)
            if not match:
                self.error(line, f"{name}: an option must start with a label in square"
                                 " brackets, like '- [A] ...'")
                continue
            label, text = match.group(1), "\n".join([match.group(2), *rest]).strip()
            if not _VALID_LABEL_RE.fullmatch(label):
                self.error(line, f"{name}: option label '{label}' must be 1 to 3 characters"
                                 " of A-Z and 0-9")
            elif label in firsts:
                self.error(line, f"{name}: option label '{label}' is used twice (first at line"
                                 f" {firsts[label]})")
            elif not text:
                self.error(line, f"{name}: option [{label}] has no text")
            elif len(text) > MAX_OPTION_CHARS:
                self.error(line, f"{name}: option [{label}] is {len(text):,} characters long;"
                                 f" at most {MAX_OPTION_CHARS:,}")
            firsts.setdefault(label, line)
            options.append(Item(label, text, line))
        count = len(options)
        if not MIN_OPTIONS <= count <= MAX_OPTIONS:
            noun = "option" if count == 1 else "options"
            self.error(block.line - 1, f"{name} has {count} {noun}; it needs"
                                       f" {MIN_OPTIONS} to {MAX_OPTIONS}")
        return options

    def _outcome(self, name: str, draft: DecisionDraft, block: Block) -> None:
        heading_line = block.line - 1
        for offset, line in enumerate(block.lines):
            if not line.strip():
                continue
            match = _ACTUAL_RE.match(line.strip())
            if not match:
                break
            value = match.group(1).strip()
            labels = [o.label for o in draft.options]
            choice = "other" if value.lower() == "other" else value.strip("[]").upper()
            if not value:
                self.error(block.line + offset, f"{name}: 'Actual choice:' needs an option"
                                                " label or 'other'")
            elif labels and choice != "other" and choice not in labels:
                self.error(block.line + offset, f"{name}: 'Actual choice: {value}' names no"
                                                f" option (options are {', '.join(labels)})")
            draft.actual_choice = choice
            draft.outcome = Block(block.line + offset + 1, block.lines[offset + 1:])
            if not draft.outcome.text.strip():
                self.error(heading_line, f"{name}: the Outcome says nothing after"
                                         " 'Actual choice:'; tell what happened")
            return
        self.error(heading_line, f"{name}: the Outcome must start with a line 'Actual"
                                 " choice: X', where X is an option label or 'other'")

    def _debate_prompts(self, name: str, block: Block) -> list[Item]:
        prompts = []
        for head, rest, line in self._list_items(name, block, "Debate prompts"):
            text = "\n".join([head, *rest]).strip()
            if not text:
                self.error(line, f"{name}: a debate prompt is empty")
            elif len(text) > MAX_PROMPT_CHARS:
                self.error(line, f"{name}: a debate prompt is {len(text):,} characters long;"
                                 f" at most {MAX_PROMPT_CHARS:,}")
            prompts.append(Item("", text, line))
        if not prompts:
            self.error(block.line - 1, f"{name}: '### Debate prompts' has no prompts")
        return prompts
