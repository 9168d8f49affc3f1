"""Display names: hostile characters and look-alikes of a member's name are refused beside
the field (422, nothing stored), in registration, confirmation, the profile and the CLI;
of two look-alike names confirmed at the same moment exactly one becomes an account."""
import re
import threading

import pytest
from sqlalchemy import select

from casebook.accounts.models import PendingRegistration, User
from casebook.extensions import db
from tests.web.accounts_support import (
    count,
    latest_link,
    make_user,
    ref,
    registration,
    sign_in,
    user_by_email,
)

INVISIBLE = "cannot contain invisible characters or text-direction controls"
TAKEN = "That name is taken, or looks too much like another member"


def _field_error(html: str) -> str:
    """The error printed beside the display-name field (accounts/_fields.html)."""
    match = re.search(r'<p class="field-error" id="display_name-error">([^<]*)</p>', html)
    assert match, "no error beside the display-name field"
    assert 'aria-describedby="display_name-hint display_name-error"' in html
    return match.group(1).replace("&#39;", "'")


@pytest.mark.parametrize("name", [
    "Ann\u202eeeL",        # right-to-left override: reads "Ann Lee" backwards
    "\u2067Ann Lee",       # right-to-left isolate
    "Ann\u200fLee",        # right-to-left mark
    "Ann\u061cLee",        # Arabic letter mark
    "An\u200bn Lee",       # zero-width space
    "Ann\u200dLee",        # zero-width joiner
    "Ann\u2060Lee",        # word joiner
    "\ufeffAnn Lee",       # byte order mark
], ids=lambda n: "U+%04X" % next(ord(c) for c in n if not c.isascii()))
def test_registration_refuses_hidden_characters_beside_the_field(app, client, name):
    response = client.post("/register", data=registration("ann@example.com", name))
    assert response.status_code == 422
    assert INVISIBLE in _field_error(response.get_data(as_text=True))
    assert count(app, PendingRegistration) == 0


@pytest.mark.parametrize("look_alike", [
    "Ann Lee", "ann lee", "ANN  LEE", "\u0410nn Lee", "\uff21nn Lee", "Ann L\u0435e",
])
def test_registration_refuses_a_look_alike_of_a_members_name(app, client, look_alike):
    with app.app_context():
        make_user(display_name="Ann Lee")
    response = client.post("/register", data=registration("other@example.com", look_alike))
    assert response.status_code == 422
    assert TAKEN in _field_error(response.get_data(as_text=True))
    assert count(app, PendingRegistration) == 0


def test_a_deleted_members_name_is_free_and_suspended_members_keep_theirs(app, client):
    with app.app_context():
        make_user(display_name="Gone Member", deleted_at=db.func.now())
        make_user(display_name="Sam Suspended", is_suspended=True)
    assert client.post("/register", data=registration("a@example.com", "Gone Member")
                       ).status_code == 303
    assert client.post("/register", data=registration("b@example.com", "Sam Suspended")
                       ).status_code == 422


@pytest.fixture
def ann(app, client):
    with app.app_context():
        user = ref(make_user(email="ann@example.com", display_name="Ann"))
        make_user(display_name="Ben Okafor")
    sign_in(client, user)
    return user


def _profile(name: str) -> dict:
    return {"display_name": name, "level": "", "function": "", "industry": "",
            "years_experience": ""}


def _name_of(app, user_id):
    with app.app_context():
        user = db.session.get(User, user_id)
        return user.display_name, user.display_name_claim


@pytest.mark.parametrize("name,message", [
    ("Ben 0kafor", TAKEN), ("BEN OKAFOR", TAKEN), ("B\u0435n Okafor", TAKEN),
    ("Ann\u202e", INVISIBLE), ("A\u200bnn", INVISIBLE),
    ("former member", "That name is reserved"),
])
def test_a_rename_is_refused_beside_the_field_and_changes_nothing(app, client, ann, name,
                                                                 message):
    response = client.post("/account/profile", data=_profile(name))
    assert response.status_code == 422
    assert message in _field_error(response.get_data(as_text=True))
    assert _name_of(app, ann.id)[0] == "Ann"


