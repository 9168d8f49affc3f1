"""The reveal: outcome, hindsight, the real choice marked, the sealed commitment, the
distribution of all leaders' choices (by level when groups are large enough), reflection."""
import re

import pytest
from sqlalchemy import event

from casebook.extensions import db
from tests.factories import commit, make_case, make_user
from tests.web.decisions_support import (
    count_reflections,
    decision_of,
    move_clock,
    post_commit,
    post_reflection,
    ref,
    sign_in,
)


def _crowd(case_id: int, choices: dict[str, str]) -> None:
    """Leaders of the given level committing the given options on decision 1: {"executive": "AAB"}."""
    d1 = decision_of(case_id, 1)
    for level, labels in choices.items():
        for label in labels:
            commit(make_user(level=None if level == "none" else level), d1, label)


@pytest.fixture
def crowd_case(app, rollback):
    with app.app_context():
        case = make_case("crowd-case", decisions=2)
        # 6 executives: A A A B B C; 5 senior managers: B B B B C; 2 new managers: A A
        _crowd(case.id, {"executive": "AAABBC", "senior-manager": "BBBBC", "new-manager": "AA"})
        return ref(make_user(level="executive")), case.id


def _table_rows(html: str, caption: str) -> list[list[str]]:
    table = html[html.index(f"<caption>{caption}"):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in rows]


def test_reveal_marks_the_real_choice_and_shows_outcome_hindsight_and_my_choice(app, crowd_case):
    user, _ = crowd_case
    client = app.test_client()
    sign_in(client, user)
    post_commit(client, "crowd-case", option="C", confidence="80")
    html = client.get("/cases/crowd-case").get_data(as_text=True)
    assert "What really happened" in html
    assert "The organization chose <strong>B</strong>" in html
    assert "OUTCOME-CROWD-CASE-1" in html and "HINDSIGHT-CROWD-CASE-1" in html
    assert re.search(r'class="option option-actual"[^>]*>\s*<span class="option-label">B<', html)
    assert "Your sealed choice" in html and "You chose <strong>C</strong>" in html
    assert "The organization chose differently." in html


def test_distribution_counts_and_percentages_by_hand(app, crowd_case):
    user, _ = crowd_case
    client = app.test_client()
    sign_in(client, user)
    post_commit(client, "crowd-case", option="C")
    html = client.get("/cases/crowd-case").get_data(as_text=True)
    # 14 leaders: A 5 (36 %), B 6 (43 %), C 3 (21 %) - including this leader's C.
    assert "What 14 leaders chose" in html
    rows = _table_rows(html, "All leaders")
    assert rows[1:] == [["A", "5", "36 %"], ["B (the real choice)", "6", "43 %"], ["C ★", "3", "21 %"]]
    assert '<svg class="chart" role="img"' in html and "<title id=" in html
    assert "36 % (5)" in html and "43 % (6)" in html and "21 % (3) ★" in html
    assert ' style="' not in html[html.index('class="distribution"'):]


def test_leaders_on_one_worker_each_see_their_own_choice_in_the_shared_parts(
        app, crowd_case, monkeypatch):
    """A revealed decision, its distribution and the reflection form are drawn once and
    shared by leaders who chose alike (decisions/case_page.py): each leader still sees
    their own star, their own sealed rationale and confidence, and the hindsight
    question about their own forecast."""
    _, case_id = crowd_case
    with app.app_context():
        leaders = [ref(make_user(level="executive")) for _ in range(3)]
    clients = []
    for n, (leader, (option, forecast)) in enumerate(
            zip(leaders, (("C", None), ("A", "B"), ("C", None)))):
        client = app.test_client()
        sign_in(client, leader)
        post_commit(client, "crowd-case", option=option, forecast_label=forecast,
                    forecast_probability="60" if forecast else None,
                    rationale=f"REASONS-OF-LEADER-{n}", confidence=str(60 + n))
        clients.append(client)
    move_clock(monkeypatch)  # past the day a forecast's hindsight check waits
    pages = [client.get("/cases/crowd-case").get_data(as_text=True) for client in clients]
    stars = [[row[0] for row in _table_rows(page, "All leaders")[1:] if "★" in row[0]]
             for page in pages]
    assert stars == [["C ★"], ["A ★"], ["C ★"]]
    asks = ["how likely did you think it was that the organization would choose B?" in page
            for page in pages]
    assert asks == [False, True, False]
    # The two who chose C share the drawing of the decision, never each other's choice.
    for n, page in enumerate(pages):
        assert [m for m in range(3) if f"REASONS-OF-LEADER-{m}" in page] == [n]
        assert f"<strong>{60 + n} %</strong> confidence" in page


