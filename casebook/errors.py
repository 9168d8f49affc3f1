"""Error pages (HTML) and JSON errors for the API: no stack traces, no SQL."""
from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed

from .contract import Refused
from .extensions import db

MESSAGES = {
    400: ("Bad request", "The request could not be understood. Check what you sent and try again."),
    403: ("Not allowed", "You do not have permission to do that."),
    404: ("Not found", "There is nothing at this address."),
    405: ("Method not allowed", "This address does not accept that kind of request."),
    410: ("No longer valid", "What this address pointed to is no longer available."),
    413: ("Too large", "What you sent is larger than this site accepts."),
    429: ("Too many requests", "You are doing that too often. Wait a minute and try again."),
    500: ("Something went wrong", "An unexpected error happened. It has been logged."),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json"
    )


def error_response(status: int, detail: str | None = None):
    title, message = MESSAGES.get(status, (f"Error {status}", "The request failed."))
    # Only our own fixed messages reach the page; exception text never does.
    if _wants_json():
        return problem_response(status, title, detail or message)
    return render_template("error.html", status=status, title=title, message=detail or message), status


def problem_response(status: int, title: str, detail: str):
    """RFC 9457 problem details: the API's one error shape."""
    response = jsonify(type="about:blank", status=status, title=title, detail=detail)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        # Our own refusals (the text policy, a page number) say what was wrong; any other
        # exception's description (a parser's, a library's) is replaced by our message.
        detail = exc.description if isinstance(exc, Refused) else None
        response = make_response(error_response(exc.code or 500, detail))
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        if exc.code == 429 and getattr(exc, "retry_after", None):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return _http_error(exc)
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(InternalServerError.code)
