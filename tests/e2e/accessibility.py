"""Every page a browser test visits is checked with axe-core, at desktop and phone width.

While a test runs, every HTML page its browser loads (GET or POST, errors included) is
kept as the server sent it. When the test has passed, each distinct page is drawn again
in a separate auditing tab on the site's own address (so its CSS and scripts load as
they did), and checked at 1280 and 390 px: any WCAG 2.x A or AA violation axe-core
finds, or a page that scrolls sideways at 390 px, fails the test. Auditing copies keeps
the test's own tab untouched (no resizing in the middle of a click) and sees each page
as the reader got it, even after the test has moved on and changed the data. (The copy
is drawn with Playwright's set_content, which keeps axe-core loaded from one page to the
next: navigating to each copy cost twice the time of the checks themselves.)

Pages are compared without their CSRF tokens, so one already checked in this run (the
same sign-in page in every test) is not checked again. With CASEBOOK_SCREENSHOTS set to
a folder, each checked page is also saved there, screen by screen, at both widths.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
AXE_VERSION = "4.14.1"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
_CSRF_VALUE = re.compile(r'(name="csrf_token"[^>]*value=")[^"]*"')

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary),
    more: Math.max(0, v.nodes.length - 3)}));
}"""

# What sticks out past the right edge of a phone screen, to say where a sideways scroll
# comes from (the outermost such elements, named by tag, id and class).
SIDEWAYS = """() => {
  const width = window.innerWidth;
  if (document.scrollingElement.scrollWidth <= width) return null;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].map(c => '.' + c).join('');
  const wide = [...document.body.querySelectorAll('*')].filter(
    el => el.getBoundingClientRect().right > width + 0.5);
  const outermost = wide.filter(el => !wide.includes(el.parentElement));
  return {scrollWidth: document.scrollingElement.scrollWidth, width,
          culprits: outermost.slice(0, 5).map(el =>
            name(el) + ' (right edge at ' + Math.round(el.getBoundingClientRect().right) + ' px)')};
}"""


@dataclass(frozen=True)
class PageCopy:
    url: str
    status: int
    body: bytes

    @property
    def key(self) -> str:
        text = _CSRF_VALUE.sub(r'\1"', self.body.decode("utf-8", "replace"))
        return hashlib.sha256(f"{self.status} {text}".encode()).hexdigest()


class PageRecorder:
    """Keeps a copy of every HTML document the watched browser contexts load."""

    def __init__(self) -> None:
        self.pages: list[PageCopy] = []
        self.unreadable: list[str] = []
        self._gone: list[tuple] = []  # (context, url): navigated away before it was read

    def watch(self, context) -> None:
        context.on("response", lambda response: self._keep(response, context))

    def fetch_gone(self) -> None:
        """Pages the test left before their body could be read: asked for again with
        the same cookies (so they are still checked), after the test."""
        for context, url in self._gone:
            try:
                response = context.request.get(url, max_redirects=0)
            except Exception as exc:  # noqa: BLE001 - the context was closed by the test
                self.unreadable.append(f"{url}: {exc}")
                continue
            if response.ok and response.headers.get("content-type", "").startswith("text/html"):
                self.pages.append(PageCopy(url, response.status, response.body()))
        self._gone.clear()

    def _keep(self, response, context) -> None:
        request = response.request
        if request.resource_type != "document" or request.frame.parent_frame is not None:
            return
        if 300 <= response.status < 400:
            return  # redirects have no page of their own
        if not response.headers.get("content-type", "").startswith("text/html"):
            return
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - the page was gone before it was read
            self._gone.append((context, response.url))
            return
        self.pages.append(PageCopy(response.url, response.status, body))


class Auditor:
    """Opens page copies in its own tab and reports what axe-core and the width check find."""

    def __init__(self, context, home: str = "/healthz") -> None:
        # Copies are drawn over `home`, a page of the site: its answer's CSP (the site's
        # own) then holds for them too.
        self.home = home
        self.page = context.new_page()
        self.page.set_default_timeout(15_000)
        self.script = AXE.read_text(encoding="utf-8")
        self.checked: set[str] = set()
        self.screenshots = os.environ.get("CASEBOOK_SCREENSHOTS")

    def problems(self, pages: list[PageCopy]) -> list[str]:
        found: list[str] = []
        for copy in pages:
            if copy.key in self.checked:
                continue
            self.checked.add(copy.key)
            found += self._audit(copy)
        return found

    def _audit(self, copy: PageCopy) -> list[str]:
        page = self.page
        origin = "/".join(copy.url.split("/", 3)[:3])
        if page.url != origin + self.home:
            page.goto(origin + self.home)
        page.set_viewport_size(WIDTHS["desktop"])
        page.set_content(copy.body.decode("utf-8"), wait_until="load")
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(self.script)
        found = []
        for name, size in WIDTHS.items():
            page.set_viewport_size(size)
            where = f"{copy.url} ({copy.status}) at {size['width']} px"
            for violation in page.evaluate(RUN_AXE, WCAG_TAGS):
                nodes = "; ".join(violation["nodes"])
                more = f" (+{violation['more']} more)" if violation["more"] else ""
                found.append(f"{where}: axe {violation['id']} ({violation['impact']}): "
                             f"{violation['help']}: {nodes}{more}")
            if self.screenshots:
                self._screenshot(copy, size)
            if name == "phone":
                sideways = page.evaluate(SIDEWAYS)
                if sideways:
                    found.append(f"{where}: scrolls sideways ({sideways['scrollWidth']} px wide "
                                 f"for {sideways['width']}): {', '.join(sideways['culprits'])}")
        return found

    def _screenshot(self, copy: PageCopy, size: dict) -> None:
        """The whole page, one screen-sized PNG after another (001-account-390-2.png)."""
        folder = Path(self.screenshots)
        folder.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^a-z0-9]+", "-", copy.url.split("/", 3)[-1].lower()).strip("-")[:60]
        number = len({p.name.split("-", 1)[0] for p in folder.glob("*.png")})
        number += size["width"] == WIDTHS["desktop"]["width"]
        height = self.page.evaluate("document.scrollingElement.scrollHeight")
        for screen, top in enumerate(range(0, height, size["height"]), start=1):
            clip = {"x": 0, "y": top, "width": size["width"],
                    "height": min(size["height"], height - top)}
            self.page.screenshot(path=folder / f"{number:03d}-{name or 'library'}-"
                                 f"{size['width']}-{screen}.png", full_page=True, clip=clip)

    def axe_version(self) -> str:
        self.page.goto("about:blank")
        self.page.evaluate(self.script)
        return self.page.evaluate("axe.version")
