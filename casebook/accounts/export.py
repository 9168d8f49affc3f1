"""Your data: everything a member can download about themselves, as one JSON document.

The download is a page composed through page panels (casebook/panels.py) like any
other: every feature provides a section for the "account.export" slot, and the
download puts each under its name, in name order. A section holds JSON-ready data
(dicts, lists, strings, numbers, booleans, None; datetimes become ISO strings). For
example, in decisions/export.py:

    @provides("account.export")
    def decisions_section(user, **_) -> Panel:
        return export_section("decisions", decisions_export(user))

Providers register when their feature package is imported, so a registered
blueprint's sections are always present. Case text in a section comes from the reading
model (decisions/reading.py), never from the case's rows: the download holds nothing
the member's own pages would not show them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..panels import Panel, gather, provides

FORMAT = {"format": "casebook-member-data", "version": 1}


@dataclass(frozen=True)
class ExportSection:
    name: str
    data: Any


def export_section(name: str, data: Any) -> Panel:
    """A provider's answer for the "account.export" slot: one named section."""
    return Panel(None, ExportSection(name, data))


def export_user_data(user) -> dict:
    """The whole download: format version, then every section in name order."""
    sections = sorted((panel.data for panel in gather("account.export", user=user)),
                      key=lambda section: section.name)
    names = [section.name for section in sections]
    if len(set(names)) != len(names) or set(names) & set(FORMAT):
        raise ValueError(f"export sections with the same name: {names}")
    return {**FORMAT, **{section.name: _jsonable(section.data) for section in sections}}


def _jsonable(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


@provides("account.export")
def account_section(user, **_) -> Panel:
    return export_section("account", {
        **_columns(user, "id", "email", "display_name", "created_at"),
        "roles": ["leader", *user.role_names],
    })


@provides("account.export")
def profile_section(user, **_) -> Panel:
    return export_section("profile", {
        **_columns(user, "level", "function", "industry", "years_experience"),
        "public": bool(user.profile_public),
    })


def _columns(user, *names: str) -> dict:
    return {name: getattr(user, name) for name in names}
