"""Import case files into the database: all or nothing, idempotent, ids kept stable.

A run parses every file first; any error anywhere means nothing is written. Decisions
are matched by (case slug, decision id) so leaders' commitments stay attached across
re-imports; a file may not drop a decision or an option that leaders have chosen.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from ..markdown import RENDERER_VERSION
from ..panels import gather
from .documents import document_of
from .format import ParsedCase, ParsedDecision, ParseResult, Problem
from .models import PUBLISHED, Case, CaseCompetency, CaseSection, Decision, DecisionOption
from .parser import MAX_FILE_BYTES, file_too_large, parse_case
from .search import search_words
from .unfolding import ReaderState, unfold, visible_text
from .versions import record_version

MAX_FILES = 2_000


class ImportFailed(Exception):
    """Nothing was imported; `problems` says why (errors and warnings alike)."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{sum(not p.warning for p in problems)} error(s)")
        self.problems = problems


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def find_case_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders to their *.md files (sorted); name each path that gives no file."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.glob("*.md") if p.is_file())
            if not found:
                problems.append(Problem(str(raw), 1, "the folder holds no .md files"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():  # a device, a socket, a named pipe: reading it could block
            problems.append(Problem(str(raw), 1, "not a file or folder"))
        else:
            problems.append(Problem(str(raw), 1, "no such file or folder"))
    if len(files) > MAX_FILES:
        problems.append(Problem(str(files[MAX_FILES]), 1, f"more than {MAX_FILES} files"))
    return files, problems


def check_file(path: Path, competencies: Iterable[str]) -> ParseResult:
    """Read and parse one case file; a file too large or unreadable is a problem, not a crash."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # said without reading it: it could be gigabytes
            return ParseResult(str(path), None, [file_too_large(str(path), size)])
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        problem = Problem(str(path), 1, f"cannot read the file: {reason}")
        return ParseResult(str(path), None, [problem])
    return parse_case(data, str(path), competencies)


def check_files(files: list[Path], competencies: Iterable[str]) -> list[ParseResult]:
    competencies = tuple(competencies)
    return [check_file(path, competencies) for path in files]


def import_results(
    results: list[ParseResult], progress: Callable[[ParseResult], None] | None = None
) -> ImportReport:
    """Write parsed cases (all valid) in the session; raise ImportFailed before any change."""
    problems = [p for r in results for p in r.problems]
    problems += _duplicate_slugs(results)
    if any(not p.warning for p in problems):
        raise ImportFailed(problems)
    guard = [p for r in results for p in _guard_committed_ids(r)]
    if guard:
        raise ImportFailed(problems + guard)
    report = ImportReport(warnings=problems)
    for result in results:
        outcome = upsert_case(result.case)
        getattr(report, outcome).append(result.case.meta.slug)
        if progress:
            progress(result)
    db.session.flush()
    return report


def _duplicate_slugs(results: list[ParseResult]) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for result in results:
        if result.case is None:
            continue
        slug = result.case.meta.slug
        if slug in seen:
            problems.append(
                Problem(result.filename, 1, f"slug '{slug}' is already used by {seen[slug]}")
            )
        seen.setdefault(slug, result.filename)
    return problems


def _guard_committed_ids(result: ParseResult) -> list[Problem]:
    """Refuse to drop a decision, or an option, that leaders have already committed to."""
    case = db.session.scalar(select(Case).where(Case.slug == result.case.meta.slug))
    if case is None:
        return []
    chosen = committed_labels([d.id for d in case.decisions])
    new = {d.key: {o.label for o in d.options} for d in result.case.decisions}
    problems = []
    for decision in case.decisions:
        labels = chosen.get(decision.id, set())
        if not labels:
            continue
        if decision.key not in new:
            problems.append(Problem(result.filename, 1, (
                f"decision '{decision.key}' has commitments and cannot be removed or renamed"
            )))
        elif labels - new[decision.key]:
            missing = ", ".join(sorted(labels - new[decision.key]))
            problems.append(Problem(result.filename, 1, (
                f"decision '{decision.key}': option {missing} was chosen by leaders "
                "and cannot be removed or renamed"
            )))
    return problems


def committed_labels(decision_ids: list[int]) -> dict[int, set[str]]:
    """Option labels leaders have committed to, per decision.

    The decisions feature answers through the "cases.chosen_labels" panel slot, so this
    lower feature never imports it.
    """
    chosen: dict[int, set[str]] = {}
    if not decision_ids:
        return chosen
    for panel in gather("cases.chosen_labels", decision_ids=decision_ids):
        for decision_id, labels in panel.data.items():
            chosen.setdefault(decision_id, set()).update(labels)
    return chosen


def upsert_case(parsed: ParsedCase) -> str:
    """Create or update one case; returns 'created', 'updated' or 'unchanged'."""
    digest = hashlib.sha256(parsed.source.encode("utf-8")).hexdigest()
    case = db.session.scalar(select(Case).where(Case.slug == parsed.meta.slug))
    if (
        case is not None
        and case.source_sha256 == digest
        and case.renderer_version == RENDERER_VERSION
        and case.status == PUBLISHED
    ):
        return "unchanged"
    outcome = "created" if case is None else "updated"
    if case is None:
        case = Case(slug=parsed.meta.slug)
        db.session.add(case)
    _fill_metadata(case, parsed, digest)
    db.session.flush()
    _replace_sections(case, parsed)
    _sync_decisions(case, parsed)
    # Kept apart from the case's own rows, which only ever hold the newest text, so the
    # leaders who committed under this text can read it after a later edit.
    record_version(case, parsed, digest)
    # The search index holds what an anonymous reader sees, by the reading rule itself,
    # as the plain words both databases' full-text indexes read (search.py).
    case.search_text = search_words(visible_text(unfold(document_of(case), ReaderState())))
    return outcome


def _fill_metadata(case: Case, parsed: ParsedCase, digest: str) -> None:
    meta = parsed.meta
    case.title = meta.title
    case.summary = meta.summary
    case.level = meta.level
    case.organization = meta.organization
    case.industry = meta.industry
    case.year = meta.year
    case.region = meta.region
    case.sector = meta.sector
    case.authors = list(meta.authors)
    case.sources = list(meta.sources)
    case.status = PUBLISHED
    case.decision_count = len(parsed.decisions)
    case.source_markdown = parsed.source
    case.source_sha256 = digest
    case.renderer_version = RENDERER_VERSION
    wanted = list(dict.fromkeys(meta.competencies))
    case.competencies = [
        CaseCompetency(competency=name, position=i) for i, name in enumerate(wanted)
    ]


def _replace_sections(case: Case, parsed: ParsedCase) -> None:
    case.sections.clear()
    db.session.flush()  # old rows go before new ones reuse their positions
    decisions_before = 0
    for position, part in enumerate(parsed.parts):
        if isinstance(part, ParsedDecision):
            decisions_before += 1
            continue
        case.sections.append(
            CaseSection(
                position=position,
                after_decision=decisions_before,
                heading=part.heading,
                html=part.html,
            )
        )


def _sync_decisions(case: Case, parsed: ParsedCase) -> None:
    existing = {d.key: d for d in case.decisions}
    # Park numbers out of the way so a reordering never trips UNIQUE(case_id, number).
    for decision in existing.values():
        decision.number = -decision.id
    db.session.flush()
    wanted = set()
    number = 0
    for position, part in enumerate(parsed.parts):
        if not isinstance(part, ParsedDecision):
            continue
        number += 1
        wanted.add(part.key)
        decision = existing.get(part.key)
        if decision is None:
            decision = Decision(case_id=case.id, key=part.key)
            db.session.add(decision)
        _fill_decision(decision, part, number, position)
    for key, decision in existing.items():
        if key not in wanted:  # the guard made sure nobody committed to it
            db.session.delete(decision)
    db.session.flush()
    db.session.expire(case, ["decisions"])


def _fill_decision(decision: Decision, part: ParsedDecision, number: int, position: int) -> None:
    decision.number = number
    decision.position = position
    decision.question = part.question
    decision.prompt_html = part.prompt_html
    decision.actual_choice = part.actual_choice
    decision.outcome_html = part.outcome_html
    decision.hindsight_html = part.hindsight_html
    decision.debate_prompts = list(part.debate_prompts)
    decision.options.clear()
    if decision.id is not None:
        db.session.flush()  # free (decision_id, label) before the new options take them
    decision.options.extend(
        DecisionOption(label=o.label, position=i, html=o.html) for i, o in enumerate(part.options)
    )
