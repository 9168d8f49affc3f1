"""Threads as a reader sees them: nesting, "continue this thread", permalinks landing on
the right page with the post highlighted, pagination, sorting and the stance filter."""

import re

import pytest

from casebook.debates.services import toggle_insightful
from casebook.extensions import db
from tests.web.debates_support import (
    add_post,
    debate_path,
    decision_of,
    leader_who_committed,
    make_case,
    sign_in,
    spaced_times,
)


def _post_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<article class="post[^"]*" id="post-(\d+)"', html)]


def _top_level_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<article class="post depth-0[^"]*" id="post-(\d+)"', html)]


@pytest.fixture
def reader(app, rollback, client):
    """A committed reader, signed in, on case "threads"; returns (decision, reader, author)."""
    with app.app_context():
        case = make_case("threads", decisions=1)
        decision = decision_of(case)
        author = leader_who_committed(case, label="B", confidence=80, display_name="Ada Author")
        user = leader_who_committed(case, display_name="Rita Reader")
        sign_in(client, user)
        return decision, user, author


def test_replies_nest_five_levels_then_continue_on_their_own_page(app, client, reader):
    decision, _, author = reader
    with app.app_context():
        decision = db.session.merge(decision)
        author = db.session.merge(author)
        chain = [add_post(decision, author, "Level 0 post")]
        for level in range(1, 9):
            chain.append(add_post(decision, author, f"Level {level} reply", parent=chain[-1]))
        ids = [p.id for p in chain]
    html = client.get(debate_path("threads")).get_data(as_text=True)
    for level in range(0, 6):
        assert f"Level {level} " in html
        assert f'class="post depth-{level}" id="post-{ids[level]}"' in html
    assert "Level 6 reply" not in html
    assert f'href="/debates/posts/{ids[5]}/thread">Continue this thread' in html

    continued = client.get(f"/debates/posts/{ids[5]}/thread").get_data(as_text=True)
    assert _post_ids(continued) == ids[5:]  # levels 5 to 8, nested afresh
    assert "Level 4 reply" not in continued


def test_permalink_to_a_deep_reply_lands_on_its_continue_page_highlighted(app, client, reader):
    decision, _, author = reader
    with app.app_context():
        decision, author = db.session.merge(decision), db.session.merge(author)
        chain = [add_post(decision, author, "Root")]
        for level in range(1, 13):
            chain.append(add_post(decision, author, f"Deep {level}", parent=chain[-1]))
        ids = [p.id for p in chain]
    response = client.get(f"/debates/posts/{ids[7]}")
    assert response.status_code == 302
    assert (
        response.headers["Location"]
        == f"/debates/posts/{ids[5]}/thread?highlight={ids[7]}#post-{ids[7]}"
    )
    page = client.get(response.headers["Location"].split("#")[0]).get_data(as_text=True)
    assert f'class="post depth-2 highlight" id="post-{ids[7]}"' in page
    # Twelve levels down continues from level 10.
    assert (
        client.get(f"/debates/posts/{ids[12]}")
        .headers["Location"]
        .startswith(f"/debates/posts/{ids[10]}/thread?highlight={ids[12]}")
    )
    # Shallow replies land on the debate page itself.
    assert client.get(f"/debates/posts/{ids[3]}").headers["Location"] == (
        f"/cases/threads/decisions/d1/debate?page=1&highlight={ids[3]}#post-{ids[3]}"
    )


def test_permalink_of_a_reply_lands_on_the_page_of_its_thread(app, client, reader):
    decision, _, author = reader
    with app.app_context():
        decision, author = db.session.merge(decision), db.session.merge(author)
        roots = [
            add_post(decision, author, f"Thread {i}", at=t) for i, t in enumerate(spaced_times(25))
        ]
        target = add_post(decision, author, "The reply I link to", parent=roots[22])
        target_id = target.id
    location = client.get(f"/debates/posts/{target_id}").headers["Location"]
    assert (
        location
        == f"/cases/threads/decisions/d1/debate?page=2&highlight={target_id}#post-{target_id}"
    )
    html = client.get(location.split("#")[0]).get_data(as_text=True)
    assert re.search(rf'<article class="post depth-1 highlight" id="post-{target_id}"', html)
    assert "The reply I link to" in html
    assert html.count(' highlight"') == 1


