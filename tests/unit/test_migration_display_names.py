"""Migration 20261202_13 on a database that already holds look-alike names: every account
gets its folded name, the oldest of each look-alike group claims it, and mentions made so
far become mention rows. Runs on a database of its own (built from the migrations)."""
from flask_migrate import upgrade
from sqlalchemy import text

from casebook.extensions import db
from tests.conftest import build_test_app


def test_the_backfill_gives_each_look_alike_name_to_its_oldest_account(tmp_path):
    app = build_test_app(f"sqlite:///{tmp_path / 'before.sqlite3'}")
    with app.app_context():
        upgrade(revision="20261202_01")
        with db.engine.begin() as conn:
            for user_id, name, deleted in [
                (1, "Zed Ray", None), (2, "Ann Lee", None), (3, "ANN LEE", None),
                (4, "former member", "2026-01-01"), (5, "former member", "2026-01-02"),
                (6, "\u0410nn Lee", None),
            ]:
                conn.execute(text(
                    "INSERT INTO users (id, email, display_name, is_suspended, deleted_at,"
                    " session_version, created_at, profile_public) VALUES (:id, :email, :name,"
                    " false, :deleted, 1, '2026-01-01', false)"
                ), {"id": user_id, "email": None if deleted else f"u{user_id}@example.com",
                    "name": name, "deleted": deleted})
        upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT id, display_name_key, display_name_claim FROM users ORDER BY id"
            )).all()
        db.engine.dispose()
    assert rows == [
        (1, "zed ray", "zed ray"),
        (2, "ann lee", "ann lee"),   # the oldest holds the name
        (3, "ann lee", None),         # younger look-alikes keep theirs, unclaimed
        (4, "forrner rnernber", None),  # deleted accounts claim nothing
        (5, "forrner rnernber", None),
        (6, "ann lee", None),
    ]
