"""The account forms' text policy, in one place: text no keyboard types (NUL and the
other control characters but tab, invalid UTF-8, lone surrogates) is a form error, and
the page answers 400. Nothing of such a form is used or stored.

Every account form derives from TextPolicyForm, which checks every field it has, hidden
ones included, so no field can forget the check. Invalid UTF-8 in a url-encoded body
arrives from Werkzeug as harmless-looking "%FF" text; casebook.security notes, before
anything parses the body, which fields it was in (undecodable_form_fields).
"""
from __future__ import annotations

import unicodedata

from flask import g, request
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms.widgets import HiddenInput

from ..security import undecodable_form_fields
from . import bp

TEXT_REFUSED = "This contains characters that are not allowed."


def is_plain_text(value: str) -> bool:
    """No control character but tab, no lone surrogate, no U+FFFD (where bad bytes were)."""
    return not any(
        (unicodedata.category(ch) in ("Cc", "Cs") and ch != "\t") or ch == "\ufffd"
        for ch in value
    )


class TextPolicyForm(FlaskForm):
    """Base of the account forms: refuses text no keyboard types, in any field."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        undecodable = undecodable_form_fields()
        refused = False
        for field in self:
            values = [v for v in (field.raw_data or []) if isinstance(v, str)]
            if field.name in undecodable or not all(is_plain_text(v) for v in values):
                if _is_hidden(field):  # it has no place of its own to show an error
                    self._add_error(self.form_errors)
                else:  # the one error that matters: the others were about unreadable text
                    field.errors[:] = [TEXT_REFUSED]
                refused = True
        if undecodable - {field.name for field in self}:
            self._add_error(self.form_errors)
            refused = True
        if refused:
            g.account_form_refused_text = True
        return valid and not refused

    @staticmethod
    def _add_error(errors: list) -> None:
        if TEXT_REFUSED not in errors:
            errors.append(TEXT_REFUSED)

    def hidden_tag(self, *fields):
        """The hidden fields, after the errors tied to no visible field: every account
        template prints hidden_tag(), so every one shows them."""
        hidden = super().hidden_tag(*fields)
        if not self.form_errors:
            return hidden
        alert = Markup('<p class="field-error" role="alert">{}</p>').format(
            " ".join(self.form_errors))
        return alert + hidden


def _is_hidden(field) -> bool:
    return isinstance(field.widget, HiddenInput)


@bp.after_request
def _refused_text_is_a_bad_request(response):
    # The views re-render a refused form as they do any invalid one; the status says more.
    if request.method == "POST" and g.get("account_form_refused_text") and (
        response.status_code == 200
    ):
        response.status_code = 400
    return response
