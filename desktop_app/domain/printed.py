"""What a plan prints, beyond the text it was given: its tasks, and where they go.

A plan typed in the editor has tasks but no body text about them; printed as "- text" the
lead, support units and deadline would be lost on paper. Each task the body does not already
mention is printed in its section with who leads, who supports and by when, or, when the
plan has a task-table appendix (the clerk's choice), listed there and referred to once from
the body. An imported plan's body already says all of it and is printed as written. The
Word export and the on-screen preview both print from here, so they show the same thing.
"""

from collections.abc import Sequence

from desktop_app.domain.guides import GUIDE_RULES, GuideRules, guide_for
from desktop_app.domain.plans import (
    Appendix,
    AppendixKind,
    Plan,
    Section,
    Task,
    task_line,
    walk_sections,
)
from desktop_app.domain.text import roman

TASKS_APPENDIX_TITLE = "Danh mục nhiệm vụ"
TASK_TABLE_COLUMNS = (
    "TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian hoàn thành", "Sản phẩm",
)  # fmt: skip


def heading_text(section: Section) -> str:
    label, title = section.label.strip(), " ".join(section.title.split())
    return f"{label} {title}".strip() if label else title


def appendix_heading(plan: Plan, appendix: Appendix, rules: GuideRules) -> str:
    """The appendix's heading: "Phụ lục", or numbered among several.

    "Phụ lục II" under NĐ 30 (III.1), "Phụ lục 2" under the Party guides (HD 05 II.1).
    """
    if len(plan.appendices) < 2:
        return "Phụ lục"
    index = plan.appendices.index(appendix) + 1
    return f"Phụ lục {index if rules.appendix_arabic else roman(index)}"


def _mentioned(task: Task, texts: Sequence[str]) -> bool:
    key = " ".join(task.text.split())[:80]
    return any(key in " ".join(text.split()) for text in texts)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def tasks_appendix(plan: Plan) -> Appendix | None:
    """The plan's task-table appendix, if the clerk chose to print its tasks as one."""
    return next((a for a in plan.appendices if a.kind is AppendixKind.TASKS), None)


def tasks_reference(plan: Plan) -> str:
    """The body's one line sending the reader to the task table."""
    appendix = tasks_appendix(plan)
    assert appendix is not None
    rules = GUIDE_RULES[guide_for(plan.system, plan.date)]
    heading = appendix_heading(plan, appendix, rules)
    return (
        "Nhiệm vụ cụ thể, cơ quan chủ trì, cơ quan phối hợp và thời gian hoàn thành tại "
        f"{heading} kèm theo Kế hoạch này."
    )


def _unprinted(plan: Plan, task: Task, texts: Sequence[str]) -> bool:
    return bool(task.text.strip()) and not _mentioned(task, texts)


def loose_task_lines(plan: Plan) -> tuple[str, ...]:
    """Tasks in no section (or one since deleted) that the body does not mention."""
    sections = [section for _, section in walk_sections(plan.sections)]
    known = {s.id for s in sections}
    texts = [*plan.bases, *plan.preamble, *plan.closing]
    texts += [p for s in sections for p in s.paragraphs]
    loose = [t for t in plan.tasks if t.section_id not in known and _unprinted(plan, t, texts)]
    if not loose:
        return ()
    if tasks_appendix(plan) is not None:
        placed = any(
            t.section_id in known
            and _unprinted(plan, t, [p for s in sections for p in s.paragraphs])
            for t in plan.tasks
        )
        return () if placed else (tasks_reference(plan),)
    return tuple(task_line(task) for task in loose)


def sections_with_tasks(plan: Plan) -> tuple[Section, ...]:
    """The sections, each followed by its tasks that the body does not already mention.

    With a task-table appendix the first such section says once where the tasks are.
    """
    by_section: dict[str, list[Task]] = {}
    for task in plan.tasks:
        if task.section_id is not None and task.text.strip():
            by_section.setdefault(task.section_id, []).append(task)
    table = tasks_appendix(plan) is not None
    referred = False

    def fill(section: Section) -> Section:
        nonlocal referred
        missing = [
            task
            for task in by_section.get(section.id, [])
            if not _mentioned(task, section.paragraphs)
        ]
        extra: tuple[str, ...]
        if table:
            extra = (tasks_reference(plan),) if missing and not referred else ()
            referred = referred or bool(missing)
        else:
            extra = tuple(task_line(task) for task in missing)
        children = tuple(fill(child) for child in section.children)
        if not extra and children == section.children:
            return section
        return Section(
            section.id,
            section.label,
            section.title,
            section.paragraphs + extra,
            children,
            section.run_in,
        )

    return tuple(fill(section) for section in plan.sections)


def _group_headings(sections: Sequence[Section], above: str = "") -> dict[str, str]:
    """Each section's group row: its own heading, else the nearest titled one above it.

    A section without a title would print a bare "1." as its group row.
    """
    headings: dict[str, str] = {}
    for section in sections:
        own = heading_text(section) if section.title.strip() else above
        headings[section.id] = own
        headings.update(_group_headings(section.children, own))
    return headings


def task_table_rows(plan: Plan) -> list[Sequence[str] | str]:
    """The rows of the task table: a group row (a string) before each section's tasks."""
    headings = _group_headings(plan.sections)
    rows: list[Sequence[str] | str] = []
    group: str | None = None
    for number, task in enumerate(plan.tasks, start=1):
        heading = headings.get(task.section_id, "") if task.section_id is not None else ""
        if heading and heading != group:
            rows.append(heading)
            group = heading
        rows.append(
            (
                str(number),
                task.text.strip().lstrip("-+ "),
                ", ".join(u.name for u in task.lead),
                ", ".join(u.name for u in task.support),
                " ".join(task.deadline.summary().split()),
                task.output,
            )
        )
    return rows
