"""Field-by-field agreement between a plan read from a document and the expected plan.

Used by the seed and Word round-trip tests; ``python -m tests.imports.plan_agreement`` prints
the figures for every seed.
"""

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop_app.domain.deadlines import Deadline
from desktop_app.domain.ids import SectionId
from desktop_app.domain.plans import Plan, walk_sections
from desktop_app.domain.text import fold, name_key


@dataclass
class Tally:
    matched: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        if ok:
            self.matched += 1
        else:
            self.misses.append(what)

    @property
    def share(self) -> float:
        return 1.0 if self.total == 0 else self.matched / self.total

    def __str__(self) -> str:
        return f"{self.matched}/{self.total}"


def _text_key(text: str) -> str:
    return " ".join(fold(re.sub(r"^[-+•*]\s*", "", text)).split())


def _names(refs: Iterable[object]) -> set[str]:
    return {name_key(getattr(r, "name", "")) for r in refs}


def _rule_core(rrule: str | None) -> str:
    parts = [p for p in (rrule or "").split(";") if p and not p.startswith("UNTIL=")]
    return ";".join(sorted(parts))


def deadline_meaning(d: Deadline) -> tuple[object, ...]:
    """What a deadline means, without its wording or a campaign's end date."""
    return (d.kind, d.on, d.before, d.year, d.month, d.quarter, _rule_core(d.rrule))


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _text_key(a), _text_key(b), autojunk=False).ratio()


def compare(expected: Plan, actual: Plan) -> dict[str, Tally]:
    """Per part of the plan, how many expected fields the actual plan has right."""
    out = {
        "header": _compare_header(expected, actual),
        "bases, preamble, closing": _compare_texts(expected, actual),
        "sections": _compare_sections(expected, actual),
    }
    out.update(_compare_tasks(expected, actual))
    out["events"] = _compare_events(expected, actual)
    out["assignment table"] = _compare_assignments(expected, actual)
    out["recipients"] = _compare_recipients(expected, actual)
    out["signature"] = _compare_signature(expected, actual)
    out["appendices"] = _compare_appendices(expected, actual)
    return out


def _compare_header(expected: Plan, actual: Plan) -> Tally:
    header = Tally()
    for name in ("system", "number", "symbol", "place", "date", "doc_type", "type_line"):
        header.add(getattr(expected, name) == getattr(actual, name), name)
    header.add(name_key(expected.issuer.name) == name_key(actual.issuer.name), "issuer")
    header.add(name_key(expected.issuer.parent) == name_key(actual.issuer.parent), "parent")
    header.add(_text_key(expected.title) == _text_key(actual.title), "title")
    return header


def _compare_texts(expected: Plan, actual: Plan) -> Tally:
    text = Tally()
    for part in ("bases", "preamble", "closing"):
        want, got = getattr(expected, part), getattr(actual, part)
        for i, item in enumerate(want):
            ok = i < len(got) and _text_key(item) == _text_key(got[i])
            text.add(ok, f"{part}[{i}]")
        text.add(len(want) == len(got), f"{part} count {len(want)} vs {len(got)}")
    return text


def _compare_sections(expected: Plan, actual: Plan) -> Tally:
    sections = Tally()
    got_sections = {path: s for path, s in walk_sections(actual.sections)}
    for path, section in walk_sections(expected.sections):
        section_got = got_sections.get(path)
        sections.add(
            section_got is not None and section_got.label == section.label, f"{path} label"
        )
        sections.add(
            section_got is not None and _text_key(section_got.title) == _text_key(section.title),
            f"{path} title",
        )
        sections.add(
            section_got is not None
            and [_text_key(p) for p in section_got.paragraphs]
            == [_text_key(p) for p in section.paragraphs],
            f"{path} paragraphs",
        )
    sections.add(len(got_sections) == sum(1 for _ in walk_sections(expected.sections)), "count")
    return sections