def test_pagination_shows_twenty_threads_a_page(app, client, reader):
    decision, _, author = reader
    with app.app_context():
        decision, author = db.session.merge(decision), db.session.merge(author)
        ids = [
            add_post(decision, author, f"Thread {i}", at=t).id
            for i, t in enumerate(spaced_times(25))
        ]
    first = client.get(debate_path("threads")).get_data(as_text=True)
    second = client.get(debate_path("threads") + "?page=2").get_data(as_text=True)
    assert _top_level_ids(first) == ids[:20]
    assert _top_level_ids(second) == ids[20:]
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert client.get(debate_path("threads") + "?page=3").status_code == 404
    for bad in ("?page=0", "?page=x", "?page=-1", "?sort=random", "?stance=Z", "?highlight=abc"):
        assert client.get(debate_path("threads") + bad).status_code == 400, bad


def test_sorting_oldest_newest_and_most_insightful(app, client, reader):
    decision, _, author = reader
    with app.app_context():
        decision, author = db.session.merge(decision), db.session.merge(author)
        ids = [
            add_post(decision, author, f"Thread {i}", at=t).id
            for i, t in enumerate(spaced_times(4))
        ]
        others = [leader_who_committed(decision.case) for _ in range(2)]
        from casebook.debates.models import Post

        for voter in others:
            toggle_insightful(db.session.get(Post, ids[2]), voter)
        toggle_insightful(db.session.get(Post, ids[1]), others[0])
        db.session.commit()
    oldest = _top_level_ids(
        client.get(debate_path("threads") + "?sort=oldest").get_data(as_text=True)
    )
    newest = _top_level_ids(
        client.get(debate_path("threads") + "?sort=newest").get_data(as_text=True)
    )
    best = _top_level_ids(
        client.get(debate_path("threads") + "?sort=insightful").get_data(as_text=True)
    )
    assert oldest == ids
    assert newest == ids[::-1]
    assert best == [ids[2], ids[1], ids[0], ids[3]]


def test_stance_filter_and_counts_per_option(app, client, reader):
    decision, _, author = reader
    with app.app_context():
        decision, author = db.session.merge(decision), db.session.merge(author)
        stances = ["A", "B", "B", "question", "B", "C"]
        ids = [
            add_post(decision, author, f"Stance {s} {i}", stance=s, at=t).id
            for i, (s, t) in enumerate(zip(stances, spaced_times(6)))
        ]
    html = client.get(debate_path("threads")).get_data(as_text=True)
    # Each option with its own words, not just its label.
    assert '<span class="option-label">A</span> Option A of decision 1</a>: 1 post<' in html
    assert ('<span class="option-label">B</span> Option B of decision 1</a>'
            ' <span class="badge">what happened</span>: 3 posts<') in html
    assert '<span class="option-label">C</span> Option C of decision 1</a>: 1 post<' in html
    assert '<option value="B">Argues for B: Option B of decision 1</option>' in html
    assert ">Questions</a>: 1<" in html
    only_b = client.get(debate_path("threads") + "?stance=B").get_data(as_text=True)
    assert _top_level_ids(only_b) == [ids[1], ids[2], ids[4]]
    questions = client.get(debate_path("threads") + "?stance=question").get_data(as_text=True)
    assert _top_level_ids(questions) == [ids[3]]
    assert "Argues for B “Option B of decision 1”</span>" in only_b
    assert "Argues for A" not in only_b.split('id="threads-title"')[1]


def test_author_commitment_is_shown_next_to_their_name(app, client, reader):
    decision, _, author = reader
    with app.app_context():
        add_post(db.session.merge(decision), db.session.merge(author), "My case for B", stance="B")
    html = client.get(debate_path("threads")).get_data(as_text=True)
    assert re.search(r'Ada Author</span>\s*<span class="badge"[^>]*>'
                     r'chose B “Option B of decision 1”, 80 %</span>', html)
    assert "The organization chose option B: Option B of decision 1" in html
    form = html.split('id="new-post-title"')[1]
    for label in "ABC":
        assert (f'value="{label}"> <span class="option-label">{label}</span>'
                f' Option {label} of decision 1</label>') in form


def test_new_post_and_reply_through_the_forms_redirect_to_their_permalink(app, client, reader):
    response = client.post(
        debate_path("threads"), data={"stance": "A", "body": "Plain *form* post"}
    )
    assert response.status_code == 302
    post_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Plain <em>form</em> post" in page and f'id="post-{post_id}"' in page
    reply = client.post(f"/debates/posts/{post_id}/reply", data={"body": "A reply"})
    assert reply.status_code == 302
    page = client.get(reply.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert re.search(r'class="post depth-1 highlight" id="post-\d+"', page) and "A reply" in page


def test_a_top_level_post_needs_a_known_stance(app, client, reader):
    for stance in ("", "Z", "question2"):
        response = client.post(debate_path("threads"), data={"stance": stance, "body": "No stance"})
        assert response.status_code == 422
    assert "No stance" not in client.get(debate_path("threads")).get_data(as_text=True)
