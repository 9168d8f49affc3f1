"""Helpers for the authoring tests: members who submit, and submitting files or text."""
from __future__ import annotations

import io
import re
from pathlib import Path

from sqlalchemy import func, select

from casebook.authoring.models import Submission, SubmissionVersion
from casebook.cases.models import Case
from casebook.extensions import db
from tests import factories

DATA = Path(__file__).resolve().parent.parent / "data"
PROBLEM = re.compile(r'<li class="problem problem-(error|warning)"><a href="#L(\d+)">Line \d+</a>: '
                     r"<strong>(?:Warning|Error):</strong> (.*?)</li>")


def member(app, *roles: str) -> int:
    with app.app_context():
        return factories.make_user(*roles).id


def client_of(app, user_id: int | None):
    client = app.test_client()
    if user_id is not None:
        factories.sign_in(client, user_id)
    return client


BOUNDARY = "casebook-test-boundary"


def upload(client, data: bytes, filename: str = "case.md", path: str = "/authoring/new",
           fields: dict[str, str] | None = None):
    """A multipart form as a browser sends it, encoded here in memory (the test client
    would spool a large body to a temporary file it never closes)."""
    body = b""
    for name, value in (fields or {}).items():
        body += (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                 ).encode() + value.encode() + b"\r\n"
    body += (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; "
             f"filename=\"{filename}\"\r\nContent-Type: text/markdown\r\n\r\n").encode()
    body += data + f"\r\n--{BOUNDARY}--\r\n".encode()
    return client.post(path, input_stream=io.BytesIO(body), content_length=len(body),
                       content_type=f"multipart/form-data; boundary={BOUNDARY}")


def paste(client, text: str, path: str = "/authoring/new"):
    return client.post(path, data={"markdown": text})


def data_file(relative: str) -> bytes:
    return (DATA / relative).read_bytes()


def problems_on(page: str) -> list[tuple[int, str, bool]]:
    """(line, message, is_warning) of every problem the version page lists, unescaped."""
    import html

    return [(int(line), html.unescape(message), kind == "warning")
            for kind, line, message in PROBLEM.findall(page)]


def counts(app) -> tuple[int, int, int]:
    """(submissions, versions, cases): what "nothing stored" is measured by."""
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Submission)),
                db.session.scalar(select(func.count()).select_from(SubmissionVersion)),
                db.session.scalar(select(func.count()).select_from(Case)))


def submission_of(app, version_url: str) -> tuple[int, str]:
    """(submission id, status) of the version a redirect names."""
    submission_id = int(version_url.split("/")[2])
    with app.app_context():
        return submission_id, db.session.get(Submission, submission_id).status
