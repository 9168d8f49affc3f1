"""Fairness warnings (format 1.2): the name tell and the detail tell, at the real option's line."""
from __future__ import annotations

import time

import pytest

from casebook.cases.fairness import stem, words
from casebook.cases.parser import parse_case

TITLE = "The Platform Bet"
SUMMARY = "A handset leader must pick its platform."
FAIR = ["Keep the home-grown platform.", "Partner with Microsoft.", "Adopt Android now."]


def decision_file(
    options: list[str],
    actual: str = "B",
    key: str = "platform",
    title: str = TITLE,
    summary: str = SUMMARY,
    organization: str | None = "Nokia",
) -> str:
    """A valid case; option A is on line 13, B on 14, and so on (one line each)."""
    labels = "ABCDEFGH"
    return (
        "---\n"
        f"title: {title}\n"
        f"summary: {summary}\n"
        "level: executive\n"
        "competencies: [strategic-direction]\n"
        + (f"organization: {organization}\n" if organization else "industry: Phones\n")
        + "sources: [A source]\n"
        "---\n"
        f"## Decision: Which way now? {{#{key}}}\n"  # line 9
        "\n"
        "### Options\n"
        "\n"
        + "".join(f"- [{labels[i]}] {text}\n" for i, text in enumerate(options))
        + "\n### Outcome\n\n"
        f"Actual choice: {actual}\n\n"
        "What happened.\n\n"
        "### Debate prompts\n\n"
        "- Why?\n"
    )


def warnings(text: str, filename: str = "cases/nokia.md") -> list[str]:
    result = parse_case(text, filename)
    assert result.errors == []
    return [str(p) for p in result.warnings]


def test_a_fair_decision_has_no_warnings():
    assert warnings(decision_file(FAIR)) == []


# The name tell


def test_the_id_shares_a_word_with_the_real_option_only():
    options = ["Fight for the memory market.", "Keep a little memory.", "Exit the memory market."]
    found = warnings(decision_file(options, actual="C", key="memory-exit"))
    assert found == [
        "cases/nokia.md:15: warning: decision 'memory-exit': the id shares 'exit' with the"
        " real option only",
    ]


def test_the_title_shares_a_word_in_another_form():
    options = ["Build a new memory factory.", "Walk out of memory chips.", "Cut memory prices."]
    found = warnings(decision_file(options, title="Walking Out the Door"))
    assert found == [
        "cases/nokia.md:14: warning: decision 'platform': the title shares 'walking' with the"
        " real option only",
    ]


def test_the_summary_shares_two_words():
    options = ["Build a new and bigger memory factory.", "Leave memories to the Japanese rivals.",
               "Cut memory prices hard, and hold on."]
    found = warnings(decision_file(options, summary="A chip maker loses money to Japanese rivals."))
    assert found == [
        "cases/nokia.md:14: warning: decision 'platform': the summary shares 'japanese' and"
        " 'rivals' with the real option only",
    ]


def test_the_slug_shares_a_word():
    options = ["Build a DRAM factory now.", "Wait for DRAM prices.", "Leave the DRAM business."]
    found = warnings(decision_file(options, actual="C", organization="Intel"),
                     filename="cases/intel-leaves-memory.md")
    assert found == [
        "cases/intel-leaves-memory.md:15: warning: decision 'platform': the slug shares"
        " 'leaves' with the real option only",
    ]


def test_every_source_is_named_in_order_and_three_words_are_listed():
    options = ["Hold the line on price.", "Exit memory for good: chips, boards, software.",
               "Sell the factories to rivals at a fair price."]
    text = decision_file(options, key="memory-exit", title="Memory Chips",
                         summary="Memory chips, boards and software lose money.")
    assert warnings(text, filename="cases/memory-exit.md") == [
        "cases/memory-exit.md:14: warning: decision 'memory-exit': the slug shares 'memory' and"
        " 'exit' with the real option only",
        "cases/memory-exit.md:14: warning: decision 'memory-exit': the title shares 'memory' and"
        " 'chips' with the real option only",
        "cases/memory-exit.md:14: warning: decision 'memory-exit': the summary shares 'memory',"
        " 'chips', 'boards' and 'software' with the real option only",
        "cases/memory-exit.md:14: warning: decision 'memory-exit': the id shares 'memory' and"
        " 'exit' with the real option only",
    ]


NO_NAME_TELL = {
    "the organization's name": (
        ["Stay on Symbian.", "Nokia goes Windows.", "Adopt Android."],
        {"title": "Nokia Bets Again"},
    ),
    "every word of a longer organization name": (
        ["Keep the drug on sale in every shop.", "Recall all Tylenol, McNeil and J&J stock.",
         "Recall the stock of one city only."],
        {"title": "Tylenol and McNeil", "organization": "McNeil Tylenol (Johnson & Johnson)"},
    ),
    "words that stand for the organization": (
        ["Hold on to all of the stores.", "Sell the company and its firm.",
         "Open more stores in town."],
        {"summary": "The company and the firm must choose."},
    ),
    # "platform" is the title's, the summary's and the id's, in two options
    "a word in another option too, in another form": (
        ["Double down on its own platforms.", "Partner on a new platform.", "Adopt Android."],
        {},
    ),
    "function words, light verbs, short words and numbers": (
        ["Wait until 2012 and see what happens.", "Make it an AI bet: go about this by 2011.",
         "Adopt Android for all of its phones."],
        {"key": "how-should-it-go-about-this", "title": "What Should It Make of AI in 2011?"},
    ),
}


