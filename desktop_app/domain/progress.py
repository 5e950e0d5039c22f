"""Progress: dated, append-only reports about a task, an occurrence or a campaign day.

A unit reports on a task (or on one due date of a recurring one): its status, a percent,
what was done, the document that proves it. A hamlet reports on a campaign day: the people
who took part and the plan's own measures. Each report is a :class:`ProgressEntry`; entries
are only ever added, and the newest one recorded about a thing is where it stands now.

:func:`progress_board` puts it all together for one plan on one day: a row per task or
occurrence (:class:`TaskRow`), a row per hamlet and campaign day (:class:`CampaignRow`), with
"overdue" computed from the deadline and never typed.
"""

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import EventId, HamletId, PlanId, ProgressId, TaskId, UnitId
from desktop_app.domain.plans import (
    TASK_STATUS_LABELS,
    Event,
    HamletRef,
    Plan,
    Task,
    TaskStatus,
    UnitRef,
    runs_late,
    walk_sections,
)
from desktop_app.domain.record_rules import FLAG_PREFIX
from desktop_app.domain.registry import Registry
from desktop_app.domain.text import clean, fold

# Recurring deadlines show their due dates up to this far ahead; later ones are not yet
# anybody's business, and a ten-year rule would otherwise fill the sheet.
LOOKAHEAD_DAYS = 45
MAX_TEXT = 4000  # characters in one report's text, note or document line
MAX_MEASURES = 12


@dataclass(frozen=True)
class ProgressKey:
    """What an entry is about: a task, one due date of a recurring task, or a hamlet's day."""

    task_id: TaskId | None = None
    occurrence: dt.date | None = None
    event_id: EventId | None = None
    hamlet_id: HamletId | None = None

    @property
    def is_campaign(self) -> bool:
        return self.event_id is not None

    def token(self) -> str:
        """The key as one string, for a hidden cell of a progress sheet."""
        if self.event_id is not None:
            return f"E:{self.event_id}:{self.hamlet_id or ''}"
        if self.occurrence is not None:
            return f"T:{self.task_id}@{self.occurrence.isoformat()}"
        return f"T:{self.task_id}"

    @classmethod
    def parse(cls, token: str) -> "ProgressKey":
        """The key written by :meth:`token`.

        Raises:
            ValueError: the text is not a key.
        """
        match = re.fullmatch(r"T:([0-9a-zA-Z_-]{1,64})(?:@(\d{4}-\d\d-\d\d))?", token)
        if match:
            day = dt.date.fromisoformat(match[2]) if match[2] else None
            return cls(task_id=TaskId(match[1]), occurrence=day)
        match = re.fullmatch(r"E:([0-9a-zA-Z_-]{1,64}):([0-9a-zA-Z_-]{1,64})", token)
        if match:
            return cls(event_id=EventId(match[1]), hamlet_id=HamletId(match[2]))
        raise ValueError(f"not a progress key: {token[:80]!r}")


@dataclass(frozen=True)
class ProgressEntry:
    """What a unit or hamlet reported on a day. Entries are never edited, only added.

    An entry tells the whole state of its thing at that time (status, percent, text...), so
    the newest one is the current state.

    Attributes:
        occurrence: the due date of the recurring deadline's occurrence this is about.
        text: what was done ("kết quả thực hiện").
        document: the document that proves it ("Báo cáo số 15/BC-CA ngày 03/12/2026").
        reporter: who reported, when it is a person rather than the unit or hamlet.
        participants: people taking part in a campaign day.
        figures: the plan's own measures ("km đường", "cây xanh") and their values.
        source: where it came from (the returned sheet's file name, "Nhập tay").
        recorded_at: when it was written into the workspace (ISO time), empty before.
    """

    id: ProgressId
    plan_id: PlanId
    reported_on: dt.date
    task_id: TaskId | None = None
    occurrence: dt.date | None = None
    event_id: EventId | None = None
    unit_id: UnitId | None = None
    hamlet_id: HamletId | None = None
    status: TaskStatus | None = None
    percent: int | None = None
    text: str = ""
    figures: dict[str, float] = field(default_factory=dict)
    source: str = ""
    note: str = ""
    document: str = ""
    reporter: str = ""
    participants: int | None = None
    recorded_at: str = field(default="", compare=False)

    @property
    def key(self) -> ProgressKey:
        if self.event_id is not None:
            return ProgressKey(event_id=self.event_id, hamlet_id=self.hamlet_id)
        return ProgressKey(task_id=self.task_id, occurrence=self.occurrence)


