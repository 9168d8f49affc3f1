"""Versions: every submitted version is kept, listed, compared side by side as escaped
text, and downloaded exactly as sent."""
from __future__ import annotations

import hashlib

import pytest

from tests.web.authoring_support import client_of, counts, data_file, member, paste, upload


@pytest.fixture
def world(app, rollback):
    author_id = member(app, "author")
    author = client_of(app, author_id)
    first = upload(author, data_file("bad/several-errors.md"), "several-errors.md")
    submission_id = int(first.location.split("/")[2])
    good = data_file("good/platform-bet.md").decode()
    second = paste(author, good.replace("Adopt Android.", "Adopt Android <script>alert(1)</script>."),
                   path=f"/authoring/{submission_id}/versions")
    assert second.status_code == 303
    return {"author": author, "id": submission_id, "good": good}


def test_every_version_is_kept_and_listed(app, world):
    page = world["author"].get(f"/authoring/{world['id']}").get_data(as_text=True)
    assert "several-errors.md" in page and "the-platform-bet.md" in page
    assert page.count('href="/authoring/%d/versions/' % world["id"]) >= 4
    assert "Waiting for an editor" in page  # the last version has no errors
    assert "Send a new version" in page


def test_a_new_version_with_errors_makes_the_submission_a_draft_again(app, world):
    response = paste(world["author"], "no front matter", path=f"/authoring/{world['id']}/versions")
    assert response.location == f"/authoring/{world['id']}/versions/3"
    page = world["author"].get(f"/authoring/{world['id']}").get_data(as_text=True)
    assert "Draft: has errors to fix" in page


def test_a_refused_new_version_keeps_the_text_and_stores_nothing(app, world):
    before = counts(app)
    response = world["author"].post(f"/authoring/{world['id']}/versions", data={"markdown": " "})
    assert response.status_code == 422
    assert "Choose a .md file or paste" in response.get_data(as_text=True)
    assert counts(app) == before
    reload = world["author"].get(f"/authoring/{world['id']}/versions")
    assert reload.status_code == 303 and reload.location == f"/authoring/{world['id']}"


def test_download_gives_the_bytes_as_sent(app, world):
    response = world["author"].get(f"/authoring/{world['id']}/versions/1/source.md")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/markdown; charset=utf-8"
    # Named after the slug the submission now proposes.
    assert response.headers["Content-Disposition"] == 'attachment; filename="the-platform-bet-v1.md"'

    assert response.data == data_file("bad/several-errors.md")
    second = world["author"].get(f"/authoring/{world['id']}/versions/2/source.md")
    assert second.headers["Content-Disposition"] == 'attachment; filename="the-platform-bet-v2.md"'
    assert "<script>alert(1)</script>" in second.get_data(as_text=True)


def test_download_keeps_bytes_that_are_not_text(app, rollback):
    author = client_of(app, member(app, "author"))
    raw = data_file("hostile/invalid-utf8.md")
    response = upload(author, raw, "invalid-utf8.md")
    submission_id = int(response.location.split("/")[2])
    download = author.get(f"/authoring/{submission_id}/versions/1/source.md")
    assert download.data == raw
    page = author.get(response.location).get_data(as_text=True)
    assert hashlib.sha256(raw).hexdigest()[:12] in page  # its digest
    assert "\ufffd" in page  # the bad byte shows as a replacement character


def test_compare_shows_both_versions_side_by_side_as_escaped_text(app, world):
    response = world["author"].get(f"/authoring/{world['id']}/compare?from=1&to=2")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "Adopt Android &lt;script&gt;alert(1)&lt;/script&gt;." in page
    assert 'class="diff-added"' in page or 'class="diff-changed"' in page
    assert "sumary: A typo in a key." in page  # the old side


def test_compare_defaults_to_the_last_two_versions(app, world):
    page = world["author"].get(f"/authoring/{world['id']}/compare").get_data(as_text=True)
    assert "Version 1 and version 2" in page


@pytest.mark.parametrize("query, status", [
    ("from=1&to=9", 404), ("from=x&to=2", 400), ("from=-1&to=2", 400), ("from=0&to=2", 404),
])
def test_compare_with_a_bad_version_is_a_clear_answer(app, world, query, status):
    assert world["author"].get(f"/authoring/{world['id']}/compare?{query}").status_code == status


def test_an_editor_sees_every_version_but_sends_none(app, world):
    editor = client_of(app, member(app, "editor"))
    assert editor.get(f"/authoring/{world['id']}").status_code == 200
    assert "Send a new version" not in editor.get(f"/authoring/{world['id']}").get_data(as_text=True)
    assert editor.get(f"/authoring/{world['id']}/compare?from=1&to=2").status_code == 200
    assert editor.get(f"/authoring/{world['id']}/versions/1/source.md").status_code == 200
    assert paste(editor, world["good"], path=f"/authoring/{world['id']}/versions").status_code == 403
