"""The cohorts section of a member's data download: the cohorts they are in, their part
in each, and when they joined. Nothing of other members."""
from __future__ import annotations

from sqlalchemy import select

from ..accounts.export import export_section
from ..panels import Panel, provides
from ..extensions import db
from .models import Cohort, CohortMember


@provides("account.export")
def cohorts_section(user, **_) -> Panel:
    return export_section("cohorts", cohorts_export(user))


def cohorts_export(user) -> list[dict]:
    rows = db.session.execute(
        select(Cohort.name, CohortMember.role, CohortMember.joined_at)
        .join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .where(CohortMember.user_id == user.id)
        .order_by(CohortMember.joined_at, Cohort.id)
    ).all()
    return [{"cohort": name, "role": role, "joined_at": joined} for name, role, joined in rows]
