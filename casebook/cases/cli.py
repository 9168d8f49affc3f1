"""`flask cases ...`: check, import, list and export case files.

`check --format github` prints GitHub Actions workflow commands, so a repository of case
files can check them in its own CI; `export` writes a published case back to a file, so
the library and the repository can go round and round (docs/authoring.md).
"""
from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from importlib import resources
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .catalogue import FORMATS, catalogue_row
from .format import ParseResult, Problem
from .frontmatter import quoted, read_yaml, split_front_matter
from .importer import ImportFailed, check_file, check_files, find_case_files, import_results
from .models import PUBLISHED, Case
from .parser import MAX_FILE_BYTES, decode_case_file
from .slugs import MAX_SLUG_LENGTH, is_valid_slug

cases_cli = AppGroup("cases", help="Check, import and export case files.")

CHECK_FORMATS = ("text", "json", "github")
TEMPLATE = "data/case-template.md"  # in this package; docs/authoring.md links to it


def _echo_problems(problems) -> None:
    for problem in problems:
        click.echo(str(problem), err=not problem.warning)


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def _parse_all(paths) -> tuple[list, list]:
    files, missing = find_case_files(paths)
    if missing:
        return [], missing
    return check_files(files, current_app.config["COMPETENCIES"]), []


def _by_file(results: list[ParseResult], missing: list[Problem]) -> list[tuple[str, list]]:
    """(file, its problems) for each path that was not found and each file checked."""
    grouped: dict[str, list[Problem]] = {}
    for problem in missing:
        grouped.setdefault(problem.filename, []).append(problem)
    for result in results:
        grouped.setdefault(result.filename, []).extend(result.problems)
    return list(grouped.items())


def _json_report(files: list[tuple[str, list]], checked: int) -> str:
    def entries(problems, warning):
        return [{"line": p.line, "message": p.message} for p in problems if p.warning is warning]

    report = {
        "files": [
            {"file": name, "errors": entries(problems, False),
             "warnings": entries(problems, True)}
            for name, problems in files
        ],
        "summary": {
            "checked": checked,
            "errors": sum(not p.warning for _, problems in files for p in problems),
            "warnings": sum(p.warning for _, problems in files for p in problems),
        },
    }
    return json.dumps(report, indent=2, ensure_ascii=False)


def _github_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """A workflow command's property value: the message's escapes, and `:` and `,` too."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(problem: Problem) -> str:
    """One `::error file=...,line=...::message` (or `::warning ...`) line."""
    kind = "warning" if problem.warning else "error"
    return (f"::{kind} file={_github_property(problem.filename)},line={problem.line}"
            f"::{_github_data(problem.message)}")


@cases_cli.command("check")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output", type=click.Choice(CHECK_FORMATS), default="text",
              show_default=True,
              help="text: FILE:LINE: message; json: one JSON document; github: GitHub Actions"
                   " annotations.")
def check_command(paths, output):
    """Validate case files (or folders of them); exit 1 if any has an error."""
    results, missing = _parse_all(paths)
    problems = missing + [p for r in results for p in r.problems]
    errors = sum(not p.warning for p in problems)
    warnings = len(problems) - errors
    summary = f"{len(results)} file(s) checked: {errors} error(s), {warnings} warning(s)"
    if output == "json":
        click.echo(_json_report(_by_file(results, missing), len(results)))
    elif output == "github":
        for problem in problems:
            click.echo(github_command(problem))
        click.echo(summary, err=True)  # stdout holds only workflow commands
    else:
        _echo_problems(problems)
        click.echo(summary)
    sys.exit(1 if errors else 0)


def _on_terminal() -> bool:
    # How click's progress bar decides too: it draws only when its stream is a terminal.
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # replaced or closed stdout
        return False


@cases_cli.command("import")
@click.argument("paths", nargs=-1)
def import_command(paths):
    """Import case files (default: the cases folder) in one transaction; any error imports nothing."""
    paths = paths or (current_app.config["CASES_DIR"],)
    files, missing = find_case_files(paths)
    if missing:
        _echo_problems(missing)
        sys.exit(1)
    competencies = tuple(current_app.config["COMPETENCIES"])
    try:
        # A bar on a terminal (each file read, then each file stored); a pipe gets the
        # count line only, without click's label or bar characters.
        with click.progressbar(length=2 * len(files), label="Importing cases",
                               hidden=not _on_terminal()) as bar:
            results = []
            for path in files:
                results.append(check_file(path, competencies))
                bar.update(1)
            report = import_results(results, progress=lambda _result: bar.update(1))
        db.session.commit()
    except ImportFailed as failure:
        db.session.rollback()
        _echo_problems(failure.problems)
        click.echo("Nothing was imported.", err=True)
        sys.exit(1)
    except IntegrityError:
        # Another import (another host's `make run`, say) stored the same case first.
        db.session.rollback()
        click.echo("Another import changed the library at the same time; nothing was "
                   "imported. Run the import again.", err=True)
        sys.exit(1)
    _echo_problems(report.warnings)
    noun = "case file" if len(results) == 1 else "case files"
    click.echo(
        f"Imported {len(results)} {noun}: {len(report.created)} created, "
        f"{len(report.updated)} updated, {len(report.unchanged)} unchanged"
    )


@cases_cli.command("list")
@click.argument("paths", nargs=-1)
@click.option("--format", "output", type=click.Choice(sorted(FORMATS)), default="table",
              show_default=True, help="How to print the catalogue.")
def list_command(paths, output):
    """Print the catalogue of case files (default: the cases folder), one row a case."""
    paths = paths or (current_app.config["CASES_DIR"],)
    results, missing = _parse_all(paths)
    broken = [p for r in results for p in r.problems if not p.warning]
    if missing or broken:
        _echo_problems(missing + broken)
        click.echo("Fix these errors first: the catalogue lists only valid cases.", err=True)
        sys.exit(1)
    rows = sorted((catalogue_row(r.case) for r in results), key=lambda row: row.slug)
    click.echo(FORMATS[output](rows))


def _slug_argument(ctx, param, value: str) -> str:
    if not is_valid_slug(value):
        raise click.BadParameter(
            f"{quoted(value)} is not a case slug: lowercase letters and digits in words"
            f" joined by single hyphens, at most {MAX_SLUG_LENGTH} characters"
        )
    return value


def _front_matter_slug(path: Path) -> str | None:
    """The `slug:` a case file's front matter sets, if it can be read; None otherwise."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        text, _ = decode_case_file(path.read_bytes(), str(path))
    except OSError:
        return None
    if text is None:
        return None
    lines = text.split("\n")
    close, _, error = split_front_matter(lines)
    if error or close is None:
        return None
    root, _ = read_yaml("\n".join(lines[1:close]), 2, str(path))
    for key, value in root.pairs if root is not None and root.kind == "map" else ():
        if key.value == "slug" and value.kind == "scalar":
            return value.value.strip()
    return None


