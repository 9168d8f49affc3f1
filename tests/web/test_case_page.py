"""The case page before any commitment: prompts and options, never what is hidden."""
import pytest

from tests.factories import make_case, make_user, sign_in

HIDDEN = ("OUTCOME-", "HINDSIGHT-", "AFTER-", "DEBATE-", "Question 2 of", "Prompt 2")


@pytest.fixture
def case_client(app, rollback):
    with app.app_context():
        make_case("platform-bet", title="The Platform Bet", decisions=2)
    return app.test_client()


def test_anonymous_reader_sees_background_first_question_and_options(case_client):
    response = case_client.get("/cases/platform-bet")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "The Platform Bet" in html
    assert "Background of case" in html
    assert "Question 1 of" in html and "Prompt 1." in html
    for label in "ABC":
        assert f"Option {label} of decision 1" in html
    assert "Sign in to commit your choice" in html
    assert "The rest of this case opens as you commit" in html


def test_nothing_hidden_is_in_the_page_source(case_client):
    html = case_client.get("/cases/platform-bet").get_data(as_text=True)
    for marker in HIDDEN:
        assert marker not in html
    assert "option-actual" not in html


@pytest.mark.parametrize("role", ["leader", "author"])
def test_signed_in_readers_without_preview_rights_see_no_more(app, case_client, role):
    with app.app_context():
        user_id = make_user(role).id
    sign_in(case_client, user_id)
    html = case_client.get("/cases/platform-bet?preview=1").get_data(as_text=True)
    for marker in HIDDEN:
        assert marker not in html


def test_editor_can_preview_every_part(app, case_client):
    with app.app_context():
        user_id = make_user("editor").id
    sign_in(case_client, user_id)
    plain = case_client.get("/cases/platform-bet").get_data(as_text=True)
    assert "OUTCOME-PLATFORM-BET-1" not in plain and "Preview every part" in plain
    preview = case_client.get("/cases/platform-bet?preview=1").get_data(as_text=True)
    for n in (1, 2):
        assert f"OUTCOME-PLATFORM-BET-{n}" in preview
        assert f"AFTER-PLATFORM-BET-{n}" in preview
    assert "option-actual" in preview


@pytest.mark.parametrize(
    "path", ["/cases/nope", "/cases/PLATFORM-BET", "/cases/" + "a" * 300, "/cases/a--b", "/cases/%00"]
)
def test_unknown_or_malformed_slugs_are_404(case_client, path):
    response = case_client.get(path)
    assert response.status_code == 404
    assert "There is nothing at this address" in response.get_data(as_text=True)


def test_anonymous_readers_share_one_drawing_with_an_etag(case_client):
    first = case_client.get("/cases/platform-bet")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache"
    assert "Cookie" in first.headers["Vary"]
    again = case_client.get("/cases/platform-bet")
    assert again.headers["ETag"] == etag and again.data == first.data
    unchanged = case_client.get("/cases/platform-bet", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.data == b""


def test_a_new_import_changes_the_anonymous_page_at_once(app, case_client):
    from casebook.cases.models import Case, CaseSection
    from casebook.extensions import db
    from sqlalchemy import select

    etag = case_client.get("/cases/platform-bet").headers["ETag"]
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.slug == "platform-bet"))
        section = db.session.scalar(select(CaseSection).where(CaseSection.case_id == case.id))
        section.html = "<p>REIMPORTED-TEXT</p>"
        case.source_sha256 = "f" * 64  # what the importer sets when the source changes
        db.session.commit()
    fresh = case_client.get("/cases/platform-bet", headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.headers["ETag"] != etag
    assert "REIMPORTED-TEXT" in fresh.get_data(as_text=True)


def test_signed_in_readers_get_their_own_page_not_the_shared_one(app, case_client):
    from tests.web.decisions_support import ref, sign_in

    with app.app_context():
        user = ref(make_user())
    sign_in(case_client, user)
    page = case_client.get("/cases/platform-bet")
    assert "ETag" not in page.headers
    assert page.headers["Cache-Control"] == "private, no-store"
    assert "Commit my choice" in page.get_data(as_text=True)
