"""What debates add to other features' pages: the way into a decision's debate under
its reveal, and the notifications link in the header (casebook/panels.py)."""
from __future__ import annotations

from dataclasses import dataclass

from ..panels import Panel, provides
from .notifications import unread_count


@dataclass(frozen=True)
class DebateLink:
    slug: str
    key: str
    prompts: int  # how many debate prompts open it


@provides("case.decision", order=50)
def debate_links(keys: list[int], view, **_) -> dict[int, Panel]:
    """A link per decision whose outcome the reader has unlocked (the debate's condition)."""
    return {
        d.id: Panel("debates/_debate_summary.html", DebateLink(view.facts.slug, d.key, len(d.debate_prompts)))
        for d in view.decisions
        if d.unlocked and d.id in keys
    }


@provides("nav", order=50)
def notifications_link(user, **_) -> Panel:
    return Panel("debates/_notifications_nav.html", unread_count(user))
