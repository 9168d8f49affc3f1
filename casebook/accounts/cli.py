"""`flask users ...`: create accounts, grant and revoke roles, list members.

Each command checks everything first and commits once, so a bad argument changes nothing.
"""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..extensions import db
from .models import GRANTABLE_ROLES, User
from .roles import RoleError, grant_role, revoke_role
from .services import AccountError, create_account, find_user_by_email

users_cli = AppGroup("users", help="Create accounts, grant and revoke roles, list members.")

ROLE_CHOICE = click.Choice(GRANTABLE_ROLES, case_sensitive=False)


def _user_or_fail(email: str) -> User:
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account has the address {email!r}.")
    return user


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The display name.")
@click.option("--role", "roles", multiple=True, type=ROLE_CHOICE,
              help="A role beyond leader; repeat for several.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input.")
def create_user(email: str, name: str, roles: tuple[str, ...], password_stdin: bool) -> None:
    """Create a confirmed account (the first account of a site becomes admin)."""
    password = _read_password(password_stdin)
    try:
        user = create_account(email, name, password, roles=[r.lower() for r in roles])
    except AccountError as problem:
        db.session.rollback()
        raise click.ClickException(str(problem)) from None
    db.session.commit()
    click.echo(f"Created {user.email} ({user.display_name}), roles: {_roles(user)}.")


@users_cli.command("grant")
@click.argument("email")
@click.argument("role", type=ROLE_CHOICE)
def grant(email: str, role: str) -> None:
    """Give an account a role."""
    _change_role(email, role.lower(), grant_role, done="granted", unchanged="already has")


@users_cli.command("revoke")
@click.argument("email")
@click.argument("role", type=ROLE_CHOICE)
def revoke(email: str, role: str) -> None:
    """Take a role away from an account."""
    _change_role(email, role.lower(), revoke_role, done="revoked", unchanged="did not have")


def _change_role(email: str, role: str, change, *, done: str, unchanged: str) -> None:
    """Grant or revoke in one transaction; a refused change leaves the account as it was."""
    user = _user_or_fail(email)
    try:
        changed = change(user, role)
    except RoleError as problem:
        db.session.rollback()
        raise click.ClickException(str(problem)) from None
    db.session.commit()
    click.echo(f"{user.email}: {done if changed else unchanged} {role}; roles: {_roles(user)}.")


@users_cli.command("list")
def list_users() -> None:
    """Every account: id, email, name, roles, status."""
    users = db.session.scalars(select(User).order_by(User.id)).all()
    if not users:
        click.echo("No accounts yet.")
        return
    for user in users:
        status = "deleted" if user.is_deleted else "suspended" if user.is_suspended else "active"
        click.echo(f"{user.id}\t{user.email or '-'}\t{user.public_name}\t{_roles(user)}\t{status}")


def _roles(user: User) -> str:
    return ", ".join(["leader", *user.role_names])
