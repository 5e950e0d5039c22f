"""Reading a plan document (.docx, .pdf with a text layer, .txt) into lines of text.

The reader only gets the words out, in reading order; understanding them is
:mod:`desktop_app.imports.plan_reader`'s job. Every file is treated as hostile: sizes are
limited before anything is unpacked, and every failure is a :class:`DocumentReadError` whose
message tells the clerk what to do.

What a file is comes from its first bytes, not its name: a ".txt" that is really a PDF is
read as a PDF, a ".docx" that is really plain text is read as text. The name only chooses the
wording of the message when the content is nothing we can read. The Word and PDF readers
(:mod:`~desktop_app.imports.document_docx`, :mod:`~desktop_app.imports.document_pdf`) are
imported on first use: python-docx and pypdf take a while to load.
"""

import re
import stat
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from desktop_app.domain.errors import UserError

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Larger files are refused before they are read (a plan is a few hundred KB)."""
MAX_LINES = 200_000
"""At most this many lines come out of one document."""
MAX_TEXT_CHARS = 20_000_000
"""At most this many characters come out of one document."""
MAX_CONTROL_SHARE = 0.05
"""A text file with more control characters than this (other than tabs, line and page breaks)
is binary."""


class SourceKind(StrEnum):
    """What kind of file a plan document was read from."""

    DOCX = "docx"
    PDF = "pdf"
    TXT = "txt"


class DocumentReadError(UserError):
    """The file cannot be read as a plan document; the message says why and what to do."""


@dataclass(frozen=True)
class SourceLine:
    """One line of the document as read.

    Attributes:
        text: the line's text, without its line break ("" for a blank line).
        bold: the whole line is bold (docx runs, ``**...**`` in text files).
        cells: the cell texts when the line is a row of a data table (the assignment table);
            ``text`` is then the cells joined by tabs.
    """

    text: str
    bold: bool = False
    cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceDocument:
    """A document's lines in reading order, and what it was read from."""

    name: str
    kind: SourceKind
    lines: tuple[SourceLine, ...]
    converted_from: str = ""  # "TCVN3" or "VNI" when typed in an old font and converted

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def too_long(name: str) -> DocumentReadError:
    """The error for a document with more than :data:`MAX_LINES` or :data:`MAX_TEXT_CHARS`."""
    return DocumentReadError(
        f"Tệp \u201c{name}\u201d quá dài để là một kế hoạch (hơn 200.000 dòng hoặc 20 triệu "
        "ký tự), nên chương trình không đọc. Hãy kiểm tra đã chọn đúng tệp chưa; nếu đúng, "
        "hãy chép riêng phần kế hoạch sang một tệp mới rồi chọn tệp đó."
    )


def no_text(name: str) -> DocumentReadError:
    """The error for a document that holds no words at all."""
    return DocumentReadError(
        f"Tệp \u201c{name}\u201d không có chữ nào để đọc. Nếu nội dung là ảnh chụp hay bản quét "
        "dán vào, chương trình không đọc được ảnh: hãy xin cơ quan gửi bản Word (.docx), hoặc "
        "dùng phần mềm nhận dạng chữ (OCR) để chuyển thành văn bản."
    )


