"""A reader browses the library in a real browser: filter, search, open a case."""
import re

from playwright.sync_api import expect
from sqlalchemy import select

from casebook.cases.models import Case
from casebook.extensions import db


def first_decision_options(app, slug: str) -> list[str]:
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.slug == slug))
        return [o.label for o in case.decisions[0].options]


def test_filter_search_and_open_a_case(live_server, shipped_cases, page):
    page.goto(live_server.url + "/")
    cards = page.locator(".case-card")
    expect(cards).to_have_count(len(shipped_cases))

    page.get_by_label("Competency").select_option("cultural-change")
    page.get_by_role("button", name="Show cases").click()
    expect(page).to_have_url(re.compile(r"competency=cultural-change"))
    filtered = cards.count()
    assert 0 < filtered < len(shipped_cases)

    page.get_by_label("Competency").select_option("")
    page.get_by_label("Search").fill("DRAM")
    page.get_by_label("Search").press("Enter")
    expect(cards).to_have_count(1)
    cards.first.get_by_role("link").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Intel")
    first_decision = page.locator(".decision").first
    labels = first_decision_options(live_server.app, "intel-memory-1985")
    expect(first_decision.locator(".option-label")).to_have_text(labels)
    expect(first_decision.get_by_role("heading", level=2)).to_be_visible()
    expect(page.get_by_text("Actual choice")).to_have_count(0)


def test_library_is_usable_on_a_phone(live_server, shipped_cases, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    # Nothing wider than the screen: no sideways scrolling on a phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()


def test_search_reads_quotes_stars_and_operators_as_words(live_server, shipped_cases, page):
    page.goto(live_server.url + "/")
    cards = page.locator(".case-card")
    page.get_by_label("Search").fill('"Intel" memo* -NEAR')
    page.get_by_label("Search").press("Enter")
    # "near" starts no word of the Intel case: every word counts, none is an operator.
    expect(page.get_by_role("status")).to_have_text(re.compile(r"0 cases found"))
    # "or" is a word too, and starts words of the Intel case ("organization").
    page.get_by_label("Search").fill('"Intel" memo* OR')
    page.get_by_label("Search").press("Enter")
    expect(cards).to_have_count(1)
    expect(cards.first.get_by_role("link")).to_contain_text("Intel")