class TaskState(StrEnum):
    """Where a task stands on a day; overdue is computed, never typed."""

    DONE = "done"
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"
    NOT_STARTED = "not_started"


TASK_STATE_LABELS: Registry[TaskState, str] = Registry(
    TaskState,
    {
        TaskState.DONE: "Hoàn thành",
        TaskState.IN_PROGRESS: "Đang thực hiện",
        TaskState.OVERDUE: "Quá hạn",
        TaskState.NOT_STARTED: "Chưa thực hiện",
    },
    "task state labels",
)

# Overdue first, then what is under way, then the rest.
STATE_ORDER: Registry[TaskState, int] = Registry(
    TaskState,
    {
        TaskState.OVERDUE: 0,
        TaskState.IN_PROGRESS: 1,
        TaskState.NOT_STARTED: 2,
        TaskState.DONE: 3,
    },
    "task state order",
)


def status_from_text(text: str) -> TaskStatus | None:
    """A status as people type it ("hoan thanh", "Đang thực hiện"); None when unknown."""
    wanted = fold(text).strip()
    for status, label in TASK_STATUS_LABELS.items():
        if fold(label) == wanted or status.value == wanted:
            return status
    return None


def task_state(
    status: TaskStatus,
    due: dt.date | None,
    task: Task,
    today: dt.date,
    *,
    can_be_late: bool = True,
) -> TaskState:
    """Done, in progress, not started, or overdue when its due date has passed undone.

    ``can_be_late`` is False for a plan not in force yet (a draft, see ``runs_late``).
    """
    late = can_be_late and due is not None and task.deadline.is_overdue(due, today)
    if status is not TaskStatus.DONE and late:
        return TaskState.OVERDUE
    return STATE_OF_STATUS[status]


# What a task's state is when its due date has not passed (or it is done).
STATE_OF_STATUS: Registry[TaskStatus, TaskState] = Registry(
    TaskStatus,
    {
        TaskStatus.NOT_STARTED: TaskState.NOT_STARTED,
        TaskStatus.IN_PROGRESS: TaskState.IN_PROGRESS,
        TaskStatus.DONE: TaskState.DONE,
    },
    "task states of statuses",
)


@dataclass(frozen=True)
class TaskRow:
    """A task, or one due date of a recurring task, as the progress view and sheet show it.

    Attributes:
        number: "3", or "3.2" for the second due date of task 3.
        due: the date it is due (None for "thường xuyên" and the like).
        status: what was last reported (or marked on the calendar).
        latest: the newest entry about it, if any.
    """

    key: ProgressKey
    task: Task
    number: str
    due: dt.date | None
    status: TaskStatus
    state: TaskState
    section: str = ""
    latest: ProgressEntry | None = None

    @property
    def occurrence(self) -> dt.date | None:
        return self.key.occurrence

    @property
    def label(self) -> str:
        """The task's text, with the due date of an occurrence."""
        if self.occurrence is not None:
            return f"{self.task.text} (kỳ hạn {self.occurrence:%d/%m/%Y})"
        return self.task.text

    @property
    def percent(self) -> int | None:
        return self.latest.percent if self.latest else None

    @property
    def result(self) -> str:
        return self.latest.text if self.latest else ""

    @property
    def document(self) -> str:
        return self.latest.document if self.latest else ""

    @property
    def note(self) -> str:
        return self.latest.note if self.latest else ""

    @property
    def reported_on(self) -> dt.date | None:
        return self.latest.reported_on if self.latest else None

    @property
    def deadline_text(self) -> str:
        if self.occurrence is not None:
            return f"{self.occurrence:%d/%m/%Y}"
        return self.task.deadline.summary()

    def leads(self, unit_id: str) -> bool:
        return any(u.id == unit_id for u in self.task.lead)

    @property
    def flagged(self) -> bool:
        """A value of the task was read wrong from the file: its row carries the flag."""
        task = self.task
        texts = (task.text, task.deadline.text, *(u.name for u in (*task.lead, *task.support)))
        return any(FLAG_PREFIX in t for t in texts)


class CampaignState(StrEnum):
    REPORTED = "reported"
    MISSING = "missing"  # the day has passed and nothing came
    COMING = "coming"


