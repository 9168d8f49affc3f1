"""Account operations: registration, sign-in, passwords, email changes, profile, deletion.

Plain functions: they flush, never commit; the view or CLI command commits once.
Where an answer could reveal whether an address has an account (registration, password
reset), both paths do the same work (one scrypt hash, one mail) and return nothing.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app, render_template, url_for
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..clock import utcnow
from ..extensions import db
from ..mail import send_mail
from . import tokens
from .models import OutboxMessage, PendingRegistration, User
from .passwords import hash_password, password_problem, spend_hashing_time, verify_password
from .roles import check_role_name, claim_first_admin, grant_role, RoleError
from .session_records import end_every_session
from .text_policy import is_plain_text


class AccountError(Exception):
    """An operation refused for a reason the user can act on (shown as a form error)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def normalize_email(raw: str | None) -> str:
    return (raw or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    email = normalize_email(email)
    if not email:
        return None
    return db.session.scalar(select(User).where(User.email == email))


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


def _mail(to: str, subject: str, template: str, **context) -> None:
    send_mail(to, subject, render_template(f"accounts/mail/{template}", **context))


# --- registration -------------------------------------------------------------------

def start_registration(email: str, display_name: str, password: str, next_path: str = "") -> None:
    """Mail a confirmation link to a new address, or a notice to an existing account's owner.

    `next_path` (a local path, already checked) is where the link leads once confirmed.
    """
    email = normalize_email(email)
    existing = find_user_by_email(email)
    if existing is not None:
        spend_hashing_time(password)  # the new-address path hashes once too
        _mail(email, "Someone tried to register with your address", "registration_notice.txt",
              user=existing)
        return
    cutoff = utcnow() - timedelta(seconds=current_app.config["EMAIL_CONFIRM_MAX_AGE"])
    db.session.execute(delete(PendingRegistration).where(PendingRegistration.created_at < cutoff))
    pending = PendingRegistration(
        email=email, display_name=display_name.strip(), password_hash=hash_password(password)
    )
    db.session.add(pending)
    db.session.flush()
    payload = {"p": pending.id, "e": email}
    if next_path:
        payload["n"] = next_path[:2000]
    token = tokens.make_token(_secret(), tokens.REGISTRATION_SALT, payload)
    _mail(email, "Confirm your Casebook account", "confirm_registration.txt",
          name=pending.display_name, link=url_for("accounts.confirm_registration", token=token,
                                                  _external=True))


def pending_registration_for(token: str) -> PendingRegistration:
    """The pending registration a confirmation link points to, or AccountError."""
    try:
        payload = tokens.read_token(_secret(), tokens.REGISTRATION_SALT, token,
                                    current_app.config["EMAIL_CONFIRM_MAX_AGE"])
    except tokens.InvalidToken:
        raise AccountError("This confirmation link is invalid or has expired.") from None
    pending = db.session.get(PendingRegistration, payload.get("p"))
    if pending is None or pending.email != payload.get("e"):
        raise AccountError("This confirmation link has already been used or has expired.")
    return pending


def registration_next_path(token: str) -> str:
    """The local path a (valid) confirmation link leads to afterwards; "" if none."""
    try:
        payload = tokens.read_token(_secret(), tokens.REGISTRATION_SALT, token,
                                    current_app.config["EMAIL_CONFIRM_MAX_AGE"])
    except tokens.InvalidToken:
        return ""
    target = payload.get("n")
    return target if isinstance(target, str) else ""


def confirm_registration(token: str) -> User:
    """Turn a pending registration into an account (the first one becomes admin)."""
    pending = pending_registration_for(token)
    email = pending.email
    if find_user_by_email(email) is not None:
        raise AccountError("This address already has an account. Sign in instead.")
    user = User(email=email, display_name=pending.display_name,
                password_hash=pending.password_hash)
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:  # the same address confirmed twice at the same moment
        raise AccountError("This address already has an account. Sign in instead.") from None
    db.session.execute(delete(PendingRegistration).where(PendingRegistration.email == email))
    claim_first_admin(user)
    db.session.flush()
    return user


def create_account(email: str, display_name: str, password: str, roles=()) -> User:
    """Create a confirmed account at once (the CLI); validates everything before writing."""
    email = normalize_email(email)
    display_name = (display_name or "").strip()
    problem = check_new_account(email, display_name, password)
    if problem:
        raise AccountError(problem)
    try:
        role_names = [check_role_name(r) for r in roles if r != "leader"]
    except RoleError as exc:
        raise AccountError(str(exc)) from None
    if find_user_by_email(email) is not None:
        raise AccountError(f"An account with the address {email} already exists.")
    user = User(email=email, display_name=display_name, password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    for role in role_names:
        grant_role(user, role)
    claim_first_admin(user)
    return user


def check_new_account(email: str, display_name: str, password: str) -> str | None:
    """The CLI's checks, the same rules as the registration form."""
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return f"{email!r} is not a valid email address."
    if len(email) > 254:
        return "The email address is too long."
    if not display_name or len(display_name) > 80:
        return "The name must be 1 to 80 characters."
    if not is_plain_text(display_name):
        return "The name contains control characters."
    return password_problem(password, email=email, name=display_name)


# --- sign-in and passwords ----------------------------------------------------------

def authenticate(email: str, password: str) -> User | None:
    """The account these credentials open, or None; the same time whether or not it exists."""
    user = find_user_by_email(email)
    if user is None or user.is_deleted:
        verify_password(None, password)
        return None
    return user if verify_password(user.password_hash, password) else None


def set_password(user: User, new_password: str) -> None:
    """Store a new hash and end every session of this account (the caller signs back in)."""
    problem = password_problem(new_password, email=user.email, name=user.display_name)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(new_password)
    end_every_session(user)


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise AccountError("Your current password is not correct.", field="current_password")
    set_password(user, new_password)


def request_password_reset(email: str) -> None:
    """Mail a reset link if the address has an account; otherwise do nothing, as fast."""
    user = find_user_by_email(email)
    if user is None or user.is_deleted:
        return
    token = tokens.make_token(_secret(), tokens.RESET_SALT, {
        "u": user.id,
        "f": tokens.account_fingerprint(_secret(), user.password_hash, user.session_version),
    })
    _mail(user.email, "Reset your Casebook password", "reset_password.txt", user=user,
          link=url_for("accounts.reset_password", token=token, _external=True),
          minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60)


def user_for_reset_token(token: str) -> User:
    """The account a reset link is for; AccountError once expired, tampered with or used."""
    try:
        payload = tokens.read_token(_secret(), tokens.RESET_SALT, token,
                                    current_app.config["PASSWORD_RESET_MAX_AGE"])
    except tokens.InvalidToken:
        raise AccountError("This reset link is invalid or has expired.") from None
    user = db.session.get(User, payload.get("u")) if isinstance(payload.get("u"), int) else None
    if user is None or user.is_deleted or payload.get("f") != tokens.account_fingerprint(
        _secret(), user.password_hash, user.session_version
    ):
        raise AccountError("This reset link has already been used or is no longer valid.")
    return user


# --- email address ------------------------------------------------------------------

def request_email_change(user: User, current_password: str, new_email: str) -> None:
    """Mail a confirmation link to the new address (or a notice to its existing owner)."""
    if not verify_password(user.password_hash, current_password):
        raise AccountError("Your current password is not correct.", field="current_password")
    new_email = normalize_email(new_email)
    if new_email == user.email:
        raise AccountError("That is already your address.")
    owner = find_user_by_email(new_email)
    if owner is not None:
        _mail(new_email, "Someone tried to use your address on Casebook",
              "email_taken_notice.txt", user=owner)
        return
    token = tokens.make_token(_secret(), tokens.EMAIL_CHANGE_SALT,
                              {"u": user.id, "old": user.email, "new": new_email})
    _mail(new_email, "Confirm your new Casebook address", "confirm_email_change.txt",
          user=user, link=url_for("accounts.confirm_email_change", token=token, _external=True))


def email_change_for(user: User, token: str) -> str:
    """The new address a confirmation link carries for this user, or AccountError."""
    try:
        payload = tokens.read_token(_secret(), tokens.EMAIL_CHANGE_SALT, token,
                                    current_app.config["EMAIL_CONFIRM_MAX_AGE"])
    except tokens.InvalidToken:
        raise AccountError("This confirmation link is invalid or has expired.") from None
    # "old" makes the link single-use: once the address changed, it no longer matches.
    if payload.get("u") != user.id or payload.get("old") != user.email:
        raise AccountError("This confirmation link has already been used or is not yours.")
    return payload["new"]


def confirm_email_change(user: User, token: str) -> str:
    new_email = email_change_for(user, token)
    old_email = user.email
    if find_user_by_email(new_email) is not None:
        raise AccountError("That address now belongs to another account.")
    try:
        with db.session.begin_nested():
            user.email = new_email
    except IntegrityError:
        raise AccountError("That address now belongs to another account.") from None
    _mail(old_email, "Your Casebook address was changed", "email_changed_notice.txt",
          user=user, new_email=new_email)
    return new_email


# --- profile and deletion -----------------------------------------------------------

PROFILE_FIELDS = ("display_name", "level", "function", "industry", "years_experience",
                  "profile_public")


def update_profile(user: User, **fields) -> None:
    """Set the profile fields given (the form validated them); blanks become NULL."""
    for name, value in fields.items():
        if name not in PROFILE_FIELDS:
            raise ValueError(f"not a profile field: {name}")
        if isinstance(value, str):
            value = value.strip() or None
        if name == "display_name" and not value:
            raise AccountError("Your display name cannot be empty.")
        setattr(user, name, value)
    db.session.flush()


def delete_account(user: User, password: str) -> None:
    """Erase personal data and the ability to sign in; posts and choices stay, unnamed."""
    from .roles import active_admin_count

    if not verify_password(user.password_hash, password):
        raise AccountError("Your password is not correct.")
    if user.has_role("admin") and active_admin_count(excluding=user) == 0:
        raise AccountError("You are the only admin. Make someone else admin first.")
    old_email = user.email
    user.email = None
    user.display_name = "former member"
    user.password_hash = None
    user.level = user.function = user.industry = None
    user.years_experience = None
    user.profile_public = False
    user.roles = []
    user.deleted_at = utcnow()
    end_every_session(user)
    if old_email:
        db.session.execute(
            delete(PendingRegistration).where(PendingRegistration.email == old_email))
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.to_address == old_email))
    db.session.flush()
