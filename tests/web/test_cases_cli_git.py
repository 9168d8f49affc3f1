"""The git round trip at the terminal: `cases export`, `check --format`, the import's count.

And the command line's bad arguments: a clear message and a non-zero exit, never a
traceback. Exports go to a temporary folder (`--folder`, or CASES_DIR set for the test),
never into the repository's cases/.
"""
import json
import os
from pathlib import Path

import click.testing
import pytest
from sqlalchemy import select

from casebook.cases import cli
from casebook.cases.models import Case
from casebook.extensions import db

from .test_cases_cli import BAD, GOOD, write

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def cases_dir(app, tmp_path, monkeypatch):
    """CASES_DIR for the test: an empty temporary folder, so nothing lands in cases/."""
    folder = tmp_path / "cases"
    folder.mkdir()
    monkeypatch.setitem(app.config, "CASES_DIR", str(folder))
    return folder


@pytest.fixture
def runner(app, rollback, cases_dir):
    return app.test_cli_runner()


@pytest.fixture
def imported(runner, tmp_path):
    """GOOD imported from its own folder; returns that folder."""
    source = tmp_path / "source"
    source.mkdir()
    write(source, "platform-bet.md", GOOD)
    result = runner.invoke(args=["cases", "import", str(source)])
    assert result.exit_code == 0, result.output
    return source


def assert_clean_failure(result, code=1):
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --- export -------------------------------------------------------------------------


def test_export_writes_the_published_source_to_the_cases_folder(runner, imported, cases_dir):
    result = runner.invoke(args=["cases", "export", "platform-bet"])
    assert result.exit_code == 0, result.output
    target = cases_dir / "platform-bet.md"
    assert result.output == f"Wrote {target}\n"
    assert target.read_bytes() == GOOD.encode("utf-8")
    assert os.listdir(cases_dir) == ["platform-bet.md"]  # no temporary file left behind


def test_export_then_import_is_unchanged(runner, imported, cases_dir):
    assert runner.invoke(args=["cases", "export", "platform-bet"]).exit_code == 0
    again = runner.invoke(args=["cases", "import", str(cases_dir)])
    assert again.exit_code == 0, again.output
    assert again.output == "Imported 1 case file: 0 created, 0 updated, 1 unchanged\n"


def test_export_with_stdout_prints_and_writes_nothing(runner, imported, cases_dir):
    result = runner.invoke(args=["cases", "export", "--stdout", "platform-bet"])
    assert result.exit_code == 0
    assert result.output == GOOD
    assert list(cases_dir.iterdir()) == []


def test_export_into_another_folder(runner, imported, tmp_path):
    folder = tmp_path / "repository"
    folder.mkdir()
    result = runner.invoke(args=["cases", "export", "--folder", str(folder), "platform-bet"])
    assert result.exit_code == 0, result.output
    assert (folder / "platform-bet.md").read_text(encoding="utf-8") == GOOD


def test_export_over_the_same_text_writes_nothing(runner, imported, cases_dir):
    target = cases_dir / "platform-bet.md"
    # Windows line endings and a BOM: the same case to an import, so nothing to write.
    target.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"))
    before = target.stat().st_mtime_ns
    result = runner.invoke(args=["cases", "export", "platform-bet"])
    assert result.exit_code == 0
    assert "already holds the published case; nothing was written" in result.output
    assert target.stat().st_mtime_ns == before


def test_export_refuses_a_file_that_differs_unless_forced(runner, imported, cases_dir):
    target = cases_dir / "platform-bet.md"
    target.write_text(GOOD.replace("VISIBLEWORD", "LOCALEDIT"), encoding="utf-8")
    target.chmod(0o640)
    refused = runner.invoke(args=["cases", "export", "platform-bet"])
    assert_clean_failure(refused)
    assert f"{target} differs from the published case; nothing was written" in refused.output
    assert "--force" in refused.output
    assert "LOCALEDIT" in target.read_text(encoding="utf-8")
    forced = runner.invoke(args=["cases", "export", "--force", "platform-bet"])
    assert forced.exit_code == 0, forced.output
    assert target.read_text(encoding="utf-8") == GOOD
    assert target.stat().st_mode & 0o777 == 0o640  # the replaced file keeps its mode


