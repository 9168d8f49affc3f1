"""How a lower feature's page shows what higher features add, without importing them.

A page names a slot ("case.decision", "library.case", "nav", "account.export" ...). A higher feature
registers a provider for it at import time (`@provides("nav")`). The view calls
`gather(slot, ...)` while it loads the page, before rendering, and hands the panels to
the template, which includes each `panel.template` with `panel.data`. So no template
includes another feature's template by name, no provider runs inside a template, and
the order of features (cases, accounts, decisions, debates, then cohorts and
authoring) only ever points one way.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    """One feature's part of a page: frozen data, and the template that draws it."""

    template: str | None
    data: Any = None
    order: int = 100


_providers: dict[str, list[tuple[int, str, Callable]]] = {}


def provides(slot: str, order: int = 100) -> Callable:
    """Register the decorated function as a provider of `slot` (once per function)."""

    def register(provider: Callable) -> Callable:
        name = f"{provider.__module__}.{provider.__qualname__}"
        entries = _providers.setdefault(slot, [])
        if all(existing != name for _, existing, _ in entries):
            entries.append((order, name, provider))
            entries.sort(key=lambda entry: (entry[0], entry[1]))
        return provider

    return register


def gather(slot: str, **context) -> tuple[Panel, ...]:
    """Every provider's panel for the slot, in order; providers may answer None."""
    panels = (provider(**context) for _, _, provider in _providers.get(slot, ()))
    return tuple(panel for panel in panels if panel is not None)


def gather_each(slot: str, keys: Iterable[Hashable], **context) -> dict[Hashable, tuple[Panel, ...]]:
    """Panels per key (a case on a list, a decision on a page), one provider call each.

    Each provider gets every key at once (so it can answer with one query) and returns
    {key: Panel}; keys it has nothing for are left out.
    """
    keys = list(keys)
    found: dict[Hashable, list[Panel]] = {key: [] for key in keys}
    for _, _, provider in _providers.get(slot, ()):
        for key, panel in (provider(keys=keys, **context) or {}).items():
            if key in found and panel is not None:
                found[key].append(panel)
    return {key: tuple(panels) for key, panels in found.items()}
