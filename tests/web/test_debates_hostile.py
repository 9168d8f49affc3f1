"""Hostile posts: nothing executable reaches the page; hostile sizes and encodings get a
form error (4xx), never a 500, and nothing is stored."""

import re
import time
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from casebook.debates.threads import PAGE_SIZE

from casebook.debates.models import Post
from casebook.extensions import db
from tests.web.debates_support import (
    add_post,
    debate_path,
    decision_of,
    leader_who_committed,
    make_case,
    ref,
    sign_in,
)

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<a href='vbscript:msgbox(1)'>x</a>",
    '[x](https://example.com"onmouseover="alert(1))',
    "## Heading {: onclick=alert(1) }",
    '[link](https://example.com){: onclick="alert(1)" style="x" }',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{display:none}</style>",
    "<object data=x></object><embed src=x>",
    "<form action=https://evil.example><button>go</button></form>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<!-- <script>alert(1)</script> -->",
    "<details open ontoggle=alert(1)>",
    "<base href=https://evil.example/>",
    "<meta http-equiv=refresh content=0;url=https://evil.example>",
    "```\n</code><script>alert(1)</script>\n```",
    "`<script>alert(1)</script>`",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<a href="&#106;avascript:alert(1)">x</a>',
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "[x](  javascript:alert(1)  )",
    '<div hx-get="/moderation/log" hx-trigger="load">htmx attribute</div>',
    '<a hx-post="/notifications/read" hx-trigger="load">htmx attribute</a>',
]
DANGEROUS_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "base",
    "meta",
    "math",
    "svg",
    "link",
}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")


