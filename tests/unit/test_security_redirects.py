"""is_safe_redirect accepts local paths only."""
import pytest

from casebook.security import is_safe_redirect, safe_redirect_target

HOSTILE = [
    "//evil.com", "///evil.com", "////evil.com", "/\\evil.com", "\\\\evil.com", "\\/evil.com",
    "https://evil.com", "http://evil.com/", "HTTPS://evil.com", "ftp://evil.com",
    "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "%2F%2Fevil.com", "%2f%2fevil.com", "evil.com", "evil.com/path", "@evil.com",
    "/\r\nLocation: https://evil.com", "/path\r\nSet-Cookie: x=1", "/%0d%0aLocation:x\n",
    " //evil.com", "\t//evil.com", "\n/evil", " /cases", "/\t/evil.com", "/\x00/evil.com",
    "/\x7f", "", None, 42, ["/"], "https:/evil.com", "https:evil.com", "//evil.com:443/x",
    # Local as written, but not once a proxy decodes them; refused to be safe.
    "/%2F%2Fevil.com", "/%2f/evil.com", "/%5Cevil.com", "/%0d%0aSet-Cookie:x", "/" + "a" * 2001,
]


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_targets_are_refused(target):
    assert not is_safe_redirect(target)
    assert safe_redirect_target(target, "/home") == "/home"


@pytest.mark.parametrize("target", ["/", "/cases/nokia", "/cases?q=a&page=2", "/account#x",
                                    "/cases?q=a%20b", "/cases/a:b", "/" + "a" * 1999])
def test_local_paths_are_accepted(target):
    assert is_safe_redirect(target)
    assert safe_redirect_target(target, "/home") == target
