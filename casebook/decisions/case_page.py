"""The case page: a case as one reader may see it, with their part in each decision.

Loaded through the reading model first (reading.read_case), then drawn from that view
alone. Anonymous readers all see the same page for a given snapshot, so that page is
drawn once per worker and served with an ETag (304 when the browser has it).
"""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import replace
from datetime import datetime, timezone

from flask import Response, make_response, render_template, request, session
from flask_login import current_user
from markupsafe import Markup

from .. import notices
from ..cases.documents import CaseDocument, published_case_document
from ..cases.slugs import is_valid_slug
from ..domain import NotFound
from ..drawn_cache import DrawnCache, placeholder_token
from ..layout import render_partial, site_header
from ..panels import gather_each
from . import bp
from .charts import distribution_chart
from .forms import CommitForm, ReflectionForm
from .reading import CaseView, DecisionView, ask_for_published_case, read_case, read_published_case

# Kept per worker: anonymous pages (one per case snapshot); the case bodies, decision
# blocks and whole pages of signed-in readers (one per distinct view and header).
_anonymous: DrawnCache[tuple[str, bytes]] = DrawnCache(256)
_bodies: DrawnCache[Markup] = DrawnCache(1024)
_blocks: DrawnCache[Markup] = DrawnCache(4096)
_frames: DrawnCache[tuple[str, str, str]] = DrawnCache(256)  # per case: around header and body
_parts: DrawnCache[Markup] = DrawnCache(1024)  # shared parts of revealed decisions
_own: DrawnCache[Markup] = DrawnCache(4096)  # each reader's own sealed choice


@bp.get("/cases/<slug>")
def case_page(slug: str):
    if is_valid_slug(slug):
        ask_for_published_case(slug)  # with the signed-in reader's account, if any
    if _serves_anonymous_copy():
        return _anonymous_page(load_document(slug))
    preview = request.args.get("preview") == "1"
    view = read_published_case(_reader(), slug, preview=preview) if is_valid_slug(slug) else None
    if view is None:
        raise NotFound()
    return render_case_page(view)


def _reader():
    # The signed-in account itself, not Flask-Login's proxy: the reading model and the
    # panels read it dozens of times a page, and each read through the proxy looks the
    # request up again (0.2 ms a page).
    return current_user._get_current_object()


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
    """The page for this reader's view; forms carrying errors are passed in by the caller.

    Other decisions get fresh forms, made only if their block has to be drawn.
    """
    commit_forms = commit_forms or {}
    reflection_forms = reflection_forms or {}
    # What later features add under a decision (its debate, a cohort's notice ...).
    reader = _reader()
    panels = gather_each("case.decision", [d.id for d in view.decisions], view=view,
                         user=reader)
    level = getattr(reader, "level", None) if reader.is_authenticated else None
    here = request.full_path if request.query_string else request.path
    own_parts: dict[Markup, Markup] = {}
    blocks = tuple(
        decision_block(
            view.facts.slug, d, commit_forms.get(d.id), reflection_forms.get(d.id),
            panels.get(d.id, ()), level, here, own_parts,
        )
        for d in view.decisions
    )
    if commit_forms or reflection_forms:
        body = _draw_body(view, blocks)  # a form with the reader's text: never shared
    else:
        body = _bodies.get_or_draw(_body_key(view, blocks), lambda: _draw_body(view, blocks))
    for marker, own in own_parts.items():  # the reader's own sealed choices, into the shared body
        body = Markup(body.replace(marker, own, 1))
    # A redirect's confirmation goes where it landed: into the slot the blocks hold
    # for it, so the shared drawings never carry it.
    notice = notices.take()
    body = notices.place(body, notice)
    # Forms hold a CSRF placeholder the response fills (drawn_cache.fill_csrf_token);
    # an anonymous reader's page has none, so it asks for no token and no session.
    if notice or commit_forms or reflection_forms or "_flashes" in session:
        # Drawn for this response only (and drawing takes flashed messages out of the session).
        return render_template("decisions/case.html", facts=view.facts, body=body)
    # Otherwise the frame shows only the case's facts, the reader's header and the body:
    # drawn once per case, the header and body go in between.
    before, between, after = _frames.get_or_draw(view.facts, lambda: _draw_frame(view.facts))
    return "".join((before, site_header(), between, body, after))


# Stand for the header and the body in a case's shared frame (random per process).
_HEADER = f"<!--header-{uuid.uuid4().hex}-->"
_BODY = f"<!--body-{uuid.uuid4().hex}-->"


def _draw_frame(facts) -> tuple[str, str, str]:
    page = render_template("decisions/case.html", facts=facts, body=Markup(_BODY),
                           site_nav=Markup(_HEADER))
    before, rest = page.split(_HEADER)
    between, after = rest.split(_BODY)
    return before, between, after


def _body_key(view: CaseView, blocks: tuple[Markup, ...]) -> tuple:
    # The view without its decisions, which the blocks already stand for (hashing each
    # decision view a second time cost more than the lookup saved).
    sections = tuple(p for p in view.parts if not isinstance(p, DecisionView))
    return (view.facts, sections, blocks, view.hidden_parts, view.previewing,
            view.may_preview, view.signed_in, view.committed_count)


def _draw_body(view: CaseView, blocks: tuple[Markup, ...]) -> Markup:
    # The whole article, drawn only from the view and its blocks (their key): the
    # page frame around it (header, flashed messages) is drawn per request.
    by_id = {d.id: block for d, block in zip(view.decisions, blocks, strict=True)}
    return Markup(render_template("decisions/_case_body.html", view=view, blocks=by_id))


