"""Every kind of page a leader sees, on a phone, from the library to the track record:
the case before and after committing, sign-in, registration back to the decision, the
welcome, the debate, My decisions and the account. The recording in conftest.py checks
each page with axe-core at 1280 and 390 px and fails on any sideways scroll at 390 px;
this test walks a new leader through them, by touch-sized links and buttons only."""
import re
from datetime import datetime, timezone

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from casebook.accounts.models import OutboxMessage
from casebook.cases.models import Case
from casebook.extensions import db
from tests.factories import commit, make_user
from tests.web.debates_support import add_post

SLUG = "intel-memory-1985"
PASSWORD = "a long and unusual passphrase"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def others_committed(live_server):
    """One real case; leaders at several levels committed on its first decision, and one
    opened the debate."""
    from casebook.cases.importer import check_files, import_results
    from tests.web.test_cases_cli import CASES_DIR

    with live_server.app.app_context():
        competencies = live_server.app.config["COMPETENCIES"]
        import_results(check_files([CASES_DIR / f"{SLUG}.md"], competencies))
        db.session.commit()
        case = db.session.scalar(select(Case).where(Case.slug == SLUG))
        first = case.decisions[0]
        labels = [o.label for o in first.options]
        levels = ["executive"] * 5 + ["senior-manager"] * 5 + [None] * 2
        leaders = [make_user(level=level, display_name=f"Leader {n}")
                   for n, level in enumerate(levels)]
        for n, leader in enumerate(leaders):
            commit(leader, first, labels[n % len(labels)], 60 + n * 3)
        add_post(first, leaders[0], "The memory business was the company's identity; "
                 "that is exactly why leaving it was so hard.", stance=labels[0],
                 at=datetime(2026, 11, 3, 9, 30, tzinfo=timezone.utc))
        return first.key


def _confirmation_path(live_server, email: str) -> str:
    with live_server.app.app_context():
        body = db.session.scalar(select(OutboxMessage.body).where(
            OutboxMessage.to_address == email).order_by(OutboxMessage.id.desc()))
    return "/" + re.search(r"https?://\S+", body).group(0).split("/", 3)[3]


def test_a_new_leader_on_a_phone_from_the_library_to_the_track_record(
        live_server, browser, others_committed):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    decision = f"decision-{others_committed}"

    # The library, then the case as a visitor: the first decision, no outcome.
    page.goto(live_server.url + "/")
    page.locator(".case-card").first.get_by_role("link").click()
    cta = page.locator(f"#{decision} .call-to-action")
    expect(cta).to_contain_text("Sign in to commit your choice")

    # Sign-in is offered, and registration beside it; both lead back to this decision.
    cta.get_by_role("link", name="Sign in to commit your choice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_role("link", name="Register").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register")
    page.get_by_label("Email address").fill("nia@example.com")
    page.get_by_label("Display name").fill("Nia Phone")
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the new password").fill(PASSWORD)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    # The mailed link, the confirmation, then the welcome: the level, and why.
    page.goto(live_server.url + _confirmation_path(live_server, "nia@example.com"))
    page.get_by_role("button", name="Confirm and sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Nia Phone")
    expect(page.locator("#level-why")).to_contain_text("groups your choices")
    page.get_by_label("Senior manager").check()
    page.get_by_role("button", name="Save and go back to the decision").click()

    # Back at the decision, signed in, with the form in view: commit.
    expect(page).to_have_url(re.compile(f"/cases/{SLUG}#{decision}$"))
    form = page.locator(f"#{decision} form.commit-form")
    expect(form).to_be_in_viewport()
    form.locator("input[name=option]").first.check()
    form.locator("textarea[name=rationale]").fill("Leave memory: the margins are gone for good.")
    form.locator("input[name=confidence][value='80']").check()
    form.get_by_role("button", name="Commit my choice").click()
    expect(page.locator(f"#{decision} .reveal")).to_contain_text("What really happened")
    expect(page.locator(f"#{decision} .distribution")).to_contain_text("What 13 leaders chose")

    # The debate, the track record and the account.
    page.get_by_role("link", name=re.compile("Join the debate")).first.click()
    expect(page.locator("#debate-title")).to_contain_text("Debate:")
    expect(page.locator("article.post")).to_contain_text("that is exactly why")
    page.get_by_role("link", name="My decisions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My decisions")
    expect(page.locator(".record-list")).to_contain_text("Intel")
    # On a phone the totals are cards: every figure shows the name of what it counts.
    figure = page.locator('[aria-labelledby="totals-title"] td[data-label="Choices"]').first
    label = figure.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == '"Choices"'
    cell, card = figure.bounding_box(), page.locator('[aria-labelledby="totals-title"] tr').nth(1).bounding_box()
    assert cell["x"] >= card["x"] and figure.evaluate("c => parseFloat(getComputedStyle(c).paddingLeft)") > 100
    page.get_by_role("link", name="Nia Phone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.locator(".card > dl")).to_contain_text("Senior manager")
    context.close()