class LineBudget:
    """Counts the lines and characters a reader produces; raises once they pass the limits."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines = 0
        self.chars = 0

    def spend(self, text: str) -> None:
        """Count one more line of ``text``.

        Raises:
            DocumentReadError: past :data:`MAX_LINES` or :data:`MAX_TEXT_CHARS`.
        """
        self.lines += 1
        self.chars += len(text) + 1
        if self.lines > MAX_LINES or self.chars > MAX_TEXT_CHARS:
            raise too_long(self.name)


_BOLD = re.compile(r"\*\*")


def _is_word(char: str) -> bool:
    """What the regular expression class "word character" matches, for one character."""
    return char.isalnum() or char == "_"


def _strip_italics(line: str) -> str:
    r"""Remove the ``*...*`` italics marks of our text renderings, in linear time.

    A mark opens at a star that follows no letter or star and is followed by neither a space
    nor a star ("*qua Ban"); it closes at the nearest later star that follows neither a space
    nor a star and is followed by no letter or star ("hợp*"). A "* " list marker and a lone
    "*" are kept. This is ``re.sub(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])",
    r"\1", line)`` without that pattern's quadratic time on hostile lines.
    """
    if "*" not in line:
        return line
    size = len(line)
    opens: list[int] = []
    closes: list[int] = []
    for index, char in enumerate(line):
        if char != "*":
            continue
        before = line[index - 1] if index else ""
        after = line[index + 1] if index + 1 < size else ""
        if (not before or not (_is_word(before) or before == "*")) and (
            after and not after.isspace() and after != "*"
        ):
            opens.append(index)
        if (before and not before.isspace() and before != "*") and (
            not after or not (_is_word(after) or after == "*")
        ):
            closes.append(index)
    parts: list[str] = []
    done = 0  # everything before this index is settled
    for start in opens:
        if start < done:
            continue
        found = bisect_left(closes, start + 2)
        if found == len(closes):
            break
        end = closes[found]
        parts.append(line[done:start])
        parts.append(line[start + 1 : end])
        done = end + 1
    parts.append(line[done:])
    return "".join(parts)


def read_text(text: str, name: str = "") -> SourceDocument:
    """A document from plain text (a .txt file, or text pasted in).

    Bold marks ``**...**`` (they may span lines) set ``bold`` on the lines they cover and
    are removed, as are italics marks ``*...*``. A line with two or more cells separated by
    tabs is a table row.

    Raises:
        DocumentReadError: more than :data:`MAX_LINES` lines or :data:`MAX_TEXT_CHARS`
            characters.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_TEXT_CHARS or text.count("\n") >= MAX_LINES:
        raise too_long(name or "văn bản")
    plain: list[SourceLine] = []
    inside_bold = False
    for raw in text.split("\n"):
        parts = _BOLD.split(raw)
        bold = inside_bold or (len(parts) > 1 and not parts[0].strip())
        inside_bold = inside_bold ^ (len(parts) % 2 == 0)
        line = _strip_italics("".join(parts)).rstrip()
        plain.append(SourceLine(line, bold=bold and bool(line.strip())))
    plain = [
        SourceLine(text, bold=line.bold, cells=_row_cells(text))
        for line, text in zip(plain, _strip_wrapped_italics([p.text for p in plain]), strict=True)
    ]
    return SourceDocument(name=name, kind=SourceKind.TXT, lines=tuple(_text_tables(plain)))


_ITALIC_OPENS = re.compile(r"^\*(?=[^\s*])")
_ITALIC_CLOSES = re.compile(r"(?<=[^\s*])\*$")


def _strip_wrapped_italics(lines: list[str]) -> list[str]:
    """Remove italics marks that open on one line and close on a later one.

    "*a) Chủ trì, phối" / "hợp với …*": the star starts the first line and ends the last,
    with no other star between them.
    """
    out = list(lines)
    i = 0
    while i < len(out):
        if not _ITALIC_OPENS.match(out[i]) or out[i].count("*") != 1:
            i += 1
            continue
        for j in range(i + 1, min(i + 8, len(out))):
            if _ITALIC_CLOSES.search(out[j]) and out[j].count("*") == 1:
                out[i], out[j] = out[i][1:], out[j][:-1]
                i = j
                break
            if "*" in out[j] or not out[j].strip():
                break
        i += 1
    return out


_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")


def _row_cells(line: str) -> tuple[str, ...]:
    """The cells of a table row typed as text: two or more cells between tabs or "|"."""
    if "\t" in line:
        cells = tuple(c.strip() for c in line.split("\t"))
    elif line.count("|") >= 2 or (line.count("|") == 1 and not line.strip().startswith("|")):
        cells = tuple(c.strip() for c in line.strip().strip("|").split("|"))
    else:
        return ()
    return cells if sum(1 for c in cells if c) >= 2 else ()


