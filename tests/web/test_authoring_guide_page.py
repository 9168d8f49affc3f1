"""The author guide on the site is docs/authoring.md, and the template it offers passes
the checker; the submit page points to both."""
from __future__ import annotations

import re

from casebook.authoring.guide import GUIDE, TEMPLATE, guide_html
from casebook.cases.parser import parse_case
from tests.factories import make_user, sign_in


def test_the_guide_page_is_the_repositorys_guide(app, client):
    html = client.get("/authoring/guide").get_data(as_text=True)
    source = GUIDE.read_text(encoding="utf-8")
    assert "<h1>" + source.splitlines()[0].removeprefix("# ") + "</h1>" in html
    # Every section of the file is a heading on the page, one level under the title.
    outside_code = re.sub(r"^```.*?^```", "", source, flags=re.M | re.S)
    sections = re.findall(r"^## (.+)$", outside_code, re.M)
    assert len(sections) >= 8
    for section in sections:
        assert f"<h3>{section}</h3>" in html.replace("&#39;", "'"), section
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_headings_inside_code_blocks_stay_text():
    title, body = guide_html("# Guide\n\n## Part\n\n```\n## Decision: In a block {#d1}\n```\n")
    assert title == "Guide"
    assert "<h3>Part</h3>" in body
    assert "## Decision: In a block {#d1}" in body and "<h3>Decision" not in body


def test_the_template_downloads_as_a_case_file_that_passes_the_checker(app, client):
    response = client.get("/authoring/template.md")
    assert response.headers["Content-Type"] == "text/markdown; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="case-template.md"'
    text = response.get_data(as_text=True)
    assert text == TEMPLATE.read_text(encoding="utf-8")
    parsed = parse_case(text, "case-template.md", app.config["COMPETENCIES"])
    assert parsed.problems == []


def test_the_submit_page_points_to_the_guide_and_the_template(app, client):
    with app.app_context():
        sign_in(client, make_user("author"))
    html = client.get("/authoring/new").get_data(as_text=True)
    assert 'href="/authoring/guide"' in html and 'href="/authoring/template.md" download' in html
