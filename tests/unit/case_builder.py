"""Build case files for the parser tests: a valid front matter and valid decisions by default.

Line numbers matter in these tests, so the pieces are fixed: FRONT is lines 1-10 and the
body starts on line 11.
"""
from __future__ import annotations

from casebook.cases.parser import parse_case

FRONT = """\
---
title: The Platform Bet
summary: A handset leader losing ground must pick its smartphone platform.
level: executive
competencies: [strategic-direction, incomplete-information]
organization: Nokia
year: 2011
sources:
  - "Nokia and Microsoft joint announcement, 11 February 2011"
---
"""

DECISION = """\
## Decision: Which platform should Nokia commit to? {#platform}

You are the new chief executive.

### Options

- [A] MeeGo and Symbian.
- [B] Windows Phone.
- [C] Android.

### Outcome

Actual choice: B

Nokia partnered with Microsoft.

### Debate prompts

- What did each option do to differentiation?
"""


def case(body: str = DECISION, front: str = FRONT) -> str:
    return front + body


def problems(text: str | bytes, filename: str = "cases/nokia.md") -> list[str]:
    """Every problem of a file, as the CLI prints it."""
    return [str(p) for p in parse_case(text, filename).problems]


def errors(text: str | bytes, filename: str = "cases/nokia.md") -> list[str]:
    return [str(p) for p in parse_case(text, filename).errors]
