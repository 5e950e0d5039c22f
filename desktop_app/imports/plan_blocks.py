"""From a document's lines to whole paragraphs ("blocks").

Text copied out of a PDF breaks lines inside sentences, and some renderings even put blank
lines inside them. A line is joined to the paragraph before it when that paragraph has not
ended (no closing punctuation) and either the line starts in lower case or the line before
it ran to the full width of the page. A line that starts a list item or a numbered heading
always starts a new paragraph.
"""

import itertools
import re
import statistics
from dataclasses import dataclass

from desktop_app.domain.text import clean
from desktop_app.imports.document_reader import SourceLine

# "I.", "IV-", "II -", "1.", "3.1.", "2.1", "a)", "-", "+", "*", "•"
ROMAN = re.compile(r"^(?P<label>(?P<num>[IVX]{1,5})\s*(?:\.|-|–|:)(?!\d))\s*(?P<rest>.*)$")
# A bare number is a label only when a capital follows ("1 Mục đích"), never in "04 xã: ...".
NUMBER = re.compile(
    r"^(?P<label>(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})(?:\.|(?<=\d\.\d)|(?<=\d\.\d\d)|(?=\s+[^\W\d_a-zđ])))"
    r"(?=\s)\s*(?P<rest>\S.*)$"
)
LETTER = re.compile(r"^(?P<label>[a-zđ]\))\s*(?P<rest>\S.*)$")
BULLET = re.compile(r"^[-+*•–]\s+\S")
_STARTERS = re.compile(
    r"^(?:Đợt|Lần)\s+\d+\s*:|^(?:Căn cứ|Thực hiện|Trên đây|Nơi nhận|Đồng kính gửi)\b"
)
_BARE_LABEL = re.compile(r"(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,5}\.|[a-zđ]\))")
# Words a phrase cannot end with: a line that ends with one goes on in the next.
_OPEN_END = re.compile(
    r"\s(?:của|và|với|về|cho|các|những|tại|theo|để|đến|từ|thuộc|giữa|đối với|nhằm)$"
)
# Words a number follows: "Thời gian thực hiện: năm" / "2026 - 2027".
_BEFORE_NUMBER = re.compile(r"\s(?:năm|ngày|tháng|quý|số|khoản|điều|giai đoạn)$", re.IGNORECASE)
_ENDED = re.compile(r"(?:[.;:!?…]|\./\.)[\"”’)\]]*$")


@dataclass(frozen=True)
class Block:
    """A paragraph made of source lines ``first`` to ``last``."""

    text: str
    first: int
    last: int
    bold: bool = False
    cells: tuple[str, ...] = ()


def line_text(line: SourceLine) -> str:
    return clean(line.text.replace("\u00a0", " ").replace("\t", " "))


def starts_item(text: str) -> bool:
    """The line begins a heading, a list item or a known paragraph opening."""
    numbered = NUMBER.match(text)
    if numbered and not re.match(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}", text):
        return True
    return bool(
        ROMAN.match(text) or LETTER.match(text) or BULLET.match(text) or _STARTERS.match(text)
    )


def ended(text: str) -> bool:
    return bool(_ENDED.search(text))


def is_heading_like(text: str) -> bool:
    """A short numbered or all-capitals line that has not ended: a heading, never continued."""
    if ended(text) and not text.endswith(":"):
        return False
    if all_capitals(text) and len(text) < 120:
        return True
    return bool((NUMBER.match(text) or ROMAN.match(text) or LETTER.match(text)) and len(text) < 90)


def page_width(lines: list[str]) -> int:
    """The usual length of a full line: a high percentile of the line lengths."""
    lengths = sorted(len(t) for t in lines if t)
    if len(lengths) < 4:
        return max(lengths, default=80)
    return int(statistics.quantiles(lengths, n=10)[7])