def test_levels_with_five_or_more_show_smaller_are_combined_or_hidden(app, crowd_case):
    user, _ = crowd_case
    client = app.test_client()
    sign_in(client, user)
    post_commit(client, "crowd-case", option="C")
    html = client.get("/cases/crowd-case").get_data(as_text=True)
    rows = _table_rows(html, "By the leaders")
    # Executives: 7 (6 + this leader's C). Senior managers 5 and new managers 2:
    # the 2 alone would show by subtraction, so senior managers join them ("other", 7).
    assert rows[0] == ["Level", "Leaders", "A", "B", "C"]
    assert rows[1:] == [
        ["Executive", "7", "43 % (3)", "29 % (2)", "29 % (2)"],
        ["Other levels together", "7", "29 % (2)", "57 % (4)", "14 % (1)"],
    ]
    assert "New manager" not in html[html.index("By the leaders"):]


def test_small_level_groups_never_show(app, rollback):
    with app.app_context():
        case = make_case("tiny-case", decisions=1)
        _crowd(case.id, {"executive": "AB", "new-manager": "CC"})
        user = ref(make_user(level="executive"))
    client = app.test_client()
    sign_in(client, user)
    post_commit(client, "tiny-case", option="A")
    html = client.get("/cases/tiny-case").get_data(as_text=True)
    assert "What 5 leaders chose" in html
    assert "By the leaders" not in html
    assert "5 choices are counted only in the overall figures" in html


def test_no_distribution_before_committing(app, crowd_case):
    user, _ = crowd_case
    client = app.test_client()
    sign_in(client, user)
    html = client.get("/cases/crowd-case").get_data(as_text=True)
    assert "leaders chose" not in html and "<svg" not in html and "36 %" not in html


def test_the_tallies_are_read_once_per_commit_on_the_case(app, crowd_case):
    user, case_id = crowd_case
    client = app.test_client()
    sign_in(client, user)
    post_commit(client, "crowd-case", option="C")
    statements = []

    def remember(conn, cursor, statement, *args):
        statements.append(statement)

    def tally_reads_of_a_page_view(leaders: int) -> int:
        statements.clear()
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", remember)
        try:
            html = client.get("/cases/crowd-case").get_data(as_text=True)
        finally:
            event.remove(engine, "before_cursor_execute", remember)
        assert f"What {leaders} leaders chose" in html
        # Nobody counts commitment rows on a page view: the commits keep the tallies.
        assert not any(re.search(r"GROUP BY .*\bcommitments\.", s, re.S) for s in statements)
        # No statement reads commitment rows of other leaders one by one.
        assert not any("rationale_source" in s and "user_id" not in s for s in statements)
        return sum("FROM decision_tallies \nWHERE" in s for s in statements)

    assert tally_reads_of_a_page_view(14) == 1
    # Nobody committed since: the rows this worker read stand for the same tallies.
    assert tally_reads_of_a_page_view(14) == 0
    with app.app_context():
        commit(make_user(level="executive"), decision_of(case_id, 1), "A")
    assert tally_reads_of_a_page_view(15) == 1


def _sealed_card(html: str) -> str:
    card = html[html.index('class="card sealed-commitment"'):]
    return card[:card.index('class="distribution"')]


