"""Helpers for browser tests."""
from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD


def watch_console(page) -> list[str]:
    """Collect script errors, CSP refusals and failed requests (the favicon probe aside)."""
    problems: list[str] = []

    def on_console(msg):
        # A failed load is reported below with its address; anything else is a problem.
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            problems.append(msg.text)

    def on_response(response):
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            problems.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("response", on_response)
    return problems


def sign_in_through_form(page, url: str, email: str) -> None:
    """Sign in as a person does, and wait for the header to say so."""
    page.goto(url + "/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.click("button:has-text('Sign in')")
    expect(page.locator(".nav-account")).to_be_visible()


def two_people(browser) -> tuple:
    """Two browsers side by side (two contexts: two sessions): their pages and what
    their consoles report."""
    pages = tuple(browser.new_context().new_page() for _ in range(2))
    for page in pages:
        page.set_default_timeout(10_000)
    return pages, tuple(watch_console(page) for page in pages)


SCREEN_WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def screenshot_folder(tmp_path) -> Path:
    """Where guide screenshots go: CASEBOOK_DOC_SCREENSHOTS (`make screenshots` points it
    at docs/screenshots), else the test's own temporary folder."""
    folder = Path(os.environ.get("CASEBOOK_DOC_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shoot(page, folder: Path, name: str) -> None:
    """The page as it stands, at desktop and phone width, for the guides."""
    original = page.viewport_size
    for width, size in SCREEN_WIDTHS.items():
        page.set_viewport_size(size)
        page.screenshot(path=str(folder / f"{name}-{width}.png"))
    page.set_viewport_size(original)