def _text_tables(lines: list[SourceLine]) -> list[SourceLine]:
    """Tables copied out of a web page, with every cell on lines of its own between "|" lines.

    Such a copy writes the row "| a | b | c |" as the lines "|", a, "|", b, "|", c, "|", and
    the next row starts with another "|", so two "|" lines in a row end a row. A table whose
    rows have three or more cells is a data table and gives one line per row with its cells;
    any other (the header block, "Nơi nhận" beside the signature) is a layout table, read
    cell after cell with a blank line where each "|" was. A "|---|---|" rule line is dropped.
    """
    out: list[SourceLine] = []
    i, n = 0, len(lines)
    while i < n:
        text = lines[i].text.strip()
        if _PIPE_RULE.match(text) and "-" in text and "|" in text:
            out.append(SourceLine(""))
            i += 1
            continue
        if text != "|":
            out.append(lines[i])
            i += 1
            continue
        rows, i = _pipe_rows(lines, i)
        if any(sum(1 for cell in row if cell) >= 3 for row in rows):
            for row in rows:
                cells = tuple(" ".join(part.text.strip() for part in cell).strip() for cell in row)
                bold = all(part.bold for cell in row for part in cell if part.text.strip())
                out.append(SourceLine("\t".join(cells), bold=bold, cells=cells))
        else:
            for row in rows:
                for cell in row:
                    out.append(SourceLine(""))
                    out.extend(cell)
            out.append(SourceLine(""))
    return out


_MAX_CELL_LINES = 60
"""A table cell runs to a few lines; text with no "|" in this many lines is past the table."""


def _pipe_within(lines: list[SourceLine], start: int, limit: int) -> bool:
    return any(line.text.strip() == "|" for line in lines[start : start + limit])


def _pipe_rows(lines: list[SourceLine], start: int) -> tuple[list[list[list[SourceLine]]], int]:
    """The rows of a "|"-lines table from ``start``, and the index of the first line after it.

    The first row's cell count is the table's width: a row that has that many cells and is not
    followed by a "|" line ends the table, as does a blank line after a "|".
    """
    rows: list[list[list[SourceLine]]] = []
    row: list[list[SourceLine]] = []
    cell: list[SourceLine] = []
    width = 0
    i, n = start + 1, len(lines)
    while i < n:
        text = lines[i].text.strip()
        if text == "|":
            if cell:
                row.append(cell)
                cell = []
            elif row:  # "|" right after "|": the row ends, the next one starts
                rows.append(row)
                width = width or len(row)
                row = []
            i += 1
            continue
        at_cell_start = not cell
        if (
            at_cell_start
            and row
            and (
                not text
                or (width and len(row) >= width)
                or not _pipe_within(lines, i, _MAX_CELL_LINES)
            )
        ):
            break
        if not text and not cell:
            i += 1
            continue
        cell.append(lines[i])
        i += 1
    if cell:
        row.append(cell)
    if row:
        rows.append(row)
    return rows, i


def read_document(path: Path) -> SourceDocument:
    """Read a plan document: Word (.docx), PDF with a text layer, or plain text.

    The kind is told by the content; the file name only words the message when the content
    is nothing readable. Text comes out in Unicode NFC.

    Raises:
        DocumentReadError: the file is missing, unreadable, too big, empty, of a kind that
            cannot be read (old .doc, .rtf, .odt, an image, a scanned PDF, a password), broken,
            or built to harm (a zip bomb, XML entities); the message says what to do.
    """
    path = Path(path)
    name = path.name or str(path)
    return _in_unicode(_read_any(path, name))


