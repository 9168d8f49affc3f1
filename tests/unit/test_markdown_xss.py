"""Nothing executable survives render_markdown: a corpus of hostile Markdown and HTML."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from casebook.markdown import render_inline, render_markdown

FORBIDDEN_ELEMENTS = {
    "script", "iframe", "object", "embed", "style", "svg", "math", "img", "form", "input",
    "button", "textarea", "select", "link", "meta", "base", "frame", "frameset", "video",
    "audio", "source", "template", "details", "marquee", "applet", "div", "span", "font",
}
ALLOWED_ATTRIBUTES = {"href", "title", "rel", "start"}
SAFE_SCHEMES = ("http:", "https:", "mailto:")


class Inspector(HTMLParser):
    """Collects every element and attribute of the output, as a browser would see them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)
        for name, value in attrs:
            self.attributes.append((tag, name, value))

    handle_startendtag = handle_starttag


def inspect(html: str) -> Inspector:
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector


def assert_safe(html: str) -> None:
    found = inspect(html)
    assert not FORBIDDEN_ELEMENTS & set(found.elements), html
    for tag, name, value in found.attributes:
        assert not name.startswith("on"), html
        assert name in ALLOWED_ATTRIBUTES, (name, html)
        if name == "href":
            # What a browser does with the URL: drop ASCII whitespace/control characters,
            # then look at the scheme.
            url = "".join(ch for ch in (value or "") if ord(ch) > 0x20).lower()
            scheme = url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
            if ":" in scheme:
                assert url.startswith(SAFE_SCHEMES), html
        if name == "rel":
            assert value == "nofollow noopener"


PAYLOADS = [
    # links in every form, with every scheme trick
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](  javascript:alert(1))",
    "[x](jav&#x61;script:alert(1))",
    "[x](jav&#97;script:alert(1))",
    "[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](DATA:text/html,<script>alert(1)</script>)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x][r]\n\n[r]: <javascript:alert(1)>",
    "[r]\n\n[r]: vbscript:x",
    "<javascript:alert(1)>",
    "<vbscript:alert(1)>",
    "<data:text/html,x>",
    "[x](javascript:alert(1) \"title\")",
    '[x](http://ok.example "a\\" onmouseover=\\"alert(1)")',
    "![x](javascript:alert(1))",
    "![x\" onerror=\"alert(1)](http://x)",
    "[![img](http://x/a.png)](javascript:alert(1))",
    # raw HTML
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"javascript:alert(1)\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"//evil.example\">x</a>",
    "<a href=\"/\\evil.example\">x</a>",
    "<a href=\"http://ok.example\" onclick=\"alert(1)\" style=\"color:red\" id=\"x\" class=\"y\">x</a>",
    "<p style=\"background:url(javascript:alert(1))\">x</p>",
    "<style>body{background:red}</style>",
    "<div onmouseover=\"alert(1)\">block</div>\n\ntext",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<!-- <script>alert(1)</script> -->",
    "<!--><script>alert(1)</script>-->",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<a href=\"&#14;javascript:alert(1)\">x</a>",
    "`<script>` and <b onclick=alert(1)>bold</b>",
    "*<img src=x onerror=alert(1)>*",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    "Term\n: <img src=x onerror=alert(1)>",
    "Text[^1]\n\n[^1]: <svg onload=alert(1)>",
    "```\n</code></pre><script>alert(1)</script>\n```",
    "> <iframe src=//evil></iframe>",
    "- <a href=javascript:alert(1)>x</a>",
    # attr_list payloads: the extension is not enabled, and its attributes are not allowed
    "# Heading {: onclick=\"alert(1)\" }",
    "[x](http://ok.example){: onclick=\"alert(1)\" style=\"x\" id=\"y\" }",
    "paragraph\n{: onmouseover=\"alert(1)\" }",
    "```{ .x onclick=alert(1) }\ncode\n```",
    # nested markup tricks
    "<a href=\"http://ok.example\"><a href=\"javascript:alert(1)\">x</a></a>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<textarea><script>alert(1)</script></textarea>",
    "<table><td><script>alert(1)</script></td></table>",
    "[<img src=x onerror=alert(1)>](http://ok.example)",
]


def test_the_corpus_is_large():
    assert len(PAYLOADS) >= 60


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_renders_to_nothing_executable(payload):
    assert_safe(render_markdown(payload))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_inline_renders_to_nothing_executable(payload):
    assert_safe(render_inline(payload))


@pytest.mark.parametrize(
    "payload",
    ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
     "<iframe src=x></iframe>"],
)
def test_payload_inside_paragraph_text_stays_inert(payload):
    html = render_markdown(f"Before {payload} after")
    assert_safe(html)
    assert "Before" in html and "after" in html


def test_the_inspector_catches_what_it_must():
    """The assertions above can fail: show it on unsafe HTML."""
    for unsafe in ['<a href="javascript:x">x</a>', '<p onclick="x">x</p>', "<script></script>",
                   '<a href="java\tscript:x">x</a>', '<p class="x">x</p>']:
        with pytest.raises(AssertionError):
            assert_safe(unsafe)


def test_links_that_leave_the_site_get_rel():
    html = render_markdown('[a](http://x.example) [b](//x.example) <a href="/\\x.example">c</a>')
    assert html.count('rel="nofollow noopener"') == 3


@pytest.mark.parametrize("source", ["[a](/cases/nokia)", "[a](#fn)", "[a](mailto:a@b.example)"])
def test_site_links_and_mail_links_get_no_rel(source):
    html = render_markdown(source)
    assert "<a href=" in html and "rel=" not in html
