"""Reading a Word (.docx) plan document into lines, safely.

Before python-docx sees the file, :class:`~desktop_app.safe_zip.SafeZip` checks the zip
from its directory alone (number of entries, names, declared sizes, compression ratios),
then every entry is read once, counted, and stopped at the limits, so a zip bomb is refused
within a fraction of a second and a lying directory cannot make us unpack more than it
declared. No XML part may
carry a DOCTYPE (Word never writes one; entity tricks need one): python-docx's parser does
not expand entities or fetch anything anyway, and that is checked again on the parsed parts.

The body is then walked in document order on the XML itself: paragraphs (a soft line break
starts a new line), content controls, tables, and text boxes (read after the paragraph that
anchors them, once: the ``mc:Choice`` copy, not the VML fallback). Headers and footers are
not read.

Tables come in two kinds. A *data table* (some row has three or more filled cells, or the
first cell is "TT"/"STT") gives one line per row with its ``cells``; a cell merged across
columns is followed by empty cells for the columns it covers (a row that is one merged cell
gives that one cell), a cell merged down repeats the merged text on every row it covers. Any
other table is a *layout table* (the header block, "Nơi nhận" beside the signature): its
columns are read one after the other, top to bottom, with a blank line between them.
"""

import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from desktop_app.imports.document_reader import (
    DocumentReadError,
    LineBudget,
    SourceDocument,
    SourceKind,
    SourceLine,
    no_text,
)
from desktop_app.imports.docx_numbering import Numbering
from desktop_app.safe_zip import Refusal, SafeZip, ZipLimits, ZipRefusedError

MAX_ENTRIES = 2_000
"""A Word file has 10-50 parts; one with images a few hundred."""
MAX_PART_BYTES = 40 * 1024 * 1024
"""The largest one part may unpack to (the text of a 500-page plan is about 10 MB)."""
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""All parts together, unpacked."""
MAX_RATIO = 200
"""Unpacked size / packed size above which a part of more than RATIO_FROM_BYTES is a bomb."""
RATIO_FROM_BYTES = 1024 * 1024
_ZIP_LIMITS = ZipLimits(
    max_entries=MAX_ENTRIES,
    max_entry_bytes=MAX_PART_BYTES,
    max_total_bytes=MAX_UNPACKED_BYTES,
    max_entry_ratio=MAX_RATIO,
    ratio_floor=RATIO_FROM_BYTES,
)
MAX_NESTING = 30
"""Tables in tables and text boxes in text boxes, deeper than this, are refused."""

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


W_P, W_TBL, W_TR, W_TC, W_R, W_T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r"), _w("t")
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("customXml")
W_TXBX = _w("txbxContent")
W_VAL = _w("val")
MC_ALTERNATE = f"{{{MC}}}AlternateContent"
MC_CHOICE = f"{{{MC}}}Choice"
MC_FALLBACK = f"{{{MC}}}Fallback"

# Inside a paragraph: subtrees whose text is not shown (deleted, moved away, properties).
_HIDDEN = frozenset(
    {_w("pPr"), _w("rPr"), _w("del"), _w("moveFrom"), _w("delText"), _w("instrText")}
)
_TAB = frozenset({_w("tab"), _w("ptab")})
_BREAK = frozenset({_w("br"), _w("cr")})
# Block containers whose children are paragraphs and tables again.
_BLOCK_WRAPPERS = frozenset({W_SDT_CONTENT, W_CUSTOM_XML, _w("ins"), _w("moveTo")})
_FALSE = frozenset({"0", "false", "off", "none"})

_WORD_TYPES = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
_DTD_MARKS = tuple(
    mark.encode(encoding)
    for mark in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_OVERLAP = max(len(mark) for mark in _DTD_MARKS) - 1


def read_docx(data: bytes, name: str) -> SourceDocument:
    """The lines of a Word document given as the bytes of a zip file.

    Raises:
        DocumentReadError: not a Word file (another kind of zip gets its own message),
            damaged, password-protected, a zip bomb, carrying a DOCTYPE, too long, or
            without any text.
    """
    _check_package(data, name)
    body, styles, numbering = _parse(data, name)
    walker = _Walker(LineBudget(name), _Styles(styles), name, Numbering(numbering, styles))
    lines = walker.blocks(body, 0)
    if not any(line.text.strip() for line in lines):
        raise no_text(name)
    return SourceDocument(name=name, kind=SourceKind.DOCX, lines=tuple(lines))


def _damaged(name: str) -> DocumentReadError:
    return DocumentReadError(
        f"Tệp Word \u201c{name}\u201d bị hỏng hoặc không đúng định dạng .docx nên không đọc "
        "được. Hãy mở thử bằng Word: nếu Word mở được, hãy Lưu thành (Save As) một tệp .docx "
        "mới rồi chọn tệp mới; nếu không, hãy xin cơ quan gửi lại tệp."
    )


def _bomb(name: str) -> DocumentReadError:
    return DocumentReadError(
        f"Tệp \u201c{name}\u201d có phần nén bất thường (quá nhiều phần, hoặc giải nén ra lớn "
        "bất thường so với tệp), giống một tệp cố ý làm treo máy, nên chương trình không mở. "
        "Hãy xin cơ quan gửi lại tệp."
    )


def _dtd(name: str) -> DocumentReadError:
    return DocumentReadError(
        f"Tệp \u201c{name}\u201d có khai báo DOCTYPE/ENTITY mà tệp Word thật không bao giờ có "
        "(có thể là tệp cố ý gây hại), nên chương trình không mở. Hãy xin cơ quan gửi lại tệp, "
        "hoặc mở bằng Word rồi Lưu thành một tệp .docx mới."
    )


def _password(name: str) -> DocumentReadError:
    return DocumentReadError(
        f"Tệp \u201c{name}\u201d có đặt mật khẩu nên không đọc được. Hãy mở bằng Word, "
        "bỏ mật khẩu rồi lưu lại, hoặc xin cơ quan gửi bản không đặt mật khẩu."
    )


def _refused(refusal: ZipRefusedError, name: str) -> DocumentReadError:
    """The clerk's message for a zip :class:`SafeZip` refused."""
    match refusal.reason:
        case Refusal.DAMAGED | Refusal.UNSAFE_NAME | Refusal.DUPLICATE_NAME:
            return _damaged(name)
        case Refusal.ENCRYPTED:
            return _password(name)
        case (
            Refusal.TOO_MANY_ENTRIES
            | Refusal.ENTRY_TOO_BIG
            | Refusal.ENTRY_RATIO
            | Refusal.TOTAL_TOO_BIG
            | Refusal.ARCHIVE_RATIO
        ):
            return _bomb(name)


