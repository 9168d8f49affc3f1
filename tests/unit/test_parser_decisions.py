"""Decision points: headings, ids, sections and their order, options, outcome, prompts."""
from __future__ import annotations

import pytest

from casebook.cases.parser import parse_case

from .case_builder import DECISION, FRONT, case, errors, problems

F = "cases/nokia.md"
# In case(DECISION): heading 11, prompt 13, ### Options 15, options 17-19, ### Outcome 21,
# Actual choice 23, outcome text 25, ### Debate prompts 27, prompt 29.


def with_decision(old: str, new: str) -> str:
    assert old in DECISION
    return case(DECISION.replace(old, new, 1))


def test_the_default_decision_is_valid():
    result = parse_case(case(), F)
    assert result.ok and result.problems == []
    decision = result.case.decisions[0]
    assert decision.key == "platform"
    assert decision.question == "Which platform should Nokia commit to?"
    assert decision.line == 11
    assert decision.prompt_text == "You are the new chief executive."
    assert decision.prompt_html == "<p>You are the new chief executive.</p>"
    assert [(o.label, o.html, o.line) for o in decision.options] == [
        ("A", "MeeGo and Symbian.", 17), ("B", "Windows Phone.", 18), ("C", "Android.", 19),
    ]
    assert decision.actual_choice == "B"
    assert decision.outcome_html == "<p>Nokia partnered with Microsoft.</p>"
    assert "Actual choice" not in decision.outcome_html
    assert decision.hindsight_html is None
    assert decision.debate_prompts == ["What did each option do to differentiation?"]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        # options: count, labels, text
        ("- [B] Windows Phone.\n- [C] Android.\n", "",
         f"{F}:15: decision 'platform' has 1 option; it needs 2 to 8"),
        ("- [C] Android.\n", "- [C] Android.\n" + "".join(f"- [{c}] x\n" for c in "DEFGHI"),
         f"{F}:15: decision 'platform' has 9 options; it needs 2 to 8"),
        ("- [A] MeeGo and Symbian.\n- [B] Windows Phone.\n- [C] Android.\n", "",
         f"{F}:15: decision 'platform' has 0 options; it needs 2 to 8"),
        ("- [C] Android.", "- [A] Android.",
         f"{F}:19: decision 'platform': option label 'A' is used twice (first at line 17)"),
        ("- [C] Android.", "- [c] Android.",
         f"{F}:19: decision 'platform': option label 'c' must be 1 to 3 characters of A-Z and 0-9"),
        ("- [C] Android.", "- [ABCD] Android.",
         f"{F}:19: decision 'platform': option label 'ABCD' must be 1 to 3 characters of A-Z and 0-9"),
        ("- [C] Android.", "- [] Android.",
         f"{F}:19: decision 'platform': option label '' must be 1 to 3 characters of A-Z and 0-9"),
        ("- [C] Android.", "- C) Android.",
         f"{F}:19: decision 'platform': an option must start with a label in square brackets,"
         " like '- [A] ...'"),
        ("- [C] Android.", "- [C]",
         f"{F}:19: decision 'platform': option [C] has no text"),
        ("- [C] Android.", "- [C] " + "x" * 1001,
         f"{F}:19: decision 'platform': option [C] is 1,001 characters long; at most 1,000"),
        ("- [A] MeeGo", "Choose one:\n\n- [A] MeeGo",
         f"{F}:17: decision 'platform': '### Options' may only hold a bulleted list"
         " (continue an item on indented lines)"),
        ("- [C] Android.\n", "- [C] Android.\n\nSome afterthought.\n",
         f"{F}:21: decision 'platform': '### Options' may only hold a bulleted list"
         " (continue an item on indented lines)"),
        # sections missing, repeated, out of order
        ("### Options", "### Choices",
         f"{F}:11: decision 'platform' has no '### Options'"),
        ("### Outcome", "### What happened",
         f"{F}:11: decision 'platform' has no '### Outcome'"),
        ("### Debate prompts", "### Outcome",
         f"{F}:27: decision 'platform': a second '### Outcome' (first at line 21)"),
        # the Outcome's first line
        ("Actual choice: B", "Actual choice: D",
         f"{F}:23: decision 'platform': 'Actual choice: D' names no option (options are A, B, C)"),
        ("Actual choice: B", "Actual choice:",
         f"{F}:23: decision 'platform': 'Actual choice:' needs an option label or 'other'"),
        ("Actual choice: B", "They chose B.",
         f"{F}:21: decision 'platform': the Outcome must start with a line 'Actual choice: X',"
         " where X is an option label or 'other'"),
        ("Actual choice: B\n\nNokia partnered with Microsoft.\n", "",
         f"{F}:21: decision 'platform': the Outcome must start with a line 'Actual choice: X',"
         " where X is an option label or 'other'"),
        ("\nNokia partnered with Microsoft.\n", "\n",
         f"{F}:21: decision 'platform': the Outcome says nothing after 'Actual choice:';"
         " tell what happened"),
        # debate prompts
        ("- What did each option do to differentiation?", "",
         f"{F}:27: decision 'platform': '### Debate prompts' has no prompts"),
        ("- What did each option do to differentiation?", "What did each option do?",
         f"{F}:29: decision 'platform': '### Debate prompts' may only hold a bulleted list"
         " (continue an item on indented lines)"),
        ("- What did each option do to differentiation?", "- " + "x" * 1001,
         f"{F}:29: decision 'platform': a debate prompt is 1,001 characters long; at most 1,000"),
        # headings and ids
        ("{#platform}", "{#Platform}",
         f"{F}:11: decision id 'Platform' must be lowercase letters and digits in words joined"
         " by single hyphens, at most 64 characters"),
        ("{#platform}", "{#}",
         f"{F}:11: decision id '' must be lowercase letters and digits in words joined"
         " by single hyphens, at most 64 characters"),
        ("{#platform}", "{#" + "a" * 65 + "}",
         f"{F}:11: decision id '{'a' * 65}' must be lowercase letters and digits in words joined"
         " by single hyphens, at most 64 characters"),
        ("Which platform should Nokia commit to? {#platform}", "{#platform}",
         f"{F}:11: a decision heading needs a question after 'Decision:'"),
        ("Which platform should Nokia commit to? {#platform}", "¿¡…?",
         f"{F}:11: the question '¿¡…?' gives no id; add one at the end of the heading,"
         " like {#my-decision}"),
    ],
)
def test_decision_errors(old, new, expected):
    assert expected in errors(with_decision(old, new))


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("### Options", "### Outcome\n\nActual choice: A\n\nx\n\n### Options",
         f"{F}:21: decision 'platform': '### Options' is out of order; the order is the prompt,"
         " '### Options', '### Outcome', '### Hindsight', '### Debate prompts'"),
        ("### Debate prompts", "### Debate prompts\n\n- First?\n\n### Hindsight\n\nLater.\n\n"
         "### Debate prompts2",
         f"{F}:31: decision 'platform': '### Hindsight' is out of order; the order is the"
         " prompt, '### Options', '### Outcome', '### Hindsight', '### Debate prompts'"),
    ],
)
def test_out_of_order_sections(old, new, expected):
    assert expected in errors(with_decision(old, new))


