"""Checks that point out what is wrong or doubtful in a plan before it goes out.

Each check gives :class:`Finding` values, each naming the place to fix it; the window lists
them and ``check`` prints them. :func:`plan_findings` runs them all: the header, tasks with
no lead unit or a deadline out of the plan's time, units left out of Nơi nhận, hamlets
covered twice or not at all, days that land on a day off, a weekday written in the text that
does not match its date ("Thứ Bảy, ngày 01/11/2026" is a Sunday), and appendices whose
"Kèm theo Kế hoạch số ... ngày ..." line disagrees with the plan.
"""

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from desktop_app.domain.calendar import WEEKDAY_NAMES
from desktop_app.domain.deadlines import date_text
from desktop_app.domain.plans import Plan, PlanStatus, RecipientRole, walk_sections
from desktop_app.domain.registry import Registry
from desktop_app.domain.text import fold, normalize_tone
from desktop_app.domain.units import Hamlet, Unit, UnitKind


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_LABELS: Registry[Severity, str] = Registry(
    Severity,
    {
        Severity.ERROR: "Lỗi",
        Severity.WARNING: "Cảnh báo",
        Severity.INFO: "Lưu ý",
    },
    "severity labels",
)


class Place(StrEnum):
    """Where in the plan editor a finding is fixed."""

    HEADER = "header"
    SECTIONS = "sections"
    TASKS = "tasks"
    ASSIGNMENTS = "assignments"
    EVENTS = "events"
    RECIPIENTS = "recipients"
    APPENDICES = "appendices"


PLACE_LABELS: Registry[Place, str] = Registry(
    Place,
    {
        Place.HEADER: "Thông tin chung",
        Place.SECTIONS: "Nội dung",
        Place.TASKS: "Nhiệm vụ",
        Place.ASSIGNMENTS: "Phân công xóm",
        Place.EVENTS: "Sự kiện",
        Place.RECIPIENTS: "Nơi nhận, chữ ký",
        Place.APPENDICES: "Phụ lục",
    },
    "place labels",
)


@dataclass(frozen=True)
class Finding:
    """Something wrong or doubtful, and where to fix it (``item_id``: the task, event...)."""

    severity: Severity
    message: str
    place: Place = Place.HEADER
    item_id: str = ""


def days_off_findings(
    plan: Plan, off: Mapping[dt.date, str], window: tuple[dt.date, dt.date] | None = None
) -> list[Finding]:
    """Events and due dates of the plan that fall on a public holiday or an office day off.

    Args:
        plan: the plan.
        off: day -> name of every day off in the period looked at (see ``days_off``).
        window: the period recurring deadlines are expanded over; None = the plan's year
            and the next.
    """
    findings: list[Finding] = []
    for event in plan.events:
        if event.date in off:
            findings.append(
                Finding(
                    Severity.WARNING,
                    f"{event.label} ({_weekday_date(event.date)}) trùng ngày nghỉ "
                    f"“{off[event.date]}”: nên dời sang ngày khác.",
                    Place.EVENTS,
                    event.id,
                )
            )
    if window is None and plan.date is not None:
        window = (dt.date(plan.date.year, 1, 1), dt.date(plan.date.year + 1, 12, 31))
    for task in plan.tasks:
        d = task.deadline
        days = d.occurrences(plan.date, window) if d.is_recurring else []
        due = d.due_date()
        if due is not None and d.on is not None:
            days.append(due)
        for day in days:
            if day in off:
                findings.append(
                    Finding(
                        Severity.INFO,
                        f"Hạn “{d.summary()}” của nhiệm vụ “{_short(task.text)}” rơi vào "
                        f"{_weekday_date(day)}, ngày nghỉ “{off[day]}”.",
                        Place.TASKS,
                        task.id,
                    )
                )
    return findings


