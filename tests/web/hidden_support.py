"""Comparing two answers: a hidden thing must answer exactly like a missing one."""
from __future__ import annotations

import re

_TOKEN = re.compile(r'name="csrf_token" value="[^"]*"')


def same_answer(first, second) -> None:
    """Same status, same headers that matter, same page (CSRF tokens carry the time)."""
    assert first.status_code == second.status_code
    assert first.headers.get("Location") == second.headers.get("Location")
    assert _TOKEN.sub("", first.get_data(as_text=True)) == _TOKEN.sub(
        "", second.get_data(as_text=True)
    )