def test_missing_debate_prompts_is_a_warning():
    text = with_decision("### Debate prompts\n\n- What did each option do to differentiation?\n", "")
    result = parse_case(text, F)
    assert result.ok
    assert [str(p) for p in result.problems] == [
        f"{F}:11: warning: decision 'platform' has no debate prompts"
    ]
    assert result.case.decisions[0].debate_prompts == []


def test_reserved_headings_are_case_insensitive_and_may_close_with_hashes():
    text = case(
        DECISION.replace("### Options", "### OPTIONS")
        .replace("### Outcome", "###   outcome ###")
        .replace("### Debate prompts", "### debate   Prompts")
    )
    assert problems(text) == []


def test_other_level_three_headings_belong_to_the_prompt():
    text = with_decision("You are the new chief executive.",
                         "### Context\n\nSales fall.\n\n### Your choice\n\nDecide.")
    decision = parse_case(text, F).case.decisions[0]
    assert decision.prompt_html == "<h3>Context</h3>\n<p>Sales fall.</p>\n<h3>Your choice</h3>\n<p>Decide.</p>"
    assert decision.prompt_text.startswith("### Context")


def test_other_level_three_heading_inside_the_outcome_stays_there():
    text = with_decision("Nokia partnered with Microsoft.",
                         "Nokia partnered with Microsoft.\n\n### What followed\n\nDecline.")
    decision = parse_case(text, F).case.decisions[0]
    assert decision.outcome_html.endswith("<h3>What followed</h3>\n<p>Decline.</p>")


def test_empty_prompt_is_allowed():
    decision = parse_case(with_decision("You are the new chief executive.\n", ""), F).case.decisions[0]
    assert (decision.prompt_html, decision.prompt_text) == ("", "")


@pytest.mark.parametrize("written, stored", [("B", "B"), ("b", "B"), ("[B]", "B"),
                                             ("other", "other"), ("Other", "other")])
def test_actual_choice_forms(written, stored):
    result = parse_case(with_decision("Actual choice: B", f"Actual choice: {written}"), F)
    assert result.ok and result.case.decisions[0].actual_choice == stored


def test_actual_choice_after_blank_lines_and_key_in_any_case():
    text = with_decision("Actual choice: B", "\n\n  actual Choice:   B  ")
    assert parse_case(text, F).case.decisions[0].actual_choice == "B"