CAMPAIGN_STATE_LABELS: Registry[CampaignState, str] = Registry(
    CampaignState,
    {
        CampaignState.REPORTED: "Đã báo cáo",
        CampaignState.MISSING: "Chưa báo cáo",
        CampaignState.COMING: "Chưa đến ngày",
    },
    "campaign state labels",
)


@dataclass(frozen=True)
class CampaignRow:
    """One hamlet on one campaign day: who took part and the plan's measures.

    Attributes:
        units: the units in charge of the hamlet in this plan (the assignment table).
    """

    key: ProgressKey
    event: Event
    hamlet: HamletRef
    state: CampaignState
    units: tuple[UnitRef, ...] = ()
    latest: ProgressEntry | None = None

    @property
    def label(self) -> str:
        day = self.event.day_text
        return f"{self.hamlet.name} – {self.event.label}" + (f" ({day})" if day else "")

    @property
    def flagged(self) -> bool:
        """The day, its hamlet or its units were read wrong from the file."""
        texts = (self.event.label, self.hamlet.name, *(u.name for u in self.units))
        return self.event.date_unreadable or any(FLAG_PREFIX in t for t in texts)

    @property
    def participants(self) -> int | None:
        return self.latest.participants if self.latest else None

    @property
    def figures(self) -> dict[str, float]:
        return dict(self.latest.figures) if self.latest else {}

    @property
    def note(self) -> str:
        return self.latest.note if self.latest else ""

    @property
    def reported_on(self) -> dt.date | None:
        return self.latest.reported_on if self.latest else None


