"""The one Markdown -> safe HTML function of the site, and its render budget.

Every piece of Markdown (case parts, submissions, posts, comments) goes through
`render_markdown` or `render_inline` once, when it is saved or imported; pages only show
the stored HTML. The pipeline: a cost pre-check (refuse input that would take Python-Markdown
or bleach seconds), Python-Markdown with tables, fenced code, footnotes, definition lists
and sane lists (no attr_list), a small tree pass (see `_SiteTreeprocessor`), then the bleach
allowlist in `sanitize_html`, which is the only place that knows about bleach.

What authors should know (docs/authoring.md repeats it): raw HTML never survives; links
work for http, https, mailto and site-relative addresses; `#`/`##` headings inside a part
become level-3 headings; images show as a link to the image (the site's content policy
blocks remote images); footnote markers are plain superscript numbers and the notes are
listed at the end of the part, without anchors (ids are not allowed in stored HTML).
"""
from __future__ import annotations

import re
import threading
from html.parser import HTMLParser

import bleach
import markdown as pymarkdown
from bleach.html5lib_shim import Filter
from markdown.treeprocessors import Treeprocessor

from .markdown_budget import (
    MAX_HTML_BYTES,
    MarkdownRejected,
    RenderBudget,
    precheck_markdown,
)

__all__ = [
    "RENDERER_VERSION",
    "MarkdownRejected",
    "RenderBudget",
    "html_to_text",
    "render_inline",
    "render_markdown",
    "sanitize_html",
]

# Bump whenever the output for the same Markdown may change (stored HTML is re-rendered).
RENDERER_VERSION = 1

EXTENSIONS = ["tables", "fenced_code", "footnotes", "def_list", "sane_lists"]

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
    "dl", "dt", "dd", "sup", "sub", "del", "abbr",
})
# Table cell alignment comes out as style="text-align: ..."; styles are not allowed, so
# tables are left-aligned. No class, id, style or on* attribute anywhere.
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "abbr": ["title"], "ol": ["start"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# bleach's html5lib tree walker is quadratic in the number of siblings under one parent,
# so rendered HTML is sanitized in chunks of about this size, cut between top-level
# elements where possible (see _html_chunks). Concatenated sanitized fragments are safe:
# each one is a complete serialization (escaped text, closed tags).
_CHUNK_BYTES = 4_000


class _SiteTreeprocessor(Treeprocessor):
    """Runs after the built-in passes: demote h1/h2, images to links, plain footnote marks."""

    def run(self, root):
        for element in root.iter():
            tag = element.tag
            cls = element.get("class", "")
            if tag in ("h1", "h2"):
                element.tag = "h3"
            elif tag == "img":
                src, alt = element.get("src", ""), element.get("alt", "")
                element.attrib.clear()
                element.tag, element.text = "a", alt or "image"
                element.set("href", src)
            elif tag == "a" and cls == "footnote-ref":
                element.tag = "span"  # bleach drops the tag and keeps the number
                element.attrib.clear()
            elif tag == "a" and cls == "footnote-backref":
                element.tag, element.text = "span", ""
                element.attrib.clear()
        return None


class _SiteExtension(pymarkdown.Extension):
    def extendMarkdown(self, md):
        # Priority 5: after the inline pass (20) and the footnote back-links (15).
        md.treeprocessors.register(_SiteTreeprocessor(md), "casebook-site", 5)


def _leaves_site(href: str) -> bool:
    """True unless the link is a fragment, mailto, or a path on this site (`/x`, not `//x`)."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", href)  # browsers ignore these in URLs
    if not cleaned:
        return False
    return not (
        cleaned.startswith("#")
        or cleaned.lower().startswith("mailto:")
        or re.match(r"/[^/\\]", cleaned)
    )


class _ExternalLinkFilter(Filter):
    """Adds rel="nofollow noopener" to every link that leaves the page."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] == "StartTag" and token["name"] == "a":
                attrs = token["data"]
                if _leaves_site(attrs.get((None, "href"), "")):
                    attrs[(None, "rel")] = "nofollow noopener"
            yield token


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[_ExternalLinkFilter],
)


def _new_markdown() -> pymarkdown.Markdown:
    return pymarkdown.Markdown(extensions=[*EXTENSIONS, _SiteExtension()], output_format="html")


_local = threading.local()


def _markdown() -> pymarkdown.Markdown:
    """This thread's Markdown instance, reset (building one costs ~1 ms; reset ~0.05 ms)."""
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = _new_markdown()
    return md.reset()


def _html_chunks(rendered: str):
    """Cut rendered HTML at newlines between top-level elements, or by size inside huge ones."""
    start, size, depth, in_pre = 0, 0, 0, False
    for match in re.finditer(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>|\n", rendered):
        if match.group(0) == "\n":
            size = match.end() - start
            at_top = depth <= 0
            if size >= _CHUNK_BYTES and (at_top or (size >= 2 * _CHUNK_BYTES and not in_pre)):
                yield rendered[start:match.end()]
                start = match.end()
            continue
        name = match.group(2).lower()
        if name in ("br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "source"):
            continue
        if name == "pre":
            in_pre = not match.group(1)
        depth += -1 if match.group(1) else 1
    yield rendered[start:]


def sanitize_html(rendered: str) -> str:
    """Apply the allowlist to rendered HTML (the one place that knows about bleach)."""
    return "".join(_cleaner.clean(chunk) for chunk in _html_chunks(rendered))


def _render(text: str, budget: RenderBudget | None) -> str:
    budget = budget if budget is not None else RenderBudget()
    precheck_markdown(text, budget)
    try:
        rendered = _markdown().convert(text)
    except RecursionError:
        _local.md = None  # a failed conversion may leave state behind: start afresh
        raise MarkdownRejected("the text is nested too deeply to render") from None
    if len(rendered) > MAX_HTML_BYTES:
        raise MarkdownRejected(
            f"the text renders to more than {MAX_HTML_BYTES // 1024} KiB of HTML; shorten it"
        )
    budget.spend_html(rendered)
    # Stripped tags (an image in raw HTML, say) can leave empty paragraphs behind.
    return re.sub(r"<p>\s*</p>", "", sanitize_html(rendered)).strip()


def render_markdown(text: str, budget: RenderBudget | None = None) -> str:
    """Markdown to sanitized HTML; raise MarkdownRejected if it is too costly to render.

    Pass one RenderBudget to several calls to bound their total time (a whole case file).
    """
    return _render(text, budget)


def render_inline(text: str, budget: RenderBudget | None = None) -> str:
    """One line of Markdown (an option, a debate prompt) to HTML without the wrapping <p>."""
    out = _render(text, budget)
    match = re.fullmatch(r"<p>(.*)</p>", out, flags=re.DOTALL)
    if match and "<p>" not in match.group(1):
        return match.group(1)
    return out


_BLOCK_TAGS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "ul", "ol",
    "li", "table", "tr", "th", "td", "dl", "dt", "dd", "div",
})


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(rendered: str) -> str:
    """The plain text of (sanitized) HTML, whitespace collapsed: for search indexing."""
    extractor = _TextExtractor()
    extractor.feed(rendered)
    extractor.close()
    return " ".join("".join(extractor.parts).split())

