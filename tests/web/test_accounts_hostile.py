"""Hostile values in every account form: a 4xx or a form error, never a 500, nothing stored.

SQL fragments are ordinary text: in free-text fields (names, function, industry,
passwords) they may be accepted and are stored literally, never executed; everywhere
else they are refused. NUL bytes, 100,000-character values and invalid UTF-8 are refused
in every field. NUL, other control characters and invalid UTF-8, which no keyboard types,
get a 400 with the form and its error beside the field (the one text policy,
casebook/text_policy.py: "... contains a control character ...", "... is not valid UTF-8").
"""
from __future__ import annotations

from dataclasses import dataclass, field

import unicodedata

import pytest
from sqlalchemy import select

from casebook.accounts.models import OutboxMessage, PendingRegistration, User, UserRole
from casebook.extensions import db
from tests import factories
from tests.web.accounts_support import DEFAULT_PASSWORD, make_user, sign_in

SQL = ["' OR '1'='1' --", "'; DROP TABLE users; --", "\" OR 1=1; --", "1; DELETE FROM user_roles"]
REFUSED_EVERYWHERE = {"nul": "ann\x00@example.com", "nul-alone": "\x00", "long": "x" * 100_000,
                      "control": "abc\x1b[31mdef", "c1-control": "abc\x9b31mdef",
                      "bidi-nul": "a\u202e\x00b"}
FREE_TEXT = {"display_name", "function", "industry", "password", "current_password",
             "new_password", "confirm_password", "next"}
GOOD_PASSWORD = "plenty of words here"
CONTROL_REFUSED = "contains a control character"
UTF8_REFUSED = "is not valid UTF-8 text"
# Checkboxes read any value as "ticked"; nothing of the value itself is kept.
CHECKBOXES = {"profile_public", "confirm"}


@dataclass
class Ctx:
    member_id: int
    reset_token: str
    confirm_token: str
    target_id: int
    tokens: dict = field(default_factory=dict)


@dataclass
class Form:
    name: str
    path: object  # Ctx -> str
    data: dict
    signed_in: str | None = None  # None, "member" or "admin"


FORMS = [
    Form("sign-in", lambda c: "/sign-in",
         {"email": "ann@example.com", "password": DEFAULT_PASSWORD, "next": "/account"}),
    Form("register", lambda c: "/register",
         {"email": "new@example.com", "display_name": "New", "new_password": GOOD_PASSWORD,
          "confirm_password": GOOD_PASSWORD}),
    Form("reset-request", lambda c: "/password-reset", {"email": "ann@example.com"}),
    Form("reset", lambda c: f"/password-reset/{c.reset_token}",
         {"new_password": GOOD_PASSWORD, "confirm_password": GOOD_PASSWORD}),
    Form("profile", lambda c: "/account/profile",
         {"display_name": "Ann", "level": "executive", "function": "Ops", "industry": "Retail",
          "years_experience": "5", "profile_public": "y"}, "member"),
    Form("password", lambda c: "/account/password",
         {"current_password": DEFAULT_PASSWORD, "new_password": GOOD_PASSWORD,
          "confirm_password": GOOD_PASSWORD}, "member"),
    Form("email", lambda c: "/account/email",
         {"email": "moved@example.com", "current_password": DEFAULT_PASSWORD}, "member"),
    Form("delete", lambda c: "/account/delete", {"password": DEFAULT_PASSWORD, "confirm": "y"},
         "member"),
    Form("grant", lambda c: f"/admin/users/{c.target_id}/roles", {"role": "editor"}, "admin"),
]


def _cases():
    for form in FORMS:
        for field_name in (f for f in form.data if f not in CHECKBOXES):
            for label, value in REFUSED_EVERYWHERE.items():
                yield pytest.param(form, field_name, value, False, id=f"{form.name}-{field_name}-{label}")
            for n, value in enumerate(SQL):
                yield pytest.param(form, field_name, value, True, id=f"{form.name}-{field_name}-sql{n}")


def _snapshot(app):
    with app.app_context():
        users = db.session.execute(select(
            User.id, User.email, User.display_name, User.password_hash, User.level, User.function,
            User.industry, User.years_experience, User.profile_public, User.is_suspended,
            User.deleted_at, User.session_version).order_by(User.id)).all()
        roles = db.session.execute(select(UserRole.user_id, UserRole.role).order_by(
            UserRole.user_id, UserRole.role)).all()
        pending = db.session.execute(select(PendingRegistration.email,
                                            PendingRegistration.display_name)).all()
        mail = db.session.execute(select(OutboxMessage.to_address)).all()
        return {"users": users, "roles": roles, "pending": pending, "mail": mail}


