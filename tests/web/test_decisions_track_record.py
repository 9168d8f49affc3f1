"""My decisions: every commitment, matches only where unlocked, Brier scores, calibration,
hindsight gap, totals; private to its owner; progress helpers for the library."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import event

from casebook.decisions.models import Reflection, TrackRecordSharing
from casebook.decisions.panels import Progress, in_progress_cases, progress_for
from casebook.decisions.track_record import track_record
from casebook.extensions import db
from tests.factories import commit, make_case, make_user
from tests.web.decisions_support import decision_of, ref, sign_in


def _reflect(commitment, recalled=None, rating=3, at=None):
    reflection = Reflection(commitment_id=commitment.id, hindsight_rating=rating,
                            would_change="unsure", note_source="", note_html="",
                            renderer_version=1, recalled_probability=recalled)
    if at:
        reflection.created_at = at
    db.session.add(reflection)
    db.session.commit()
    return reflection


@pytest.fixture
def record_user(app, rollback):
    """Three decisions unlocked, one case unfinished; actual choice is always B."""
    with app.app_context():
        strategy = make_case("strategy-case", decisions=2, level="executive",
                             competencies=("strategic-direction", "risk-assessment"))
        people = make_case("people-case", decisions=2, level="new-manager",
                           competencies=("developing-leaders",))
        user = make_user()
        c1 = commit(user, decision_of(strategy.id, 1), "B", 80, forecast_label="B", forecast_probability=70)
        c2 = commit(user, decision_of(strategy.id, 2), "A", 60, forecast_label="A", forecast_probability=40)
        commit(user, decision_of(people.id, 1), "B", 95)
        _reflect(c1, recalled=80, at=datetime(2026, 10, 5, tzinfo=timezone.utc))
        _reflect(c2, recalled=30, at=datetime(2026, 11, 7, tzinfo=timezone.utc))
        return ref(user)


def test_track_record_figures_by_hand(app, record_user):
    with app.app_context():
        from casebook.accounts.models import User

        record = track_record(db.session.get(User, record_user.id))
    assert [e.matched for e in record.entries] == [True, False, True]  # newest first: c3, c2, c1
    overall = record.overall
    assert (overall.committed, overall.revealed, overall.matched) == (3, 3, 2)
    assert overall.mean_confidence == pytest.approx((80 + 60 + 95) / 3)
    # c1: forecast B 70 %, B happened: (0.7-1)^2 = 0.09; c2: forecast A 40 %, did not: 0.16
    assert overall.scored_forecasts == 2
    assert overall.mean_brier == pytest.approx((0.09 + 0.16) / 2)
    by_competency = {t.name: t for t in record.by_competency}
    assert set(by_competency) == {"strategic-direction", "risk-assessment", "developing-leaders"}
    assert (by_competency["risk-assessment"].committed, by_competency["risk-assessment"].matched) == (2, 1)
    assert by_competency["developing-leaders"].match_rate == 1
    by_level = {t.name: t.committed for t in record.by_level}
    assert by_level == {"executive": 2, "new-manager": 1}
    bins = {b.label: (b.count, b.hits) for b in record.calibration}
    assert bins == {"50-59 %": (0, 0), "60-69 %": (1, 0), "70-79 %": (0, 0),
                    "80-89 %": (1, 1), "90-100 %": (1, 1)}
    # Gaps: c1 B happened, 70 -> 80 = +10; c2 A did not happen, 40 -> 30 = +10.
    assert [(p.month, p.count, p.mean_gap) for p in record.hindsight] == [("2026-10", 1, 10), ("2026-11", 1, 10)]
    assert record.hindsight_mean == 10


def test_the_page_shows_the_record_and_what_it_means(app, record_user):
    client = app.test_client()
    sign_in(client, record_user)
    html = client.get("/me/decisions").get_data(as_text=True)
    assert "My decisions" in html
    assert "What these figures mean, and what they do not" in html
    assert "does not say you were right" in html
    assert html.count("<tr>") >= 3
    assert "0.09" in html and "0.16" in html and "0.12" in html  # two scores and their mean
    assert '<svg class="chart" role="img" aria-labelledby="calibration-chart-title calibration-chart-desc"' in html
    assert "Calibration figures" in html and "+10.0" in html
    assert "Continue where you left off" in html and "people-case#decision-d2" in html
    assert ' style="' not in html


def test_the_record_is_private(app, record_user):
    anonymous = app.test_client()
    response = anonymous.get("/me/decisions")
    assert response.status_code in (302, 401)
    with app.app_context():
        stranger = ref(make_user())
    client = app.test_client()
    sign_in(client, stranger)
    html = client.get("/me/decisions").get_data(as_text=True)
    assert "You have not committed a choice yet" in html
    assert "strategy-case" not in html


def test_forecast_probability_stays_sealed_until_the_hindsight_check(app, rollback):
    with app.app_context():
        case = make_case("sealed-case", decisions=1)
        user = make_user()
        commit(user, decision_of(case.id, 1), "A", 70, forecast_label="C", forecast_probability=37)
        user = ref(user)
    client = app.test_client()
    sign_in(client, user)
    html = client.get("/me/decisions").get_data(as_text=True)
    assert '<strong class="option-letter">C</strong>, sealed' in html and "37 %" not in html


def test_sharing_is_off_by_default_and_can_be_turned_on(app, record_user):
    client = app.test_client()
    sign_in(client, record_user)
    html = client.get("/me/decisions").get_data(as_text=True)
    assert 'name="share_with_cohorts" value="yes" >' in html
    assert client.post("/me/decisions/sharing", data={"share_with_cohorts": "yes"}).status_code == 303
    with app.app_context():
        assert db.session.get(TrackRecordSharing, record_user.id).share_with_cohorts is True
    client.post("/me/decisions/sharing", data={})
    with app.app_context():
        assert db.session.get(TrackRecordSharing, record_user.id).share_with_cohorts is False


def test_progress_for_is_one_query_and_counts_by_case(app, rollback):
    with app.app_context():
        cases = [make_case(decisions=n) for n in (1, 2, 3)]
        user = make_user()
        commit(user, decision_of(cases[1].id, 1))
        commit(user, decision_of(cases[2].id, 1))
        commit(user, decision_of(cases[2].id, 2))
        ids = [c.id for c in cases]
        _ = user.id  # loaded now (commits expire attributes), so only progress_for is counted
        statements = []

        def remember(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", remember)
        try:
            progress = progress_for(user, ids)
        finally:
            event.remove(db.engine, "before_cursor_execute", remember)
        assert len(statements) == 1, statements
        assert progress == {ids[0]: Progress(0, 1), ids[1]: Progress(1, 2), ids[2]: Progress(2, 3)}


def test_continue_lists_unfinished_cases_most_recent_first(app, rollback):
    with app.app_context():
        done = make_case("done-case", decisions=1)
        older = make_case("older-case", decisions=2)
        newer = make_case("newer-case", decisions=3)
        user = make_user()
        commit(user, decision_of(done.id, 1))
        commit(user, decision_of(older.id, 1))
        commit(user, decision_of(newer.id, 1))
        commit(user, decision_of(newer.id, 2))
        items = in_progress_cases(user)
        assert [(i.slug, i.committed, i.total, i.next_key) for i in items] == [
            ("newer-case", 2, 3, "d3"), ("older-case", 1, 2, "d2")]


def test_library_progress_is_one_query_for_the_whole_page(app, rollback):
    with app.app_context():
        cases = [make_case(decisions=2) for _ in range(5)]
        user = make_user()
        for case in cases:
            commit(user, decision_of(case.id, 1))
        user = ref(user)
        engine = db.engine
    client = app.test_client()
    sign_in(client, user)
    statements = []

    def remember(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", remember)
    try:
        html = client.get("/").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert html.count("1 of 2 committed") == 5
    # progress_for's one statement for the five cards (the continue list has its own two).
    progress = [s for s in statements if "LEFT OUTER JOIN commitments" in s]
    assert len(progress) == 1


def test_the_library_offers_to_continue_an_unfinished_case(app, rollback):
    with app.app_context():
        case = make_case("half-done", decisions=2, title="Half Done")
        user = make_user()
        commit(user, decision_of(case.id, 1))
        user = ref(user)
    anonymous = app.test_client().get("/").get_data(as_text=True)
    assert "Continue where you left off" not in anonymous
    client = app.test_client()
    sign_in(client, user)
    html = client.get("/").get_data(as_text=True)
    assert "Continue where you left off" in html
    assert 'href="/cases/half-done#decision-d2">Half Done</a>' in html


def test_each_row_is_compact_with_the_options_in_full_on_demand(app, rollback):
    long_text = "Partner deeply with Microsoft and make Windows Phone the main smartphone platform."
    with app.app_context():
        case = make_case("long-options", decisions=1)
        decision = decision_of(case.id, 1)
        for option in decision.options:
            option.html = f"{long_text} ({option.label})"
        db.session.commit()
        user = make_user()
        commit(user, decision, "C", 80)
        user = ref(user)
    client = app.test_client()
    sign_in(client, user)
    html = client.get("/me/decisions").get_data(as_text=True)
    row = html[html.index('<li class="record-row">'):html.index("</li>\n    \n  </ol>")]
    short = row[:row.index("<details")]
    assert '<strong class="option-letter">C</strong> <span class="option-short">Partner deeply with Microsoft and make Windows Phone…</span>' in short
    assert long_text not in short  # the full text is on demand only
    details = row[row.index("<details"):]
    assert "<summary>The options in full</summary>" in details
    assert all(f"{long_text} ({label})" in details for label in "ABC")
    assert "80 % sure" in short and "The same as yours" not in short and "Different from yours" in short


def test_the_calibration_chart_has_a_legend_and_a_text_alternative(app, record_user):
    client = app.test_client()
    sign_in(client, record_user)
    html = client.get("/me/decisions").get_data(as_text=True)
    assert "your average stated confidence</li>" in html
    assert "how often your option was the real choice</li>" in html
    # c1 80 % (B, the real choice), c2 60 % (A), c3 95 % (B).
    assert ('<desc id="calibration-chart-desc">60-69 %: 1 commitment, 60 % stated on average, the real '
            'choice 0 of 1 times (0 %); 80-89 %: 1 commitment, 80 % stated on average, the real choice '
            '1 of 1 times (100 %); 90-100 %: 1 commitment, 95 % stated on average, the real choice 1 of 1 '
            'times (100 %); no commitments in 50-59 %, 70-79 %.</desc>') in html
