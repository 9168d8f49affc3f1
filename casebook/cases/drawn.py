"""Parts of the library page drawn once per worker, then reused.

- A card shows only a case's facts, the same for every reader, so its HTML is kept keyed
  by those facts (frozen, compared whole: a re-import that changes any of them is a new
  key). What later features add to a card for one reader (progress badges, from the
  `library.case` panel slot) goes between its two halves on every request.
- The search and filter form depends only on the query and the competencies in use.

Both are keyed by the script root too, as the links inside are built under it.
"""
from __future__ import annotations

from functools import lru_cache

from flask import current_app, request
from markupsafe import Markup

from ..config import LEVELS, REGIONS, SECTORS
from .library import SORTS, LibraryQuery
from .unfolding import CaseFacts

PANEL_SLOT = "<!-- card panels -->"
CACHED_CARDS = 4096  # more than a large library's cases; about 1 KiB each
CACHED_FORMS = 512  # one per distinct query and menu; about 4 KiB each


def drawn_cards(cards: tuple[CaseFacts, ...]) -> dict[int, tuple[Markup, Markup]]:
    """{case id: (the card's HTML before its panels, after them)}."""
    return {card.id: _card(card, request.script_root) for card in cards}


def drawn_filters(query: LibraryQuery, competencies: tuple[str, ...]) -> Markup:
    return _filters(query, competencies, request.script_root)


def _render(template: str, **context) -> str:
    # Straight through Jinja: these parts hold no reader and need no context processors.
    return current_app.jinja_env.get_template(template).render(**context)


@lru_cache(maxsize=CACHED_CARDS)
def _card(card: CaseFacts, script_root: str) -> tuple[Markup, Markup]:
    before, after = _render("cases/_card.html", case=card).split(PANEL_SLOT)
    return Markup(before), Markup(after)


@lru_cache(maxsize=CACHED_FORMS)
def _filters(query: LibraryQuery, competencies: tuple[str, ...], script_root: str) -> Markup:
    return Markup(_render(
        "cases/_filters.html", query=query, competencies=competencies, levels=LEVELS,
        regions=REGIONS, sectors=SECTORS,
        sorts={key: label for key, (label, _) in SORTS.items()},
    ))
