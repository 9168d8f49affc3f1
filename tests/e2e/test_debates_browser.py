"""A debate in a real browser: commit, open the debate, post, reply and react in place
(htmx, under the site's CSP), then see the notification as the other member."""

import re

import pytest
from playwright.sync_api import expect

from casebook.extensions import db
from tests.factories import DEFAULT_PASSWORD, commit, login_id, make_case, make_user
from tests.e2e.browser_support import watch_console


def _signed_in_context(browser, live_server, user_id: int, **options):
    """A browser context carrying a session cookie for the user, as after signing in."""
    app = live_server.app
    with app.app_context():
        session_id = login_id(user_id)
    serializer = app.session_interface.get_signing_serializer(app)
    cookie = serializer.dumps({"_user_id": session_id, "_fresh": True})
    context = browser.new_context(**options)
    context.add_cookies(
        [{"name": app.config["SESSION_COOKIE_NAME"], "value": cookie, "url": live_server.url}]
    )
    return context


def _sign_in_through_the_site(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/")
    page.click(".site-nav >> text=Sign in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.click("button:has-text('Sign in')")
    expect(page.locator(".nav-account")).to_be_visible()


@pytest.fixture
def members(live_server):
    with live_server.app.app_context():
        case = make_case("browser-debate", decisions=1)
        ada = make_user(email="ada@example.com", display_name="Ada Browser")
        ben = make_user(email="ben@example.com", display_name="Ben Browser")
        commit(ben, case.decisions[0], "B", 80)
        return {"ada": ada.id, "ben": ben.id}


def test_commit_debate_reply_react_and_notification(live_server, browser, members):
    # Ada signs in, commits on the case page, then follows the link into the debate.
    ada_context = browser.new_context()
    ada = ada_context.new_page()
    ada.set_default_timeout(10_000)
    ada_problems = watch_console(ada)
    _sign_in_through_the_site(ada, live_server, "ada@example.com")
    ada.goto(live_server.url + "/cases/browser-debate")
    expect(ada.locator("text=Join the debate")).to_have_count(0)
    ada.check("#decision-d1-option-A")
    ada.fill("#decision-d1-rationale", "Option A keeps our options open.")
    ada.check("#decision-d1-confidence-70")
    ada.click("text=Commit my choice")
    expect(ada.locator("text=What really happened").first).to_be_visible()
    ada.click("text=Join the debate on this decision")
    expect(ada.locator("#debate-title")).to_contain_text("Debate:")
    expect(ada.locator(".pinned")).to_contain_text("DEBATE-BROWSER-DEBATE-1")
    debate_url = ada.url.split("#")[0]

    # Ada posts a top-level argument for A (a plain form: post, redirect, highlighted).
    ada.check("#stance-0")
    ada.fill("#body", "Opening **argument** for A")
    ada.click("button:has-text('Post')")
    expect(ada.locator("article.post.highlight")).to_contain_text("Opening argument for A")
    expect(ada.locator("article.post.highlight .post-meta")).to_contain_text("chose A “Option A of decision 1”, 70 %")
    post_id = re.search(r"post-(\d+)", ada.url).group(1)

    # Ben replies and reacts in place: no page load, the URL stays, the reply appears.
    ben_context = _signed_in_context(browser, live_server, members["ben"])
    ben = ben_context.new_page()
    ben.set_default_timeout(10_000)
    ben_problems = watch_console(ben)
    ben.goto(debate_url)
    marker = ben.evaluate("() => { window.__stayed = 'yes'; return location.href; }")
    ben.locator(f"#post-{post_id} > .post-actions .reply-link").click()
    ben.fill(f"#reply-body-{post_id}", "A reply from @[Ada Browser]")
    ben.locator(f"#post-{post_id} .reply-form button[type=submit]").click()
    replies = ben.locator(f"#replies-{post_id} article.post")
    expect(replies).to_contain_text("A reply from @Ada Browser")
    expect(replies).to_contain_text("chose B “Option B of decision 1”, 80 %")
    expect(ben.locator(f"#reply-body-{post_id}")).to_have_count(0)
    reaction = f"#post-{post_id} > .post-actions .reaction-form"
    expect(ben.locator(f"{reaction} button")).to_have_attribute("aria-pressed", "false")
    ben.locator(f"{reaction} button").click()
    expect(ben.locator(f"{reaction} button")).to_have_attribute("aria-pressed", "true")
    expect(ben.locator(f"{reaction} .count")).to_have_text("1")
    assert ben.evaluate("() => window.__stayed") == "yes" and ben.url == marker

    # Ada sees the reply in her notifications (one: a reply that also mentions her).
    ada.goto(live_server.url + "/cases/browser-debate")
    expect(ada.locator(".nav-notifications .badge")).to_have_text("1")
    ada.click(".nav-notifications")
    expect(ada.locator(".notifications")).to_contain_text("Ben Browser replied to your post")
    expect(ada.locator(".notifications")).to_contain_text("A reply from @Ada Browser")
    ada.click("text=Open")
    expect(ada.locator("article.post.highlight")).to_contain_text("A reply from")
    expect(ada.locator(".nav-notifications .badge")).to_have_count(0)

    assert ada_problems == [] and ben_problems == []
    ada_context.close()
    ben_context.close()


def test_the_debate_works_without_javascript(live_server, browser, members):
    context = _signed_in_context(browser, live_server, members["ben"], java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/cases/browser-debate/decisions/d1/debate")
    page.check("#stance-1")
    page.fill("#body", "No script needed")
    page.click("button:has-text('Post')")
    post = page.locator("article.post.highlight")
    expect(post).to_contain_text("No script needed")
    post_id = post.get_attribute("id").split("-")[1]
    page.locator(f"#post-{post_id} > .post-actions .reply-link").click()  # opens the reply page
    page.fill(f"#reply-body-{post_id}", "Replying without script")
    page.click(".reply-form button[type=submit]")
    expect(page.locator("article.post.highlight")).to_contain_text("Replying without script")
    context.close()
    with live_server.app.app_context():
        from casebook.debates.models import Post

        assert db.session.query(Post).count() == 2
