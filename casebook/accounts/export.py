"""Your data: everything a member can download about themselves, as one JSON document.

Each feature registers a section; the download calls every section with the user and
puts the result under its name. A section returns JSON-ready data (dicts, lists, strings,
numbers, booleans, None; datetimes become ISO strings). For example, in decisions/:

    from ..accounts.export import register_export_section

    @register_export_section("decisions")
    def _decisions(user):
        return [{"case": c.decision.case.slug, "choice": c.option_label, ...} for c in ...]

Sections are imported with their feature package, so a registered blueprint's sections
are always present.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

ExportSection = Callable[[Any], Any]
_SECTIONS: dict[str, ExportSection] = {}


def register_export_section(name: str) -> Callable[[ExportSection], ExportSection]:
    """Decorator: add a named section to every member's data download."""

    def decorator(func: ExportSection) -> ExportSection:
        if name in _SECTIONS and _SECTIONS[name] is not func:
            raise ValueError(f"export section {name!r} is registered twice")
        _SECTIONS[name] = func
        return func

    return decorator


def export_section_names() -> list[str]:
    return sorted(_SECTIONS)


def export_user_data(user) -> dict:
    """The whole download: format version, then every section in name order."""
    data: dict[str, Any] = {"format": "casebook-member-data", "version": 1}
    for name in export_section_names():
        data[name] = _jsonable(_SECTIONS[name](user))
    return data


def _jsonable(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


@register_export_section("account")
def _account_section(user) -> dict:
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "created_at": user.created_at,
        "roles": ["leader", *user.role_names],
    }


@register_export_section("profile")
def _profile_section(user) -> dict:
    return {
        "level": user.level,
        "function": user.function,
        "industry": user.industry,
        "years_experience": user.years_experience,
        "public": bool(user.profile_public),
    }
