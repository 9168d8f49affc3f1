"""@[Display Name] mentions: resolved to a member when the post is saved, kept by id.

Saving a post resolves each written name to one member (`resolve`), stores a Mention
row per member, and marks the name in the stored HTML with the member's id
(`mark_in_html`): `<a class="mention" data-member="12">@Ann Lee</a>`. Stored HTML
allows no class or data attribute from the writer (casebook.markdown), so only this
module makes such a mark. Pages then draw each mark with the member's name as it is
now (`present`): a link to their profile when the reader may open it, else the name
alone; "former member" once the account is deleted. A rename changes every mention,
and the mention never moves to whoever takes the old name.

Which member a name means: display names are one per look (accounts.display_names),
so a name's look matches at most one member, except names that already looked alike
before that rule. Then the member whose name is written the same (up to case, then
exactly) is the one meant; if that still leaves several, or none, the mention
resolves to nobody: it stays plain text and notifies nobody, and the author is told.
An edit keeps the member each unchanged name resolved to when it was first saved.
"""
from __future__ import annotations

import html as html_module
import re
import unicodedata
from dataclasses import dataclass, field

from flask import url_for
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import or_, select

from ..accounts.display_names import name_key
from ..accounts.models import User
from ..accounts.permissions import can_view_profile
from ..extensions import db
from .models import Mention

MENTION_PATTERN = re.compile(r"@\[([^\[\]\n]{1,80})\]")
MAX_MENTIONS_PER_POST = 10
_MARK = re.compile(r'<a class="mention" data-member="([0-9]+)">([^<]*)</a>')
_TAG = re.compile(r"<[^>]*>")
_NO_MENTIONS_INSIDE = {"a", "code", "pre"}


def mentioned_names(text: str) -> list[str]:
    """Distinct mentioned display names in order, at most MAX_MENTIONS_PER_POST."""
    seen: dict[str, str] = {}
    for match in MENTION_PATTERN.finditer(text or ""):
        name = " ".join(match.group(1).split())
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    return list(seen.values())[:MAX_MENTIONS_PER_POST]


@dataclass
class Resolution:
    members: dict[str, int] = field(default_factory=dict)  # written name -> member id
    ambiguous: list[str] = field(default_factory=list)  # names several members could be

    @property
    def member_ids(self) -> list[int]:
        return list(dict.fromkeys(self.members.values()))


def resolve(names: list[str], kept: dict[str, int] | None = None) -> Resolution:
    """Which live member each written name means (one query). `kept` maps a name's look
    to the member it meant before (an edit), which wins while that member is live."""
    result = Resolution()
    if not names:
        return result
    keys = {name: name_key(name) for name in names}
    kept = kept or {}
    rows = db.session.execute(
        select(User.id, User.display_name, User.display_name_key).where(
            or_(User.display_name_key.in_(set(keys.values())), User.id.in_(set(kept.values()))),
            User.deleted_at.is_(None),
        )
    ).all()
    live = {row.id for row in rows}
    for name in names:
        if kept.get(keys[name]) in live:
            result.members[name] = kept[keys[name]]
            continue
        candidates = [row for row in rows if row.display_name_key == keys[name]]
        chosen = _the_one_meant(name, candidates)
        if chosen is not None:
            result.members[name] = chosen
        elif candidates:
            result.ambiguous.append(name)
    return result


def _the_one_meant(name: str, candidates) -> int | None:
    for same in (lambda a, b: True, _same_up_to_case, _same_exactly):
        candidates = [row for row in candidates if same(row.display_name, name)]
        if len(candidates) == 1:
            return candidates[0].id
        if not candidates:
            return None
    return None


def _same_up_to_case(a: str, b: str) -> bool:
    return unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b).casefold()


def _same_exactly(a: str, b: str) -> bool:
    return unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b)


def kept_members(post_id: int) -> dict[str, int]:
    """{name look: member id} of the mentions a post has now (before an edit)."""
    rows = db.session.execute(
        select(Mention.written, Mention.user_id).where(Mention.post_id == post_id)
    )
    return {name_key(written): user_id for written, user_id in rows}


def store(post_id: int, resolution: Resolution) -> None:
    """The post's mention rows: exactly the members this resolution names."""
    db.session.execute(Mention.__table__.delete().where(Mention.post_id == post_id))
    seen: set[int] = set()
    for written, user_id in resolution.members.items():
        if user_id not in seen:
            seen.add(user_id)
            db.session.add(Mention(post_id=post_id, user_id=user_id, written=written))
    db.session.flush()


