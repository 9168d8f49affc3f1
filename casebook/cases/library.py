"""The library listing: filters, sort, search over visible text, pagination."""
from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass

from sqlalchemy import (
    String,
    Text,
    bindparam,
    cast,
    false,
    func,
    literal,
    literal_column,
    nulls_last,
    select,
    text,
    union_all,
)
from werkzeug.datastructures import MultiDict

from ..config import LEVELS, REGIONS, SECTORS
from ..contract import page_number
from ..drawn_cache import DrawnCache
from ..extensions import db
from ..listing import Listing
from ..text_policy import is_plain_text, is_utf8_query
from .models import PUBLISHED, Case, CaseCompetency, LibraryState
from .search import matching, query_words, search_expression, search_settings
from .unfolding import CaseFacts

SORTS = {
    "title": ("Title A-Z", (Case.title.asc(),)),
    "newest": ("Most recent first", (nulls_last(Case.year.desc()), Case.title.asc())),
    "oldest": ("Oldest first", (nulls_last(Case.year.asc()), Case.title.asc())),
    "decisions": ("Most decisions", (Case.decision_count.desc(), Case.title.asc())),
}
MAX_QUERY_LENGTH = 200


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
    def words(self) -> tuple[str, ...]:
        """What search looks for: the query's plain words (see casebook/cases/search.py)."""
        return query_words(self.q)

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.level or self.region or self.sector or self.competency)


def parse_library_query(args: MultiDict, competencies: tuple[str, ...],
                        raw_query: bytes = b"") -> LibraryQuery:
    """Read the query string strictly: an unknown value is an error, not a silent default.

    `raw_query` is the query string as sent: Werkzeug reads a byte that is not UTF-8
    (%FF) as the literal text "%FF", so the bytes are checked before the values."""
    if not is_utf8_query(raw_query):
        raise BadLibraryQuery("The address holds text that is not valid UTF-8.")
    raw_q = args.get("q", "")
    if not is_plain_text(raw_q):  # the site's one text policy (NUL, ESC, ...)
        raise BadLibraryQuery("Search text contains a control character (such as NUL or ESC); "
                              "remove it and search again.")
    q = " ".join(raw_q.split())
    if len(q) > MAX_QUERY_LENGTH:
        raise BadLibraryQuery(f"Search text is limited to {MAX_QUERY_LENGTH} characters.")
    level = args.get("level", "")
    if level and level not in LEVELS:
        raise BadLibraryQuery("Unknown level.")
    competency = args.get("competency", "")
    if competency and competency not in competencies:
        raise BadLibraryQuery("Unknown competency.")
    sort = args.get("sort", "title") or "title"
    if sort not in SORTS:
        raise BadLibraryQuery("Unknown sort order.")
    region = args.get("region", "")
    if region and region not in REGIONS:
        raise BadLibraryQuery("Unknown region.")
    sector = args.get("sector", "")
    if sector and sector not in SECTORS:
        raise BadLibraryQuery("Unknown sector.")
    return LibraryQuery(q=q, level=level, region=region, sector=sector, competency=competency,
                        sort=sort, page=page_number(args))


@dataclass(frozen=True)
class _Counted:
    """What a query's listing counts, true while the library stays at `version`."""

    version: int
    total: int
    in_use: tuple[str, ...]


# Per worker: the counts and filter menu of each query (not its page) for the library
# version they were read at; a page of that query at that version needs neither again.
_counted: DrawnCache[_Counted] = DrawnCache(1024)


