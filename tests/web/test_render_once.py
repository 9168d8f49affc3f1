"""Markdown is rendered at import or save; a page view never calls Markdown or bleach."""
import bleach
import markdown
import pytest

from tests.factories import make_case, make_user, sign_in


@pytest.fixture
def renderers_forbidden(monkeypatch):
    calls = []

    def forbidden(*args, **kwargs):
        calls.append(args)
        raise AssertionError("a page view called the Markdown renderer or the sanitizer")

    monkeypatch.setattr(markdown.Markdown, "convert", forbidden)
    monkeypatch.setattr(markdown, "markdown", forbidden)
    monkeypatch.setattr(bleach.sanitizer.Cleaner, "clean", forbidden)
    monkeypatch.setattr(bleach, "clean", forbidden)
    return calls


def test_library_and_case_pages_print_stored_html(app, client, renderers_forbidden):
    with app.app_context():
        make_case("stored-html", decisions=2)
        editor_id = make_user("editor").id
    assert client.get("/").status_code == 200
    assert client.get("/?q=case").status_code == 200
    assert client.get("/cases/stored-html").status_code == 200
    sign_in(client, editor_id)
    preview = client.get("/cases/stored-html?preview=1")
    assert preview.status_code == 200
    assert "OUTCOME-STORED-HTML-2" in preview.get_data(as_text=True)
    assert renderers_forbidden == []
