"""Option texts beside stances: shortened between words, never mid-word."""
from casebook.debates.options import option_texts, shorten


def test_short_option_texts_cut_between_words():
    assert shorten("Adopt Android") == "Adopt Android"
    long = "Adopt Android as the main smartphone platform, and compete with hardware"
    assert shorten(long) == "Adopt Android as the main smartphone platform…"
    assert len(shorten(long)) <= 48
    assert shorten("x" * 60) == "x" * 47 + "…"


def test_option_texts_keep_the_html_and_give_plain_words():
    class Option:
        label, html = "B", "Partner with <em>Microsoft</em> &amp; Intel"

    class Decision:
        options = (Option,)

    text = option_texts(Decision)["B"]
    assert (text.text, text.short) == ("Partner with Microsoft & Intel",) * 2
    assert str(text.choice_label()) == (
        '<span class="option-label">B</span> Partner with <em>Microsoft</em> &amp; Intel')