def test_option_text_continues_on_indented_and_lazy_lines():
    text = with_decision(
        "- [A] MeeGo and Symbian.",
        "- [A] MeeGo and\n  *Symbian*, with\nlazy continuation.\n\n    And a second paragraph.",
    )
    option = parse_case(text, F).case.decisions[0].options[0]
    assert option.text == "MeeGo and\n*Symbian*, with\nlazy continuation.\n\nAnd a second paragraph."
    assert option.html == "<p>MeeGo and\n<em>Symbian</em>, with\nlazy continuation.</p>\n<p>And a second paragraph.</p>"
    assert option.line == 17


@pytest.mark.parametrize("marker", ["*", "+", "1."])
def test_other_list_markers_work_for_options(marker):
    text = with_decision("- [A] MeeGo and Symbian.\n- [B] Windows Phone.\n- [C] Android.",
                         f"{marker} [A] One\n{marker} [B] Two")
    assert [o.label for o in parse_case(text, F).case.decisions[0].options] == ["A", "B"]


def test_labels_may_be_digits_and_up_to_three_characters():
    text = with_decision("- [A] MeeGo and Symbian.\n- [B] Windows Phone.\n- [C] Android.",
                         "- [1] One\n- [A2] Two\n- [XYZ] Three")
    text = text.replace("Actual choice: B", "Actual choice: A2")
    assert parse_case(text, F).case.decisions[0].actual_choice == "A2"


def test_option_markdown_renders_inline():
    text = with_decision("- [B] Windows Phone.", "- [B] Partner with **Microsoft** ([news](https://n.example)).")
    html = parse_case(text, F).case.decisions[0].options[1].html
    assert html == ('Partner with <strong>Microsoft</strong> (<a href="https://n.example"'
                    ' rel="nofollow noopener">news</a>).')


def test_hindsight():
    text = with_decision("### Debate prompts", "### Hindsight\n\nIt did not work.\n\n### Debate prompts")
    assert parse_case(text, F).case.decisions[0].hindsight_html == "<p>It did not work.</p>"


def test_empty_hindsight_is_an_error():
    text = with_decision("### Debate prompts", "### Hindsight\n\n### Debate prompts")
    assert errors(text) == [f"{F}:27: decision 'platform': '### Hindsight' is empty"]


def test_debate_prompts_render_inline_and_continue():
    text = with_decision("- What did each option do to differentiation?",
                         "- What did *each* option do\n  to differentiation?\n- Second?")
    assert parse_case(text, F).case.decisions[0].debate_prompts == [
        "What did <em>each</em> option do\nto differentiation?", "Second?",
    ]


def test_id_from_the_question():
    text = with_decision("Which platform should Nokia commit to? {#platform}",
                         "What should Toyota's CEO do?")
    assert parse_case(text, F).case.decisions[0].key == "what-should-toyotas-ceo-do"


def test_decision_keyword_in_any_case():
    text = with_decision("## Decision:", "## decision :")
    assert parse_case(text, F).case.decisions[0].key == "platform"


def test_duplicate_ids():
    text = case(DECISION + "\n" + DECISION)
    assert errors(text) == [
        f"{F}:31: decision id 'platform' is used twice (first at line 11); give one of them its"
        " own {#id}"
    ]


def test_duplicate_ids_from_questions():
    second = DECISION.replace("{#platform}", "").replace("Which platform", "Which  platform")
    text = case(DECISION.replace("{#platform}", "") + "\n" + second)
    assert errors(text) == [
        f"{F}:31: decision id 'which-platform-should-nokia-commit-to' is used twice (first at"
        " line 11); give one of them its own {#id}"
    ]


def test_at_most_twenty_decisions():
    def numbered(n):
        return DECISION.replace("{#platform}", f"{{#d{n}}}") + "\n"

    assert parse_case(case("".join(numbered(n) for n in range(20))), F).ok
    text = case("".join(numbered(n) for n in range(22)))
    assert errors(text) == [
        f"{F}:{11 + 20 * 20}: a case has at most 20 decision points; this is number 21"
    ]


def test_several_bad_decisions_and_front_matter_report_everything():
    front = FRONT.replace("level: executive", "level: exec").replace(
        "[strategic-direction, incomplete-information]", "[strategy]")
    first = DECISION.replace("- [B] Windows Phone.\n- [C] Android.\n", "")
    second = DECISION.replace("{#platform}", "{#partner}").replace("Actual choice: B", "Actual choice: Q")
    with open("tests/data/bad/several-errors.md", encoding="utf-8") as handle:
        assert "sumary" in handle.read()  # the same idea as a file, checked in test_parser_files
    assert errors(case(first + "\n" + second, front=front)) == [
        f"{F}:4: level 'exec' is not one of new-manager, experienced-manager, senior-manager,"
        " executive; did you mean 'executive'?",
        f"{F}:5: competency 'strategy' is not in the vocabulary; did you mean"
        " 'strategic-direction'?",
        f"{F}:15: decision 'platform' has 1 option; it needs 2 to 8",
        f"{F}:21: decision 'platform': 'Actual choice: B' names no option (options are A)",
        f"{F}:41: decision 'partner': 'Actual choice: Q' names no option (options are A, B, C)",
    ]
