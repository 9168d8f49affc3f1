"""Preview: the reading model over the draft's snapshot, step by step as it unfolds,
or every part marked with when it appears; drawn from what was rendered at submit time."""
from __future__ import annotations

import bleach
import markdown
import pytest

from tests.unit.test_markdown_xss import SAFE_SCHEMES, inspect
from tests.web.authoring_support import client_of, data_file, member, paste, upload

DRAFT = """---
title: The Two Step Draft
summary: A draft in two decisions, for previews.
level: executive
competencies: [strategic-direction]
sources:
  - "SOURCE-SENT"
---

## Background

BACKGROUND-SENT opens the case.

## Decision: What comes first? {#first}

PROMPT1-SENT

### Options

- [A] Build the plant in the north.
- [B] Lease the plant in the south.

### Outcome

Actual choice: B

OUTCOME1-SENT

### Debate prompts

- Was it right?

## Between

AFTER1-SENT

## Decision: What comes second? {#second}

PROMPT2-SENT

### Options

- [A] Hire more engineers at once.
- [B] Train the current engineers.

### Outcome

Actual choice: A

OUTCOME2-SENT

### Hindsight

HINDSIGHT2-SENT

## Epilogue

AFTER2-SENT
"""
ALL = ("BACKGROUND-SENT", "PROMPT1-SENT", "OUTCOME1-SENT", "AFTER1-SENT", "PROMPT2-SENT",
       "OUTCOME2-SENT", "HINDSIGHT2-SENT", "AFTER2-SENT", "SOURCE-SENT")
SEEN_AT_STEP = {
    0: ("BACKGROUND-SENT", "PROMPT1-SENT"),
    1: ("BACKGROUND-SENT", "PROMPT1-SENT", "OUTCOME1-SENT", "AFTER1-SENT", "PROMPT2-SENT"),
    2: ALL,
}


@pytest.fixture
def draft(app, rollback):
    author = client_of(app, member(app, "author"))
    response = paste(author, DRAFT)
    assert response.location.endswith("/versions/1")
    return author, response.location + "/preview"


@pytest.mark.parametrize("step", [0, 1, 2])
def test_each_step_shows_what_a_leader_sees_then_and_nothing_more(app, draft, step):
    author, url = draft
    page = author.get(f"{url}?step={step}").get_data(as_text=True)
    for sentinel in ALL:
        assert (sentinel in page) == (sentinel in SEEN_AT_STEP[step]), (step, sentinel)
    assert ("Here the leader commits" in page) == (step < 2)
    assert ("The rest of this case opens as you commit" in page) == (step < 2)
    assert 'aria-current="page">' + ("Before the first commit" if step == 0 else
                                     f"After decision {step}") in page


def test_every_part_is_marked_with_when_it_appears(app, draft):
    author, url = draft
    page = author.get(url).get_data(as_text=True)
    for sentinel in ALL:
        assert sentinel in page
    assert page.count(">Shown from the start<") == 2  # the background and decision 1
    assert page.count(">Appears once the reader commits on decision 1<") == 2  # between, d2
    assert page.count(">Appears once the reader commits on decision 2<") == 1  # the epilogue
    assert "What really happened: appears once the reader commits on decision 1" in page
    assert "What really happened: appears once the reader commits on decision 2" in page
    assert "The real choice (shown with the outcome)" in page


@pytest.mark.parametrize("step, status", [("3", 404), ("x", 400), ("-1", 400), ("all", 200)])
def test_a_step_out_of_range_is_a_clear_answer(app, draft, step, status):
    author, url = draft
    assert author.get(f"{url}?step={step}").status_code == status


def test_a_version_with_errors_has_no_preview_yet(app, rollback):
    author = client_of(app, member(app, "author"))
    response = upload(author, data_file("bad/several-errors.md"), "several-errors.md")
    page = author.get(response.location + "/preview")
    assert page.status_code == 200
    assert "has errors, so it has no preview yet" in page.get_data(as_text=True)


ACTIVE = {"script", "iframe", "object", "embed", "style", "svg", "math", "img", "frame",
          "frameset", "applet", "base", "template", "video", "audio", "marquee", "meta"}


def assert_nothing_executable(page: str) -> None:
    """No script or other active element, no event handler, no link but a safe one."""
    found = inspect(page)
    assert not ACTIVE & set(found.elements), ACTIVE & set(found.elements)
    for _tag, name, value in found.attributes:
        assert not name.startswith("on") and name not in ("style", "formaction", "srcdoc")
        if name in ("href", "src", "action"):
            url = "".join(ch for ch in (value or "") if ord(ch) > 0x20).lower()
            scheme = url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
            assert ":" not in scheme or url.startswith(SAFE_SCHEMES), value


def test_the_preview_holds_nothing_executable(app, rollback):
    author = client_of(app, member(app, "author"))
    response = upload(author, data_file("hostile/script-injection.md"), "script-injection.md")
    for suffix in ("/preview", "/preview?step=0", "/preview?step=1"):
        page = author.get(response.location + suffix).get_data(as_text=True)
        assert "Sanitized." in page or suffix == "/preview?step=0"
        article = page.split('<article class="case preview-case"', 1)[1].split("</article>")[0]
        assert_nothing_executable("<article" + article + "</article>")


def test_a_preview_never_calls_markdown_or_the_sanitizer(app, draft, monkeypatch):
    author, url = draft

    def forbidden(*args, **kwargs):
        raise AssertionError("a page view rendered Markdown")

    monkeypatch.setattr(markdown.Markdown, "convert", forbidden)
    monkeypatch.setattr(bleach.sanitizer.Cleaner, "clean", forbidden)
    for suffix in ("", "?step=0", "?step=1", "?step=2"):
        assert author.get(url + suffix).status_code == 200
