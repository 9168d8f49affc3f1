"""Library cards, drawn once per worker and card.

A card shows only a case's facts, which are the same for every reader, so its HTML is
kept keyed by those facts (frozen, compared whole: a re-import that changes any of them
is a new key). What later features add to a card for one reader (progress badges, from
the `library.case` panel slot) goes between its two halves on every request.
"""
from __future__ import annotations

from functools import lru_cache

from flask import current_app, request
from markupsafe import Markup

from .unfolding import CaseFacts

PANEL_SLOT = "<!-- card panels -->"
CACHED_CARDS = 4096  # more than a large library's cases; about 1 KiB each


def drawn_cards(cards: tuple[CaseFacts, ...]) -> dict[int, tuple[Markup, Markup]]:
    """{case id: (the card's HTML before its panels, after them)}."""
    return {card.id: _drawn(card, request.script_root) for card in cards}


@lru_cache(maxsize=CACHED_CARDS)
def _drawn(card: CaseFacts, script_root: str) -> tuple[Markup, Markup]:
    # script_root is part of the key: the card's link is built under it.
    html = current_app.jinja_env.get_template("cases/_card.html").render(case=card)
    before, after = html.split(PANEL_SLOT)
    return Markup(before), Markup(after)
