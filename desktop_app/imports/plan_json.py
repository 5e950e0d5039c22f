"""Reading the plan JSON of DESIGN.md section 7 (and the sample files) into domain objects.

Units and hamlets inside the plan come back as references by name with an empty id: the
workspace matches them against its own directory before anything is saved.
"""

import datetime as dt
import json
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
    file twice gives the same ids.
    """

    def __init__(self, plan_id: str) -> None:
        self.plan_id = plan_id

    def id(self, *parts: object) -> str:
        return derived_id(self.plan_id, *(str(p) for p in parts))

    @staticmethod
    def text(data: dict[str, Any], key: str, default: str = "") -> str:
        value = data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str):
            raise UserError(f"Trường \u201c{key}\u201d phải là chuỗi ký tự.")
        return clean(value)

    @staticmethod
    def texts(data: dict[str, Any], key: str) -> tuple[str, ...]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UserError(f"Trường \u201c{key}\u201d phải là danh sách chuỗi ký tự.")
        return tuple(clean(v) for v in value)

    @staticmethod
    def date(value: Any, what: str) -> dt.date | None:
        if value is None or value == "":
            return None
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError as exc:
            raise UserError(f"Ngày không hợp lệ ở {what}: \u201c{value}\u201d.") from exc

    @staticmethod
    def enum(kind: type[E], value: Any, what: str) -> E:
        try:
            return kind(value)
        except ValueError as exc:
            raise UserError(f"Giá trị không hợp lệ ở {what}: \u201c{value}\u201d.") from exc

    def sections(self, items: list[dict[str, Any]], prefix: str) -> tuple[Section, ...]:
        result = []
        for i, s in enumerate(items):
            path = f"{prefix}.{i}" if prefix else str(i)
            result.append(
                Section(
                    id=SectionId(self.id("section", path)),
                    label=self.text(s, "label"),
                    title=self.text(s, "title"),
                    run_in=bool(s.get("run_in", False)),
                    paragraphs=self.texts(s, "paragraphs"),
                    children=self.sections(s.get("children") or [], path),
                )
            )
        return tuple(result)

    def deadline(self, data: dict[str, Any] | None, what: str) -> Deadline:
        if not data:
            return Deadline()
        kind = self.enum(DeadlineKind, data.get("kind", "none"), what)
        year = data.get("year")
        month = quarter = None
        if kind is DeadlineKind.MONTH:
            try:
                y, m = str(data["month"]).split("-")
                year, month = int(y), int(m)
            except (KeyError, ValueError) as exc:
                raise UserError(f"Tháng của thời hạn không hợp lệ ở {what}.") from exc
        if kind is DeadlineKind.QUARTER:
            try:
                y, q = str(data["quarter"]).upper().split("-Q")
                year, quarter = int(y), int(q)
            except (KeyError, ValueError) as exc:
                raise UserError(f"Quý của thời hạn không hợp lệ ở {what}.") from exc
        return Deadline(
            kind=kind,
            text=self.text(data, "text"),
            on=self.date(data.get("date"), what),
            before=bool(data.get("before", False)),
            year=None if year is None else int(year),
            month=month,
            quarter=quarter,
            rrule=data.get("rrule") or None,
            start=self.date(data.get("start"), what),
        )

    @staticmethod
    def unit_refs(names: Any, what: str) -> tuple[UnitRef, ...]:
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise UserError(f"Danh sách đơn vị ở {what} không hợp lệ.")
        return tuple(UnitRef(UnitId(""), clean(n)) for n in names)

    def plan(self, data: dict[str, Any]) -> Plan:
        issuer = data.get("issuer") or {}
        signature = data.get("signature") or {}
        sections = self.sections(data.get("sections") or [], "")
        by_path = {path: s.id for path, s in walk_sections(sections)}
        tasks = []
        for i, t in enumerate(data.get("tasks") or []):
            what = f"nhiệm vụ {i + 1}"
            path = t.get("section")
            if path and path not in by_path:
                raise UserError(
                    f"Nhiệm vụ {i + 1} nằm ở mục \u201c{path}\u201d không có trong kế hoạch."
                )
            tasks.append(
                Task(
                    id=TaskId(self.id("task", i)),
                    text=self.text(t, "text"),
                    lead=self.unit_refs(t.get("lead") or [], what),
                    support=self.unit_refs(t.get("support") or [], what),
                    deadline=self.deadline(t.get("deadline"), what),
                    output=self.text(t, "output"),
                    status=self.enum(TaskStatus, t.get("status", "not_started"), what),
                    note=self.text(t, "note"),
                    section_id=by_path.get(path) if path else None,
                )
            )
        rule_ids: dict[str, EventRuleId] = {}
        rules = []
        for i, r in enumerate(data.get("event_rules") or []):
            rid = EventRuleId(self.id("rule", r.get("key", i)))
            rule_ids[str(r.get("key", i))] = rid
            start = self.date(r.get("start"), "quy tắc sự kiện")
            if start is None:
                raise UserError("Quy tắc sự kiện cần có ngày bắt đầu.")
            rules.append(
                EventRule(
                    id=rid,
                    text=self.text(r, "text"),
                    rrule=str(r["rrule"]),
                    start=start,
                    label_pattern=self.text(r, "label_pattern"),
                )
            )
        events = []
        for i, e in enumerate(data.get("events") or []):
            day = self.date(e.get("date"), f"sự kiện {i + 1}")
            if day is None:
                raise UserError(f"Sự kiện {i + 1} chưa có ngày.")
            rule_id = rule_ids.get(str(e.get("rule"))) if e.get("rule") is not None else None
            # An event of a rule that says nothing else sits on the day the rule gave it.
            rule_date = self.date(e.get("rule_date"), f"sự kiện {i + 1}") or (
                day if rule_id else None
            )
            events.append(
                Event(
                    id=EventId(self.id("event", i)),
                    label=self.text(e, "label"),
                    date=day,
                    time=e.get("time") or None,
                    place=self.text(e, "place"),
                    rule_id=rule_id,
                    all_hamlets=bool(e.get("all_hamlets", False)),
                    note=self.text(e, "note"),
                    rule_date=rule_date,
                )
            )
        assignments = []
        for i, a in enumerate(data.get("assignments") or []):
            assignments.append(
                Assignment(
                    id=AssignmentId(self.id("assignment", i)),
                    unit=UnitRef(UnitId(""), self.text(a, "unit")),
                    hamlets=tuple(
                        HamletRef(HamletId(""), clean(h)) for h in a.get("hamlets") or []
                    ),
                    prefix=self.text(a, "prefix"),
                    note=self.text(a, "note"),
                )
            )
        recipients = tuple(
            Recipient(
                id=RecipientId(self.id("recipient", i)),
                text=self.text(r, "text"),
                note=self.text(r, "note"),
                role=self.enum(RecipientRole, r.get("role", "to"), "nơi nhận"),
            )
            for i, r in enumerate(data.get("recipients") or [])
        )
        appendices = tuple(
            Appendix(
                id=AppendixId(self.id("appendix", i)),
                kind=self.enum(AppendixKind, a.get("kind", "text"), "phụ lục"),
                title=self.text(a, "title"),
                attached_line=self.text(a, "attached_line"),
                paragraphs=self.texts(a, "paragraphs"),
            )
            for i, a in enumerate(data.get("appendices") or [])
        )
        number = data.get("number")
        if number is not None and (not isinstance(number, int) or number <= 0):
            raise UserError("Số của kế hoạch phải là số nguyên dương hoặc để trống.")
        title = self.text(data, "title")
        if not title:
            raise UserError("Kế hoạch chưa có trích yếu (tiêu đề).")
        return Plan(
            id=PlanId(self.plan_id),
            system=self.enum(System, data.get("system"), "hệ thống văn bản"),
            issuer=Issuer(self.text(issuer, "name"), self.text(issuer, "parent")),
            number=number,
            symbol=self.text(data, "symbol"),
            place=self.text(data, "place"),
            date=self.date(data.get("date"), "ngày ban hành"),
            doc_type=self.text(data, "doc_type", "KH") or "KH",
            type_line=self.text(data, "type_line"),
            title=title,
            status=self.enum(PlanStatus, data.get("status", "draft"), "trạng thái"),
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
            recipients=recipients,
            appendices=appendices,
            measures=self.texts(data, "measures"),
        )


def plan_from_json(data: dict[str, Any], plan_id: str) -> Plan:
    """A Plan from the plan JSON; unit and hamlet references are by name, ids empty.

    Raises:
        UserError: a field is missing or malformed; the message says which.
    """
    try:
        return _Reader(plan_id).plan(data)
    except (KeyError, TypeError, AttributeError) as exc:
        raise UserError(
            f"Dữ liệu kế hoạch không đúng định dạng: thiếu hoặc sai trường {exc}."
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
                kind=reader.enum(UnitKind, u.get("kind", "other"), "loại đơn vị"),
                short_name=clean(u.get("short_name") or ""),
                abbreviation=clean(u.get("abbreviation") or ""),
            )
            for u in data.get("units") or []
        )
        hamlets = tuple(
            Hamlet(
                id=HamletId(""),
                name=clean(h["name"]),
                kind=reader.enum(HamletKind, h.get("kind", "xom"), "loại xóm"),
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