def list_cases(query: LibraryQuery, page_size: int,
               vocabulary: tuple[str, ...] = ()) -> tuple[Listing, tuple[str, ...]]:
    """Published cases matching the query, one page of them as frozen cards, and the
    vocabulary's competencies in use (for the filter menu).

    One statement whatever the size of the library: the page with each card's
    competencies and the library's version, and (unless this worker counted the query
    at that version already) the count of all matches and the competencies in use.
    A second and third statement only for a page past the end (which shows the last
    page), another for the menu when nothing matches. Each filter is an equality on an
    index that leads with status and ends with the title; search reads the full-text
    index (casebook/cases/search.py).
    """
    connection = db.session.connection()
    vocabulary = tuple(vocabulary)
    statements = _statements(_shape(query), connection.dialect.name, vocabulary)
    params = {"level": query.level, "region": query.region, "sector": query.sector,
              "competency": query.competency, "limit": page_size}
    if query.words:
        params["search"] = search_expression(connection.dialect.name, query.words)
    counted_key = (_shape(query), query.words, query.level, query.region, query.sector,
                   query.competency, vocabulary)
    known = _counted.peek(counted_key)
    page = query.page
    with search_settings(connection, searching=bool(query.words)):
        page_of = statements.page if known else statements.counted_page
        rows = connection.execute(page_of, {**params, "offset": (page - 1) * page_size}).all()
        if rows and known and rows[0].library_version == known.version:
            counted = known
        elif rows and not known:
            counted = _Counted(rows[0].library_version, rows[0].total, _names(rows[0].in_use))
        else:
            # Nothing on this page, or the library moved on since this worker counted.
            total = connection.execute(statements.count, params).scalar_one()
            counted = _Counted(-1, total, competencies_in_use(vocabulary))
            if total and not rows:
                page = max(1, math.ceil(total / page_size))
                rows = connection.execute(page_of, {**params, "offset": (page - 1) * page_size}).all()
            if rows:
                counted = _Counted(rows[0].library_version, total, counted.in_use)
    version = rows[0].library_version if rows else None
    if version is not None:
        _counted.put(counted_key, counted)
    pages = max(1, math.ceil(counted.total / page_size))
    cards = _cards(connection, [row.id for row in rows], version)
    listing = Listing(items=cards, total=counted.total, page=page, pages=pages)
    return listing, counted.in_use


# Per worker: each card as read at a library version (the version moves on with any
# change to a case or its competencies, so a card kept for it is the card).
_kept_cards: DrawnCache[CaseFacts] = DrawnCache(4096)


def _cards(connection, ids: list[int], version: int | None) -> tuple[CaseFacts, ...]:
    """The cards of these cases, in this order: those this worker read at `version`
    already, the others in one statement."""
    found = {i: _kept_cards.peek((i, version)) for i in ids} if version is not None else {}
    missing = [i for i in ids if found.get(i) is None]
    if missing:
        for row in connection.execute(_cards_statement(connection.dialect.name), {"ids": missing}):
            card = _card(tuple(row))
            found[card.id] = card
            if version is not None:
                _kept_cards.put((card.id, version), card)
    return tuple(found[i] for i in ids if found.get(i) is not None)


@functools.lru_cache(maxsize=64)
def _names(in_use: str | None) -> tuple[str, ...]:
    return tuple(sorted(json.loads(in_use or "[]")))


# What a card shows, and nothing else: never the stored Markdown or search text, whose
# size would otherwise be read (and on SQLite, its overflow pages walked) for every card.
# Lists are read as their JSON text (decoded once per card, below), the card's
# competencies as [position, name] pairs.
_cases = Case.__table__.c
_carried = CaseCompetency.__table__.c
CARD_COLUMNS = (
    _cases.id, _cases.slug, _cases.title, _cases.summary, _cases.level, _cases.organization,
    _cases.industry, _cases.year, _cases.region, _cases.sector,
    cast(_cases.authors, Text), cast(_cases.sources, Text), _cases.decision_count,
)


def _card(row: tuple) -> CaseFacts:
    """The frozen card of a card row (CARD_COLUMNS and the card's competencies)."""
    *facts, authors, sources, decision_count, competencies = row
    pairs = sorted(json.loads(competencies or "[]"))
    return CaseFacts(
        *facts, authors=tuple(json.loads(authors or "[]")),
        sources=tuple(json.loads(sources or "[]")), decision_count=decision_count,
        competency_names=tuple(name for _, name in pairs),
    )


@functools.lru_cache(maxsize=2)
def _cards_statement(dialect: str):
    """Cards by id. A card's competencies come beside it as the text of a JSON array of
    [position, name] pairs, put in order in Python, as neither database promises the
    order of an aggregate here."""
    pair = (func.json_build_array if dialect == "postgresql" else func.json_array)(
        _carried.position, _carried.competency
    )
    aggregate = func.json_agg if dialect == "postgresql" else func.json_group_array
    competencies = cast(
        select(aggregate(pair)).where(_carried.case_id == _cases.id).scalar_subquery(), Text
    ).label("competencies")
    return select(*CARD_COLUMNS, competencies).where(_cases.id.in_(bindparam("ids", expanding=True)))


