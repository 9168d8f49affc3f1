"""An author and an editor in two browsers: the author uploads a file with an error,
follows the error to its highlighted line, fixes it by pasting (the paste survives a
reload in this browser), the editor comments on a line, the author sends a new
version, the editor publishes, and the case is in the library. Every page on the way
passes axe-core (checked after the test), under the site's CSP, with no console errors."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.browser_support import sign_in_through_form, two_people
from tests.factories import make_user

GOOD = (Path(__file__).resolve().parent.parent / "data" / "good" / "platform-bet.md").read_text()
BROKEN = GOOD.replace("level: executive", "level: exec")


@pytest.fixture
def people(live_server):
    with live_server.app.app_context():
        make_user("author", email="ann@example.com", display_name="Ann Author")
        make_user("editor", email="ed@example.com", display_name="Ed Editor")
    return {"author": "ann@example.com", "editor": "ed@example.com"}




def test_from_a_file_with_an_error_to_the_library(live_server, browser, people):
    url = live_server.url
    (author, editor), (author_problems, editor_problems) = two_people(browser)

    # The author uploads a file with an error and follows it to its line.
    sign_in_through_form(author, url, people["author"])
    author.click("nav.site-nav >> text=Authoring")
    author.click("text=Submit a case")
    author.click("text=the author guide")  # the guide is audited at both widths too
    expect(author.locator("h1")).to_have_text("Writing a case")
    author.go_back()
    author.get_by_label("Markdown file").set_input_files(files=[{
        "name": "platform-bet.md", "mimeType": "text/markdown", "buffer": BROKEN.encode()}])
    author.click("button:has-text('Check and submit')")
    expect(author.locator(".problem-error")).to_contain_text("level 'exec' is not one of")
    author.click(".problem-error a")
    assert author.evaluate("document.querySelector(':target').id") == "L4"
    expect(author.locator("#L4")).to_contain_text("level: exec")

    # A paste for the next version is kept in this browser, announced, across a reload.
    author.click(".breadcrumb >> text=Untitled draft")
    author.get_by_label("Or paste the Markdown").fill(GOOD)
    expect(author.locator("#draft-status")).to_have_text("Saved in this browser.")
    author.reload()
    expect(author.locator("#draft-status")).to_have_text(
        "Your unsent text was restored from this browser.")
    assert author.get_by_label("Or paste the Markdown").input_value() == GOOD
    author.click("button:has-text('Check and send this version')")
    expect(author.locator(".problems h2")).to_contain_text("No errors")
    submission = author.url.split("/versions/")[0]

    # The preview, step by step.
    author.click("text=Preview as readers will see it")
    expect(author.locator(".appears").first).to_have_text("Shown from the start")
    author.click("text=Before the first commit")
    expect(author.locator(".call-to-action")).to_be_visible()
    assert "In February 2011 Nokia announced" not in author.content()

    # The editor finds it in the queue and comments on a line.
    sign_in_through_form(editor, url, people["editor"])
    editor.click("nav.site-nav >> text=Review queue")
    editor.click("text=The Platform Bet")
    editor.click("text=Problems and source of version 2")
    editor.get_by_label("Comment", exact=True).fill("Name the source of this figure.")
    editor.get_by_label("Line (leave empty").fill("9")
    editor.click("button:has-text('Add the comment')")
    expect(editor.locator("#comments")).to_contain_text("Name the source of this figure.")

    # The author sees it, and sends a new version.
    author.goto(submission + "/versions/2")
    expect(author.locator("#comments")).to_contain_text("on line 9")
    author.goto(submission)
    author.get_by_label("Or paste the Markdown").fill(GOOD.replace("year: 2011", "year: 2011\nindustry: Telecoms"))
    author.click("button:has-text('Check and send this version')")
    expect(author.locator(".problems h2")).to_contain_text("No errors")

    # The editor compares, approves and publishes; the case is in the library.
    editor.goto(submission)
    editor.click("button:has-text('Compare')")
    expect(editor.locator(".diff-added, .diff-changed").first).to_contain_text("industry: Telecoms")
    editor.goto(submission)
    editor.click("button:has-text('Publish version 3')")
    expect(editor.locator("h1")).to_have_text("The Platform Bet")
    editor.goto(url + "/")
    expect(editor.locator("main")).to_contain_text("The Platform Bet")
    assert author_problems == [] and editor_problems == []
