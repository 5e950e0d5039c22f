"""Reading a PDF plan document with a text layer into lines, with pypdf.

Page by page, one line per text line, a blank line between pages; page numbers standing
alone at the top or bottom of a page ("2", "- 2 -", "Trang 2", "2/5") are dropped. A PDF
that gives (almost) no letters is a scan and is refused with a message that says so. An
encrypted PDF is opened when it needs no password to read (most "protected" official PDFs
only forbid editing), else refused.

pypdf runs with tighter limits than its defaults (:data:`LIMITS`), never calls an external
program, and its warnings and log records are silenced while it works: a broken PDF is
common and says nothing to the clerk. Whatever it raises becomes a
:class:`~desktop_app.imports.document_reader.DocumentReadError`; only MemoryError passes.
"""

import io
import logging
import re
import time
import unicodedata
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from desktop_app.imports.document_reader import (
    DocumentReadError,
    LineBudget,
    SourceDocument,
    SourceKind,
    SourceLine,
)

MAX_PAGES = 500
"""A plan with its appendices is 2-40 pages."""
MIN_LETTERS_PER_PAGE = 60
"""Fewer letters than this per page on average: a scan (a typed page has about 2,000)."""
MAX_SECONDS = 60.0
"""Extraction stops with a message when it takes longer than this (checked between pages)."""
LIMITS: dict[str, Any] = {
    "jbig2dec_binary": None,  # never run an external program on the file
    "maximum_declared_stream_length": 20_000_000,
    "zlib_maximum_output_length": 20_000_000,
    "lzw_maximum_output_length": 20_000_000,
    "run_length_maximum_output_length": 20_000_000,
    "brotli_maximum_output_length": 20_000_000,
    "array_based_stream_maximum_output_length": 20_000_000,
    "stream_decoding_work_maximum_length": 100_000_000,
    "page_tree_maximum_entries": 10 * MAX_PAGES,
    "page_tree_maximum_page_entries": 100 * MAX_PAGES,
    "disable_legacy_handling": True,
}

# A line that is only a page number: "2", "- 2 -", "Trang 2", "Trang 2/5", "2/5", "Page 2".
_NUMBERED = re.compile(
    r"(?:[-–—]\s*(?P<dashed>\d{1,4})\s*[-–—]|(?:trang|page)\s*(?P<named>\d{1,4})(?:\s*/\s*\d{1,4})?"
    r"|(?P<of>\d{1,4})\s*/\s*\d{1,4})",
    re.IGNORECASE,
)
_BARE = re.compile(r"\d{1,4}")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def read_pdf(data: bytes, name: str) -> SourceDocument:
    """The lines of a PDF's text layer.

    Raises:
        DocumentReadError: damaged, password-protected, more than :data:`MAX_PAGES` pages,
            too slow, too long, or a scan without a text layer.
    """
    with _quiet_pypdf():
        pages = _page_texts(data, name)
    budget = LineBudget(name)
    lines: list[SourceLine] = []
    for index, page in enumerate(_without_running_heads(_without_page_numbers(pages))):
        if index:
            budget.spend("")
            lines.append(SourceLine(""))
        for text in page:
            budget.spend(text)
            lines.append(SourceLine(text))
    letters = sum(1 for line in lines for char in line.text if char.isalpha())
    if letters < MIN_LETTERS_PER_PAGE * max(len(pages), 1):
        raise DocumentReadError(
            f"Tệp PDF \u201c{name}\u201d là bản quét (ảnh chụp các trang), không có lớp chữ nên "
            "chương trình không đọc được. Hãy xin cơ quan gửi bản Word (.docx), hoặc dùng phần "
            "mềm nhận dạng chữ (OCR) để chuyển thành văn bản rồi nhập lại."
        )
    return SourceDocument(name=name, kind=SourceKind.PDF, lines=tuple(lines))


def _damaged(name: str) -> DocumentReadError:
    return DocumentReadError(
        f"Tệp PDF \u201c{name}\u201d bị hỏng hoặc không đúng định dạng PDF nên không đọc được. "
        "Hãy mở thử bằng trình đọc PDF; nếu không mở được, hãy xin cơ quan gửi lại tệp (tốt "
        "nhất là bản Word .docx)."
    )


