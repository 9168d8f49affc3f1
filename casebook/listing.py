"""One page of a list, as templates get it: frozen items, never the rows they came from."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Listing:
    items: tuple[Any, ...]
    total: int
    page: int
    pages: int


def listing_of(pagination, view: Callable[[Any], Any]) -> Listing:
    """A Flask-SQLAlchemy Pagination turned into frozen items (`view` maps each row)."""
    return Listing(
        items=tuple(view(row) for row in pagination.items),
        total=pagination.total or 0,
        page=pagination.page,
        pages=max(1, pagination.pages),
    )
