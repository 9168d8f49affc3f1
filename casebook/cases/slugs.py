"""Case slugs and decision ids: the patterns, and the slug of a decision's question."""
from __future__ import annotations

import re
import unicodedata

SLUG_PATTERN = r"[a-z0-9]+(-[a-z0-9]+)*"
SLUG_RE = re.compile(SLUG_PATTERN)
MAX_SLUG_LENGTH = 80
MAX_ID_LENGTH = 64


def is_valid_slug(value: str) -> bool:
    return len(value) <= MAX_SLUG_LENGTH and SLUG_RE.fullmatch(value) is not None


def is_valid_id(value: str) -> bool:
    return len(value) <= MAX_ID_LENGTH and SLUG_RE.fullmatch(value) is not None


def slugify(text: str, max_length: int = MAX_ID_LENGTH) -> str:
    """The contract's id of a question: ASCII-folded, lower-case, hyphenated, cut at a hyphen.

    "What should Toyota's CEO do?" -> "what-should-toyotas-ceo-do"; "" when nothing is left.
    """
    # Apostrophes go before folding: the typographic one is not ASCII and would vanish
    # anyway, but "Toyota’s" must give "toyotas" either way.
    no_quotes = text.replace("\u2019", "").replace("'", "")
    folded = unicodedata.normalize("NFKD", no_quotes).encode("ascii", "ignore").decode("ascii")
    folded = folded.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    if len(slug) <= max_length:
        return slug
    cut = slug[: max_length + 1]
    if cut[-1] == "-":  # the cut falls exactly on a hyphen: keep the whole words before it
        return cut[:-1]
    head = cut[:max_length]
    return head[: head.rfind("-")] if "-" in head else head
