"""Front matter: find it, read its YAML without constructing objects, and validate it.

YAML is read as parser events (never composed or constructed), so anchors, aliases and
tags are reported instead of expanded, duplicate keys are seen, and a value like an
impossible date can never raise: scalars are only classified (str, int, bool, ...), and
the one integer the format has (`year`) is converted here.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

import yaml
from yaml.resolver import Resolver

from ..config import LEVELS, REGIONS, SECTORS
from .format import CaseMeta, Problem
from .slugs import MAX_SLUG_LENGTH, SLUG_PATTERN, is_valid_slug

MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_YAML_DEPTH = 8
MAX_REPORTED_PER_KIND = 3
MAX_QUOTED_CHARS = 60  # of a bad value repeated in a message

REQUIRED_KEYS = ("title", "summary", "level", "competencies")
OPTIONAL_KEYS = (
    "slug", "organization", "industry", "year", "region", "sector", "authors", "sources",
)
KNOWN_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS
STRING_LIMITS = {"title": 200, "summary": 600, "organization": 200, "industry": 200}
MIN_YEAR, MAX_YEAR = 1800, 2100
MAX_COMPETENCIES = 5

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = Resolver()


@dataclass
class YNode:
    """A YAML value with the file line it starts on: scalar, seq or map."""

    kind: str
    line: int
    tag: str = "str"  # scalars: str, int, float, bool, null, timestamp, ...
    value: str = ""  # scalars: the text as written
    items: list[YNode] = field(default_factory=list)
    pairs: list[tuple[YNode, YNode]] = field(default_factory=list)


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a misspelt word, or None when nothing is close."""
    choices = list(choices)
    lowered = word.lower()
    if len(lowered) >= 3:  # 'asia' -> 'asia-pacific', which difflib ranks below 'africa'
        starting = [choice for choice in choices if choice.startswith(lowered)]
        if starting:
            return starting[0]
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return close[0]
    for choice in choices:  # 'strategy' -> 'strategic-direction'
        if len(lowered) >= 4 and (choice.startswith(lowered[:5]) or lowered in choice):
            return choice
    return None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    best = suggest(word, choices)
    return f"; did you mean '{best}'?" if best else ""


def quoted(value: str) -> str:
    """A bad value as a message repeats it: control characters escaped, a long one cut.

    The message goes to a terminal and into the checker's output; a value may be
    thousands of characters long or hold a NUL or an escape sequence.
    """
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in value[:MAX_QUOTED_CHARS])
    return f"'{shown}...'" if len(value) > MAX_QUOTED_CHARS else f"'{shown}'"


def split_front_matter(lines: list[str]) -> tuple[int | None, int | None, str | None]:
    """(closing line index, body start index, error) for lines of the whole file."""
    if not lines or lines[0].rstrip() != "---":
        return None, 0, (
            "the file must start with front matter: a line '---', the YAML keys, and a"
            " closing line '---'"
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            return index, index + 1, None
    return None, None, "the front matter is never closed: add a line '---' after it"


class _EventReader:
    def __init__(self, events, first_line: int, filename: str):
        self.events = events
        self.first_line = first_line
        self.filename = filename
        self.problems: list[Problem] = []
        self.reported: dict[str, int] = {}

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.filename, line, message))

    def limited(self, kind: str, line: int, message: str) -> None:
        """Report the first few anchors, aliases or tags: a hostile file may hold thousands."""
        self.reported[kind] = self.reported.get(kind, 0) + 1
        if self.reported[kind] <= MAX_REPORTED_PER_KIND:
            self.error(line, message)

    def line_of(self, event) -> int:
        return event.start_mark.line + self.first_line

    def node(self, event, depth: int) -> YNode:
        line = self.line_of(event)
        if isinstance(event, yaml.AliasEvent):
            self.limited("alias", line, f"YAML aliases (*{event.anchor}) are not allowed")
            return YNode("scalar", line, tag="alias")
        if event.anchor is not None:
            self.limited("anchor", line, f"YAML anchors (&{event.anchor}) are not allowed")
        if event.tag is not None and event.tag != "!":
            self.limited("tag", line, f"YAML tags ({event.tag}) are not allowed")
            tagged = True
        else:
            tagged = False
        if depth > MAX_YAML_DEPTH:
            self.error(line, "the front matter is nested too deeply")
            raise _Abort
        if isinstance(event, yaml.ScalarEvent):
            tag = "str"
            if event.implicit[0]:
                full = _resolver.resolve(yaml.ScalarNode, event.value, (True, False))
                tag = full.rsplit(":", 1)[-1]
            return YNode("scalar", line, tag="tagged" if tagged else tag, value=event.value)
        if isinstance(event, yaml.SequenceStartEvent):
            seq = YNode("seq", line, tag="tagged" if tagged else "seq")
            for child in self.until(yaml.SequenceEndEvent):
                seq.items.append(self.node(child, depth + 1))
            return seq
        mapping = YNode("map", line, tag="tagged" if tagged else "map")
        children = self.until(yaml.MappingEndEvent)
        for key_event in children:
            key = self.node(key_event, depth + 1)
            value_event = next(children, None)
            if value_event is None:  # not produced by a well-formed event stream
                raise yaml.YAMLError("a mapping key has no value")
            mapping.pairs.append((key, self.node(value_event, depth + 1)))
        return mapping

    def until(self, end_type):
        for event in self.events:
            if isinstance(event, end_type):
                return
            yield event


