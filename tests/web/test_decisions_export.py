"""The member data download carries the member's commitments and reflections."""
import pytest

from tests.factories import commit, make_case, make_user
from tests.web.decisions_support import (
    decision_of,
    move_clock,
    post_commit,
    post_reflection,
    ref,
    sign_in,
)

export = pytest.importorskip("casebook.accounts.export")


def test_export_has_my_commitments_and_reflections_only(app, rollback, monkeypatch):
    with app.app_context():
        case = make_case("export-case", decisions=2)
        other = make_user()
        commit(other, decision_of(case.id, 1), "C", rationale="OTHER-LEADER-RATIONALE")
        user = ref(make_user())
    client = app.test_client()
    sign_in(client, user)
    post_commit(client, "export-case", option="A", rationale="MY-RATIONALE",
                forecast_label="B", forecast_probability="55")
    move_clock(monkeypatch)  # a day later, the hindsight check opens
    assert post_reflection(client, "export-case", recalled_probability="70", note="MY-NOTE").status_code == 303
    with app.app_context():
        from casebook.accounts.models import User
        from casebook.extensions import db

        data = export.export_user_data(db.session.get(User, user.id))
    section = data["decisions"]
    [entry] = section["commitments"]
    assert entry["case"] == "export-case" and entry["decision"] == "d1"
    assert (entry["option"], entry["rationale"], entry["confidence_percent"]) == ("A", "MY-RATIONALE", 70)
    assert (entry["forecast_option"], entry["forecast_probability_percent"]) == ("B", 55)
    assert entry["reflection"]["note"] == "MY-NOTE"
    assert entry["reflection"]["recalled_forecast_probability_percent"] == 70
    assert isinstance(entry["committed_at"], str)
    text = repr(data)
    assert "OTHER-LEADER-RATIONALE" not in text and "OUTCOME-" not in text and "HINDSIGHT-" not in text
    assert section["share_track_record_with_cohorts"] is False


SENTINEL_PROBABILITY = 63  # no other figure of the decisions section has this value


def _numbers(value):
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    return [value] if isinstance(value, int) and not isinstance(value, bool) else []


def test_the_download_keeps_the_sealed_forecast_until_the_hindsight_check(app, rollback, monkeypatch):
    client = app.test_client()
    with app.app_context():
        make_case("sealed-case", decisions=1)
        sign_in(client, make_user())
    post_commit(client, "sealed-case", option="A", confidence="70", forecast_label="B",
                forecast_probability=str(SENTINEL_PROBABILITY))

    download = client.get("/account/export")
    assert download.status_code == 200
    [entry] = download.get_json()["decisions"]["commitments"]
    assert entry["forecast_option"] == "B" and entry["reflection"] is None
    assert entry["forecast_probability_percent"] is None
    assert entry["forecast_probability_sealed"] is True
    assert SENTINEL_PROBABILITY not in _numbers(download.get_json()["decisions"])

    move_clock(monkeypatch)
    assert post_reflection(client, "sealed-case", recalled_probability="40").status_code == 303
    [entry] = client.get("/account/export").get_json()["decisions"]["commitments"]
    assert entry["forecast_probability_percent"] == SENTINEL_PROBABILITY
    assert entry["forecast_probability_sealed"] is False
