"""Submitting a case: the importer's validator runs at once, every problem is listed at
its line (a link into the numbered source), a case with errors stays a draft, a form
error keeps what was typed (422), and hostile uploads get a clear error, quickly, with
nothing stored beyond the draft."""
from __future__ import annotations

import html
import os
import time

import pytest

from casebook.cases.parser import parse_case
from tests.web.authoring_support import (
    client_of,
    counts,
    data_file,
    member,
    paste,
    problems_on,
    submission_of,
    upload,
)

MALFORMED = ["bad/several-errors.md", "bad/no-decisions.md", "bad/commented-out-outcome.md",
             "hostile/billion-laughs.md", "hostile/python-tags.md", "hostile/nul-byte.md",
             "hostile/invalid-utf8.md"]


@pytest.fixture
def author(app, rollback):
    return client_of(app, member(app, "author"))


def _expected(relative: str) -> list[tuple[int, str, bool]]:
    """What the importer's validator says about the file, line by line."""
    result = parse_case(data_file(relative), relative.rsplit("/", 1)[-1])
    return [(p.line, p.message, p.warning) for p in result.problems]


def test_a_good_file_waits_for_review_and_publishes_nothing(app, author):
    before = counts(app)
    response = upload(author, data_file("good/platform-bet.md"), "platform-bet.md")
    assert response.status_code == 303
    submission_id, status = submission_of(app, response.location)
    assert status == "in_review"
    page = author.get(response.location).get_data(as_text=True)
    assert "No errors" in page and "Preview as readers will see it" in page
    assert counts(app) == (before[0] + 1, before[1] + 1, before[2])  # no case published
    assert author.get("/").get_data(as_text=True).count("The Platform Bet") == 0


def test_several_errors_are_each_listed_at_their_line(app, author):
    response = upload(author, data_file("bad/several-errors.md"), "several-errors.md")
    page = author.get(response.location).get_data(as_text=True)
    found = problems_on(page)
    assert (1, "missing required key 'summary'", False) in found
    assert (3, "unknown key 'sumary'; did you mean 'summary'?", False) in found
    assert (13, "decision 'platform' has 1 option; it needs 2 to 8", False) in found
    assert (19, "decision 'platform': 'Actual choice: D' names no option (options are A)",
            False) in found
    assert (32, "decision 'what-next': option label 'A' is used twice (first at line 31)",
            False) in found
    assert (1, "no sources", True) in found
    assert len(found) == 14


@pytest.mark.parametrize("relative", MALFORMED)
def test_each_malformed_file_gets_every_error_at_its_line_and_stays_a_draft(app, author, relative):
    before = counts(app)
    started = time.monotonic()
    response = upload(author, data_file(relative), relative.rsplit("/", 1)[-1])
    assert time.monotonic() - started < 2
    assert response.status_code == 303
    _, status = submission_of(app, response.location)
    assert status == "draft"
    page = author.get(response.location).get_data(as_text=True)
    expected = _expected(relative)
    assert any(not warning for _, _, warning in expected)
    assert problems_on(page) == expected
    for line, _, _ in expected:
        assert f'href="#L{line}"' in page and f'id="L{line}"' in page  # the line is there
    assert "Preview as readers will see it" not in page
    assert counts(app) == (before[0] + 1, before[1] + 1, before[2])  # only the draft


def test_the_numbered_source_shows_each_line_escaped(app, author):
    response = upload(author, data_file("hostile/script-injection.md"), "script-injection.md")
    page = author.get(response.location).get_data(as_text=True)
    source = page.split('class="source-view"', 1)[1]
    assert "<script" not in source and "&lt;script&gt;" in source
    css = author.get("/static/css/authoring.css")
    assert ".source-line:target" in css.get_data(as_text=True)
    css.close()  # static files are streamed from an open file


def test_pasted_markdown_is_checked_the_same_way(app, author):
    text = data_file("bad/several-errors.md").decode()
    response = paste(author, text)
    assert response.status_code == 303
    found = problems_on(author.get(response.location).get_data(as_text=True))
    assert found == _expected("bad/several-errors.md")


def test_a_paste_without_a_slug_is_named_after_its_title(app, author):
    response = paste(author, data_file("good/platform-bet.md").decode())
    page = author.get(response.location).get_data(as_text=True)
    assert "<code>the-platform-bet</code>" in page


@pytest.mark.parametrize("data, field, message", [
    ({"markdown": ""}, "markdown", "Choose a .md file or paste the case's Markdown."),
    ({"markdown": "   \n"}, "markdown", "Choose a .md file or paste the case's Markdown."),
])
def test_nothing_sent_is_a_form_error(app, author, data, field, message):
    before = counts(app)
    response = author.post("/authoring/new", data=data)
    assert response.status_code == 422
    assert message in html.unescape(response.get_data(as_text=True))
    assert counts(app) == before


