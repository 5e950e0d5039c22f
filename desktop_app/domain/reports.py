"""The progress report (Báo cáo kết quả thực hiện Kế hoạch số ...), computed from the data.

What the clerk writes (the date, difficulties, proposals, Nơi nhận, signature) is a
:class:`ProgressReport`; what the units and hamlets reported becomes a
:class:`ProgressSummary`; :func:`report_sections` turns both into the report's body, the
same section tree a plan has, so one Word layout prints plans and reports.
"""

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from desktop_app.domain.calendar import ItemState
from desktop_app.domain.deadlines import date_text
from desktop_app.domain.ids import EventId, HamletId, PlanId, ReportId, SectionId, TaskId, UnitId
from desktop_app.domain.plans import (
    Event,
    Plan,
    Recipient,
    RecipientRole,
    Section,
    Signature,
    System,
    Task,
    TaskStatus,
    UnitRef,
    issuer_in_text,
    plan_in_text,
)
from desktop_app.domain.progress import TASK_STATE_LABELS, ProgressEntry, TaskState
from desktop_app.domain.text import roman


@dataclass(frozen=True)
class ProgressReport:
    """A report on one plan, as the clerk fills it in before printing.

    Attributes:
        date: the report's date; progress up to this day is counted.
        number: its register number, None while blank.
        difficulties: "Khó khăn, vướng mắc", one paragraph per line.
        proposals: "Đề xuất, kiến nghị", one paragraph per line.
    """

    id: ReportId
    plan_id: PlanId
    date: dt.date
    number: int | None = None
    difficulties: str = ""
    proposals: str = ""
    recipients: tuple[Recipient, ...] = ()
    signature: Signature = field(default_factory=Signature)
    # What its stored row gets wrong (read to print, see check-db), flagged in the printed
    # difficulties.
    problems: tuple[str, ...] = ()


def report_symbol(plan: Plan) -> str:
    """The report's symbol from its plan's: "KH-UBND" -> "BC-UBND", "KH/TU" -> "BC/TU"."""
    symbol = plan.symbol or ("KH-UBND" if plan.system is System.STATE else "KH/ĐU")
    return re.sub(r"^[^/\-]+", "BC", symbol, count=1)


@dataclass(frozen=True)
class TaskProgress:
    """One task on the report's day, with what was reported about it (oldest first)."""

    task: Task
    state: TaskState
    percent: int | None = None
    results: tuple[tuple[dt.date, str], ...] = ()  # (reported on, what was done)


@dataclass(frozen=True)
class HamletResult:
    """What one hamlet reported for one campaign day."""

    hamlet: str
    figures: dict[str, float]
    texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventProgress:
    event: Event
    hamlets: tuple[HamletResult, ...] = ()

    def totals(self) -> dict[str, float]:
        """Each measure summed over the hamlets, in the order the measures first appear."""
        sums: dict[str, float] = {}
        for result in self.hamlets:
            for name, value in result.figures.items():
                sums[name] = sums.get(name, 0.0) + value
        return sums


@dataclass(frozen=True)
class ProgressSummary:
    """The numbers a report needs: every task's state, and each past campaign day."""

    day: dt.date
    tasks: tuple[TaskProgress, ...]
    events: tuple[EventProgress, ...] = ()

    def count(self, state: TaskState) -> int:
        return sum(1 for t in self.tasks if t.state is state)

    def counts_text(self, separator: str = ", ") -> str:
        """The count of each state: "hoàn thành 1, đang thực hiện 1, quá hạn 3, …"."""
        return separator.join(f"{TASK_STATE_LABELS[s].lower()} {self.count(s)}" for s in TaskState)

    def by_lead_unit(self) -> list[tuple[UnitRef, list[TaskProgress]]]:
        """Each lead unit with the tasks it leads, in the order units first lead."""
        groups: dict[UnitId, tuple[UnitRef, list[TaskProgress]]] = {}
        for progress in self.tasks:
            for unit in progress.task.lead:
                groups.setdefault(unit.id, (unit, []))[1].append(progress)
        return list(groups.values())


