"""The case page: a case as one reader may see it, with their part in each decision.

Loaded through the reading model first (reading.read_case), then drawn from that view
alone. Anonymous readers all see the same page for a given snapshot, so that page is
drawn once per worker and served with an ETag (304 when the browser has it).
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from threading import Lock

from flask import Response, make_response, render_template, request, session
from flask_login import current_user

from ..cases.documents import CaseDocument, published_case_document
from ..cases.slugs import is_valid_slug
from ..domain import NotFound
from ..panels import gather_each
from . import bp
from .charts import distribution_chart
from .forms import CommitForm, ReflectionForm
from .reading import CaseView, read_case

ANONYMOUS_PAGES = 256  # drawn pages kept per worker (one per case snapshot)
_anonymous: OrderedDict[tuple, tuple[str, bytes]] = OrderedDict()
_anonymous_lock = Lock()


@bp.get("/cases/<slug>")
def case_page(slug: str):
    document = load_document(slug)
    if _serves_anonymous_copy():
        return _anonymous_page(document)
    view = read_case(current_user, document, preview=request.args.get("preview") == "1")
    return render_case_page(view)


def load_document(slug: str) -> CaseDocument:
    """The published case's snapshot; NotFound (404) if there is none."""
    document = published_case_document(slug) if is_valid_slug(slug) else None
    if document is None:
        raise NotFound()
    return document


def render_case_page(
    view: CaseView,
    commit_forms: dict[int, CommitForm] | None = None,
    reflection_forms: dict[int, ReflectionForm] | None = None,
) -> str:
    """The page for this reader's view; forms carrying errors are passed in by the caller."""
    commit_forms = dict(commit_forms or {})
    reflection_forms = dict(reflection_forms or {})
    for decision in view.decisions:
        if decision.mode == "commit":
            commit_forms.setdefault(decision.id, CommitForm(formdata=None))
        elif decision.mode == "revealed" and decision.reflection is None:
            reflection_forms.setdefault(decision.id, ReflectionForm(formdata=None))
    charts = {
        d.id: distribution_chart(
            d.distribution, d.actual_choice, d.commitment.option_label if d.commitment else None
        )
        for d in view.decisions
        if d.distribution is not None
    }
    return render_template(
        "decisions/case.html",
        view=view,
        commit_forms=commit_forms,
        reflection_forms=reflection_forms,
        charts=charts,
        # What later features add under a decision (its debate, a cohort's notice ...).
        decision_panels=gather_each("case.decision", [d.id for d in view.decisions], view=view),
    )


def _serves_anonymous_copy() -> bool:
    # Flashed messages and query strings (?preview=1) make a page of its own.
    return (
        not current_user.is_authenticated
        and not request.query_string
        and "_flashes" not in session
    )


def _anonymous_page(document: CaseDocument) -> Response:
    key = (document.id, document.version)
    with _anonymous_lock:
        cached = _anonymous.get(key)
        if cached is not None:
            _anonymous.move_to_end(key)
    if cached is None:
        html = render_case_page(read_case(current_user, document)).encode()
        etag = hashlib.sha256(html).hexdigest()[:32]
        cached = (etag, html)
        with _anonymous_lock:
            _anonymous[key] = cached
            while len(_anonymous) > ANONYMOUS_PAGES:
                _anonymous.popitem(last=False)
    etag, html = cached
    response = make_response(html)
    response.set_etag(etag)
    # Anyone may keep it, but must ask again before reusing it: a re-import changes it.
    response.headers["Cache-Control"] = "no-cache"
    response.vary.add("Cookie")
    return response.make_conditional(request)
