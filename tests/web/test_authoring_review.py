"""Review: the editors' queue, comments on the whole or on a line, asking for changes,
rejecting with a reason, and publishing through the importer in one transaction."""
from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from casebook.cases.models import Case, Decision
from casebook.extensions import db
from tests import factories
from tests.web.authoring_support import client_of, counts, data_file, member, paste

GOOD = data_file("good/platform-bet.md").decode()


@pytest.fixture
def world(app, rollback):
    author_id = member(app, "author")
    author, editor = client_of(app, author_id), client_of(app, member(app, "editor"))
    response = paste(author, GOOD)
    return {"author": author, "editor": editor, "author_id": author_id,
            "id": int(response.location.split("/")[2])}


def _status(app, submission_id: int) -> str:
    from casebook.authoring.models import Submission

    with app.app_context():
        return db.session.get(Submission, submission_id).status


def _page(client, url: str) -> str:
    return html.unescape(client.get(url).get_data(as_text=True))


def test_the_queue_lists_what_waits_oldest_first_and_filters(app, world):
    second_author = client_of(app, member(app, "author"))
    paste(second_author, GOOD.replace("title: The Platform Bet", "title: Another Bet"))
    paste(second_author, "no front matter")  # a draft with errors
    editor = world["editor"]
    page = _page(editor, "/authoring/queue")
    assert page.index("The Platform Bet") < page.index("Another Bet")  # the oldest first
    assert "Untitled draft" not in page  # drafts are not waiting
    newest = _page(editor, "/authoring/queue?order=newest")
    assert newest.index("Another Bet") < newest.index("The Platform Bet")
    mine = _page(editor, f"/authoring/queue?author={world['author_id']}")
    assert "The Platform Bet" in mine and "Another Bet" not in mine
    assert "Untitled draft" in _page(editor, "/authoring/queue?show=drafts")
    assert "The Platform Bet" not in _page(editor, "/authoring/queue?show=changes")
    assert editor.get("/authoring/queue?author=x").status_code == 400
    assert world["author"].get("/authoring/queue").status_code == 403


def test_comments_on_the_whole_and_on_a_line(app, world):
    base = f"/authoring/{world['id']}"
    response = world["editor"].post(base + "/comments", data={
        "body": "Cite the <b>source</b> here.", "line": "3", "version": "1"})
    assert response.status_code == 303 and response.location == base + "/versions/1#L3"
    assert world["author"].post(base + "/comments", data={
        "body": "Done in the next version.", "version": "1"}).status_code == 303
    page = world["author"].get(base + "/versions/1").get_data(as_text=True)
    assert "Cite the &lt;b&gt;source&lt;/b&gt; here." in page  # text, never markup
    assert 'href="#L3">line 3</a>' in page and "Done in the next version." in page
    assert "commented on" in world["author"].get(base).get_data(as_text=True)


@pytest.mark.parametrize("data, message", [
    ({"body": "", "version": "1"}, "Write a comment."),
    ({"body": "x", "line": "9999", "version": "1"}, "The line is a number from 1 to"),
    ({"body": "x", "line": "two", "version": "1"}, "The line is a number from 1 to"),
    ({"body": "x", "version": "7"}, "Choose one of the submission's versions."),
])
def test_a_refused_comment_keeps_its_text_and_stores_nothing(app, world, data, message):
    before = counts(app)
    response = world["editor"].post(f"/authoring/{world['id']}/comments", data=data)
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    assert message in page and "The source, line by line" in page
    assert counts(app) == before


def test_asking_for_changes_then_a_new_version_waits_again(app, world):
    base = f"/authoring/{world['id']}"
    assert world["editor"].post(base + "/request-changes", data={"changes": ""}).status_code == 422
    assert world["editor"].post(base + "/request-changes",
                                data={"changes": "Add a second source."}).status_code == 303
    assert _status(app, world["id"]) == "changes_requested"
    page = _page(world["author"], base)
    assert "asked for changes" in page and "Add a second source." in page
    assert world["editor"].post(base + "/request-changes",
                                data={"changes": "Again"}).status_code == 409
    assert paste(world["author"], GOOD, path=base + "/versions").status_code == 303
    assert _status(app, world["id"]) == "in_review"


def test_rejecting_needs_a_reason_the_author_sees(app, world):
    base = f"/authoring/{world['id']}"
    response = world["editor"].post(base + "/reject", data={"reason": "  "})
    assert response.status_code == 422
    assert "Write the reason." in html.unescape(response.get_data(as_text=True))
    assert world["editor"].post(base + "/reject", data={"reason": "Out of scope."}).status_code == 303
    assert _status(app, world["id"]) == "rejected"
    assert "Out of scope." in _page(world["author"], base)


def test_only_editors_decide(app, world):
    base = f"/authoring/{world['id']}"
    for action, data in (("/request-changes", {"changes": "x"}), ("/reject", {"reason": "x"}),
                         ("/publish", {})):
        assert world["author"].post(base + action, data=data).status_code == 403
    assert _status(app, world["id"]) == "in_review"


def test_publishing_creates_the_case_through_the_importer(app, world):
    before = counts(app)
    response = world["editor"].post(f"/authoring/{world['id']}/publish", data={"note": "Thanks!"})
    assert response.status_code == 303 and response.location == "/cases/the-platform-bet"
    assert _status(app, world["id"]) == "published"
    assert counts(app)[2] == before[2] + 1
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.slug == "the-platform-bet"))
        assert case.source_markdown == GOOD and case.decision_count == 1
        assert "nokia" in case.search_text
    assert "The Platform Bet" in _page(app.test_client(), "/")
    assert "approved and published it" in _page(world["author"], f"/authoring/{world['id']}")