@dataclass(frozen=True)
class UnitTally:
    """A lead unit's tasks counted by state."""

    unit: UnitRef
    counts: dict[TaskState, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class HamletTally:
    """A hamlet's campaign days: how many have passed, how many it reported, the sums."""

    hamlet: HamletRef
    days_past: int
    days_reported: int
    participants: int
    figures: dict[str, float]


@dataclass(frozen=True)
class ProgressBoard:
    """Where every task and campaign day of a plan stands on ``day``."""

    plan: Plan
    day: dt.date
    tasks: tuple[TaskRow, ...]
    campaigns: tuple[CampaignRow, ...] = ()

    def count(self, state: TaskState) -> int:
        return sum(1 for r in self.tasks if r.state is state)

    def counts_text(self) -> str:
        """The count of each state, overdue first: "13 việc: quá hạn 3, …"."""
        order = sorted(TaskState, key=STATE_ORDER.__getitem__)
        parts = ", ".join(f"{TASK_STATE_LABELS[s].lower()} {self.count(s)}" for s in order)
        undated = len(self.undated())
        if undated:
            parts += f"; chưa xác định ngày {undated}"
        return f"{len(self.tasks)} việc: {parts}"

    def undated(self) -> list[TaskRow]:
        """The rows not done whose deadline names no day ("khi có hướng dẫn"): never overdue."""
        return [
            r for r in self.tasks if r.task.deadline.is_undated and r.state is not TaskState.DONE
        ]

    def overdue_first(self) -> list[TaskRow]:
        """The rows with overdue first, then in progress, not started, done; by due date."""
        far = dt.date.max
        return sorted(self.tasks, key=lambda r: (STATE_ORDER[r.state], r.due or far))

    def by_unit(self) -> list[UnitTally]:
        """Each lead unit with its rows counted by state, the most overdue first."""
        groups: dict[UnitId, tuple[UnitRef, dict[TaskState, int]]] = {}
        for row in self.tasks:
            for unit in row.task.lead:
                counts = groups.setdefault(unit.id, (unit, dict.fromkeys(TaskState, 0)))[1]
                counts[row.state] += 1
        tallies = [UnitTally(unit, counts) for unit, counts in groups.values()]
        return sorted(tallies, key=lambda t: (-t.counts[TaskState.OVERDUE], -t.total))

    def by_hamlet(self) -> list[HamletTally]:
        """Each hamlet's campaign days, those with most days unreported first."""
        groups: dict[HamletId, list[CampaignRow]] = {}
        refs: dict[HamletId, HamletRef] = {}
        for row in self.campaigns:
            groups.setdefault(row.hamlet.id, []).append(row)
            refs[row.hamlet.id] = row.hamlet
        tallies = []
        for hamlet_id, rows in groups.items():
            figures: dict[str, float] = {}
            for row in rows:
                for name, value in row.figures.items():
                    figures[name] = figures.get(name, 0.0) + value
            tallies.append(
                HamletTally(
                    hamlet=refs[hamlet_id],
                    days_past=sum(1 for r in rows if r.state is not CampaignState.COMING),
                    days_reported=sum(1 for r in rows if r.state is CampaignState.REPORTED),
                    participants=sum(r.participants or 0 for r in rows),
                    figures=figures,
                )
            )
        return sorted(tallies, key=lambda t: t.days_reported - t.days_past)

    def for_unit(self, unit_id: str) -> "ProgressBoard":
        """Only the tasks the unit leads and the campaign rows of the hamlets it is in charge of."""
        return replace(
            self,
            tasks=tuple(r for r in self.tasks if r.leads(unit_id)),
            campaigns=tuple(c for c in self.campaigns if any(u.id == unit_id for u in c.units)),
        )

    def for_hamlet(self, hamlet_id: str) -> "ProgressBoard":
        """Only the hamlet's own campaign rows: what a hamlet head fills in."""
        return replace(
            self, tasks=(), campaigns=tuple(c for c in self.campaigns if c.hamlet.id == hamlet_id)
        )

    def row(self, key: ProgressKey) -> TaskRow | CampaignRow | None:
        for task_row in self.tasks:
            if task_row.key == key:
                return task_row
        for campaign_row in self.campaigns:
            if campaign_row.key == key:
                return campaign_row
        return None


def latest_entries(entries: Iterable[ProgressEntry]) -> dict[ProgressKey, ProgressEntry]:
    """The newest entry recorded about each thing (entries in the order they were recorded)."""
    latest: dict[ProgressKey, ProgressEntry] = {}
    for entry in entries:
        latest[entry.key] = entry
    return latest


def campaign_hamlets(plan: Plan, directory: Sequence[HamletRef]) -> list[HamletRef]:
    """The hamlets taking part in the plan's campaign days.

    Those of the assignment table, in its order; the whole directory when the plan has none.
    """
    seen: dict[HamletId, HamletRef] = {}
    for assignment in plan.assignments:
        for hamlet in assignment.hamlets:
            seen.setdefault(hamlet.id, hamlet)
    return list(seen.values()) if seen else list(directory)


def hamlet_units(plan: Plan) -> dict[HamletId, tuple[UnitRef, ...]]:
    """For each hamlet, the units in charge of it in the plan's assignment table."""
    units: dict[HamletId, list[UnitRef]] = {}
    for assignment in plan.assignments:
        for hamlet in assignment.hamlets:
            units.setdefault(hamlet.id, []).append(assignment.unit)
    return {h: tuple(u) for h, u in units.items()}


def _section_titles(plan: Plan) -> dict[str, str]:
    return {
        s.id: " ".join(p for p in (s.label, s.title) if p) for _, s in walk_sections(plan.sections)
    }


def progress_board(
    plan: Plan,
    entries: Iterable[ProgressEntry],
    occurrences: Mapping[TaskId, Sequence[tuple[dt.date, TaskStatus]]],
    hamlets: Sequence[HamletRef],
    today: dt.date,
    *,
    lookahead_days: int = LOOKAHEAD_DAYS,
    with_campaigns: bool = True,
) -> ProgressBoard:
    """Every task, due date and hamlet's campaign day of ``plan`` as it stands ``today``.

    Args:
        plan: the plan.
        entries: its progress entries in the order they were recorded.
        occurrences: for each recurring task, its due dates with their status.
        hamlets: the directory's hamlets, for a plan with campaign days and no assignments.
        today: the day that decides what is overdue.
        lookahead_days: due dates of recurring tasks further ahead than this are left out.
        with_campaigns: False leaves the campaign days out (a row per hamlet and day: a
            whole office's would be millions of rows nobody asked for).
    """
    latest = latest_entries(e for e in entries if e.plan_id == plan.id)
    sections = _section_titles(plan)
    horizon = today + dt.timedelta(days=lookahead_days)
    can_be_late = runs_late(plan.status)
    rows: list[TaskRow] = []
    for number, task in enumerate(plan.tasks, start=1):
        section = sections.get(task.section_id or "", "")
        if task.deadline.is_recurring:
            dues = [(d, s) for d, s in occurrences.get(task.id, ()) if d <= horizon]
            for k, (day, status) in enumerate(dues, start=1):
                key = ProgressKey(task_id=task.id, occurrence=day)
                rows.append(
                    TaskRow(
                        key,
                        task,
                        f"{number}.{k}",
                        day,
                        status,
                        task_state(status, day, task, today, can_be_late=can_be_late),
                        section,
                        latest.get(key),
                    )
                )
            continue
        key = ProgressKey(task_id=task.id)
        due = task.deadline.due_date()
        rows.append(
            TaskRow(
                key,
                task,
                str(number),
                due,
                task.status,
                task_state(task.status, due, task, today, can_be_late=can_be_late),
                section,
                latest.get(key),
            )
        )
    campaigns: list[CampaignRow] = []
    taking_part = campaign_hamlets(plan, hamlets)
    in_charge = hamlet_units(plan)
    for event in sorted(plan.events, key=lambda e: e.date):
        if not event.all_hamlets or not with_campaigns:
            continue
        for hamlet in taking_part:
            key = ProgressKey(event_id=event.id, hamlet_id=hamlet.id)
            entry = latest.get(key)
            if entry is not None:
                state = CampaignState.REPORTED
            elif event.date <= today:
                state = CampaignState.MISSING
            else:
                state = CampaignState.COMING
            campaigns.append(
                CampaignRow(key, event, hamlet, state, in_charge.get(hamlet.id, ()), entry)
            )
    return ProgressBoard(plan, today, tuple(rows), tuple(campaigns))


@dataclass(frozen=True)
class Report:
    """What one report says about one thing; the fields of a new entry.

    Unset values (None, "") mean "nothing said": for a task that keeps no percent, for a
    campaign day no figure.
    """

    status: TaskStatus | None = None
    percent: int | None = None
    text: str = ""
    document: str = ""
    note: str = ""
    participants: int | None = None
    figures: dict[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, entry: ProgressEntry | None, status: TaskStatus | None = None) -> "Report":
        """The report an entry made, with ``status`` (the current one) when it had none."""
        if entry is None:
            return cls(status=status)
        return cls(
            status=entry.status or status,
            percent=entry.percent,
            text=entry.text,
            document=entry.document,
            note=entry.note,
            participants=entry.participants,
            figures=dict(entry.figures),
        )


def checked_report(report: Report, measures: Sequence[str]) -> Report:
    """The report cleaned, or a Vietnamese message saying what to fix.

    Raises:
        UserError: a percent outside 0..100, negative people or figures, a measure the plan
            does not count, text too long.
    """
    if report.percent is not None and not 0 <= report.percent <= 100:
        raise UserError(f"Tỷ lệ phải từ 0 đến 100%, không phải {report.percent}.")
    if report.participants is not None and report.participants < 0:
        raise UserError("Số người tham gia không thể âm.")
    for name, value in report.figures.items():
        if name not in measures:
            raise UserError(f"Kế hoạch không có chỉ tiêu \u201c{name}\u201d.")
        if value < 0:
            raise UserError(f"Chỉ tiêu \u201c{name}\u201d không thể âm.")
    texts = {"Kết quả": report.text, "Văn bản": report.document, "Ghi chú": report.note}
    for what, text in texts.items():
        if len(text) > MAX_TEXT:
            raise UserError(f"{what} dài quá {MAX_TEXT} ký tự; hãy rút gọn.")
    status = report.status
    if status is None and report.percent == 100:
        status = TaskStatus.DONE
    return replace(
        report,
        status=status,
        text=clean(report.text),
        document=clean(report.document),
        note=clean(report.note),
    )


def checked_measures(names: Iterable[str]) -> tuple[str, ...]:
    """A plan's measures, cleaned, without blanks or repeats.

    Raises:
        UserError: too many, or two that differ only in case or accents.
    """
    result: list[str] = []
    seen: set[str] = set()
    for raw in names:
        name = clean(raw)
        if not name:
            continue
        if fold(name) in seen:
            raise UserError(f"Chỉ tiêu \u201c{name}\u201d bị trùng.")
        if len(name) > 120:
            raise UserError(f"Tên chỉ tiêu \u201c{name[:40]}…\u201d dài quá; hãy rút gọn.")
        seen.add(fold(name))
        result.append(name)
    if len(result) > MAX_MEASURES:
        raise UserError(f"Mỗi kế hoạch có tối đa {MAX_MEASURES} chỉ tiêu.")
    return tuple(result)