def _check_package(data: bytes, name: str) -> None:
    """Refuse what is not a Word file, any bomb, and any DTD, before anything is parsed."""
    try:
        with SafeZip(data, _ZIP_LIMITS) as archive:
            _check_kind(archive, name)
            for entry in archive.entries:
                if not entry.is_dir():
                    xml = entry.filename.lower().endswith((".xml", ".rels"))
                    archive.scan(entry, _DtdScan(name) if xml else None)
    except ZipRefusedError as refusal:
        raise _refused(refusal, name) from refusal


def _check_kind(archive: SafeZip, name: str) -> None:
    names = archive.names
    if any(n.startswith("word/") for n in names):
        return
    kind = "zip"
    if "mimetype" in names and archive.info("mimetype").file_size < 200:
        mimetype = archive.read("mimetype").decode("ascii", "replace")
        kind = "odt" if mimetype.endswith("opendocument.text") else "odf"
    elif any(n.startswith("xl/") for n in names):
        kind = "xlsx"
    elif any(n.startswith("ppt/") for n in names):
        kind = "pptx"
    raise DocumentReadError(_OTHER_ZIPS[kind].format(name=name))


_OTHER_ZIPS = {
    "odt": (
        "Tệp \u201c{name}\u201d là văn bản OpenDocument (.odt). Hãy mở tệp bằng LibreOffice "
        "Writer hoặc Word, Lưu thành (Save As) kiểu Word (.docx), rồi chọn tệp .docx vừa lưu."
    ),
    "odf": (
        "Tệp \u201c{name}\u201d là tệp OpenDocument (bảng tính hoặc trình chiếu), không phải văn "
        "bản kế hoạch. Hãy chọn tệp kế hoạch dạng Word (.docx), PDF hoặc văn bản (.txt)."
    ),
    "xlsx": (
        "Tệp \u201c{name}\u201d là bảng tính Excel, không phải văn bản kế hoạch. Hãy chọn tệp kế "
        "hoạch dạng Word (.docx), PDF hoặc văn bản (.txt)."
    ),
    "pptx": (
        "Tệp \u201c{name}\u201d là bài trình chiếu PowerPoint, không phải văn bản kế hoạch. Hãy "
        "chọn tệp kế hoạch dạng Word (.docx), PDF hoặc văn bản (.txt)."
    ),
    "zip": (
        "Tệp \u201c{name}\u201d là tệp nén (.zip), không phải tệp Word. Nếu kế hoạch nằm trong "
        "đó, hãy giải nén rồi chọn tệp kế hoạch ở bên trong."
    ),
}


