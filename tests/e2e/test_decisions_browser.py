"""A leader in a real browser: sign in, read a case, commit, see the reveal and the
chart, reflect, and open My decisions - under the site's CSP, with no console errors."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from casebook import clock

from tests.factories import DEFAULT_PASSWORD, commit, make_case, make_user
from tests.e2e.browser_support import watch_console


@pytest.fixture
def leader(live_server):
    with live_server.app.app_context():
        case = make_case("browser-decision", decisions=2, sentinel="BROWSERCASE")
        first = case.decisions[0]
        for label in "AABBBC":
            commit(make_user(level="executive"), first, label)
        user = make_user(email="ada@example.com", display_name="Ada Leader", level="executive")
        return user.email


def test_sign_in_commit_see_the_reveal_reflect_and_open_my_decisions(live_server, page, leader, monkeypatch):
    problems = watch_console(page)
    page.goto(live_server.url + "/cases/browser-decision")
    expect(page.locator("#decision-d1-title")).to_contain_text("Question 1")
    assert "OUTCOME-BROWSERCASE" not in page.content()

    # Sign in through the site's own page, and come back to the case.
    page.click("text=Sign in to commit your choice")
    page.get_by_label("Email address").fill(leader)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.click("button:has-text('Sign in')")
    expect(page.locator("#decision-d1 form.commit-form")).to_be_visible()
    assert "OUTCOME-BROWSERCASE" not in page.content()
    assert "leaders chose" not in page.content()

    # Commit: option C, a rationale, confidence, and a forecast that they chose B.
    page.get_by_label("Option C of decision 1").check()
    expect(page.locator("#decision-d1 .choice-card:has(input:checked) .choice-mark")).to_be_visible()
    page.fill("#decision-d1-rationale", "C keeps the *cash* we need.")
    page.get_by_role("radio", name="80 %").check()
    page.select_option("#decision-d1-forecast-label", "B")
    page.select_option("#decision-d1-forecast-probability", "60")
    page.click("#decision-d1 button:has-text('Commit my choice')")

    # The reveal: outcome, hindsight, the real choice marked, my choice, the chart.
    expect(page.locator("#decision-d1 .reveal")).to_contain_text("What really happened")
    expect(page.locator("#decision-d1 .outcome")).to_contain_text("OUTCOME-BROWSERCASE-1")
    expect(page.locator("#decision-d1 .hindsight")).to_contain_text("HINDSIGHT-BROWSERCASE-1")
    expect(page.locator("#decision-d1 li.option-actual")).to_contain_text("Option B of decision 1")
    expect(page.locator("#decision-d1 .sealed-commitment")).to_contain_text("You chose C with 80 %")
    chart = page.locator("#decision-d1 svg.chart")
    expect(chart).to_be_visible()
    assert chart.locator("rect").count() == 6  # a track and a bar per option
    expect(page.locator("#decision-d1 .distribution")).to_contain_text("What 7 leaders chose")
    expect(page.locator("text=AFTER-BROWSERCASE-1")).to_be_visible()
    expect(page.locator("#decision-d2-title")).to_be_visible()
    assert "OUTCOME-BROWSERCASE-2" not in page.content()
    # The sealed forecast waits for the hindsight check, which opens a day later.
    expect(page.locator("#decision-d1 .sealed-commitment")).not_to_contain_text("60 %")
    expect(page.locator("#decision-d1-reflect")).to_contain_text("Come back for your hindsight check")
    later = clock.utcnow() + timedelta(hours=25)
    monkeypatch.setattr(clock, "utcnow", lambda: later)  # the server runs in this process
    page.reload()

    # Reflect: recall the forecast from memory, then see it beside the sealed one.
    page.select_option("#decision-d1-recalled", "70")
    page.get_by_label("4: Probably right").check()
    page.get_by_label("No", exact=True).check()
    page.click("button:has-text('Save my reflection')")
    expect(page.locator("#decision-d1 .reflection")).to_contain_text("you recalled 70 %")
    expect(page.locator("#decision-d1 .reflection")).to_contain_text("your sealed forecast said 60 %")

    # My decisions: the commitment, its Brier score and the calibration chart.
    page.click("text=My decisions")
    expect(page.locator("h1")).to_have_text("My decisions")
    expect(page.locator(".record-list")).to_contain_text("Question 1")
    expect(page.locator(".record-list")).to_contain_text("Brier score 0.16")  # (0.6 - 1)^2
    expect(page.locator("svg.chart")).to_be_visible()
    assert problems == [], problems
