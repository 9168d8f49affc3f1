from casebook.accounts.models import User
from casebook.extensions import db
from tests.factories import make_user


def test_user_rolls_back_between_tests(app, client):
    with app.app_context():
        make_user("editor", email="first@example.com")
    with app.app_context():
        assert db.session.query(User).filter_by(email="first@example.com").one().has_role("editor")
    assert client.get("/").status_code == 200


def test_previous_test_left_nothing(app, client):
    with app.app_context():
        assert db.session.query(User).count() == 0


def test_make_case_builds_ordered_parts(app, rollback):
    from tests.factories import make_case

    with app.app_context():
        case = make_case("smoke", decisions=2)
        assert [d.key for d in case.decisions] == ["d1", "d2"]
        assert [s.after_decision for s in case.sections] == [0, 1, 2]
