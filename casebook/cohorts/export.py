"""The cohorts section of a member's data download: the cohorts they are in, their part
in each, and when they joined. Nothing of other members."""
from __future__ import annotations

from sqlalchemy import select

from ..accounts.export import register_export_section
from ..extensions import db
from .models import Cohort, CohortMember


@register_export_section("cohorts")
def cohorts_export(user) -> list[dict]:
    rows = db.session.execute(
        select(Cohort.name, CohortMember.role, CohortMember.joined_at)
        .join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .where(CohortMember.user_id == user.id)
        .order_by(CohortMember.joined_at, Cohort.id)
    ).all()
    return [{"cohort": name, "role": role, "joined_at": joined} for name, role, joined in rows]
