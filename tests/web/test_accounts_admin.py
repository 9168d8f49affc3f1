"""Admin pages: list and search members, grant and revoke roles, suspend; the dev outbox."""
import pytest

from casebook.accounts.models import User
from casebook.extensions import db
from tests.web.accounts_support import make_user, outbox, ref, sign_in, signed_in_name


@pytest.fixture
def admin_client(app, client):
    with app.app_context():
        admin = ref(make_user("admin", email="admin@example.com", display_name="Ada Admin"))
    sign_in(client, admin)
    client.admin = admin
    return client


def _member(app, *roles, **fields):
    with app.app_context():
        return ref(make_user(*roles, **fields))


def _roles(app, user_id):
    with app.app_context():
        return db.session.get(User, user_id).role_names


def test_the_member_list_is_paginated(app, admin_client, make_app):
    with app.app_context():
        for n in range(30):
            make_user(display_name=f"Member {n:02d}")
    first = admin_client.get("/admin/users").get_data(as_text=True)
    assert "31 members" in first and "Page 1 of 2" in first
    assert "Member 22" in first and "Member 23" not in first  # 24 a page, the admin first
    second = admin_client.get("/admin/users?page=2").get_data(as_text=True)
    assert "Member 23" in second and "Member 29" in second
    assert admin_client.get("/admin/users?page=999").status_code == 200
    assert admin_client.get("/admin/users?page=-1").status_code == 400  # the one page parser


def test_search_by_name_or_email_case_insensitively(app, admin_client):
    _member(app, display_name="Grace Hopper", email="grace@navy.example")
    _member(app, display_name="Alan Turing", email="alan@bletchley.example")
    _member(app, display_name="100% sure_thing", email="pct@example.com")
    html = admin_client.get("/admin/users?q=HOPPER").get_data(as_text=True)
    assert "Grace Hopper" in html and "Alan Turing" not in html
    html = admin_client.get("/admin/users?q=bletchley").get_data(as_text=True)
    assert "Alan Turing" in html and "Grace Hopper" not in html
    # LIKE wildcards are searched for literally.
    html = admin_client.get("/admin/users?q=%25").get_data(as_text=True)
    assert "100% sure_thing" in html and "Grace Hopper" not in html
    html = admin_client.get("/admin/users?q=_").get_data(as_text=True)
    assert "100% sure_thing" in html and "Alan Turing" not in html


def test_grant_and_revoke_a_role(app, admin_client):
    member = _member(app)
    resp = admin_client.post(f"/admin/users/{member.id}/roles", data={"role": "editor"})
    assert resp.status_code == 303
    assert _roles(app, member.id) == ["editor"]
    assert "Revoke editor" in admin_client.get(f"/admin/users/{member.id}").get_data(as_text=True)
    resp = admin_client.post(f"/admin/users/{member.id}/roles/editor/revoke")
    assert resp.status_code == 303
    assert _roles(app, member.id) == []


@pytest.mark.parametrize("role", ["leader", "superuser", "ADMIN'--", ""])
def test_unknown_roles_are_refused(app, admin_client, role):
    member = _member(app)
    resp = admin_client.post(f"/admin/users/{member.id}/roles", data={"role": role})
    assert resp.status_code == 400
    assert _roles(app, member.id) == []


def test_an_admin_cannot_revoke_their_own_admin_role(app, admin_client):
    resp = admin_client.post(f"/admin/users/{admin_client.admin.id}/roles/admin/revoke")
    assert resp.status_code == 403
    assert _roles(app, admin_client.admin.id) == ["admin"]


def test_suspend_signs_the_member_out_and_unsuspend_lets_them_back(app, admin_client):
    member = _member(app, display_name="Sam")
    member_client = app.test_client()
    sign_in(member_client, member)
    assert signed_in_name(member_client) == "Sam"
    assert admin_client.post(f"/admin/users/{member.id}/suspend").status_code == 303
    assert signed_in_name(member_client) is None
    assert "suspended" in admin_client.get(f"/admin/users/{member.id}").get_data(as_text=True)
    assert admin_client.post(f"/admin/users/{member.id}/unsuspend").status_code == 303
    with app.app_context():
        assert db.session.get(User, member.id).is_suspended is False


def test_an_admin_cannot_suspend_themselves(app, admin_client):
    assert admin_client.post(f"/admin/users/{admin_client.admin.id}/suspend").status_code == 403


def test_unknown_members_are_404(admin_client):
    assert admin_client.get("/admin/users/999999").status_code == 404
    assert admin_client.post("/admin/users/999999/suspend").status_code == 404


def test_the_outbox_shows_mail_kept_in_development(app, admin_client):
    _member(app, email="sam@example.com")
    app.test_client().post("/password-reset", data={"email": "sam@example.com"})
    html = admin_client.get("/admin/outbox").get_data(as_text=True)
    assert "Reset your Casebook password" in html and "sam@example.com" in html
    assert "/password-reset/" in html
    assert len(outbox(app)) == 1


def test_the_header_shows_admin_only_to_admins(app, admin_client):
    assert 'href="/admin/users">Admin<' in admin_client.get("/account").get_data(as_text=True)
    other = app.test_client()
    sign_in(other, _member(app, "editor"))
    assert 'href="/admin/users"' not in other.get("/account").get_data(as_text=True)
