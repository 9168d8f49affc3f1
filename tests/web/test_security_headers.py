"""Headers and cookie flags on a sample of pages; the secret key; body size limit."""
import stat

import pytest

from casebook import create_app
from casebook.config import build_config
from tests.web.accounts_support import make_user, sign_in, sign_in_with_form

PAGES = ["/", "/sign-in", "/register", "/password-reset", "/account", "/admin/users",
         "/no-such-page", "/healthz"]


@pytest.mark.parametrize("path", PAGES)
def test_security_headers_on_every_page(app, client, path):
    with app.app_context():
        sign_in(client, make_user("admin"))
    resp = client.get(path)
    csp = resp.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "same-origin"
    assert resp.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/sign-in", "/register", "/account", "/admin/users",
                                  "/password-reset"])
def test_account_pages_have_no_inline_scripts_or_styles(app, client, path):
    with app.app_context():
        sign_in(client, make_user("admin"))
    html = client.get(path).get_data(as_text=True)
    assert "<script>" not in html and "<script " not in html.replace('<script src=', '')
    assert " style=" not in html and "<style" not in html
    assert " onclick=" not in html.lower() and " onsubmit=" not in html.lower()


def test_cookie_flags_in_production_settings(make_app, rollback):
    app = make_app(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    with app.app_context():
        make_user(email="ann@example.com")
    resp = sign_in_with_form(app.test_client(), "ann@example.com", remember="y")
    cookies = {c.split("=", 1)[0]: c for c in resp.headers.getlist("Set-Cookie")}
    for name in ("session", "remember_token"):
        flags = [part.strip() for part in cookies[name].split(";")]
        assert "HttpOnly" in flags and "SameSite=Lax" in flags and "Secure" in flags


def test_secure_cookies_are_the_default_except_debug_and_tests(tmp_path, monkeypatch):
    monkeypatch.delenv("CASEBOOK_SECURE_COOKIES", raising=False)
    monkeypatch.delenv("CASEBOOK_DEBUG", raising=False)
    production = build_config(tmp_path, {"SECRET_KEY": "x"})
    assert production["SESSION_COOKIE_SECURE"] and production["REMEMBER_COOKIE_SECURE"]
    assert production["SESSION_COOKIE_HTTPONLY"] and production["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production["REMEMBER_COOKIE_DURATION"] <= 30 * 24 * 3600
    assert not build_config(tmp_path, {"SECRET_KEY": "x", "TESTING": True})["SESSION_COOKIE_SECURE"]
    monkeypatch.setenv("CASEBOOK_DEBUG", "1")
    assert not build_config(tmp_path, {"SECRET_KEY": "x"})["SESSION_COOKIE_SECURE"]


def test_secret_key_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEBOOK_SECRET_KEY", "from-the-environment")
    assert build_config(tmp_path)["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_secret_key_is_generated_once_into_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("CASEBOOK_SECRET_KEY", raising=False)
    first = build_config(tmp_path)["SECRET_KEY"]
    second = build_config(tmp_path)["SECRET_KEY"]
    key_file = tmp_path / "secret_key"
    assert first == second == key_file.read_text().strip()
    assert len(first) >= 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    other = tmp_path / "other"
    assert build_config(other)["SECRET_KEY"] != first


def test_the_app_uses_the_instance_key(monkeypatch, migrated):
    monkeypatch.delenv("CASEBOOK_SECRET_KEY", raising=False)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": migrated})
    key_file = app.instance_path + "/secret_key"
    with open(key_file) as handle:
        assert app.config["SECRET_KEY"] == handle.read().strip()


def test_bodies_over_the_limit_get_a_clear_413(app, client):
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
    for path in ("/sign-in", "/register", "/password-reset"):
        resp = client.post(path, data={"email": "x" * (3 * 1024 * 1024)})
        assert resp.status_code == 413
        html = resp.get_data(as_text=True)
        assert "larger than this site accepts" in html and "Traceback" not in html
