"""The leader profile (private by default), the data download and account deletion."""
import json

import pytest

from casebook.accounts.export import export_section, export_user_data
from casebook.accounts.models import OutboxMessage, User
from casebook.extensions import db
from tests.web.accounts_support import (
    DEFAULT_PASSWORD,
    count,
    make_user,
    ref,
    sign_in,
    sign_in_with_form,
    signed_in_name,
)


def _profile(**fields):
    data = {"display_name": "Ann Lee", "level": "", "function": "", "industry": "",
            "years_experience": ""}
    data.update(fields)
    return data


def _load(app, user_id):
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


@pytest.fixture
def ann(app, client):
    with app.app_context():
        user = ref(make_user(email="ann@example.com", display_name="Ann"))
    sign_in(client, user)
    return user


def test_edit_the_profile(app, client, ann):
    resp = client.post("/account/profile", data=_profile(
        level="senior-manager", function="Operations", industry="Retail", years_experience="12"))
    assert resp.status_code == 303
    user = _load(app, ann.id)
    assert (user.display_name, user.level, user.function, user.industry, user.years_experience) == (
        "Ann Lee", "senior-manager", "Operations", "Retail", 12)
    assert user.profile_public is False
    assert "Senior manager" in client.get("/account").get_data(as_text=True)


def test_every_profile_field_is_optional_but_the_name(app, client, ann):
    client.post("/account/profile", data=_profile(level="executive", years_experience="3"))
    client.post("/account/profile", data=_profile())
    user = _load(app, ann.id)
    assert (user.level, user.function, user.industry, user.years_experience) == (None,) * 4
    resp = client.post("/account/profile", data=_profile(display_name="   "))
    assert resp.status_code == 422 and "Choose a display name" in resp.get_data(as_text=True)


@pytest.mark.parametrize("fields,message", [
    ({"years_experience": "61"}, "from 0 to 60"),
    ({"years_experience": "-1"}, "from 0 to 60"),
    ({"years_experience": "ten"}, "integer"),
    ({"level": "ceo"}, "Not a valid choice"),
    ({"function": "x" * 81}, "At most 80"),
])
def test_invalid_profile_values_are_refused(app, client, ann, fields, message):
    resp = client.post("/account/profile", data=_profile(**fields))
    assert resp.status_code == 422 and message in resp.get_data(as_text=True)
    assert _load(app, ann.id).display_name == "Ann"


def test_a_profile_is_private_by_default(app, client, ann):
    assert client.get(f"/people/{ann.id}").status_code == 200  # its owner sees it
    stranger = app.test_client()
    assert stranger.get(f"/people/{ann.id}").status_code == 404
    with app.app_context():
        sign_in(stranger, make_user())
    assert stranger.get(f"/people/{ann.id}").status_code == 404
    assert stranger.get("/people/999999").status_code == 404  # same answer as a private one
    with app.app_context():
        admin = ref(make_user("admin"))
    admin_client = app.test_client()
    sign_in(admin_client, admin)
    assert admin_client.get(f"/people/{ann.id}").status_code == 200


def test_a_public_profile_is_seen_by_others(app, client, ann):
    client.post("/account/profile", data=_profile(industry="Retail", profile_public="y"))
    page = app.test_client().get(f"/people/{ann.id}")
    assert page.status_code == 200 and "Retail" in page.get_data(as_text=True)
    assert "ann@example.com" not in page.get_data(as_text=True)


def test_download_your_data(app, client, ann):
    client.post("/account/profile", data=_profile(level="executive", years_experience="20"))
    resp = client.get("/account/export")
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    assert "attachment" in resp.headers["Content-Disposition"]
    data = json.loads(resp.get_data(as_text=True))
    assert data["account"]["email"] == "ann@example.com"
    assert data["account"]["roles"] == ["leader"]
    assert data["profile"]["level"] == "executive" and data["profile"]["years_experience"] == 20
    assert data["profile"]["public"] is False


def test_features_add_sections_to_the_download(app, ann, provide):
    @provide("account.export")
    def _section(user, **_):
        return export_section("zz_test_section", {"hello": user.display_name})

    with app.app_context():
        data = export_user_data(db.session.get(User, ann.id))
    assert data["zz_test_section"] == {"hello": "Ann"}
    assert list(data) == ["format", "version", "account", "cohorts", "debates", "decisions", "profile",
                          "zz_test_section"]


def test_delete_your_account(app, client, ann):
    client.post("/account/profile", data=_profile(function="Finance", profile_public="y"))
    resp = client.post("/account/delete", data={"password": DEFAULT_PASSWORD, "confirm": "y"})
    assert resp.status_code == 303
    assert signed_in_name(client) is None
    user = _load(app, ann.id)
    assert user.deleted_at is not None
    assert (user.email, user.password_hash, user.function, user.level, user.industry) == (None,) * 5
    assert user.public_name == "former member" and user.display_name == "former member"
    assert user.profile_public is False and user.role_names == []
    assert sign_in_with_form(app.test_client(), "ann@example.com").status_code == 422
    assert app.test_client().get(f"/people/{ann.id}").status_code == 404


def test_deletion_needs_the_password_and_the_tick(app, client, ann):
    resp = client.post("/account/delete", data={"password": "wrong password", "confirm": "y"})
    assert resp.status_code == 422 and "not correct" in resp.get_data(as_text=True)
    resp = client.post("/account/delete", data={"password": DEFAULT_PASSWORD})
    assert resp.status_code == 422 and "Tick the box" in resp.get_data(as_text=True)
    assert _load(app, ann.id).deleted_at is None


def test_deletion_removes_mail_kept_for_the_address(app, client, ann):
    client.post("/password-reset", data={"email": "ann@example.com"})
    assert count(app, OutboxMessage) == 1
    client.post("/account/delete", data={"password": DEFAULT_PASSWORD, "confirm": "y"})
    assert count(app, OutboxMessage) == 0


def test_the_only_admin_cannot_delete_their_account(app, client):
    with app.app_context():
        admin = ref(make_user("admin"))
    sign_in(client, admin)
    resp = client.post("/account/delete", data={"password": DEFAULT_PASSWORD, "confirm": "y"})
    assert "only admin" in resp.get_data(as_text=True)
    assert _load(app, admin.id).deleted_at is None