@pytest.mark.parametrize("options, changes", NO_NAME_TELL.values(), ids=NO_NAME_TELL.keys())
def test_what_is_no_name_tell(options, changes):
    assert warnings(decision_file(options, **changes)) == []


def test_without_an_organization_its_name_counts():
    options = ["Stay on Symbian.", "Nokia goes Windows.", "Adopt Android."]
    assert warnings(decision_file(options, title="Nokia Bets Again", organization=None)) == [
        "cases/nokia.md:14: warning: decision 'platform': the slug shares 'nokia' with the"
        " real option only",
        "cases/nokia.md:14: warning: decision 'platform': the title shares 'nokia' with the"
        " real option only",
    ]


def test_accents_and_apostrophes_are_folded():
    options = ["Stay the course this year.", "Sell to Nestle's rival.",
               "Wait a year or two, then act."]
    found = warnings(decision_file(options, summary="Nestlé’s rival is for sale.",
                                   organization="Danone"))
    assert found == [
        "cases/nokia.md:14: warning: decision 'platform': the summary shares 'nestlé’s' and"
        " 'rival' with the real option only",
    ]


@pytest.mark.parametrize(
    "one, other",
    [("platforms", "platform"), ("companies", "company"), ("leaves", "leave"),
     ("making", "make"), ("planned", "plan"), ("exiting", "exit"), ("churches", "church"),
     ("speeding", "speed")],
)
def test_forms_of_one_word_have_one_stem(one, other):
    assert stem(one) == stem(other)


def test_light_verbs_in_any_form_are_no_words():
    assert words("goes going gone went made making takes took gives puts letting says") == {}


def test_words_keep_the_form_first_written():
    assert words("Platforms, platform and Nokia's PLATFORM") == {
        "platform": "platforms", "nokia": "nokia's",
    }


# The detail tell


def test_the_real_option_much_longer_than_the_others():
    options = ["Keep Symbian going.", "Partner with Microsoft on Windows Phone.",
               "Adopt Android now."]
    assert warnings(decision_file(options)) == [
        "cases/nokia.md:14: warning: decision 'platform': the real option (B) is 2.2 times as"
        " long as the median of the others (18.5 characters); give every option the same care",
    ]


@pytest.mark.parametrize("length, warned", [(14, True), (13, False)])
def test_the_threshold_is_one_point_four_times_the_median(length, warned):
    options = ["a" * 10, "b" * length, "c" * 9, "d" * 11]  # the others' median is 10
    found = warnings(decision_file(options))
    expected = ("cases/nokia.md:14: warning: decision 'platform': the real option (B) is 1.4"
                " times as long as the median of the others (10 characters); give every"
                " option the same care")
    assert found == ([expected] if warned else [])


def test_length_is_the_plain_text_without_markup_or_link_addresses():
    options = ["Stay with Symbian.",
               "**Partner** with [Microsoft](https://www.microsoft.com/en-us/about/a/long/path).",
               "Adopt Android now."]
    assert warnings(decision_file(options)) == []


def test_continuation_lines_count_as_one_space():
    options = ["Stay with Symbian.", "Partner with\n      Microsoft.", "Adopt Android now."]
    assert warnings(decision_file(options)) == []


def test_a_real_option_with_both_tells_gets_both():
    options = ["Build a factory.", "Exit memory for good and put the money into chips.",
               "Cut prices."]
    assert warnings(decision_file(options, key="memory-exit")) == [
        "cases/nokia.md:14: warning: decision 'memory-exit': the id shares 'memory' and 'exit'"
        " with the real option only",
        "cases/nokia.md:14: warning: decision 'memory-exit': the real option (B) is 3.7 times"
        " as long as the median of the others (13.5 characters); give every option the same"
        " care",
    ]


# No real option, or a decision with errors


def test_actual_choice_other_has_no_real_option():
    options = ["Exit memory for good and put all of the money into chips.", "Cut prices."]
    assert warnings(decision_file(options, actual="other", key="memory-exit")) == []


def test_a_decision_with_errors_gets_no_fairness_warnings():
    options = ["Exit memory for good and put all of the money into chips.", "Cut prices."]
    result = parse_case(decision_file(options, actual="Z", key="memory-exit"), "cases/nokia.md")
    assert [str(p) for p in result.problems] == [
        "cases/nokia.md:18: decision 'memory-exit': 'Actual choice: Z' names no option"
        " (options are A, B)",
    ]


def test_a_front_matter_error_still_lets_the_id_and_length_be_checked():
    options = ["Build a factory.", "Exit memory for good and put the money into chips.",
               "Cut prices."]
    text = decision_file(options, key="memory-exit").replace("level: executive", "level: exec")
    assert [str(p) for p in parse_case(text, "cases/nokia.md").warnings] == [
        "cases/nokia.md:14: warning: decision 'memory-exit': the id shares 'memory' and 'exit'"
        " with the real option only",
        "cases/nokia.md:14: warning: decision 'memory-exit': the real option (B) is 3.7 times"
        " as long as the median of the others (13.5 characters); give every option the same"
        " care",
    ]


def test_a_long_summary_and_long_options_are_checked_quickly():
    options = [" ".join(f"word{i}x{n}" for n in range(90)) for i in range(8)]
    summary = " ".join(f"word1x{n}" for n in range(60))
    started = time.perf_counter()
    found = warnings(decision_file(options, summary=summary))
    assert time.perf_counter() - started < 1
    assert len(found) == 1 and "the summary shares 'word1x0', 'word1x1'," in found[0]