def _state(
    task: Task,
    entries: Sequence[ProgressEntry],
    due_states: Sequence[tuple[dt.date, ItemState]],
) -> tuple[TaskState, int | None]:
    status = task.status
    percent: int | None = None
    done_occurrences: set[dt.date] = set()
    for entry in entries:  # oldest first: the last word wins
        if entry.status is not None:
            status = entry.status
            if entry.occurrence is not None and entry.status is TaskStatus.DONE:
                done_occurrences.add(entry.occurrence)
        if entry.percent is not None:
            percent = entry.percent
    late = any(
        state is ItemState.OVERDUE and due not in done_occurrences for due, state in due_states
    )
    if task.deadline.is_recurring:
        if late:
            return TaskState.OVERDUE, percent
        if status is TaskStatus.DONE and not done_occurrences:
            return TaskState.DONE, percent
        started = (
            entries
            or status is not TaskStatus.NOT_STARTED
            or any(state is ItemState.DONE for _, state in due_states)
        )
        return (TaskState.IN_PROGRESS if started else TaskState.NOT_STARTED), percent
    if status is TaskStatus.DONE or percent == 100:
        return TaskState.DONE, percent
    if late:
        return TaskState.OVERDUE, percent
    if status is TaskStatus.IN_PROGRESS or entries:
        return TaskState.IN_PROGRESS, percent
    return TaskState.NOT_STARTED, percent


def progress_summary(
    plan: Plan,
    entries: Iterable[ProgressEntry],
    due_states: Mapping[TaskId, Sequence[tuple[dt.date, ItemState]]],
    hamlet_names: Mapping[HamletId, str],
    day: dt.date,
) -> ProgressSummary:
    """Where every task and campaign day of ``plan`` stands on ``day``.

    Args:
        plan: the plan reported on.
        entries: the plan's progress entries; those reported after ``day`` are left out.
        due_states: for each task, its due dates up to ``day`` (one per occurrence of a
            recurring deadline) with the calendar's state on ``day``.
        hamlet_names: names of the hamlets entries may name.
        day: the report's date.
    """
    known = sorted(
        (e for e in entries if e.reported_on <= day and e.plan_id == plan.id),
        key=lambda e: e.reported_on,
    )
    by_task: dict[TaskId, list[ProgressEntry]] = {}
    by_event: dict[EventId, list[ProgressEntry]] = {}
    for entry in known:
        if entry.task_id is not None:
            by_task.setdefault(entry.task_id, []).append(entry)
        elif entry.event_id is not None:
            by_event.setdefault(entry.event_id, []).append(entry)
    tasks = []
    for task in plan.tasks:
        reported = by_task.get(task.id, [])
        state, percent = _state(task, reported, due_states.get(task.id, ()))
        results = tuple((e.reported_on, e.text.strip()) for e in reported if e.text.strip())
        tasks.append(TaskProgress(task, state, percent, results))
    events = []
    for event in sorted(plan.events, key=lambda e: e.date):
        if event.date > day:
            continue
        per_hamlet: dict[str, tuple[dict[str, float], list[str]]] = {}
        for entry in by_event.get(event.id, []):
            name = hamlet_names.get(entry.hamlet_id, "") if entry.hamlet_id else ""
            figures, texts = per_hamlet.setdefault(name or "Chung toàn xã", ({}, []))
            for measure, value in entry.figures.items():
                figures[measure] = figures.get(measure, 0.0) + value
            if entry.text.strip():
                texts.append(entry.text.strip())
        hamlets = tuple(HamletResult(n, f, tuple(t)) for n, (f, t) in per_hamlet.items())
        events.append(EventProgress(event, hamlets))
    return ProgressSummary(day, tuple(tasks), tuple(events))


