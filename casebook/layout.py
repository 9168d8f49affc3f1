"""What every page's frame gets: the reader as frozen data, and the header's panels.

Templates never see the User row behind Flask-Login's `current_user`: a context
processor puts a frozen Viewer in its place. The header's links come from features
through the "nav" panel slot (casebook/panels.py), gathered before a page template is
drawn (partials, whose names start with "_", do not pay for them).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from flask import Flask, before_render_template
from flask_login import current_user

from .panels import gather


@dataclass(frozen=True)
class Viewer:
    """The signed-in reader (or nobody), as templates may know them."""

    is_authenticated: bool
    id: int | None = None
    display_name: str = ""
    level: str | None = None
    roles: frozenset[str] = frozenset()
    is_suspended: bool = False
    deleted_at: None = None  # a deleted account cannot be signed in

    @property
    def is_anonymous(self) -> bool:
        return not self.is_authenticated

    def has_role(self, role: str) -> bool:
        return self.is_authenticated and (role == "leader" or role in self.roles)


ANONYMOUS = Viewer(is_authenticated=False)


def viewer_of(user) -> Viewer:
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    return Viewer(
        is_authenticated=True,
        id=user.id,
        display_name=user.display_name,
        level=user.level,
        roles=frozenset(user.role_names),
        is_suspended=bool(user.is_suspended),
    )


def register(app: Flask) -> None:
    @app.context_processor
    def _viewer() -> dict:
        # Registered after Flask-Login's processor, so this `current_user` wins.
        return {"current_user": viewer_of(current_user)}

    def _nav(sender, template, context, **extra) -> None:
        if PurePosixPath(template.name or "").name.startswith("_"):
            return
        user = current_user._get_current_object()
        context["nav_panels"] = gather("nav", user=user) if user.is_authenticated else ()

    before_render_template.connect(_nav, app, weak=False)