def _file_holding(folder: Path, slug: str, target: Path) -> Path | None:
    """Another file of the folder that sets this slug: exporting would make a second copy."""
    for path in sorted(folder.glob("*.md")):
        if path.name != target.name and path.is_file() and _front_matter_slug(path) == slug:
            return path
    return None


def _write_atomically(target: Path, data: bytes) -> None:
    """Write a whole file or nothing: a temporary file beside it, then os.replace."""
    if target.exists():
        mode = target.stat().st_mode & 0o777
    else:
        umask = os.umask(0o022)
        os.umask(umask)
        mode = 0o666 & ~umask
    # A dot name ending in .tmp: an import of the folder running meanwhile never reads it.
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@cases_cli.command("export")
@click.argument("slug", callback=_slug_argument)
@click.option("--stdout", "to_stdout", is_flag=True,
              help="Print the Markdown instead of writing a file.")
@click.option("--force", is_flag=True, help="Replace a file that differs from the published case.")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write into this folder instead of the cases folder (CASEBOOK_CASES_DIR).")
def export_command(slug, to_stdout, force, folder):
    """Write a published case's Markdown source to <cases folder>/<slug>.md."""
    case = db.session.scalar(select(Case).where(Case.slug == slug, Case.status == PUBLISHED))
    if case is None:
        _fail(f"no published case with slug '{slug}'")
    if to_stdout:
        click.echo(case.source_markdown, nl=False)
        return
    folder = folder or Path(current_app.config["CASES_DIR"])
    if not folder.is_dir():
        _fail(f"{folder}: no such folder (create it, or name another with --folder)")
    target = folder / f"{slug}.md"
    if target.is_dir() or (target.exists() and not target.is_file()):
        _fail(f"{target} exists and is not a file; nothing was written")
    if target.is_file():
        try:
            text, _ = decode_case_file(target.read_bytes(), str(target))
        except OSError as exc:
            _fail(f"cannot read {target}: {exc.strerror or exc}; nothing was written")
        if text == case.source_markdown:  # line endings and a BOM aside, as an import sees it
            click.echo(f"{target} already holds the published case; nothing was written")
            return
        if not force:
            _fail(f"{target} differs from the published case; nothing was written"
                  " (compare them with --stdout, or replace the file with --force)")
    other = _file_holding(folder, slug, target)
    if other is not None:
        _fail(f"{other} already holds the case '{slug}'; writing {target} would give two files"
              " one slug (rename that file, or use --stdout); nothing was written")
    try:
        _write_atomically(target, case.source_markdown.encode("utf-8"))
    except OSError as exc:
        _fail(f"cannot write {target}: {exc.strerror or exc}; nothing was written")
    click.echo(f"Wrote {target}")


@cases_cli.command("template")
def template_command():
    """Print the case template (a valid case to start from): `... template > my-case.md`."""
    template = resources.files("casebook.cases").joinpath(TEMPLATE)
    click.echo(template.read_text(encoding="utf-8"), nl=False)
