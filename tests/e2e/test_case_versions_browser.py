"""A leader who committed before the case was edited sees, in the reveal, how the
decision read then, beside the current text; the page passes axe-core (the e2e conftest
checks every page loaded, at desktop and phone width)."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.browser_support import sign_in_through_form
from tests.factories import make_user
from tests.web.test_decisions_case_versions import FIRST, SECOND, SLUG, case_text, publish


def test_the_reveal_shows_the_decision_as_it_read_when_the_leader_committed(live_server, page):
    app, url = live_server.app, live_server.url
    publish(app, case_text(FIRST))
    with app.app_context():
        make_user(email="lea@example.com", level="executive")
    sign_in_through_form(page, url, "lea@example.com")
    page.goto(f"{url}/cases/{SLUG}")
    page.locator("#decision-cranes input[name=option]").first.check()
    page.fill("#decision-cranes-rationale", "Buying keeps the harbour's costs ours to set.")
    page.check("#decision-cranes-confidence-70")
    page.click("#decision-cranes button:has-text('Commit my choice')")
    expect(page.locator("#decision-cranes .outcome").first).to_contain_text("OUTCOME-ONE-FIRST")

    publish(app, case_text(SECOND))  # an editor republishes with a new outcome text
    page.reload()
    then = page.locator("#decision-cranes .then-version")
    expect(then).to_contain_text("You committed under the version of")
    expect(then.locator(".outcome")).to_contain_text("OUTCOME-ONE-FIRST")
    expect(page.locator("#decision-cranes .reveal > .outcome")).to_contain_text("OUTCOME-ONE-SECOND")
