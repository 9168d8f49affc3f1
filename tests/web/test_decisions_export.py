"""The member data download carries the member's commitments and reflections."""
import pytest

from tests.factories import commit, make_case, make_user
from tests.web.decisions_support import decision_of, post_commit, post_reflection, ref, sign_in

export = pytest.importorskip("casebook.accounts.export")


def test_export_has_my_commitments_and_reflections_only(app, rollback):
    with app.app_context():
        case = make_case("export-case", decisions=2)
        other = make_user()
        commit(other, decision_of(case.id, 1), "C", rationale="OTHER-LEADER-RATIONALE")
        user = ref(make_user())
    client = app.test_client()
    sign_in(client, user)
    post_commit(client, "export-case", option="A", rationale="MY-RATIONALE",
                forecast_label="B", forecast_probability="55")
    post_reflection(client, "export-case", recalled_probability="70", note="MY-NOTE")
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
