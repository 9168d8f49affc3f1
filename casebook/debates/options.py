"""A decision's options as debate pages name them: the label and the option's own words.

A stance, a commitment or a revised view is an option label ("B"); on its own a label
means nothing to a reader, so every page that shows or asks for one shows the option's
text with it: in full where a reader chooses, shortened beside each post.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..markdown import html_to_text

SHORT_CHARS = 48


@dataclass(frozen=True)
class OptionText:
    label: str
    html: str  # inline HTML, sanitized when the case was imported
    text: str  # the same words as plain text
    short: str  # the first words, for badges and menus

    def choice_label(self) -> Markup:
        """The label and the full option, for a radio button."""
        return Markup('<span class="option-label">{}</span> ').format(self.label) + Markup(
            self.html
        )


def option_texts(decision) -> dict[str, OptionText]:
    """{label: OptionText} for a reading-model DecisionView (or VisibleDecision)."""
    return {
        option.label: _option_text(option.label, option.html) for option in decision.options
    }


def _option_text(label: str, html: str) -> OptionText:
    text = html_to_text(html)
    return OptionText(label=label, html=html, text=text, short=shorten(text))


def shorten(text: str, limit: int = SHORT_CHARS) -> str:
    """At most `limit` characters, cut between words, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"
