"""A live session in three browser tabs: the facilitator's controls, the projector, and a
member on the case page. The projector counts the member's commitment and the member's
page shows the outcome within a second of "Reveal", neither of them reloading; a screen
reader hears it through a live region. The pages pass axe-core (the auditor checks each
one loaded, the projector before and after the reveal).

The screenshots in docs/facilitating.md are taken here (`make screenshots`)."""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.e2e.browser_support import screenshot_folder, shoot, sign_in_through_form, two_people
from tests.factories import commit, make_user
from tests.web.cohorts_support import assign, make_cohort
from tests.web.test_cases_cli import CASES_DIR

# A real case of the library, so the guide's screenshots show what a room sees.
CASE_FILE, SLUG, KEY = "intel-memory-1985.md", "intel-memory-1985", "memory-business"


@pytest.fixture
def room(live_server):
    from casebook.cases.importer import check_files, import_results
    from casebook.cases.models import Case
    from casebook.extensions import db

    with live_server.app.app_context():
        import_results(check_files([CASES_DIR / CASE_FILE], live_server.app.config["COMPETENCIES"]))
        db.session.commit()
        first = db.session.query(Case).filter_by(slug=SLUG).one().decisions[0]
        labels = [o.label for o in first.options]
        for n in range(7):  # other leaders of the site, for the "all leaders" figures
            commit(make_user(level="executive"), first, labels[(n * 2) % len(labels)])
        fay = make_user("facilitator", email="fay@example.com", display_name="Fay Facilitator")
        max_ = make_user(email="max@example.com", display_name="Max Member", level="executive")
        others = [make_user(display_name=f"Member {n}") for n in range(3)]
        cohort = make_cohort(fay, "Thursday cohort", members=[max_, *others])
        assign(fay, cohort, SLUG, hold=True)
    return {"cohort": cohort, "facilitator": "fay@example.com", "member": "max@example.com"}


def test_a_live_session_updates_the_projector_and_the_member_without_a_reload(
        live_server, browser, room, tmp_path):
    url, cohort = live_server.url, room["cohort"]
    shots = screenshot_folder(tmp_path)
    (fac, member), (fac_problems, member_problems) = two_people(browser)

    # The facilitator opens the live session and puts decision 1 on screen.
    sign_in_through_form(fac, url, room["facilitator"])
    fac.goto(f"{url}/cohorts/{cohort}/live")
    expect(fac.locator("main")).to_contain_text("Nothing is on screen")
    fac.get_by_label("Decision", exact=True).select_option(index=0)  # decision 1
    fac.click("button:has-text('Put it on screen')")
    expect(fac.locator(".live-now h2")).to_contain_text("decision 1")
    fac.get_by_label("Timer (minutes)").fill("4")
    fac.click("button:has-text('Start the timer')")
    expect(fac.locator(".live-timer [data-timer-ends]")).to_contain_text("left")

    # The projector, in a tab of its own (the room's screen).
    # (Opened as the link would, but as a tab of its own: the recorder cannot follow a
    # window the page opens itself.)
    link = fac.get_by_role("link", name="Open the projector view (opens in a new window)")
    expect(link).to_have_attribute("target", "_blank")
    projector = fac.context.new_page()
    projector.set_default_timeout(10_000)
    projector.goto(url + link.get_attribute("href"))
    expect(projector.locator(".projector-count")).to_contain_text("0 of 4 committed")
    projector.evaluate("window.stayed = true")  # gone if the tab reloads

    # The member follows the session to the case page and commits.
    sign_in_through_form(member, url, room["member"])
    member.goto(f"{url}/cohorts/{cohort}/live")
    expect(member.locator(".live-now h2")).to_contain_text("decision 1")
    member.click("text=Commit on decision 1")
    block = f"#decision-{KEY}"
    member.locator(f"{block} input[name=option]").first.check()
    member.fill(f"{block}-rationale", "The market has moved on; our factories should too.")
    member.check(f"{block}-confidence-70")
    member.click(f"{block} button:has-text('Commit my choice')")
    expect(member.locator(f"{block} .sealed-commitment")).to_contain_text("You chose A")
    expect(member.locator(f"{block} .outcome")).to_have_count(0)
    member.evaluate("window.stayed = true")

    # The projector counts the commitment by itself.
    expect(projector.locator(".projector-count")).to_contain_text("1 of 4 committed")
    shoot(projector, shots, "live-projector-committing")
    shoot(fac, shots, "live-controls")

    # Reveal: within a second, the member's page shows the outcome, with no reload.
    fac.click("button:has-text('Reveal to the cohort')")
    expect(fac.locator(".flash")).to_contain_text("Revealed")
    revealed = time.monotonic()
    expect(member.locator(f"{block} .outcome")).to_be_visible(timeout=1_000)
    assert time.monotonic() - revealed < 1.0
    assert member.evaluate("window.stayed") is True
    expect(member.locator("[role=status][aria-live=polite]").last).to_contain_text(
        "Decision 1 is revealed")
    expect(member.locator("#decision-sourcing-386 .outcome")).to_have_count(0)

    # The projector shows the result: the cohort against all leaders, the real choice.
    expect(projector.locator(".projector-result li.is-actual")).to_contain_text(
        "What they really did", timeout=1_000)
    assert projector.evaluate("window.stayed") is True
    assert "Max Member" not in projector.content()
    shoot(projector, shots, "live-projector-revealed")
    projector.reload()  # so the auditor checks the revealed projector as served
    expect(projector.locator(".projector-result")).to_be_visible()

    member.goto(f"{url}/cohorts/{cohort}/live")
    expect(member.locator(".live-now")).to_contain_text("See what really happened")
    shoot(member, shots, "live-member")

    # After the session: the programme, the dashboard and the debrief (the guide's pictures).
    for tab, name in (("Programme and reveal", "programme"), ("Dashboard", "dashboard"),
                      ("Debrief", "debrief")):
        fac.click(f"nav.cohort-tabs >> text={tab}")
        expect(fac.locator("h1")).to_have_text({"programme": "Programme and reveal",
                                                 "dashboard": "Dashboard",
                                                 "debrief": "Debrief"}[name])
        shoot(fac, shots, name)

    fac.context.close()
    member.context.close()
    assert fac_problems == [] and member_problems == [], (fac_problems, member_problems)

