"""Task tables: the rows of "TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian".

Plans put their duties in a table as often as in prose, in the body or in a Phụ lục. The
columns come in any order and under many names (Nội dung / Nhiệm vụ / Tên nhiệm vụ / Công
việc; Cơ quan (đơn vị) chủ trì / Chủ trì / Đơn vị thực hiện; Phối hợp; Thời gian (hoàn thành,
thực hiện, triển khai) / Thời hạn / Tiến độ; Sản phẩm / Kết quả; Ghi chú). A table is a task
table when its header names a content column and a lead column. Inside it, a row that only
carries a heading ("I. NÂNG CAO NHẬN THỨC") is a section row, a row that repeats the header
(a new page) or only numbers the columns ("(1) (2) (3)") is skipped, and every other row with
content is one task.
"""

import datetime as dt
import re
from dataclasses import dataclass

from desktop_app.domain.deadline_parser import find_deadline
from desktop_app.domain.deadlines import Deadline, DeadlineKind
from desktop_app.domain.text import fold
from desktop_app.imports.plan_bodies import is_body, is_generic, split_bodies


@dataclass(frozen=True)
class TaskColumns:
    """Which cell of a row holds what; None where the table has no such column."""

    content: int
    lead: int
    support: int | None = None
    time: int | None = None
    output: int | None = None
    number: int | None = None


@dataclass(frozen=True)
class TableTask:
    """One row of a task table, as written."""

    text: str
    lead: tuple[str, ...]
    support: tuple[str, ...]
    deadline: Deadline
    output: str
    group: str  # the section row above it ("" when none)


