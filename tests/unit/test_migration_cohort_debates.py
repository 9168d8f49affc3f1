"""Migration 20261203_02 rebuilds the debates table on SQLite: the posts of existing
debates (and what hangs on them) must come through it, both ways. Runs on a database of
its own, built from the migrations."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from casebook.extensions import db
from tests.conftest import build_test_app
from tests.factories import make_case, make_user
from tests.web.debates_support import add_post, decision_of


def _counts() -> tuple[int, int, int]:
    with db.engine.connect() as conn:
        return tuple(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                     for table in ("debates", "debate_posts", "notifications"))


def test_posts_outlive_the_rebuild_of_their_debates_both_ways(tmp_path):
    app = build_test_app(f"sqlite:///{tmp_path / 'rooms.sqlite3'}")
    with app.app_context():
        upgrade()
        case = make_case("migrated-debate", decisions=1)
        first, second = make_user(), make_user()
        post = add_post(decision_of(case), first, "Before the rooms.")
        add_post(decision_of(case), second, "A reply.", parent=post)
        before = _counts()
        downgrade(revision="20261203_01")
        after_down = _counts()
        upgrade()
        after_up = _counts()
        with db.engine.connect() as conn:
            rooms = conn.execute(text("SELECT room_id FROM debates")).scalars().all()
        db.engine.dispose()
    assert before == (1, 2, 1)
    assert after_down == after_up == before
    assert rooms == [None]
