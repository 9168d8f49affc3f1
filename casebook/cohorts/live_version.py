"""The version a live session's followers watch: in the database, repeated in Redis.

Every page following a cohort's session asks "has anything changed?" about twice a
second (cohorts/live_views.py). The answer is the cohort's `cohort_live.version`, which
every facilitator action raises in its own transaction (`bump`). With
CASEBOOK_REDIS_URL set, the committed version is also written to Redis, and the
question is answered from there, so a room of followers on any number of workers and
hosts costs the database nothing; without Redis, from the database row.

Redis only repeats the row. A version is written there after its transaction commits,
and only ever upwards (a Lua check), so a slow writer cannot put an older version back;
keys expire, so a lost write heals within `TTL_SECONDS`; and if Redis cannot be reached
the database answers.
"""
from __future__ import annotations

import logging

from flask import current_app, has_app_context
from sqlalchemy import bindparam, event, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from ..db import upsert_insert
from ..extensions import db
from .models import CohortLive

log = logging.getLogger(__name__)

TTL_SECONDS = 30
_PENDING = "casebook_live_versions"  # session.info key: {cohort id: version} to publish
# Write the version only if it is newer than what Redis holds.
_RAISE = """
local held = tonumber(redis.call('GET', KEYS[1]) or '-1')
if tonumber(ARGV[1]) > held then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
return 1
"""

_VERSION = select(CohortLive.version).where(CohortLive.cohort_id == bindparam("cohort_id"))


def bump(cohort_id: int, **changes) -> int:
    """Raise the cohort's version (making its live row if need be), with any column
    changes, in the current transaction; Redis hears of it once that commits."""
    table = CohortLive.__table__
    statement = upsert_insert(table).values(cohort_id=cohort_id, version=1, **changes)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.cohort_id],
        set_={"version": table.c.version + 1, "updated_at": statement.excluded.updated_at,
              **{name: statement.excluded[name] for name in changes}},
    ).returning(table.c.version)
    version = db.session.execute(statement).scalar_one()
    db.session.expire_all()  # loaded CohortLive rows no longer say what the table says
    db.session.info.setdefault(_PENDING, {})[cohort_id] = version
    return version


def current_version(cohort_id: int, in_database: int | None = None) -> int:
    """The version followers compare with (0 for a cohort that never went live).
    `in_database`: the row's version when the caller has just read it."""
    client = _redis()
    if client is not None:
        try:
            held = client.get(_key(cohort_id))
            if held is not None:
                return int(held)
            version = _database_version(cohort_id) if in_database is None else in_database
            client.eval(_RAISE, 1, _key(cohort_id), version, TTL_SECONDS)
            return version
        except Exception:  # noqa: BLE001  (any Redis failure: the database answers)
            log.warning("Redis did not answer for the live version; reading the database",
                        exc_info=True)
    return _database_version(cohort_id) if in_database is None else in_database


def _key(cohort_id: int) -> str:
    # The prefix keeps sites (and test runs) that share one Redis apart.
    return f"{current_app.config['LIVE_REDIS_PREFIX']}:live:{cohort_id}"


def _database_version(cohort_id: int) -> int:
    # Not through the ORM session: the poll's fast path (cohorts/live_fast_path.py) has
    # no other use for one, and beginning and closing it cost about as much as the rest
    # of the answer. So on a connection of its own, unless the sessions are bound to an
    # outside connection (the tests' rolled-back transaction): only that one sees what
    # they wrote.
    bound = db.session.session_factory.kw.get("bind")
    if isinstance(bound, Connection):
        return bound.execute(_VERSION, {"cohort_id": cohort_id}).scalar() or 0
    with db.engine.connect() as connection:
        return connection.execute(_VERSION, {"cohort_id": cohort_id}).scalar() or 0


def _redis():
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    client = current_app.extensions.get("casebook_live_redis")
    if client is None:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        current_app.extensions["casebook_live_redis"] = client
    return client


@event.listens_for(Session, "after_commit")
def _publish(session) -> None:
    """Tell Redis of each version bumped in a transaction once it has committed."""
    versions = session.info.pop(_PENDING, None)
    if not versions or not has_app_context():
        return
    client = _redis()
    if client is None:
        return
    try:
        for cohort_id, version in versions.items():
            client.eval(_RAISE, 1, _key(cohort_id), version, TTL_SECONDS)
    except Exception:  # noqa: BLE001  (the key expires; the database is the truth)
        log.warning("Redis did not take the live version", exc_info=True)


@event.listens_for(Session, "after_rollback")
def _forget(session) -> None:
    session.info.pop(_PENDING, None)
