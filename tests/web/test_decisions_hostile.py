"""Hostile input in commitments and reflections: sanitized or refused, never a 500."""
import time

import pytest

from tests.factories import commit, make_case, make_user
from tests.web.decisions_support import (
    commitments_of,
    count_reflections,
    decision_of,
    executable_bits,
    move_clock,
    post_commit,
    post_reflection,
    ref,
    sign_in,
)

XSS = [
    "<script>alert('x')</script>Plain words",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "<a href=\"javascript:alert(1)\">link</a>",
    "## Heading {: onclick=\"alert(1)\" style=\"color:red\" }",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<svg onload=alert(1)>",
    "\"><script>alert(1)</script>",
]


@pytest.fixture
def leader(app, client):
    with app.app_context():
        make_case("hostile-case", decisions=2)
        user = ref(make_user())
    sign_in(client, user)
    return user


@pytest.mark.parametrize("payload", XSS)
def test_rationale_markup_is_stored_sanitized(app, client, leader, payload):
    response = post_commit(client, "hostile-case", rationale=payload)
    assert response.status_code == 303  # markup is not refused: it is made harmless
    with app.app_context():
        rows = commitments_of(leader.id)
    [row] = rows
    assert row.rationale_source == payload.strip()
    assert executable_bits(row.rationale_html) == []
    page = client.get("/cases/hostile-case").get_data(as_text=True)
    rationale = page[page.index('class="prose rationale"'):]
    assert executable_bits(rationale[:rationale.index("</div>")]) == []


@pytest.mark.parametrize("fields, field_error", [
    ({"rationale": ""}, "rationale is required"),
    ({"rationale": "   \n  "}, "rationale is required"),
    ({"rationale": "x" * 100_000}, "limited to 10,000 characters"),
    ({"rationale": "y" * 10_001}, "limited to 10,000 characters"),
    ({"confidence": "abc"}, "whole number from 50 to 100"),
    ({"confidence": ""}, "Say how sure you are that it is the best course (50-100 %)."),
    ({"confidence": "49"}, "whole number from 50 to 100"),
    ({"confidence": "101"}, "whole number from 50 to 100"),
    ({"confidence": "-70"}, "whole number from 50 to 100"),
    ({"confidence": "70.5"}, "whole number from 50 to 100"),
    ({"confidence": "1e2"}, "whole number from 50 to 100"),
    ({"confidence": "9" * 500}, "whole number from 50 to 100"),
    ({"confidence": "٧٠"}, "whole number from 50 to 100"),
    ({"option": "Z"}, "Choose one of the options"),
    ({"option": ""}, "Choose one of the options"),
    ({"option": None}, "Choose one of the options"),
    ({"forecast_label": "B"}, "Give the probability"),
    ({"forecast_probability": "60"}, "Pick the option you forecast"),
    ({"forecast_label": "Q", "forecast_probability": "60"}, "Forecast one of the options"),
    ({"forecast_label": "B", "forecast_probability": "0"}, "from 1 to 99"),
    ({"forecast_label": "B", "forecast_probability": "100"}, "from 1 to 99"),
    ({"forecast_label": "B", "forecast_probability": "sixty"}, "from 1 to 99"),
])
def test_bad_commitments_get_a_form_error_and_store_nothing(app, client, leader, fields, field_error):
    response = post_commit(client, "hostile-case", **fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'class="field-error"' in html and field_error in html
    assert 'aria-invalid="true"' in html or 'role="alert"' in html
    with app.app_context():
        assert commitments_of(leader.id) == []
    # The page is still the case page, with nothing hidden in it.
    assert "OUTCOME-HOSTILE-CASE-1" not in html


@pytest.mark.parametrize("fields", [
    {"rationale": "nul \x00 byte"},
    {"rationale": "escape \x1b[31m red"},
    {"option": "A\x00"},
    {"confidence": "7\x080"},
])
def test_control_characters_are_refused_by_the_one_text_policy(app, client, leader, fields):
    response = post_commit(client, "hostile-case", **fields)
    assert response.status_code == 400
    assert "control character" in response.get_data(as_text=True)
    with app.app_context():
        assert commitments_of(leader.id) == []


def test_control_characters_in_a_reflection_are_refused_too(app, client, committed_leader):
    response = post_reflection(client, "reflect-case", recalled_probability="50", note="a\x00b")
    assert response.status_code == 400
    assert "control character" in response.get_data(as_text=True)
    with app.app_context():
        assert count_reflections() == 0


def test_a_refused_form_keeps_the_text_the_leader_typed(client, leader):
    html = post_commit(client, "hostile-case", rationale="My <b>careful</b> reasoning",
                       confidence="500").get_data(as_text=True)
    assert "My &lt;b&gt;careful&lt;/b&gt; reasoning" in html
    assert "<b>careful</b>" not in html


def test_markdown_that_would_stall_the_renderer_is_answered_quickly(app, client, leader):
    started = time.monotonic()
    response = post_commit(client, "hostile-case", rationale="[" * 9_000)
    assert time.monotonic() - started < 5
    assert response.status_code == 422
    assert "more than 5,000 brackets" in response.get_data(as_text=True)
    with app.app_context():
        assert commitments_of(leader.id) == []


def test_non_utf8_and_oversized_bodies_never_give_500(app, client, leader):
    response = client.post("/cases/hostile-case/decisions/d1/commit",
                           data=b"option=A&rationale=%FF%FE&confidence=70",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "not valid UTF-8" in response.get_data(as_text=True)
    response = client.post("/cases/hostile-case/decisions/d1/commit",
                           data={"rationale": "z" * (3 * 1024 * 1024), "option": "A"})
    assert response.status_code == 413
    with app.app_context():
        assert commitments_of(leader.id) == []


@pytest.fixture
def committed_leader(app, client, monkeypatch):
    """A leader who forecast on decision 1 a day ago, so its hindsight check is open."""
    move_clock(monkeypatch)
    with app.app_context():
        case = make_case("reflect-case", decisions=2)
        user = make_user()
        commit(user, decision_of(case.id, 1), "A", forecast_label="B", forecast_probability=60)
        user = ref(user)
    sign_in(client, user)
    return user


@pytest.mark.parametrize("fields, message", [
    ({"hindsight_rating": "9", "recalled_probability": "50"}, "whole number from 1 to 5"),
    ({"hindsight_rating": "", "recalled_probability": "50"}, "Say whether, with hindsight, the real choice was right."),
    ({"would_change": "maybe", "recalled_probability": "50"}, "would change your choice"),
    ({"recalled_probability": ""}, "Choose how likely you thought it was when you committed, from memory."),
    ({"recalled_probability": "101"}, "from 0 to 100"),
    ({"recalled_probability": "abc"}, "from 0 to 100"),
    ({"recalled_probability": "50", "note": "n" * 100_000}, "limited to 10,000"),
])
def test_bad_reflections_get_a_form_error_and_store_nothing(app, client, committed_leader, fields, message):
    response = post_reflection(client, "reflect-case", **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert count_reflections() == 0


@pytest.mark.parametrize("payload", XSS)
def test_reflection_notes_are_sanitized(app, client, committed_leader, payload):
    response = post_reflection(client, "reflect-case", recalled_probability="50", note=payload)
    assert response.status_code == 303
    page = client.get("/cases/reflect-case").get_data(as_text=True)
    section = page[page.index('class="card reflection"'):]
    assert executable_bits(section[:section.index("</section>")]) == []