def mark_in_html(rendered: str, resolution: Resolution) -> str:
    """Stored HTML with each resolved @[name] marked by its member's id (outside links
    and code, which keep what was written). Names that end up unmarked leave the
    resolution: only a mention the reader sees is stored and notified."""
    if not resolution.members:
        return rendered
    marked = _mark_all(rendered, resolution)
    ids = {int(i) for i in _MARK_IDS.findall(marked)}
    resolution.members = {n: i for n, i in resolution.members.items() if i in ids}
    return marked


def _mark_all(rendered: str, resolution: Resolution) -> str:
    by_name = {name.casefold(): user_id for name, user_id in resolution.members.items()}
    pieces, inside = [], []
    position = 0
    for tag in _TAG.finditer(rendered):
        pieces.append(_mark_text(rendered[position:tag.start()], by_name, inside))
        pieces.append(tag.group(0))
        _track(tag.group(0), inside)
        position = tag.end()
    pieces.append(_mark_text(rendered[position:], by_name, inside))
    return "".join(pieces)


def _track(tag: str, inside: list[str]) -> None:
    match = re.match(r"<(/?)([a-zA-Z0-9]+)", tag)
    if not match or match.group(2).lower() not in _NO_MENTIONS_INSIDE:
        return
    name = match.group(2).lower()
    if match.group(1):
        if name in inside:
            inside.remove(name)
    elif not tag.endswith("/>"):
        inside.append(name)


def _mark_text(escaped: str, by_name: dict[str, int], inside: list[str]) -> str:
    if inside or "@[" not in escaped:
        return escaped
    text = html_module.unescape(escaped)
    out, position = [], 0
    for match in MENTION_PATTERN.finditer(text):
        user_id = by_name.get(" ".join(match.group(1).split()).casefold())
        if user_id is None:
            continue
        out.append(str(escape(text[position:match.start()])))
        out.append(
            str(Markup('<a class="mention" data-member="{}">@{}</a>').format(
                user_id, " ".join(match.group(1).split())))
        )
        position = match.end()
    if not out:
        return escaped
    out.append(str(escape(text[position:])))
    return "".join(out)


@dataclass(frozen=True)
class MentionedMember:
    name: str
    profile_url: str | None  # None: the reader may not open the profile


def mentioned_members(htmls) -> dict[int, MentionedMember]:
    """The members marked in these stored HTMLs, as the current reader may see them:
    one query for any number of posts, none when nothing is mentioned."""
    ids = {int(i) for html in htmls if html and 'data-member="' in html
           for i in _MARK_IDS.findall(html)}
    if not ids:
        return {}
    rows = db.session.execute(
        select(User.id, User.display_name, User.deleted_at, User.profile_public,
               User.is_suspended).where(User.id.in_(ids))
    ).all()
    members = {}
    for row in rows:
        target = _Target(row.id, row.deleted_at is not None, bool(row.profile_public),
                         bool(row.is_suspended))
        if target.is_deleted:
            members[row.id] = MentionedMember("former member", None)
            continue
        url = url_for("accounts.profile", user_id=row.id) if can_view_profile(
            current_user, target) else None
        members[row.id] = MentionedMember(row.display_name, url)
    return members


_MARK_IDS = re.compile(r'<a class="mention" data-member="([0-9]+)">')


@dataclass(frozen=True)
class _Target:
    """What accounts.permissions.can_view_profile asks of a profile's owner."""

    id: int
    is_deleted: bool
    profile_public: bool
    is_suspended: bool


def present(stored: str, members: dict[int, MentionedMember]) -> str:
    """Stored HTML with each mention drawn for this reader, under the member's name now."""
    if not stored or 'data-member="' not in stored:
        return stored

    def draw(match: re.Match) -> str:
        member = members.get(int(match.group(1)))
        if member is None:  # not looked up: the name as written, unlinked
            return f'<span class="mention">{match.group(2)}</span>'
        if member.profile_url:
            return str(Markup('<a class="mention" href="{}">@{}</a>').format(
                member.profile_url, member.name))
        return str(Markup('<span class="mention">@{}</span>').format(member.name))

    return _MARK.sub(draw, stored)