def test_a_version_with_errors_cannot_be_published(app, world):
    base = f"/authoring/{world['id']}"
    paste(world["author"], "no front matter", path=base + "/versions")
    before = counts(app)
    assert world["editor"].post(base + "/publish", data={}).status_code == 409
    assert counts(app) == before and _status(app, world["id"]) == "draft"


def test_a_slug_the_library_already_has_is_refused_and_nothing_changes(app, world):
    with app.app_context():
        factories.make_case("the-platform-bet", decisions=1)
    before = counts(app)
    response = world["editor"].post(f"/authoring/{world['id']}/publish", data={})
    assert response.status_code == 409
    assert "already has a case with the slug 'the-platform-bet'" in html.unescape(
        response.get_data(as_text=True))
    assert counts(app) == before and _status(app, world["id"]) == "in_review"


def test_republishing_updates_the_case_but_keeps_committed_options(app, world):
    base = f"/authoring/{world['id']}"
    assert world["editor"].post(base + "/publish", data={}).status_code == 303
    with app.app_context():
        decision = db.session.scalar(select(Decision).join(Case).where(
            Case.slug == "the-platform-bet"))
        factories.commit(factories.make_user(), decision, "C")
    dropped = GOOD.replace("- [C] Adopt Android.\n", "")
    assert paste(world["author"], dropped, path=base + "/versions").status_code == 303
    response = world["editor"].post(base + "/publish", data={})
    assert response.status_code == 409
    assert "decision 'platform': option C was chosen by leaders and cannot be removed" in \
        html.unescape(response.get_data(as_text=True))
    assert _status(app, world["id"]) == "in_review"
    added = GOOD.replace("- [C] Adopt Android.", "- [C] Adopt Android.\n- [D] Sell the phone business.")
    assert paste(world["author"], added, path=base + "/versions").status_code == 303
    assert world["editor"].post(base + "/publish", data={}).status_code == 303
    assert "Sell the phone business." in _page(app.test_client(), "/cases/the-platform-bet")


def _outbox(app, address: str) -> list[tuple[str, str]]:
    from casebook.accounts.models import OutboxMessage, User

    with app.app_context():
        email = db.session.get(User, address).email
        return [(m.subject, m.body) for m in db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to_address == email)
            .order_by(OutboxMessage.id))]


def test_the_author_is_mailed_each_review_action_but_not_their_own(app, world):
    base = f"/authoring/{world['id']}"
    world["author"].post(base + "/comments", data={"body": "My own note.", "version": "1"})
    assert _outbox(app, world["author_id"]) == []
    world["editor"].post(base + "/comments", data={"body": "Cite it.", "line": "3", "version": "1"})
    world["editor"].post(base + "/request-changes", data={"changes": "Add a source."})
    mails = _outbox(app, world["author_id"])
    assert [subject for subject, _ in mails] == [
        "Commented: The Platform Bet", "Asked for changes: The Platform Bet"]
    assert "(line 3 of version 1)" in mails[0][1] and "Cite it." in mails[0][1]
    assert f"/authoring/{world['id']}#review" in mails[1][1]


@pytest.mark.parametrize("relative", ["good/platform-bet.md", "good/rich-case.md",
                                      "hostile/script-injection.md"])
def test_good_files_upload_and_publish_with_nothing_executable(app, rollback, relative):
    from tests.web.authoring_support import upload
    from tests.web.test_authoring_preview import assert_nothing_executable

    author = client_of(app, member(app, "author"))
    editor = client_of(app, member(app, "editor"))
    response = upload(author, data_file(relative), relative.rsplit("/", 1)[-1])
    submission_id = int(response.location.split("/")[2])
    assert _status(app, submission_id) == "in_review"
    published = editor.post(f"/authoring/{submission_id}/publish", data={})
    assert published.status_code == 303
    page = app.test_client().get(published.location).get_data(as_text=True)
    article = page.split('<article class="case"', 1)[1].split("</article>")[0]
    assert_nothing_executable("<article" + article + "</article>")


def test_the_author_finds_what_editors_did_on_their_notifications_page(app, world):
    """Review actions reach the author in the site, not only by mail: the notifications
    page lists those of others (their own comments are not news to them)."""
    base = f"/authoring/{world['id']}"
    assert "On your submissions" not in world["author"].get("/notifications").get_data(as_text=True)
    world["editor"].post(base + "/comments", data={"body": "Cite it.", "line": "3", "version": "1"})
    world["author"].post(base + "/comments", data={"body": "My own note.", "version": "1"})
    world["editor"].post(base + "/request-changes", data={"changes": "Add a second source."})
    page = _page(world["author"], "/notifications")
    news = page[page.index("On your submissions"):page.index("</section>", page.index("On your submissions"))]
    assert news.index("asked for changes") < news.index("commented on")  # newest first
    assert f'href="{base}/versions/1#L3"' in news and "line 3" in news
    assert "My own note" not in news and news.count("<li>") == 2
    # Nobody else's notifications page shows it.
    assert "On your submissions" not in world["editor"].get("/notifications").get_data(as_text=True)
