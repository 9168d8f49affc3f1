"""Library and case pages: load, check access, render what the gate allows."""
from __future__ import annotations

import re

from flask import abort, current_app, render_template, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..config import LEVELS
from ..decisions.gate import can_preview, reader_state, visible_case
from ..errors import error_response
from ..extensions import db
from . import bp
from .documents import CaseDocument, published_case_document
from .library import SORTS, BadLibraryQuery, competencies_in_use, list_cases, parse_library_query
from .models import Case, Decision

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@bp.get("/")
def library():
    try:
        query = parse_library_query(request.args, current_app.config["COMPETENCIES"])
    except BadLibraryQuery as problem:
        return error_response(400, str(problem))
    page = list_cases(query, current_app.config["PAGE_SIZE"])
    return render_template(
        "cases/library.html",
        query=query,
        page=page,
        levels=LEVELS,
        competencies=competencies_in_use(),
        sorts={key: label for key, (label, _) in SORTS.items()},
    )


@bp.get("/cases/<slug>")
def case_page(slug: str):
    case = load_case_document(slug)
    preview = request.args.get("preview") == "1"
    state = reader_state(current_user, case, preview=preview)
    return render_template(
        "cases/case.html",
        case=case,
        view=visible_case(case, state),
        previewing=state.sees_everything,
        may_preview=can_preview(current_user, case),
    )


def load_case_document(slug: str) -> CaseDocument:
    """The published case as a read-only snapshot for pages; 404 if there is none."""
    if len(slug) > 80 or not SLUG_PATTERN.fullmatch(slug):
        abort(404)
    document = published_case_document(slug)
    if document is None:
        abort(404)
    return document


def load_published_case(slug: str) -> Case:
    """The published case with this slug, its parts loaded in a fixed number of queries."""
    if len(slug) > 80 or not SLUG_PATTERN.fullmatch(slug):
        abort(404)
    case = db.session.scalar(
        select(Case)
        .where(Case.slug == slug, Case.status == "published")
        .options(
            selectinload(Case.sections),
            selectinload(Case.competencies),
            selectinload(Case.decisions).selectinload(Decision.options),
        )
    )
    if case is None:
        abort(404)
    return case
