"""The library's catalogue: one row per case file, as a table, Markdown or JSON.

`flask cases list` prints it; docs/cases.md is its Markdown output, so the catalogue a
reader browses and the files that are imported can never disagree.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from .format import ParsedCase

COLUMNS = ("slug", "title", "level", "region", "sector", "year", "decisions", "competencies")


@dataclass(frozen=True)
class CatalogueRow:
    slug: str
    title: str
    level: str
    region: str | None
    sector: str
    year: int | None
    decisions: int
    competencies: tuple[str, ...]


def catalogue_row(case: ParsedCase) -> CatalogueRow:
    meta = case.meta
    return CatalogueRow(
        slug=meta.slug,
        title=meta.title,
        level=meta.level,
        region=meta.region,
        sector=meta.sector,
        year=meta.year,
        decisions=len(case.decisions),
        competencies=tuple(meta.competencies),
    )


def _cells(row: CatalogueRow) -> list[str]:
    values = asdict(row)
    values["competencies"] = ", ".join(row.competencies)
    return ["" if values[c] is None else str(values[c]) for c in COLUMNS]


def as_table(rows: list[CatalogueRow]) -> str:
    """Plain columns for a terminal."""
    lines = [list(COLUMNS)] + [_cells(row) for row in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip()
        for line in lines
    )


def as_markdown(rows: list[CatalogueRow]) -> str:
    """A Markdown table, with the counts a reader of the catalogue asks first."""

    def escape(cell: str) -> str:
        return cell.replace("|", "\\|")

    header = "| " + " | ".join(COLUMNS) + " |"
    rule = "|" + "|".join("---" for _ in COLUMNS) + "|"
    body = ["| " + " | ".join(escape(c) for c in _cells(row)) + " |" for row in rows]
    return "\n".join([header, rule, *body])


def as_json(rows: list[CatalogueRow]) -> str:
    return json.dumps([asdict(row) for row in rows], indent=2, ensure_ascii=False)


FORMATS = {"table": as_table, "markdown": as_markdown, "json": as_json}