def number_text(value: float) -> str:
    """A figure the Vietnamese way: "12", "1,5", "1.250"."""
    if value == int(value):
        return f"{int(value):,}".replace(",", ".")
    whole, fraction = f"{value:.2f}".rstrip("0").split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + fraction


def _figures_text(figures: Mapping[str, float]) -> str:
    return "; ".join(f"{name}: {number_text(value)}" for name, value in figures.items())


def _task_text(text: str) -> str:
    """The task's whole text on one line (a report never cuts it: the reader needs all)."""
    return " ".join(text.split()).lstrip("-+• ").rstrip(" .;:,")


def _lower_first(text: str) -> str:
    """Lower the first letter ("Tổ chức ..." -> "tổ chức ..."), not an acronym's ("UBND")."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def plan_citation(plan: Plan, *, by_issuer: bool = True) -> str:
    """How running text cites the plan: "Kế hoạch số 12/KH-UBND ngày 02/01/2026 của ...".

    A plan without a number is cited by its title and date: "Kế hoạch \u201cTổ chức ra
    quân\u201d ngày 02/01/2026" (:func:`plan_in_text`).
    """
    parts = [plan_in_text(plan, full_title=True)]
    if plan.date is not None and plan.number is not None:
        parts.append(f"ngày {date_text(plan.date)}")
    issuer = issuer_in_text(plan)
    if issuer and by_issuer:
        parts.append(f"của {issuer}")
    return " ".join(parts)


def report_title(plan: Plan) -> str:
    """The report's trích yếu: "Kết quả thực hiện Kế hoạch số ... về ..."."""
    subject = _lower_first(plan.title.strip())
    # A plan without a number is named by its date, as a numbered one is by number and date.
    title = "Kết quả thực hiện Kế hoạch"
    if plan.number is not None:
        title += f" số {plan.reference}"
    if plan.date is not None:
        title += f" ngày {date_text(plan.date)}"
    return f"{title} về {subject}" if subject else title


def report_preamble(plan: Plan, report: ProgressReport) -> str:
    """The report's opening line; the issuer reports on its own plan, so it is named once."""
    issuer = issuer_in_text(plan) or "Cơ quan"
    return (
        f"Thực hiện {plan_citation(plan, by_issuer=False)}, {issuer} báo cáo kết quả thực "
        f"hiện đến ngày {date_text(report.date)} như sau:"
    )


def report_closing(plan: Plan) -> str:
    return f"Trên đây là báo cáo kết quả thực hiện {plan_citation(plan)}./."


def _task_line(progress: TaskProgress) -> str:
    line = f"+ {_task_text(progress.task.text)}: {TASK_STATE_LABELS[progress.state].lower()}"
    # A percentage is shown only where it agrees with the state: "quá hạn (100%)" (a
    # recurring task whose latest round was done, an earlier one missed) contradicts itself.
    percent = progress.percent
    if percent is not None and 0 < percent < 100 and progress.state is not TaskState.DONE:
        line += f" ({percent}%)"
    if progress.results:
        day, text = progress.results[-1]
        line += f"; báo cáo ngày {date_text(day)}: {text.rstrip(' .;')}"
    return line + "."


def report_sections(
    plan: Plan, report: ProgressReport, summary: ProgressSummary
) -> tuple[Section, ...]:
    """The report's body, as a section tree like a plan's.

    I. results (overall, by unit, overdue tasks, campaign days), then the difficulties and
    the proposals the clerk wrote; a part with nothing in it is left out.
    """
    counter = iter(range(1, 10_000))

    def section(
        label: str, title: str, paragraphs: Sequence[str] = (), children: Sequence[Section] = ()
    ) -> Section:
        return Section(
            SectionId(f"report-{next(counter)}"), label, title, tuple(paragraphs), tuple(children)
        )

    results: list[Section] = []
    for title, lines in (
        ("Tình hình chung", _overall_lines(summary)),
        ("Kết quả của các cơ quan, đơn vị", _unit_lines(summary)),
        ("Các nhiệm vụ quá hạn", _overdue_lines(summary)),
        ("Kết quả các đợt ra quân tại các xóm", _campaign_lines(summary)),
    ):
        if lines:
            results.append(section(f"{len(results) + 1}.", title, lines))
    body = [section("I.", "KẾT QUẢ THỰC HIỆN", (), results)]
    for title, text in (
        ("KHÓ KHĂN, VƯỚNG MẮC", report.difficulties),
        ("ĐỀ XUẤT, KIẾN NGHỊ", report.proposals),
    ):
        paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
        if paragraphs:
            body.append(section(f"{roman(len(body) + 1)}.", title, paragraphs))
    return tuple(body)


