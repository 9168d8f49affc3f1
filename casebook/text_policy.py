"""One text policy for every form field of every blueprint, in one place.

Text no keyboard types is refused: invalid UTF-8, NUL and the other control characters
(C0 but tab, line feed and carriage return; DEL; C1), lone surrogates, and a line break
in a one-line field. The answer is a message naming the field, status 400, and nothing
stored. Where the message goes:

- A field a form declares (every form derives from TextPolicyForm): beside the field.
  The view draws its form again, as for any invalid form, with what the reader typed
  and the message, and the request contract makes the status 400. This is the common
  case and the kindest answer: the reader sees their form, not an error page.
- A hidden field (no place for a message), a field the validating form does not
  declare, a field no form declares at all, and any string in a JSON body: the 400 page
  (problem JSON under /api/) naming the field. Fields no form declares and JSON bodies
  are refused before any view runs (`refuse_undeclared`, the first before_request hook:
  CSRF protection parses the body next); the others when the form is validated, before
  the view acts on it.
- Whatever the view answers, a write with refused text never succeeds (`settle`, run
  by the request contract after the view): a view that did not validate a form, or
  redirected although its form was refused, ends in the 400 page, rolled back.

Werkzeug decodes an invalid byte of a url-encoded body such as %FF as the literal text
"%FF", and an invalid byte of a multipart body as U+FFFD, so the raw body is checked
first (cache=True keeps it for the parser).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes

from flask import g, request, session
from flask_wtf import FlaskForm
from werkzeug.exceptions import BadRequest
from wtforms.fields import TextAreaField
from wtforms.fields.core import UnboundField
from wtforms.widgets import HiddenInput

from .contract import WRITE_METHODS, Refused

URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"

CONTROL, LINE_BREAK, NOT_UTF8 = "control", "line break", "not UTF-8"
# C0 controls except tab, LF and CR; DEL; C1 controls. (Browsers send CR LF in textareas.)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")  # no UTF-8 encodes one
_LINE_BREAK = re.compile("[\r\n]")


class BadText(Refused):
    """Text the policy refuses; the message names the field."""


def problem_in(value: str, *, one_line: bool = False) -> str | None:
    """What the policy has against one value (CONTROL, LINE_BREAK, NOT_UTF8), or None."""
    if _SURROGATE.search(value):
        return NOT_UTF8
    if _CONTROL.search(value):
        return CONTROL
    if one_line and _LINE_BREAK.search(value):
        return LINE_BREAK
    return None


def is_plain_text(value: str, *, one_line: bool = False) -> bool:
    """True for text the policy accepts (for services that take text from elsewhere)."""
    return problem_in(value, one_line=one_line) is None


def message(problem: str, name: str) -> str:
    """The message for `problem` in the field called `name` (its label or its name)."""
    name = _CONTROL.sub("?", _SURROGATE.sub("?", name))[:60]
    if problem == NOT_UTF8:
        return f"“{name}” is not valid UTF-8 text. Nothing was saved."
    if problem == LINE_BREAK:
        return f"“{name}” is one line: it cannot hold a line break. Nothing was saved."
    return (
        f"“{name}” contains a control character (such as NUL or ESC) that text cannot "
        "hold. Remove it and send again; nothing was saved."
    )


# --- what this request sent -------------------------------------------------------------

@dataclass
class _Verdict:
    refused: dict[str, str]  # field name -> problem, as the request's body holds them
    shown: dict[str, str] = field(default_factory=dict)  # refused by a form, beside the field
    flashes: int = 0  # messages flashed before the view: a refused write flashes none


def refused_fields() -> dict[str, str]:
    """{field name: problem} of this request's form body (write requests only)."""
    return _verdict().refused if request.method in WRITE_METHODS else {}


def _verdict() -> _Verdict:
    verdict = g.get("_text_verdict")
    if verdict is None:
        verdict = g._text_verdict = _Verdict(_refused_in_body())
        verdict.flashes = len(session.get("_flashes", ()))
    return verdict


def _refused_in_body() -> dict[str, str]:
    refused: dict[str, str] = {}
    if request.mimetype == URLENCODED:
        refused.update(_undecodable(request.get_data(cache=True, parse_form_data=False)))
    elif request.mimetype != MULTIPART:
        return refused
    for name, value in request.form.items(multi=True):
        if name in refused:
            continue
        if request.mimetype == MULTIPART and "\ufffd" in name + value:
            refused[name] = NOT_UTF8  # what an invalid byte became
        elif problem := problem_in(name) or problem_in(value):
            refused[name] = problem
    return refused


