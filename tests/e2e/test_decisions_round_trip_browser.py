"""The commit round trip in a real browser, at desktop and phone width: an empty commit
shows every error in view with the focus on the first; a commit lands with the outcome
in view; My decisions never scrolls sideways on a phone."""
import pytest
from playwright.sync_api import expect

from tests.e2e.browser_support import watch_console
from tests.factories import DEFAULT_PASSWORD, commit, make_case, make_user

LONG = ("Partner deeply with a platform owner, hand it the software of every phone, and take "
        "its money and engineers in return for a say in the design ({label}).")


@pytest.fixture
def leader(live_server):
    """A long case (the decision far down the page), long options, and a leader."""
    from casebook.extensions import db

    with live_server.app.app_context():
        case = make_case("long-case", decisions=2, sentinel="LONGCASE")
        case.sections[0].html = "<p>" + "Background that takes a while to read. " * 400 + "</p>"
        for decision in case.decisions:
            for option in decision.options:
                option.html = LONG.format(label=option.label)
        db.session.commit()
        return make_user(email="grace@example.com", display_name="Grace Leader").email


def _sign_in(page, live_server, email):
    page.goto(live_server.url + "/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).not_to_have_text("Sign in")


def _in_view(page, selector: str) -> bool:
    """Whether the element's box lies inside the window (top and bottom edge)."""
    return page.locator(selector).first.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }"
    )


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_an_empty_commit_shows_its_errors_in_view_with_the_focus_on_the_first(
        live_server, page, leader, width, height):
    problems = watch_console(page)
    page.set_viewport_size({"width": width, "height": height})
    _sign_in(page, live_server, leader)
    page.goto(live_server.url + "/cases/long-case")
    page.click("#decision-d1 button:has-text('Commit my choice')")
    expect(page.locator("#decision-d1-form-errors")).to_contain_text("3 answers need your attention")
    assert page.evaluate("document.activeElement.id") == "decision-d1-option-A"
    assert _in_view(page, "#decision-d1-form-errors")  # every message, listed
    assert _in_view(page, "#decision-d1-option-error")  # and the first beside its field
    for error in ("#decision-d1-option-error", "#decision-d1-rationale-error", "#decision-d1-confidence-error"):
        expect(page.locator(error)).to_be_visible()
    # The address bar holds the write's address; opening it again shows the case.
    assert page.url.endswith("/cases/long-case/decisions/d1/commit")
    response = page.goto(page.url)
    assert response.status == 200 and page.url.endswith("/cases/long-case#decision-d1")
    assert problems == [f"422 {live_server.url}/cases/long-case/decisions/d1/commit"], problems


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_a_commit_lands_with_the_outcome_in_view(live_server, page, leader, width, height):
    problems = watch_console(page)
    page.set_viewport_size({"width": width, "height": height})
    _sign_in(page, live_server, leader)
    page.goto(live_server.url + "/cases/long-case")
    page.get_by_label("C Partner deeply").check()
    page.fill("#decision-d1-rationale", "A platform owner's money buys the time we lack.")
    page.get_by_role("radio", name="70 %").check()
    page.click("#decision-d1 button:has-text('Commit my choice')")
    expect(page.locator("#decision-d1-outcome .notice")).to_have_text(
        "Your choice is sealed. Here is what really happened.")
    assert page.url.endswith("/cases/long-case#decision-d1-outcome")
    assert _in_view(page, "#decision-d1-outcome .notice")
    assert _in_view(page, "#decision-d1-reveal-title")  # "What really happened"
    assert _in_view(page, "#decision-d1 .actual-choice")
    assert problems == [], problems


def test_my_decisions_on_a_phone_does_not_scroll_sideways(live_server, page, leader):
    from casebook.extensions import db
    from sqlalchemy import select

    from casebook.accounts.models import User
    from casebook.cases.models import Case

    with live_server.app.app_context():
        user = db.session.scalar(select(User).where(User.email == leader))
        case = db.session.scalar(select(Case).where(Case.slug == "long-case"))
        commit(user, case.decisions[0], "C", 80, forecast_label="B", forecast_probability=60)
        commit(user, case.decisions[1], "A", 55)
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page, live_server, leader)
    page.goto(live_server.url + "/me/decisions")
    expect(page.locator(".record-row")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The full option text is there on demand.
    details = page.locator(".record-row details").first
    expect(details.locator("ul")).to_be_hidden()
    details.locator("summary").click()
    expect(details.locator("ul")).to_contain_text("(A)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # So does the case page with its forms.
    page.goto(live_server.url + "/cases/long-case")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
