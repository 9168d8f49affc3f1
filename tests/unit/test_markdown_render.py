"""Ordinary Markdown renders as authors expect, through the allowlist."""
from __future__ import annotations

import casebook
from casebook import markdown as md
from casebook.markdown import html_to_text, render_inline, render_markdown, sanitize_html


def test_renderer_version_has_one_source():
    assert isinstance(md.RENDERER_VERSION, int)
    assert casebook.RENDERER_VERSION is md.RENDERER_VERSION


def test_paragraphs_emphasis_and_code():
    html = render_markdown("Some *em*, **strong**, `code` and ~~kept~~.\n\nSecond.")
    assert html == (
        "<p>Some <em>em</em>, <strong>strong</strong>, <code>code</code> and ~~kept~~.</p>\n"
        "<p>Second.</p>"
    )


def test_table():
    html = render_markdown("| Year | Share |\n|:-----|------:|\n| 2010 | 33% |")
    assert "<table>" in html and "<th>Year</th>" in html and "<td>33%</td>" in html
    assert "style" not in html  # alignment is dropped with the style attribute


def test_fenced_code_keeps_markup_as_text():
    html = render_markdown("```python\n## not a heading\nx = '<b>'\n```")
    assert html.startswith("<pre><code>")
    assert "## not a heading" in html and "&lt;b&gt;" in html
    assert "class=" not in html


def test_definition_list():
    assert render_markdown("MeeGo\n: Nokia's own platform") == (
        "<dl>\n<dt>MeeGo</dt>\n<dd>Nokia's own platform</dd>\n</dl>"
    )


def test_footnotes_read_as_plain_numbers_and_a_list_of_notes():
    html = render_markdown("Sales fell.[^1]\n\n[^1]: Annual report, 2011.")
    assert "<p>Sales fell.<sup>1</sup></p>" in html
    assert "<hr>" in html and "<li>" in html and "Annual report, 2011." in html
    assert "id=" not in html and "class=" not in html and "\u21a9" not in html


def test_lists_and_quotes():
    html = render_markdown("- one\n- two\n\n3. three\n4. four\n\n> quoted")
    assert "<ul>\n<li>one</li>" in html
    assert '<ol start="3">' in html
    assert "<blockquote>" in html


def test_top_level_headings_become_level_three():
    html = render_markdown("# One\n\n## Two\n\n### Three\n\n#### Four")
    assert html == "<h3>One</h3>\n<h3>Two</h3>\n<h3>Three</h3>\n<h4>Four</h4>"


def test_images_become_links_to_the_image():
    html = render_markdown("![The Espoo office](https://img.example/espoo.jpg)")
    assert html == (
        '<p><a href="https://img.example/espoo.jpg" rel="nofollow noopener">'
        "The Espoo office</a></p>"
    )


def test_link_with_title_gets_rel():
    html = render_markdown('[report](https://x.example/r "Annual report")')
    assert html == (
        '<p><a href="https://x.example/r" title="Annual report" rel="nofollow noopener">'
        "report</a></p>"
    )


def test_raw_html_is_stripped_but_text_kept():
    assert render_markdown("<div>Kept <b>bold</b> <u>text</u></div>") == "Kept <b>bold</b> text"


def test_comment_disappears():
    html = render_markdown("Before\n\n<!-- note to self -->\n\nAfter")
    assert "note" not in html and "<!--" not in html
    assert html.split() == ["<p>Before</p>", "<p>After</p>"]


def test_render_inline_has_no_paragraph():
    assert render_inline("Partner with **Microsoft**") == "Partner with <strong>Microsoft</strong>"


def test_render_inline_keeps_paragraphs_when_there_are_several():
    assert render_inline("one\n\ntwo") == "<p>one</p>\n<p>two</p>"


def test_empty_input():
    assert render_markdown("") == ""
    assert render_inline("   ") == ""


def test_sanitize_html_alone():
    assert sanitize_html('<p onclick="x">a<script>b</script></p>') == "<p>ab</p>"


def test_sanitize_html_in_chunks_matches_whole_document():
    """Long documents are sanitized in pieces; the pieces join into the same HTML."""
    source = "\n\n".join(f"Paragraph {i} with [a link](http://x.example/{i})." for i in range(600))
    html = render_markdown(source)
    assert html.count("<p>") == 600 and html.count("</p>") == 600
    assert html.count('rel="nofollow noopener"') == 600


def test_long_list_stays_one_list():
    html = render_markdown("\n".join(f"- item {i}" for i in range(150)))
    assert html.count("<ul>") == 1 and html.count("<li>") == 150


def test_html_to_text():
    html = render_markdown("# Title\n\nSome *text* &amp; more.\n\n- a\n- b\n\n| x | y |\n|-|-|\n| 1 | 2 |")
    assert html_to_text(html) == "Title Some text & more. a b x y 1 2"


def test_html_to_text_of_nothing():
    assert html_to_text("") == ""
