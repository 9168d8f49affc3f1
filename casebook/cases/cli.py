"""`flask cases ...`: check, import and export case files."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .catalogue import FORMATS, catalogue_row
from .importer import ImportFailed, check_files, find_case_files, import_results
from .models import Case

cases_cli = AppGroup("cases", help="Check, import and export case files.")


def _echo_problems(problems) -> None:
    for problem in problems:
        click.echo(str(problem), err=not problem.warning)


def _parse_all(paths) -> tuple[list, list]:
    files, missing = find_case_files(paths)
    if missing:
        return [], missing
    return check_files(files, current_app.config["COMPETENCIES"]), []


@cases_cli.command("check")
@click.argument("paths", nargs=-1, required=True)
def check_command(paths):
    """Validate case files (or folders of them); exit 1 if any has an error."""
    results, missing = _parse_all(paths)
    problems = missing + [p for r in results for p in r.problems]
    _echo_problems(problems)
    errors = sum(not p.warning for p in problems)
    warnings = len(problems) - errors
    click.echo(f"{len(results)} file(s) checked: {errors} error(s), {warnings} warning(s)")
    sys.exit(1 if errors else 0)


@cases_cli.command("import")
@click.argument("paths", nargs=-1)
def import_command(paths):
    """Import case files (default: the cases folder) in one transaction; any error imports nothing."""
    paths = paths or (current_app.config["CASES_DIR"],)
    results, missing = _parse_all(paths)
    if missing:
        _echo_problems(missing)
        sys.exit(1)
    try:
        # A bar on a terminal; click prints nothing extra when output is piped.
        with click.progressbar(length=len(results), label="Importing cases") as bar:
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
    click.echo(
        f"{len(report.created)} created, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged"
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


@cases_cli.command("export")
@click.argument("slug")
def export_command(slug):
    """Print a case's Markdown source as it was imported."""
    case = db.session.scalar(select(Case).where(Case.slug == slug))
    if case is None:
        click.echo(f"no case with slug '{slug}'", err=True)
        sys.exit(1)
    click.echo(case.source_markdown, nl=False)