def _locked(name: str) -> DocumentReadError:
    return DocumentReadError(
        f"Tệp PDF \u201c{name}\u201d có đặt mật khẩu nên không đọc được. Hãy xin cơ quan gửi "
        "bản Word (.docx) hoặc bản PDF không đặt mật khẩu."
    )


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """No pypdf warning or log record reaches the clerk (or fails a strict test run)."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _page_texts(data: bytes, name: str) -> list[list[str]]:
    """Each page's text lines (NFC, without control characters or trailing spaces)."""
    import pypdf  # noqa: PLC0415  # slow to import, and only needed here
    from pypdf.errors import DependencyError  # noqa: PLC0415

    try:
        with pypdf.apply_configuration(**LIMITS):
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except DependencyError:  # AES without the cryptography package
                    raise DocumentReadError(
                        f"Tệp PDF \u201c{name}\u201d được mã hóa (AES) nên chương trình không đọc "
                        "được. Hãy xin cơ quan gửi bản Word (.docx) hoặc bản PDF không mã hóa."
                    ) from None
                if opened == pypdf.PasswordType.NOT_DECRYPTED:
                    raise _locked(name)
            count = len(reader.pages)
            if count > MAX_PAGES:
                raise DocumentReadError(
                    f"Tệp PDF \u201c{name}\u201d có {count} trang, nhiều hơn {MAX_PAGES} trang mà "
                    "chương trình đọc cho một kế hoạch. Hãy kiểm tra đã chọn đúng tệp chưa, hoặc "
                    "tách riêng phần kế hoạch ra một tệp PDF khác."
                )
            if count == 0:
                raise _damaged(name)
            started = time.monotonic()
            pages: list[list[str]] = []
            for index in range(count):
                if time.monotonic() - started > MAX_SECONDS:
                    raise DocumentReadError(
                        f"Tệp PDF \u201c{name}\u201d quá phức tạp, đọc quá lâu nên chương trình "
                        "đã dừng. Hãy xin cơ quan gửi bản Word (.docx) của kế hoạch."
                    )
                text = reader.pages[index].extract_text()
                pages.append(_clean(text))
    except DocumentReadError:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # pypdf raises anything on a malformed file
        raise _damaged(name) from exc
    return pages


def _clean(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [_CONTROLS.sub("", line).replace("\t", " ").rstrip() for line in text.split("\n")]


def _page_number(line: str) -> tuple[int, bool] | None:
    """The number on a line that is only a page number, and whether it is marked as one."""
    text = line.strip()
    bare = _BARE.fullmatch(text)
    if bare:
        return int(text), False
    marked = _NUMBERED.fullmatch(text)
    if marked:
        return int(marked.group("dashed") or marked.group("named") or marked.group("of")), True
    return None


def _without_page_numbers(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers standing first or last on their page.

    A marked number ("- 2 -", "Trang 2", "2/5") always goes. A bare number goes when it is
    the page's own number; or as far from its page's position as another page's bare number
    (numbering that starts later); or, at the top of a page after the first, when it is not
    above the page's position (numbering that restarts, as appendices do). A lone "3" that is
    a table's row number is usually none of these.
    """
    candidates: list[tuple[int, int, int, bool]] = []  # page, line index, offset, at the top
    drop: set[tuple[int, int]] = set()
    for page_index, page in enumerate(pages):
        filled = [i for i, line in enumerate(page) if line.strip()]
        for line_index in sorted({filled[0], filled[-1]}) if filled else []:
            found = _page_number(page[line_index])
            if found is None:
                continue
            number, marked = found
            if marked:
                drop.add((page_index, line_index))
            else:
                top = line_index == filled[0]
                candidates.append((page_index, line_index, page_index + 1 - number, top))
    offsets = Counter(offset for _, _, offset, _ in candidates)
    for page_index, line_index, offset, top in candidates:
        if offset == 0 or offsets[offset] > 1 or (top and page_index > 0 and offset > 0):
            drop.add((page_index, line_index))
    result: list[list[str]] = []
    for page_index, page in enumerate(pages):
        kept = [line for i, line in enumerate(page) if (page_index, i) not in drop]
        while kept and not kept[0].strip():
            kept.pop(0)
        while kept and not kept[-1].strip():
            kept.pop()
        result.append(kept)
    return result


RUNNING_HEAD_PAGES = 3
"""A short line first or last on this many pages, and on all pages but one at most, is a
running head or foot."""
RUNNING_HEAD_CHARS = 50
"""A running head is short: a document's number or name, an office's name."""


def _without_running_heads(pages: list[list[str]]) -> list[list[str]]:
    """Drop a running head or foot: the same short line first (or last) on every page.

    Numbers are ignored when lines are compared ("Kế hoạch số 12 - trang 3"), so a foot that
    carries the page number is recognised too. A document of one or two pages has none.
    """
    if len(pages) < RUNNING_HEAD_PAGES:
        return pages

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", " ".join(line.split())).casefold()

    def ends(page: list[str]) -> list[str]:
        filled = [line for line in page if line.strip()]
        return list(dict.fromkeys([key(filled[0]), key(filled[-1])])) if filled else []

    counts = Counter(k for page in pages for k in ends(page))
    needed = max(RUNNING_HEAD_PAGES, len(pages) - 1)
    repeated = {k for k, n in counts.items() if n >= needed and 3 < len(k) <= RUNNING_HEAD_CHARS}
    if not repeated:
        return pages
    result: list[list[str]] = []
    for page in pages:
        kept = list(page)
        for position in (0, -1):
            filled = [i for i, line in enumerate(kept) if line.strip()]
            if filled and key(kept[filled[position]]) in repeated:
                del kept[filled[position]]
        result.append(kept)
    return result


__all__ = ["read_pdf"]
