"""An account as pages show it: frozen data, so no template holds a User row."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Person:
    id: int
    email: str | None
    display_name: str
    public_name: str
    level: str | None
    function: str | None
    industry: str | None
    years_experience: int | None
    profile_public: bool
    is_suspended: bool
    is_deleted: bool
    created_at: datetime
    role_names: tuple[str, ...]
    is_authenticated: bool = True  # a page about an account is about a real member

    @property
    def deleted_at(self) -> None:
        return None  # permission checks ask; is_deleted holds the answer

    def has_role(self, role: str) -> bool:
        return role == "leader" or role in self.role_names


def person_of(user) -> Person:
    return Person(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        public_name=user.public_name,
        level=user.level,
        function=user.function,
        industry=user.industry,
        years_experience=user.years_experience,
        profile_public=bool(user.profile_public),
        is_suspended=bool(user.is_suspended),
        is_deleted=user.is_deleted,
        created_at=user.created_at,
        role_names=tuple(user.role_names),
    )


@dataclass(frozen=True)
class KeptMail:
    """A message in the development outbox."""

    subject: str
    to_address: str
    body: str
    created_at: datetime


def mail_of(message) -> KeptMail:
    return KeptMail(message.subject, message.to_address, message.body, message.created_at)
