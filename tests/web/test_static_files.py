"""Static files as a browser gets them (casebook/static_files.py): pages link names that
carry a digest of the file, those are kept for a year and sent compressed when asked;
the plain names still answer but are revalidated; a changed file gets a new name."""
import gzip
import re
from pathlib import Path

import brotli
from flask import Flask, url_for

from casebook import static_files

STATIC = Path(static_files.__file__).parent / "static"
FINGERPRINTED_CSS = re.compile(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"')
YEAR = "public, max-age=31536000, immutable"


def _css_url(client) -> str:
    return FINGERPRINTED_CSS.search(client.get("/").get_data(as_text=True)).group(1)


def _get(client, url, **headers):
    resp = client.get(url, headers=headers)
    body = resp.get_data()
    resp.close()  # static files are streamed from an open file
    return resp, body


def test_pages_link_fingerprinted_files_and_a_favicon(client):
    page = client.get("/").get_data(as_text=True)
    assert FINGERPRINTED_CSS.search(page)
    icon = re.search(r'<link rel="icon" href="(/static/img/favicon\.[0-9a-f]{12}\.svg)"'
                     r' type="image/svg\+xml">', page)
    assert icon
    assert "/static/css/site.css" not in page
    resp, body = _get(client, icon.group(1))
    assert resp.status_code == 200 and resp.mimetype == "image/svg+xml"
    assert body == (STATIC / "img/favicon.svg").read_bytes()


def test_a_fingerprinted_file_is_kept_for_a_year(client):
    resp, body = _get(client, _css_url(client))
    assert resp.status_code == 200
    assert resp.headers["Cache-Control"] == YEAR
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Encoding" not in resp.headers  # the client asked for no compression
    assert body == (STATIC / "css/site.css").read_bytes()


def test_gzip_when_asked(client):
    resp, body = _get(client, _css_url(client), **{"Accept-Encoding": "gzip"})
    assert resp.headers["Content-Encoding"] == "gzip"
    assert resp.headers["Vary"] == "Accept-Encoding"
    assert resp.headers["Cache-Control"] == YEAR
    assert gzip.decompress(body) == (STATIC / "css/site.css").read_bytes()
    assert len(body) < len(gzip.decompress(body)) / 2


def test_brotli_when_asked(client):
    resp, body = _get(client, _css_url(client), **{"Accept-Encoding": "gzip, deflate, br"})
    assert resp.headers["Content-Encoding"] == "br"
    assert brotli.decompress(body) == (STATIC / "css/site.css").read_bytes()


def test_the_plain_name_answers_but_is_revalidated(client):
    resp, body = _get(client, "/static/css/site.css")
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-cache"
    assert body == (STATIC / "css/site.css").read_bytes()
    again, _ = _get(client, "/static/css/site.css", **{"If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304


def test_a_missing_static_file_is_a_private_404(client):
    resp, _ = _get(client, "/static/css/site.0123456789ab.css")
    assert resp.status_code == 404
    assert resp.headers["Cache-Control"] == "private, no-store"


def test_the_debate_script_is_fingerprinted_too(app):
    with app.test_request_context():
        htmx = url_for("static", filename="js/htmx-2.0.11.min.js")
    assert re.fullmatch(r"/static/js/htmx-2\.0\.11\.min\.[0-9a-f]{12}\.js", htmx)
    resp, _ = _get(app.test_client(), htmx)
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == YEAR


def _site_with(static: Path, build: Path) -> tuple[Flask, str]:
    site = Flask(__name__, static_folder=str(static))
    site.config["STATIC_BUILD_DIR"] = str(build)
    static_files.register(site)
    with site.test_request_context():
        return site, url_for("static", filename="app.css")


def test_a_changed_file_gets_a_new_name(tmp_path):
    static, build = tmp_path / "static", tmp_path / "build"
    static.mkdir()
    (static / "app.css").write_text("body { color: black }")
    first_site, first = _site_with(static, build)
    (static / "app.css").write_text("body { color: navy }")
    second_site, second = _site_with(static, build)
    assert first != second
    assert re.fullmatch(r"/static/app\.[0-9a-f]{12}\.css", second)
    _, body = _get(second_site.test_client(), second)
    assert body == b"body { color: navy }"
    # The site that started before the change still serves the file its pages name.
    _, old = _get(first_site.test_client(), first)
    assert old == b"body { color: black }"


def test_fingerprinted_names_keep_the_suffix_last():
    assert static_files.fingerprinted_name("css/site.css", "abc") == "css/site.abc.css"
    assert static_files.fingerprinted_name("js/htmx-2.0.11.min.js", "abc") == "js/htmx-2.0.11.min.abc.js"
    assert static_files.fingerprinted_name("LICENSE", "abc") == "LICENSE.abc"
