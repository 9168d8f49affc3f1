"""The account a request is signed in as, read from one column query.

Every page a member opens starts by checking their session record and loading their
account. An ORM `User` for that cost more than the query itself (about 0.1 ms a
request, measured in docs/performance.md), and almost every request only reads a few
fields. So Flask-Login's `current_user` is a `SignedIn`: the account's columns and role
names as plain values. Anything else it is asked for comes from the account's `User`
row, loaded on first use (`row()`); changing the account always goes through `row()`,
so a write can never land on this copy and be lost.
"""
from __future__ import annotations

from typing import Any

from ..extensions import db

# The columns a SignedIn holds; every other attribute is read from the User row.
COLUMNS = (
    "id", "email", "display_name", "is_suspended", "deleted_at", "session_version",
    "created_at", "level", "function", "industry", "years_experience", "profile_public",
)


class SignedIn:
    is_authenticated = True
    is_anonymous = False

    def __init__(self, values: dict[str, Any], roles: frozenset[str], login_id: str) -> None:
        fields = {name: values[name] for name in COLUMNS}
        fields.update(_roles=roles, current_login_id=login_id, _row=None)
        self.__dict__.update(fields)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"change the account through row(), not the signed-in copy ({name})")

    def __getattr__(self, name: str) -> Any:
        # Only reached for names not held above (relationships, rarely used properties).
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.row(), name)

    def row(self):
        """The account's User row in this request's database session (loaded once)."""
        from .models import User

        if self.__dict__["_row"] is None:
            self.__dict__["_row"] = db.session.get(User, self.id)
        return self.__dict__["_row"]

    def get_id(self) -> str:
        return self.current_login_id

    def login_id(self) -> str:
        return self.current_login_id

    @property
    def is_active(self) -> bool:
        return not (self.is_suspended or self.is_deleted)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def public_name(self) -> str:
        return "former member" if self.is_deleted else self.display_name

    @property
    def role_names(self) -> list[str]:
        return sorted(self._roles)

    def has_role(self, role: str) -> bool:
        return role == "leader" or role in self._roles

    def __repr__(self) -> str:
        return f"<SignedIn {self.id}>"
