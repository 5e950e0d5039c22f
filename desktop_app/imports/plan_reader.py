"""Understanding a plan document: from its lines to a draft :class:`Plan`.

The reader knows the shapes Vietnamese plans take (the header block, "Số: 12/KH-UBND" or
"Số 95-KH/TU", the section tree, "Căn cứ ..." bases, duties with "chủ trì, phối hợp với",
campaign-day lists, the assignment table, Nơi nhận and the signature). What it cannot be sure
of it says, as a :class:`Finding`, instead of guessing silently. Unit and hamlet names are
kept as written; matching them to the office's own lists is the workspace's job.
"""

import datetime as dt
import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from desktop_app.domain.calendar import WEEKDAY_NAMES
from desktop_app.domain.checks import Finding, Place, Severity
from desktop_app.domain.deadline_parser import find_deadline
from desktop_app.domain.deadlines import Deadline, DeadlineKind, date_text
from desktop_app.domain.errors import UserError
from desktop_app.domain.event_rules import new_rule_id, parse_event_rule, rule_dates
from desktop_app.domain.hamlet_lists import split_hamlet_list
from desktop_app.domain.ids import (
    AppendixId,
    AssignmentId,
    EventId,
    HamletId,
    PlanId,
    RecipientId,
    SectionId,
    TaskId,
    UnitId,
    new_id,
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
    UnitRef,
    section_key,
)
from desktop_app.domain.text import clean, fold, normalize_tone
from desktop_app.domain.units import Hamlet, HamletKind, Unit
from desktop_app.imports.document_reader import DocumentReadError, SourceDocument
from desktop_app.imports.plan_blocks import (
    LETTER,
    NUMBER,
    ROMAN,
    Block,
    all_capitals,
    blocks,
    ended,
    is_heading_like,
    line_text,
    starts_item,
)
from desktop_app.imports.plan_bodies import (
    capitalized,
    directed,
    done_by,
    heading_body,
    is_generic,
    is_lead_line,
    is_specific,
    subject,
    supports,
    unit_kind,
)
from desktop_app.imports.plan_header import issuer_names, strip_motto, symbol_type, type_code
from desktop_app.imports.plan_tables import (
    cell_deadline,
    cell_units,
    column_role,
    is_header_repeat,
    other_deadline,
    refine_columns,
    section_row,
    table_task,
    task_columns,
)
from desktop_app.imports.task_confidence import TaskConfidence, TaskOrigin, assess_task
from desktop_app.imports.task_matching import same_work, supports_only


@dataclass(frozen=True)
class SourceSpan:
    """Lines ``first`` to ``last`` (inclusive) of :attr:`SourceDocument.lines`."""

    first: int
    last: int


@dataclass(frozen=True)
class UnderstoodPlan:
    """What the reader understood.

    Attributes:
        plan: a draft; its unit and hamlet references carry the names as written, ids "".
        units: every body the plan names (ids "", kind guessed from the name).
        hamlets: every hamlet the assignment table names (ids "").
        spans: where each part came from: "header", "title", "bases", "signature",
            "recipients", and the id of each section, task, event, assignment, recipient
            and appendix; "<task id>.lead" or ".support": where a unit's paragraph under
            "Tổ chức thực hiện" made a unit the lead or support of a task found before.
        doubts: what the reader is unsure of.
        confidence: by task id, how sure the reader is of each task, and why not.
    """

    plan: Plan
    units: tuple[Unit, ...]
    hamlets: tuple[Hamlet, ...]
    spans: Mapping[str, SourceSpan]
    doubts: tuple[Finding, ...]
    confidence: Mapping[str, TaskConfidence] = field(default_factory=dict)


