"""The plan JSON of DESIGN.md section 7: what ``show --json`` prints and scripts read."""

import datetime as dt
from collections.abc import Sequence
from typing import Any, assert_never

from desktop_app.domain.deadlines import Deadline, DeadlineKind
from desktop_app.domain.plans import Plan, Section, UnitRef


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def deadline_json(d: Deadline) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": d.kind.value, "text": d.text}
    match d.kind:
        case DeadlineKind.DATE:
            out |= {"date": _date(d.on), "before": d.before}
        case DeadlineKind.MONTH:
            out["month"] = f"{d.year:04d}-{d.month:02d}"
        case DeadlineKind.QUARTER:
            out["quarter"] = f"{d.year:04d}-Q{d.quarter}"
        case DeadlineKind.YEAR:
            out["year"] = d.year
        case DeadlineKind.RECURRING:
            out |= {"rrule": d.rrule, "start": _date(d.start), "before": d.before}
        case DeadlineKind.ONGOING | DeadlineKind.UNDATED | DeadlineKind.NONE:
            pass  # the kind says it all
        case unknown:
            assert_never(unknown)
    return out


def _section(s: Section) -> dict[str, Any]:
    return {
        "label": s.label,
        "title": s.title,
        "run_in": s.run_in,
        "paragraphs": list(s.paragraphs),
        "children": [_section(c) for c in s.children],
    }


def _names(refs: Sequence[UnitRef]) -> list[str]:
    return [r.name for r in refs]


def plan_to_json(plan: Plan, findings: Sequence[dict[str, str]] = ()) -> dict[str, Any]:
    """The plan as plain JSON-ready data; units and hamlets by name."""
    paths = plan.section_paths()
    rule_texts = {r.id: r.text for r in plan.event_rules}
    return {
        "id": plan.id,
        "system": plan.system.value,
        "issuer": {"name": plan.issuer.name, "parent": plan.issuer.parent},
        "number": plan.number,
        "symbol": plan.symbol,
        "reference": plan.reference,
        "place": plan.place,
        "date": _date(plan.date),
        "doc_type": plan.doc_type,
        "type_line": plan.type_line,
        "title": plan.title,
        "status": plan.status.value,
        "notes": plan.notes,
        "bases": list(plan.bases),
        "preamble": list(plan.preamble),
        "sections": [_section(s) for s in plan.sections],
        "closing": list(plan.closing),
        "tasks": [
            {
                "id": t.id,
                "text": t.text,
                "section": paths.get(t.section_id) if t.section_id else None,
                "lead": _names(t.lead),
                "support": _names(t.support),
                "deadline": deadline_json(t.deadline),
                "output": t.output,
                "status": t.status.value,
                "note": t.note,
            }
            for t in plan.tasks
        ],
        "event_rules": [
            {
                "id": r.id,
                "text": r.text,
                "rrule": r.rrule,
                "start": _date(r.start),
                "label_pattern": r.label_pattern,
            }
            for r in plan.event_rules
        ],
        "events": [
            {
                "id": e.id,
                "label": e.label,
                # A day the file cannot read is not given as its stand-in: read back,
                # that would become the event's day.
                "date": None if e.date_unreadable else _date(e.date),
                "time": e.time,
                "place": e.place,
                "rule": rule_texts.get(e.rule_id) if e.rule_id else None,
                "rule_date": _date(e.rule_date),
                "all_hamlets": e.all_hamlets,
                "note": e.note,
            }
            for e in plan.events
        ],
        "assignments": [
            {
                "unit": a.unit.name,
                "prefix": a.prefix,
                "hamlets": [h.name for h in a.hamlets],
                "note": a.note,
            }
            for a in plan.assignments
        ],
        "recipients": [
            {"text": r.text, "note": r.note, "role": r.role.value} for r in plan.recipients
        ],
        "signature": {
            "authority": plan.signature.authority,
            "position": plan.signature.position,
            "signer": plan.signature.signer,
        },
        "appendices": [
            {
                "kind": a.kind.value,
                "title": a.title,
                "attached_line": a.attached_line,
                "paragraphs": list(a.paragraphs),
            }
            for a in plan.appendices
        ],
        "measures": list(plan.measures),
        "findings": list(findings),
    }
