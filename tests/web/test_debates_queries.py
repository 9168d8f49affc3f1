"""The debate page costs a fixed number of SQL queries, whatever the size of the debate."""

import pytest

from casebook.debates.models import Post
from casebook.debates.services import record_revised_view, toggle_insightful
from casebook.extensions import db
from tests.web.debates_support import (
    bulk_posts,
    count_queries,
    debate_path,
    decision_of,
    leader_who_committed,
    make_case,
    make_user,
    sign_in,
)


def _debate_of_size(app, client, slug: str, posts: int, viewer_roles=()):
    with app.app_context():
        case = make_case(slug, decisions=1)
        decision = decision_of(case)
        authors = [leader_who_committed(case, label="ABC"[i % 3]) for i in range(6)]
        viewer = make_user(*viewer_roles) if viewer_roles else leader_who_committed(case)
        ids = bulk_posts(decision, authors, posts)
        # Something of everything the page annotates: reactions, a mind change citing a post.
        for post_id in ids[:3]:
            toggle_insightful(db.session.get(Post, post_id), viewer)
        record_revised_view(
            authors[0],
            decision.id,
            "C",
            60,
            labels=["A", "B", "C"],
            cited_post=db.session.get(Post, ids[1]),
        )
        db.session.commit()
        sign_in(client, viewer)


def _queries_for(app, client, path):
    client.get(path)  # warm-up: first-request work is not what is measured
    with count_queries(app) as statements:
        response = client.get(path)
    assert response.status_code == 200
    return statements


@pytest.mark.parametrize(
    "path_suffix", ["", "?sort=insightful", "?sort=newest&stance=A", "?page=2"]
)
def test_query_count_is_the_same_for_10_and_500_posts(app, client, rollback, path_suffix):
    _debate_of_size(app, client, "small-debate", 110 if path_suffix == "?page=2" else 10)
    small = _queries_for(app, client, debate_path("small-debate") + path_suffix)
    _debate_of_size(app, client, "large-debate", 500)
    large = _queries_for(app, client, debate_path("large-debate") + path_suffix)
    assert len(small) == len(large), "\n".join(large)
    assert len(large) <= 25, "\n".join(large)


def test_query_count_is_constant_for_moderators_too(app, client, rollback):
    _debate_of_size(app, client, "small-mod", 10, viewer_roles=("editor",))
    small = _queries_for(app, client, debate_path("small-mod"))
    _debate_of_size(app, client, "large-mod", 500, viewer_roles=("editor",))
    large = _queries_for(app, client, debate_path("large-mod"))
    assert len(small) == len(large)


def test_continue_thread_page_query_count_does_not_grow(app, client, rollback):
    _debate_of_size(app, client, "deep-small", 10)
    with app.app_context():
        small_root = db.session.scalar(db.select(Post.id).where(Post.body_source == "Post 5"))
    small = _queries_for(app, client, f"/debates/posts/{small_root}/thread")
    _debate_of_size(app, client, "deep-large", 500)
    with app.app_context():
        large_root = db.session.scalar(
            db.select(Post.id)
            .join(Post.debate)
            .where(Post.body_source == "Post 5")
            .order_by(Post.id.desc())
        )
    large = _queries_for(app, client, f"/debates/posts/{large_root}/thread")
    assert len(small) == len(large)