class _DtdScan:
    """Looks for a DOCTYPE or ENTITY in an XML part as it is read, chunk by chunk.

    Only XML parts are searched: an SVG picture may legitimately carry a DOCTYPE. A part
    parsed as XML under another name is caught after parsing (see ``_parse``).
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.tail = b""

    def __call__(self, chunk: bytes) -> None:
        window = self.tail + chunk
        if b"<" in window and any(mark in window for mark in _DTD_MARKS):
            raise _dtd(self.name)
        self.tail = window[-_OVERLAP:]


def _parse(data: bytes, name: str) -> tuple[Any, Any, Any]:
    """python-docx's parsed body, styles and numbering elements (lxml), checked for DTDs."""
    import docx  # noqa: F401, PLC0415  # registers python-docx's part classes; slow to import
    from docx.opc.part import PartFactory, XmlPart  # noqa: PLC0415
    from docx.package import Package  # noqa: PLC0415
    from docx.parts.document import DocumentPart  # noqa: PLC0415

    for content_type in _WORD_TYPES:  # .docm, .dotx, .dotm hold the same XML as a .docx
        PartFactory.part_type_for.setdefault(content_type, DocumentPart)
    try:
        package = Package.open(io.BytesIO(data))
        for part in package.iter_parts():
            if isinstance(part, XmlPart) and part.element.getroottree().docinfo.doctype:
                raise _dtd(name)
        main = package.main_document_part
        if not isinstance(main, DocumentPart):
            raise _damaged(name)
        body = main.element.body
        styles = main.styles.element
        numbering = main.numbering_part.element
    except DocumentReadError:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on broken files
        raise _damaged(name) from exc
    if body is None:
        raise _damaged(name)
    return body, styles, numbering


def _on(element: Any) -> bool:
    """A toggle property (w:b, w:vanish): present and not switched off by w:val."""
    return str(element.get(W_VAL, "1")).lower() not in _FALSE


class _Styles:
    """Whether a paragraph or character style makes its text bold (following w:basedOn)."""

    def __init__(self, element: Any) -> None:
        self._by_id: dict[str, Any] = {}
        self._cache: dict[str, bool | None] = {}
        self.default_paragraph = ""
        self.default_bold = False
        if element is None:
            return
        for style in element.iterchildren(_w("style")):
            style_id = style.get(_w("styleId"))
            if style_id is None:
                continue
            self._by_id.setdefault(style_id, style)
            if style.get(_w("type")) == "paragraph" and _on_default(style):
                self.default_paragraph = self.default_paragraph or style_id
        bold = element.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}/{_w('b')}")
        self.default_bold = bold is not None and _on(bold)

    def bold(self, style_id: str) -> bool | None:
        """The style's own or inherited bold, or None when no style in its chain says."""
        if style_id in self._cache:
            return self._cache[style_id]
        seen: set[str] = set()
        found: bool | None = None
        current: str | None = style_id
        while current and current not in seen and current in self._by_id:
            seen.add(current)
            style = self._by_id[current]
            mark = style.find(f"{_w('rPr')}/{_w('b')}")
            if mark is not None:
                found = _on(mark)
                break
            based = style.find(_w("basedOn"))
            current = None if based is None else based.get(W_VAL)
        self._cache[style_id] = found
        return found


def _hidden(properties: Any) -> bool:
    """A run's properties (w:rPr) hide its text (w:vanish)."""
    mark = properties.find(_w("vanish"))
    return mark is not None and _on(mark)


def _on_default(style: Any) -> bool:
    return str(style.get(_w("default"), "0")).lower() in {"1", "true", "on"}


@dataclass
class _Piece:
    """Text of one line of a paragraph as it is assembled, run by run."""

    texts: list[str] = field(default_factory=list)
    bold: bool = True  # every run with visible text so far is bold
    inked: bool = False  # some run had visible text


@dataclass(frozen=True)
class _Cell:
    column: int
    lines: tuple[SourceLine, ...]
    continued: bool  # the lower part of a cell merged down
    span: int = 1  # grid columns it covers (merged across)

    @property
    def text(self) -> str:
        words = " ".join(line.text.replace("\t", " ").strip() for line in self.lines)
        return " ".join(words.split())


_TT = re.compile(r"s?tt\.?", re.IGNORECASE)


