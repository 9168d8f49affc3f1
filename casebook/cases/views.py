"""The library page: load, filter, render. (The case page belongs to the decisions
feature, which knows what each reader has unlocked.)"""
from __future__ import annotations

from flask import current_app, render_template, request
from flask_login import current_user

from ..errors import error_response
from ..panels import gather, gather_each
from . import bp
from .drawn import drawn_cards, drawn_filters
from .library import BadLibraryQuery, list_cases, parse_library_query


@bp.get("/")
def library():
    try:
        query = parse_library_query(request.args, current_app.config["COMPETENCIES"],
                                    request.query_string)
    except BadLibraryQuery as problem:
        return error_response(400, str(problem))
    # Frozen cards, never the Case rows they were read from.
    page, in_use = list_cases(query, current_app.config["PAGE_SIZE"],
                              current_app.config["COMPETENCIES"])
    cards = page.items
    return render_template(
        "cases/library.html",
        query=query,
        page=page,
        cards=cards,
        filters=drawn_filters(query, in_use),
        drawn=drawn_cards(cards),
        # What later features add: "continue where you left off", progress badges.
        top_panels=gather("library.top", user=current_user),
        card_panels=gather_each("library.case", [card.id for card in cards], user=current_user),
    )
