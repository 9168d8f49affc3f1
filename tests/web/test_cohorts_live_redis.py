"""The live version in Redis: written once its transaction commits, only ever upwards,
read back by followers; the database answers when Redis is missing or down."""
from __future__ import annotations

import uuid

import pytest
import redis

from casebook.cohorts.live_version import bump, current_version
from casebook.extensions import db
from tests.factories import make_user
from tests.web.cohorts_support import make_cohort

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_app(make_app, committed):
    prefix = f"casebook-test-{uuid.uuid4().hex}"
    app = make_app(REDIS_URL=REDIS_URL, LIVE_REDIS_PREFIX=prefix)
    client = redis.Redis.from_url(REDIS_URL)
    yield app, client, prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def _cohort(app) -> int:
    with app.app_context():
        return make_cohort(make_user("facilitator"), "Redis cohort")


def test_a_committed_bump_reaches_redis_and_followers_read_it_there(redis_app):
    app, client, prefix = redis_app
    cohort = _cohort(app)
    with app.test_request_context("/", method="POST"):
        version = bump(cohort)
        assert client.get(f"{prefix}:live:{cohort}") is None  # not before the commit
        db.session.commit()
    assert int(client.get(f"{prefix}:live:{cohort}")) == version
    assert 0 < client.ttl(f"{prefix}:live:{cohort}") <= 30
    client.set(f"{prefix}:live:{cohort}", 7_000)  # only Redis says so: read from there
    with app.test_request_context("/"):
        assert current_version(cohort) == 7_000


def test_a_rolled_back_bump_never_reaches_redis(redis_app):
    app, client, prefix = redis_app
    cohort = _cohort(app)
    with app.test_request_context("/", method="POST"):
        bump(cohort)
        db.session.rollback()
    assert client.get(f"{prefix}:live:{cohort}") is None
    with app.test_request_context("/"):
        assert current_version(cohort) == 0  # never went live: no row
    assert int(client.get(f"{prefix}:live:{cohort}")) == 0  # read once, then kept


def test_an_older_version_never_replaces_a_newer_one(redis_app):
    app, client, prefix = redis_app
    cohort = _cohort(app)
    client.set(f"{prefix}:live:{cohort}", 50)
    with app.test_request_context("/", method="POST"):
        bump(cohort)  # version 1 or 2 in the database: older than Redis's 50
        db.session.commit()
    assert int(client.get(f"{prefix}:live:{cohort}")) == 50


def test_the_database_answers_when_redis_is_down(make_app, committed):
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0", LIVE_REDIS_PREFIX="unreachable")
    cohort = _cohort(app)
    with app.test_request_context("/", method="POST"):
        version = bump(cohort)
        db.session.commit()  # publishing fails quietly: the database holds the truth
    with app.test_request_context("/"):
        assert current_version(cohort) == version