def _compare_tasks(expected: Plan, actual: Plan) -> dict[str, Tally]:
    """Each expected task matched with the most similar actual one, and its fields."""
    tasks, leads, support, deadlines, placed, extra = (Tally() for _ in range(6))
    want_paths = expected.section_paths()
    got_paths = actual.section_paths()
    unused = list(actual.tasks)
    for task in expected.tasks:
        best = max(unused, key=lambda t: _similar(t.text, task.text), default=None)
        if best is None or _similar(best.text, task.text) < 0.85:
            tasks.add(False, task.text[:70])
            for tally in (leads, support, deadlines, placed):
                tally.add(False, task.text[:50])
            continue
        unused.remove(best)
        tasks.add(True, task.text[:70])
        leads.add(_names(best.lead) == _names(task.lead), f"{task.text[:50]}: lead")
        support.add(_names(best.support) == _names(task.support), f"{task.text[:50]}: support")
        deadlines.add(
            deadline_meaning(best.deadline) == deadline_meaning(task.deadline),
            f"{task.text[:50]}: {task.deadline} vs {best.deadline}",
        )
        placed.add(
            want_paths.get(task.section_id or SectionId(""))
            == got_paths.get(best.section_id or SectionId("")),
            f"{task.text[:50]}: section",
        )
    for task in unused:
        extra.add(False, task.text[:70])
    return {
        "tasks found": tasks,
        "task lead": leads,
        "task support": support,
        "task deadline": deadlines,
        "task section": placed,
        "tasks not expected": extra,
    }


def _compare_events(expected: Plan, actual: Plan) -> Tally:
    events = Tally()
    got_events = {(e.label, e.date): e for e in actual.events}
    for event in expected.events:
        event_got = got_events.get((event.label, event.date))
        events.add(event_got is not None, f"{event.label} {event.date}")
        events.add(event_got is not None and event_got.place == event.place, f"{event.label} place")
    events.add(len(expected.events) == len(actual.events), "count")
    return events


def _compare_assignments(expected: Plan, actual: Plan) -> Tally:
    rows = Tally()
    for i, row in enumerate(expected.assignments):
        row_got = actual.assignments[i] if i < len(actual.assignments) else None
        rows.add(row_got is not None and _names([row_got.unit]) == _names([row.unit]), f"{i} unit")
        rows.add(
            row_got is not None
            and [name_key(h.name) for h in row_got.hamlets]
            == [name_key(h.name) for h in row.hamlets],
            f"{i} hamlets",
        )
        rows.add(row_got is not None and row_got.prefix == row.prefix, f"{i} prefix")
        rows.add(row_got is not None and row_got.note == row.note, f"{i} note")
    rows.add(len(expected.assignments) == len(actual.assignments), "count")
    return rows


def _compare_recipients(expected: Plan, actual: Plan) -> Tally:
    recipients = Tally()
    for i, r in enumerate(expected.recipients):
        recipient_got = actual.recipients[i] if i < len(actual.recipients) else None
        recipients.add(
            recipient_got is not None
            and (name_key(recipient_got.text), recipient_got.note, recipient_got.role)
            == (name_key(r.text), r.note, r.role),
            f"{r.text} {r.note} {r.role}",
        )
    recipients.add(len(expected.recipients) == len(actual.recipients), "count")
    return recipients


def _compare_signature(expected: Plan, actual: Plan) -> Tally:
    signature = Tally()
    for name in ("authority", "position", "signer"):
        signature.add(getattr(expected.signature, name) == getattr(actual.signature, name), name)
    return signature


def _compare_appendices(expected: Plan, actual: Plan) -> Tally:
    appendices = Tally()
    for i, a in enumerate(expected.appendices):
        appendix_got = actual.appendices[i] if i < len(actual.appendices) else None
        appendices.add(appendix_got is not None and appendix_got.kind == a.kind, f"{i} kind")
        appendices.add(
            appendix_got is not None and _text_key(appendix_got.title) == _text_key(a.title),
            f"{i} title",
        )
        appendices.add(
            appendix_got is not None and appendix_got.attached_line == a.attached_line,
            f"{i} attached line",
        )
    appendices.add(len(expected.appendices) == len(actual.appendices), "count")
    return appendices
