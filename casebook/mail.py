"""Outgoing mail: SMTP when CASEBOOK_SMTP_HOST is set, else the log and the outbox table.

With SMTP, a message queued during a request is delivered after the response has been
sent (Response.call_on_close), so a page that mails someone answers as fast as one that
does not: no timing tells whether an address has an account. Outside a request (CLI)
delivery is immediate. Without SMTP, the message is logged and stored in the outbox the
admin can read (development), inside the request's transaction.
"""
from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from flask import after_this_request, current_app, has_request_context



def smtp_configured(config) -> bool:
    return bool(config.get("SMTP_HOST"))


def build_message(config, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return message


def send_mail(to: str, subject: str, body: str) -> None:
    """Send (or, in development, keep) one plain-text message."""
    config = current_app.config
    if not smtp_configured(config):
        _keep_in_outbox(to, subject, body)
        return
    message = build_message(config, to, subject, body)
    settings = {k: config.get(k) for k in (
        "SMTP_HOST", "SMTP_PORT", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_STARTTLS")}
    # The app's logger (not a module one): `flask db upgrade` runs logging.fileConfig,
    # which disables every logger that existed before it.
    logger = current_app.logger
    if not has_request_context():
        deliver_smtp(settings, message, logger)
        return

    @after_this_request
    def _deliver_after_response(response):
        # A failed request (5xx) rolled back whatever the mail refers to: send nothing.
        if response.status_code < 500:
            response.call_on_close(lambda: _deliver_logging_errors(settings, message, logger))
        return response


def _keep_in_outbox(to: str, subject: str, body: str) -> None:
    from .accounts.models import OutboxMessage
    from .extensions import db

    # A warning: it is what a developer reads to find a confirmation link, and in
    # production a missing SMTP server is a misconfiguration someone should notice.
    current_app.logger.warning(
        "mail not sent (no CASEBOOK_SMTP_HOST), kept in the outbox. To: %s\nSubject: %s\n\n%s",
        to, subject, body)
    db.session.add(OutboxMessage(to_address=to, subject=subject[:200], body=body))
    db.session.flush()


def _deliver_logging_errors(settings: dict, message: EmailMessage, logger) -> None:
    try:
        deliver_smtp(settings, message, logger)
    except (OSError, smtplib.SMTPException):
        # The page has been answered already; the log is where this can surface.
        logger.exception("mail delivery to %s failed", message["To"])


def deliver_smtp(settings: dict, message: EmailMessage, logger) -> None:
    """Hand one message to the configured SMTP server (STARTTLS unless turned off)."""
    with smtplib.SMTP(settings["SMTP_HOST"], int(settings["SMTP_PORT"] or 587), timeout=20) as smtp:
        if settings.get("SMTP_STARTTLS"):
            smtp.starttls(context=ssl.create_default_context())
        if settings.get("SMTP_USERNAME"):
            smtp.login(settings["SMTP_USERNAME"], settings.get("SMTP_PASSWORD") or "")
        smtp.send_message(message)
    logger.info("mail sent to %s: %s", message["To"], message["Subject"])
