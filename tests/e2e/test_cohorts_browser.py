"""A facilitator and a member in two browsers: the facilitator starts a cohort, makes an
invitation and assigns a case with the reveal held; the member joins with the link,
commits and sees no outcome; the facilitator reveals; the member reloads and sees it.
Every cohort page on the way passes axe-core, under the site's CSP, with no console
errors."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.browser_support import sign_in_through_form, two_people
from tests.factories import commit, make_case, make_user

SENTINEL = "BROWSERHELD"


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






def test_a_held_reveal_from_invitation_to_reveal(live_server, browser, people):
    url = live_server.url
    (fac, member), (fac_problems, member_problems) = two_people(browser)

    # The facilitator starts a cohort.
    sign_in_through_form(fac, url, people["facilitator"])
    fac.click("nav.site-nav >> text=Cohorts")
    fac.click("text=Start a cohort")
    fac.get_by_label("Name").fill("Browser cohort")
    fac.get_by_label("Description").fill("We meet on Thursdays.")
    fac.get_by_label("Time zone").fill("Europe/Paris")
    fac.get_by_label("Level").select_option("executive")
    fac.click("button:has-text('Start the cohort')")
    expect(fac.locator("h1")).to_have_text("Browser cohort")

    # An invitation link, then the case in the programme with its reveal held.
    fac.click("nav.cohort-tabs >> text=Invitations")
    fac.get_by_label("Uses allowed").fill("5")
    fac.click("button:has-text('Make an invitation link')")
    link = fac.locator(".invitation-link").first.inner_text().strip()
    assert link.startswith(url + "/cohorts/join/")
    fac.click("nav.cohort-tabs >> text=Programme and reveal")
    fac.get_by_label("Case", exact=True).select_option("browser-cohort")
    fac.get_by_label("Due date").fill("2030-06-01")
    fac.get_by_label("Session notes").fill("Come with **one** argument.")
    expect(fac.get_by_label("Hold the reveal of every decision until I reveal it")).to_be_checked()
    fac.click("button:has-text('Assign the case')")
    expect(fac.locator(".assignment h3")).to_have_text("The Browser Cohort Case")

    # The member, in another browser, joins with the link.
    sign_in_through_form(member, url, people["member"])
    member.goto(link)
    expect(member.locator("h1")).to_have_text("Join Browser cohort")
    member.click("button:has-text('Join the cohort')")
    expect(member.locator(".flash")).to_contain_text("Welcome to the cohort")
    expect(member.locator(".assignment")).to_contain_text("0 of 2 decisions committed")

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

    # The facilitator sees one of one member committed, and reveals.
    fac.reload()
    expect(fac.locator(".assignment table.decision-states")).to_contain_text("1 of 1")
    fac.get_by_role("button", name="Reveal to the cohort: decision 1 of The Browser Cohort Case").click()
    expect(fac.locator(".flash")).to_contain_text("Revealed")
    fac.click("nav.cohort-tabs >> text=Roster")
    expect(fac.locator("table.roster")).to_contain_text("Max Member")
    fac.click("nav.cohort-tabs >> text=Dashboard")
    expect(fac.locator(".dashboard-decision").first).to_contain_text("1 of 1 members committed")
    fac.click("text=Who chose what")
    expect(fac.locator(".member-choices")).to_contain_text("Max Member")
    fac.click("nav.cohort-tabs >> text=Debrief")
    expect(fac.locator("article.debrief").first).to_contain_text(f"OUTCOME-{SENTINEL}-1")
    expect(fac.get_by_role("button", name="Print this page")).to_be_visible()

    # The member reloads the case: the outcome, the real choice, the distribution.
    member.goto(url + "/cases/browser-cohort")
    expect(member.locator("#decision-d1 .outcome")).to_contain_text(f"OUTCOME-{SENTINEL}-1")
    expect(member.locator("#decision-d1 .distribution")).to_contain_text("What 5 leaders chose")
    assert f"OUTCOME-{SENTINEL}-2" not in member.content()

    fac.context.close()
    member.context.close()
    assert fac_problems == [] and member_problems == [], (fac_problems, member_problems)