def test_a_failed_submit_gives_back_every_character_typed(app, author):
    before = counts(app)
    typed = "---\ntitle: Mine & <yours>\n---\n\nLine two “quoted”\ttab\n"
    response = upload(author, b"x", "case.md", fields={"markdown": typed})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Send a file or paste the Markdown, not both" in page
    area = page.split('id="markdown"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0]
    assert html.unescape(area) == typed
    assert counts(app) == before


def test_a_nul_in_pasted_text_is_refused_beside_the_field_and_kept(app, author):
    before = counts(app)
    response = paste(author, "---\ntitle: a\x00b\n---\n")
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "“Or paste the Markdown” contains a control character" in page
    assert "title: a" in page  # the text comes back
    assert counts(app) == before


def test_a_file_not_named_md_is_a_form_error(app, author):
    before = counts(app)
    response = upload(author, data_file("good/platform-bet.md"), "platform-bet.txt")
    assert response.status_code == 422
    assert "whose name ends in .md" in response.get_data(as_text=True)
    assert counts(app) == before


def test_over_a_mebibyte_is_refused_quickly_and_stores_nothing(app, author):
    before = counts(app)
    started = time.monotonic()
    response = upload(author, b"a" * (1024 * 1024 + 1), "big.md")
    assert time.monotonic() - started < 2
    assert response.status_code == 422
    assert "larger than 1 MiB" in html.unescape(response.get_data(as_text=True))
    assert counts(app) == before


def test_over_the_request_limit_is_a_413_not_a_500(app, author):
    response = upload(author, b"a" * (3 * 1024 * 1024), "huge.md")
    assert response.status_code == 413


def test_a_binary_with_an_md_name_is_a_draft_with_a_clear_error(app, author):
    started = time.monotonic()
    response = upload(author, os.urandom(4096) + b"\xff\xfe\x00", "photo.md")
    assert time.monotonic() - started < 2
    assert response.status_code == 303
    _, status = submission_of(app, response.location)
    assert status == "draft"
    found = problems_on(author.get(response.location).get_data(as_text=True))
    assert found and all(not warning for _, _, warning in found)
    assert any("NUL byte" in m or "not valid UTF-8" in m for _, m, _ in found)


@pytest.mark.parametrize("body, message", [
    ("[" * 20_000, "a paragraph has more than 5,000 brackets"),
    ("[a](" * 10_000, "a paragraph has more than 5,000 brackets"),
    ("\n".join("  " * i + "- x" for i in range(600)), "nested more than 20 levels deep"),
    ("> " * 3_000 + "deep", "nested more than 20 levels deep"),
    ("<div>" * 5_000, "too costly to render"),
])
def test_pathological_markdown_gets_a_clear_error_within_two_seconds(app, author, body, message):
    text = data_file("good/platform-bet.md").decode().replace(
        "Nokia sells more phones", body + "\n\nNokia sells more phones")
    started = time.monotonic()
    response = paste(author, text)
    assert time.monotonic() - started < 2
    assert response.status_code == 303
    _, status = submission_of(app, response.location)
    assert status == "draft"
    found = problems_on(author.get(response.location).get_data(as_text=True))
    lines = [line for line, m, _ in found if message in m]
    assert len(lines) == 1 and 14 <= lines[0] <= 14 + body.count("\n")  # in the Background


def test_a_plain_leader_may_not_submit(app, rollback):
    leader = client_of(app, member(app))
    assert leader.get("/authoring/new").status_code == 403
    assert paste(leader, "anything").status_code == 403
    assert leader.get("/authoring").status_code == 403
    assert 'href="/authoring"' not in leader.get("/").get_data(as_text=True)


def test_the_form_works_without_a_script_and_saves_drafts_with_one(app, author):
    page = author.get("/authoring/new").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and 'data-draft-key="new"' in page
    assert 'aria-live="polite"' in page
    script = author.get("/static/js/draft-autosave.js")
    assert script.status_code == 200 and b"localStorage" in script.data
    script.close()
    assert 'href="/authoring"' in author.get("/").get_data(as_text=True)  # header link


def test_a_paste_as_large_as_a_case_file_may_be_is_checked(app, author):
    text = data_file("good/platform-bet.md").decode().replace(
        "Nokia sells more phones than anyone", ("A long background. " * 40 + "\n\n") * 1_000
        + "Nokia sells more phones than anyone")
    assert 700_000 < len(text.encode()) < 1024 * 1024
    # As a browser sends the form: the text, and a file part with no file chosen.
    assert upload(author, b"", "", fields={"markdown": text}).status_code == 303
