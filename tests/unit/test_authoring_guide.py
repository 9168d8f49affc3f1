"""docs/authoring.md and the case template: they say what the validator really does.

The validator's problems carry no codes, so its messages are found in its source: every
message a check can emit is a string template (an f-string), and each fixed piece of it
must be quoted in the guide. A new or reworded message fails here until the guide
explains it.
"""
from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

from casebook.cases.parser import parse_case

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "authoring.md"
TEMPLATE = ROOT / "casebook" / "cases" / "data" / "case-template.md"

# Where the problems of `cases check` and `cases import` are written.
VALIDATOR = [
    "casebook/cases/parser.py", "casebook/cases/body.py", "casebook/cases/frontmatter.py",
    "casebook/cases/fairness.py", "casebook/cases/importer.py", "casebook/markdown.py",
    "casebook/markdown_budget.py",
]
# Calls whose text argument is a problem's message.
MESSAGE_CALLS = {"error", "warn", "limited", "Problem", "MarkdownRejected", "spend"}
# Functions that build a message and hand it on (returned, or picked from a table).
MESSAGE_BUILDERS = {"split_front_matter", "_name_tells", "_detail_tell", "_block_cost"}
EDGES = " \t\n:;,.()'\""


def _template(node: ast.AST) -> str | None:
    """A message as a template: an f-string's fields become {}."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "{}"
                       for part in node.values)
    return None


def _call_name(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def validator_messages() -> dict[str, str]:
    """Every message template of the validator -> where it is written (file:line)."""
    found: dict[str, str] = {}
    for relative in VALIDATOR:
        tree = ast.parse((ROOT / relative).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _call_name(node) in MESSAGE_CALLS:
                for argument in node.args:
                    template = _template(argument)
                    if template is not None:
                        found.setdefault(template, f"{relative}:{node.lineno}")
                        break
            elif isinstance(node, ast.FunctionDef) and node.name in MESSAGE_BUILDERS:
                docstring = ast.get_docstring(node, clean=False)
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Constant) and _inside_fstring(node, inner):
                        continue  # a fixed piece of an f-string seen whole
                    template = _template(inner)
                    if template and " " in template and template != docstring:
                        found.setdefault(template, f"{relative}:{inner.lineno}")
    return found


def _inside_fstring(function: ast.AST, constant: ast.AST) -> bool:
    return any(isinstance(node, ast.JoinedStr) and constant in node.values
               for node in ast.walk(function))


def fixed_pieces(template: str) -> list[str]:
    """The parts of a template that every message it makes contains, word for word."""
    pieces = (piece.strip(EDGES) for piece in template.split("{}"))
    return [piece for piece in pieces if len(piece) >= 4]


def guide_text() -> str:
    return " ".join(GUIDE.read_text(encoding="utf-8").split())


def test_the_message_finder_sees_every_kind_of_check():
    messages = validator_messages()
    assert len(messages) > 70
    for sample in ("missing required key '{}'", "{}: option [{}] has no text",
                   "{} shares {} with the real option only", "no sources",
                   "the front matter is never closed: add a line '---' after it",
                   "too many '[' or '(' without a closing ']' or ')'",
                   "slug '{}' is already used by {}", "the folder holds no .md files"):
        assert sample in messages


def test_every_message_of_the_validator_is_in_the_guide():
    guide = guide_text()
    missing = [
        f"{where}: {piece!r} (of {template!r})"
        for template, where in sorted(validator_messages().items(), key=lambda item: item[1])
        for piece in fixed_pieces(template)
        if " ".join(piece.split()) not in guide
    ]
    assert missing == [], "docs/authoring.md does not quote:\n" + "\n".join(missing)


def _markdown_blocks(text: str) -> list[str]:
    return re.findall(r"^```markdown\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)


def test_the_guides_complete_example_is_a_valid_case_without_warnings():
    blocks = [b for b in _markdown_blocks(GUIDE.read_text(encoding="utf-8"))
              if b.startswith("---\n")]
    assert blocks, "the guide has no complete example"
    result = parse_case(blocks[0], "cases/nokia-platform-2011.md")
    assert [str(p) for p in result.problems] == []


def test_the_template_is_a_valid_case_without_warnings():
    result = parse_case(TEMPLATE.read_bytes(), "cases/case-template.md")
    assert [str(p) for p in result.problems] == []
    assert result.case.decisions and result.case.meta.sources


def test_the_guide_links_the_template_and_shows_the_ci_step():
    guide = GUIDE.read_text(encoding="utf-8")
    assert "(../casebook/cases/data/case-template.md)" in guide
    assert "cases check --format github" in guide
    assert "actions/checkout" in guide


def test_the_template_is_packaged():
    """pyproject's package-data takes the template into the wheel (globs from casebook/)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["casebook"]
    package = ROOT / "casebook"
    packaged = {path for pattern in patterns for path in package.glob(pattern)}
    assert TEMPLATE in packaged
