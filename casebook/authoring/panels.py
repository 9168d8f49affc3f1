"""What authoring adds to other features' pages: the header's "Authoring" link, for
the people who may submit a case (authors, editors and admins), and the editors'
"Review queue"."""
from __future__ import annotations

from ..panels import Panel, provides
from .permissions import can_review, can_submit

_LINK = Panel("authoring/_nav.html", False)
_WITH_QUEUE = Panel("authoring/_nav.html", True)


@provides("nav", order=40)
def authoring_link(user, **_) -> Panel | None:
    """The submitter's "Authoring" link; editors' "Review queue" too (no query)."""
    if can_review(user):
        return _WITH_QUEUE
    return _LINK if can_submit(user) else None