def _in_unicode(document: SourceDocument) -> SourceDocument:
    """The document with text typed in TCVN3 (.VnTime) or VNI fonts converted to Unicode."""
    from desktop_app.imports import legacy_encodings as legacy  # noqa: PLC0415

    text = document.text
    if legacy.is_tcvn3(text):
        convert, font = legacy.from_tcvn3, "TCVN3"
    elif legacy.is_vni(text):
        convert, font = legacy.from_vni, "VNI"
    else:
        return document
    lines = tuple(
        SourceLine(
            convert(line.text),
            bold=line.bold,
            cells=tuple(convert(cell) for cell in line.cells),
        )
        for line in document.lines
    )
    return SourceDocument(document.name, document.kind, lines, converted_from=font)


def _read_any(path: Path, name: str) -> SourceDocument:
    data = _read_bytes(path, name)
    kind = _sniff(data, path.suffix.lower())
    if kind == "pdf":
        from desktop_app.imports.document_pdf import read_pdf  # noqa: PLC0415  # slow import

        return read_pdf(data, name)
    if kind == "zip":
        from desktop_app.imports.document_docx import read_docx  # noqa: PLC0415  # slow import

        return read_docx(data, name)
    if kind == "doc":
        from desktop_app.imports.document_doc import read_doc  # noqa: PLC0415  # needs docx

        return read_doc(data, name)
    if kind != "text":
        raise DocumentReadError(_FOREIGN[kind].format(name=name))
    return _read_plain(data, name, path.suffix.lower())


def _read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes, after checking it is a regular file of at most MAX_FILE_BYTES."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DocumentReadError(
            f"Không tìm thấy tệp \u201c{name}\u201d. Hãy kiểm tra lại tên tệp và thư mục, "
            "hoặc chọn lại tệp."
        ) from None
    except PermissionError:
        raise _no_permission(name) from None
    except OSError as exc:
        raise _cannot_open(name, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise DocumentReadError(
            f"\u201c{name}\u201d là một thư mục, không phải một tệp. Hãy mở thư mục đó và chọn "
            "tệp kế hoạch (.docx, .pdf hoặc .txt) bên trong."
        )
    if not stat.S_ISREG(info.st_mode):
        raise DocumentReadError(
            f"\u201c{name}\u201d không phải một tệp bình thường trên đĩa. Hãy chọn tệp kế hoạch "
            "(.docx, .pdf hoặc .txt)."
        )
    if info.st_size > MAX_FILE_BYTES:
        raise _too_big(name, info.st_size)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        raise _no_permission(name) from None
    except OSError as exc:
        raise _cannot_open(name, exc) from None
    if len(data) > MAX_FILE_BYTES:  # it grew since stat()
        raise _too_big(name, len(data))
    if not data:
        raise DocumentReadError(
            f"Tệp \u201c{name}\u201d trống (0 byte), không có nội dung để đọc. Có thể tệp chưa "
            "được chép hết; hãy chép lại hoặc xin cơ quan gửi lại tệp."
        )
    return data


def _no_permission(name: str) -> DocumentReadError:
    return DocumentReadError(
        f"Không có quyền đọc tệp \u201c{name}\u201d. Nếu tệp đang mở trong Word hay chương "
        "trình khác, hãy đóng lại rồi thử lại; hoặc chép tệp vào thư mục Tài liệu rồi chọn "
        "tệp đã chép."
    )


def _cannot_open(name: str, exc: OSError) -> DocumentReadError:
    reason = exc.strerror or type(exc).__name__
    return DocumentReadError(
        f"Không đọc được tệp \u201c{name}\u201d ({reason}). Nếu tệp nằm trên USB hay thư mục "
        "dùng chung, hãy chép vào máy rồi chọn tệp đã chép."
    )


def _too_big(name: str, size: int) -> DocumentReadError:
    megabytes = size / (1024 * 1024)
    return DocumentReadError(
        f"Tệp \u201c{name}\u201d quá lớn ({megabytes:.0f} MB); chương trình chỉ đọc tệp kế "
        f"hoạch đến {MAX_FILE_BYTES // (1024 * 1024)} MB (một kế hoạch thường chỉ vài trăm "
        "KB). Hãy kiểm tra đã chọn đúng tệp chưa; nếu là bản quét nhiều trang, hãy xin cơ quan "
        "gửi bản Word (.docx)."
    )


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),  # an empty zip
    (b"PK\x07\x08", "zip"),  # a spanned zip
    (b"{\\rtf", "rtf"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),  # JPEG
    (b"GIF87a", "image"),
    (b"GIF89a", "image"),
    (b"II*\x00", "image"),  # TIFF, as scanners write it
    (b"MM\x00*", "image"),
    (b"BM", "bmp"),
    (b"Rar!\x1a\x07", "archive"),
    (b"7z\xbc\xaf\x27\x1c", "archive"),
    (b"\x1f\x8b", "archive"),  # gzip
)