def decision_block(slug, decision: DecisionView, commit_form, reflection_form, panels,
                   level, here, own_parts: dict[Markup, Markup]) -> Markup:
    """One decision's part of the page, drawn once per distinct state and reused.

    Everything the block shows is in its key: the frozen decision view (its text, the
    reader's commitment and reflection, the distribution), the panels, the reader's
    level and the address (for the sign-in link). A form passed in carries the reader's
    text or errors, so that block is drawn afresh; otherwise the forms are fresh, and
    their CSRF token is a placeholder the response fills.
    """
    if commit_form is None and reflection_form is None:
        alike, marker = _set_own_part_apart(decision, own_parts)
        key = (slug, alike, panels, level, here)
        return _blocks.get_or_draw(
            key, lambda: _draw_block(slug, alike, None, None, panels, level, here, marker))
    return _draw_block(slug, decision, commit_form, reflection_form, panels, level, here)


_SHARED_MOMENT = datetime(2000, 1, 1, tzinfo=timezone.utc)


def _set_own_part_apart(decision: DecisionView, own_parts: dict[Markup, Markup]):
    """A sealed or revealed decision, drawn once for every leader who chose the same
    option, and the reader's own sealed choice (their rationale, confidence and date)
    drawn apart: it goes into `own_parts` under the marker the shared drawing holds.

    The shared drawing is made from the decision with those fields blanked, so nothing
    of one leader's choice can reach another's page through it. A reader with a
    reflection keeps a drawing of their own (the reflection quotes their forecast)."""
    mine = decision.commitment
    if mine is None or decision.mode not in ("sealed", "revealed") or decision.reflection:
        return decision, None
    dom = f"decision-{decision.key}"
    marker = Markup(f"<!--own-choice:{dom}-->")
    # Keyed by what the sealed choice shows (not the whole view: hashing that twice a
    # page cost more than drawing the part saves on a leader's later visits).
    key = (dom, mine, decision.mode, decision.matched, decision.forecast_open, decision.brier,
           decision.reflection_waits_until)
    own_parts[marker] = _own.get_or_draw(key, lambda: render_partial(
        "decisions/_sealed_commitment.html", dom=dom, decision=decision))
    alike = replace(decision, commitment=replace(
        mine, confidence=0, rationale_html="", created_at=_SHARED_MOMENT))
    return alike, marker


def _draw_block(slug, decision: DecisionView, commit_form, reflection_form, panels,
                level, here, own_choice: Markup | None = None) -> Markup:
    if decision.mode == "commit" and commit_form is None:
        commit_form = CommitForm(formdata=None)
    shared = _shared_parts(slug, decision, fresh_reflection=reflection_form is None)
    if decision.reflection_open and reflection_form is None:
        reflection_form = ReflectionForm(formdata=None)
    return Markup(render_template(
        "decisions/_decision.html",
        case_slug=slug,
        decision=decision,
        commit_form=commit_form,
        reflection_form=reflection_form,
        chart=_chart(decision),
        panels=panels,
        level=level,
        here=here,
        csrf_token=placeholder_token,
        notice_slot=notices.slot,
        own_choice=own_choice,
        **shared,
    ))


def _shared_parts(slug, decision: DecisionView, fresh_reflection: bool) -> dict[str, Markup]:
    """The parts of a revealed decision that read the same for every leader who chose
    the same option: the distribution and a fresh reflection form. Each is drawn once
    per worker and state, so the first page of each leader after a reveal (a whole
    cohort at once, in a live session) draws only what is theirs."""
    if decision.mode != "revealed":
        return {}
    dom = f"decision-{decision.key}"
    mine = decision.commitment.option_label if decision.commitment else None
    forecast = decision.commitment.forecast_label if decision.commitment else None
    parts = {}
    if decision.distribution is not None:
        chart = _chart(decision)
        parts["distribution_html"] = _parts.get_or_draw(
            ("distribution", dom, decision.distribution, decision.actual_choice, chart, mine,
             decision.commitment is not None),
            lambda: Markup(render_template("decisions/_distribution.html", dom=dom,
                                           decision=decision, chart=chart)))
    if decision.reflection_open and fresh_reflection:
        parts["reflection_form_html"] = _parts.get_or_draw(
            ("reflection", slug, dom, forecast),
            lambda: Markup(render_template(
                "decisions/_reflection_form.html", dom=dom, case_slug=slug, decision=decision,
                reflection_form=ReflectionForm(formdata=None), csrf_token=placeholder_token)))
    return parts


def _chart(decision: DecisionView):
    if decision.distribution is None or decision.distribution.too_few:
        return None
    mine = decision.commitment.option_label if decision.commitment else None
    return distribution_chart(decision.distribution, decision.actual_choice, mine)


def _serves_anonymous_copy() -> bool:
    # Flashed messages and query strings (?preview=1) make a page of its own.
    return (
        not current_user.is_authenticated
        and not request.query_string
        and "_flashes" not in session
        and not notices.waiting()
    )


def _anonymous_page(document: CaseDocument) -> Response:
    def draw() -> tuple[str, bytes]:
        html = render_case_page(read_case(current_user, document)).encode()
        return hashlib.sha256(html).hexdigest()[:32], html

    cached = _anonymous.get_or_draw((document.id, document.version), draw)
    etag, html = cached
    response = make_response(html)
    response.set_etag(etag)
    # Anyone may keep it, but must ask again before reusing it: a re-import changes it.
    response.headers["Cache-Control"] = "no-cache"
    response.vary.add("Cookie")
    return response.make_conditional(request)
