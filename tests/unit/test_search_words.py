"""Search text as words: the one reduction both databases' indexes and every query share."""
import pytest

from casebook.cases.search import MAX_WORDS, query_words, search_expression, search_words


@pytest.mark.parametrize(
    "text, words",
    [
        ("Café-Owner's 3.5%", "cafe owner s 3 5"),
        ("  The   RECALL\n\tof 1982 ", "the recall of 1982"),
        ("Straße", "strasse"),
        ("naïve résumé", "naive resume"),
        ("cafe\u0301", "cafe"),  # a combining accent, decomposed
        ("snake_case", "snake case"),
        ("东京 2020", "东京 2020"),
        ('"NEAR(a b)" OR c* -d ^e col:f', "near a b or c d e col f"),
        ("a & !b | c <-> d:*", "a b c d"),
        ("😀 -- %", ""),
    ],
)
def test_search_words_keeps_letters_and_digits_only(text, words):
    assert search_words(text) == words


def test_query_words_are_distinct_and_bounded():
    assert query_words("Memory memory MEMORY chips") == ("memory", "chips")
    assert len(query_words(" ".join(f"w{i}" for i in range(40)))) == MAX_WORDS


def test_each_engine_gets_every_word_as_a_quoted_prefix():
    assert search_expression("sqlite", ("chief", "exec")) == '"chief"* "exec"*'
    assert search_expression("postgresql", ("chief", "exec")) == "'chief':* & 'exec':*"
