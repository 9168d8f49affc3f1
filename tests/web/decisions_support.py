"""Helpers shared by the decisions tests: sign-in, posting a commitment or a reflection."""
from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from types import SimpleNamespace

from sqlalchemy import func, select

from casebook.cases.models import Decision
from casebook.decisions.models import Commitment, Reflection
from casebook.extensions import db
from tests.factories import sign_in

__all__ = ["sign_in"]


def ref(user) -> SimpleNamespace:
    """What a test keeps of a user past its app context."""
    return SimpleNamespace(id=user.id, session_version=user.session_version)


def decision_of(case_id: int, number: int = 1) -> Decision:
    return db.session.scalar(
        select(Decision).where(Decision.case_id == case_id, Decision.number == number)
    )


def commit_form(**fields) -> dict:
    data = {"option": "A", "rationale": "The cash runs out before the market turns.",
            "confidence": "70"}
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def post_commit(client, slug: str, key: str = "d1", **fields):
    return client.post(f"/cases/{slug}/decisions/{key}/commit", data=commit_form(**fields))


def move_clock(monkeypatch, by: timedelta = timedelta(hours=25)) -> None:
    """Run the one clock (casebook.clock.utcnow) `by` ahead: by default past the day a
    hindsight check waits after committing (decisions/hindsight.py). Stored times
    (created_at) keep the real clock, so a commitment made now is `by` old."""
    from casebook import clock

    real = clock.utcnow
    monkeypatch.setattr(clock, "utcnow", lambda: real() + by)


def reflection_form(**fields) -> dict:
    data = {"hindsight_rating": "4", "would_change": "no", "note": ""}
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def post_reflection(client, slug: str, key: str = "d1", **fields):
    return client.post(f"/cases/{slug}/decisions/{key}/reflection", data=reflection_form(**fields))


def commitments_of(user_id: int) -> list[Commitment]:
    return list(db.session.scalars(select(Commitment).where(Commitment.user_id == user_id)))


def count_commitments() -> int:
    return db.session.scalar(select(func.count()).select_from(Commitment))


def count_reflections() -> int:
    return db.session.scalar(select(func.count()).select_from(Reflection))


class _ExecutableFinder(HTMLParser):
    """Collects what a browser would run or style in a piece of HTML: the leak of an XSS."""

    DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "form", "base"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.DANGEROUS_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self.found.append(f"{tag}[{name}]")
            if name in ("href", "src", "action") and value:
                scheme = "".join(value.split()).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:text")):
                    self.found.append(f"{tag}[{name}={value}]")


def executable_bits(html: str) -> list[str]:
    """Elements and attributes in `html` that could run script or restyle the page."""
    finder = _ExecutableFinder()
    finder.feed(html)
    finder.close()
    return finder.found


_ARGUMENT = re.compile(r"<(?:(?P<converter>[a-z]+)(?:\((?P<options>[^)]*)\))?:)?(?P<name>\w+)>")


def every_get_url(app, slug: str, keys=("d1", "d2"), ids=(1, 2, 3), strings=None) -> list[str]:
    """Every GET route of the app, filled with sample arguments about the case under test.

    `ids` are the values for id parameters: a list for all of them, or a mapping from the
    parameter's name (post_id, user_id ...) to the ids of real rows. `strings` maps other
    parameters' names (an invitation's code) to real values; the rest get "x".
    """
    strings = strings or {}
    urls: set[str] = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        if rule.endpoint == "static":
            urls.add("/static/css/site.css")
            continue
        variants = [""]
        for match in _ARGUMENT.finditer(rule.rule):
            converter, options, name = match.group("converter", "options", "name")
            if converter in ("id", "int", "float"):
                chosen = ids.get(name, ()) if isinstance(ids, dict) else ids
                values = [str(i) for i in chosen] or ["1"]
            elif converter == "any":
                values = [o.strip().strip("'\"") for o in options.split(",")]
            elif name == "key":
                values = list(keys)
            elif name == "slug":
                values = [slug]
            elif name in strings:
                values = list(strings[name])
            else:
                values = ["x"]
            variants = [v + "\0" + value for v in variants for value in values]
        for variant in variants:
            values = iter(variant.split("\0")[1:])
            urls.add(_ARGUMENT.sub(lambda _m: next(values), rule.rule))
    extras = [
        f"/cases/{slug}?preview=1",
        f"/cases/{slug}/no-such-page",
        "/sign-out",  # GET on a POST route: 405 page
        "/?q=outcome", "/?q=hindsight", "/?q=after", "/?q=debate", "/?q=question+2",
        "/definitely-missing",
    ]
    return sorted(urls) + extras


def responses_containing(client, urls, needles) -> list[str]:
    """`url: needle` for every response (HTML or JSON) that contains a needle."""
    found = []
    for url in urls:
        for accept in ("text/html", "application/json"):
            response = client.get(url, headers={"Accept": accept})
            body = response.get_data(as_text=True)
            response.close()  # static files hold an open file until closed
            found += [f"{url} ({accept}): {n}" for n in needles if n in body]
    return found