@pytest.fixture
def ctx(app, rollback):
    with app.app_context():
        member = make_user(email="ann@example.com", display_name="Ann")
        target = make_user(email="target@example.com")
        reset = factories.reset_token(member)
        confirm = factories.registration_token(factories.pending_registration())
        return Ctx(member.id, reset, confirm, target.id)


def _client(app, ctx, who):
    client = app.test_client()
    if who == "member":
        sign_in(client, ctx.member_id)
    elif who == "admin":
        with app.app_context():
            sign_in(client, make_user("admin"))
    return client


@pytest.mark.parametrize("form,field_name,value,is_sql", list(_cases()))
def test_hostile_value(app, ctx, form, field_name, value, is_sql):
    client = _client(app, ctx, form.signed_in)
    before = _snapshot(app)
    resp = client.post(form.path(ctx), data={**form.data, field_name: value})
    assert resp.status_code != 500
    assert resp.status_code < 500
    after = _snapshot(app)
    if is_sql and field_name in FREE_TEXT:
        # Accepted as text at most: the tables are intact and hold the value literally.
        assert len(after["users"]) == len(before["users"])
        changed = set(after["users"]) - set(before["users"])
        for row in changed:
            assert field_name not in ("display_name", "function", "industry") or value.strip() in row
        return
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        assert resp.status_code == 400, resp.status_code
        assert CONTROL_REFUSED in resp.get_data(as_text=True)
    elif resp.status_code in (302, 303):
        # Only a sign-in may succeed here (an overlong `next` is replaced, nothing is stored).
        assert form.name == "sign-in" and field_name == "next"
    else:
        assert 400 <= resp.status_code < 500 or "field-error" in resp.get_data(as_text=True)
    assert after == before


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
@pytest.mark.parametrize("body", [b"email=%FF%FE%FD", b"email=\xff\xfe\xfd&password=\xc3\x28",
                                  b"display_name=%C0%AF&function=%ED%A0%80"])
def test_invalid_utf8_bodies_are_refused(app, ctx, form, body):
    client = _client(app, ctx, form.signed_in)
    before = _snapshot(app)
    resp = client.post(form.path(ctx), data=body, content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 400
    # Beside the field when the form has it; the 400 page naming it when it does not.
    assert UTF8_REFUSED in resp.get_data(as_text=True)
    assert _snapshot(app) == before


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
def test_invalid_utf8_in_multipart_bodies_is_refused(app, ctx, form):
    client = _client(app, ctx, form.signed_in)
    before = _snapshot(app)
    boundary = "b0undary"
    parts = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        + (b"bad \xff\xfe bytes" if n == 0 else value.encode()) + b"\r\n"
        for n, (name, value) in enumerate(form.data.items()))
    resp = client.post(form.path(ctx), data=parts + f"--{boundary}--\r\n".encode(),
                       content_type=f"multipart/form-data; boundary={boundary}")
    assert resp.status_code == 400
    assert UTF8_REFUSED in resp.get_data(as_text=True)
    assert _snapshot(app) == before


@pytest.mark.parametrize("path", [
    "/register/confirm/'%20OR%201=1--", "/register/confirm/" + "x" * 5000,
    "/password-reset/%00", "/password-reset/" + "a." * 3000, "/account/email/confirm/%FF%FE",
])
def test_hostile_tokens_in_links_are_refused(app, ctx, path):
    client = _client(app, ctx, "member")
    before = _snapshot(app)
    assert client.get(path).status_code in (400, 404)
    assert client.post(path, data={"new_password": GOOD_PASSWORD,
                                   "confirm_password": GOOD_PASSWORD}).status_code in (400, 404)
    assert _snapshot(app) == before


@pytest.mark.parametrize("q", SQL + list(REFUSED_EVERYWHERE.values()) + ["%", "_", "\\"])
def test_hostile_admin_searches_never_fail(app, ctx, q):
    client = _client(app, ctx, "admin")
    assert client.get("/admin/users", query_string={"q": q}).status_code == 200


@pytest.mark.parametrize("role", ["'; DROP TABLE user_roles; --", "admin%00", "x" * 5000, "leader"])
def test_hostile_roles_in_revoke_links(app, ctx, role):
    client = _client(app, ctx, "admin")
    before = _snapshot(app)
    resp = client.post(f"/admin/users/{ctx.target_id}/roles/{role}/revoke")
    assert resp.status_code < 500
    assert _snapshot(app) == before


def test_markup_in_a_name_is_shown_as_text(app, ctx):
    client = _client(app, ctx, "member")
    client.post("/account/profile", data={"display_name": "<script>alert(1)</script>"})
    html = client.get("/account").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
