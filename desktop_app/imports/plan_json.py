"""Reading the plan JSON of DESIGN.md section 7 (and the sample files) into domain objects.

Units and hamlets inside the plan come back as references by name with an empty id: the
workspace matches them against its own directory before anything is saved.
"""

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from desktop_app.domain.deadlines import Deadline, DeadlineKind
from desktop_app.domain.errors import UserError
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
    derived_id,
)
from desktop_app.domain.plans import (
    Appendix,
    AppendixKind,
    Assignment,
    Event,
    EventRule,
    HamletRef,
    Issuer,
    Plan,
    PlanStatus,
    Recipient,
    RecipientRole,
    Section,
    Signature,
    System,
    Task,
    TaskStatus,
    UnitRef,
    walk_sections,
)
from desktop_app.domain.record_rules import year_problem
from desktop_app.domain.text import clean
from desktop_app.domain.units import Hamlet, HamletKind, Unit, UnitKind

MAX_FILE_BYTES = 20 * 1024 * 1024
SAMPLE_FORMAT = "so-ke-hoach/sample-1"
E = TypeVar("E", bound=Enum)


@dataclass(frozen=True)
class SampleBundle:
    """A sample file: the plan and the units and hamlets it names (ids not yet assigned)."""

    name: str
    units: tuple[Unit, ...]
    hamlets: tuple[Hamlet, ...]
    plan: Plan


