"""What authoring adds to other features' pages: the header's "Authoring" link, for
the people who may submit a case (authors, editors and admins)."""
from __future__ import annotations

from ..panels import Panel, provides
from .permissions import can_submit

_LINK = Panel("authoring/_nav.html")


@provides("nav", order=40)
def authoring_link(user, **_) -> Panel | None:
    return _LINK if can_submit(user) else None