_NUMBER = re.compile(
    r"^Số\s*:?\s*(?P<num>\d*)\s*(?P<sep>[/\-])\s*(?P<symbol>[A-ZĐ][A-ZĐa-zđ0-9/\-]*)"
)
_PLACE_DATE = re.compile(
    r"(?:(?P<place>[^\s,][^,\n]{0,40}?)\s*,\s*)?ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})"
    r"\s+năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
_BLANK_DATE = re.compile(r"(?P<place>[^\s,][^,\n]{0,40}?)\s*,\s*ngày\s+[.…\s]*tháng", re.IGNORECASE)
# A line of a structured task block: "- Cơ quan chủ trì: Công an xã", "b) Thời gian: Quý II".
_FIELD = re.compile(
    r"^(?:[-+•]\s*|[a-zđ]\)\s*)?(?P<name>Nội dung(?: công việc| nhiệm vụ)?|Nhiệm vụ|Công việc|"
    r"(?:Cơ quan|Đơn vị|Người|Bộ phận)(?: \(đơn vị\))?\s+(?:chủ trì|thực hiện|phối hợp|"
    r"chịu trách nhiệm|phụ trách)(?:\s+thực hiện)?|Chủ trì(?: thực hiện)?|Phối hợp(?: thực hiện)?|"
    r"Thời gian(?:\s+(?:thực hiện|hoàn thành|triển khai))?|"
    r"Thời hạn(?:\s+(?:ban hành|hoàn thành|thực hiện|trình))?|Tiến độ(?: thực hiện)?|Sản phẩm|"
    r"Kết quả(?: dự kiến| đầu ra)?)\s*:\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
# The closing clauses of a plan: what to do if trouble comes, what the plan replaces.
_CLOSING_CLAUSE = re.compile(
    r"^[^.]{0,120}?\bnếu (?:có|phát sinh|gặp)\b[^.]{0,30}?(?:khó khăn|vướng mắc)"
    r"|^(?:Kế hoạch|Quyết định) này (?:thay thế|có hiệu lực)",
    re.IGNORECASE,
)
_TABLE_GAP = 6
"""A task table cut by at most this many lines (a page's foot, "……") goes on after them."""
_LIST_MARK = re.compile(r"^(?:[-+•]|[a-zđ]\))\s")
_LETTER_SUBJECT = re.compile(r"^(?:V/v|V/V|Về việc)\s+\S", re.IGNORECASE)
_KINH_GUI = re.compile(r"^Kính\s+gửi\b", re.IGNORECASE)
_DATE_WORDS = re.compile(r"\b(?:ngày|tháng|năm)\b", re.IGNORECASE)
_AUTHORITY = re.compile(r"^(?:TM|T/M|KT|K/T|TL|T/L|TUQ|Q|TUQ)\s*[./]?\s+\S", re.IGNORECASE)
_RECIPIENTS = re.compile(r"^Nơi\s+nhận\s*:?", re.IGNORECASE)
_CC = re.compile(r"^Đồng\s+kính\s+gửi\s*:?", re.IGNORECASE)
_ATTACHED = re.compile(r"^\(?\s*Kèm theo", re.IGNORECASE)
_NOTE = re.compile(r"\s*(?P<note>\((?:[^()]{1,25})\))\s*$")
_EVENT_ITEM = re.compile(
    r"^[-+•]?\s*(?P<label>(?:Đợt|Lần|Buổi)\s+\d+)\s*:\s*(?:(?P<weekday>Thứ\s+\S+|Chủ\s+nhật)\s*,?\s*)?"
    r"ngày\s+(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})",
    re.IGNORECASE,
)
_NTH_WEEKDAY = re.compile(
    r"(?:ngày\s+)?(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ nhật)\s+(?:đầu tiên|thứ nhất|"
    r"thứ hai|thứ ba|thứ tư|cuối cùng|cuối)\s+(?:của|trong)\s+(?:(?:hằng|hàng|mỗi)\s+)?tháng",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"từ\s+tháng\s+\d{1,2}\s*/\s*\d{4}\s+(?:đến|tới)\s+(?:hết\s+)?tháng\s+\d{1,2}\s*/\s*\d{4}",
    re.IGNORECASE,
)
_MEETING = re.compile(
    r"^(?:[-+•]\s*)?Tổ chức\s+(?P<what>(?:hội nghị|hội thảo|lễ|buổi|cuộc họp|hội thi)\b.*?)"
    r"(?:\s+(?:với hình thức|theo hình thức|tại|vào|trong)\b|,|\s+ngày\s+\d)",
    re.IGNORECASE,
)
_FULL_DATE = re.compile(r"ngày\s+(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})")
_ONLINE = re.compile(
    r"trực tuyến\s+từ\s+(?P<src>.+?)\s+(?:đến|tới)\s+(?P<dst>.+?)(?:\s+vào)?\s+ngày\s+\d",
    re.IGNORECASE,
)
_AT = re.compile(r"\btại\s+(?P<place>[^.;]+)", re.IGNORECASE)
_ABBREVIATED = re.compile(r"\b(?:UBND|HĐND|MTTQ)\b")
_YEARS = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# Aims are no duties. (A "KINH PHÍ" section is read: where it names who funds or draws up
# the budget, that is a duty like any other.)
_NO_TASK_SECTIONS = ("muc dich", "yeu cau", "muc tieu")
# Top sections that assign the duties, under whatever name.
_IMPLEMENTATION = (
    "to chuc thuc hien",
    "nhiem vu cu the",
    "phan cong nhiem vu",
    "phan cong thuc hien",
    "trach nhiem thuc hien",
    "trach nhiem cua cac",
)


@dataclass
class _Header:
    """What the header block says; empty where it says nothing."""

    system: System | None = None
    issuer_lines: list[tuple[int, str]] = field(default_factory=list)
    number: int | None = None
    symbol: str = ""
    party_number: bool = False  # "Số 95-KH/TU": the Party's form
    place: str = ""
    date: dt.date | None = None


@dataclass
class _Node:
    label: str
    title: str
    run_in: bool
    level: int
    first: int
    last: int
    paragraphs: list[Block] = field(default_factory=list)
    children: list["_Node"] = field(default_factory=list)
    id: str = ""

    @property
    def key(self) -> str:
        return section_key(self.label)


@dataclass(frozen=True)
class _Duty:
    """A paragraph that may be a duty, and what its section says of it."""

    node: "_Node"
    block: Block
    in_impl: bool
    context: str  # the body the section's heading names
    governed: bool  # a "* X chủ trì ..." line follows it in its section
    following: list[Block]  # the paragraph after it, if any


@dataclass
class _Record:
    """One structured task block: its name, its "Cơ quan chủ trì: …" fields, its steps."""

    name: str
    first: int
    last: int
    fields: dict[str, str] = field(default_factory=dict)
    steps: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _AssignmentColumns:
    """Where an assignment table keeps the unit and the hamlets, and what it calls a hamlet."""

    header: bool
    unit: int = 1
    hamlet: int = 2
    kind_word: str = "Xóm"


def _assignment_columns(first_row: tuple[str, ...]) -> _AssignmentColumns:
    """The columns, from the table's first row when it is a header (else the usual ones)."""
    header = [fold(c) for c in first_row]
    has_header = any(c in ("tt", "stt") for c in header) or any(
        "don vi" in c or "xom" in c or "thon" in c for c in header
    )
    if not has_header:
        return _AssignmentColumns(header=False)
    unit_col, hamlet_col = 1, 2
    kind_word = "Xóm"
    for index, cell in enumerate(header):
        if "don vi" in cell or "co quan" in cell:
            unit_col = index
        elif any(w in cell for w in ("xom", "thon", "to dan pho", "dia ban")):
            hamlet_col = index
            kind_word = "Thôn" if "thon" in cell else "Tổ dân phố" if "to dan" in cell else "Xóm"
    return _AssignmentColumns(True, unit_col, hamlet_col, kind_word)


_POSITION_WORDS = ("TRƯỞNG", "PHÓ", "CHỦ TỊCH", "BÍ THƯ")
# "TM." signs for a collective body whose name may wrap ("TM. ỦY BAN NHÂN" / "DÂN").
_COLLECTIVE = re.compile(r"^(?:TM|T/M)\b", re.IGNORECASE)
_POSITION_STARTS = (
    "PHÓ",
    "CHỦ TỊCH",
    "BÍ THƯ",
    "TRƯỞNG",
    "GIÁM ĐỐC",
    "CHÁNH",
    "THỦ TƯỚNG",
    "BỘ TRƯỞNG",
    "THỨ TRƯỞNG",
    "ỦY VIÊN",
    "UỶ VIÊN",
    "CHỈ HUY",
    "TỔNG",
    "CỤC TRƯỞNG",
    "HIỆU TRƯỞNG",
    "THƯ KÝ",
    "KT",
    "TL",
)


def _starts_position(text: str) -> bool:
    return (
        normalize_tone(text).upper().startswith(tuple(normalize_tone(w) for w in _POSITION_STARTS))
    )


@dataclass
class _Tail:
    """The end of a plan read line by line: "Nơi nhận" and its list, and the signature.

    Attributes:
        items: each recipient as written (its lines joined), its role, first and last line.
        role: the list the lines below belong to, None outside a list.
        end: where the appendices begin.
    """

    end: int
    texts: list[str] = field(default_factory=list)
    items: list[tuple[str, RecipientRole, int, int]] = field(default_factory=list)
    role: RecipientRole | None = None
    authorities: list[str] = field(default_factory=list)
    own_title: bool = False
    position: str = ""
    signer: str = ""
    first_recipient: int = -1
    last_recipient: int = -1
    sign_first: int = -1
    sign_last: int = -1

    def take(self, i: int, text: str) -> bool:
        """Read line ``i`` (not blank); True when the tail ends there."""
        if _RECIPIENTS.match(text):
            self.role = RecipientRole.TO
            rest = _RECIPIENTS.sub("", text).strip()
            if rest:
                self.items.append((rest, self.role, i, i))
            self.first_recipient = i if self.first_recipient < 0 else self.first_recipient
            self.last_recipient = i
            return False
        if _CC.match(text):
            self.role = RecipientRole.CC
            self.last_recipient = i
            return False
        if self.authorities and not self.signer and text.startswith(("(", "[")):
            return False  # "(Đã ký)", "(Ký, đóng dấu)": the stamp's place, before the name
        part = self._signature_part(i, text)
        if part:
            return self._sign(part, i, text)
        return self._list_line(i, text)

    def _signature_part(self, i: int, text: str) -> str:
        """Which line of the signature ``text`` would be, or "" when none."""
        capitals = all_capitals(text)
        if capitals and _AUTHORITY.match(text) and len(self.authorities) < 3 and not self.position:
            return "authority"
        if self.authorities and not self.position and not self.own_title and capitals:
            last = self.authorities[-1]
            if (
                _COLLECTIVE.match(last)
                and len(self.authorities) == 1
                and not _starts_position(text)
                and not _looks_like_name(self.next_text(i))
            ):
                return "authority continued"
            return "position"
        if (
            self.authorities
            and self.position
            and capitals
            and not self.signer
            and len(text) < 40
            and any(word in text for word in _POSITION_WORDS)
        ):
            return "position continued"
        if (
            not self.authorities
            and capitals
            and len(text) < 60
            and not text.startswith(("-", "+", "•"))
            and _looks_like_name(self.next_text(i))
        ):
            # A head who signs in their own right prints only their title ("THỦ TƯỚNG").
            return "own title"
        if (
            self.authorities
            and (self.position or self.own_title)
            and not self.signer
            and not text.startswith(("(", "-"))
        ):
            return "signer"
        return ""

    def next_text(self, i: int) -> str:
        """The next line after ``i`` that is not blank."""
        return next((t for t in self.texts[i + 1 : i + 6] if t), "")

    @property
    def authority(self) -> str:
        return "\n".join(self.authorities)

    def _sign(self, part: str, i: int, text: str) -> bool:
        if part == "authority":
            if not self.authorities:
                self.sign_first = i
            self.authorities.append(text)
            self.sign_last = i
            self.role = None
        elif part == "authority continued":
            self.authorities[-1] = f"{self.authorities[-1]} {text}"
            self.sign_last = i
        elif part == "own title":
            self.authorities.append(text)
            self.own_title = True
            self.sign_first = self.sign_last = i
            self.role = None
        elif part == "position":
            self.position = text
            self.sign_last = i
        elif part == "position continued":
            self.position = f"{self.position} {text}"
            self.sign_last = i
        elif _looks_like_name(text):
            self.signer = text
            self.sign_last = i
            self.end = i + 1
            return self.role is None
        return False

    def _list_line(self, i: int, text: str) -> bool:
        """A recipient, the rest of one, or the first line past the tail."""
        if self.role is not None and (text.startswith(("-", "+", "•")) or not self.items):
            self.items.append((text, self.role, i, i))
            self.last_recipient = i
        elif self.role is not None and self.items and not all_capitals(text):
            written, item_role, first, _ = self.items[-1]
            self.items[-1] = (f"{written} {text}", item_role, first, i)
            self.last_recipient = i
        elif self.signer or (self.authority and self.role is None):
            self.end = i
            return True
        return False


class _Reader:
    """One pass over one document; collects what it understands and its doubts."""

    def __init__(self, document: SourceDocument) -> None:
        self.doc = document
        self.texts = [line_text(line) for line in document.lines]
        self.spans: dict[str, SourceSpan] = {}
        self.doubts: list[Finding] = []
        self.names: dict[str, str] = {}  # variant key -> name as first written
        self.last_task_header: tuple[str, ...] = ()
        self.last_task_row = -1_000
        self.unit_order: list[str] = []
        self.origins: dict[str, TaskOrigin] = {}

    def doubt(self, message: str, place: Place = Place.HEADER, item: str = "") -> None:
        self.doubts.append(Finding(Severity.WARNING, message, place, item))

    # ---- header ---------------------------------------------------------------------------

    def header(self, end: int) -> _Header:
        lines = self.header_lines(end)
        found = _Header()
        self.place_and_date(found, [t for _, t in lines])
        after_motto = False
        for index, written in lines:
            text, after_motto = strip_motto(written, after_motto)
            if text != written:
                if "ĐẢNG CỘNG SẢN" in written.upper():
                    found.system = System.PARTY
                elif found.system is None and "CỘNG H" in written.upper():
                    found.system = System.STATE
            if not text or re.fullmatch(r"[-_*=.…\s]+", text) or _LETTER_SUBJECT.match(text):
                continue
            number = _NUMBER.match(text)
            if number:
                found.number = int(number["num"]) if number["num"] else None
                found.symbol = number["symbol"].strip("-/")
                found.party_number = number["sep"] == "-"
                self.spans["number"] = SourceSpan(index, index)
                continue
            if all_capitals(text) and not _PLACE_DATE.search(text) and not text[0].isdigit():
                if len(text) > 3 or found.issuer_lines:
                    found.issuer_lines.append((index, text.rstrip(" -_=*")))
            elif len(text.split()) >= 4 and not _DATE_WORDS.search(text):
                # Words that are no part of a header (a web page's notes before the
                # document): the issuer is printed after them.
                found.issuer_lines.clear()
        if lines:
            self.spans["header"] = SourceSpan(lines[0][0], lines[-1][0])
        return found

    def place_and_date(self, found: _Header, written: list[str]) -> None:
        """The place and date of the header, whichever lines they are printed over."""
        # A PDF copy may run the number and the place-and-date of the two columns together
        # ("Số  -KH/HU ……, ngày ..."): the place is what follows the number.
        texts = [_NUMBER.sub("", t).strip().lstrip(" ,") for t in written]
        candidates = (
            texts
            + [f"{a} {b}" for a, b in itertools.pairwise(texts)]
            + [
                f"{a} {b} {c}"
                for a, b, c in zip(texts, texts[1:], texts[2:], strict=False)
                if _place_piece(a)
            ]
        )
        matches = [m for t in candidates if (m := _PLACE_DATE.match(t))]
        # A place name broken over lines ("Sơn" / "La, ngày ...") gives the longer match.
        placed = [m for m in matches if m["place"] and (_place_piece(m["place"]))]
        m = max(placed, key=lambda m: len(m["place"]), default=matches[0] if matches else None)
        if m:
            found.place = _place(m["place"])
            try:
                found.date = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                self.doubt(f"Ngày ban hành “{m.group(0)}” không có trên lịch; hãy nhập lại.")
        else:
            blank = next((b for t in candidates if (b := _BLANK_DATE.match(t))), None)
            if blank:
                found.place = _place(blank["place"])

    def header_lines(self, end: int) -> list[tuple[int, str]]:
        """The header's lines before ``end``.

        A row of a layout table gives one line per cell, "Số:" and the number printed on two
        lines are one, emphasis stars go.
        """
        out: list[tuple[int, str]] = []
        for i in range(end):
            line = self.doc.lines[i]
            parts = [clean(c) for c in line.cells] if line.cells else [self.texts[i]]
            for part in parts:
                text = part.strip(" *_")
                if not text:
                    continue
                if out and re.fullmatch(r"Số\s*:?", out[-1][1]) and re.match(r"\d*\s*[/\-]", text):
                    out[-1] = (out[-1][0], f"Số: {text}")
                    continue
                out.append((i, text))
        return out

    @staticmethod
    def issuer_lines(items: list[tuple[int, str]]) -> tuple[str, str]:
        names = issuer_names([text for _, text in items])
        if not names:
            return "", ""
        return names[-1], " ".join(names[:-1])

    # ---- title ----------------------------------------------------------------------------

    def issuer_stop_names(self, head: _Header) -> set[str]:
        """The issuer's name as a decision prints it under its trích yếu (folded)."""
        issuer, parent = self.issuer_lines(head.issuer_lines)
        names = {fold(issuer), fold(f"{parent} {issuer}")} if issuer else set()
        return {n.replace("uy ban nhan dan", "ubnd") for n in names} | names

    def title(self, start: int, stop_names: set[str] | None = None) -> tuple[str, str, int]:
        """(type line, title, index of the first line after the title).

        A decision prints its issuer's name (or its head's title) right under the trích
        yếu: that line, one of ``stop_names`` or "CHỦ TỊCH ...", ends the title.
        """
        i = start
        n = len(self.texts)
        while i < n and not self.texts[i]:
            i += 1
        type_line = ""
        if i < n and all_capitals(self.texts[i]) and self.texts[i].upper().startswith("CỦA "):
            type_line = self.texts[i]
            i += 1
        parts: list[str] = []
        first = i
        blank = False
        while i < n and len(parts) < 8:
            text = self.texts[i]
            if not text:
                blank = True
                i += 1
                continue
            if re.fullmatch(r"[-_=*.\s]{3,}", text):
                i += 1
                break
            if parts and (
                text.startswith(("Căn cứ", "Thực hiện", "Để ", "Nhằm "))
                or starts_item(text)
                or (blank and not text[0].islower())
            ):
                break
            if not parts and (ROMAN.match(text) or text.startswith("Căn cứ")):
                break
            if parts and all_capitals(text) and _names_authority(text, stop_names or set()):
                break
            parts.append(text)
            blank = False
            i += 1
        title = " ".join(" ".join(parts).split())
        if parts:
            self.spans["title"] = SourceSpan(first - (1 if type_line else 0), i - 1)
        return type_line, title, i

    # ---- body -----------------------------------------------------------------------------

    def sections(self, body: list[Block]) -> tuple[list[Block], list[_Node], list[Block]]:
        """(blocks before the first section, the section tree, the closing blocks)."""
        before: list[Block] = []
        closing: list[Block] = []
        roots: list[_Node] = []
        stack: list[_Node] = []
        for block in body:
            text = block.text
            if closing or (stack and text.startswith("Trên đây")):
                closing.append(block)
                continue
            node = self.heading(block)
            if node is None:
                if stack:
                    stack[-1].paragraphs.append(block)
                    for open_node in stack:
                        open_node.last = block.last
                else:
                    before.append(block)
                continue
            while stack and stack[-1].level >= node.level:
                stack.pop()
            (stack[-1].children if stack else roots).append(node)
            stack.append(node)
            for open_node in stack:
                open_node.last = max(open_node.last, block.last)
        return before, roots, closing

    def heading(self, block: Block) -> _Node | None:
        text = block.text
        if block.cells:
            return None
        roman = ROMAN.match(text)
        if roman and roman["rest"]:
            return _Node(roman["label"], roman["rest"].strip(), False, 1, block.first, block.last)
        number = NUMBER.match(text)
        if number and not re.match(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}", text):
            depth = number["num"].count(".") + 1
            label = number["label"]
            rest = number["rest"].strip()
            return self.numbered(label, rest, 1 + depth, block)
        letter = LETTER.match(text)
        if letter and is_heading_like(text) and not ended(text):
            return _Node(letter["label"], letter["rest"].strip(), False, 6, block.first, block.last)
        return None

    @staticmethod
    def numbered(label: str, rest: str, level: int, block: Block) -> _Node:
        colon = rest.find(":")
        if 0 < colon <= 80 and "(" not in rest[:colon]:
            head, tail = rest[:colon].strip(), rest[colon + 1 :].strip()
            if tail:
                node = _Node(label, head, True, level, block.first, block.last)
                node.paragraphs.append(Block(tail, block.first, block.last))
                return node
            return _Node(label, rest, False, level, block.first, block.last)
        sentence = ended(rest) and (
            len(rest) > 90 or re.search(r"[.;]\s+\S", rest[:-1]) or subject(rest)[0]
        )
        if sentence:
            node = _Node(label, "", True, level, block.first, block.last)
            node.paragraphs.append(Block(rest, block.first, block.last))
            return node
        return _Node(label, rest, False, level, block.first, block.last)

    # ---- units ----------------------------------------------------------------------------

    def unit(self, name: str, preferred: bool = False) -> str:
        """The one spelling used for a body throughout the plan (first seen, or the table's)."""
        key = _variant_key(name)
        known = self.names.get(key)
        if known is not None and _ABBREVIATED.search(known) and not _ABBREVIATED.search(name):
            preferred = True  # "Mặt trận Tổ quốc ..." over "MTTQ ..."
        if known is None or (preferred and known != name):
            if known is not None:
                self.unit_order = [name if n == known else n for n in self.unit_order]
                for k, v in list(self.names.items()):
                    if v == known:
                        self.names[k] = name
            else:
                self.unit_order.append(name)
            self.names[key] = name
            return name
        return known

    # ---- tasks ----------------------------------------------------------------------------

    def tasks(
        self, roots: list[_Node], events_at: set[int], default_year: int | None
    ) -> list[Task]:
        out: list[Task] = []
        for node, _path, in_impl, context in self.walk(roots):
            pending: list[int] = []  # tasks waiting for a "* X chủ trì" line
            block_tasks = self.structured_tasks(node, default_year)
            if block_tasks is not None:
                out.extend(block_tasks)
                continue
            tables, in_tables = self.node_tables(node, default_year)
            lead_lines = [k for k, b in enumerate(node.paragraphs) if is_lead_line(b.text)]
            last_lead = lead_lines[-1] if lead_lines else -1
            for position, block in enumerate(node.paragraphs):
                out.extend(tables.get(block.first, ()))
                if block.first in in_tables or block.first in events_at:
                    continue
                if is_lead_line(block.text):
                    self.apply_lead_line(out, pending, block.text[1:].strip(), default_year)
                    pending = []
                    continue
                following = node.paragraphs[position + 1 : position + 2]
                duty = _Duty(node, block, in_impl, context, position < last_lead, following)
                task = self.paragraph_task(duty, out, default_year)
                if task is None:
                    continue
                if in_impl and context and self.linked_to_earlier(out, task, node.id):
                    continue
                if not task.lead:
                    pending.append(len(out))
                out.append(task)
        return out

    def paragraph_task(
        self, duty: "_Duty", out: list[Task], default_year: int | None
    ) -> Task | None:
        """The task a paragraph of a section gives, or None.

        A "Thời gian thực hiện: …" (or "Sản phẩm:", "Phối hợp:") line completes the task
        above it in ``out`` instead.
        """
        node, block = duty.node, duty.block
        text = re.sub(r"^[-+•]\s*", "", block.text).strip()
        lead, rest = subject(text)
        lead = lead or done_by(text)
        if not (duty.in_impl or lead or duty.governed or _due(text, default_year)):
            return None
        field_line = _FIELD.match(block.text)
        if field_line and _field_role(field_line["name"]) in ("time", "output", "support"):
            if out and out[-1].section_id == node.id:
                out[-1] = self.with_field(out[-1], field_line, default_year)
            return None
        if _introduces_list(block, duty.following) or _CLOSING_CLAUSE.search(text):
            return None
        support = supports(rest if lead else text)
        if lead and not support:
            support = directed(rest)
        if duty.context and (not lead or not all(is_specific(n) for n in lead)):
            # Under a heading that names the body, a sentence's own subject wins only when
            # it names a particular body ("Đồng chí bí thư cấp ủy" does not; "các chi bộ
            # trực thuộc Đảng ủy" does).
            lead = [duty.context]
        task = Task(
            id=TaskId(new_id()),
            text=text,
            lead=tuple(UnitRef(UnitId(""), self.unit(n)) for n in lead),
            support=tuple(UnitRef(UnitId(""), self.unit(n)) for n in support if n not in lead),
            deadline=_deadline(text, default_year) or Deadline(),
            section_id=SectionId(node.id),
        )
        self.spans[task.id] = SourceSpan(block.first, block.last)
        itemized = _LIST_MARK.match(block.text) or (node.run_in and block.first == node.first)
        self.origins[task.id] = TaskOrigin.ITEM if itemized else TaskOrigin.PROSE
        return task

    def linked_to_earlier(self, out: list[Task], duty: Task, section_id: str) -> bool:
        """A unit's duty that repeats a task found before: the unit joins that task instead.

        Under "Tổ chức thực hiện" each unit's paragraph lists its duties, often the body's
        tasks again. The unit becomes the earlier task's lead ("Chủ trì …", "Thực hiện …")
        or support ("Phối hợp …", "Tham gia …"); a deadline the earlier one lacks is taken.
        """
        for index, earlier in enumerate(out):
            if earlier.section_id == section_id or not same_work(earlier.text, duty.text):
                continue
            if supports_only(duty.text):
                lead = earlier.lead
                support = tuple(dict.fromkeys(earlier.support + duty.lead + duty.support))
            else:
                lead = tuple(dict.fromkeys(earlier.lead + duty.lead))
                support = tuple(dict.fromkeys(earlier.support + duty.support))
            deadline = earlier.deadline
            if deadline.kind is DeadlineKind.NONE and not deadline.text:
                deadline = duty.deadline
            out[index] = replace(
                earlier,
                lead=lead,
                support=tuple(r for r in support if r not in lead),
                deadline=deadline,
            )
            # The row of the unit's role shows the line that named it there.
            where = self.spans.pop(duty.id, None)
            if where is not None:
                self.spans[f"{earlier.id}.{'support' if supports_only(duty.text) else 'lead'}"] = (
                    where
                )
            self.origins.pop(duty.id, None)
            return True
        return False

    def structured_tasks(self, node: _Node, default_year: int | None) -> list[Task] | None:
        """A section written as structured blocks, one task each; None when it is not one.

        A block reads "Nội dung: … / Cơ quan chủ trì: … / Cơ quan phối hợp: … / Thời gian
        thực hiện: … / Sản phẩm: …" (or with a) b) c) before the names). It is named by the
        heading, or by the paragraph right above its lines when one section holds several
        ("- Nghị định …" then "+ Cơ quan chủ trì: …"); a "Nội dung:" line says what it is
        when nothing names it, and is kept as the task's note otherwise. Other paragraphs are
        steps of the block above them (the last date among them is its deadline when no
        "Thời gian:" line gives one).
        """
        matches = [_FIELD.match(b.text) for b in node.paragraphs]
        roles = [_field_role(m["name"]) if m else "" for m in matches]
        if "lead" not in roles:
            return None
        records: list[_Record] = [_Record(node.title, node.first, node.last)]
        for index, block in enumerate(node.paragraphs):
            m, role = matches[index], roles[index]
            record = records[-1]
            if m and role:
                record.fields.setdefault(role, m["value"].strip())
                record.last = block.last
            elif block.cells:
                continue
            elif (
                index + 1 < len(roles)
                and roles[index + 1]
                and (record.fields or not record.name or _LIST_MARK.match(block.text))
            ):
                name = re.sub(r"^[-+•]\s*", "", block.text).strip()
                records.append(_Record(name, block.first, block.last))
            else:
                record.steps.append(block.text)
                record.last = block.last
        return [t for r in records if (t := self.record_task(r, node, default_year)) is not None]

    def record_task(self, record: "_Record", node: _Node, default_year: int | None) -> Task | None:
        fields = record.fields
        if "lead" not in fields:
            return None
        content = fields.get("content", "")
        text = fields.get("task") or record.name or content or (record.steps[:1] or [""])[0]
        if not text:
            return None
        lead_text = fields["lead"]
        lead, _ = subject(lead_text)
        lead = lead or cell_units(lead_text)
        support = [n for n in cell_units(fields.get("support", "")) if not is_generic(n)]
        deadline = cell_deadline(fields.get("time", ""), default_year)
        if deadline.kind is DeadlineKind.NONE and not deadline.text:
            dated = [d for step in record.steps if (d := _deadline(step, default_year))]
            deadline = dated[-1] if dated else deadline
        task = Task(
            id=TaskId(new_id()),
            text=" ".join(text.split()),
            lead=tuple(UnitRef(UnitId(""), self.unit(n)) for n in lead),
            support=tuple(UnitRef(UnitId(""), self.unit(n)) for n in support if n not in lead),
            deadline=deadline,
            output=fields.get("output", ""),
            note=content if content and content != text else "",
            section_id=SectionId(node.id),
        )
        self.spans[task.id] = SourceSpan(record.first, record.last)
        self.origins[task.id] = TaskOrigin.BLOCK
        return task

    def node_tables(
        self, node: _Node, default_year: int | None
    ) -> tuple[dict[int, list[Task]], set[int]]:
        """The task tables of a section.

        Returns their tasks by the first line of each table, and the first lines of all
        their rows (which are no paragraphs).
        """
        tasks: dict[int, list[Task]] = {}
        rows_at: set[int] = set()
        for rows in _tables(node.paragraphs):
            found = self.table_tasks(rows, default_year, SectionId(node.id))
            if found is not None:
                tasks[rows[0].first] = found
                rows_at |= {row.first for row in rows}
        return tasks, rows_at

    def table_tasks(
        self, rows: list[Block], default_year: int | None, section_id: SectionId | None
    ) -> list[Task] | None:
        """The tasks of a task table (its rows, in order), or None when it is no task table.

        A table without a header whose rows are as wide as the last task table's header goes
        on with that table (a page break or a note cut it, and the header was not repeated).
        """
        header_at = next(
            (k for k, row in enumerate(rows[:3]) if task_columns(row.cells) is not None), None
        )
        if header_at is None:
            last = self.last_task_header
            near = rows[0].first - self.last_task_row <= _TABLE_GAP
            if not last or not near or max(len(row.cells) for row in rows) > len(last):
                return None
            rows = [Block("", rows[0].first, rows[0].first, cells=last), *rows]
            header_at = 0
        header = rows[header_at].cells
        self.last_task_header = header
        columns = task_columns(header)
        assert columns is not None
        out: list[Task] = []
        group = ""
        for k, row in enumerate(rows[header_at + 1 :], start=header_at + 1):
            cells = row.cells
            if k == header_at + 1:
                refined = refine_columns(columns, cells)
                if refined is not None:
                    columns = refined
                    continue
            if is_header_repeat(cells, header) or task_columns(cells) is not None:
                continue
            heading = section_row(cells, columns)
            if heading:
                group = heading
                continue
            found = table_task(cells, columns, group, default_year)
            if found is None:
                continue
            lead = [self.unit(n) for n in found.lead]
            task = Task(
                id=TaskId(new_id()),
                text=found.text,
                lead=tuple(UnitRef(UnitId(""), n) for n in lead),
                support=tuple(
                    UnitRef(UnitId(""), self.unit(n)) for n in found.support if n not in lead
                ),
                deadline=found.deadline,
                output=found.output,
                section_id=section_id,
            )
            self.spans[task.id] = SourceSpan(row.first, row.last)
            self.origins[task.id] = TaskOrigin.TABLE
            out.append(task)
        self.last_task_row = rows[-1].last
        return out

    def with_field(self, task: Task, line: re.Match[str], default_year: int | None) -> Task:
        """``task`` completed by a "Thời gian: …", "Sản phẩm: …" or "Phối hợp: …" line."""
        role, value = _field_role(line["name"]), line["value"].strip()
        if role == "time" and task.deadline.kind is DeadlineKind.NONE:
            return replace(task, deadline=cell_deadline(value, default_year))
        if role == "output" and not task.output:
            return replace(task, output=value)
        if role == "support":
            names = [n for n in cell_units(value) if not is_generic(n)]
            refs = tuple(UnitRef(UnitId(""), self.unit(n)) for n in names)
            return replace(task, support=tuple(dict.fromkeys(task.support + refs)))
        return task

    def apply_lead_line(
        self, tasks: list[Task], pending: list[int], line: str, default_year: int | None
    ) -> None:
        lead, rest = subject(line)
        support = supports(rest)
        found = _deadline(line, default_year)
        for index in pending:
            task = tasks[index]
            tasks[index] = replace(
                task,
                lead=tuple(UnitRef(UnitId(""), self.unit(n)) for n in lead),
                support=tuple(UnitRef(UnitId(""), self.unit(n)) for n in support if n not in lead)
                or tuple(r for r in task.support if r.name not in lead),
                deadline=task.deadline
                if task.deadline.kind is not DeadlineKind.NONE or found is None
                else found,
            )

    def walk(self, roots: list[_Node]) -> Iterator[tuple[_Node, str, bool, str]]:
        """Every section where duties may be, with its path and what it says of them.

        Yields (section, path, whether it is under "TỔ CHỨC THỰC HIỆN", the body its heading
        names); sections of aims and funding ("MỤC ĐÍCH, YÊU CẦU", "KINH PHÍ") are left out.
        """

        def visit(
            nodes: list[_Node], prefix: str, in_impl: bool, context: str, skip: bool
        ) -> Iterator[tuple[_Node, str, bool, str]]:
            for node in nodes:
                path = f"{prefix}/{node.key}" if prefix else node.key
                folded = fold(node.title)
                top = not prefix
                node_impl = in_impl or (top and any(w in folded for w in _IMPLEMENTATION))
                node_skip = skip or (top and any(w in folded for w in _NO_TASK_SECTIONS))
                # A heading that is only a body's name ("2. Sở Tài chính") heads that body's
                # duties, in whatever section it stands.
                named = (
                    heading_body(node.title)
                    if not top and (node_impl or _only_a_body(node.title))
                    else ""
                )
                node_impl = node_impl or bool(named)
                node_context = named or context
                if not node_skip:
                    yield node, path, node_impl, node_context
                yield from visit(node.children, path, node_impl, node_context, node_skip)

        return visit(roots, "", False, "", False)

    # ---- events ---------------------------------------------------------------------------

    def events(
        self, roots: list[_Node], plan_id: str
    ) -> tuple[list[EventRule], list[Event], set[int]]:
        rules: list[EventRule] = []
        events: list[Event] = []
        used: set[int] = set()
        for node in self.walk_all(roots):
            items = [b for b in node.paragraphs if _EVENT_ITEM.match(b.text)]
            if items:
                rule = self.event_rule(node, plan_id)
                if rule is not None:
                    rules.append(rule)
                place = self.event_place(roots)
                for block in items:
                    event = self.listed_event(block, rule, place)
                    if event is not None:
                        events.append(event)
                        used.add(block.first)
            for block in node.paragraphs:
                meeting = self.meeting(block)
                if meeting is not None:
                    events.append(meeting)
                    used.add(block.first)
        return rules, events, used

    @staticmethod
    def walk_all(nodes: list[_Node]) -> Iterator[_Node]:
        """Every section, depth first."""
        for node in nodes:
            yield node
            yield from _Reader.walk_all(node.children)

    def event_rule(self, node: _Node, plan_id: str) -> EventRule | None:
        text = " ".join(b.text for b in node.paragraphs)
        nth = _NTH_WEEKDAY.search(text)
        period = _PERIOD.search(text)
        if nth is None or period is None:
            return None
        wording = f"{nth.group(0)}, {period.group(0)}"
        try:
            spec = parse_event_rule(wording)
        except UserError:
            return None
        return EventRule(
            id=new_rule_id(plan_id, wording),
            text=wording,
            rrule=spec.rrule,
            start=spec.start,
            label_pattern="Đợt {n}",
        )

    def event_place(self, roots: list[_Node]) -> str:
        """Where the campaign days are held: the plan's "Địa điểm: ... tại X" section."""
        for other in self.walk_all(roots):
            if fold(other.title).startswith("dia diem") and other.paragraphs:
                text = other.paragraphs[0].text
                at = _AT.search(text)
                return capitalized((at["place"] if at else text).strip(" .;"))
        return ""

    def listed_event(self, block: Block, rule: EventRule | None, place: str) -> Event | None:
        m = _EVENT_ITEM.match(block.text)
        assert m is not None
        label = " ".join(m["label"].split()).capitalize()
        try:
            day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            self.doubt(f"{label}: ngày “{m.group(0)}” không có trên lịch.", Place.EVENTS)
            return None
        note = ""
        written = (m["weekday"] or "").strip()
        actual = WEEKDAY_NAMES[day.weekday()]
        if written and normalize_tone(written).lower() != normalize_tone(actual).lower():
            moved = self.rule_day(rule, day) if rule else None
            if moved is not None and moved != day:
                note = (
                    f"Văn bản ghi “{written}, ngày {m['d']}/{m['m']}/{m['y']}” nhưng "
                    f"{date_text(day)} là {actual}; theo quy tắc “{rule.text if rule else ''}”, "
                    f"{label.lower()} là ngày {moved.strftime('%d/%m/%Y')}."
                )
                self.doubt(
                    f"{label}: văn bản ghi {written} ngày {date_text(day)}, nhưng ngày đó là "
                    f"{actual}; đã lấy ngày {date_text(moved)} theo quy tắc, hãy kiểm tra lại.",
                    Place.EVENTS,
                )
                day = moved
        all_hamlets = any(w in fold(place) for w in ("cac xom", "cac thon", "cac to dan pho"))
        event = Event(
            id=EventId(new_id()),
            label=label,
            date=day,
            place=place,
            rule_id=rule.id if rule else None,
            all_hamlets=all_hamlets,
            note=note,
        )
        self.spans[event.id] = SourceSpan(block.first, block.last)
        return event

    @staticmethod
    def rule_day(rule: EventRule, day: dt.date) -> dt.date | None:
        """The day the rule gives in the month of ``day``."""
        for candidate in rule_dates(rule):
            if (candidate.year, candidate.month) == (day.year, day.month):
                return candidate
        return None

    def meeting(self, block: Block) -> Event | None:
        m = _MEETING.match(block.text)
        when = _FULL_DATE.search(block.text)
        if m is None or when is None:
            return None
        try:
            day = dt.date(int(when["y"]), int(when["m"]), int(when["d"]))
        except ValueError:
            return None
        online = _ONLINE.search(block.text)
        if online:
            place = f"{capitalized(online['dst'])} (trực tuyến từ {online['src']})"
        else:
            at = _AT.search(block.text)
            place = capitalized(re.split(r"\s+(?:vào\s+)?ngày\s+\d", at["place"])[0]) if at else ""
        event = Event(
            id=EventId(new_id()),
            label=capitalized(" ".join(m["what"].split())),
            date=day,
            place=place.strip(" .;"),
        )
        self.spans[event.id] = SourceSpan(block.first, block.last)
        return event

    # ---- the end: Nơi nhận, signature, appendices ------------------------------------------

    def tail(self, start: int) -> tuple[list[Recipient], Signature, int]:
        """Recipients and signature from ``start``; returns where the appendices begin."""
        n = len(self.texts)
        tail = _Tail(end=n, texts=self.texts)
        i = start
        while i < n:
            text = self.texts[i]
            if text and tail.take(i, text):
                break
            i += 1
        if tail.first_recipient >= 0:
            self.spans["recipients"] = SourceSpan(tail.first_recipient, tail.last_recipient)
        if tail.sign_first >= 0:
            self.spans["signature"] = SourceSpan(tail.sign_first, tail.sign_last)
        recipients = [self.recipient(*item) for item in tail.items]
        signature = Signature(tail.authority, tail.position, tail.signer)
        return recipients, signature, max(tail.end, i)

    def recipient(self, text: str, role: RecipientRole, first: int, last: int) -> Recipient:
        body = re.sub(r"^[-+•]\s*", "", text).strip().rstrip(" ;,.")
        note = ""
        m = _NOTE.search(body)
        if m:
            note = m["note"].replace(" ", "")
            body = body[: m.start()].rstrip(" ;,.")
        kind = RecipientRole.ARCHIVE if re.match(r"^Lưu\b", body) else role
        recipient = Recipient(RecipientId(new_id()), body, note, kind)
        self.spans[recipient.id] = SourceSpan(first, last)
        return recipient

    def appendix(
        self, start: int, default_year: int | None
    ) -> tuple[list[Appendix], list[Assignment], list[str], list[Task]]:
        blocks_ = blocks(self.doc.lines, start)
        if not blocks_:
            return [], [], [], []
        tasks: list[Task] = []
        in_task_tables: set[int] = set()
        for table in _tables(blocks_):
            found = self.table_tasks(table, default_year, None)
            if found is not None:
                tasks += found
                in_task_tables |= {row.first for row in table}
        title_parts: list[str] = []
        attached = ""
        paragraphs: list[str] = []
        rows: list[Block] = []
        hamlets: list[str] = []
        first = blocks_[0].first
        for block in blocks_:
            text = block.text
            if block.cells:
                if block.first not in in_task_tables:
                    rows.append(block)
            elif re.fullmatch(r"(?i)phụ lục(?:\s+[0-9IVX]+)?\.?", text):
                continue
            elif _ATTACHED.match(text) and not attached:
                attached = text
            elif not attached and not paragraphs and (all_capitals(text) or block.bold):
                title_parts.append(text)
            else:
                paragraphs.append(text)
        assignments = self.assignment_rows(rows, hamlets)
        kind = AppendixKind.ASSIGNMENT if assignments else AppendixKind.TEXT
        appendix = Appendix(
            id=AppendixId(new_id()),
            kind=kind,
            title=" ".join(" ".join(title_parts).split()),
            attached_line=attached,
            paragraphs=tuple(paragraphs),
        )
        self.spans[appendix.id] = SourceSpan(first, blocks_[-1].last)
        return [appendix], assignments, hamlets, tasks

    def assignment_rows(self, rows: list[Block], hamlets: list[str]) -> list[Assignment]:
        if not rows:
            return []
        columns = _assignment_columns(rows[0].cells)
        if columns.header:
            rows = rows[1:]
        out: list[Assignment] = []
        for block in rows:
            assignment = self.assignment(block, columns, hamlets)
            if assignment is not None:
                out.append(assignment)
        return out

    def assignment(
        self, block: Block, columns: _AssignmentColumns, hamlets: list[str]
    ) -> Assignment | None:
        """One row of an assignment table; the hamlets it names join ``hamlets``."""
        row = block.cells
        if len(row) <= max(columns.unit, columns.hamlet):
            return None
        unit_text = row[columns.unit].strip()
        prefix = ""
        asked = re.match(r"^(Đề nghị|Mời)\s+", unit_text)
        if asked:
            prefix, unit_text = asked.group(1), unit_text[asked.end() :]
        cell = row[columns.hamlet].strip()
        if not unit_text:
            return None
        names: list[str] = []
        note = ""
        if re.match(r"^(?:Các|Toàn bộ|Tất cả)\b", cell) or not cell:
            note = cell
        else:
            names = split_hamlet_list(cell, columns.kind_word)
        for name in names:
            if name not in hamlets:
                hamlets.append(name)
        assignment = Assignment(
            id=AssignmentId(new_id()),
            unit=UnitRef(UnitId(""), self.unit(unit_text, preferred=True)),
            hamlets=tuple(HamletRef(HamletId(""), h) for h in names),
            prefix=prefix,
            note=note,
        )
        self.spans[assignment.id] = SourceSpan(block.first, block.last)
        return assignment

    # ---- the whole plan -------------------------------------------------------------------

    def type_line_at(self) -> tuple[int, str]:
        """Where the document type is printed ("KẾ HOẠCH", "QUYẾT ĐỊNH", ...) and its code.

        Only a line of capitals counts: "Loại văn bản: Kế hoạch" in a web page's notes does
        not. A document with no type line (a công văn) gives (-1, "").
        """
        for i, text in enumerate(self.texts):
            code = type_code(text)
            if code:
                return i, code
        return -1, ""

    def letter_subject(self) -> tuple[int, int] | None:
        """A công văn's "V/v ..." line and where its header ends ("Kính gửi" or its text)."""
        subject_at = next(
            (i for i, t in enumerate(self.texts[:60]) if _LETTER_SUBJECT.match(t)), None
        )
        if subject_at is None:
            return None
        end = subject_at + 1
        while end < len(self.texts):
            text = self.texts[end]
            prose = strip_motto(text)[0]
            if _KINH_GUI.match(text) or (
                len(prose.split()) >= 8
                and not _DATE_WORDS.search(prose)
                and not all_capitals(prose)
            ):
                break
            end += 1
        return subject_at, end

    def closing_at(self, start: int) -> int:
        """The first line of "Nơi nhận" or of the signature from ``start``."""
        texts = self.texts
        return next(
            (
                i
                for i in range(start, len(texts))
                if _RECIPIENTS.match(texts[i])
                or (_AUTHORITY.match(texts[i]) and all_capitals(texts[i]))
            ),
            len(texts),
        )

    def attached_plan(self, after: int) -> int | None:
        """The "KẾ HOẠCH" line of the plan a decision issues, printed after its signature."""
        return next(
            (i for i in range(after, len(self.texts)) if type_code(self.texts[i]) == "KH"), None
        )

    def decision(
        self, type_at: int, closing: int, attached: int, stop_names: set[str]
    ) -> tuple[tuple[list[Recipient], Signature, int], int, int]:
        """A decision that issues a plan: its Nơi nhận and signature, and the plan's body.

        The decision's number, date, Nơi nhận and signature are the plan's; the sections and
        duties are those of the plan printed after it. Returns the decision's tail and where
        the plan's body begins and ends.
        """
        title_span = self.spans.get("title")
        decision_tail = self.tail(closing)
        self.spans["decision"] = SourceSpan(type_at, max(type_at, decision_tail[2] - 1))
        _, _, body_start = self.title(attached + 1, stop_names)
        if title_span is not None:
            self.spans["plan title"] = self.spans["title"]
            self.spans["title"] = title_span
        return decision_tail, body_start, self.closing_at(body_start)

    def opening(self, type_at: int) -> tuple[_Header, set[str], tuple[str, str, int]]:
        """The header, the issuer's names, and (type line, title, where the body begins)."""
        letter = self.letter_subject() if type_at < 0 else None
        if letter is not None:
            # A công văn prints no type line: its trích yếu is the "V/v ..." line under the
            # number, and the header runs to "Kính gửi".
            subject_at, header_end = letter
            head = self.header(header_end)
            self.spans["title"] = SourceSpan(subject_at, subject_at)
            return head, self.issuer_stop_names(head), ("", self.texts[subject_at], header_end)
        head = self.header(max(type_at, 0))
        stop_names = self.issuer_stop_names(head)
        return head, stop_names, self.title(type_at + 1, stop_names)

    def read(self) -> UnderstoodPlan:
        if self.doc.converted_from:
            self.doubt(
                f"Tệp được gõ bằng phông chữ cũ ({self.doc.converted_from}, như .VnTime); "
                "chương trình đã chuyển sang chữ Unicode. Hãy đọc lại tên, số và các việc."
            )
        type_at, doc_type = self.type_line_at()
        if type_at < 0:
            self.doubt("Không thấy dòng tên loại văn bản (“KẾ HOẠCH”, “QUYẾT ĐỊNH” ...).")
        elif doc_type not in ("KH", "QĐ"):
            self.doubt("Văn bản này không phải kế hoạch; hãy kiểm tra lại các việc đọc được.")
        head, stop_names, (type_line, title, body_start) = self.opening(type_at)
        body_end = self.closing_at(body_start)
        attached = self.attached_plan(body_end) if doc_type == "QĐ" else None
        decision: list[Block] = []
        decision_tail: tuple[list[Recipient], Signature, int] | None = None
        if attached is not None:
            decision = blocks(self.doc.lines, body_start, body_end)
            decision_tail, body_start, body_end = self.decision(
                max(type_at, 0), body_end, attached, stop_names
            )
        body = blocks(self.doc.lines, body_start, body_end)
        before, roots, closing = self.sections(body)
        # A document with no type line is read only as a công văn ("V/v ..." under the number).
        if not roots and (not title or (type_at < 0 and self.letter_subject() is None)):
            raise DocumentReadError(
                f"Không nhận ra kế hoạch trong tệp “{self.doc.name}”: không thấy tên kế hoạch "
                "hay các mục I, II, III. Hãy kiểm tra lại tệp đã chọn."
            )
        recipients, signature, appendix_start = self.tail(body_end)
        if decision_tail is not None:
            own_recipients, own_signature, _ = decision_tail
            recipients = own_recipients or recipients
            signature = (
                own_signature if own_signature.signer or own_signature.authority else signature
            )
        before = decision + before
        plan_id = PlanId(new_id())
        sections = self.freeze(roots)
        bases = [b.text for b in before if b.text.startswith(("Căn cứ", "Thực hiện"))]
        preamble = [b.text for b in before if b.text not in bases]
        if before:
            self.spans["bases"] = SourceSpan(before[0].first, before[-1].last)
        system, issuer, parent, place, notes = self.who(head, signature, before, self.texts)
        date = head.date
        default_year = date.year if date else _last_year(title, " ".join(bases))
        rules, events, event_blocks = self.events(roots, plan_id)
        appendices, assignments, hamlet_names, table_tasks = self.appendix(
            appendix_start, default_year
        )
        tasks = self.tasks(roots, event_blocks, default_year) + table_tasks
        tasks = [self.renamed(t) for t in tasks]
        symbol = head.symbol or _default_symbol(system, issuer)
        if not head.symbol:
            notes.append(f"Không thấy số, ký hiệu; ký hiệu “{symbol}” là suy ra.")
        plan = Plan(
            id=plan_id,
            system=system,
            issuer=Issuer(issuer, parent),
            title=title,
            doc_type=doc_type or symbol_type(head.symbol) or "KH",
            symbol=symbol,
            number=head.number,
            place=place,
            date=date,
            type_line=type_line,
            status=PlanStatus.DRAFT,
            notes=" ".join(notes),
            bases=tuple(bases),
            preamble=tuple(preamble),
            closing=tuple(b.text for b in closing),
            signature=signature,
            sections=sections,
            tasks=tuple(tasks),
            event_rules=tuple(rules),
            events=tuple(events),
            assignments=tuple(assignments),
            recipients=tuple(recipients),
            appendices=tuple(appendices),
        )
        unit_names = list(dict.fromkeys(self.names[_variant_key(n)] for n in self.unit_order))
        units = tuple(
            Unit(id=UnitId(""), name=n, kind=unit_kind(n), short_name=n) for n in unit_names
        )
        hamlets = tuple(Hamlet(id=HamletId(""), name=h, kind=_hamlet_kind(h)) for h in hamlet_names)
        confidence: dict[str, TaskConfidence] = {
            t.id: assess_task(t, self.origins.get(t.id, TaskOrigin.PROSE)) for t in tasks
        }
        return UnderstoodPlan(
            plan, units, hamlets, dict(self.spans), tuple(self.doubts), confidence
        )

    def renamed(self, task: Task) -> Task:
        def ref(r: UnitRef) -> UnitRef:
            return UnitRef(r.id, self.names.get(_variant_key(r.name), r.name))

        return replace(
            task,
            lead=tuple(dict.fromkeys(ref(r) for r in task.lead)),
            support=tuple(dict.fromkeys(ref(r) for r in task.support)),
        )

    def freeze(self, nodes: list[_Node]) -> tuple[Section, ...]:
        out: list[Section] = []
        for node in nodes:
            node.id = new_id()
            self.spans[node.id] = SourceSpan(node.first, node.last)
            out.append(
                Section(
                    id=SectionId(node.id),
                    label=node.label,
                    title=node.title,
                    paragraphs=tuple(b.text for b in node.paragraphs),
                    children=self.freeze(node.children),
                    run_in=node.run_in,
                )
            )
        return tuple(out)

    def who(
        self,
        head: _Header,
        signature: Signature,
        before: list[Block],
        texts: list[str],
    ) -> tuple[System, str, str, str, list[str]]:
        """System, issuer, parent body and place: from the header, else from the text."""
        notes: list[str] = []
        issuer, parent = self.issuer_lines(head.issuer_lines)
        system = head.system
        if system is None:
            authority = fold(signature.authority)
            if "uy ban" in authority or "ubnd" in authority:
                system = System.STATE
            elif "ban thuong vu" in authority or "dang uy" in authority or head.party_number:
                system = System.PARTY
        place = head.place
        if not issuer:
            found = _issuer_from_text(" ".join(b.text for b in before) + " " + " ".join(texts))
            if found:
                issuer, place_found = found
                place = place or place_found
                notes.append(
                    "Văn bản không có phần đầu (tên cơ quan, số, ngày): cơ quan ban hành "
                    f"“{issuer}” suy ra từ nội dung."
                )
                self.doubt(
                    f"Văn bản không có phần đầu; cơ quan ban hành “{issuer}” là suy ra từ nội "
                    "dung, hãy kiểm tra lại tên, số và ngày."
                )
            else:
                self.doubt("Không thấy tên cơ quan ban hành; hãy nhập vào.")
        if system is None:
            folded = fold(issuer)
            system = (
                System.PARTY
                if re.search(r"\b(?:dang|uy)\b", folded) and "uy ban" not in folded
                else System.STATE
            )
        if head.date is None:
            self.doubt("Không thấy ngày ban hành; hãy nhập vào khi có.")
        return system, issuer, parent, place, notes


_HEAD_TITLES = ("chu tich ", "bo truong ", "giam doc ", "truong ban ", "thu truong ")


def _names_authority(line: str, names: set[str]) -> bool:
    folded = fold(line)
    return folded in names or folded.startswith(_HEAD_TITLES)


_DUE_WORD = re.compile(r"(?:trong|trước|hoàn thành|chậm nhất|xong)\b", re.IGNORECASE)
_TARGET = re.compile(r"^(?:đến|tới|từ|năm)\b|phấn đấu|\bđạt\s+(?:trên\s+|khoảng\s+)?\d|%", re.I)


def _due(text: str, default_year: int | None) -> bool:
    """The sentence says when something must be done ("Hoàn thành … trong năm 2025").

    An aim dated by its horizon ("phấn đấu đến năm 2030 đạt 46.000 tấn", "Đến năm 2030,
    100% …") is no duty.
    """
    if not text[:1].isupper() or ":" in text[:60]:
        return False  # a fragment, or a "Thông số: …" line that describes, not assigns
    found = find_deadline(_CITED.sub(" ", text), default_year=default_year)
    if found is None or found.deadline.kind in (DeadlineKind.ONGOING, DeadlineKind.RECURRING):
        return False
    if found.deadline.kind is DeadlineKind.YEAR and not _DUE_WORD.match(found.deadline.text):
        return False  # "kế hoạch cải cách hành chính năm 2026" names the plan's year
    return not (_TARGET.search(found.deadline.text) or _TARGET.search(text))


def _introduces_list(block: Block, following: list[Block]) -> bool:
    """A line that ends with ":" and is followed by list items only introduces them."""
    text = block.text.rstrip()
    # "a) Phối hợp với các sở, ngành" over its bullets is a sub-heading, ended or not.
    if not text.endswith(":") and (ended(text) or not LETTER.match(text)):
        return False
    return bool(following) and bool(re.match(r"^[-+•]\s", following[0].text))


def _field_role(name: str) -> str:
    """What a field of a structured block holds.

    "Nhiệm vụ:" names the task itself, while "Nội dung:" under a heading only describes it.
    """
    folded = fold(name)
    if folded.startswith(("nhiem vu", "cong viec")):
        return "task"
    return column_role(folded)


_NOT_BODIES = ("hoi nghi", "hoi thi", "hoi thao", "hoi dien", "hoi cho", "ban hanh", "to chuc")


def _only_a_body(title: str) -> bool:
    """The heading names a body and says nothing more ("Sở Y tế", "Ủy ban nhân dân các xã")."""
    folded = fold(title)
    if folded.startswith(_NOT_BODIES) or len(title.split()) > 16 or ended(title.rstrip(":")):
        return False
    lead, rest = subject(f"{title} thực hiện")
    return bool(lead) and fold(rest) == "thuc hien"


def _tables(items: list[Block]) -> Iterator[list[Block]]:
    """Runs of consecutive table rows."""
    run: list[Block] = []
    for block in items:
        if block.cells:
            run.append(block)
            continue
        if run:
            yield run
        run = []
    if run:
        yield run


def _place_piece(text: str) -> bool:
    """Words that can be (part of) a place name before "ngày": short, no digits, not capitals."""
    words = text.split()
    return 0 < len(words) <= 4 and not any(c.isdigit() for c in text) and not all_capitals(text)


def _place(written: str | None) -> str:
    """The place of the date line; dots left to be filled in ("……") are no place."""
    return (written or "").strip(" .…")


_WORDED_DATE = r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
# Dates that are no deadline: a cited document's ("Thông tư số 02/2021/TT-BYT ngày 25 tháng
# 01 năm 2021", "Luật Đất đai ngày 18 tháng 01 năm 2024") and a strategy's horizon ("đến năm
# 2030, tầm nhìn đến năm 2045").
_CITED = re.compile(
    rf"(?:\d+[/\-][\wĐđ/\-]*[A-ZĐ][\wĐđ/\-]*|\bLuật\s[^,;.()]{{3,80}}?)\s+{_WORDED_DATE}"
    r"|(?:đến\s+)?năm\s+\d{4},?\s+tầm nhìn\s+(?:đến\s+)?(?:năm\s+)?\d{4}"
    r"|tầm nhìn\s+(?:đến\s+)?(?:năm\s+)?\d{4}",
    re.IGNORECASE,
)


def _deadline(text: str, default_year: int | None) -> Deadline | None:
    uncited = _CITED.sub(" ", text)
    found = find_deadline(uncited, default_year=default_year)
    if found is not None:
        return found.deadline
    return other_deadline(uncited, default_year)


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 6 and all(w[0].isupper() for w in words) and not all_capitals(text)


def _variant_key(name: str) -> str:
    """One key for the names of one body.

    Tones, case, "UBND" for "Ủy ban nhân dân" and a trailing "xã" make no difference.
    """
    key = fold(name)
    for short, long in (
        ("ubnd", "uy ban nhan dan"),
        ("hdnd", "hoi dong nhan dan"),
        ("mttq", "mat tran to quoc"),
    ):
        key = re.sub(rf"\b{short}\b", long, key)
    key = re.sub(r"\s+(?:xa|huyen|tinh)$", "", key)
    return key


def _last_year(*texts: str) -> int | None:
    years = [int(y) for text in texts for y in _YEARS.findall(text)]
    return max(years, default=None)


_ISSUER_IN_TEXT = re.compile(
    r"(?:Ban Thường vụ\s+|Thường trực\s+|BTV\s+)?(?P<body>(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|"
    r"Đảng ủy|Đảng uỷ|Huyện ủy|Huyện uỷ|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ)"
    r"(?:\s+(?P<level>xã|phường|thị trấn|huyện|tỉnh|thành phố)\s+"
    r"(?P<place>(?:[A-ZĐÂĂÊÔƠƯ]\S*\s?){1,4}))?)"
    r"\s*xây dựng\s+(?:Kế hoạch|kế hoạch)",
)


def _issuer_from_text(text: str) -> tuple[str, str] | None:
    """The issuer a plan names in its text, and its place.

    "UBND xã Phú Lạc xây dựng Kế hoạch" gives ("ỦY BAN NHÂN DÂN XÃ PHÚ LẠC", "Phú Lạc").
    """
    m = _ISSUER_IN_TEXT.search(text)
    if m is None:
        return None
    body = re.sub(r"^UBND\b", "Ủy ban nhân dân", m["body"].strip())
    body = normalize_tone(body)
    return body.upper(), (m["place"] or "").strip()


def _default_symbol(system: System, issuer: str) -> str:
    if system is System.STATE:
        return "KH-UBND"
    folded = fold(issuer)
    for word, short in (
        ("tinh uy", "TU"),
        ("huyen uy", "HU"),
        ("thanh uy", "ThU"),
        ("dang uy", "ĐU"),
    ):
        if word in folded:
            return f"KH/{short}"
    return "KH/ĐU"


def _hamlet_kind(name: str) -> HamletKind:
    folded = fold(name)
    if folded.startswith("thon"):
        return HamletKind.THON
    if folded.startswith("to dan pho"):
        return HamletKind.TO_DAN_PHO
    return HamletKind.XOM


def understand_plan(document: SourceDocument) -> UnderstoodPlan:
    """Understand a plan document; what is doubtful is in ``doubts``, nothing is guessed.

    Raises:
        DocumentReadError: the text holds no plan at all (no title, no sections).
    """
    return _Reader(document).read()
