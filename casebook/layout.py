"""What every page's frame gets: the reader as frozen data, and the header's panels.

Templates never see the User row behind Flask-Login's `current_user`: a context
processor puts a frozen Viewer in its place. The header's links come from features
through the "nav" panel slot (casebook/panels.py), gathered before a page template is
drawn (partials, whose names start with "_", do not pay for them). The header is drawn
once per kind of reader (roles and panels) with a placeholder for the name, and shared:
each reader's name goes in escaped, and its sign-out form's CSRF token is a placeholder
the response fills. (Drawing it for each new reader cost 0.3 ms, on the first page of
every member of a live session after a reveal.)
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from flask import Flask, before_render_template, current_app, g, render_template
from flask_login import current_user
from markupsafe import Markup, escape

from .drawn_cache import DrawnCache, fill_csrf_token, placeholder_token
from .panels import gather

_headers: DrawnCache[Markup] = DrawnCache(256)
# Stands for the reader's name in shared headers (random per process, so no name can
# be written to look like it).
_NAME = f"name-{uuid.uuid4().hex}"


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


def current_viewer() -> Viewer:
    """The request's reader as a Viewer, made once per signed-in account object."""
    user = current_user._get_current_object()
    made = g.get("_casebook_viewer")
    if made is None or made[0] is not user:  # signing in or out swaps the object
        made = (user, viewer_of(user))
        g._casebook_viewer = made
    return made[1]


def render_partial(name: str, **context) -> Markup:
    """A partial that needs nothing of the request (no context processors or signals,
    which cost more than drawing a small part): the reader's own sealed choice, drawn
    for each member of a live session on their first page after a reveal."""
    return Markup(current_app.jinja_env.get_template(name).render(**context))


def _draw_header(viewer: Viewer, panels: tuple) -> Markup:
    return Markup(render_template(
        "accounts/_nav.html", current_user=viewer, nav_panels=panels,
        csrf_token=placeholder_token,
    ))


def site_header() -> Markup:
    """The header for this request's reader: drawn once per kind of reader and panels,
    gathered once per request."""
    viewer = current_viewer()
    made = g.get("_casebook_header")
    if made is None or made[0] is not viewer:
        user = current_user._get_current_object()
        panels = gather("nav", user=user) if viewer.is_authenticated else ()
        alike = replace(viewer, id=None, display_name=_NAME)  # nothing of this reader
        shared = _headers.get_or_draw((alike, panels), lambda: _draw_header(alike, panels))
        made = (viewer, Markup(shared.replace(_NAME, escape(viewer.display_name))))
        g._casebook_header = made
    return made[1]


def register(app: Flask) -> None:
    @app.context_processor
    def _viewer() -> dict:
        # Registered after Flask-Login's processor, so this `current_user` wins.
        return {"current_user": current_viewer()}

    def _nav(sender, template, context, **extra) -> None:
        if PurePosixPath(template.name or "").name.startswith("_") or "site_nav" in context:
            return  # a partial, or a shared frame drawn with a placeholder
        context["site_nav"] = site_header()

    before_render_template.connect(_nav, app, weak=False)
    app.after_request(fill_csrf_token)
