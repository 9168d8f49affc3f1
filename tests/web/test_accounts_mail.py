"""Mail: through SMTP after the response when configured; else the log and the outbox."""
import logging

import pytest

from casebook import mail
from tests.web.accounts_support import make_user, outbox


class FakeSMTP:
    sent = []
    events = []

    def __init__(self, host, port, timeout=None):
        self.events.append(("connect", host, port))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self, context=None):
        self.events.append(("starttls",))

    def login(self, username, password):
        self.events.append(("login", username, password))

    def send_message(self, message):
        self.sent.append(message)


@pytest.fixture
def fake_smtp(monkeypatch):
    FakeSMTP.sent, FakeSMTP.events = [], []
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    return FakeSMTP


@pytest.fixture
def smtp_app(make_app, rollback):
    return make_app(SMTP_HOST="smtp.example.com", SMTP_PORT=2525, SMTP_USERNAME="user",
                    SMTP_PASSWORD="pw", SMTP_STARTTLS=True, MAIL_FROM="Casebook <cb@example.com>")


def test_with_smtp_mail_is_sent_after_the_response(smtp_app, fake_smtp):
    with smtp_app.app_context():
        make_user(email="ann@example.com")
    client = smtp_app.test_client()
    resp = client.post("/password-reset", data={"email": "ann@example.com"})
    assert resp.status_code == 303
    assert fake_smtp.sent == []  # the answer is complete before any SMTP work starts
    resp.close()  # what the WSGI server does once the response is sent
    assert len(fake_smtp.sent) == 1
    message = fake_smtp.sent[0]
    assert message["To"] == "ann@example.com" and message["From"] == "Casebook <cb@example.com>"
    assert "/password-reset/" in message.get_content()
    assert fake_smtp.events == [("connect", "smtp.example.com", 2525), ("starttls",),
                                ("login", "user", "pw")]
    assert outbox(smtp_app) == []  # nothing kept when mail really goes out


def test_with_smtp_an_unknown_address_sends_nothing(smtp_app, fake_smtp):
    smtp_app.test_client().post("/password-reset", data={"email": "nobody@example.com"}).close()
    assert fake_smtp.sent == []


def test_a_delivery_failure_is_logged_not_shown(smtp_app, monkeypatch, caplog):
    class Broken(FakeSMTP):
        def send_message(self, message):
            raise OSError("connection refused")

    monkeypatch.setattr(mail.smtplib, "SMTP", Broken)
    with smtp_app.app_context():
        make_user(email="ann@example.com")
    resp = smtp_app.test_client().post("/password-reset", data={"email": "ann@example.com"})
    assert resp.status_code == 303
    resp.close()
    assert any("mail delivery to ann@example.com failed" in r.message for r in caplog.records)


def test_outside_a_request_mail_is_sent_at_once(smtp_app, fake_smtp):
    with smtp_app.app_context():
        mail.send_mail("ops@example.com", "Hello", "Body text")
    assert [m["Subject"] for m in fake_smtp.sent] == ["Hello"]


def test_without_smtp_mail_goes_to_the_log_and_the_outbox(app, client, caplog):
    with app.app_context():
        make_user(email="ann@example.com")
    with caplog.at_level(logging.INFO, logger=app.logger.name):
        client.post("/password-reset", data={"email": "ann@example.com"})
    [message] = outbox(app)
    assert message.to_address == "ann@example.com" and message.subject == "Reset your Casebook password"
    assert any("/password-reset/" in r.getMessage() for r in caplog.records)


def test_header_injection_in_a_subject_is_impossible(app):
    with pytest.raises(ValueError):
        mail.build_message(app.config, "a@example.com", "Hi\r\nBcc: evil@example.com", "body")
