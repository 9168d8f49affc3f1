"""A facilitator and a member in two browsers: the facilitator starts a cohort, makes an
invitation and assigns a case with the reveal held; the member joins with the link,
commits and sees no outcome; the facilitator reveals; the member reloads and sees it.
Every cohort page on the way passes axe-core, under the site's CSP, with no console
errors."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.browser_support import watch_console
from tests.factories import DEFAULT_PASSWORD, commit, make_case, make_user

SENTINEL = "BROWSERHELD"
_axe = Axe()


@pytest.fixture
def people(live_server):
    with live_server.app.app_context():
        case = make_case("browser-cohort", decisions=2, sentinel=SENTINEL,
                         title="The Browser Cohort Case")
        for label in "ABBC":
            commit(make_user(level="executive"), case.decisions[0], label)
        make_user("facilitator", email="fay@example.com", display_name="Fay Facilitator")
        make_user(email="max@example.com", display_name="Max Member", level="executive")
    return {"facilitator": "fay@example.com", "member": "max@example.com"}


def _sign_in(page, url: str, email: str) -> None:
    page.goto(url + "/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.click("button:has-text('Sign in')")
    expect(page.locator(".nav-account")).to_be_visible()


def _accessible(page) -> None:
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_held_reveal_from_invitation_to_reveal(live_server, browser, people):
    url = live_server.url
    fac_context, member_context = browser.new_context(), browser.new_context()
    fac, member = fac_context.new_page(), member_context.new_page()
    for page in (fac, member):
        page.set_default_timeout(10_000)
    fac_problems, member_problems = watch_console(fac), watch_console(member)

    # The facilitator starts a cohort.
    _sign_in(fac, url, people["facilitator"])
    fac.click("nav.site-nav >> text=Cohorts")
    _accessible(fac)
    fac.click("text=Start a cohort")
    _accessible(fac)
    fac.get_by_label("Name").fill("Browser cohort")
    fac.get_by_label("Description").fill("We meet on Thursdays.")
    fac.get_by_label("Time zone").fill("Europe/Paris")
    fac.get_by_label("Level").select_option("executive")
    fac.click("button:has-text('Start the cohort')")
    expect(fac.locator("h1")).to_have_text("Browser cohort")
    _accessible(fac)

    # An invitation link, then the case in the programme with its reveal held.
    fac.click("nav.cohort-tabs >> text=Invitations")
    _accessible(fac)
    fac.get_by_label("Uses allowed").fill("5")
    fac.click("button:has-text('Make an invitation link')")
    link = fac.locator(".invitation-link").first.inner_text().strip()
    assert link.startswith(url + "/cohorts/join/")
    _accessible(fac)
    fac.click("nav.cohort-tabs >> text=Programme and reveal")
    fac.get_by_label("Case", exact=True).select_option("browser-cohort")
    fac.get_by_label("Due date").fill("2030-06-01")
    fac.get_by_label("Session notes").fill("Come with **one** argument.")
    expect(fac.get_by_label("Hold the reveal of every decision until I reveal it")).to_be_checked()
    fac.click("button:has-text('Assign the case')")
    expect(fac.locator(".assignment h3")).to_have_text("The Browser Cohort Case")
    _accessible(fac)

    # The member, in another browser, joins with the link.
    _sign_in(member, url, people["member"])
    member.goto(link)
    expect(member.locator("h1")).to_have_text("Join Browser cohort")
    _accessible(member)
    member.click("button:has-text('Join the cohort')")
    expect(member.locator(".flash")).to_contain_text("Welcome to the cohort")
    expect(member.locator(".assignment")).to_contain_text("0 of 2 decisions committed")
    _accessible(member)

    # The member commits on the held decision and sees no outcome.
    member.click(".assignment h3 >> text=The Browser Cohort Case")
    member.get_by_label("Option A of decision 1").check()
    member.fill("#decision-d1-rationale", "A keeps our options open.")
    member.check("#decision-d1-confidence-80")
    member.click("#decision-d1 button:has-text('Commit my choice')")
    expect(member.locator(".flash")).to_contain_text("The outcome opens when your facilitator reveals it")
    expect(member.locator("#decision-d1 .sealed-commitment")).to_contain_text("You chose A")
    assert SENTINEL not in member.content()
    assert "leaders chose" not in member.content()
    member.goto(url + "/cohorts")
    _accessible(member)

    # The facilitator sees one of one member committed, and reveals.
    fac.reload()
    expect(fac.locator(".assignment table.decision-states")).to_contain_text("1 of 1")
    fac.get_by_role("button", name="Reveal to the cohort: decision 1 of The Browser Cohort Case").click()
    expect(fac.locator(".flash")).to_contain_text("Revealed")
    _accessible(fac)
    fac.click("nav.cohort-tabs >> text=Roster")
    expect(fac.locator("table.roster")).to_contain_text("Max Member")
    _accessible(fac)

    # The member reloads the case: the outcome, the real choice, the distribution.
    member.goto(url + "/cases/browser-cohort")
    expect(member.locator("#decision-d1 .outcome")).to_contain_text(f"OUTCOME-{SENTINEL}-1")
    expect(member.locator("#decision-d1 .distribution")).to_contain_text("What 5 leaders chose")
    assert f"OUTCOME-{SENTINEL}-2" not in member.content()

    fac_context.close()
    member_context.close()
    assert fac_problems == [] and member_problems == [], (fac_problems, member_problems)