def _sniff(data: bytes, suffix: str) -> str:
    """What the bytes are: "pdf", "zip", "text", or a key of ``_FOREIGN``."""
    head = data[:16]
    start = data.find(b"%PDF-", 0, 1024)
    # Readers accept junk before the header within the first KB; a text file that merely
    # mentions "%PDF-" is still text unless it is named .pdf.
    if start == 0 or (start > 0 and suffix == ".pdf"):
        return "pdf"
    if head.startswith(_OLE):
        return _ole_kind(data)
    if head[8:12] == b"WEBP" and head.startswith(b"RIFF"):
        return "image"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind == "bmp":  # "BM" also starts ordinary words: check the header's size
                declared = int.from_bytes(data[2:6], "little")
                return "image" if declared == len(data) else "text"
            return kind
    return "text"


def _ole_kind(data: bytes) -> str:
    """Which Office 97-2003 compound file this is, from its stream names (UTF-16 in the file)."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return "locked"  # a .docx/.xlsx saved with a password
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    return "ole"


_OPEN_IN_WORD = (
    "Hãy mở tệp bằng Word, chọn Tệp > Lưu thành (Save As), chọn kiểu \u201cWord Document "
    "(*.docx)\u201d, lưu lại rồi chọn tệp .docx vừa lưu."
)
_ASK_FOR_WORD = "Hãy chọn tệp kế hoạch dạng Word (.docx), PDF hoặc văn bản (.txt)."
_FOREIGN = {
    "doc": (
        "Tệp \u201c{name}\u201d là tệp Word đời cũ (.doc, Word 97-2003); chương trình chỉ đọc "
        "được tệp Word mới (.docx). " + _OPEN_IN_WORD
    ),
    "locked": (
        "Tệp \u201c{name}\u201d có đặt mật khẩu nên không đọc được. Hãy mở tệp bằng Word (nhập "
        "mật khẩu), bỏ mật khẩu trong Tệp > Thông tin > Bảo vệ tài liệu rồi lưu lại; hoặc xin cơ "
        "quan gửi bản không đặt mật khẩu."
    ),
    "xls": (
        "Tệp \u201c{name}\u201d là bảng tính Excel đời cũ (.xls), không phải văn bản kế hoạch. "
        + _ASK_FOR_WORD
    ),
    "ole": (
        "Tệp \u201c{name}\u201d là tệp Office đời cũ (97-2003), chương trình không đọc được. "
        + _OPEN_IN_WORD
    ),
    "rtf": (
        "Tệp \u201c{name}\u201d có định dạng RTF, chương trình chưa đọc được. " + _OPEN_IN_WORD
    ),
    "image": (
        "Tệp \u201c{name}\u201d là một ảnh (ảnh chụp hoặc bản quét), không có chữ để đọc. Hãy "
        "xin cơ quan gửi bản Word (.docx), hoặc dùng phần mềm nhận dạng chữ (OCR) để chuyển ảnh "
        "thành văn bản rồi nhập lại."
    ),
    "archive": (
        "Tệp \u201c{name}\u201d là tệp nén (RAR, 7z hoặc gzip). Hãy giải nén trước, rồi chọn "
        "tệp kế hoạch ở bên trong."
    ),
}


_TEXT_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_text(data: bytes) -> str | None:
    """The text in ``data``, or None when it is not text.

    UTF-8 (with or without a BOM), UTF-16/32 with a BOM, UTF-16 without one (told by its
    zero bytes), else the Vietnamese Windows code page 1258, else Windows-1252 (else Latin-1,
    which decodes anything). The caller normalises to NFC. Bytes with a NUL, or with more
    than :data:`MAX_CONTROL_SHARE` of control characters (other than tab, line and page
    breaks), are not text.
    """
    encodings = [enc for bom, enc in _TEXT_BOMS if data.startswith(bom)][:1]
    if not encodings:
        wide = _utf16_without_bom(data)
        if wide:
            encodings = [wide]
        elif b"\x00" in data:
            return None
        else:
            encodings = ["utf-8", "cp1258", "cp1252", "latin-1"]
            if _legacy_bytes(data):
                # TCVN3 or VNI text: its bytes stand for themselves, the converter maps them.
                encodings = ["utf-8", "latin-1"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text if _looks_like_text(text) else None
    return None


def _legacy_bytes(data: bytes) -> bool:
    """Bytes of text typed in TCVN3 or VNI fonts (no UTF-8), whose bytes stand for themselves."""
    from desktop_app.imports.legacy_encodings import is_tcvn3, is_vni  # noqa: PLC0415

    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        latin = data.decode("latin-1")
        return is_tcvn3(latin) or is_vni(latin)
    return False


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 codec when every other byte is mostly zero (Latin text in UTF-16)."""
    sample = data[:8192]
    if len(sample) < 4 or len(data) % 2:
        return None
    even = sample[0::2].count(0) / (len(sample) // 2)
    odd = sample[1::2].count(0) / (len(sample) // 2)
    if odd > 0.3 and even < 0.02:
        return "utf-16-le"
    if even > 0.3 and odd < 0.02:
        return "utf-16-be"
    return None


_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def _looks_like_text(text: str) -> bool:
    if "\x00" in text:
        return False
    controls = sum(
        1
        for char in text
        if (char < " " or "\x7f" <= char <= "\x9f") and char not in _ALLOWED_CONTROLS
    )
    return controls <= MAX_CONTROL_SHARE * len(text)


def _read_plain(data: bytes, name: str, suffix: str) -> SourceDocument:
    text = decode_text(data)
    if text is None:
        if suffix in {".docx", ".docm", ".dotx"}:
            raise DocumentReadError(
                f"Tệp \u201c{name}\u201d không phải tệp Word (.docx) hợp lệ: tệp đã bị hỏng hoặc "
                "chỉ được đổi đuôi thành .docx. Hãy mở thử bằng Word; nếu Word cũng không mở "
                "được, hãy xin cơ quan gửi lại tệp."
            )
        if suffix == ".pdf":
            raise DocumentReadError(
                f"Tệp \u201c{name}\u201d không phải tệp PDF hợp lệ: tệp đã bị hỏng hoặc chỉ được "
                "đổi đuôi thành .pdf. Hãy mở thử bằng trình đọc PDF; nếu không mở được, hãy xin "
                "cơ quan gửi lại tệp (tốt nhất là bản Word .docx)."
            )
        raise DocumentReadError(
            f"Tệp \u201c{name}\u201d không phải văn bản đọc được: bên trong có ký tự lạ, có thể là "
            "tệp của chương trình khác hoặc đã bị hỏng. " + _ASK_FOR_WORD
        )
    text = unicodedata.normalize("NFC", text).lstrip("\ufeff")
    document = read_text(text.replace("\f", "\n").replace("\v", "\n"), name=name)
    if not any(line.text.strip() for line in document.lines):
        raise no_text(name)
    return document