class _Reader:
    """Turns one plan dict into a Plan.

    Ids are derived from the plan id and the position of each part, so reading the same
    file twice gives the same ids. A bad field is named by its path in the JSON
    ("tasks[2].deadline.date"), so a script's author finds it at once.
    """

    def __init__(self, plan_id: str) -> None:
        self.plan_id = plan_id
        self._where: list[str] = []

    def id(self, *parts: object) -> str:
        return derived_id(self.plan_id, *(str(p) for p in parts))

    def path(self, key: str = "") -> str:
        """Where the reader is: "tasks[2].deadline" (+ ".key")."""
        parts = [*self._where, key] if key else list(self._where)
        return ".".join(parts).replace(".[", "[") or "(gốc)"

    @contextmanager
    def at(self, key: str, index: int | None = None) -> Iterator[None]:
        self._where.append(key if index is None else f"{key}[{index}]")
        try:
            yield
        finally:
            self._where.pop()

    def fail(self, key: str, message: str) -> UserError:
        return UserError(f"Trường \u201c{self.path(key)}\u201d: {message}")

    def obj(self, data: dict[str, Any], key: str) -> dict[str, Any]:
        value = data.get(key) or {}
        if not isinstance(value, dict):
            raise self.fail(key, "phải là một đối tượng JSON ({...}).")
        return value

    def items(self, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(key, "phải là danh sách các đối tượng JSON.")
        return value

    def text(self, data: dict[str, Any], key: str, default: str = "") -> str:
        value = data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.fail(key, "phải là chuỗi ký tự.")
        return clean(value)

    def texts(self, data: dict[str, Any], key: str) -> tuple[str, ...]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "phải là danh sách chuỗi ký tự.")
        return tuple(clean(v) for v in value)

    def date(self, value: Any, what: str, key: str = "date") -> dt.date | None:
        if value is None or value == "":
            return None
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError as exc:
            raise self.fail(key, f"Ngày không hợp lệ ở {what}: \u201c{value}\u201d.") from exc
        if (problem := year_problem(day.year)) is not None:
            raise self.fail(key, f"Ngày \u201c{value}\u201d ở {what}: {problem}.")
        return day

    def enum(self, kind: type[E], value: Any, what: str, key: str = "") -> E:
        try:
            return kind(value)
        except ValueError as exc:
            raise self.fail(key, f"Giá trị không hợp lệ ở {what}: \u201c{value}\u201d.") from exc

    def sections(self, items: list[dict[str, Any]], prefix: str) -> tuple[Section, ...]:
        result = []
        for i, s in enumerate(items):
            path = f"{prefix}.{i}" if prefix else str(i)
            with self.at("sections" if not prefix else "children", i):
                result.append(
                    Section(
                        id=SectionId(self.id("section", path)),
                        label=self.text(s, "label"),
                        title=self.text(s, "title"),
                        run_in=bool(s.get("run_in", False)),
                        paragraphs=self.texts(s, "paragraphs"),
                        children=self.sections(self.items(s, "children"), path),
                    )
                )
        return tuple(result)

    def deadline(self, data: dict[str, Any] | None, what: str) -> Deadline:
        if not data:
            return Deadline()
        if not isinstance(data, dict):
            raise self.fail("deadline", "phải là một đối tượng JSON ({...}).")
        with self.at("deadline"):
            kind = self.enum(DeadlineKind, data.get("kind", "none"), what, "kind")
            year = data.get("year")
            month = quarter = None
            if kind is DeadlineKind.MONTH:
                try:
                    y, m = str(data["month"]).split("-")
                    year, month = int(y), int(m)
                except (KeyError, ValueError) as exc:
                    raise self.fail("month", f"Tháng của thời hạn không hợp lệ ở {what}.") from exc
            if kind is DeadlineKind.QUARTER:
                try:
                    y, q = str(data["quarter"]).upper().split("-Q")
                    year, quarter = int(y), int(q)
                except (KeyError, ValueError) as exc:
                    raise self.fail("quarter", f"Quý của thời hạn không hợp lệ ở {what}.") from exc
            if year is not None and not isinstance(year, int):
                raise self.fail("year", "phải là một số năm.")
            if year is not None and (problem := year_problem(year)) is not None:
                field = {DeadlineKind.MONTH: "month", DeadlineKind.QUARTER: "quarter"}
                raise self.fail(field.get(kind, "year"), f"Thời hạn ở {what}: {problem}.")
            try:
                return Deadline(
                    kind=kind,
                    text=self.text(data, "text"),
                    on=self.date(data.get("date"), what),
                    before=bool(data.get("before", False)),
                    year=year,
                    month=month,
                    quarter=quarter,
                    rrule=data.get("rrule") or None,
                    start=self.date(data.get("start"), what, "start"),
                )
            except UserError as exc:
                if exc.message.startswith("Trường"):
                    raise
                raise self.fail("", exc.message) from exc

    def unit_refs(self, data: dict[str, Any], key: str) -> tuple[UnitRef, ...]:
        names = data.get(key) or []
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise self.fail(key, "phải là danh sách tên đơn vị.")
        return tuple(UnitRef(UnitId(""), clean(n)) for n in names)

    def task(self, i: int, t: dict[str, Any], by_path: dict[str, SectionId]) -> Task:
        what = f"nhiệm vụ {i + 1}"
        path = t.get("section")
        if path and path not in by_path:
            raise self.fail(
                "section",
                f"Nhiệm vụ {i + 1} nằm ở mục \u201c{path}\u201d không có trong kế hoạch.",
            )
        return Task(
            id=TaskId(self.id("task", i)),
            text=self.text(t, "text"),
            lead=self.unit_refs(t, "lead"),
            support=self.unit_refs(t, "support"),
            deadline=self.deadline(t.get("deadline"), what),
            output=self.text(t, "output"),
            status=self.enum(TaskStatus, t.get("status", "not_started"), what, "status"),
            note=self.text(t, "note"),
            section_id=by_path.get(path) if path else None,
        )

    def event_rules(self, data: dict[str, Any]) -> tuple[list[EventRule], dict[str, EventRuleId]]:
        rule_ids: dict[str, EventRuleId] = {}
        rules = []
        for i, r in enumerate(self.items(data, "event_rules")):
            with self.at("event_rules", i):
                rid = EventRuleId(self.id("rule", r.get("key", i)))
                rule_ids[str(r.get("key", i))] = rid
                # ``show --json`` names an event's rule by its text: find it by that too.
                rule_ids.setdefault(self.text(r, "text"), rid)
                start = self.date(r.get("start"), "quy tắc sự kiện", "start")
                if start is None:
                    raise self.fail("start", "Quy tắc sự kiện cần có ngày bắt đầu.")
                if not isinstance(r.get("rrule"), str):
                    raise self.fail("rrule", "Quy tắc lặp lại phải là chuỗi RRULE.")
                rules.append(
                    EventRule(
                        id=rid,
                        text=self.text(r, "text"),
                        rrule=r["rrule"],
                        start=start,
                        label_pattern=self.text(r, "label_pattern"),
                    )
                )
        return rules, rule_ids

    def event(self, i: int, e: dict[str, Any], rule_ids: dict[str, EventRuleId]) -> Event:
        day = self.date(e.get("date"), f"sự kiện {i + 1}")
        if day is None:
            raise self.fail("date", f"Sự kiện {i + 1} chưa có ngày.")
        rule_id = rule_ids.get(str(e.get("rule"))) if e.get("rule") is not None else None
        # An event of a rule that says nothing else sits on the day the rule gave it.
        rule_date = self.date(e.get("rule_date"), f"sự kiện {i + 1}", "rule_date") or (
            day if rule_id else None
        )
        return Event(
            id=EventId(self.id("event", i)),
            label=self.text(e, "label"),
            date=day,
            time=self.text(e, "time") or None,
            place=self.text(e, "place"),
            rule_id=rule_id,
            all_hamlets=bool(e.get("all_hamlets", False)),
            note=self.text(e, "note"),
            rule_date=rule_date,
        )

    def plan(self, data: dict[str, Any]) -> Plan:
        issuer = self.obj(data, "issuer")
        signature = self.obj(data, "signature")
        sections = self.sections(self.items(data, "sections"), "")
        by_path = {path: s.id for path, s in walk_sections(sections)}
        tasks = []
        for i, t in enumerate(self.items(data, "tasks")):
            with self.at("tasks", i):
                tasks.append(self.task(i, t, by_path))
        rules, rule_ids = self.event_rules(data)
        events = []
        for i, e in enumerate(self.items(data, "events")):
            with self.at("events", i):
                events.append(self.event(i, e, rule_ids))
        assignments = []
        for i, a in enumerate(self.items(data, "assignments")):
            with self.at("assignments", i):
                hamlets = self.texts(a, "hamlets")
                assignments.append(
                    Assignment(
                        id=AssignmentId(self.id("assignment", i)),
                        unit=UnitRef(UnitId(""), self.text(a, "unit")),
                        hamlets=tuple(HamletRef(HamletId(""), h) for h in hamlets),
                        prefix=self.text(a, "prefix"),
                        note=self.text(a, "note"),
                    )
                )
        recipients = []
        for i, r in enumerate(self.items(data, "recipients")):
            with self.at("recipients", i):
                recipients.append(
                    Recipient(
                        id=RecipientId(self.id("recipient", i)),
                        text=self.text(r, "text"),
                        note=self.text(r, "note"),
                        role=self.enum(RecipientRole, r.get("role", "to"), "nơi nhận", "role"),
                    )
                )
        appendices = []
        for i, a in enumerate(self.items(data, "appendices")):
            with self.at("appendices", i):
                appendices.append(
                    Appendix(
                        id=AppendixId(self.id("appendix", i)),
                        kind=self.enum(AppendixKind, a.get("kind", "text"), "phụ lục", "kind"),
                        title=self.text(a, "title"),
                        attached_line=self.text(a, "attached_line"),
                        paragraphs=self.texts(a, "paragraphs"),
                    )
                )
        number = data.get("number")
        if number is not None and (
            not isinstance(number, int) or isinstance(number, bool) or number <= 0
        ):
            raise self.fail("number", "Số của kế hoạch phải là số nguyên dương hoặc để trống.")
        system = self.enum(System, data.get("system"), "hệ thống văn bản", "system")
        title = self.text(data, "title")
        if not title:
            raise self.fail("title", "Kế hoạch chưa có trích yếu (tiêu đề).")
        return Plan(
            id=PlanId(self.plan_id),
            system=system,
            issuer=Issuer(self.text(issuer, "name"), self.text(issuer, "parent")),
            number=number,
            symbol=self.text(data, "symbol"),
            place=self.text(data, "place"),
            date=self.date(data.get("date"), "ngày ban hành"),
            doc_type=self.text(data, "doc_type", "KH") or "KH",
            type_line=self.text(data, "type_line"),
            title=title,
            status=self.enum(PlanStatus, data.get("status", "draft"), "trạng thái", "status"),
            notes=self.text(data, "notes"),
            bases=self.texts(data, "bases"),
            preamble=self.texts(data, "preamble"),
            closing=self.texts(data, "closing"),
            signature=Signature(
                self.text(signature, "authority"),
                self.text(signature, "position"),
                self.text(signature, "signer"),
            ),
            sections=sections,
            tasks=tuple(tasks),
            event_rules=tuple(rules),
            events=tuple(events),
            assignments=tuple(assignments),
            recipients=tuple(recipients),
            appendices=tuple(appendices),
            measures=self.texts(data, "measures"),
        )


