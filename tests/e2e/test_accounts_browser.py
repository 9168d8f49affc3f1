"""Accounts in a real browser: register, confirm by the mailed link, sign out, sign in,
and see your name in the header - with CSRF on, as in production."""
import re

from playwright.sync_api import expect
from sqlalchemy import select

from casebook.accounts.models import OutboxMessage
from casebook.extensions import db

PASSWORD = "a long and unusual passphrase"


def _confirmation_link(live_server, email: str) -> str:
    with live_server.app.app_context():
        message = db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.to_address == email)
            .order_by(OutboxMessage.id.desc()))
        url = re.search(r"https?://\S+", message.body).group(0)
    # The mail's host is the one the request came in by; keep only the path.
    return live_server.url + "/" + url.split("/", 3)[3]


def _watch(page) -> list[str]:
    problems: list[str] = []
    # Console errors include CSP refusals; a missing favicon is not a problem.
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error"
            and not msg.text.startswith("Failed to load resource") else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


def test_register_sign_out_sign_in(live_server, page):
    problems = _watch(page)
    page.goto(live_server.url + "/")
    page.click(".site-nav >> text=Register")
    page.get_by_label("Email address").fill("grace@example.com")
    page.get_by_label("Display name").fill("Grace Browser")
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the new password").fill(PASSWORD)
    page.click("button:has-text('Register')")
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.locator(".nav-account")).to_have_count(0)

    page.goto(_confirmation_link(live_server, "grace@example.com"))
    page.click("button:has-text('Confirm and sign in')")
    expect(page.locator(".nav-account")).to_have_text("Grace Browser")
    expect(page.locator(".site-nav >> text=Admin")).to_be_visible()  # the site's first account

    page.click(".site-nav >> button:has-text('Sign out')")
    expect(page.locator(".nav-account")).to_have_count(0)
    expect(page.locator(".site-nav >> text=Sign in")).to_be_visible()

    page.click(".site-nav >> text=Sign in")
    page.get_by_label("Email address").fill("grace@example.com")
    page.get_by_label("Password", exact=True).fill("not the password at all")
    page.click("button:has-text('Sign in')")
    expect(page.get_by_role("alert")).to_contain_text("not correct")

    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.click("button:has-text('Sign in')")
    expect(page.locator(".nav-account")).to_have_text("Grace Browser")
    assert problems == []


def test_form_errors_are_announced_next_to_their_fields(live_server, page):
    page.goto(live_server.url + "/register")
    page.get_by_label("Email address").fill("not an email")
    page.click("button:has-text('Register')")
    email = page.get_by_label("Email address")
    expect(email).to_have_attribute("aria-invalid", "true")
    described = email.get_attribute("aria-describedby")
    assert "email-error" in described
    expect(page.locator("#email-error")).to_contain_text("valid email address")