def task_columns(cells: tuple[str, ...]) -> TaskColumns | None:
    """The columns, when ``cells`` is the header row of a task table; else None."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        role = column_role(fold(cell))
        if role and role not in found:
            found[role] = index
    if "content" not in found or "lead" not in found:
        return None
    return TaskColumns(
        content=found["content"],
        lead=found["lead"],
        support=found.get("support"),
        time=found.get("time"),
        output=found.get("output"),
        number=found.get("number"),
    )


def refine_columns(columns: TaskColumns, cells: tuple[str, ...]) -> TaskColumns | None:
    """A second header row under a merged one ("Đơn vị thực hiện" over "Chủ trì | Phối hợp").

    Returns the columns the two rows give together, or None when ``cells`` is no header.
    """
    roles = {column_role(fold(c)): i for i, c in enumerate(cells) if c.strip()}
    roles.pop("", None)
    if not roles or any(re.fullmatch(r"\(?\d+\)?", c.strip()) for c in cells if c.strip()):
        return None
    if not {"lead", "support"} & set(roles):
        return None
    return TaskColumns(
        content=columns.content,
        lead=roles.get("lead", columns.lead),
        support=roles.get("support", columns.support),
        time=roles.get("time", columns.time),
        output=roles.get("output", columns.output),
        number=columns.number,
    )


def column_role(cell: str) -> str:
    """What a column (or a field of a structured block) holds, from its folded name."""
    cell = cell.strip(" .:*")
    if cell in ("tt", "stt", "so tt", "so thu tu"):
        return "number"
    if "phoi hop" in cell:
        return "support"
    if "chu tri" in cell or "chiu trach nhiem" in cell:
        return "lead"
    if re.search(r"phu trach$|\b(?:nguoi|can bo|don vi|co quan|bo phan) phu trach\b", cell):
        return "lead"  # not "phụ trách xóm": that is a hamlet assignment table
    if re.search(r"\b(?:co quan|don vi|nguoi|bo phan)\b.*\bthuc hien\b", cell) or cell in (
        "thuc hien",
        "trach nhiem",
    ):
        return "lead"
    if re.search(r"\b(?:thoi gian|thoi han|tien do|thoi diem)\b", cell):
        return "time"
    if re.search(r"\b(?:san pham|ket qua)\b", cell):
        return "output"
    if re.search(r"\b(?:noi dung|nhiem vu|cong viec|hoat dong|giai phap)\b", cell):
        return "content"
    return ""


def is_header_repeat(cells: tuple[str, ...], header: tuple[str, ...]) -> bool:
    """The header printed again at the top of a new page, or a row numbering the columns."""
    filled = [c.strip() for c in cells if c.strip()]
    if not filled:
        return True
    if all(re.fullmatch(r"\(?\d{1,2}\)?|\(?[a-z]\)?", c) for c in filled):
        return True
    return [fold(c) for c in cells] == [fold(c) for c in header]


def section_row(cells: tuple[str, ...], columns: TaskColumns) -> str:
    """The heading a row carries when it is a section row, else "".

    A section row fills one cell (a merged row), or repeats one text in every cell, or has
    a Roman numeral or a letter in the number column and nothing in the lead column.
    """
    filled = [c.strip() for c in cells if c.strip()]
    distinct = list(dict.fromkeys(filled))
    if len(distinct) == 1:
        return distinct[0]
    number = _cell(cells, columns.number).strip(" .")
    if re.fullmatch(r"[IVXLC]+|[A-ZĐ]", number) and not _cell(cells, columns.lead).strip():
        return f"{number}. {_cell(cells, columns.content)}".strip()
    return ""


def _cell(cells: tuple[str, ...], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index]


def cell_units(text: str) -> list[str]:
    """The bodies a lead or support cell names: "Sở Tài chính; UBND các xã, phường"."""
    text = re.sub(r"^(?:[-+•]\s*)", "", text.strip())
    names: list[str] = []
    for written in re.split(r"\s*[;\n]\s*", text):
        # A dash before a capital starts a new body ("Sở Y tế - Sở Nội vụ") unless what
        # follows is no body's name but the rest of one ("Văn hóa - Thể thao xã").
        pieces: list[str] = []
        for raw in re.split(r"\s+-\s+(?=[A-ZĐ])", written):
            piece = re.sub(r"^[-+•]\s*", "", raw).strip(" .,")
            if pieces and piece and not is_body(piece):
                pieces[-1] = f"{pieces[-1]} - {piece}"
            elif piece:
                pieces.append(piece)
        for part in pieces:
            names += split_bodies(part)
    return list(dict.fromkeys(names))


_RANGE_MONTHS = re.compile(
    r"^(?:từ\s+)?tháng\s+(?P<a>\d{1,2})\s*(?:-|–|đến)\s*(?:tháng\s+)?(?P<b>\d{1,2})\s*[/\-]\s*(?P<y>\d{4})",
    re.IGNORECASE,
)
_RANGE_YEARS = re.compile(
    r"^(?:giai đoạn\s+|từ\s+(?:năm\s+)?|năm\s+)?(?P<a>(?:19|20)\d{2})\s*(?:-|–|đến)\s*(?:năm\s+)?"
    r"(?P<b>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_YEAR_ONLY = re.compile(r"(?:năm\s+)?(?:19|20)\d{2}\.?", re.IGNORECASE)
# "Năm 2025 và các năm tiếp theo": every year from then on.
_FROM_YEAR_ON = re.compile(r"\bvà\s+(?:các|những)\s+năm\s+(?:tiếp theo|sau)\b", re.IGNORECASE)
_BARE_DATE = re.compile(r"^(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})$")
_ONGOING = re.compile(
    r"\b(?:thường xuyên|hằng năm|hàng năm|hằng quý|hàng quý|hằng tháng|hàng tháng|định kỳ|"
    r"liên tục)\b",
    re.IGNORECASE,
)


_PERIOD_YEARS = re.compile(r"\bgiai đoạn\s+(?:19|20)\d{2}\s*[-–]\s*(?P<end>(?:19|20)\d{2})\b", re.I)
# Wordings that say when without a date: kept as written, not dated.
_UNDATED = re.compile(
    r"\b(?:trong vòng|chậm nhất|trong thời hạn)\s+\d+\s+(?:ngày|tháng)(?: làm việc)?\s+kể từ"
    r"[^,.;]{3,80}|\bsau khi\s[^,.;]{3,80}?(?:được (?:ban hành|phê duyệt|ký)|có hiệu lực)",
    re.IGNORECASE,
)


def other_deadline(
    text: str, default_year: int | None, *, periods: bool = False
) -> Deadline | None:
    """The wordings the deadline parser leaves, because they only make sense in a plan.

    With ``periods`` (a time column, where a period is the time given), "giai đoạn 2026 -
    2030" is due at its end, while in a sentence it names a programme. "trong vòng 10 ngày
    kể từ …" and "sau khi … được ban hành" are kept as written, not dated.
    """
    period = _PERIOD_YEARS.search(text) if periods else None
    if period:
        return Deadline(DeadlineKind.YEAR, text=period.group(0), year=int(period["end"]))
    undated = _UNDATED.search(text)
    if undated:
        return Deadline(text=undated.group(0))
    return None


def cell_deadline(text: str, default_year: int | None) -> Deadline:
    """The deadline a time column gives.

    A range gives its end ("Tháng 7-12/2026" is due in December, "2026 - 2030" in 2030); a
    wording that says no date ("Theo kế hoạch riêng") is kept as written and not dated.
    """
    written = " ".join(text.split()).rstrip(".;")
    if not written:
        return Deadline()
    months = _RANGE_MONTHS.match(written)
    if months and 1 <= int(months["b"]) <= 12:
        return Deadline(
            DeadlineKind.MONTH, text=written, year=int(months["y"]), month=int(months["b"])
        )
    years = _RANGE_YEARS.match(written)
    if years:
        return Deadline(DeadlineKind.YEAR, text=written, year=int(years["b"]))
    if _YEAR_ONLY.fullmatch(written):
        return Deadline(DeadlineKind.YEAR, text=written, year=int(written[-4:]))
    if _FROM_YEAR_ON.search(written):
        return Deadline(DeadlineKind.ONGOING, text=written)
    bare = _BARE_DATE.match(written)
    if bare:
        try:
            day = dt.date(int(bare["y"]), int(bare["m"]), int(bare["d"]))
        except ValueError:
            return Deadline(text=written)
        return Deadline(DeadlineKind.DATE, text=written, on=day)
    found = find_deadline(written, default_year=default_year)
    if found is not None and found.deadline.kind is not DeadlineKind.ONGOING:
        return found.deadline
    other = other_deadline(written, default_year, periods=True)
    if other is not None and other.kind is not DeadlineKind.NONE:
        return other
    if found is not None or _ONGOING.search(written):
        return Deadline(DeadlineKind.ONGOING, text=written)
    return Deadline(text=written)


def table_task(
    cells: tuple[str, ...], columns: TaskColumns, group: str, default_year: int | None
) -> TableTask | None:
    """The task a row gives, or None when its content cell is empty."""
    text = " ".join(_cell(cells, columns.content).split())
    if not text:
        return None
    lead = tuple(cell_units(_cell(cells, columns.lead)))
    support = tuple(
        n for n in cell_units(_cell(cells, columns.support)) if n not in lead and not is_generic(n)
    )
    return TableTask(
        text=text,
        lead=lead,
        support=support,
        deadline=cell_deadline(_cell(cells, columns.time), default_year),
        output=" ".join(_cell(cells, columns.output).split()),
        group=group,
    )
