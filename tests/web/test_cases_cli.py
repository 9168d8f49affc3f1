"""`flask cases check|import|export`: what an author or operator sees at the terminal.

Export to files, `check --format` and bad arguments: test_cases_cli_git.py.
"""
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casebook.cases.models import Case, Decision
from casebook.extensions import db
from tests.unit.case_builder import FRONT

CASES_DIR = Path(__file__).resolve().parents[2] / "cases"
DATA = Path(__file__).resolve().parents[1] / "data"

GOOD = FRONT + """
## Background

Nokia sells more phones than anyone, but VISIBLEWORD.

## Decision: Which smartphone platform should Nokia commit to? {#platform}

You are the new chief executive.

### Options

- [A] Double down on its own platforms.
- [B] Partner with Microsoft.
- [C] Adopt Android.

### Outcome

Actual choice: B

SECRETOUTCOME in February 2011.

### Debate prompts

- What did each option do to Nokia's ability to differentiate?

## Epilogue

SECRETEPILOGUE after the decision.
"""

BAD = GOOD.replace("level: executive", "level: ceo").replace("Actual choice: B", "Actual choice: D")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def case_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Case))


@pytest.fixture
def runner(app, rollback):
    # Click 8.2+: result.output interleaves stdout and stderr, as a terminal shows them.
    return app.test_cli_runner()


def test_check_accepts_a_good_file(runner, tmp_path):
    path = write(tmp_path, "platform-bet.md", GOOD)
    result = runner.invoke(args=["cases", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 file(s) checked: 0 error(s)" in result.output


def test_check_reports_every_error_with_file_and_line_and_exits_1(runner, tmp_path):
    path = write(tmp_path, "platform-bet.md", BAD)
    result = runner.invoke(args=["cases", "check", str(path)])
    assert result.exit_code == 1
    output = result.output
    assert f"{path}:4: " in output  # level
    assert "'Actual choice: D' names no option (options are A, B, C)" in output
    assert "2 error(s)" in output


def test_check_prints_fairness_warnings_at_the_real_options_line_and_exits_0(runner, tmp_path):
    detailed = GOOD.replace(
        "- [B] Partner with Microsoft.",
        "- [B] Partner with Microsoft and make Windows Phone its primary platform.",
    )
    path = write(tmp_path, "platform-bet.md", detailed)
    result = runner.invoke(args=["cases", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{path}:23: warning: decision 'platform': the real option (B) is 2.9 times as long as"
        " the median of the others (23.5 characters); give every option the same care",
        "1 file(s) checked: 0 error(s), 1 warning(s)",
    ]


def test_check_on_a_missing_path_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(args=["cases", "check", str(tmp_path / "nope.md")])
    assert result.exit_code == 1
    assert "no such file or folder" in result.output


def test_shipped_cases_all_pass_the_checker(runner):
    result = runner.invoke(args=["cases", "check", str(CASES_DIR)])
    assert result.exit_code == 0, result.output
    assert " 0 error(s), 0 warning(s)" in result.output


def test_import_creates_then_leaves_unchanged_then_updates(app, runner, tmp_path):
    write(tmp_path, "platform-bet.md", GOOD)
    first = runner.invoke(args=["cases", "import", str(tmp_path)])
    assert first.exit_code == 0, first.output
    assert "1 created, 0 updated, 0 unchanged" in first.output
    again = runner.invoke(args=["cases", "import", str(tmp_path)])
    assert "0 created, 0 updated, 1 unchanged" in again.output
    write(tmp_path, "platform-bet.md", GOOD.replace("VISIBLEWORD", "NEWWORD"))
    changed = runner.invoke(args=["cases", "import", str(tmp_path)])
    assert "0 created, 1 updated, 0 unchanged" in changed.output
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.slug == "platform-bet"))
        assert "newword" in case.search_text and "visibleword" not in case.search_text
        assert db.session.scalar(select(func.count()).select_from(Decision)) == 1


def test_an_error_in_any_file_imports_nothing(app, runner, tmp_path):
    write(tmp_path, "a-good.md", GOOD)
    write(tmp_path, "b-bad.md", BAD.replace("The Platform Bet", "Another"))
    result = runner.invoke(args=["cases", "import", str(tmp_path)])
    assert result.exit_code == 1
    assert "Nothing was imported." in result.output
    assert case_count(app) == 0


def test_a_failed_reimport_keeps_the_stored_case(app, runner, tmp_path):
    path = write(tmp_path, "platform-bet.md", GOOD)
    assert runner.invoke(args=["cases", "import", str(path)]).exit_code == 0
    write(tmp_path, "platform-bet.md", BAD)
    assert runner.invoke(args=["cases", "import", str(path)]).exit_code == 1
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.slug == "platform-bet"))
        assert case.level == "executive" and case.decisions[0].actual_choice == "B"