def blocks(lines: tuple[SourceLine, ...], start: int = 0, end: int | None = None) -> list[Block]:
    """The paragraphs of lines ``start`` to ``end`` (exclusive), broken lines joined."""
    stop = len(lines) if end is None else end
    texts = [line_text(line) for line in lines[start:stop]]
    width = page_width(texts)
    filled = [t for t in texts if t]
    # Text copied from a PDF: many lines go on in lower case. There a sentence that ends at
    # the very end of a full line usually goes on in the next line of the same paragraph.
    wrapped = sum(1 for t in filled if t[0].islower()) > 0.25 * max(len(filled), 1)
    # Where blank lines separate paragraphs (and not every line), a blank line followed by a
    # capital letter starts a new one.
    followed = sum(1 for a, b in itertools.pairwise(texts) if a and not b)
    blank_separated = followed < 0.8 * max(len(filled), 1)
    # Blank lines between paragraphs, and only there: a line right below another goes on
    # with it (a web copy breaks the first line of each paragraph short).
    blank_paragraphs = blank_separated and followed >= 0.15 * max(len(filled), 1)
    blank_before = False
    out: list[Block] = []
    current: Block | None = None
    last_line = ""
    for offset, text in enumerate(texts):
        index = start + offset
        source = lines[index]
        if not text:
            blank_before = True
            continue
        after_blank, blank_before = blank_before, False
        if source.cells:
            if current is not None:
                out.append(current)
            out.append(
                Block(text, index, index, source.bold, tuple(clean(c) for c in source.cells))
            )
            current, last_line = None, ""
            continue
        new_paragraph = (blank_separated or not wrapped) and after_blank and not text[0].islower()
        if (
            current is not None
            and not new_paragraph
            and _continues(
                current.text,
                last_line,
                text,
                width,
                wrapped,
                bold=current.bold and source.bold,
                same_paragraph=blank_paragraphs and not after_blank,
            )
        ):
            joined = (
                current.text + text
                if re.search(r"\w-$", current.text) and not text.startswith(("-", "–"))
                else f"{current.text} {text}"
            )
            current = Block(joined, current.first, index, current.bold and source.bold)
        else:
            if current is not None:
                out.append(current)
            current = Block(text, index, index, source.bold)
        last_line = text
    if current is not None:
        out.append(current)
    return out


def _continues(
    paragraph: str,
    last_line: str,
    line: str,
    width: int,
    wrapped: bool,
    *,
    bold: bool = False,
    same_paragraph: bool = False,
) -> bool:
    """Whether ``line`` goes on with ``paragraph`` (whose last line is ``last_line``).

    ``bold``: both the paragraph and the line are bold, as a heading wrapped over two lines
    is ("**IV. TỔ CHỨC" / "THỰC HIỆN**"). ``same_paragraph``: blank lines separate the
    paragraphs and none stands before this line.
    """
    if _BARE_LABEL.fullmatch(paragraph):
        return True  # "1." on a line of its own, its heading on the next
    if starts_item(line):
        return False
    if not ended(paragraph) and line[0].islower():
        # Nothing starts in lower case: a copy that broke the lines early ("a) Là cơ quan
        # đầu mối, chủ" / "trì, phối hợp ...") goes on here, heading or not.
        return True
    if bold and not ended(paragraph) and is_heading_like(paragraph) and len(paragraph) < 150:
        return True
    if paragraph.endswith(",") or (not ended(paragraph) and _OPEN_END.search(paragraph)):
        return True  # "7. Xây dựng Quyết định của" / "Thủ tướng Chính phủ ban hành ..."
    if line[0].isdigit() and _BEFORE_NUMBER.search(paragraph):
        return True
    full = len(last_line) >= 0.8 * width
    if ended(paragraph):
        if paragraph[-1] in ";," and line[0].islower():
            return True
        return (
            wrapped
            and paragraph.endswith(".")
            and len(last_line) >= 0.9 * width
            and not is_heading_like(paragraph)
        )
    if all_capitals(paragraph):
        # A Roman-numbered heading wraps onto a line of capitals ("I. TỔ CHỨC" / "THỰC HIỆN").
        return all_capitals(line) and (full or bool(ROMAN.match(paragraph)))
    if is_heading_like(paragraph) and not full:
        return False
    # A numbered heading may run long and end without a stop; it never goes on below.
    numbered = bool(NUMBER.match(paragraph) or ROMAN.match(paragraph))
    return full or (same_paragraph and not numbered) or line[0].islower() or line[0] in "(,;"


def all_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)