def test_export_refuses_to_make_a_second_file_with_the_slug(runner, imported, cases_dir):
    write(cases_dir, "nokia.md", GOOD.replace("year: 2011", "year: 2011\nslug: platform-bet"))
    result = runner.invoke(args=["cases", "export", "platform-bet"])
    assert_clean_failure(result)
    assert f"{cases_dir / 'nokia.md'} already holds the case 'platform-bet'" in result.output
    assert not (cases_dir / "platform-bet.md").exists()


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
        runner, imported, cases_dir, monkeypatch):
    target = write(cases_dir, "platform-bet.md", "old text")

    def disk_full(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.os, "replace", disk_full)
    result = runner.invoke(args=["cases", "export", "--force", "platform-bet"])
    assert_clean_failure(result)
    assert f"cannot write {target}: No space left on device" in result.output
    assert target.read_text() == "old text"
    assert os.listdir(cases_dir) == ["platform-bet.md"]


def test_export_of_a_withdrawn_case_is_refused(app, runner, imported, cases_dir):
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.slug == "platform-bet"))
        case.status = "withdrawn"
        db.session.commit()
    result = runner.invoke(args=["cases", "export", "platform-bet"])
    assert_clean_failure(result)
    assert "no published case with slug 'platform-bet'" in result.output


def test_export_into_a_missing_folder_is_refused(runner, imported, tmp_path):
    result = runner.invoke(args=["cases", "export", "--folder", str(tmp_path / "nope"),
                                 "platform-bet"])
    assert_clean_failure(result)
    assert "no such folder" in result.output


def test_export_over_a_folder_is_refused(runner, imported, cases_dir):
    (cases_dir / "platform-bet.md").mkdir()
    result = runner.invoke(args=["cases", "export", "--force", "platform-bet"])
    assert_clean_failure(result)
    assert "exists and is not a file; nothing was written" in result.output


def test_export_without_a_slug_is_a_usage_error(runner):
    result = runner.invoke(args=["cases", "export"])
    assert_clean_failure(result, code=2)
    assert "Missing argument 'SLUG'" in result.output


# --- check --format ------------------------------------------------------------------


def test_check_json_is_one_document_with_every_file(runner, tmp_path):
    good = write(tmp_path, "a-good.md", GOOD.replace("- What did each", "- Why did each"))
    bad = write(tmp_path, "platform-bet.md", BAD)
    result = runner.invoke(args=["cases", "check", "--format", "json", str(tmp_path)])
    assert result.exit_code == 1
    report = json.loads(result.stdout)  # the whole of stdout: nothing else is printed
    assert report["summary"] == {"checked": 2, "errors": 2, "warnings": 0}
    assert report["files"] == [
        {"file": str(good), "errors": [], "warnings": []},
        {"file": str(bad), "errors": [
            {"line": 4, "message": "level 'ceo' is not one of new-manager, experienced-manager,"
                                   " senior-manager, executive"},
            {"line": 28, "message": "decision 'platform': 'Actual choice: D' names no option"
                                    " (options are A, B, C)"},
        ], "warnings": []},
    ]