class _Scanner(HTMLParser):
    """Collects everything executable in a page, besides the site's own htmx script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_post = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not (attributes.get("src") or "").startswith("/static/js/htmx-"):
            self.problems.append(f"script {attrs}")
        elif tag in DANGEROUS_TAGS - {"script", "meta", "link"}:
            self.problems.append(f"<{tag}>")
        elif tag == "meta" and attributes.get("http-equiv"):
            self.problems.append("meta http-equiv")
        for name, value in attrs:
            value = (value or "").strip().lower().replace("\t", "").replace("\n", "")
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag} {name}")
            # The site's own htmx attributes: posts to its forms' actions and the reply link's
            # hx-get of a reply form. Anything else (hx-trigger, hx-get elsewhere) is a poster's.
            own_get = name == "hx-get" and re.fullmatch(r"/debates/posts/\d+/reply", value or "")
            if name.startswith(("hx-", "data-hx-")) and not (
                own_get or name in ("hx-post", "hx-target", "hx-swap")
            ):
                self.problems.append(f"{tag} {name}")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value.startswith(
                DANGEROUS_SCHEMES
            ):
                self.problems.append(f"{tag} {name}={value}")
            if name in ("action",) and not value.startswith("/"):
                self.problems.append(f"form to {value}")


def _executable_bits(html: str) -> list[str]:
    scanner = _Scanner()
    scanner.feed(html)
    return scanner.problems


def test_the_scanner_itself_spots_executable_markup():
    for bad in (
        "<img src=x onerror=alert(1)>",
        "<script>x</script>",
        '<a href=" javascript:x">',
        '<div style="x">',
        "<iframe></iframe>",
        '<div hx-get="/x" hx-trigger="load">',
        '<form action="https://evil.example">',
    ):
        assert _executable_bits(bad), bad
    assert (
        _executable_bits('<script src="/static/js/htmx-2.0.11.min.js"></script><p>fine</p>') == []
    )


@pytest.fixture
def poster(app, rollback, client):
    with app.app_context():
        case = make_case("hostile", decisions=1)
        user = leader_who_committed(case, display_name="Poster")
        sign_in(client, user)
        return ref(user)


def _stored_posts(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Post))


def test_xss_corpus_leaves_nothing_executable_in_the_page(app, client, poster):
    accepted = 0
    for payload in XSS_CORPUS:
        response = client.post(debate_path("hostile"), data={"stance": "A", "body": payload})
        # Markup is made harmless, not refused; only a payload with no words left is.
        if "renders to nothing" in response.get_data(as_text=True):
            assert response.status_code == 422, payload
        else:
            assert response.status_code == 302, payload
            accepted += 1
    assert _stored_posts(app) == accepted
    pages = -(-accepted // PAGE_SIZE)
    for number in range(1, pages + 1):
        page = client.get(debate_path("hostile") + f"?page={number}").get_data(as_text=True)
        assert _executable_bits(page) == []
    assert "alert(1)" in client.get(debate_path("hostile")).get_data(as_text=True)  # inert text


def test_hostile_text_in_replies_history_json_and_notifications_stays_inert(app, client, poster):
    top = client.post(debate_path("hostile"), data={"stance": "A", "body": "Top"}).headers[
        "Location"
    ]
    top_id = int(top.rsplit("/", 1)[1])
    for payload in XSS_CORPUS[:10]:
        client.post(f"/debates/posts/{top_id}/reply", data={"body": payload})
    client.post(
        f"/debates/posts/{top_id}/edit", data={"body": "<img src=x onerror=alert(1)> edited"}
    )
    for path in (
        debate_path("hostile"),
        f"/debates/posts/{top_id}/thread",
        f"/debates/posts/{top_id}/history",
    ):
        assert _executable_bits(client.get(path).get_data(as_text=True)) == [], path
    api = client.get("/api/v1/cases/hostile/decisions/d1/debate").get_data(as_text=True)
    assert "<script" not in api and "onerror" not in api


def test_hostile_display_names_are_escaped(app, client, rollback):
    with app.app_context():
        case = make_case("names", decisions=1)
        villain = leader_who_committed(case, display_name="<script>alert(1)</script>")
        add_post(decision_of(case), villain, "Hello", stance="B")
        sign_in(client, villain)
    page = client.get(debate_path("names")).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize(
    "body",
    [
        "x" * 20_001,
        "word " * 4_001,
        "   \n\t  ",
        "",
    ],
)
def test_hostile_sizes_and_blank_bodies_are_a_form_error_and_store_nothing(app, client, poster, body):
    before = _stored_posts(app)
    response = client.post(debate_path("hostile"), data={"stance": "A", "body": body})
    assert response.status_code == 422
    assert 'class="field-error"' in response.get_data(as_text=True)
    assert _stored_posts(app) == before


@pytest.mark.parametrize("body", ["a\x00b", "\x00", "bell \x07 character", "escape \x1b[31m sequence"])
def test_control_characters_are_refused_by_the_one_text_policy(app, client, poster, body):
    before = _stored_posts(app)
    response = client.post(debate_path("hostile"), data={"stance": "A", "body": body})
    assert response.status_code == 400
    assert "control character" in response.get_data(as_text=True)
    assert _stored_posts(app) == before


def test_exactly_twenty_thousand_characters_are_accepted(app, client, poster):
    response = client.post(debate_path("hostile"), data={"stance": "A", "body": "y" * 20_000})
    assert response.status_code == 302
    assert _stored_posts(app) == 1


def test_windows_newlines_count_once(app, client, poster):
    body = ("z" * 98 + "\r\n") * 200  # 20,000 characters once CRLF becomes LF
    assert (
        client.post(debate_path("hostile"), data={"stance": "A", "body": body}).status_code == 302
    )


@pytest.mark.parametrize(
    "raw",
    [
        b"stance=A&body=%FF%FE%FD",
        b"stance=A&body=ok%C3%28",
        b"stance=A&body=%ED%A0%80",  # an encoded surrogate
        b"stance=%FF&body=fine",
    ],
)
def test_invalid_utf8_is_refused_with_a_clear_400(app, client, poster, raw):
    response = client.post(
        debate_path("hostile"), data=raw, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "not valid UTF-8" in response.get_data(as_text=True)
    assert _stored_posts(app) == 0


def test_an_encoded_nul_is_refused_as_a_control_character(app, client, poster):
    response = client.post(debate_path("hostile"), data=b"stance=A&body=%00",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "control character" in response.get_data(as_text=True)
    assert _stored_posts(app) == 0


def test_invalid_utf8_in_a_multipart_reply_is_refused(app, client, poster):
    top = client.post(debate_path("hostile"), data={"stance": "A", "body": "Top"}).headers[
        "Location"
    ]
    top_id = int(top.rsplit("/", 1)[1])
    boundary = "BOUNDARY"
    raw = (
        (f'--{boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\n').encode()
        + b"bad \xff\xfe bytes\r\n"
        + f"--{boundary}--\r\n".encode()
    )
    response = client.post(
        f"/debates/posts/{top_id}/reply",
        data=raw,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 400
    assert "not valid UTF-8" in response.get_data(as_text=True)
    assert _stored_posts(app) == 1


def test_a_body_over_the_request_limit_is_413(app, client, poster):
    response = client.post(
        debate_path("hostile"), data={"stance": "A", "body": "x" * (3 * 1024 * 1024)}
    )
    assert response.status_code == 413
    assert _stored_posts(app) == 0


def test_pathological_markdown_is_refused_quickly(app, client, poster):
    started = time.perf_counter()
    response = client.post(debate_path("hostile"), data={"stance": "A", "body": "[" * 19_000})
    assert time.perf_counter() - started < 5
    assert response.status_code == 422
    assert "brackets" in response.get_data(as_text=True)
    assert _stored_posts(app) == 0


def test_hostile_stance_and_query_values_are_4xx(app, client, poster):
    assert (
        client.post(debate_path("hostile"), data={"stance": "<script>", "body": "x"}).status_code
        == 422
    )
    for query in ("?sort=%00", "?stance=%FF", "?page=99999999999999999999", "?highlight=%00",
                  "?highlight=99999999999999999999"):
        assert client.get(debate_path("hostile") + query).status_code == 400, query
