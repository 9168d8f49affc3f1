"""Decision ids from questions, and the slug and id patterns."""
from __future__ import annotations

import pytest

from casebook.cases.slugs import is_valid_id, is_valid_slug, slugify


@pytest.mark.parametrize(
    "question, slug",
    [
        ("What should Toyota's CEO do?", "what-should-toyotas-ceo-do"),
        ("What should Toyota\u2019s CEO do?", "what-should-toyotas-ceo-do"),
        ("Which smartphone platform should Nokia commit to?",
         "which-smartphone-platform-should-nokia-commit-to"),
        ("Crème brûlée à Zürich?", "creme-brulee-a-zurich"),
        ("Ｆｕｌｌ－width ＡＢＣ", "full-width-abc"),  # NFKD folds compatibility forms
        ("Œuvre — ça va", "uvre-ca-va"),  # no decomposition: the character is dropped
        ("  --Spaces & symbols!!  ", "spaces-symbols"),
        ("Q3 2011: cut 10% or 20%?", "q3-2011-cut-10-or-20"),
        ("snake_case and dots.here", "snake-case-and-dots-here"),
        ("Nokia's", "nokias"),
        ("'''", ""),
        ("¿¡…?", ""),
        ("東京", ""),
        ("", ""),
    ],
)
def test_slugify(question, slug):
    assert slugify(question) == slug


def test_cut_at_a_hyphen_within_64_characters():
    question = "Should the company " + "really " * 12 + "invest?"
    slug = slugify(question)
    assert len(slug) <= 64 and not slug.endswith("-")
    assert slug == "should-the-company-really-really-really-really-really-really"
    assert slugify(question.replace("?", "")).startswith(slug)


def test_cut_exactly_at_a_hyphen_keeps_64_characters():
    assert slugify("a" * 64 + " tail") == "a" * 64


def test_cut_drops_a_trailing_hyphen():
    words = "abcdefg-" * 8  # 64 characters, the 64th is a hyphen
    assert slugify(words + "more words") == words[:-1]


def test_a_single_long_word_is_cut_hard():
    assert slugify("x" * 100) == "x" * 64


def test_exactly_64_characters_are_kept():
    question = "-".join(["abcdefg"] * 8)  # 63 characters
    assert slugify(question + "z") == question + "z"


@pytest.mark.parametrize(
    "value, ok",
    [("platform", True), ("a-1-b", True), ("a", True), ("A", False), ("a--b", False),
     ("-a", False), ("a-", False), ("a_b", False), ("a b", False), ("", False),
     ("é", False), ("a" * 64, True), ("a" * 65, False)],
)
def test_id_pattern(value, ok):
    assert is_valid_id(value) is ok


def test_slug_allows_80_characters():
    assert is_valid_slug("a" * 80) and not is_valid_slug("a" * 81)
    assert not is_valid_slug("Nokia")
