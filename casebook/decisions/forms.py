"""Forms of the decision page. Fields carry the text back on an error; the services
validate (one set of rules for pages, API and CLI), and their messages land on fields."""
from __future__ import annotations

from wtforms import StringField, TextAreaField

from ..domain import Invalid
from ..text_policy import TextPolicyForm


class PageForm(TextPolicyForm):
    """A form on a long page. After an error the page lists every message (in the
    order of the fields) and the first field in error takes the focus."""

    field_order: tuple[str, ...] = ()

    def problems(self) -> list[tuple[str | None, str]]:
        """(field name, or None for the whole form; message), in the order shown."""
        found: list[tuple[str | None, str]] = [(None, m) for m in self.form_errors]
        for name in self.field_order:
            found += [(name, m) for m in getattr(self, name).errors]
        return found

    @property
    def first_error(self) -> str | None:
        """The field to focus: the first in error, "form" for a form-wide message only."""
        for name in self.field_order:
            if getattr(self, name).errors:
                return name
        return "form" if self.form_errors else None


class CommitForm(PageForm):
    field_order = ("option", "rationale", "confidence", "forecast_label", "forecast_probability")

    option = StringField("Your choice")
    rationale = TextAreaField("Why this option?")
    confidence = StringField("How confident are you that this is the best course?")
    forecast_label = StringField("Which option do you think the organization chose?")
    forecast_probability = StringField("How likely is it that they chose it?")
    knew_outcome = StringField("I already know how this ended")


class ReflectionForm(PageForm):
    field_order = ("recalled_probability", "hindsight_rating", "would_change", "note")

    recalled_probability = StringField("How likely did you think it was?")
    hindsight_rating = StringField("With hindsight, was the real choice right?")
    would_change = StringField("Would you change your choice?")
    note = TextAreaField("Your reflection")


class SharingForm(TextPolicyForm):
    share_with_cohorts = StringField("Share my track record with my cohorts")


def attach_errors(form: TextPolicyForm, problem: Invalid) -> None:
    """Put every message of a service's Invalid on the field it names (or on the form)."""
    for field, messages in problem.errors.items():
        target = getattr(form, field, None) if field else None
        if target is None:
            form.form_errors.extend(messages)
        else:
            target.errors = [*target.errors, *messages]
