"""The display-name rule as a pure function: refused characters, and which names fold alike."""
import pytest

from casebook.accounts.display_names import (
    INVISIBLE_REFUSED,
    RESERVED_REFUSED,
    display_name_problem,
    name_key,
    tidy,
)

BIDI_CONTROLS = [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)),
                 "\u200e", "\u200f", "\u061c"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]


@pytest.mark.parametrize("char", BIDI_CONTROLS + ZERO_WIDTH, ids=lambda c: f"U+{ord(c):04X}")
def test_bidi_controls_and_zero_width_characters_are_refused(char):
    assert display_name_problem(f"Ann{char}Lee") == INVISIBLE_REFUSED
    assert display_name_problem(f"{char}Ann Lee") == INVISIBLE_REFUSED


@pytest.mark.parametrize("name,look_alike", [
    ("Ann Lee", "\u0410nn Lee"),            # Cyrillic capital A
    ("Ann Lee", "ANN   LEE"),               # case and spacing
    ("Ann Lee", "\uff21\uff4e\uff4e \uff2c\uff45\uff45"),  # full-width letters (NFKC)
    ("mary", "rnary"),                      # r n reads as m
    ("Ian", "lan"),                         # capital I reads as small l
    ("Ian", "ian"),                         # ... and case folds
    ("Bob", "B0b"),                         # zero for O
    ("Bob", "\u0392ob"),                    # Greek capital beta
    ("Helen", "\u0397elen"),                # Greek capital eta
    ("paypal", "p\u0430yp\u0430l"),         # Cyrillic small a
    ("\u0412\u0435\u0440\u0430", "\u0432\u0435\u0440\u0430"),  # Cyrillic, capital and small
    ("Strauss", "Strau\u00df"),             # sharp s case-folds to ss
])
def test_look_alike_names_share_a_key(name, look_alike):
    assert name_key(name) == name_key(look_alike)


@pytest.mark.parametrize("one,other", [
    ("Ann Lee", "Ann Lea"), ("Ada", "Adam"), ("José", "Jose"), ("Member 01", "Member 02"),
])
def test_different_names_keep_different_keys(one, other):
    assert name_key(one) != name_key(other)


def test_names_a_deleted_account_shows_are_reserved_and_empty_looks_are_refused():
    assert display_name_problem("Former Member") == RESERVED_REFUSED
    assert display_name_problem("f\u043ermer member") == RESERVED_REFUSED  # Cyrillic o
    assert display_name_problem("...") == "A display name needs at least one letter or digit."
    assert display_name_problem("   ") == "Choose a display name."
    assert display_name_problem("x" * 81) == "A display name is at most 80 characters."
    assert display_name_problem("Ann Lee") is None
    assert display_name_problem("李小龙") is None and display_name_problem("Zoë O'Brien") is None


def test_names_are_stored_tidy_and_long_keys_stay_bounded():
    assert tidy("  Ann \t  Lee ") == "Ann Lee"
    assert tidy("Zoe\u0308") == "Zoë"  # NFC
    assert len(name_key("\ufdfa" * 80)) <= 255  # one character NFKC-expands to 18
