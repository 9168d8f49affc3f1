"""The accessibility checks every browser test runs (accessibility.py) find what they
claim to: the pinned axe-core, WCAG A/AA violations at both widths, sideways scrolling
at 390 px only, and nothing on a page without problems."""
from tests.e2e.accessibility import AXE_VERSION, Auditor, PageCopy

BAD = """<!doctype html><html><head><title>t</title></head><body><main>
<img src="/static/none.png"><a href="/x"></a>
<p style="color:#bbb;background:#fff">Faint text</p>
<div style="width:600px">Wide</div></main></body></html>"""
GOOD = """<!doctype html><html lang="en"><head><title>Fine</title></head><body>
<main><h1>Fine</h1><p>Nothing wrong here.</p></main></body></html>"""


def _check(browser, live_server, html: str) -> list[str]:
    context = browser.new_context()
    # Drawn over a blank page without the site's CSP, which would block these inline styles.
    # (The recording audits that page too, as it audits every page a test loads.)
    context.route("**/blank", lambda route: route.fulfill(content_type="text/html", body=GOOD))
    try:
        auditor = Auditor(context, home="/blank")
        return auditor.problems([PageCopy(live_server.url + "/probe", 200, html.encode())])
    finally:
        context.close()


def test_the_pinned_axe_core_is_loaded(browser):
    context = browser.new_context()
    assert Auditor(context).axe_version() == AXE_VERSION
    context.close()


def test_violations_and_a_sideways_scroll_are_reported(browser, live_server):
    problems = _check(browser, live_server, BAD)
    for rule in ("html-has-lang", "image-alt", "link-name", "color-contrast"):
        assert any(f" at 1280 px: axe {rule} " in p for p in problems), rule
        assert any(f" at 390 px: axe {rule} " in p for p in problems), rule
    sideways = [p for p in problems if "scrolls sideways" in p]
    assert len(sideways) == 1 and " at 390 px: " in sideways[0] and "div" in sideways[0]


def test_a_clean_page_passes(browser, live_server):
    assert _check(browser, live_server, GOOD) == []