def _shape(query: LibraryQuery) -> tuple:
    """What the statements depend on: which filters are set, whether search can match."""
    search = "words" if query.words else "nothing" if query.q else None
    return (query.sort, bool(query.level), bool(query.region), bool(query.sector),
            bool(query.competency), search)


@dataclass(frozen=True)
class _Statements:
    count: object  # how many cases match
    page: object  # a page of them, and the library's version
    counted_page: object  # the same, with the count and the competencies in use


@functools.lru_cache(maxsize=256)
def _statements(shape: tuple, dialect: str, vocabulary: tuple[str, ...]) -> _Statements:
    """The statements of one shape of query, with its values as parameters. Built once:
    building these statements costs more than running them."""
    sort, level, region, sector, competency, search = shape
    conditions = [_cases.status == PUBLISHED]
    if level:
        conditions.append(_cases.level == bindparam("level"))
    if region:
        conditions.append(_cases.region == bindparam("region"))
    if sector:
        conditions.append(_cases.sector == bindparam("sector"))
    if competency:
        conditions.append(_cases.id.in_(
            select(_carried.case_id).where(_carried.competency == bindparam("competency"))
        ))
    if search == "words":
        # The index holds only what every reader may see (the anonymous reader's unfolding).
        conditions.append(matching(dialect, _cases.id))
    elif search == "nothing":  # a query with no letters or digits finds nothing
        conditions.append(false())
    count = select(func.count()).select_from(Case.__table__).where(*conditions)
    version = select(LibraryState.version).where(LibraryState.id == 1).scalar_subquery()

    def page_of(*extra):
        # The page's ids only: the cards are mostly known (_cards), and sorting matches
        # with every card's text cost more than the search itself.
        return (
            select(_cases.id, version.label("library_version"), *extra)
            .where(*conditions)
            .order_by(*SORTS[sort][1])
            .limit(bindparam("limit"))
            .offset(bindparam("offset"))
        )

    return _Statements(
        count=count,
        page=page_of(),
        counted_page=page_of(count.scalar_subquery().label("total"),
                             _in_use_column(vocabulary, dialect)),
    )


def competencies_in_use(vocabulary: tuple[str, ...]) -> tuple[str, ...]:
    """The vocabulary's competencies that at least one published case carries, for the
    filter menu: one index probe per competency, however many cases there are."""
    if not vocabulary:
        return ()
    connection = db.session.connection()
    sql = _in_use_sql(tuple(vocabulary), connection.dialect.name, aggregate=False)
    statement = text(sql.replace(":", "\\:"))  # a colon in a name is text, not a parameter
    return tuple(connection.execute(statement).scalars())


def _in_use_column(vocabulary: tuple[str, ...], dialect: str):
    """The competencies in use as the text of a JSON array, a column beside the page
    (asked once per statement: it does not depend on the row)."""
    if not vocabulary:
        return literal_column("NULL").label("in_use")
    return literal_column(f"({_in_use_sql(vocabulary, dialect, aggregate=True)})").label("in_use")


@functools.lru_cache(maxsize=8)
def _in_use_sql(vocabulary: tuple[str, ...], dialect_name: str, aggregate: bool) -> str:
    # Compiled once per vocabulary, its names written in: SQLAlchemy would otherwise
    # walk the whole statement on every execution to find it in its cache. The names
    # are a derived table (not one EXISTS each) so PostgreSQL plans it fast.
    names = union_all(*(select(literal(name, String).label("name")) for name in vocabulary))
    name = names.subquery("vocabulary").c.name
    carried = (
        select(CaseCompetency.case_id)
        .join(Case, Case.id == CaseCompetency.case_id)
        .where(CaseCompetency.competency == name, Case.status == PUBLISHED)
        .exists()
    )
    if aggregate:
        in_use = func.json_agg(name) if dialect_name == "postgresql" else func.json_group_array(name)
        statement = select(cast(in_use, Text)).where(carried)
    else:
        statement = select(name).where(carried).order_by(name)
    return str(statement.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