WEEKDAY_WORDS = ("thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "chủ nhật")
_WEEKDAY_NUMBERS = {"2": 0, "3": 1, "4": 2, "5": 3, "6": 4, "7": 5}
_WRITTEN_DAY = re.compile(
    r"(?<!\w)(?P<weekday>thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*,?\s*"
    r"(?:ngày\s+)?(?P<d>\d{1,2})\s*[/\-.]\s*(?P<m>\d{1,2})\s*[/\-.]\s*(?P<y>\d{4})"
)


_ORDINAL_BEFORE = ("lan ", "hop ", "khoa ", "nghi ", "dot ", "phien ")


def weekday_findings(texts: Iterable[str]) -> list[Finding]:
    """Every "Thứ Bảy, ngày 01/11/2026" whose weekday is not that date's (each told once)."""
    findings: list[Finding] = []
    for text in texts:
        lowered = normalize_tone(text).lower()
        for m in _WRITTEN_DAY.finditer(lowered):
            before = fold(lowered[max(0, m.start() - 12) : m.start()]) + " "
            if before.endswith(_ORDINAL_BEFORE):
                continue  # "kỳ họp thứ 5, ngày ...", "lần thứ năm": an ordinal, not a weekday
            try:
                day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                findings.append(
                    Finding(Severity.ERROR, f"Ngày {m['d']}/{m['m']}/{m['y']} không có trên lịch.")
                )
                continue
            word = " ".join(m["weekday"].split())
            written = _WEEKDAY_NUMBERS.get(word[-1]) if word[-1].isdigit() else None
            if written is None:
                written = WEEKDAY_WORDS.index(word)
            if written != day.weekday():
                findings.append(
                    Finding(
                        Severity.WARNING,
                        f"Văn bản ghi “{text[m.start() : m.end()]}” nhưng {date_text(day)} là "
                        f"{WEEKDAY_NAMES[day.weekday()]}.",
                    )
                )
    return list(dict.fromkeys(findings))


def plan_texts(plan: Plan) -> list[str]:
    """Every text of a plan a person wrote, for the text checks."""
    texts = [plan.title, *plan.bases, *plan.preamble, *plan.closing]
    for _, section in walk_sections(plan.sections):
        texts += [section.title, *section.paragraphs]
    texts += [t.text for t in plan.tasks]
    texts += [f"{e.label}: {e.note}" for e in plan.events]
    for appendix in plan.appendices:
        texts += [appendix.attached_line, *appendix.paragraphs]
    return texts


def _weekday_date(day: dt.date) -> str:
    return f"{WEEKDAY_NAMES[day.weekday()]}, {date_text(day)}"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class CheckContext:
    """What the checks need beyond the plan: the office's units and hamlets, its days off."""

    units: Sequence[Unit] = ()
    hamlets: Sequence[Hamlet] = ()
    days_off: Mapping[dt.date, str] = field(default_factory=dict)


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def plan_findings(plan: Plan, context: CheckContext) -> list[Finding]:
    """Every check on a plan, errors first."""
    findings = (
        header_findings(plan)
        + task_findings(plan)
        + recipient_findings(plan, context.units)
        + coverage_findings(plan, context.hamlets)
        + event_findings(plan)
        + days_off_findings(plan, context.days_off)
        + [replace(f, place=Place.SECTIONS) for f in weekday_findings(plan_texts(plan))]
        + appendix_findings(plan)
    )
    unique = list(dict.fromkeys(findings))
    return sorted(unique, key=lambda f: _SEVERITY_ORDER[f.severity])


def header_findings(plan: Plan) -> list[Finding]:
    findings: list[Finding] = []
    issued = plan.status is not PlanStatus.DRAFT
    if not plan.title.strip():
        findings.append(Finding(Severity.ERROR, "Kế hoạch chưa có trích yếu (tên kế hoạch)."))
    if not plan.issuer.name.strip():
        findings.append(Finding(Severity.ERROR, "Chưa có tên cơ quan ban hành."))
    if issued and plan.number is None:
        findings.append(
            Finding(
                Severity.ERROR,
                f"Kế hoạch đã ban hành nhưng chưa có số (đang ghi \u201c{plan.reference}\u201d).",
            )
        )
    if issued and plan.date is None:
        findings.append(Finding(Severity.ERROR, "Kế hoạch đã ban hành nhưng chưa có ngày ký."))
    if not plan.symbol.strip():
        findings.append(Finding(Severity.WARNING, "Chưa có ký hiệu văn bản (vd. KH-UBND)."))
    if not plan.signature.signer.strip() or not plan.signature.position.strip():
        findings.append(
            Finding(
                Severity.WARNING,
                "Chưa đủ phần chữ ký (chức vụ và họ tên người ký).",
                Place.RECIPIENTS,
            )
        )
    if not any(r.role is RecipientRole.TO for r in plan.recipients):
        findings.append(Finding(Severity.WARNING, "Chưa có Nơi nhận.", Place.RECIPIENTS))
    return findings


_YEARS = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")


def plan_period(plan: Plan) -> tuple[dt.date, dt.date] | None:
    """The time the plan covers, or None when its title names no year.

    From the plan's date to the end of the last year the title names ("năm 2026",
    "giai đoạn 2023 - 2030").
    """
    if plan.date is None:
        return None
    years = [int(m.group()) for m in _YEARS.finditer(plan.title)]
    last = max(years, default=0)
    if last < plan.date.year:
        return None
    return (plan.date, dt.date(last, 12, 31))


def task_findings(plan: Plan) -> list[Finding]:
    findings: list[Finding] = []
    period = plan_period(plan)
    for task in plan.tasks:
        what = f"Nhiệm vụ \u201c{_short(task.text)}\u201d"
        if not task.lead:
            findings.append(
                Finding(Severity.WARNING, f"{what} chưa có đơn vị chủ trì.", Place.TASKS, task.id)
            )
        d = task.deadline
        due = d.due_date()
        if due is not None and plan.date is not None and due < plan.date:
            findings.append(
                Finding(
                    Severity.ERROR,
                    f"{what}: thời hạn \u201c{d.summary()}\u201d trước ngày kế hoạch "
                    f"({date_text(plan.date)}).",
                    Place.TASKS,
                    task.id,
                )
            )
        elif due is not None and period is not None and due > period[1]:
            findings.append(
                Finding(
                    Severity.WARNING,
                    f"{what}: thời hạn \u201c{d.summary()}\u201d sau khi kế hoạch kết thúc "
                    f"({date_text(period[1])}).",
                    Place.TASKS,
                    task.id,
                )
            )
        if d.is_undated:
            findings.append(
                Finding(
                    Severity.INFO,
                    f"{what}: thời hạn \u201c{d.summary()}\u201d chưa xác định ngày (giữ nguyên "
                    "như đã viết): không vào lịch, không tính quá hạn.",
                    Place.TASKS,
                    task.id,
                )
            )
        if d.is_recurring and d.is_open_ended():
            findings.append(
                Finding(
                    Severity.INFO,
                    f"{what}: thời hạn định kỳ \u201c{d.summary()}\u201d không có ngày kết "
                    "thúc; nên ghi đến khi nào (vd. đến hết năm).",
                    Place.TASKS,
                    task.id,
                )
            )
    return findings


# Recipient lines that stand for many units, and which kinds of unit each covers
# (an empty tuple: every unit).
_COVERING_LINES: tuple[tuple[str, tuple[UnitKind, ...]], ...] = (
    ("nhu muc", ()),
    ("nhu tren", ()),
    ("lien quan", ()),
    ("cac co quan, don vi", ()),
    ("truong xom", (UnitKind.HAMLET_HEAD,)),
    ("truong cac xom", (UnitKind.HAMLET_HEAD,)),
    ("truong thon", (UnitKind.HAMLET_HEAD,)),
    ("truong cac thon", (UnitKind.HAMLET_HEAD,)),
    ("cac co quan thuoc", (UnitKind.GOVERNMENT,)),
    ("co quan chuyen mon", (UnitKind.GOVERNMENT,)),
    ("doan the", (UnitKind.FRONT,)),
    ("to chuc chinh tri - xa hoi", (UnitKind.FRONT,)),
    ("cac ban dang", (UnitKind.PARTY,)),
    ("co quan tham muu", (UnitKind.PARTY,)),
    ("cac truong", (UnitKind.SCHOOL,)),
)
# Kinds that name a crowd rather than a body that receives the document.
_NOT_RECIPIENTS = (UnitKind.GROUP, UnitKind.OTHER)


def recipient_findings(plan: Plan, units: Sequence[Unit]) -> list[Finding]:
    """Units that lead or support a task, or that the body names, but are not in Nơi nhận."""
    if not plan.recipients:
        return []
    lines = [fold(r.text) for r in plan.recipients if r.role is not RecipientRole.ARCHIVE]
    covers_all, covered_kinds = _covered_kinds(lines)
    if covers_all:
        return []
    plural_kinds = _plural_kinds(lines)
    named_ids = {r.unit_id for r in plan.recipients if r.unit_id}
    findings: list[Finding] = []
    for unit in _concerned_units(plan, units):
        if unit.kind in _NOT_RECIPIENTS or unit.kind in covered_kinds or unit.id in named_ids:
            continue
        if _named_in(unit, lines) or any(fold(unit.name).startswith(k) for k in plural_kinds):
            continue
        findings.append(
            Finding(
                Severity.WARNING,
                f"\u201c{unit.name}\u201d có nhiệm vụ trong kế hoạch nhưng không có trong "
                "Nơi nhận.",
                Place.RECIPIENTS,
                unit.id,
            )
        )
    return findings


def _covered_kinds(lines: Sequence[str]) -> tuple[bool, set[UnitKind]]:
    """Whether a recipient line covers everyone ("Như mục ..."), and the kinds lines cover."""
    covered_kinds: set[UnitKind] = set()
    covers_all = False
    for line in lines:
        for pattern, kinds in _COVERING_LINES:
            if pattern in line:
                covers_all = covers_all or not kinds
                covered_kinds.update(kinds)
    return covers_all, covered_kinds


def _plural_kinds(lines: Sequence[str]) -> list[str]:
    """Kinds a plural line names: "Các ban cán sự đảng, đảng đoàn" covers each such body."""
    return [
        part.strip()
        for line in lines
        if line.startswith("cac ")
        for part in line[4:].split(",")
        if len(part.strip()) >= 4
    ]


def _concerned_units(plan: Plan, units: Sequence[Unit]) -> list[Unit]:
    """The units that lead or support a task, then those the body names (not the issuer)."""
    by_id = {u.id: u for u in units}
    wanted: dict[str, Unit] = {}
    for task in plan.tasks:
        for ref in (*task.lead, *task.support):
            if ref.id in by_id:
                wanted.setdefault(ref.id, by_id[ref.id])
    body = fold(
        " ".join(t for _, s in walk_sections(plan.sections) for t in (s.title, *s.paragraphs))
    )
    issuer = fold(plan.issuer.name)
    for unit in units:
        name = fold(unit.name)
        if len(name) >= 8 and name in body and name not in issuer:  # not the issuing body
            wanted.setdefault(unit.id, unit)
    return list(wanted.values())


def _named_in(unit: Unit, lines: Sequence[str]) -> bool:
    """Whether a recipient line names the unit, by its name or short name."""
    name = fold(unit.name)
    short = fold(unit.short_name) if unit.short_name else name
    return any(name in line or short in line or (line and line in name) for line in lines)


@dataclass(frozen=True)
class Coverage:
    """How the hamlets are covered by a plan's assignment table."""

    uncovered: list[Hamlet]
    doubly_covered: list[tuple[Hamlet, list[str]]]  # with the names of the units


def plan_coverage(plan: Plan, hamlets: Sequence[Hamlet]) -> Coverage:
    """Live hamlets no unit covers, and those two or more units cover, in this plan."""
    covering: dict[str, list[str]] = {}
    for a in plan.assignments:
        for h in a.hamlets:
            covering.setdefault(h.id, []).append(a.unit.name)
    live = [h for h in hamlets if h.active and h.merged_into is None]
    return Coverage(
        uncovered=[h for h in live if h.id not in covering],
        doubly_covered=[(h, covering[h.id]) for h in live if len(covering.get(h.id, [])) > 1],
    )


def coverage_findings(plan: Plan, hamlets: Sequence[Hamlet]) -> list[Finding]:
    """With an assignment table: hamlets nobody covers, hamlets two units cover."""
    if not plan.assignments:
        return []
    coverage = plan_coverage(plan, hamlets)
    findings: list[Finding] = []
    if coverage.uncovered:
        names = ", ".join(h.name for h in coverage.uncovered)
        findings.append(
            Finding(
                Severity.WARNING,
                f"{len(coverage.uncovered)} xóm chưa có đơn vị phụ trách: {names}.",
                Place.ASSIGNMENTS,
            )
        )
    findings += [
        Finding(
            Severity.WARNING,
            f"{hamlet.name} do {len(units)} đơn vị cùng phụ trách: {', '.join(units)}.",
            Place.ASSIGNMENTS,
            hamlet.id,
        )
        for hamlet, units in coverage.doubly_covered
    ]
    return findings


_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def event_findings(plan: Plan) -> list[Finding]:
    """Events that fall on a weekend when their rule names weekdays only."""
    findings: list[Finding] = []
    rules = {r.id: r for r in plan.event_rules}
    for event in plan.events:
        rule = rules.get(event.rule_id) if event.rule_id else None
        if rule is None or event.date.weekday() < 5:
            continue
        byday = re.search(r"BYDAY=([^;]+)", rule.rrule.upper())
        days = (
            {re.sub(r"[^A-Z]", "", code) for code in byday.group(1).split(",")} if byday else set()
        )
        if days and days <= set(_WEEKDAY_CODES[:5]):
            findings.append(
                Finding(
                    Severity.WARNING,
                    f"{event.label} rơi vào {_weekday_date(event.date)}, ngày cuối tuần, "
                    f"trong khi quy tắc \u201c{rule.text}\u201d là ngày trong tuần.",
                    Place.EVENTS,
                    event.id,
                )
            )
    return findings


_ATTACHED = re.compile(
    r"kế hoạch\s+số\s*:?\s*(?P<num>\d*)\s*[/\-]?[^,;()]*?(?:,\s*)?ngày\s+(?P<d>\d{1,2})"
    r"(?:\s*[/\-.]\s*(?P<m>\d{1,2})\s*[/\-.]\s*(?P<y>\d{4})"
    r"|\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))",
    re.IGNORECASE,
)


def appendix_findings(plan: Plan) -> list[Finding]:
    """Appendices whose "(Kèm theo Kế hoạch số ... ngày ...)" line disagrees with the plan."""
    findings: list[Finding] = []
    for appendix in plan.appendices:
        m = _ATTACHED.search(normalize_tone(appendix.attached_line))
        if m is None:
            continue
        title = _short(appendix.title, 40)
        where = f"Phụ lục \u201c{title}\u201d ghi \u201c{appendix.attached_line}\u201d"
        try:
            written = dt.date(int(m["y"] or m["y2"]), int(m["m"] or m["m2"]), int(m["d"]))
        except ValueError:
            findings.append(
                Finding(
                    Severity.ERROR,
                    f"{where}: ngày không có trên lịch.",
                    Place.APPENDICES,
                    appendix.id,
                )
            )
            continue
        if plan.date is not None and written != plan.date:
            findings.append(
                Finding(
                    Severity.ERROR,
                    f"{where}, nhưng kế hoạch ghi ngày {date_text(plan.date)}.",
                    Place.APPENDICES,
                    appendix.id,
                )
            )
        number = int(m["num"]) if m["num"] else None
        if number != plan.number and plan.number is not None:
            findings.append(
                Finding(
                    Severity.ERROR,
                    f"{where}, nhưng kế hoạch mang số {plan.reference}.",
                    Place.APPENDICES,
                    appendix.id,
                )
            )
    return findings
