"""A draft's parts, rendered once at submit time, and the case snapshot built from them.

The preview is the reading model over a CaseDocument (cases/documents.py), the same
frozen snapshot published cases give the case page, so authors see what readers will.
Parts are numbered exactly as the importer stores them (`position` in file order,
`after_decision` the decisions before a section), so what unfolds when is the same.
"""
from __future__ import annotations

from ..cases.documents import CaseDocument, DecisionDocument, OptionDocument, SectionDocument
from ..cases.format import ParsedCase, ParsedDecision


def document_data(parsed: ParsedCase) -> dict:
    """The parsed case as JSON-ready data: its facts and its rendered parts."""
    meta = parsed.meta
    sections, decisions = [], []
    before = 0
    for position, part in enumerate(parsed.parts):
        if isinstance(part, ParsedDecision):
            before += 1
            decisions.append({
                "key": part.key, "number": before, "position": position,
                "question": part.question, "prompt_html": part.prompt_html,
                "actual_choice": part.actual_choice, "outcome_html": part.outcome_html,
                "hindsight_html": part.hindsight_html,
                "debate_prompts": list(part.debate_prompts),
                "options": [{"label": o.label, "html": o.html} for o in part.options],
                "line": part.line,
            })
        else:
            sections.append({"position": position, "after_decision": before,
                             "heading": part.heading, "html": part.html, "line": part.line})
    return {
        "slug": meta.slug, "title": meta.title, "summary": meta.summary, "level": meta.level,
        "organization": meta.organization, "industry": meta.industry, "year": meta.year,
        "region": meta.region, "sector": meta.sector, "authors": list(meta.authors),
        "sources": list(meta.sources), "competencies": list(dict.fromkeys(meta.competencies)),
        "sections": sections, "decisions": decisions,
    }


def draft_document(data: dict, version_key: str) -> CaseDocument:
    """The snapshot of a draft. Its decisions get ids of their own (their numbers),
    never looked up in the database: a draft has no readers' records or holds."""
    return CaseDocument(
        id=0,
        slug=data["slug"],
        title=data["title"],
        summary=data["summary"],
        level=data["level"],
        organization=data["organization"],
        industry=data["industry"],
        year=data["year"],
        region=data["region"],
        sector=data["sector"],
        authors=tuple(data["authors"]),
        sources=tuple(data["sources"]),
        decision_count=len(data["decisions"]),
        competency_names=tuple(data["competencies"]),
        sections=tuple(
            SectionDocument(s["position"], s["after_decision"], s["heading"], s["html"])
            for s in data["sections"]
        ),
        decisions=tuple(
            DecisionDocument(
                id=d["number"], key=d["key"], number=d["number"], position=d["position"],
                question=d["question"], prompt_html=d["prompt_html"],
                actual_choice=d["actual_choice"], outcome_html=d["outcome_html"],
                hindsight_html=d["hindsight_html"],
                debate_prompts=tuple(d["debate_prompts"]),
                options=tuple(OptionDocument(o["label"], o["html"]) for o in d["options"]),
            )
            for d in data["decisions"]
        ),
        version=version_key,
    )
