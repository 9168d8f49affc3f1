"""The first account of a new site becomes admin, once, even when several arrive together."""
import threading

from sqlalchemy import select

from casebook.accounts.models import FirstAdminClaim, User, UserRole
from casebook.accounts.services import create_account
from casebook.extensions import db


def test_concurrent_first_accounts_make_exactly_one_admin(committed):
    app = committed
    barrier = threading.Barrier(4)
    errors = []

    def create(n):
        try:
            with app.app_context():
                barrier.wait(timeout=10)
                create_account(f"first{n}@example.com", f"First {n}", "plenty of words here")
                db.session.commit()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=create, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with app.app_context():
        assert len(db.session.scalars(select(User)).all()) == 4
        admins = db.session.scalars(select(UserRole).where(UserRole.role == "admin")).all()
        assert len(admins) == 1
        claim = db.session.get(FirstAdminClaim, 1)
        assert claim.user_id == admins[0].user_id


def test_the_claim_is_not_made_again_when_every_account_is_gone(committed):
    """A site whose accounts were all removed does not hand admin to the next stranger."""
    app = committed
    with app.app_context():
        first = create_account("first@example.com", "First", "plenty of words here")
        db.session.commit()
        db.session.delete(first)
        db.session.commit()
        later = create_account("later@example.com", "Later", "plenty of words here")
        db.session.commit()
        assert later.role_names == []
