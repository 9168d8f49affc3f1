"""Text pasted from a terminal (an ESC colour code) in a real browser: the form comes back
with the reader's text and the message beside the field, in place for an htmx reply,
and nothing is posted."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from casebook.debates.models import Post
from casebook.decisions.models import Commitment
from casebook.extensions import db
from tests.e2e.browser_support import watch_console
from tests.e2e.test_debates_browser import _signed_in_context
from tests.factories import commit, make_case, make_user
from tests.web.debates_support import add_post

PASTED = "Copied from a terminal: \x1b[31mred\x1b[0m"
REFUSED = "contains a control character (such as NUL or ESC)"


@pytest.fixture
def reader(live_server):
    with live_server.app.app_context():
        case = make_case("pasted-case", decisions=2)
        first = case.decisions[0]
        leader = make_user(display_name="Paste Leader")
        other = make_user(display_name="Other Leader")
        commit(leader, first, "A")
        commit(other, first, "B")
        post = add_post(first, other, "A post to answer.", stance="B")
        return {"leader": leader.id, "post": post.id}


def _count(live_server, model) -> int:
    with live_server.app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_pasted_control_character_in_an_htmx_reply_is_shown_beside_the_field(
    live_server, browser, reader
):
    context = _signed_in_context(browser, live_server, reader["leader"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = watch_console(page)
    page.goto(live_server("/cases/pasted-case/decisions/d1/debate"))
    page.evaluate("() => { window.__stayed = 'yes'; }")
    post = reader["post"]
    page.locator(f"#post-{post} > .post-actions .reply-link").click()
    page.fill(f"#reply-body-{post}", PASTED)
    page.locator(f"#post-{post} .reply-form button[type=submit]").click()

    expect(page.locator(f"#reply-error-{post}")).to_contain_text(REFUSED)
    expect(page.locator(f"#reply-body-{post}")).to_have_value(PASTED)
    assert page.evaluate("() => window.__stayed") == "yes"  # swapped in place
    assert _count(live_server, Post) == 1
    assert problems == [f"400 {live_server(f'/debates/posts/{post}/reply')}"]  # that one only
    context.close()


def test_a_pasted_control_character_in_a_commitment_is_shown_beside_the_field(
    live_server, browser, reader
):
    context = _signed_in_context(browser, live_server, reader["leader"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server("/cases/pasted-case"))
    page.check("#decision-d2-option-B")
    page.fill("#decision-d2-rationale", PASTED)
    page.check("#decision-d2-confidence-70")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click("#decision-d2 >> text=Commit my choice")
    assert answer.value.status == 400
    expect(page.locator("#decision-d2-rationale-error")).to_contain_text(
        f"“Why this option?” {REFUSED}")
    expect(page.locator("#decision-d2-rationale")).to_have_value(PASTED)
    assert _count(live_server, Commitment) == 2
    context.close()