def _overall_lines(summary: ProgressSummary) -> list[str]:
    total = len(summary.tasks)
    overall = [
        f"Kế hoạch có {total} nhiệm vụ. Đến ngày {date_text(summary.day)}: "
        f"{summary.counts_text('; ')}."
    ]
    if total:
        done = summary.count(TaskState.DONE)
        overall.append(f"Tỷ lệ hoàn thành: {round(100 * done / total)}%.")
    return overall


def _unit_lines(summary: ProgressSummary) -> list[str]:
    """Each lead unit's tally, then its tasks."""
    unit_lines: list[str] = []
    for unit, group in summary.by_lead_unit():
        tally = ", ".join(
            f"{TASK_STATE_LABELS[s].lower()} {n}"
            for s in TaskState
            if (n := sum(1 for g in group if g.state is s))
        )
        unit_lines.append(f"- {unit.name}: chủ trì {len(group)} nhiệm vụ ({tally}).")
        unit_lines += [_task_line(g) for g in group]
    return unit_lines


def _overdue_lines(summary: ProgressSummary) -> list[str]:
    lines = []
    for g in summary.tasks:
        if g.state is TaskState.OVERDUE:
            leads = ", ".join(u.name for u in g.task.lead) or "chưa giao đơn vị chủ trì"
            deadline = g.task.deadline.summary()
            lines.append(f"- {_task_text(g.task.text)} ({leads}; thời hạn: {deadline}).")
    return lines


def _day_in_brackets(event: Event, before: str = "") -> str:
    """The day after a campaign day's name, " (ngày 08/12/2025)"; none if it cannot be read."""
    return "" if event.date_unreadable else f" ({before}{date_text(event.date)})"


def _campaign_lines(summary: ProgressSummary) -> list[str]:
    """Each campaign day the hamlets reported on, with what they did; then the silent days."""
    lines = []
    for progress in summary.events:
        event = progress.event
        head = f"- {event.label}" + _day_in_brackets(event, "ngày ")
        if not progress.hamlets:
            continue
        totals = _figures_text(progress.totals())
        lines.append(
            f"{head}: {len(progress.hamlets)} xóm báo cáo"
            + (f"; tổng cộng {totals}." if totals else ".")
        )
        for hamlet in progress.hamlets:
            parts = [p for p in (_figures_text(hamlet.figures), *hamlet.texts) if p]
            lines.append(f"+ {hamlet.hamlet}: {'; '.join(parts) or 'đã báo cáo'}.")
    silent = [
        f"{p.event.label}{_day_in_brackets(p.event)}" for p in summary.events if not p.hamlets
    ]
    if silent:
        lines.append(f"- Chưa có xóm nào báo cáo: {', '.join(silent)}.")
    return lines


def default_report_recipients(plan: Plan) -> tuple[Recipient, ...]:
    """Who a report goes to, to start from.

    The plan's readers who get it "(b/c)" (or its first two lines), then its archive line.
    """
    readers = [r for r in plan.recipients if r.role is RecipientRole.TO]
    above = [r for r in readers if "b/c" in r.note] or readers[:2]
    archive = [r for r in plan.recipients if r.role is RecipientRole.ARCHIVE]
    return tuple(above + archive[:1])
