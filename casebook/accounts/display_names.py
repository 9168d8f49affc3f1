"""Display names: which characters a name may hold, and when two names are one name.

Members know and mention each other by display name, so a name must not hide
characters and must not pass for another member's name:

- Refused: every Unicode *format* character (category Cf). That covers the
  bidirectional controls (U+202A-202E, U+2066-2069, U+200E, U+200F, U+061C), which can
  make a name read backwards or swallow the text after it, and the zero-width
  characters (U+200B-200D, U+2060, U+FEFF), which make two names look the same while
  differing. Control characters are refused by the text policy already.
- One name per look: `name_key` folds a name to what it looks like (NFKC, then the
  confusables skeleton of Unicode TR39, then case folding), and two live accounts may
  not share a key (`users.display_name_claim` is unique).

The skeleton's table is built from the copy of Unicode's confusables.txt that the
pinned `confusable-homoglyphs` package ships. That package keeps each line "source ->
prototype" in both directions; the classes it forms are stars (one prototype and its
look-alikes), so the prototype is the member with several neighbours (or the sequence,
so that "m" folds like "rn"); a class of two keeps its ASCII or lower member. The look
comes before case folding, so a capital that looks like another small letter (Greek
capital beta and "b") is caught; then each small letter takes its capital's look, so
"Ian" and "ian" (capital I looks like small l) or Cyrillic "В" and "в" stay one name.
A few more names count as look-alikes than TR39 alone would say, never fewer.
"""
from __future__ import annotations

import hashlib
import unicodedata
from functools import lru_cache

MAX_LENGTH = 80
KEY_LENGTH = 255  # a longer folded form is stored as its digest (see name_key)
# What deleted accounts show; nobody may take it, or it could pass for them.
RESERVED = ("former member",)

INVISIBLE_REFUSED = (
    "A display name cannot contain invisible characters or text-direction controls "
    "(such as zero-width spaces or right-to-left marks). Type it again without them."
)
CONTROL_REFUSED = "A display name cannot contain control characters."
TAKEN = "That name is taken, or looks too much like another member's name. Choose another."
RESERVED_REFUSED = "That name is reserved. Choose another."
EMPTY = "Choose a display name."
NO_LETTERS = "A display name needs at least one letter or digit."
TOO_LONG = f"A display name is at most {MAX_LENGTH} characters."


def has_invisible_characters(name: str) -> bool:
    """True when the name holds a format character (bidi controls, zero-width, ...)."""
    return any(unicodedata.category(ch) == "Cf" for ch in name)


def display_name_problem(name: str | None) -> str | None:
    """Why this name cannot be a display name (uniqueness aside), or None."""
    name = (name or "").strip()
    if not name:
        return EMPTY
    if len(name) > MAX_LENGTH:
        return TOO_LONG
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in name):
        return CONTROL_REFUSED  # the text policy says so too; nothing below may see them
    if has_invisible_characters(name):
        return INVISIBLE_REFUSED
    key = name_key(name)
    if not any(ch.isalnum() for ch in key):
        return NO_LETTERS
    if key in _reserved_keys():
        return RESERVED_REFUSED
    return None


def tidy(name: str) -> str:
    """The name as stored: NFC, runs of white space made one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", name or "").split())


def name_key(name: str) -> str:
    """What the name looks like: equal keys mean look-alike names."""
    key = " ".join(_fold(name or "", _skeleton_table()).split())
    if len(key) > KEY_LENGTH:
        return "#" + hashlib.sha256(key.encode("utf-8")).hexdigest()
    return key


def _fold(text: str, table: dict[str, str]) -> str:
    """NFKC, then each character's look (on the decomposed form, as TR39 does), then
    case folding; again until nothing changes (a look may hold foldable letters)."""
    text = unicodedata.normalize("NFKC", text)
    for _ in range(4):
        mapped = "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFD", text))
        mapped = unicodedata.normalize("NFKC", mapped).casefold()
        if mapped == text:
            break
        text = mapped
    return text


@lru_cache(maxsize=1)
def _reserved_keys() -> frozenset[str]:
    return frozenset(name_key(name) for name in RESERVED)


def _clean(text: str) -> str:
    # The package's strings keep the left-to-right marks that confusables.txt puts
    # around right-to-left letters in its comments.
    return text.replace("\u200e", "").replace("\u200f", "")


@lru_cache(maxsize=1)
def _skeleton_table() -> dict[str, str]:
    """{character: what it looks like}, built once per process from ~10,000 rows."""
    from confusable_homoglyphs.confusables import confusables_data

    neighbours: dict[str, set[str]] = {}
    for source, homoglyphs in confusables_data.items():
        for homoglyph in homoglyphs:
            neighbours.setdefault(_clean(source), set()).add(_clean(homoglyph["c"]))
    table: dict[str, str] = {}
    for char, others in neighbours.items():
        if len(char) != 1 or len(others) != 1:
            continue  # a prototype (the centre of its class), or a sequence
        (other,) = others
        if len(other) > 1 or len(neighbours[other]) > 1:
            table[char] = other  # a look-alike of that prototype
        elif min(char, other, key=_rank) == other:
            table[char] = other  # a class of two: either one stands for both
    # Capital I looks like small l, so small i must fold with them, or "Ian" and
    # "ian" would be two names.
    table["i"] = "l"
    # The same for every capital whose look differs from its small letter's (Greek,
    # Cyrillic, Coptic, Cherokee...): the small letter takes the capital's look.
    for _ in range(2):
        for char in _case_partners(neighbours):
            small = char.casefold()
            if len(small) == 1 and small != char:
                looks = _fold(char, table)
                if looks != _fold(small, table):
                    table[small] = looks
    return table


def _case_partners(neighbours) -> list[str]:
    chars = {c for c in neighbours if len(c) == 1}
    chars |= {c.upper() for c in list(chars) if len(c.upper()) == 1}
    return sorted(chars)


def _rank(member: str) -> tuple:
    return (not member.isascii(), member)
