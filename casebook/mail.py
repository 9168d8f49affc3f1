"""Outgoing mail: SMTP when CASEBOOK_SMTP_HOST is set, else the log and the outbox table.

With SMTP, a message queued during a request is delivered after the response has been
sent (Response.call_on_close), so a page that mails someone answers as fast as one that
does not: no timing tells whether an address has an account. Outside a request (CLI)
delivery is immediate. Without SMTP, the message is logged and stored in the outbox the
admin can read (development), inside the request's transaction.
"""
from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage

from flask import after_this_request, current_app, has_request_context

log = logging.getLogger("casebook.mail")


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
    if not has_request_context():
        deliver_smtp(settings, message)
        return

    @after_this_request
    def _deliver_after_response(response):
        # A failed request (5xx) rolled back whatever the mail refers to: send nothing.
        if response.status_code < 500:
            response.call_on_close(lambda: _deliver_logging_errors(settings, message))
        return response


def _keep_in_outbox(to: str, subject: str, body: str) -> None:
    from .accounts.models import OutboxMessage
    from .extensions import db

    log.info("mail (no SMTP configured) to %s: %s\n%s", to, subject, body)
    db.session.add(OutboxMessage(to_address=to, subject=subject[:200], body=body))
    db.session.flush()


def _deliver_logging_errors(settings: dict, message: EmailMessage) -> None:
    try:
        deliver_smtp(settings, message)
    except (OSError, smtplib.SMTPException):
        # The page has been answered already; the log is where this can surface.
        log.exception("mail delivery to %s failed", message["To"])


def deliver_smtp(settings: dict, message: EmailMessage) -> None:
    """Hand one message to the configured SMTP server (STARTTLS unless turned off)."""
    with smtplib.SMTP(settings["SMTP_HOST"], int(settings["SMTP_PORT"] or 587), timeout=20) as smtp:
        if settings.get("SMTP_STARTTLS"):
            smtp.starttls(context=ssl.create_default_context())
        if settings.get("SMTP_USERNAME"):
            smtp.login(settings["SMTP_USERNAME"], settings.get("SMTP_PASSWORD") or "")
        smtp.send_message(message)
    log.info("mail sent to %s: %s", message["To"], message["Subject"])
