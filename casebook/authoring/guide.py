"""The author guide on the site, and the case template to start from.

The guide is docs/authoring.md, the same file a reader of the repository sees, drawn
once when the app starts (page views never call Markdown): its title becomes the
page's, its headings sit one level down under it. The template is the packaged case
file that `flask cases template` prints, which passes the checker with no warning.
"""
from __future__ import annotations

import re
from pathlib import Path

from flask import Response, current_app, render_template
from markupsafe import Markup

from ..markdown import render_markdown
from . import bp

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"
TEMPLATE = Path(__file__).resolve().parents[1] / "cases" / "data" / "case-template.md"
_HEADING = re.compile(r"^(#{1,5}) ")


def guide_html(source: str) -> tuple[str, Markup]:
    """(title, body) of the guide's Markdown: the first heading is the title."""
    lines, title, fenced = [], "The author guide", False
    for line in source.splitlines():
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and title == "The author guide" and line.startswith("# "):
            title = line[2:].strip()
            continue
        if not fenced and _HEADING.match(line):
            line = "#" + line  # under the page's own h1
        lines.append(line)
    return title, Markup(render_markdown("\n".join(lines)))


@bp.record_once
def _draw_the_guide(state) -> None:
    drawn = guide_html(GUIDE.read_text(encoding="utf-8")) if GUIDE.is_file() else None
    state.app.extensions["casebook.author_guide"] = drawn


@bp.get("/guide")
def guide_page():
    drawn = current_app.extensions.get("casebook.author_guide")
    title, body = drawn if drawn else ("The author guide", None)
    return render_template("authoring/guide.html", title=title, body=body)


@bp.get("/template.md")
def case_template():
    return Response(TEMPLATE.read_text(encoding="utf-8"), content_type="text/markdown; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="case-template.md"'})