def test_two_files_with_one_slug_are_refused(app, runner, tmp_path):
    write(tmp_path, "one.md", GOOD.replace("year: 2011", "year: 2011\nslug: same"))
    write(tmp_path, "two.md", GOOD.replace("year: 2011", "year: 2011\nslug: same"))
    result = runner.invoke(args=["cases", "import", str(tmp_path)])
    assert result.exit_code == 1
    assert "slug 'same' is already used by" in result.output
    assert case_count(app) == 0


def test_import_of_the_shipped_library(app, runner):
    result = runner.invoke(args=["cases", "import", str(CASES_DIR)])
    assert result.exit_code == 0, result.output
    shipped = len(list(CASES_DIR.glob("*.md")))
    assert f"{shipped} created" in result.output
    assert case_count(app) == shipped


def test_export_prints_the_source_back(runner, tmp_path):
    write(tmp_path, "platform-bet.md", GOOD)
    runner.invoke(args=["cases", "import", str(tmp_path)])
    result = runner.invoke(args=["cases", "export", "--stdout", "platform-bet"])
    assert result.exit_code == 0
    assert result.output == GOOD


def test_the_case_page_shows_a_reimport_at_once(app, runner, tmp_path):
    client = app.test_client()
    write(tmp_path, "platform-bet.md", GOOD)
    runner.invoke(args=["cases", "import", str(tmp_path)])
    assert "VISIBLEWORD" in client.get("/cases/platform-bet").get_data(as_text=True)
    write(tmp_path, "platform-bet.md", GOOD.replace("VISIBLEWORD", "SECONDEDITION"))
    runner.invoke(args=["cases", "import", str(tmp_path)])
    html = client.get("/cases/platform-bet").get_data(as_text=True)
    assert "SECONDEDITION" in html and "VISIBLEWORD" not in html


def test_an_import_that_loses_a_race_says_so_and_changes_nothing(app, runner, tmp_path, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    from casebook.cases import importer

    write(tmp_path, "platform-bet.md", GOOD)

    def collide(parsed):
        raise IntegrityError("INSERT INTO cases", {}, Exception("UNIQUE constraint failed"))

    monkeypatch.setattr(importer, "upsert_case", collide)
    result = runner.invoke(args=["cases", "import", str(tmp_path)])
    assert result.exit_code == 1
    assert "Another import changed the library at the same time" in result.output
    assert "Traceback" not in result.output
    assert case_count(app) == 0


def test_list_prints_the_catalogue_as_a_table_markdown_and_json(runner, tmp_path):
    (tmp_path / "platform-bet.md").write_bytes((DATA / "good" / "platform-bet.md").read_bytes())
    (tmp_path / "rich-case.md").write_bytes((DATA / "good" / "rich-case.md").read_bytes())
    table = runner.invoke(args=["cases", "list", str(tmp_path)])
    assert table.exit_code == 0
    header, *rows = table.output.splitlines()
    assert header.split() == ["slug", "title", "level", "region", "sector", "year",
                              "decisions", "competencies"]
    assert [row.split()[0] for row in rows] == ["kodak-digital", "platform-bet"]  # by slug
    markdown = runner.invoke(args=["cases", "list", "--format", "markdown", str(tmp_path)])
    assert markdown.output.splitlines()[1] == "|---|---|---|---|---|---|---|---|"
    listed = json.loads(runner.invoke(args=["cases", "list", "--format", "json",
                                            str(tmp_path)]).output)
    assert [(c["slug"], c["decisions"]) for c in listed] == [("kodak-digital", 2),
                                                              ("platform-bet", 1)]


def test_list_refuses_an_unknown_format_and_broken_files(runner, tmp_path):
    unknown = runner.invoke(args=["cases", "list", "--format", "yaml", str(tmp_path)])
    assert unknown.exit_code == 2 and "'yaml' is not one of" in unknown.output
    (tmp_path / "broken.md").write_bytes((DATA / "bad" / "several-errors.md").read_bytes())
    broken = runner.invoke(args=["cases", "list", str(tmp_path)])
    assert broken.exit_code == 1 and "catalogue lists only valid cases" in broken.output


def test_the_catalogue_in_docs_is_the_list_commands_output(runner):
    """docs/cases.md is regenerated by `make catalogue`; a stale copy fails here."""
    current = runner.invoke(args=["cases", "list", "--format", "markdown", str(CASES_DIR)])
    assert current.exit_code == 0
    documented = (CASES_DIR.parent / "docs" / "cases.md").read_text(encoding="utf-8")
    assert documented.endswith(current.output)
