"""The data download holds no case text the member's own pages would not show them.

Every piece of text of the test case carries a sentinel. A leader commits on the first
of three decisions, writes in its debate and reflects; their download must hold their
own words and the first decision's question, and nothing of the decisions they did not
commit on (question, prompt, options, outcome), nor any outcome, hindsight, debate
prompt or later section of any decision.
"""
from __future__ import annotations

import json

from sqlalchemy import select

from casebook.accounts.models import User
from casebook.cases.models import Decision
from casebook.debates.services import record_revised_view
from casebook.extensions import db
from tests.factories import commit, make_case, make_user, sign_in
from tests.web.debates_support import add_post
from tests.web.decisions_support import move_clock, post_commit, post_reflection, ref

MARK = "EXPORT-SECRET"


def _sentinel_case(slug: str):
    """Three decisions; every question, prompt and option names its decision."""
    case = make_case(slug, decisions=3, sentinel=MARK)
    for decision in db.session.scalars(select(Decision).where(Decision.case_id == case.id)):
        n = decision.number
        decision.question = f"QUESTION-{MARK}-{n}?"
        decision.prompt_html = f"<p>PROMPT-{MARK}-{n}</p>"
        for option in decision.options:
            option.html = f"OPTION-{MARK}-{n}-{option.label}"
    db.session.commit()
    return case


def _decision(case, number: int) -> Decision:
    case_id = getattr(case, "id", case)
    return db.session.scalar(
        select(Decision).where(Decision.case_id == case_id, Decision.number == number))


def _hidden_text(number: int) -> list[str]:
    return [f"QUESTION-{MARK}-{number}", f"PROMPT-{MARK}-{number}", f"OPTION-{MARK}-{number}",
            f"OUTCOME-{MARK}-{number}", f"HINDSIGHT-{MARK}-{number}"]


def _no_case_text_but(download: str, shown: list[str]) -> None:
    """Every sentinel outside `shown` is absent; each of `shown` is there."""
    for text in shown:
        assert text in download
    hidden = [*_hidden_text(2), *_hidden_text(3), f"OUTCOME-{MARK}-1", f"HINDSIGHT-{MARK}-1",
              f"PROMPT-{MARK}-1", f"OPTION-{MARK}-1", "DEBATE-", "AFTER-", "Background of"]
    for text in hidden:
        assert text not in download, text


def test_a_leaders_download_holds_no_hidden_text_of_a_case(app, client, rollback, monkeypatch):
    with app.app_context():
        case = _sentinel_case("export-secret")
        leader = make_user()
        other = make_user()
        commit(other, _decision(case, 2), "C", rationale="OTHER-LEADER-WORDS")
        leader_ref, case_id = ref(leader), case.id
    sign_in(client, leader_ref)
    assert post_commit(client, "export-secret", option="A", rationale="MY-OWN-WORDS",
                       forecast_label="B", forecast_probability="60").status_code == 303
    move_clock(monkeypatch)  # the hindsight check opens a day after committing
    assert post_reflection(client, "export-secret", recalled_probability="40",
                           note="MY-OWN-NOTE").status_code == 303
    with app.app_context():
        first = _decision(case_id, 1)
        user = db.session.get(User, leader_ref.id)
        add_post(first, user, "MY-OWN-POST", stance="A")
        record_revised_view(user, first.id, "B", 60, labels=["A", "B", "C"])
        db.session.commit()

    download = client.get("/account/export")
    assert download.status_code == 200
    _no_case_text_but(download.get_data(as_text=True),
                      ["MY-OWN-WORDS", "MY-OWN-NOTE", "MY-OWN-POST", f"QUESTION-{MARK}-1"])
    assert "OTHER-LEADER-WORDS" not in download.get_data(as_text=True)
    data = download.get_json()
    [entry] = data["decisions"]["commitments"]
    assert (entry["case"], entry["decision"]) == ("export-secret", "d1")
    assert [(p["case"], p["decision"]) for p in data["debates"]["posts"]] == [
        ("export-secret", "d1")]


def test_a_decision_hidden_again_keeps_the_leaders_words_but_not_its_text(
    app, client, rollback, provide
):
    """A held reveal (cohorts) hides the later decision's prompt from the leader again:
    the download keeps what they wrote on it, and says nothing of the decision itself."""
    with app.app_context():
        case = _sentinel_case("export-held")
        leader = make_user()
        first, second = _decision(case, 1), _decision(case, 2)
        commit(leader, first, "A")
        commit(leader, second, "B", rationale="MY-WORDS-ON-TWO", forecast_label="A",
               forecast_probability=61)
        add_post(second, leader, "MY-POST-ON-TWO", stance="B")
        leader_ref, held = ref(leader), first.id
    sign_in(client, leader_ref)

    @provide("reader.holds")
    def _hold_the_first_reveal(user, case_ids, **_):
        from casebook.panels import Panel

        return Panel(None, {held})

    download = client.get("/account/export")
    text = download.get_data(as_text=True)
    _no_case_text_but(text, ["MY-WORDS-ON-TWO", "MY-POST-ON-TWO", f"QUESTION-{MARK}-1"])
    first_entry, second_entry = download.get_json()["decisions"]["commitments"]
    assert (first_entry["decision"], second_entry["decision"]) == ("d1", None)
    assert second_entry["question"] is None and second_entry["rationale"] == "MY-WORDS-ON-TWO"
    assert second_entry["forecast_probability_percent"] is None
    assert second_entry["forecast_probability_sealed"] is True
    # The sealed forecast is in no field (timestamps aside: their digits may hold "61").
    untimed = {key: value for key, value in second_entry.items() if not key.endswith("_at")}
    assert "61" not in json.dumps(untimed)
    [post] = download.get_json()["debates"]["posts"]
    assert (post["case"], post["decision"], post["text"]) == ("export-held", None, "MY-POST-ON-TWO")
