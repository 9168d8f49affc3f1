"""`flask users ...`: create, grant, revoke, list; bad arguments change nothing."""
import pytest

from casebook.accounts.models import User
from tests.web.accounts_support import count, make_user, user_by_email

GOOD = "plenty of words here"


@pytest.fixture
def run(app, rollback):
    runner = app.test_cli_runner()

    def invoke(*args, input=None):
        return runner.invoke(args=["users", *args], input=input)

    return invoke


def test_create_prompts_for_the_password_twice(app, run):
    result = run("create", "Ops@Example.com", "--name", "Ops", input=f"{GOOD}\n{GOOD}\n")
    assert result.exit_code == 0, result.output
    assert GOOD not in result.output  # hidden input is not echoed
    user = user_by_email(app, "ops@example.com")
    assert user.display_name == "Ops" and user.password_hash.startswith("scrypt:")
    assert user.role_names == ["admin"]  # the first account of the site


def test_create_with_password_stdin_and_roles(app, run):
    with app.app_context():
        make_user()
    result = run("create", "ed@example.com", "--name", "Ed", "--role", "editor", "--role", "author",
                 "--password-stdin", input=f"{GOOD}\n")
    assert result.exit_code == 0, result.output
    assert user_by_email(app, "ed@example.com").role_names == ["author", "editor"]


@pytest.mark.parametrize("args,input,message", [
    (["create", "not-an-email", "--name", "X", "--password-stdin"], f"{GOOD}\n", "not a valid email"),
    (["create", "a@example.com", "--name", "X", "--password-stdin"], "short\n", "at least 10"),
    (["create", "a@example.com", "--name", "X", "--password-stdin"], "password123\n", "most common"),
    (["create", "a@example.com", "--name", "", "--password-stdin"], f"{GOOD}\n", "name must be"),
    (["create", "a@example.com", "--name", "X", "--role", "king", "--password-stdin"], f"{GOOD}\n", "king"),
    (["create", "a@example.com", "--password-stdin"], f"{GOOD}\n", "--name"),
    (["create", "a@example.com", "--name", "X"], f"{GOOD}\nother words here\n", "do not match"),
])
def test_bad_create_arguments_change_nothing(app, run, args, input, message):
    result = run(*args, input=input)
    assert result.exit_code != 0
    assert message in result.output
    assert count(app, User) == 0


def test_create_refuses_an_existing_address(app, run):
    with app.app_context():
        make_user(email="a@example.com")
    result = run("create", "a@example.com", "--name", "X", "--password-stdin", input=f"{GOOD}\n")
    assert result.exit_code == 1 and "already exists" in result.output
    assert count(app, User) == 1


def test_grant_and_revoke(app, run):
    with app.app_context():
        make_user(email="a@example.com")
    result = run("grant", "a@example.com", "facilitator")
    assert result.exit_code == 0 and "granted facilitator" in result.output
    assert user_by_email(app, "a@example.com").role_names == ["facilitator"]
    assert "already has" in run("grant", "a@example.com", "facilitator").output
    result = run("revoke", "A@example.com", "facilitator")
    assert result.exit_code == 0 and "revoked" in result.output
    assert user_by_email(app, "a@example.com").role_names == []


@pytest.mark.parametrize("args,message", [
    (["grant", "nobody@example.com", "editor"], "No account"),
    (["grant", "a@example.com", "leader"], "Invalid value"),
    (["grant", "a@example.com", "emperor"], "Invalid value"),
    (["revoke", "a@example.com"], "Missing argument"),
    (["revoke", "a@example.com", "admin"], "only active admin"),
])
def test_bad_grant_and_revoke_arguments_change_nothing(app, run, args, message):
    with app.app_context():
        make_user("admin", email="a@example.com")
    result = run(*args)
    assert result.exit_code != 0
    assert message in result.output
    assert user_by_email(app, "a@example.com").role_names == ["admin"]


def test_list(app, run):
    assert "No accounts yet" in run("list").output
    with app.app_context():
        make_user("editor", email="ed@example.com", display_name="Ed", is_suspended=True)
    output = run("list").output
    assert "ed@example.com\tEd\tleader, editor\tsuspended" in output
