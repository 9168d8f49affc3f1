"""Rate limits: failed sign-ins per account and per address, registration, password reset,
and every write; shared between processes through Redis."""
import json
import subprocess
import sys
import textwrap
import uuid
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.web.accounts_support import DEFAULT_PASSWORD, make_user, rate_limits_on, registration

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def limited(make_app, rollback):
    """Build an app with limits on; limits are off and counters empty after the test."""
    with ExitStack() as stack:
        yield lambda **config: stack.enter_context(rate_limits_on(make_app, **config))


def _sign_in(client, email, password="wrong password", address="10.0.0.1"):
    return client.post("/sign-in", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_the_seventh_failed_sign_in_from_one_address_is_refused(limited):
    app = limited()
    with app.app_context():
        make_user(email="ann@example.com")
    client = app.test_client()
    statuses = [_sign_in(client, f"guess{n}@example.com").status_code for n in range(6)]
    assert statuses == [422] * 6
    seventh = _sign_in(client, "ann@example.com", DEFAULT_PASSWORD)  # even the right one
    assert seventh.status_code == 429
    assert "Retry-After" in seventh.headers
    assert _sign_in(client, "ann@example.com", DEFAULT_PASSWORD, "10.0.0.2").status_code == 303


def test_the_seventh_failed_sign_in_on_one_account_is_refused_from_anywhere(limited):
    app = limited()
    with app.app_context():
        make_user(email="ann@example.com")
    client = app.test_client()
    for n in range(6):
        assert _sign_in(client, "ann@example.com", address=f"10.0.1.{n}").status_code == 422
    assert _sign_in(client, "ANN@example.com", DEFAULT_PASSWORD, "10.0.2.1").status_code == 429
    assert _sign_in(client, "other@example.com", address="10.0.2.1").status_code == 422


def test_the_suspended_notice_counts_as_a_failed_sign_in(limited):
    """Else the notice would be an unlimited oracle for a suspended account's password."""
    app = limited()
    with app.app_context():
        make_user(email="sus@example.com", is_suspended=True)
    client = app.test_client()
    for _ in range(6):
        assert _sign_in(client, "sus@example.com", DEFAULT_PASSWORD).status_code == 422
    assert _sign_in(client, "sus@example.com", DEFAULT_PASSWORD).status_code == 429


def test_successful_sign_ins_do_not_count(limited):
    app = limited()
    with app.app_context():
        make_user(email="ann@example.com")
    for _ in range(10):
        assert _sign_in(app.test_client(), "ann@example.com", DEFAULT_PASSWORD).status_code == 303
    assert _sign_in(app.test_client(), "ann@example.com").status_code == 422


def test_showing_the_sign_in_page_does_not_count(limited):
    client = limited().test_client()
    for _ in range(20):
        assert client.get("/sign-in").status_code == 200


def test_the_limit_is_configurable(limited):
    client = limited(RATELIMIT_SIGN_IN="2 per minute").test_client()
    assert [_sign_in(client, "a@example.com").status_code for _ in range(3)] == [422, 422, 429]


def test_registration_is_limited(limited):
    client = limited(RATELIMIT_REGISTER="3 per hour").test_client()
    statuses = [client.post("/register", data=registration(f"new{n}@example.com")).status_code
                for n in range(4)]
    assert statuses == [303, 303, 303, 429]


def test_password_reset_is_limited_per_address_and_per_email(limited):
    client = limited(RATELIMIT_PASSWORD_RESET="2 per hour").test_client()
    post = lambda email, address: client.post(  # noqa: E731
        "/password-reset", data={"email": email}, environ_base={"REMOTE_ADDR": address})
    assert [post("victim@example.com", f"10.0.3.{n}").status_code for n in range(3)] == [303, 303, 429]
    assert [post(f"x{n}@example.com", "10.0.4.1").status_code for n in range(3)] == [303, 303, 429]


def test_every_write_shares_one_budget_per_address(limited):
    client = limited(RATELIMIT_WRITES="3 per minute").test_client()
    client.post("/sign-out")
    client.post("/password-reset", data={"email": "a@example.com"})
    client.post("/sign-in", data={"email": "a@example.com", "password": "x"})
    assert client.post("/register", data=registration("a@example.com")).status_code == 429
    assert client.get("/sign-in").status_code == 200  # reads are not limited
    other = client.post("/sign-out", environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other.status_code == 303


def test_the_refusal_looks_the_same_for_known_and_unknown_accounts(limited):
    app = limited(RATELIMIT_SIGN_IN="1 per minute")
    with app.app_context():
        make_user(email="known@example.com")
    answers = []
    for n, email in enumerate(("known@example.com", "unknown@example.com")):
        client = app.test_client()
        _sign_in(client, email, address=f"10.0.5.{n}")
        answers.append(_sign_in(client, email, address=f"10.0.5.{n}"))
    assert [a.status_code for a in answers] == [429, 429]
    assert answers[0].get_data() == answers[1].get_data()


# --- shared through Redis -------------------------------------------------------------

ATTEMPTS = textwrap.dedent("""
    import json, sys
    from casebook import create_app
    from casebook.extensions import limiter
    url, storage, attempts, prefix = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": url,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": True,
                      "RATELIMIT_STORAGE_URI": storage, "RATELIMIT_KEY_PREFIX": prefix})
    client = app.test_client()
    statuses = [client.post("/sign-in", data={"email": "shared@example.com",
                                              "password": "wrong password"}).status_code
                for _ in range(attempts)]
    print(json.dumps(statuses))
""")


def _redis():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    return client


@pytest.fixture
def key_prefix():
    """Keys of this test only: other test runs on the machine may use the same Redis db."""
    return f"casebook-test-{uuid.uuid4().hex}"


@pytest.fixture
def redis_db(key_prefix):
    client = _redis()

    def clear():
        for key in client.scan_iter(match=f"*{key_prefix}*"):
            client.delete(key)

    clear()
    yield client
    clear()


def _run_instance(database_url: str, storage: str, attempts: int, prefix: str) -> list[int]:
    """A separate process: its own app, its own Limiter, nothing shared but the storage."""
    result = subprocess.run(
        [sys.executable, "-c", ATTEMPTS, database_url, storage, str(attempts), prefix],
        capture_output=True, text=True, timeout=60, cwd=Path(__file__).parents[2],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_two_instances_share_the_count_through_redis(migrated, redis_db, key_prefix):
    assert _run_instance(migrated, REDIS_URL, 6, key_prefix) == [422] * 6
    assert _run_instance(migrated, REDIS_URL, 1, key_prefix) == [429]
    assert any(redis_db.scan_iter(match=f"*{key_prefix}*"))


def test_without_redis_each_process_counts_alone(migrated, key_prefix):
    """The control: in-memory counts are per process (why production needs Redis)."""
    assert _run_instance(migrated, "memory://", 6, key_prefix) == [422] * 6
    assert _run_instance(migrated, "memory://", 1, key_prefix) == [422]


def test_the_redis_url_setting_selects_redis_storage(monkeypatch, tmp_path):
    from casebook.config import build_config

    monkeypatch.setenv("CASEBOOK_REDIS_URL", REDIS_URL)
    assert build_config(tmp_path, {"SECRET_KEY": "x"})["RATELIMIT_STORAGE_URI"] == REDIS_URL
    monkeypatch.delenv("CASEBOOK_REDIS_URL")
    assert build_config(tmp_path, {"SECRET_KEY": "x"})["RATELIMIT_STORAGE_URI"] == "memory://"
