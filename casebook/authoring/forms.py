"""Authoring forms: the text policy checks every field; the services check the rest."""
from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import TextAreaField

from ..decisions.forms import attach_errors
from ..text_policy import TextPolicyForm

__all__ = ["attach_errors", "SubmissionForm"]


class SubmissionForm(TextPolicyForm):
    file = FileField("Markdown file")
    markdown = TextAreaField("Or paste the Markdown")
