"""Account forms. Every text field has a length cap, and every form derives from
TextPolicyForm (casebook/text_policy.py), which refuses NUL, control characters and
invalid UTF-8 in any field: hostile input ends as a form error, never a stored value or
a database error."""
from __future__ import annotations

from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from ..config import LEVELS
from .display_names import EMPTY, TAKEN, display_name_problem, tidy
from .models import GRANTABLE_ROLES
from .passwords import MAX_LENGTH, password_problem
from ..text_policy import TextPolicyForm

LEVEL_LABELS = {
    "new-manager": "New manager",
    "experienced-manager": "Experienced manager",
    "senior-manager": "Senior manager",
    "executive": "Executive",
}


def strip(value):
    return value.strip() if isinstance(value, str) else value


def _email_field(label: str = "Email address"):
    return StringField(label, filters=[strip], validators=[
        DataRequired("Enter your email address."),
        Length(max=254, message="An email address is at most 254 characters."),
        Email("Enter a valid email address, like name@example.com."),
    ])


def _password_field(label: str, message: str = "Enter your password."):
    return PasswordField(label, validators=[
        DataRequired(message), Length(max=MAX_LENGTH, message="That is too long."),
    ])


class NewPasswordMixin:
    """A new password with its confirmation, checked against the common-password list.

    Forms without email and name fields get `account` set by the view, so the password
    can still be compared with the account's address and name.
    """

    account = None

    new_password = PasswordField("New password", validators=[
        DataRequired("Choose a password."), Length(max=MAX_LENGTH, message="That is too long."),
    ])
    confirm_password = PasswordField("Repeat the new password", validators=[
        DataRequired("Repeat the password."), EqualTo("new_password", "The passwords do not match."),
    ])

    def validate_new_password(self, field) -> None:
        if self.account is not None:
            email, name = self.account.email, self.account.display_name
        else:
            email, name = self.email.data, self.display_name.data
        problem = password_problem(field.data or "", email=email, name=name)
        if problem:
            raise ValidationError(problem)


def _allowed_display_name(form, field) -> None:
    problem = display_name_problem(field.data)
    if problem:  # and stop: a refused name is never looked up
        raise StopValidation(problem)


def _free_display_name(form, field) -> None:
    """For a new account: no live account may have a look-alike name. (A rename checks
    this in accounts.services.set_display_name, which knows whose name it is.)"""
    from .services import name_in_use

    if field.data and name_in_use(field.data):
        raise ValidationError(TAKEN)


def _display_name_field(*checks):
    return StringField("Display name", filters=[strip, tidy], validators=[
        DataRequired(EMPTY),
        Length(max=80, message="A display name is at most 80 characters."),
        _allowed_display_name,
        *checks,
    ])


class RegisterForm(NewPasswordMixin, TextPolicyForm):
    email = _email_field()
    display_name = _display_name_field(_free_display_name)
    # Where the confirmation link leads once the account exists (an invitation, say);
    # not validated: an unsafe target is simply dropped (security.is_safe_redirect).
    next = HiddenField()


class ConfirmRegistrationForm(TextPolicyForm):
    """The confirmation button, with the name to create the account under: whoever
    confirms first takes a name, so the second of two look-alikes chooses again here."""

    display_name = _display_name_field()
    # Where the confirmation link leads once the account exists (an invitation, say);
    # not validated: an unsafe target is simply dropped (security.is_safe_redirect).
    next = HiddenField()


class SignInForm(TextPolicyForm):
    email = _email_field()
    password = _password_field("Password")
    remember = BooleanField("Keep me signed in on this device (30 days)")
    # Not validated: an unsafe or overlong target is simply replaced (security.is_safe_redirect).
    next = HiddenField()


class ResetRequestForm(TextPolicyForm):
    email = _email_field()


class ResetPasswordForm(NewPasswordMixin, TextPolicyForm):
    pass


class ChangePasswordForm(NewPasswordMixin, TextPolicyForm):
    current_password = _password_field("Current password", "Enter your current password.")


class ChangeEmailForm(TextPolicyForm):
    email = _email_field("New email address")
    current_password = _password_field("Current password", "Enter your current password.")


class ProfileForm(TextPolicyForm):
    display_name = _display_name_field()
    level = SelectField("Level", choices=[SelectChoice("", "Not given")]
                        + [SelectChoice(v, LEVEL_LABELS[v]) for v in LEVELS],
                        validators=[Optional()])
    function = StringField(
        "Function", filters=[strip], description="For example: Finance, Operations",
        validators=[Length(max=80, message="At most 80 characters.")])
    industry = StringField(
        "Industry", filters=[strip], description="For example: Retail, Healthcare",
        validators=[Length(max=80, message="At most 80 characters.")])
    years_experience = IntegerField(
        "Years of leadership experience", validators=[
            Optional(), NumberRange(0, 60, "Enter a number of years from 0 to 60."),
        ])
    profile_public = BooleanField("Show my profile to other members")


# What each level means, for a new member choosing theirs on the welcome page.
LEVEL_DESCRIPTIONS = {
    "new-manager": "Leading a team for the first time, or for a few years",
    "experienced-manager": "Leading managers, or a large team",
    "senior-manager": "Running a function, a business unit or a large programme",
    "executive": "On the top team of an organization",
}


class WelcomeForm(TextPolicyForm):
    """The one question after registration: the level that groups a leader's choices."""

    level = RadioField("Which level do you lead at?",
                       choices=[SelectChoice(v, LEVEL_LABELS[v]) for v in LEVELS],
                       validators=[InputRequired("Choose the level closest to yours, "
                                                 "or skip this for now.")])
    # Where the new member goes next (the decision they were reading); unsafe targets
    # are simply dropped (security.is_safe_redirect).
    next = HiddenField()


class DeleteAccountForm(TextPolicyForm):
    password = _password_field("Your password")
    confirm = BooleanField("I understand that my account and personal data will be erased",
                           validators=[InputRequired("Tick the box to confirm.")])


class ConfirmForm(TextPolicyForm):
    """A button and a CSRF token: confirmations arriving by link happen on POST only."""


class SuspensionForm(TextPolicyForm):
    """Suspend or lift a suspension; the optional reason goes to the audit log only."""

    reason = StringField("Reason (for the audit log; the member is not shown it)", filters=[strip],
                         validators=[Optional(), Length(max=500, message="At most 500 characters.")])


class GrantRoleForm(TextPolicyForm):
    role = SelectField("Role", choices=[SelectChoice(r, r.capitalize()) for r in GRANTABLE_ROLES])


class UserSearchForm(TextPolicyForm):
    class Meta:
        csrf = False  # a GET search: it changes nothing

    q = StringField("Search by name or email", filters=[strip],
                    validators=[Optional(), Length(max=100)])
