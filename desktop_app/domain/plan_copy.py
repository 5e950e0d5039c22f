"""A plan copied for next year's campaign, and rows joined when two units become one."""

import datetime as dt
import re
from dataclasses import replace

from desktop_app.domain.deadline_parser import DeadlineNotUnderstoodError, parse_deadline
from desktop_app.domain.deadlines import Deadline
from desktop_app.domain.ids import (
    AppendixId,
    AssignmentId,
    PlanId,
    RecipientId,
    SectionId,
    TaskId,
    new_id,
)
from desktop_app.domain.plans import Assignment, Plan, PlanStatus, Section
from desktop_app.domain.text import clean


def copy_plan(plan: Plan, years: int = 0) -> Plan:
    """A new draft with the same content and fresh ids, its dated deadlines moved by ``years``.

    The number and date are cleared (a new plan gets its own when issued) and the years in
    the title's own year moves too ("năm 2026" -> "năm 2027"). Campaign days are not copied: their
    weekdays differ from year to year, so the clerk generates them again from the rule.
    """

    def section(s: Section) -> Section:
        new = SectionId(new_id())
        section_ids[s.id] = new
        return replace(s, id=new, children=tuple(section(c) for c in s.children))

    section_ids: dict[str, SectionId] = {}
    sections = tuple(section(s) for s in plan.sections)
    tasks = tuple(
        replace(
            t,
            id=TaskId(new_id()),
            deadline=shift_deadline(t.deadline, years),
            section_id=section_ids.get(t.section_id) if t.section_id else None,
        )
        for t in plan.tasks
    )
    return replace(
        plan,
        id=PlanId(new_id()),
        status=PlanStatus.DRAFT,
        number=None,
        date=None,
        title=shift_plan_years(plan.title, years),
        sections=sections,
        tasks=tasks,
        event_rules=(),
        events=(),
        assignments=tuple(replace(a, id=AssignmentId(new_id())) for a in plan.assignments),
        recipients=tuple(replace(r, id=RecipientId(new_id())) for r in plan.recipients),
        appendices=tuple(replace(a, id=AppendixId(new_id())) for a in plan.appendices),
    )


def shift_plan_years(title: str, years: int) -> str:
    """The title's own year moved: "năm 2026" -> "năm 2027".

    Only a year written after "năm" is the plan's; the dates of the documents it cites
    ("Kết luận số 48-KL/TW, ngày 30-01-2023") stay as they are.
    """
    if not years:
        return title
    return re.sub(r"(?<=năm )(20\d{2})(?!\d)", lambda m: str(int(m.group(1)) + years), title)


def shift_years_in_text(text: str, years: int) -> str:
    """Every year 20xx of the text moved by ``years``."""
    if not years:
        return text
    return re.sub(r"(?<!\d)(20\d{2})(?!\d)", lambda m: str(int(m.group(1)) + years), text)


def shift_deadline(deadline: Deadline, years: int) -> Deadline:
    """The same deadline ``years`` later.

    A recurring one keeps its rule with its first day and its end (UNTIL) moved; an
    ongoing one is kept as it is.
    """
    if not years:
        return deadline
    if deadline.is_recurring:
        rule = re.sub(
            r"UNTIL=(\d{4})",
            lambda m: f"UNTIL={int(m.group(1)) + years:04d}",
            deadline.rrule or "",
        )
        start = _plus_years(deadline.start, years) if deadline.start else None
        return replace(deadline, rrule=rule, start=start)
    if deadline.year is None and deadline.on is None:
        return deadline
    text = shift_years_in_text(deadline.text, years)
    try:
        return parse_deadline(text)
    except DeadlineNotUnderstoodError:
        return deadline


def _plus_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def merge_assignment_rows(rows: tuple[Assignment, ...], moved: set[str]) -> tuple[Assignment, ...]:
    """The ``moved`` rows (now of the kept unit) join the kept unit's own row, if it has one.

    Hamlets keep their order without repeats; notes are joined. Other rows are untouched.
    """
    unit_id = next((r.unit.id for r in rows if r.id in moved), None)
    target = next((r for r in rows if r.unit.id == unit_id and r.id not in moved), None)
    if target is None:
        return rows
    extra = [r for r in rows if r.id in moved]
    joined = replace(
        target,
        hamlets=tuple(dict.fromkeys(h for r in (target, *extra) for h in r.hamlets)),
        note=clean(" ".join(r.note for r in (target, *extra))),
    )
    return tuple(joined if r.id == target.id else r for r in rows if r.id not in moved)
