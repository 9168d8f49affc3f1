"""Debate forms. Every one carries the CSRF token (as a hidden input, which htmx sends too)."""

from __future__ import annotations

from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from ..contract import MAX_ID
from ..decisions.models import CONFIDENCE_MAX, CONFIDENCE_MIN
from ..text_policy import TextPolicyForm
from .models import FLAG_REASONS, MAX_BODY_CHARS, QUESTION
from .services import PostRejected, clean_body

BODY_HINT = (
    f"Markdown. Mention someone with @[Display Name]. At most {MAX_BODY_CHARS:,} characters."
)


def _checked_body(form, field) -> None:
    try:
        field.data = clean_body(field.data)
    except PostRejected as problem:
        raise ValidationError(str(problem)) from None


class ReplyForm(TextPolicyForm):
    body = TextAreaField("Your reply", validators=[_checked_body], description=BODY_HINT)


class EditForm(TextPolicyForm):
    body = TextAreaField("Your post", validators=[_checked_body], description=BODY_HINT)


class PostForm(TextPolicyForm):
    stance = RadioField("Your post argues for", validators=[InputRequired("Choose a stance.")])
    body = TextAreaField("Your post", validators=[_checked_body], description=BODY_HINT)

    def set_options(self, options) -> PostForm:
        """The decision's options ({label: OptionText}), each shown with its words."""
        self.stance.choices = [SelectChoice(o.label, o.choice_label()) for o in options.values()]
        self.stance.choices.append(SelectChoice(QUESTION, "A question (for no option)"))
        return self


class FlagForm(TextPolicyForm):
    reason = SelectField(
        "Reason",
        choices=[SelectChoice(r, r.replace("-", " ").capitalize()) for r in FLAG_REASONS],
        validators=[DataRequired()],
    )
    details = TextAreaField("Details (optional)", validators=[Optional(), Length(max=500)])


class RevisedViewForm(TextPolicyForm):
    option = RadioField("My view now", validators=[InputRequired("Choose an option.")])
    confidence = IntegerField(
        "Confidence (%)", validators=[InputRequired(), NumberRange(CONFIDENCE_MIN, CONFIDENCE_MAX)]
    )
    # Sent by the per-post button's page, never typed (see ChangedMindForm).
    cited_post = IntegerField(
        "Post that changed my mind",
        # Bounded like every id (contract.MAX_ID): a larger number is no post at all.
        validators=[Optional(), NumberRange(1, MAX_ID, "That post is not in this debate.")],
    )

    def set_options(self, options) -> RevisedViewForm:
        self.option.choices = [SelectChoice(o.label, o.choice_label()) for o in options.values()]
        return self


class ChangedMindForm(TextPolicyForm):
    """"This changed my mind" on a post: the button sends only the post (in the address);
    the page it opens asks what the leader's view is now (step "record")."""

    option = RadioField("My view now", validators=[InputRequired("Choose an option.")])
    confidence = IntegerField(
        "Confidence (%)",
        validators=[
            InputRequired("Give your confidence, from 50 to 100 %."),
            NumberRange(CONFIDENCE_MIN, CONFIDENCE_MAX, "Give your confidence, from 50 to 100 %%."),
        ],
    )
    step = HiddenField()

    def set_options(self, options) -> ChangedMindForm:
        self.option.choices = [SelectChoice(o.label, o.choice_label()) for o in options.values()]
        return self


class ReasonForm(TextPolicyForm):
    """Moderation actions: an optional reason, recorded in the audit log."""

    reason = StringField("Reason", validators=[Optional(), Length(max=500)])


class ActionForm(TextPolicyForm):
    """A button that only needs the CSRF token (reactions, delete, mark as read)."""