class _Walker:
    """Turns the body's XML into lines."""

    def __init__(
        self, budget: LineBudget, styles: _Styles, name: str, numbering: Numbering
    ) -> None:
        self.budget = budget
        self.styles = styles
        self.name = name
        self.numbering = numbering

    def _line(self, text: str, *, bold: bool = False, cells: tuple[str, ...] = ()) -> SourceLine:
        text = unicodedata.normalize("NFC", text)
        self.budget.spend(text)
        return SourceLine(text, bold=bold and bool(text.strip()), cells=cells)

    def _deeper(self, depth: int) -> int:
        if depth >= MAX_NESTING:
            raise DocumentReadError(
                f"Tệp Word \u201c{self.name}\u201d có bảng hoặc khung chữ lồng vào nhau quá sâu "
                f"(hơn {MAX_NESTING} tầng), có thể là tệp cố ý gây lỗi. Hãy mở bằng Word, chép "
                "phần kế hoạch sang tệp mới rồi chọn tệp đó."
            )
        return depth + 1

    def blocks(self, container: Any, depth: int) -> list[SourceLine]:
        """The lines of a body, cell or text box: its paragraphs and tables in order."""
        lines: list[SourceLine] = []
        for child in container.iterchildren():
            tag = child.tag
            if tag == W_P:
                lines.extend(self.paragraph(child, depth))
            elif tag == W_TBL:
                lines.extend(self.table(child, self._deeper(depth)))
            elif tag == W_SDT:
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    lines.extend(self.blocks(content, depth))
            elif tag in _BLOCK_WRAPPERS:
                lines.extend(self.blocks(child, depth))
            elif tag == MC_ALTERNATE:
                chosen = _chosen(child)
                if chosen is not None:
                    lines.extend(self.blocks(chosen, depth))
        return lines

    # -- paragraphs ----------------------------------------------------------------------

    def paragraph(self, p: Any, depth: int) -> list[SourceLine]:
        """One line per soft line break, then the lines of the paragraph's text boxes."""
        style = p.find(f"{_w('pPr')}/{_w('pStyle')}")
        style_id = (style.get(W_VAL) if style is not None else None) or (
            self.styles.default_paragraph
        )
        paragraph_bold = self.styles.bold(style_id) if style_id else None
        if paragraph_bold is None:
            paragraph_bold = self.styles.default_bold
        pieces = [_Piece()]
        boxes: list[Any] = []
        self._inline(p, paragraph_bold, pieces, boxes)
        # Word draws the number of an automatically numbered paragraph; the text lacks it.
        label = self.numbering.label(p, style.get(W_VAL) if style is not None else None)
        if label and any(piece.texts for piece in pieces):
            first = next(piece for piece in pieces if piece.texts)
            first.texts.insert(0, f"{label} ")
        lines = [
            self._line("".join(piece.texts).rstrip(), bold=piece.bold and piece.inked)
            for piece in pieces
        ]
        for box in boxes:
            lines.extend(self.blocks(box, self._deeper(depth)))
        return lines

    def _inline(self, element: Any, bold: bool, pieces: list[_Piece], boxes: list[Any]) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _HIDDEN or tag == MC_FALLBACK:
                continue
            if tag == W_R:
                self._run(child, bold, pieces, boxes)
            elif tag == W_TXBX:
                boxes.append(child)
            elif tag == MC_ALTERNATE:
                chosen = _chosen(child)
                if chosen is not None:
                    self._inline(chosen, bold, pieces, boxes)
            else:  # hyperlinks, insertions, fields, content controls, smart tags, ...
                self._inline(child, bold, pieces, boxes)

    def _run(self, run: Any, paragraph_bold: bool, pieces: list[_Piece], boxes: list[Any]) -> None:
        properties = run.find(_w("rPr"))
        if properties is not None and _hidden(properties):
            return
        bold = self._run_bold(properties)
        if bold is None:
            bold = paragraph_bold
        for child in run.iterchildren():
            tag = child.tag
            if tag == W_T:
                text = child.text or ""
                piece = pieces[-1]
                piece.texts.append(text)
                if text.strip():
                    piece.inked = True
                    piece.bold = piece.bold and bold
            elif tag in _TAB:
                pieces[-1].texts.append("\t")
            elif tag in _BREAK:
                pieces.append(_Piece())
            elif tag == _w("noBreakHyphen"):
                pieces[-1].texts.append("-")
            elif isinstance(tag, str) and tag not in _HIDDEN:
                boxes.extend(_text_boxes(child))  # w:drawing, w:pict, mc:AlternateContent

    def _run_bold(self, properties: Any) -> bool | None:
        """The run's own bold (w:b, else its character style), or None when it says nothing."""
        if properties is None:
            return None
        mark = properties.find(_w("b"))
        if mark is not None:
            return _on(mark)
        style = properties.find(_w("rStyle"))
        if style is not None and style.get(W_VAL):
            return self.styles.bold(str(style.get(W_VAL)))
        return None

    # -- tables --------------------------------------------------------------------------

    def table(self, tbl: Any, depth: int) -> list[SourceLine]:
        """A data table row by row, or a layout table column by column."""
        rows = [self._row(tr, depth) for tr in _children(tbl, W_TR)]
        if _is_data_table(rows):
            return self._data_rows(rows)
        return self._layout_columns(rows)

    def _row(self, tr: Any, depth: int) -> list[_Cell]:
        column = _int_property(tr.find(f"{_w('trPr')}/{_w('gridBefore')}"), 0, low=0)
        cells: list[_Cell] = []
        for tc in _children(tr, W_TC):
            properties = tc.find(_w("tcPr"))
            span, merge = 1, None
            if properties is not None:
                span = _int_property(properties.find(_w("gridSpan")), 1, low=1)
                merge = properties.find(_w("vMerge"))
            continued = merge is not None and merge.get(W_VAL, "continue") == "continue"
            lines = () if continued else tuple(self.blocks(tc, depth))
            cells.append(_Cell(column, lines, continued, span))
            column += span
        return cells

    def _data_rows(self, rows: list[list[_Cell]]) -> list[SourceLine]:
        lines: list[SourceLine] = []
        above: dict[int, _Cell] = {}  # the cell last seen starting at each grid column
        for row in rows:
            texts: list[str] = []
            bold = True
            for cell in row:
                shown = above.get(cell.column, cell) if cell.continued else cell
                if not cell.continued:
                    above[cell.column] = cell
                texts.append(shown.text)
                if len(row) > 1:
                    # Keep the grid, so that a header cell merged over two columns ("Đơn vị
                    # thực hiện" over "Chủ trì | Phối hợp") leaves the columns where they are.
                    texts.extend([""] * (cell.span - 1))
                inked = [line for line in shown.lines if line.text.strip()]
                bold = bold and all(line.bold for line in inked)
            if not any(texts):
                continue
            cells = tuple(texts)
            lines.append(self._line("\t".join(cells), bold=bold, cells=cells))
        return lines

    def _layout_columns(self, rows: list[list[_Cell]]) -> list[SourceLine]:
        columns: dict[int, list[SourceLine]] = {}
        for row in rows:
            for cell in row:
                if not cell.continued:
                    columns.setdefault(cell.column, []).extend(cell.lines)
        lines: list[SourceLine] = []
        for column in sorted(columns):
            if lines and any(line.text.strip() for line in columns[column]):
                lines.append(self._line(""))
            lines.extend(columns[column])
        return lines