def is_utf8_query(raw: bytes) -> bool:
    """Whether every name and value of a query string decodes as UTF-8 (Werkzeug reads
    a bad byte such as %FF as the literal text "%FF", so the bytes are checked)."""
    return not _undecodable(raw)


def _undecodable(raw: bytes) -> dict[str, str]:
    """The fields of a url-encoded body whose name or value is not UTF-8 once
    percent-decoded (a name given with U+FFFD where its bad bytes were)."""
    refused = {}
    for pair in raw.split(b"&"):
        pieces = [unquote_to_bytes(piece.replace(b"+", b" ")) for piece in pair.split(b"=", 1)]
        try:
            for piece in pieces:
                piece.decode("utf-8")
        except UnicodeDecodeError:
            refused[pieces[0].decode("utf-8", "replace")] = NOT_UTF8
    return refused


# --- the forms ----------------------------------------------------------------------------

_FORMS: list[type] = []


class TextPolicyForm(FlaskForm):
    """The base of every form: the text policy checks each of its fields (any kind,
    hidden ones too), so no field can forget it."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _FORMS.append(cls)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        refused = refused_fields()
        for field_ in self:
            one_line = not isinstance(field_, TextAreaField)
            problem = refused.get(field_.name) or next(
                (p for v in field_.raw_data or () if isinstance(v, str)
                 if (p := problem_in(v, one_line=one_line))), None)
            if problem is None:
                continue
            if isinstance(field_.widget, HiddenInput):  # no place of its own for a message
                raise BadText(message(problem, field_.name))
            # The one message that matters: the others were about unreadable text.
            field_.errors = [message(problem, field_.label.text)]
            if request.method in WRITE_METHODS:
                _verdict().shown[field_.name] = problem
            valid = False
        declared = {field_.name for field_ in self}
        for name, problem in refused.items():
            if name not in declared:
                raise BadText(message(problem, name))
        return valid


def declared_field_names() -> set[str]:
    """The names of the fields every form declares (mixins' fields included)."""
    return {
        name
        for form in _FORMS
        for name in dir(form)
        if isinstance(getattr(form, name, None), UnboundField)
    }


# --- the request contract's two hooks ----------------------------------------------------

def refuse_undeclared() -> None:
    """Before any view (and before CSRF protection parses the body): refuse text in a
    field no form declares, and in a JSON body. Declared fields wait for their form."""
    if request.method not in WRITE_METHODS:
        return
    if request.is_json:
        _refuse_bad_json()
        return
    refused = refused_fields()
    if not refused:
        return
    declared = declared_field_names()
    for name, problem in refused.items():
        if name not in declared:
            raise BadText(message(problem, name))


def settle(response):
    """After the view of a write: the answer to a request with refused text is a 400.

    A form drawn again with the message beside its field keeps its page, with status
    400. Anything else (a success, a redirect, a field no validated form showed) is
    replaced by the 400 page naming the field; the caller rolls back.
    """
    verdict = g.get("_text_verdict")
    if verdict is None or not (verdict.refused or verdict.shown):
        return response
    unshown = [name for name in verdict.refused if name not in verdict.shown]
    if not unshown and (response.status_code == 200 or 400 <= response.status_code < 500):
        response.status_code = 400
        return response
    raise _refusal(verdict, unshown)


def refusal_over(problem: BadRequest) -> BadRequest:
    """What a view's plain 400 (its form was invalid) becomes when text was refused."""
    verdict = g.get("_text_verdict")
    if verdict is None or isinstance(problem, Refused) or not (verdict.refused or verdict.shown):
        return problem
    return _refusal(verdict, [name for name in verdict.refused if name not in verdict.shown])


def _refusal(verdict: _Verdict, unshown: list[str]) -> BadText:
    flashed = session.get("_flashes")
    if flashed and len(flashed) > verdict.flashes:  # "saved!" said by a view that is undone
        session["_flashes"] = flashed[: verdict.flashes]
    name = (unshown or sorted(verdict.shown))[0]
    return BadText(message(verdict.refused.get(name) or verdict.shown[name], name))


def _refuse_bad_json() -> None:
    try:
        body = json.loads(request.get_data(cache=True).decode("utf-8"))
    except UnicodeDecodeError:
        raise BadText("The body is not valid UTF-8 text. Nothing was saved.") from None
    except ValueError:
        return  # not JSON at all: the view answers that as it would
    for name, value in _strings(body, "body"):
        if problem := problem_in(value):
            raise BadText(message(problem, name))


def _strings(value, where: str):
    """(path, string) for every key and string value in a JSON document."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield f"{where}.{key}", key
            yield from _strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{where}[{index}]")
