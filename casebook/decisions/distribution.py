"""What all leaders chose on a decision: counted by the database, split by profile level.

Only ever computed for a reader whose outcome is unlocked (the caller asks the gate).
Leaders are grouped by the level they had when they committed (Commitment.leader_level),
counted in `decision_tallies` as each commitment is made.
Below MIN_GROUP_SIZE leaders in all, no split is shown (`too_few`). Level groups of
fewer than MIN_GROUP_SIZE leaders are not shown, and neither is any
set of groups whose total could be worked out by subtracting the shown groups from the
overall counts (complementary suppression), so a small group never shows through.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import bindparam, select

from ..config import LEVELS
from ..db import read_rows
from ..drawn_cache import DrawnCache
from .models import DecisionTally
from .scoring import percent

MIN_GROUP_SIZE = 5
NO_LEVEL = "unstated"  # leaders who did not give a level in their profile
OTHER_LEVELS = "other"  # small groups combined, shown only when together large enough


@dataclass(frozen=True)
class OptionShare:
    label: str
    count: int
    percent: int  # whole percent of the group, rounded


@dataclass(frozen=True)
class GroupShares:
    name: str  # a LEVELS value, NO_LEVEL or OTHER_LEVELS
    total: int
    shares: tuple[OptionShare, ...]


@dataclass(frozen=True)
class Distribution:
    decision_id: int
    total: int
    shares: tuple[OptionShare, ...]  # every option, in the decision's order
    levels: tuple[GroupShares, ...]  # groups large enough to show; may be empty
    unsplit: int  # leaders whose level group is too small to show on its own
    knew: int = 0  # leaders who said before committing that they knew the outcome
    knew_shares: tuple[OptionShare, ...] = ()  # their split, once they are enough to show

    @property
    def min_group_size(self) -> int:
        return MIN_GROUP_SIZE

    @property
    def too_few(self) -> bool:
        """Too few leaders in all to show any split: with one or two, a chart shows only
        the reader's own choice, or gives away a colleague's. The page says the reader
        is among the first instead."""
        return self.total < MIN_GROUP_SIZE


# Built once: this runs on every reveal.
_TALLIES = select(
    DecisionTally.decision_id,
    DecisionTally.leader_level,
    DecisionTally.option_label,
    DecisionTally.knew_outcome,
    DecisionTally.leaders,
).where(DecisionTally.decision_id.in_(bindparam("ids", expanding=True)))


# Tally rows per (decision ids, version): between two commits on a case every reader of
# it asks for the same rows, so a version the caller read already needs no statement.
_tally_rows: DrawnCache[dict[int, list[tuple]]] = DrawnCache(1024)


def distributions_for(decisions: Iterable, version: Hashable | None = None) -> dict[int, Distribution]:
    """Distributions of these decisions (anything with .id and .options), one query over
    the tallies the commits keep (a few rows per decision, however many leaders).

    `version` names the state of those tallies (reading.py: the case and how many
    commitments its tallies count); rows already read for it are reused."""
    decisions = list(decisions)
    if not decisions:
        return {}
    ids = tuple(d.id for d in decisions)
    if version is None:
        rows = _read_tallies(ids)
    else:
        rows = _tally_rows.get_or_draw((ids, version), lambda: _read_tallies(ids))
    return {
        d.id: _distribution(
            d.id, tuple(o.label for o in d.options), tuple(sorted(rows.get(d.id, ()), key=str))
        )
        for d in decisions
    }


def _read_tallies(ids: tuple[int, ...]) -> dict[int, list[tuple]]:
    rows: dict[int, list[tuple]] = {}
    for decision_id, *tally in read_rows(_TALLIES, {"ids": list(ids)}):
        rows.setdefault(decision_id, []).append(tuple(tally))
    return rows


@lru_cache(maxsize=4096)
def _distribution(decision_id: int, labels: tuple[str, ...], tallies: tuple[tuple, ...]) -> Distribution:
    # Built once per distinct set of tallies: a Distribution is frozen, and between two
    # commits every reader of the decision asks for the same one.
    grouped: dict[str, Counter] = {}
    knew: Counter = Counter()
    for level, label, knew_outcome, count in tallies:
        name = level if level in LEVELS else NO_LEVEL
        grouped.setdefault(name, Counter())[label] += count
        if knew_outcome:
            knew[label] += count
    return build_distribution(decision_id, labels, grouped, knew or None)


def build_distribution(
    decision_id: int,
    labels: Sequence[str],
    groups: dict[str, Counter],
    knew: Counter | None = None,
) -> Distribution:
    """Assemble shares from per-level counts (label -> count), hiding small groups.

    `knew` counts, per label, the leaders who said they already knew the outcome: they
    are in every figure, and shown apart once they are MIN_GROUP_SIZE or more."""
    overall: Counter = Counter()
    for counts in groups.values():
        overall.update(counts)
    total = sum(overall.values())
    shown, hidden = split_groups(groups)
    levels = [_group(name, labels, groups[name]) for name in shown]
    hidden_total = sum(sum(groups[name].values()) for name in hidden)
    if hidden and shown and hidden_total >= MIN_GROUP_SIZE:
        combined: Counter = Counter()
        for name in hidden:
            combined.update(groups[name])
        levels.append(_group(OTHER_LEVELS, labels, combined))
        hidden_total = 0
    if not levels:
        hidden_total = total
    knew = knew or Counter()
    knew_total = sum(knew.values())
    return Distribution(
        decision_id=decision_id,
        total=total,
        shares=_shares(labels, overall),
        levels=tuple(levels),
        unsplit=hidden_total,
        knew=knew_total,
        knew_shares=_shares(labels, knew) if knew_total >= MIN_GROUP_SIZE else (),
    )


def split_groups(groups: dict[str, Counter]) -> tuple[list[str], list[str]]:
    """Names of the groups to show (in LEVELS order) and of those to hide.

    A group under MIN_GROUP_SIZE is hidden; while the hidden groups together number
    1 to MIN_GROUP_SIZE - 1 leaders (so overall minus shown would expose them), the
    smallest shown group is hidden too. A split with a single group shows nothing new.
    """
    sizes = {name: sum(counts.values()) for name, counts in groups.items()}
    shown = sorted((n for n, size in sizes.items() if size >= MIN_GROUP_SIZE), key=sizes.get)
    hidden = [n for n, size in sizes.items() if 0 < size < MIN_GROUP_SIZE]
    while hidden and shown and sum(sizes[n] for n in hidden) < MIN_GROUP_SIZE:
        hidden.append(shown.pop(0))
    if len(shown) == 1 and not hidden:
        shown = []  # one group is the overall distribution again
    order = {name: i for i, name in enumerate((*LEVELS, NO_LEVEL))}
    return sorted(shown, key=lambda name: (order.get(name, len(order)), name)), hidden


def _group(name: str, labels: Sequence[str], counts: Counter) -> GroupShares:
    return GroupShares(name=name, total=sum(counts.values()), shares=_shares(labels, counts))


def _shares(labels: Sequence[str], counts: Counter) -> tuple[OptionShare, ...]:
    whole = sum(counts.values())
    return tuple(
        OptionShare(label, counts.get(label, 0), percent(counts.get(label, 0), whole))
        for label in labels
    )