def _is_data_table(rows: list[list[_Cell]]) -> bool:
    if any(sum(1 for cell in row if cell.text) >= 3 for row in rows):
        return True
    first = rows[0][0].text if rows and rows[0] else ""
    return _TT.fullmatch(first) is not None


def _children(parent: Any, tag: str) -> Iterator[Any]:
    """``parent``'s ``tag`` children, also those wrapped in content controls."""
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == W_CUSTOM_XML:
            yield from _children(child, tag)


def _int_property(element: Any, default: int, *, low: int) -> int:
    """An integer w:val (grid spans), kept between ``low`` and 64 whatever the file says."""
    if element is None:
        return default
    try:
        return max(low, min(int(str(element.get(W_VAL))), 64))
    except ValueError:
        return default


def _chosen(alternate: Any) -> Any:
    """The branch of an mc:AlternateContent that is read: its first Choice, else Fallback."""
    choice = alternate.find(MC_CHOICE)
    return choice if choice is not None else alternate.find(MC_FALLBACK)


def _text_boxes(element: Any) -> list[Any]:
    """The w:txbxContent elements inside a drawing, not counting the fallback copies."""
    found: list[Any] = []
    for child in element.iterchildren():
        tag = child.tag
        if tag == W_TXBX:
            found.append(child)
        elif tag == MC_ALTERNATE:
            chosen = _chosen(child)
            if chosen is not None:
                found.extend(_text_boxes(chosen))
        elif isinstance(tag, str) and tag != MC_FALLBACK:
            found.extend(_text_boxes(child))
    return found


__all__ = ["read_docx"]