def test_reflection_asks_the_hindsight_check_before_showing_the_sealed_forecast(app, rollback, monkeypatch):
    with app.app_context():
        make_case("hindsight-case", decisions=1)
        user = ref(make_user())
    client = app.test_client()
    sign_in(client, user)
    post_commit(client, "hindsight-case", option="A", forecast_label="B", forecast_probability="35")
    move_clock(monkeypatch)  # the check opens a day after committing
    before = client.get("/cases/hindsight-case").get_data(as_text=True)
    assert "Hindsight check: when you committed, how likely did you think it was" in before
    assert "35 %" not in _sealed_card(before)  # the sealed figure stays sealed until the check is answered
    assert "said <strong>35 %" not in before
    assert "stays sealed until you answer the hindsight check" in _sealed_card(before)
    response = post_reflection(client, "hindsight-case", recalled_probability="60",
                               hindsight_rating="5", would_change="yes", note="*Hmm*")
    assert response.status_code == 303
    after = client.get("/cases/hindsight-case").get_data(as_text=True)
    assert "you recalled <strong>60 %</strong>" in after
    assert "your sealed forecast said <strong>35 %</strong>" in after
    # B happened; 35 -> 60 is 25 points toward what happened.
    assert "moved 25 points toward what really happened" in after
    # Brier: (0.35 - 1)^2 = 0.4225
    assert "Brier score <strong>0.42</strong>" in after
    assert "<em>Hmm</em>" in after and "Clearly right" in after
    assert "Save my reflection" not in after


def test_a_reflection_is_kept_beside_the_commitment_and_only_once(app, rollback):
    with app.app_context():
        make_case("once-case", decisions=1)
        user = ref(make_user())
    client = app.test_client()
    sign_in(client, user)
    post_commit(client, "once-case", option="A", rationale="ORIGINAL-RATIONALE")
    assert post_reflection(client, "once-case", note="FIRST-NOTE").status_code == 303
    again = post_reflection(client, "once-case", note="SECOND-NOTE", hindsight_rating="1")
    assert again.status_code == 303
    html = client.get("/cases/once-case").get_data(as_text=True)
    assert "You already added your reflection" in html
    assert "ORIGINAL-RATIONALE" in html and "FIRST-NOTE" in html and "SECOND-NOTE" not in html
    with app.app_context():
        assert count_reflections() == 1


def test_no_reflection_without_a_commitment_or_before_the_reveal(app, monkeypatch, rollback):
    from casebook.decisions import reading

    with app.app_context():
        case = make_case("early-case", decisions=1)
        user = ref(make_user())
        committed_user = make_user()
        commit(committed_user, decision_of(case.id, 1), "A")
        committed_user, decision_id = ref(committed_user), decision_of(case.id, 1).id
    client = app.test_client()
    sign_in(client, user)
    assert post_reflection(client, "early-case").status_code == 404
    monkeypatch.setattr(reading, "_held", lambda u, ids: frozenset({decision_id}))
    sign_in(client, committed_user)
    assert post_reflection(client, "early-case").status_code == 404
    with app.app_context():
        assert count_reflections() == 0


def test_progress_shows_on_the_case_page_and_library(app, rollback):
    with app.app_context():
        make_case("progress-case", decisions=2)
        make_case("untouched-case", decisions=3)
        user = ref(make_user())
    client = app.test_client()
    sign_in(client, user)
    post_commit(client, "progress-case")
    page = client.get("/cases/progress-case").get_data(as_text=True)
    assert "Your progress: 1 of 2 decisions committed" in page
    assert '<progress id="case-progress-progress-case" max="2" value="1">' in page
    library = client.get("/").get_data(as_text=True)
    assert library.count("1 of 2 committed") == 1
    assert "of 3 committed" not in library


def test_a_choice_counts_in_the_level_the_leader_had_when_committing(app, rollback):
    from casebook.decisions.distribution import distributions_for
    from casebook.decisions.models import Commitment

    with app.app_context():
        case = make_case("levels-at-commit", decisions=1)
        decision = decision_of(case.id)
        client = app.test_client()
        leader = make_user(level="new-manager")
        leader_ref = ref(leader)
        decision_id, case_id = decision.id, case.id
    sign_in(client, leader_ref)
    assert post_commit(client, "levels-at-commit", "d1", option="C").status_code == 303
    with app.app_context():
        db.session.get(type(leader), leader_ref.id).level = "executive"
        db.session.commit()
        stored = db.session.scalar(
            db.select(Commitment.leader_level).where(Commitment.user_id == leader_ref.id)
        )
        assert stored == "new-manager"
        # Executives join; the earlier choice is not moved into their group.
        for _ in range(5):
            commit(make_user(level="executive"), decision_id, "A")
        for _ in range(5):
            commit(make_user(level="new-manager"), decision_id, "B")
        dist = distributions_for([decision_of(case_id)])[decision_id]
        groups = {g.name: {s.label: s.count for s in g.shares} for g in dist.levels}
        assert groups == {
            "new-manager": {"A": 0, "B": 5, "C": 1},
            "executive": {"A": 5, "B": 0, "C": 0},
        }