class _Abort(Exception):
    pass


def read_yaml(text: str, first_line: int, filename: str) -> tuple[YNode | None, list[Problem]]:
    """Parse YAML text that starts on file line `first_line` into YNodes, or report why not."""
    if len(text) > MAX_FRONT_MATTER_CHARS:
        limit = MAX_FRONT_MATTER_CHARS // 1024
        return None, [Problem(filename, 1, f"the front matter is longer than {limit} KiB")]
    reader = _EventReader(iter(yaml.parse(text, Loader=_Loader)), first_line, filename)
    documents: list[YNode] = []
    try:
        for event in reader.events:
            if isinstance(event, (yaml.NodeEvent, yaml.CollectionStartEvent)):
                documents.append(reader.node(event, 0))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        reader.error(line, f"YAML syntax error: {problem}")
        return None, reader.problems
    except yaml.YAMLError as exc:
        reader.error(1, f"YAML error: {exc}")
        return None, reader.problems
    except _Abort:
        return None, reader.problems
    if not documents:
        reader.error(1, "the front matter is empty")
        return None, reader.problems
    if len(documents) != 1:
        reader.error(1, "the front matter must be one YAML mapping")
        return None, reader.problems
    return documents[0], reader.problems


class MetaValidator:
    """Checks the front matter mapping key by key; collects every problem."""

    def __init__(self, filename: str, competencies: Iterable[str]):
        self.filename = filename
        self.vocabulary = tuple(competencies)
        self.problems: list[Problem] = []
        self.seen: dict[str, int] = {}  # key -> line
        # The values that passed their checks, even when others failed: the fairness
        # checks of the body compare options with whichever of them are known.
        self.values: dict = {}

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.filename, line, message))

    def validate(self, root: YNode | None, default_slug: str) -> CaseMeta | None:
        """A CaseMeta when the front matter is valid, else None (problems say why).

        `root` is None when the YAML could not be read (that error is already reported).
        """
        if root is None:
            return None
        if root.kind != "map":
            self.error(1, "the front matter must be a YAML mapping of keys to values")
            return None
        values = self.values = self._read_pairs(root)
        for key in REQUIRED_KEYS:
            if key not in self.seen:
                self.error(1, f"missing required key '{key}'")
        if "slug" not in self.seen:
            values["slug"] = self._default_slug(default_slug)
        # A value skipped without a message here (an alias or a tag) was reported by the
        # YAML reader; the meta is incomplete then, too.
        if self.problems or any(values.get(key) is None for key in (*REQUIRED_KEYS, "slug")):
            return None
        return CaseMeta(**values)

    def _read_pairs(self, root: YNode) -> dict:
        values: dict = {}
        for key_node, value_node in root.pairs:
            if key_node.kind != "scalar" or key_node.tag in ("alias", "tagged"):
                self.error(key_node.line, "front matter keys must be plain words")
                continue
            key = key_node.value
            if key in self.seen:
                self.error(key_node.line, f"duplicate key '{key}' (first at line {self.seen[key]})")
                continue
            self.seen[key] = key_node.line
            if key not in KNOWN_KEYS:
                hint = did_you_mean(key, KNOWN_KEYS) or f" (known keys: {', '.join(KNOWN_KEYS)})"
                self.error(key_node.line, f"unknown key '{key}'{hint}")
                continue
            value = getattr(self, f"_check_{key}", self._check_string)(key, value_node)
            if value is not None:
                values[key] = value
        return values

    def _default_slug(self, default_slug: str) -> str | None:
        if is_valid_slug(default_slug):
            return default_slug
        self.error(
            1,
            f"the file name does not give a valid slug ('{default_slug}'); set 'slug' in the"
            f" front matter: lowercase letters and digits in words joined by single hyphens,"
            f" at most {MAX_SLUG_LENGTH} characters",
        )
        return None

    def _string(self, label: str, node: YNode, limit: int | None) -> str | None:
        if node.tag in ("alias", "tagged"):
            return None  # reported already, once
        if node.kind != "scalar" or node.tag != "str":
            hint = " (put it in quotes)" if node.kind == "scalar" and node.tag != "null" else ""
            self.error(node.line, f"{label} must be text{hint}")
            return None
        value = node.value.strip()
        if not value:
            self.error(node.line, f"{label} is empty")
            return None
        if limit is not None and len(value) > limit:
            self.error(node.line, f"{label} is {len(value):,} characters long; at most {limit:,}")
            return None
        if "\0" in value:  # only a YAML escape ("\0") can put it here; PostgreSQL refuses it
            self.error(node.line, f"{label} contains a NUL character")
            return None
        return value

    def _check_string(self, key: str, node: YNode) -> str | None:
        return self._string(f"'{key}'", node, STRING_LIMITS.get(key))

    def _string_list(self, key: str, node: YNode) -> list[str] | None:
        if node.tag in ("alias", "tagged"):
            return None
        if node.kind != "seq":
            self.error(node.line, f"'{key}' must be a list of strings")
            return None
        items = [self._string(f"an entry of '{key}'", item, 1000) for item in node.items]
        return None if None in items else items

    def _check_authors(self, key: str, node: YNode) -> list[str] | None:
        return self._string_list(key, node)

    _check_sources = _check_authors

    def _check_slug(self, key: str, node: YNode) -> str | None:
        value = self._string("'slug'", node, None)
        if value is not None and not is_valid_slug(value):
            self.error(
                node.line,
                f"slug '{value}' must be lowercase letters and digits in words joined by"
                f" single hyphens ({SLUG_PATTERN}), at most {MAX_SLUG_LENGTH} characters",
            )
            return None
        return value

    def _choice(self, key: str, node: YNode, allowed: tuple[str, ...]) -> str | None:
        """A text value that must be exactly one of `allowed`."""
        value = self._string(f"'{key}'", node, None)
        if value is not None and value not in allowed:
            self.error(
                node.line,
                f"{key} {quoted(value)} is not one of {', '.join(allowed)}"
                f"{did_you_mean(value, allowed)}",
            )
            return None
        return value

    def _check_level(self, key: str, node: YNode) -> str | None:
        return self._choice(key, node, LEVELS)

    def _check_region(self, key: str, node: YNode) -> str | None:
        return self._choice(key, node, REGIONS)

    def _check_sector(self, key: str, node: YNode) -> str | None:
        return self._choice(key, node, SECTORS)

    def _check_competencies(self, key: str, node: YNode) -> list[str] | None:
        names = self._string_list(key, node)
        if names is None:
            return None
        ok = True
        if not 1 <= len(names) <= MAX_COMPETENCIES:
            self.error(
                node.line, f"'competencies' has {len(names)}; it needs 1 to {MAX_COMPETENCIES}"
            )
            ok = False
        seen: set[str] = set()
        for name, item in zip(names, node.items):
            if name not in self.vocabulary:
                hint = did_you_mean(name, self.vocabulary)
                self.error(item.line, f"competency '{name}' is not in the vocabulary{hint}")
                ok = False
            elif name in seen:
                self.error(item.line, f"competency '{name}' is listed twice")
                ok = False
            seen.add(name)
        return names if ok else None

    def _check_year(self, key: str, node: YNode) -> int | None:
        year = None
        if node.kind == "scalar" and node.tag == "int":
            try:
                year = int(node.value.replace("_", ""), 10)
            except ValueError:
                year = None
        if year is None or not MIN_YEAR <= year <= MAX_YEAR:
            got = f" (got '{node.value}')" if node.kind == "scalar" and node.value else ""
            self.error(node.line, f"'year' must be a whole number from {MIN_YEAR} to {MAX_YEAR}{got}")
            return None
        return year
