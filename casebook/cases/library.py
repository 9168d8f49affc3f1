"""The library listing: filters, sort, search over visible text, pagination."""
from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import func, nulls_last, select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from ..config import LEVELS, REGIONS, SECTORS
from ..extensions import db
from ..text_policy import is_plain_text
from .models import Case, CaseCompetency
from .unfolding import CaseFacts

SORTS = {
    "title": ("Title A-Z", (Case.title.asc(),)),
    "newest": ("Most recent first", (nulls_last(Case.year.desc()), Case.title.asc())),
    "oldest": ("Oldest first", (nulls_last(Case.year.asc()), Case.title.asc())),
    "decisions": ("Most decisions", (Case.decision_count.desc(), Case.title.asc())),
}
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_PAGE = 10_000


class BadLibraryQuery(ValueError):
    """A filter or sort value the library does not know; the page says which."""


@dataclass(frozen=True)
class LibraryQuery:
    q: str = ""
    level: str = ""
    region: str = ""
    sector: str = ""
    competency: str = ""
    sort: str = "title"
    page: int = 1

    @property
    def terms(self) -> list[str]:
        return self.q.lower().split()[:MAX_TERMS]

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.level or self.region or self.sector or self.competency)


def case_card(case: Case) -> CaseFacts:
    """What a library card shows of a case: the facts every reader sees, frozen."""
    return CaseFacts(
        id=case.id,
        slug=case.slug,
        title=case.title,
        summary=case.summary,
        level=case.level,
        organization=case.organization,
        industry=case.industry,
        year=case.year,
        region=case.region,
        sector=case.sector,
        authors=tuple(case.authors or ()),
        sources=tuple(case.sources or ()),
        decision_count=case.decision_count,
        competency_names=tuple(case.competency_names),
    )


@dataclass
class LibraryPage:
    cases: list[Case]
    total: int
    page: int
    pages: int


def parse_library_query(args: MultiDict, competencies: tuple[str, ...]) -> LibraryQuery:
    """Read the query string strictly: an unknown value is an error, not a silent default."""
    q = " ".join(args.get("q", "").split())
    if len(q) > MAX_QUERY_LENGTH:
        raise BadLibraryQuery(f"Search text is limited to {MAX_QUERY_LENGTH} characters.")
    if not is_plain_text(q):  # the site's one text policy (NUL, ESC, ...)
        raise BadLibraryQuery("Search text contains a character that is not allowed.")
    level = args.get("level", "")
    if level and level not in LEVELS:
        raise BadLibraryQuery("Unknown level.")
    competency = args.get("competency", "")
    if competency and competency not in competencies:
        raise BadLibraryQuery("Unknown competency.")
    sort = args.get("sort", "title") or "title"
    if sort not in SORTS:
        raise BadLibraryQuery("Unknown sort order.")
    raw_page = args.get("page", "1") or "1"
    if not raw_page.isdigit() or not 1 <= int(raw_page) <= MAX_PAGE:
        raise BadLibraryQuery("Page must be a number from 1.")
    region = args.get("region", "")
    if region and region not in REGIONS:
        raise BadLibraryQuery("Unknown region.")
    sector = args.get("sector", "")
    if sector and sector not in SECTORS:
        raise BadLibraryQuery("Unknown sector.")
    return LibraryQuery(q=q, level=level, region=region, sector=sector, competency=competency,
                        sort=sort, page=int(raw_page))


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_cases(query: LibraryQuery, page_size: int) -> LibraryPage:
    """Published cases matching the query, one page of them."""
    stmt = select(Case).where(Case.status == "published")
    if query.level:
        stmt = stmt.where(Case.level == query.level)
    if query.region:
        stmt = stmt.where(Case.region == query.region)
    if query.sector:
        stmt = stmt.where(Case.sector == query.sector)
    if query.competency:
        stmt = stmt.where(
            Case.id.in_(
                select(CaseCompetency.case_id).where(CaseCompetency.competency == query.competency)
            )
        )
    for term in query.terms:
        # search_text holds only what every reader may see (the anonymous reader's unfolding).
        stmt = stmt.where(Case.search_text.like(f"%{_like_escape(term)}%", escape="\\"))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    pages = max(1, math.ceil(total / page_size))
    page = min(query.page, pages)
    rows = db.session.scalars(
        stmt.options(selectinload(Case.competencies))
        .order_by(*SORTS[query.sort][1])
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    return LibraryPage(cases=list(rows), total=total, page=page, pages=pages)


def competencies_in_use() -> list[str]:
    """Competencies that at least one published case carries, for the filter menu."""
    stmt = (
        select(CaseCompetency.competency)
        .join(Case, Case.id == CaseCompetency.case_id)
        .where(Case.status == "published")
        .distinct()
        .order_by(CaseCompetency.competency)
    )
    return list(db.session.scalars(stmt))
