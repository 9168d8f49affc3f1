"""The cohort's private debate in two browsers: the member commits on a decision whose
reveal the facilitator holds, follows the case page's link into the cohort's debate and
posts; the facilitator, from the same case page, reads it and replies in place (htmx);
the member reloads and reads the reply; an outsider gets the "not found" page for the
room's address. Every page passes axe-core (tests/e2e/conftest.py) with no console
error."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser_support import sign_in_through_form, two_people
from tests.factories import commit, make_case, make_user
from tests.web.cohorts_support import assign, make_cohort

SENTINEL = "BROWSERROOM"


@pytest.fixture
def people(live_server):
    with live_server.app.app_context():
        case = make_case("browser-room", decisions=2, sentinel=SENTINEL,
                         title="The Browser Room Case")
        for label in "ABC":
            commit(make_user(level="executive"), case.decisions[0], label)
        fay = make_user("facilitator", email="fay@example.com", display_name="Fay Facilitator")
        max_ = make_user(email="max@example.com", display_name="Max Member", level="executive")
        make_user(email="otto@example.com", display_name="Otto Outsider")
        cohort = make_cohort(fay, "Thursday cohort", members=[max_])
        assign(fay, cohort, "browser-room", hold=True)
    return {"facilitator": "fay@example.com", "member": "max@example.com",
            "outsider": "otto@example.com", "cohort": cohort}


def test_the_cohorts_debate_from_the_case_page(live_server, browser, people):
    url = live_server.url
    (fac, member), (fac_problems, member_problems) = two_people(browser)
    room_url = f"{url}/cases/browser-room/decisions/d1/debate/rooms/{people['cohort']}"
    link = "Discuss it with Thursday cohort"

    # Before committing, the member's case page has no way into the cohort's debate.
    sign_in_through_form(member, url, people["member"])
    member.goto(url + "/cases/browser-room")
    expect(member.get_by_role("link", name=re.compile(link))).to_have_count(0)

    # The member commits on the held decision: the link shows, the outcome does not.
    member.get_by_label("Option A of decision 1").check()
    member.fill("#decision-d1-rationale", "A keeps our options open.")
    member.check("#decision-d1-confidence-80")
    member.click("#decision-d1 button:has-text('Commit my choice')")
    expect(member.locator("#decision-d1 .sealed-commitment")).to_contain_text("You chose A")
    expect(member.locator("#decision-d1 .room-links")).to_contain_text("0 posts")
    assert SENTINEL not in member.content()

    # The member follows the link into the cohort's debate and posts.
    member.locator("#decision-d1").get_by_role("link", name=re.compile(link)).click()
    expect(member.locator("#debate-title")).to_contain_text("Thursday cohort: debate")
    assert member.url.split("?")[0].split("#")[0] == room_url
    member.check("#stance-0")
    member.fill("#body", "Option A buys us **time** to learn.")
    member.click("button:has-text('Post')")
    posted = member.locator("article.post.highlight")
    expect(posted).to_contain_text("Option A buys us time to learn.")
    post_id = re.search(r"post-(\d+)", member.url).group(1)
    assert SENTINEL not in member.content()

    # The facilitator finds the post from the case page and replies in place.
    sign_in_through_form(fac, url, people["facilitator"])
    fac.goto(url + "/cases/browser-room")
    expect(fac.locator("#decision-d1 .room-links")).to_contain_text("1 post in")
    fac.locator("#decision-d1").get_by_role("link", name=re.compile(link)).click()
    expect(fac.locator(f"#post-{post_id}")).to_contain_text("Option A buys us time to learn.")
    fac.locator(f"#post-{post_id} > .post-actions .reply-link").click()
    fac.fill(f"#reply-body-{post_id}", "What would you learn first, Max?")
    fac.locator(f"#post-{post_id} .reply-form button[type=submit]").click()
    expect(fac.locator(f"#replies-{post_id} article.post")).to_contain_text(
        "What would you learn first, Max?")

    # The member reloads the cohort's debate and reads the reply.
    member.goto(room_url)
    expect(member.locator(f"#replies-{post_id} article.post")).to_contain_text(
        "What would you learn first, Max?")
    assert SENTINEL not in member.content()

    # An outsider, signed in, gets the site's "not found" page for the room's address.
    outsider = browser.new_context().new_page()
    outsider.set_default_timeout(10_000)
    sign_in_through_form(outsider, url, people["outsider"])
    response = outsider.goto(room_url)
    assert response.status == 404
    expect(outsider.locator("h1")).to_have_text("Not found")
    assert "Thursday cohort" not in outsider.content()
    assert "Option A buys us" not in outsider.content()

    for page in (fac, member, outsider):
        page.context.close()
    assert fac_problems == [] and member_problems == [], (fac_problems, member_problems)
