"""Authoring forms: the text policy checks every field; the services check the rest."""
from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import HiddenField, StringField, TextAreaField

from ..decisions.forms import attach_errors
from ..text_policy import TextPolicyForm

__all__ = ["attach_errors", "SubmissionForm", "CommentForm", "ChangesForm", "RejectForm",
           "PublishForm"]


class SubmissionForm(TextPolicyForm):
    file = FileField("Markdown file")
    markdown = TextAreaField("Or paste the Markdown")


class CommentForm(TextPolicyForm):
    body = TextAreaField("Comment")
    line = StringField("Line (leave empty to comment on the whole version)")
    version = HiddenField("Version")


class ChangesForm(TextPolicyForm):
    changes = TextAreaField("What should change")


class RejectForm(TextPolicyForm):
    reason = TextAreaField("Reason for rejecting")


class PublishForm(TextPolicyForm):
    note = TextAreaField("Note for the author (optional)")
