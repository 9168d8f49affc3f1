"""A message for the place a redirect lands on, rather than the top of the page.

After a write on a long page (a commit, a reflection, a setting) the redirect points at
an anchor far down the page: a flashed message at the top would be out of view. A view
leaves a notice for that anchor (`leave`); the next page takes it (`take`) and shows it
there. Pages drawn from shared parts hold a slot (`slot(anchor)`, an HTML comment that
carries nothing of the reader) where `place` puts the notice, so the shared drawing
stays free of per-request data.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import flash, render_template, session
from markupsafe import Markup

_KEY = "_notice"


@dataclass(frozen=True)
class Notice:
    anchor: str  # the element id the redirect lands on
    text: str
    kind: str = "success"  # "success" | "warning"


def leave(anchor: str, text: str, kind: str = "success") -> None:
    """Keep `text` for the next page, to be shown at the element `anchor`."""
    session[_KEY] = [anchor, text, kind]


def waiting() -> bool:
    """Whether a notice waits in this session (such a page is drawn for this reader)."""
    return _KEY in session


def take() -> Notice | None:
    """The notice left for this page, once (it is gone from the session afterwards)."""
    kept = session.pop(_KEY, None)
    if not isinstance(kept, list) or len(kept) != 3:
        return None
    return Notice(*(str(part) for part in kept))


def take_for(*anchors: str) -> Notice | None:
    """The notice if it belongs to one of this page's `anchors`; any other is shown at
    the top of the page as a flashed message, so it is never lost."""
    notice = take()
    if notice is not None and notice.anchor not in anchors:
        flash(notice.text, notice.kind)
        return None
    return notice


def slot(anchor: str) -> Markup:
    """Where a shared drawing shows a notice for `anchor` (nothing when there is none)."""
    return Markup(f"<!--notice:{anchor}-->")


def place(html: Markup, notice: Notice | None) -> Markup:
    """`html` with the notice drawn in its slot. Without such a slot (the page changed
    meanwhile) the notice is flashed, at the top of the page."""
    if notice is None:
        return html
    here = slot(notice.anchor)
    if here not in html:
        flash(notice.text, notice.kind)
        return html
    return Markup(html.replace(here, draw(notice), 1))


def draw(notice: Notice) -> Markup:
    return Markup(render_template("_notice.html", notice=notice))