def test_check_json_with_warnings_only_exits_0(runner, tmp_path):
    path = write(tmp_path, "platform-bet.md", GOOD.replace("sources:\n  - \"Nokia and Microsoft"
                                                           " joint announcement, 11 February"
                                                           " 2011\"\n", ""))
    result = runner.invoke(args=["cases", "check", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"][0]["warnings"] == [
        {"line": 1, "message": "no sources"}]


def test_check_json_names_a_missing_path(runner, tmp_path):
    result = runner.invoke(args=["cases", "check", "--format", "json", str(tmp_path / "x.md")])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["files"] == [
        {"file": str(tmp_path / "x.md"), "errors": [
            {"line": 1, "message": "no such file or folder"}], "warnings": []}]


def test_check_github_prints_one_workflow_command_per_problem(runner, tmp_path):
    bad = BAD.replace("### Debate prompts\n\n- What did each option do to Nokia's ability to"
                      " differentiate?\n", "")
    path = write(tmp_path, "platform-bet.md", bad)
    result = runner.invoke(args=["cases", "check", "--format", "github", str(path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"::error file={path},line=4::level 'ceo' is not one of new-manager,"
        " experienced-manager, senior-manager, executive",
        f"::warning file={path},line=16::decision 'platform' has no debate prompts",
        f"::error file={path},line=28::decision 'platform': 'Actual choice: D' names no"
        " option (options are A, B, C)",
    ]
    assert result.stderr == "1 file(s) checked: 2 error(s), 1 warning(s)\n"


def test_check_github_of_a_good_file_prints_nothing_and_exits_0(runner, tmp_path):
    path = write(tmp_path, "platform-bet.md", GOOD)
    result = runner.invoke(args=["cases", "check", "--format", "github", str(path)])
    assert result.exit_code == 0 and result.stdout == ""


def test_github_commands_escape_as_the_runner_unescapes():
    problem = cli.Problem("cases/a,b:c%.md", 7, "100% sure\r\nnext: a, b")
    assert cli.github_command(problem) == (
        "::error file=cases/a%2Cb%3Ac%25.md,line=7::100%25 sure%0D%0Anext: a, b")
    warning = cli.Problem("x.md", 1, "%0A is not a line break", warning=True)
    assert cli.github_command(warning) == "::warning file=x.md,line=1::%250A is not a line break"


@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_every_format_exits_1_on_an_error_and_0_without(runner, tmp_path, output):
    bad = write(tmp_path, "bad.md", BAD)
    good = write(tmp_path, "platform-bet.md", GOOD)
    assert runner.invoke(args=["cases", "check", "--format", output, str(bad)]).exit_code == 1
    assert runner.invoke(args=["cases", "check", "--format", output, str(good)]).exit_code == 0


def test_check_refuses_an_unknown_format(runner, tmp_path):
    result = runner.invoke(args=["cases", "check", "--format", "xml", str(tmp_path)])
    assert_clean_failure(result, code=2)
    assert "'xml' is not one of 'text', 'json', 'github'" in result.output


# --- import: a count on a pipe, a bar on a terminal ------------------------------------


def test_import_on_a_pipe_prints_the_count_and_no_bar(runner, tmp_path):
    write(tmp_path, "platform-bet.md", GOOD)
    result = runner.invoke(args=["cases", "import", str(tmp_path)])
    assert result.exit_code == 0
    assert result.output == "Imported 1 case file: 1 created, 0 updated, 0 unchanged\n"


def test_import_on_a_terminal_draws_a_bar(runner, tmp_path, monkeypatch):
    # click draws its bar only when the stream's isatty() says so; CliRunner's stdout is
    # this wrapper over a byte buffer, which says no unless told otherwise.
    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True)
    write(tmp_path, "case-1.md", GOOD)  # the slugs come from the file names
    write(tmp_path, "case-2.md", GOOD)
    result = runner.invoke(args=["cases", "import", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Importing cases  [####" in result.stdout
    assert "100%" in result.stdout
    assert result.stdout.endswith("Imported 2 case files: 2 created, 0 updated, 0 unchanged\n")


# --- bad arguments: a clear message, a non-zero exit, never a traceback ---------------


@pytest.mark.parametrize("command", ["check", "import", "list"])
def test_a_missing_path_is_named(runner, tmp_path, command):
    result = runner.invoke(args=["cases", command, str(tmp_path / "nope")])
    assert_clean_failure(result)
    assert f"{tmp_path / 'nope'}:1: no such file or folder" in result.output


@pytest.mark.parametrize("command", ["check", "import", "list"])
def test_a_folder_without_case_files_is_refused(runner, tmp_path, command):
    write(tmp_path, "notes.txt", "not a case")
    result = runner.invoke(args=["cases", command, str(tmp_path)])
    assert_clean_failure(result)
    assert f"{tmp_path}:1: the folder holds no .md files" in result.output


def test_import_of_the_default_folder_when_it_is_empty(runner, cases_dir):
    result = runner.invoke(args=["cases", "import"])
    assert_clean_failure(result)
    assert "the folder holds no .md files" in result.output


@pytest.mark.parametrize("command", ["check", "import"])
def test_a_file_that_is_not_utf8_is_an_error_at_its_line(app, runner, tmp_path, command):
    path = tmp_path / "latin1.md"
    path.write_bytes(GOOD.replace("VISIBLEWORD", "caf\u00e9").encode("latin-1"))
    result = runner.invoke(args=["cases", command, str(path)])
    assert_clean_failure(result)
    assert f"{path}:14: the file is not valid UTF-8 (byte 0xe9)" in result.output


@pytest.mark.parametrize("command", ["check", "import"])
def test_a_binary_file_is_an_error(runner, tmp_path, command):
    path = tmp_path / "photo.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = runner.invoke(args=["cases", command, str(path)])
    assert_clean_failure(result)
    assert f"{path}:3: the file contains a NUL byte" in result.output
    assert f"{path}:1: the file is not valid UTF-8 (byte 0x89)" in result.output


def test_a_file_over_the_limit_is_refused_without_reading_it(runner, tmp_path, monkeypatch):
    path = tmp_path / "huge.md"
    with path.open("wb") as out:
        out.truncate(3 * 1024 * 1024)  # sparse: three MiB of nothing

    def unread(self):
        raise AssertionError("read a file over the limit")

    monkeypatch.setattr(Path, "read_bytes", unread)
    result = runner.invoke(args=["cases", "check", str(path)])
    assert_clean_failure(result)
    assert f"{path}:1: the file is 3,145,728 bytes; a case file is at most 1 MiB" in result.output


def test_an_unreadable_file_is_an_error(runner, tmp_path, monkeypatch):
    path = write(tmp_path, "platform-bet.md", GOOD)

    def denied(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    result = runner.invoke(args=["cases", "check", str(path)])
    assert_clean_failure(result)
    assert f"{path}:1: cannot read the file: Permission denied" in result.output


def test_a_named_pipe_is_not_read(runner, tmp_path):
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)
    result = runner.invoke(args=["cases", "check", str(pipe)])
    assert_clean_failure(result)
    assert f"{pipe}:1: not a file or folder" in result.output


@pytest.mark.parametrize("slug", ["../../etc/passwd", "x" * 500, "' OR 1=1 --", "Nokia", ""])
def test_export_of_an_invalid_slug_is_a_usage_error(runner, slug):
    result = runner.invoke(args=["cases", "export", slug])
    assert_clean_failure(result, code=2)
    assert "is not a case slug" in result.output
    assert len(result.output) < 600  # a long slug is cut in the message


def test_export_of_an_unknown_slug_is_refused(runner):
    result = runner.invoke(args=["cases", "export", "nope"])
    assert_clean_failure(result)
    assert result.output == "no published case with slug 'nope'\n"


# --- the template ----------------------------------------------------------------------

TEMPLATE = Path(cli.__file__).parent / "data" / "case-template.md"


def test_the_template_passes_the_checker_without_errors_or_warnings(runner):
    result = runner.invoke(args=["cases", "check", str(TEMPLATE)])
    assert result.exit_code == 0
    assert result.output == "1 file(s) checked: 0 error(s), 0 warning(s)\n"


def test_the_template_command_prints_the_packaged_template(runner, tmp_path):
    result = runner.invoke(args=["cases", "template"])
    assert result.exit_code == 0
    assert result.output == TEMPLATE.read_text(encoding="utf-8")
    copy = write(tmp_path, "my-case.md", result.output)
    assert runner.invoke(args=["cases", "check", str(copy)]).exit_code == 0
