"""`flask cases ...`: check, import and export case files."""
import click
from flask.cli import AppGroup

cases_cli = AppGroup("cases", help="Check, import and export case files.")
