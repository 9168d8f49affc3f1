"""Fairness warnings: can a reader guess a decision's real choice before committing?

Two tells (case-format.md section 5), both reported as warnings at the real option's line:

- the name tell: a word of the slug, the title, the summary or the decision's id appears
  in the real option and in no other option of the decision. Words are compared after
  folding accents and case, dropping apostrophes and inflections ("leaves" is "leave");
  function words, light verbs ("make", "take"), words shorter than three letters,
  numbers, and the organization's name (with "company", "firm", ...) never count.
- the detail tell: the real option's plain text is at least 1.4 times as long as the
  median of the other options'.

A decision whose Outcome says `Actual choice: other` has no real option, so neither applies.
Pure: no Flask, no database. docs/authoring.md explains both tells to authors.
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass

from .body import MAX_OPTIONS, MIN_OPTIONS

MIN_WORD_LENGTH = 3
# The detail tell's ratio as a fraction (7/5 = 1.4), compared in whole numbers: a median
# is a whole or a half, so `5 * length >= 7 * median` is exact where 1.4 * median is not.
LONGER_NUMERATOR, LONGER_DENOMINATOR = 7, 5

# English function words, as written: sharing one says nothing about the answer.
# Words shorter than MIN_WORD_LENGTH are dropped before this list is consulted.
FUNCTION_WORDS = frozenset("""
    about above across after again against all almost along already also although
    always among and another any anything are around away back because been before
    being below between both but can cannot could did does doing done down during each
    either else even ever every few for from further had has have having her here hers
    herself him himself his how however into its itself just least less many may might
    more most much must myself neither never nor not now off once one only onto other
    others otherwise our ours ourselves out over own per perhaps quite rather same
    shall she should since some still such than that the their theirs them themselves
    then there these they this those though through thus too toward towards under
    until upon very via was well were what whatever when where whether which while who
    whom whose why will with within without would yet you your yours yourself
""".split())
# Light verbs in any form ("make", "making", "made"): options are full of them.
LIGHT_VERBS = frozenset("""
    come came get got gotten give gave given goes going gone went make made put let say said
    see saw seen take took taken
""".split())
# How a case names its organization without its name; they count as the name.
ORGANIZATION_NOUNS = ("company", "corporation", "firm", "organization", "organisation")

_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_VOWELS = frozenset("aeiouy")


def fold(word: str) -> str:
    """A word as the comparison sees it: no accents, no apostrophes, case-folded.

    Like a decision id's folding (slugs.slugify), so "Nestlé's" in a title and "nestles"
    in an id agree; but letters of other scripts are kept, not dropped, so a case
    written in Greek or Cyrillic still has words to compare.
    """
    no_quotes = word.replace("\u2019", "").replace("'", "")
    decomposed = unicodedata.normalize("NFKD", no_quotes)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def stem(word: str) -> str:
    """A folded word without its inflection, so that the forms of a word are one word.

    "platforms" and "platform", "leaves" and "leave", "making" and "make", "planned"
    and "plan" each give one stem. Deliberately light (plural, -ing, -ed, a final e):
    it only has to make both sides of a comparison agree, never to find a root.
    """
    if len(word) > 4 and word.endswith(("ies", "ied")):
        word = word[:-3] + "y"
    elif word.endswith(("sses", "shes", "ches", "xes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        base = word[: -len(suffix)]
        if (word.endswith(suffix) and len(base) >= 3 and _VOWELS & set(base)
                and not (suffix == "ed" and base.endswith("e"))):  # "speed", "agreed"
            word = base
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lszaeiou":
                word = word[:-1]  # "planned" -> "plan", but "selling" -> "sell"
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


_LIGHT_VERB_STEMS = frozenset(stem(verb) for verb in LIGHT_VERBS)


def words(text: str) -> dict[str, str]:
    """The words of a text that can tell: stem -> the word as first written (lower case)."""
    found: dict[str, str] = {}
    for match in _WORD_RE.finditer(text):
        folded = fold(match.group())
        if len(folded) < MIN_WORD_LENGTH or folded.isdigit() or folded in FUNCTION_WORDS:
            continue
        stemmed = stem(folded)
        if stemmed not in _LIGHT_VERB_STEMS:
            found.setdefault(stemmed, match.group().lower())
    return found


@dataclass(frozen=True)
class CaseWords:
    """What names the case's situation: its words by source, and the organization's name."""

    sources: tuple[tuple[str, dict[str, str]], ...]  # ("the title", words) in report order
    organization: frozenset[str]

    @classmethod
    def of(cls, slug: str | None, title: str | None, summary: str | None,
           organization: str | None) -> CaseWords:
        named = (("the slug", slug), ("the title", title), ("the summary", summary))
        return cls(
            tuple((source, words(text)) for source, text in named if text),
            frozenset(words(" ".join((organization or "", *ORGANIZATION_NOUNS)))),
        )


@dataclass(frozen=True)
class OptionText:
    label: str
    text: str  # plain text, as a reader sees it
    line: int


def fairness_warnings(
    case_words: CaseWords, key: str, options: list[OptionText], actual_choice: str
) -> list[tuple[int, str]]:
    """(line, message) for each tell of one decision; none without a single real option."""
    real = [option for option in options if option.label == actual_choice]
    if len(real) != 1 or not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        return []  # "other", or a decision whose errors are reported elsewhere
    others = [option for option in options if option is not real[0]]
    warnings = [(real[0].line, f"decision '{key}': {message}")
                for message in _name_tells(case_words, key, real[0], others)]
    detail = _detail_tell(real[0], others)
    if detail:
        warnings.append((real[0].line, f"decision '{key}': {detail}"))
    return warnings


def _name_tells(case_words: CaseWords, key: str, real: OptionText,
                others: list[OptionText]) -> list[str]:
    real_words = set(words(real.text)) - case_words.organization
    for option in others:
        real_words -= set(words(option.text))
    if not real_words:
        return []
    sources = (*case_words.sources, ("the id", words(key.replace("-", " "))))
    messages = []
    for source, source_words in sources:
        shared = [written for stemmed, written in source_words.items() if stemmed in real_words]
        if shared:
            messages.append(f"{source} shares {_listed(shared)} with the real option only")
    return messages


def _detail_tell(real: OptionText, others: list[OptionText]) -> str | None:
    median = statistics.median(len(option.text) for option in others)
    length = len(real.text)
    if median == 0 or LONGER_DENOMINATOR * length < LONGER_NUMERATOR * median:
        return None
    return (f"the real option ({real.label}) is {length / median:.1f} times as long as the"
            f" median of the others ({median:g} characters); give every option the same care")


def _listed(written: list[str]) -> str:
    """'a'; 'a' and 'b'; 'a', 'b' and 'c'."""
    quoted = [f"'{word}'" for word in written]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