def test_a_rename_claims_the_new_name_and_frees_the_old(app, client, ann):
    assert client.post("/account/profile", data=_profile("Ann  Lee")).status_code == 303
    assert _name_of(app, ann.id) == ("Ann Lee", "ann lee")
    # The same name in other case is still the member's own.
    assert client.post("/account/profile", data=_profile("ANN LEE")).status_code == 303
    assert _name_of(app, ann.id) == ("ANN LEE", "ann lee")
    client.post("/sign-out")
    assert client.post("/register", data=registration("new@example.com", "Ann")
                       ).status_code == 303


def test_an_older_look_alike_keeps_its_name_when_saving_the_profile(app, client):
    """Names that looked alike before the rule stay; their holders can still save."""
    with app.app_context():
        make_user(display_name="Cy Young")
        legacy = ref(make_user(display_name="C\u0443 Young"))  # Cyrillic u
    sign_in(client, legacy)
    data = dict(_profile("C\u0443 Young"), level="executive")
    assert client.post("/account/profile", data=data).status_code == 303
    assert _name_of(app, legacy.id) == ("C\u0443 Young", None)


def test_confirmation_asks_for_another_name_once_the_name_is_taken(app, client):
    assert client.post("/register", data=registration("late@example.com", "Dee Diaz")
                       ).status_code == 303
    link = latest_link(app, "late@example.com")
    with app.app_context():
        make_user(display_name="DEE DIAZ")  # confirmed first, elsewhere
    page = client.get(link).get_data(as_text=True)
    assert 'value="Dee Diaz"' in page
    refused = client.post(link, data={"display_name": "Dee Diaz"})
    assert refused.status_code == 422
    assert TAKEN in _field_error(refused.get_data(as_text=True))
    assert user_by_email(app, "late@example.com") is None
    hidden = client.post(link, data={"display_name": "Dee\u200b Diaz"})
    assert hidden.status_code == 422 and INVISIBLE in _field_error(hidden.get_data(as_text=True))
    assert client.post(link, data={"display_name": "Dee D."}).status_code == 303
    assert user_by_email(app, "late@example.com").display_name == "Dee D."


def test_the_cli_refuses_hidden_characters_and_look_alikes(app, rollback):
    with app.app_context():
        make_user(display_name="Ops Team")
    runner = app.test_cli_runner()
    for name, message in (("Ops\u202eTeam", INVISIBLE), ("0ps Team", TAKEN)):
        result = runner.invoke(args=["users", "create", "ops@example.com", "--name", name,
                                     "--password-stdin"], input="plenty of words here\n")
        assert result.exit_code != 0 and message in result.output
    assert user_by_email(app, "ops@example.com") is None


THREADS = 6


def test_look_alike_names_confirmed_at_once_make_exactly_one_account(committed):
    """Each registration is pending until confirmed; all confirm at the same moment."""
    app = committed
    names = ["Eve Stone", "EVE STONE", "\u0415ve Stone", "Eve  Stone", "Eve St0ne", "eve stone"]
    client = app.test_client()
    links = []
    for n, name in enumerate(names[:THREADS]):
        email = f"eve{n}@example.com"
        assert client.post("/register", data=registration(email, name)).status_code == 303
        links.append(latest_link(app, email))
    barrier = threading.Barrier(THREADS)
    statuses, errors = [], []

    def confirm(link):
        try:
            own = app.test_client()
            barrier.wait(timeout=30)
            statuses.append(own.post(link).status_code)
        except BaseException as problem:  # noqa: BLE001 - reported below
            errors.append(problem)

    threads = [threading.Thread(target=confirm, args=(link,)) for link in links]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with app.app_context():
        db.engine.dispose()
    assert not errors, errors
    assert sorted(statuses) == [303] + [422] * (THREADS - 1)
    with app.app_context():
        rows = db.session.execute(select(User.display_name, User.display_name_claim)).all()
    assert len(rows) == 1 and rows[0].display_name_claim == "eve stone"
