"""Cohort forms: they carry the CSRF token and the text back on an error; the services
check every value (casebook/cohorts/fields.py) and their messages land on the fields."""
from __future__ import annotations

from ..text_policy import TextPolicyForm
from wtforms import StringField, TextAreaField

from ..decisions.forms import attach_errors

__all__ = ["attach_errors", "CohortForm", "LinkInvitationForm", "EmailInvitationForm",
           "AssignmentForm", "ActionForm", "JoinCodeForm"]


class CohortForm(TextPolicyForm):
    name = StringField("Name")
    description = TextAreaField("Description")
    time_zone = StringField("Time zone")
    level = StringField("Level")


class LinkInvitationForm(TextPolicyForm):
    days = StringField("Expires after (days)", default="14")
    max_uses = StringField("Uses allowed", default="60")


class EmailInvitationForm(TextPolicyForm):
    emails = TextAreaField("Email addresses")
    days = StringField("Expires after (days)", default="14")


class AssignmentForm(TextPolicyForm):
    case = StringField("Case")
    due_date = StringField("Due date")
    due_time = StringField("Due time", default="09:00")
    notes = TextAreaField("Session notes")
    hold = StringField("Hold the reveal")


class ActionForm(TextPolicyForm):
    """A button that needs only the CSRF token (join, revoke, reveal, remove ...)."""


class JoinCodeForm(TextPolicyForm):
    class Meta:
        csrf = False  # a GET that only finds the invitation page

    code = StringField("Invitation code")
