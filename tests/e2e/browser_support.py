"""Helpers for browser tests."""
from __future__ import annotations


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