def test_the_commit_form_says_which_level_the_choice_will_count_in(app, rollback):
    with app.app_context():
        make_case("level-hint", decisions=1)
        with_level = ref(make_user(level="senior-manager"))
        without = ref(make_user())
    client = app.test_client()
    sign_in(client, with_level)
    assert "among the senior managers' choices" in client.get("/cases/level-hint").get_data(as_text=True)
    other = app.test_client()
    sign_in(other, without)
    html = other.get("/cases/level-hint").get_data(as_text=True)
    assert "Set your level</a> first" in html and "/account/profile" in html


@pytest.mark.parametrize("others", [0, 3])
def test_below_five_leaders_the_reader_is_among_the_first(app, rollback, others):
    with app.app_context():
        case = make_case("quiet-case", decisions=1)
        for label in "ABC"[:others]:
            commit(make_user(), decision_of(case.id, 1), label)
        user = ref(make_user())
    client = app.test_client()
    sign_in(client, user)
    post_commit(client, "quiet-case", option="C")
    html = client.get("/cases/quiet-case").get_data(as_text=True)
    dist = html[html.index('class="distribution"'):html.index("</section>", html.index('class="distribution"'))]
    assert "You are among the first leaders to commit on this decision." in dist
    assert "once at least 5 have committed" in dist
    assert "<svg" not in dist and "<table" not in dist and "100 %" not in dist


def test_from_five_leaders_the_chart_and_table_show(app, rollback):
    with app.app_context():
        case = make_case("five-case", decisions=1)
        for label in "ABBB":
            commit(make_user(), decision_of(case.id, 1), label)
        user = ref(make_user())
    client = app.test_client()
    sign_in(client, user)
    post_commit(client, "five-case", option="C")
    html = client.get("/cases/five-case").get_data(as_text=True)
    assert "among the first leaders" not in html
    assert "What 5 leaders chose" in html and '<svg class="chart"' in html
    assert "<desc id=\"decision-d1-chart-desc\">A: 1 leader, 20 %; B (the real choice): 3 leaders, 60 %; " \
           "C (your choice): 1 leader, 20 %.</desc>" in html
    assert "the real choice</li>" in html and "your choice</li>" in html  # the legend
    rows = _table_rows(html, "All leaders")
    assert rows[1:] == [["A", "1", "20 %"], ["B (the real choice)", "3", "60 %"], ["C ★", "1", "20 %"]]


def test_a_previewer_of_a_quiet_case_is_not_told_they_are_among_the_first(app, rollback):
    with app.app_context():
        case = make_case("quiet-preview", decisions=1)
        commit(make_user(), decision_of(case.id, 1), "A")
        editor = ref(make_user("editor"))
    client = app.test_client()
    sign_in(client, editor)
    html = client.get("/cases/quiet-preview?preview=1").get_data(as_text=True)
    assert "Only a few leaders have committed on this decision so far." in html
    assert "among the first" not in html


def test_the_reveal_marks_options_with_labels(app, crowd_case):
    user, _ = crowd_case
    client = app.test_client()
    sign_in(client, user)
    post_commit(client, "crowd-case", option="B")
    html = client.get("/cases/crowd-case").get_data(as_text=True)
    item = re.search(r'<li class="option option-actual option-mine">(.*?)</li>', html, re.S).group(1)
    assert '<span class="badge badge-actual">The real choice</span>' in item
    assert '<span class="badge badge-mine">Your choice</span>' in item
    # The labels come before the option's own text, not glued to its last sentence.
    assert item.index("Your choice") < item.index("Option B of decision 1")
    assert "You chose <strong>B</strong> too." in html