def plan_from_json(data: dict[str, Any], plan_id: str) -> Plan:
    """A Plan from the plan JSON; unit and hamlet references are by name, ids empty.

    Raises:
        UserError: a field is missing or malformed; the message names its path in the JSON
            ("tasks[2].deadline.date").
    """
    if not isinstance(data, dict):
        raise UserError("Dữ liệu kế hoạch phải là một đối tượng JSON ({...}).")
    reader = _Reader(plan_id)
    try:
        return reader.plan(data)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise UserError(
            f"Dữ liệu kế hoạch không đúng định dạng ở trường \u201c{reader.path()}\u201d ({exc})."
        ) from exc


def read_sample(path: Path) -> SampleBundle:
    """Read one sample file of ``resources/samples/``.

    Raises:
        UserError: the file is missing, too large, not JSON or not a sample.
    """
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UserError(f"Tệp {path.name} quá lớn để là dữ liệu mẫu.")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"Không đọc được tệp dữ liệu mẫu {path.name}: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != SAMPLE_FORMAT:
        raise UserError(f"Tệp {path.name} không phải dữ liệu mẫu của chương trình.")
    reader = _Reader(derived_id("sample", path.stem))
    try:
        units = tuple(
            Unit(
                id=UnitId(""),
                name=clean(u["name"]),
                kind=reader.enum(UnitKind, u.get("kind", "other"), "loại đơn vị", "kind"),
                short_name=clean(u.get("short_name") or ""),
                abbreviation=clean(u.get("abbreviation") or ""),
            )
            for u in data.get("units") or []
        )
        hamlets = tuple(
            Hamlet(
                id=HamletId(""),
                name=clean(h["name"]),
                kind=reader.enum(HamletKind, h.get("kind", "xom"), "loại xóm", "kind"),
                households=h.get("households"),
                population=h.get("population"),
                former_commune=clean(h.get("former_commune") or ""),
            )
            for h in data.get("hamlets") or []
        )
    except (KeyError, TypeError) as exc:
        raise UserError(
            f"Tệp {path.name}: danh sách đơn vị hoặc xóm sai định dạng ({exc})."
        ) from exc
    plan = plan_from_json(data.get("plan") or {}, reader.plan_id)
    return SampleBundle(name=path.stem, units=units, hamlets=hamlets, plan=plan)
