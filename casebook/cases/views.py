"""The library page: load, filter, render. (The case page belongs to the decisions
feature, which knows what each reader has unlocked.)"""
from __future__ import annotations

from dataclasses import replace

from flask import current_app, render_template, request
from flask_login import current_user

from ..config import LEVELS, REGIONS, SECTORS
from ..errors import error_response
from ..panels import gather, gather_each
from . import bp
from .library import SORTS, BadLibraryQuery, case_card, competencies_in_use, list_cases, parse_library_query


@bp.get("/")
def library():
    try:
        query = parse_library_query(request.args, current_app.config["COMPETENCIES"])
    except BadLibraryQuery as problem:
        return error_response(400, str(problem))
    page = list_cases(query, current_app.config["PAGE_SIZE"])
    # The page holds frozen cards, never the Case rows it was loaded from.
    page = replace(page, cases=[case_card(case) for case in page.cases])
    cards = page.cases
    return render_template(
        "cases/library.html",
        query=query,
        page=page,
        cards=cards,
        levels=LEVELS,
        regions=REGIONS,
        sectors=SECTORS,
        competencies=competencies_in_use(),
        sorts={key: label for key, (label, _) in SORTS.items()},
        # What later features add: "continue where you left off", progress badges.
        top_panels=gather("library.top", user=current_user),
        card_panels=gather_each("library.case", [card.id for card in cards], user=current_user),
    )
