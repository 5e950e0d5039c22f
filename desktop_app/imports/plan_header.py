"""The header block of an administrative document (NĐ 30/2020, Party and Front forms).

The block has two columns: on the left the issuer (under its parent body, if any) and the
number; on the right the quốc hiệu ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" / "Độc lập - Tự do -
Hạnh phúc", or "ĐẢNG CỘNG SẢN VIỆT NAM" for the Party) and the place and date. Copies made from
Word, PDF or web pages run the two columns into one another in every way: one column after the
other, line by line interleaved, or both halves on one line. So the quốc hiệu is recognised
by its words wherever they fall, even split over lines, and never taken for the issuer.
"""

import re

from desktop_app.domain.text import fold

# The document types of NĐ 30 (and the Party's), as printed above the trích yếu.
TYPE_CODES: dict[str, str] = {
    "KẾ HOẠCH": "KH",
    "QUYẾT ĐỊNH": "QĐ",
    "KẾT LUẬN": "KL",
    "CHỈ THỊ": "CT",
    "HƯỚNG DẪN": "HD",
    "THÔNG BÁO": "TB",
    "BÁO CÁO": "BC",
    "NGHỊ QUYẾT": "NQ",
    "CHƯƠNG TRÌNH": "CTr",
    "TỜ TRÌNH": "TTr",
    "CÔNG VĂN": "CV",
    "QUY CHẾ": "QC",
    "ĐỀ ÁN": "ĐA",
}
_FOLDED_TYPES = {fold(name): code for name, code in TYPE_CODES.items()}
_SYMBOL_CODES = {fold(code): code for code in TYPE_CODES.values()}

_MOTTOS = (
    ["cong", "hoa", "xa", "hoi", "chu", "nghia", "viet", "nam"],
    ["doc", "lap", "tu", "do", "hanh", "phuc"],
    ["dang", "cong", "san", "viet", "nam"],
)
# A piece of a motto this long (in words) is the motto wherever it stands; shorter pieces
# ("VIỆT NAM") also end names ("ỦY BAN MTTQ VIỆT NAM") and count only as a motto's wrap.
_MOTTO_PIECE = 3
_WORD = re.compile(r"\w+")

# How the name of a body printed in a header begins; a capital line that begins otherwise
# ("DÂN", "TỈNH ĐỒNG THÁP", "CHÍNH PHỦ") goes on with the name above it.
_BODY_STARTS = tuple(
    fold(w)
    for w in (
        "ỦY BAN",
        "UỶ BAN",
        "UBND",
        "HỘI ĐỒNG",
        "HĐND",
        "SỞ",
        "PHÒNG",
        "BAN",
        "BỘ",
        "CỤC",
        "CHI CỤC",
        "TỔNG CỤC",
        "VĂN PHÒNG",
        "THỦ TƯỚNG",
        "ĐẢNG BỘ",
        "ĐẢNG ỦY",
        "ĐẢNG UỶ",
        "CHI BỘ",
        "TỈNH ỦY",
        "TỈNH UỶ",
        "HUYỆN ỦY",
        "HUYỆN UỶ",
        "THÀNH ỦY",
        "THÀNH UỶ",
        "THỊ ỦY",
        "THỊ UỶ",
        "QUẬN ỦY",
        "QUẬN UỶ",
        "MẶT TRẬN",
        "MTTQ",
        "HỘI",
        "ĐOÀN",
        "LIÊN ĐOÀN",
        "CÔNG AN",
        "TRƯỜNG",
        "TRUNG TÂM",
        "TRẠM",
        "BỘ CHỈ HUY",
        "BAN CHỈ HUY",
        "BAN CHỈ ĐẠO",
        "CÔNG ĐOÀN",
        "TỔNG LIÊN ĐOÀN",
    )
)


def type_code(line: str) -> str:
    """The document type a line names when it is the type line ("QUYẾT ĐỊNH" gives "QĐ")."""
    text = line.strip(" *_")
    letters = [c for c in text if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return ""
    return _FOLDED_TYPES.get(fold(text), "")


def symbol_type(symbol: str) -> str:
    """The type a number's symbol gives ("KH-UBND" and "KH/TU" give "KH").

    A công văn's symbol ("UBND-VP") names no type and gives "CV"; no symbol gives "".
    """
    if not symbol:
        return ""
    first = re.split(r"[-/]", symbol, maxsplit=1)[0]
    return _SYMBOL_CODES.get(fold(first), "CV")


def strip_motto(text: str, after_motto: bool = False) -> tuple[str, bool]:
    """``text`` without the pieces of the quốc hiệu (or Party motto) in it.

    Returns the rest and whether the line ended inside a motto, so that the caller can pass
    that on: a line that is only the last words of a wrapped motto ("VIỆT NAM") is dropped
    when the line before ended with the motto's first words.
    """
    words = list(_WORD.finditer(text))
    folded = [fold(m.group(0)) for m in words]
    drop: list[tuple[int, int]] = []
    ends_in_motto = False
    i = 0
    while i < len(words):
        length, whole_tail = _motto_run(folded, i)
        starts_line = i == 0
        if length >= _MOTTO_PIECE or (
            length and starts_line and after_motto and i + length == len(words)
        ):
            drop.append((words[i].start(), words[i + length - 1].end()))
            ends_in_motto = i + length == len(words) and not whole_tail
            i += length
            continue
        i += 1
    if not drop:
        return text, False
    kept: list[str] = []
    done = 0
    for start, end in drop:
        kept.append(text[done:start])
        done = end
    kept.append(text[done:])
    rest = " ".join("".join(kept).split()).strip(" -–*,")
    return rest, ends_in_motto


def _motto_run(folded: list[str], start: int) -> tuple[int, bool]:
    """The longest run of words from ``start`` that is a stretch of one motto.

    Also says whether that stretch reaches the motto's end.
    """
    best, reaches_end = 0, False
    for motto in _MOTTOS:
        for offset in range(len(motto)):
            length = 0
            while (
                start + length < len(folded)
                and offset + length < len(motto)
                and folded[start + length] == motto[offset + length]
            ):
                length += 1
            if length > best:
                best, reaches_end = length, offset + length == len(motto)
    return best, reaches_end


def starts_body(line: str) -> bool:
    """The capital line begins a body's name ("ỦY BAN NHÂN DÂN", "ĐẢNG ỦY XÃ ...")."""
    folded = fold(line)
    return any(folded == w or folded.startswith(w + " ") for w in _BODY_STARTS)


def issuer_names(lines: list[str]) -> list[str]:
    """The bodies of the header's left column, highest first, each name's lines joined."""
    names: list[str] = []
    for text in lines:
        if names and not starts_body(text):
            names[-1] = f"{names[-1]} {text}"
        else:
            names.append(text)
    return names
