"""Fail CI unless every run executed tests, browser tests among them, and skipped none."""
import sys
import xml.etree.ElementTree as ET


def check(path: str) -> list[str]:
    root = ET.parse(path).getroot()
    cases = root.findall(".//testcase")
    skipped = [c for c in cases if c.find("skipped") is not None]
    failed = [c for c in cases if c.find("failure") is not None or c.find("error") is not None]
    browser = [c for c in cases if ".e2e." in c.get("classname", "")]
    problems = []
    if not cases:
        problems.append(f"{path}: no tests ran")
    if failed:
        problems.append(f"{path}: {len(failed)} failed")
    if skipped:
        names = ", ".join(c.get("name") for c in skipped[:10])
        problems.append(f"{path}: {len(skipped)} skipped ({names})")
    if not browser or any(c in skipped for c in browser):
        problems.append(f"{path}: browser tests did not run")
    print(f"{path}: {len(cases)} tests, {len(browser)} in the browser, "
          f"{len(skipped)} skipped, {len(failed)} failed")
    return problems


problems = [p for path in sys.argv[1:] for p in check(path)]
for problem in problems:
    print("CI check failed:", problem, file=sys.stderr)
sys.exit(1 if problems else 0)
