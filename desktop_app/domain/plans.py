"""Plans (Kế hoạch) and what is inside one.

Sections, tasks, events, assignments, recipients, signature and appendices.
"""

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from desktop_app.domain.deadlines import Deadline, date_text
from desktop_app.domain.ids import (
    AppendixId,
    AssignmentId,
    EventId,
    EventRuleId,
    HamletId,
    PlanId,
    RecipientId,
    SectionId,
    TaskId,
    UnitId,
)
from desktop_app.domain.registry import Registry


class System(StrEnum):
    """Which document rules the plan follows: state (NĐ 30/2020) or Party (HD 36)."""

    STATE = "state"
    PARTY = "party"


SYSTEM_LABELS: Registry[System, str] = Registry(
    System,
    {System.STATE: "Chính quyền", System.PARTY: "Đảng"},
    "system labels",
)


class PlanStatus(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    ARCHIVED = "archived"


PLAN_STATUS_LABELS: Registry[PlanStatus, str] = Registry(
    PlanStatus,
    {
        PlanStatus.DRAFT: "Dự thảo",
        PlanStatus.ISSUED: "Đã ban hành",
        PlanStatus.IN_PROGRESS: "Đang thực hiện",
        PlanStatus.DONE: "Hoàn thành",
        PlanStatus.ARCHIVED: "Lưu trữ",
    },
    "plan status labels",
)


def runs_late(status: PlanStatus) -> bool:
    """Whether a plan's deadlines can be overdue: not while it is a draft, not in force yet."""
    return status is not PlanStatus.DRAFT


class TaskStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


TASK_STATUS_LABELS: Registry[TaskStatus, str] = Registry(
    TaskStatus,
    {
        TaskStatus.NOT_STARTED: "Chưa thực hiện",
        TaskStatus.IN_PROGRESS: "Đang thực hiện",
        TaskStatus.DONE: "Hoàn thành",
    },
    "task status labels",
)


class RecipientRole(StrEnum):
    TO = "to"
    ARCHIVE = "archive"  # the "Lưu: VT, KT" / "Lưu Văn phòng ..." line
    CC = "cc"  # under "Đồng kính gửi:"


RECIPIENT_ROLE_LABELS: Registry[RecipientRole, str] = Registry(
    RecipientRole,
    {
        RecipientRole.TO: "Nơi nhận",
        RecipientRole.CC: "Đồng kính gửi",
        RecipientRole.ARCHIVE: "Lưu",
    },
    "recipient role labels",
)


class AppendixKind(StrEnum):
    ASSIGNMENT = "assignment"
    TASKS = "tasks"
    TEXT = "text"


@dataclass(frozen=True)
class Issuer:
    """The issuing body as the header prints it, and the body above it (may be empty)."""

    name: str
    parent: str = ""


@dataclass(frozen=True)
class Signature:
    authority: str = ""  # "TM. ỦY BAN NHÂN DÂN", "T/M BAN THƯỜNG VỤ"
    position: str = ""  # "CHỦ TỊCH", "PHÓ BÍ THƯ"
    signer: str = ""


@dataclass(frozen=True)
class UnitRef:
    """A unit named inside a plan: its id, and its name for display."""

    id: UnitId
    name: str


@dataclass(frozen=True)
class HamletRef:
    id: HamletId
    name: str


@dataclass(frozen=True)
class Section:
    """A heading of the body with its paragraphs and sub-headings.

    Attributes:
        label: as printed, with its punctuation ("I.", "IV-", "3.1.", "a)").
        run_in: the first paragraph continues on the heading's line ("1. Mục đích: ...").
    """

    id: SectionId
    label: str
    title: str
    paragraphs: tuple[str, ...] = ()
    children: tuple["Section", ...] = ()
    run_in: bool = False

    @property
    def key(self) -> str:
        """The label without punctuation: "IV-" -> "IV", "3.1." -> "3.1"."""
        return section_key(self.label)


def section_key(label: str) -> str:
    return re.sub(r"[\s.\-–):]+$", "", label.strip())


def walk_sections(sections: tuple[Section, ...], prefix: str = "") -> Iterator[tuple[str, Section]]:
    """Every section depth-first with its path ("IV/1", "III/3/3.1")."""
    for section in sections:
        path = f"{prefix}/{section.key}" if prefix else section.key
        yield path, section
        yield from walk_sections(section.children, path)


@dataclass(frozen=True)
class Task:
    """A duty of the plan, with the units that lead and support it and its deadline."""

    id: TaskId
    text: str
    lead: tuple[UnitRef, ...] = ()
    support: tuple[UnitRef, ...] = ()
    deadline: Deadline = field(default_factory=Deadline)
    output: str = ""
    status: TaskStatus = TaskStatus.NOT_STARTED
    note: str = ""
    section_id: SectionId | None = None


@dataclass(frozen=True)
class EventRule:
    """How a series of events was generated ("thứ Bảy đầu tiên của tháng")."""

    id: EventRuleId
    text: str
    rrule: str
    start: dt.date
    label_pattern: str = "Đợt {n}"


@dataclass(frozen=True)
class Event:
    """A campaign day, conference or meeting on a fixed day."""

    id: EventId
    label: str
    date: dt.date
    time: str | None = None  # "07:30"
    place: str = ""
    rule_id: EventRuleId | None = None
    all_hamlets: bool = False
    note: str = ""
    rule_date: dt.date | None = None  # the day the rule gave; differs from date once moved
    # The stored day is not a day (31 February, an older version's or a hand edit's): ``date``
    # is only a stand-in that sorts it, never printed; the label carries the flag.
    date_unreadable: bool = False

    @property
    def moved(self) -> bool:
        return self.rule_date is not None and self.rule_date != self.date

    @property
    def day_text(self) -> str:
        """The day as printed, "08/12/2025"; empty when the stored one cannot be read."""
        return "" if self.date_unreadable else f"{self.date:%d/%m/%Y}"


@dataclass(frozen=True)
class Assignment:
    """One row of the unit x hamlet table: a unit and the hamlets it is responsible for."""

    id: AssignmentId
    unit: UnitRef
    hamlets: tuple[HamletRef, ...] = ()
    prefix: str = ""  # "Đề nghị" before a Party body's name
    note: str = ""


@dataclass(frozen=True)
class Recipient:
    id: RecipientId
    text: str
    note: str = ""  # "(b/c)", "(t/h)"
    role: RecipientRole = RecipientRole.TO
    unit_id: UnitId | None = None


@dataclass(frozen=True)
class Appendix:
    """A Phụ lục: its heading, the "(Kèm theo Kế hoạch số ...)" line as written, its text."""

    id: AppendixId
    kind: AppendixKind
    title: str
    attached_line: str = ""
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    """A whole plan: header, body, tasks, events, assignment table, Nơi nhận and signature.

    Attributes:
        number: the register number; None while blank ("Số: /KH-UBND").
        symbol: without the number: "KH-UBND" (state) or "KH/TU" (Party).
        type_line: a line under "KẾ HOẠCH" before the title ("CỦA BAN THƯỜNG VỤ TỈNH ỦY").
        title: the trích yếu.
    """

    id: PlanId
    system: System
    issuer: Issuer
    title: str
    symbol: str = ""
    number: int | None = None
    place: str = ""
    date: dt.date | None = None
    doc_type: str = "KH"
    type_line: str = ""
    status: PlanStatus = PlanStatus.DRAFT
    notes: str = ""
    bases: tuple[str, ...] = ()
    preamble: tuple[str, ...] = ()
    closing: tuple[str, ...] = ()
    signature: Signature = field(default_factory=Signature)
    sections: tuple[Section, ...] = ()
    tasks: tuple[Task, ...] = ()
    event_rules: tuple[EventRule, ...] = ()
    events: tuple[Event, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    recipients: tuple[Recipient, ...] = ()
    appendices: tuple[Appendix, ...] = ()
    measures: tuple[str, ...] = ()  # counted on each campaign day: "Cây xanh được trồng (cây)"
    # What its stored rows get wrong (read for a file, see check-db): each bad value is
    # replaced by a harmless one and named in the printed text of its record.
    problems: tuple[str, ...] = ()

    @property
    def reference(self) -> str:
        """The number and symbol as people cite them: "95-KH/TU", "12/KH-UBND", "/KH-UBND"."""
        return plan_reference(self.system, self.number, self.symbol)

    @property
    def name(self) -> str:
        """How the program names the plan to people (see :func:`plan_name`)."""
        return plan_name(self.system, self.number, self.symbol, self.title, self.date)

    def section_paths(self) -> dict[SectionId, str]:
        return {s.id: path for path, s in walk_sections(self.sections)}


@dataclass(frozen=True)
class PlanSummary:
    """One line of the plan list, without the plan's body."""

    id: PlanId
    system: System
    issuer_name: str
    title: str
    symbol: str
    number: int | None
    date: dt.date | None
    status: PlanStatus
    task_count: int
    flagged: bool = False  # its stored row breaks the record rules (check-db finds it)

    @property
    def reference(self) -> str:
        return plan_reference(self.system, self.number, self.symbol)

    @property
    def name(self) -> str:
        return plan_name(self.system, self.number, self.symbol, self.title, self.date)


def plan_reference(system: System, number: int | None, symbol: str) -> str:
    """How a plan is cited: Party "95-KH/TU", state "12/KH-UBND"; "" while it has no number.

    A plan without a number is cited by its title and date instead (:func:`plan_name`):
    "Kế hoạch số /KH-UBND" on paper reads as a mistake.
    """
    if number is None:
        return ""
    return f"{number:02d}{_separator(system)}{symbol}" if symbol else f"{number:02d}"


def _separator(system: System) -> str:
    return "-" if system is System.PARTY else "/"


# A plan named by its title shows this much of it: the trích yếu runs to two lines.
NAME_TITLE_CHARS = 60


def short_title(title: str, limit: int = NAME_TITLE_CHARS) -> str:
    """The title on one line, cut at a word with "…" past ``limit`` characters."""
    words = " ".join(title.split())
    if len(words) <= limit:
        return words
    cut = words[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"


def plan_name(
    system: System,
    number: int | None,
    symbol: str,
    title: str,
    date: dt.date | None,
    *,
    full_title: bool = False,
) -> str:
    """How the program names a plan to people, in lists, messages, files and documents.

    A numbered plan by its number and symbol ("12/KH-UBND", "95-KH/TU"); one without a
    number (a draft, or a plan received without one) by its title and date
    ("“Tổ chức ra quân…” ngày 02/12/2025"): never the bare "/KH-UBND" of a blank number.
    """
    if number is not None:
        return plan_reference(system, number, symbol)
    words = " ".join(title.split()) if full_title else short_title(title)
    named = f"\u201c{words}\u201d" if words else "(chưa có số và tên)"
    return f"{named} ngày {date_text(date)}" if date is not None else named


def plan_in_text(plan: "Plan | PlanSummary", *, full_title: bool = False) -> str:
    """The plan in a sentence: "Kế hoạch số 12/KH-UBND", "Kế hoạch “…” ngày 02/12/2025"."""
    if plan.number is not None:
        return f"Kế hoạch số {plan.reference}"
    return "Kế hoạch " + plan_name(
        plan.system, plan.number, plan.symbol, plan.title, plan.date, full_title=full_title
    )


def number_or_blank(plan: "Plan | PlanSummary") -> str:
    """The "Số, ký hiệu" column: the reference, or "(chưa số)" while the number is blank."""
    return plan.reference if plan.number is not None else "(chưa số)"


def plan_file_words(plan: "Plan | PlanSummary") -> str:
    """The plan's part of a file name: "12-KH-UBND", or "chua-so-" and its title's first words."""
    if plan.number is not None:
        return plan.reference.replace("/", "-").strip("-")
    words = "-".join(plan.title.split()[:6])
    return f"chua-so-{words}" if words else "chua-so"


def document_number_line(system: System, number: int | None, symbol: str) -> str:
    """The "Số" line of the header: "Số: 12/KH-UBND", "Số:      /KH-UBND", "Số 95-KH/TU"."""
    if system is System.PARTY:
        num = "     " if number is None else f"{number:02d}"
        return f"Số {num}-{symbol}"
    num = "      " if number is None else f"{number:02d}"
    return f"Số: {num}/{symbol}"


def place_date_line(place: str, date: dt.date | None) -> str:
    """Return "Phú Lạc, ngày 02 tháng 12 năm 2025": day < 10 and months 1-2 take a leading zero."""
    if date is None:
        return f"{place}, ngày      tháng      năm      " if place else ""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    text = f"ngày {date.day:02d} tháng {month} năm {date.year}"
    return f"{place}, {text}" if place else text.capitalize()


def issuer_in_text(plan: Plan) -> str:
    """The issuing body as running text names it.

    "ỦY BAN NHÂN DÂN XÃ PHÚ LẠC" -> "Ủy ban nhân dân xã Phú Lạc": the header prints the
    name in capitals; the place name, where the plan gives it, gets its capitals back.
    """
    name = " ".join(plan.issuer.name.split())
    if not name:
        return ""
    if name != name.upper():
        return name
    text = name.lower()
    text = text[0].upper() + text[1:]
    place = " ".join(plan.place.split())
    if place and text.endswith(" " + place.lower()):
        text = text[: len(text) - len(place)] + place
    return text


def attached_line(plan: Plan) -> str:
    """An appendix's line under its heading, from the plan itself.

    "(Kèm theo Kế hoạch số 12/KH-UBND ngày 02 tháng 12 năm 2025 của Ủy ban nhân dân xã
    Phú Lạc)"; the number and date stay blank while the plan has none, to be written in by
    hand after signing.
    """
    day = place_date_line("", plan.date) if plan.date else "ngày      tháng      năm      "
    issuer = issuer_in_text(plan)
    by = f" của {issuer}" if issuer else ""
    # Without a number yet, a gap to write it in by hand after signing: "số       /KH-UBND".
    number = plan.reference or f"      {_separator(plan.system)}{plan.symbol}".rstrip("/-")
    return f"(Kèm theo Kế hoạch số {number} {day[0].lower()}{day[1:]}{by})"


def task_line(task: Task) -> str:
    """A task as a plan's body prints it, with who leads, who supports and by when.

    "- Rà soát hộ nghèo. Cơ quan chủ trì: Công an xã; phối hợp: Đoàn Thanh niên; thời gian:
    trước ngày 30/6/2026." Parts the task does not have are left out.
    """
    text = " ".join(task.text.split()).lstrip("-+• ").rstrip(" .;,:")
    parts = []
    if task.lead:
        parts.append("Cơ quan chủ trì: " + ", ".join(u.name for u in task.lead))
    if task.support:
        parts.append("phối hợp: " + ", ".join(u.name for u in task.support))
    when = " ".join(task.deadline.summary().split()).rstrip(" .;,")
    if when:
        parts.append(f"thời gian: {when}")
    if not parts:
        return f"- {text}."
    details = "; ".join(parts)
    return f"- {text}. {details[0].upper()}{details[1:]}."
