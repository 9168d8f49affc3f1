"""Accounts: who a user is, what roles they hold, and their optional leader profile."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..clock import utcnow
from ..extensions import db

ROLES = ("leader", "facilitator", "author", "editor", "admin")
# What the account audit log records (named as in the moderation log, which shows them).
ACCOUNT_ACTIONS = ("suspend_user", "unsuspend_user")
# Roles held as UserRole rows; "leader" is everyone's and never stored.
GRANTABLE_ROLES = ROLES[1:]


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None after the account is deleted: the row stays so posts and choices keep their shape.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    # What the name looks like (accounts.display_names.name_key), kept in step with it
    # below: mentions and the "name taken" check look names up by it.
    display_name_key: Mapped[str | None] = mapped_column(String(255), index=True)
    # The same key once the account holds the name alone. Unique, so two accounts can
    # never hold look-alike names, however close together they register. NULL for a
    # deleted account, and for a name that already had an older look-alike when the
    # rule came (migration 20261202_13 kept both and gave the older account the claim).
    display_name_claim: Mapped[str | None] = mapped_column(String(255), index=True, unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_suspended: Mapped[bool] = mapped_column(default=False)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The account's session generation: bumped to end every session at once (password
    # change, suspension, deletion); a UserSession of an older generation is dead.
    # Mailed reset links carry it too, so they die with the sessions.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    # The leader profile: optional, private by default.
    level: Mapped[str | None] = mapped_column(String(32))
    function: Mapped[str | None] = mapped_column(String(80))
    industry: Mapped[str | None] = mapped_column(String(80))
    years_experience: Mapped[int | None] = mapped_column(Integer)
    profile_public: Mapped[bool] = mapped_column(default=False, server_default=false())

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @validates("display_name")
    def _keep_name_key(self, _field, value):
        from .display_names import name_key

        self.display_name_key = name_key(value) if value else None
        return value

    def has_role(self, role: str) -> bool:
        if role == "leader":
            return True
        return any(r.role == role for r in self.roles)

    @property
    def role_names(self) -> list[str]:
        return sorted(r.role for r in self.roles)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_active(self) -> bool:
        # Flask-Login refuses to sign in an inactive user.
        return not (self.is_suspended or self.is_deleted)

    @property
    def public_name(self) -> str:
        return "former member" if self.is_deleted else self.display_name

    def row(self) -> User:
        """This row (a signed-in request's `current_user` may be a SignedIn copy instead)."""
        return self

    # The sign-in this object was loaded through or opened for (accounts.session_records);
    # not a column. Flask-Login stores it in the session and the remember-me cookie.
    current_login_id = None

    def login_id(self) -> str:
        """Flask-Login's id for this browser (its `id_attribute`): "<user id>:<session key>"."""
        if not self.current_login_id:
            raise RuntimeError("no session record: sign in through accounts.sessions")
        return self.current_login_id


class UserSession(db.Model):
    """One sign-in on one browser. Its cookies carry a random key; the row keeps only the
    key's SHA-256, so the table alone opens no session.

    Signing out deletes the row, so every copy of that browser's cookies dies with it;
    other sign-ins of the account go on. A row is valid while it matches the account's
    session_version and has not expired.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    session_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UserRole(db.Model):
    """Extra roles; every user is a leader without a row here."""

    __tablename__ = "user_roles"
    __table_args__ = (
        CheckConstraint("role IN ('facilitator', 'author', 'editor', 'admin')", name="role_known"),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16), primary_key=True)

    user: Mapped[User] = relationship(back_populates="roles")


class AccountAction(db.Model):
    """The audit log of suspensions: who suspended or unsuspended whom, when and why,
    whether an admin or a moderator did it (accounts.suspension writes every row)."""

    __tablename__ = "account_actions"
    __table_args__ = (
        CheckConstraint(
            "action IN (" + ", ".join(f"'{a}'" for a in ACCOUNT_ACTIONS) + ")", name="action_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    action: Mapped[str] = mapped_column(String(24))
    target_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


class PendingRegistration(db.Model):
    """A registration waiting for its address to be confirmed; no User exists yet.

    Keeping it apart from users means an unconfirmed address never blocks its real owner.
    """

    __tablename__ = "pending_registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


class FirstAdminClaim(db.Model):
    """At most one row, ever: whoever inserts it is the site's first admin.

    The primary key makes the claim race-safe: a second, concurrent first account waits on
    the key and then fails to insert, on PostgreSQL as on SQLite.
    """

    __tablename__ = "first_admin_claim"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OutboxMessage(db.Model):
    """Mail kept for reading in development, when no SMTP server is configured."""

    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
