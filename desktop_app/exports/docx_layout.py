"""Building blocks for official Word documents, state and Party.

State documents follow Nghị định 30/2020/NĐ-CP, Phụ lục I; Party ones Hướng dẫn 36-HD/VPTW
before 27/5/2026 and Hướng dẫn 05-HD/VPTW from that day.

A4 page and margins, Times New Roman in every font slot, the two-column header (issuing body
and Quốc hiệu or "ĐẢNG CỘNG SẢN VIỆT NAM" with their rules), the title, page numbers from
page 2, and the Nơi nhận and signature block. Every size, margin and style comes from the
guide's row of ``domain.guides.GUIDE_RULES``; nothing here asks which guide it is.

python-docx has no API for fields, paragraph borders, row flags or the east-Asian font slot,
so the few raw-OXML pieces live here, each inserted in the order the schema wants (Word
rejects a file whose elements are out of order; LibreOffice does not care).
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from copy import deepcopy
from pathlib import Path
from typing import Protocol, assert_never

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Emu, Length, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from desktop_app import APP_NAME, __version__
from desktop_app.domain.guides import GUIDE_RULES, Guide, GuideRules, SubjectRule
from desktop_app.domain.record_rules import FLAG_PREFIX, SHOWN_PROBLEMS, flag_text
from desktop_app.exports.text_metrics import text_width_pt
from desktop_app.paths import resource_path

FONT_NAME = "Times New Roman"
LANGUAGE = "vi-VN"

A4_WIDTH = Mm(210)
A4_HEIGHT = Mm(297)
SIZE_BODY = 14  # the Normal style's size when the guide has not set one

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_HEAD = "Nơi nhận:"
COPIES_HEAD = "Đồng kính gửi:"
PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"


STATE = GUIDE_RULES[Guide.ND30]

CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY

_SIGNATURE_SPACE = Pt(72)  # about four blank lines for the hand signature and the seal
_RULE_WEIGHT = 6  # eighths of a point: a 0.75 pt solid line

# Children of w:pPr that must come after w:pBdr.
_PPR_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_TBLPR_AFTER_BORDERS = (
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)
_TBLPR_AFTER_CELL_MARGINS = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
_TRPR_AFTER_CANT_SPLIT = (
    "w:trHeight",
    "w:tblHeader",
    "w:tblCellSpacing",
    "w:jc",
    "w:hidden",
    "w:ins",
    "w:del",
    "w:trPrChange",
)
_TRPR_AFTER_TBL_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")


class ParagraphContainer(Protocol):
    """Anything paragraphs can be appended to: the document, a table cell, a header."""

    def add_paragraph(
        self, text: str = "", style: str | ParagraphStyle | None = None
    ) -> Paragraph: ...


# Characters XML 1.0 cannot hold (python-docx refuses them); pasted text sometimes has them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def nfc(text: str) -> str:
    """The text in composed form, without characters a .docx cannot hold.

    NFD input (Unikey "tổ hợp") renders badly in Word; control characters pasted from other
    programs would make the file unreadable.
    """
    return _NOT_XML.sub("", unicodedata.normalize("NFC", text))


# --- document and page -------------------------------------------------------------------


TEMPLATE = resource_path("templates", "a4-times-new-roman.docx")


def new_document(
    *, landscape: bool = False, rules: GuideRules = STATE, two_sided: bool = False
) -> Document:
    """A new document from our base template: A4, the guide's margins, Times New Roman.

    Args:
        landscape: A4 landscape (allowed for documents holding wide tables).
        rules: the guide's row of ``GUIDE_RULES``; its body size becomes the Normal style's.
        two_sided: printed on both sides of the sheet: where the guide says so (HD 05,
            IV.4.2), the margins mirror on the back so the wide one stays on the binding side.
    """
    document = docx.Document(str(TEMPLATE))
    set_page(document.sections[0], rules, landscape=landscape)
    normal = document.styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    normal.font.size = Pt(rules.body)
    _current_word_settings(document, mirror=two_sided and rules.mirror_when_two_sided)
    stamp_properties(document)
    return document


def _current_word_settings(document: Document, *, mirror: bool) -> None:
    """Word 2013+ compatibility (no "Compatibility Mode" bar) and the mirror-margins flag."""
    settings = document.settings.element
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    old = settings.find(qn("w:mirrorMargins"))
    if old is not None:
        settings.remove(old)
    if mirror:
        # w:mirrorMargins sits near the top of CT_Settings, before w:defaultTabStop.
        flag = OxmlElement("w:mirrorMargins")
        anchor = settings.find(qn("w:defaultTabStop"))
        if anchor is not None:
            anchor.addprevious(flag)
        else:
            settings.insert(0, flag)


def stamp_properties(document: Document, now: dt.datetime | None = None) -> None:
    """The file's own properties: made now, by this program (not the template's).

    The template carries a frozen date and the name of the program its base was made with;
    Word's File > Info shows both.
    """
    moment = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0, tzinfo=None)
    properties = document.core_properties
    properties.created = properties.modified = moment
    properties.last_modified_by = ""
    properties.revision = 1
    package = document.part.package
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            blob = part.blob.decode("utf-8")
            blob = re.sub(
                r"<Application>.*?</Application>",
                f"<Application>{APP_NAME} {__version__}</Application>",
                blob,
            )
            blob = re.sub(r"<Template>.*?</Template>", "<Template></Template>", blob)
            part._blob = blob.encode("utf-8")  # a plain Part keeps its bytes in _blob


def build_template(path: Path) -> None:
    """Write the base template (``python -m scripts.make_docx_template`` calls this).

    python-docx's default made A4 with the decree's margins, Times New Roman in every font
    slot of every style, Vietnamese as the language, and a Normal style with no spacing.
    """
    document = docx.Document()
    set_page(document.sections[0], STATE)
    _use_font_everywhere(document, SIZE_BODY)
    normal = document.styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    properties = document.core_properties
    properties.author = ""
    properties.title = ""
    properties.comments = ""
    properties.last_modified_by = ""
    properties.revision = 1
    properties.created = properties.modified = dt.datetime(2026, 1, 1)
    document.save(str(path))


def set_page(section: Section, rules: GuideRules, *, landscape: bool = False) -> None:
    """A4 portrait or landscape with the guide's margins (left stays the binding side).

    Where the guide fixes where the page number sits (HD 05: 10 mm from the top edge), the
    header distance is set to it.
    """
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    # python-docx does not swap the sizes when the orientation changes.
    section.page_width, section.page_height = (
        (A4_HEIGHT, A4_WIDTH) if landscape else (A4_WIDTH, A4_HEIGHT)
    )
    section.top_margin = Mm(rules.margin_top)
    section.bottom_margin = Mm(rules.margin_bottom)
    section.left_margin = Mm(rules.margin_left)
    section.right_margin = Mm(rules.margin_right)
    if rules.header_distance is not None:
        section.header_distance = Mm(rules.header_distance)


def text_width(section: Section) -> Length:
    """The width between the left and right margins."""
    width, left, right = section.page_width, section.left_margin, section.right_margin
    assert width is not None
    assert left is not None
    assert right is not None
    return Emu(width - left - right)


def _use_font_everywhere(document: Document, body_size: int) -> None:
    # Theme attributes (asciiTheme="minorHAnsi", ...) override an explicit name, and
    # font.name sets only ascii/hAnsi: set all four slots and drop the theme ones.
    styles = document.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        _set_font_slots(fonts)
    normal = document.styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    normal.font.name = FONT_NAME
    normal.font.size = Pt(body_size)
    fonts = normal.element.get_or_add_rPr().find(qn("w:rFonts"))
    if fonts is not None:
        _set_font_slots(fonts)
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = None if defaults is None else defaults.find(qn("w:rPrDefault"))
    rpr = None if run_defaults is None else run_defaults.find(qn("w:rPr"))
    if rpr is not None:
        language = rpr.find(qn("w:lang"))
        if language is None:
            language = OxmlElement("w:lang")
            rpr.append(language)
        language.set(qn("w:val"), LANGUAGE)


def _set_font_slots(fonts: BaseOxmlElement) -> None:
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT_NAME)
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{theme}"), None)


def page_numbers_from_second_page(section: Section, rules: GuideRules = STATE) -> None:
    """Arabic page number centred at the top, in the guide's size, not shown on page 1."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    add_field(paragraph, "PAGE", size=rules.page_number)


def add_field(paragraph: Paragraph, instruction: str, *, size: int, placeholder: str = "1") -> None:
    """A Word field ("PAGE", "NUMPAGES") whose cached result is ``placeholder``."""

    def field_char(kind: str) -> None:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        _sized_run(paragraph, "", size)._r.append(char)

    field_char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    _sized_run(paragraph, "", size)._r.append(code)
    field_char("separate")
    _sized_run(paragraph, placeholder, size)
    field_char("end")


# --- text ----------------------------------------------------------------------------------


# A flag runs to its closing bracket; a quoted stored value inside it may hold brackets.
_FLAG = re.compile(re.escape(FLAG_PREFIX) + r"(?:“[^”]*”|[^\]“])*\]", re.IGNORECASE)


def highlight_flags(document: Document) -> int:
    """Mark every flag of bad data in the body: bold, red on yellow, its own run.

    A clerk must not miss on paper a value the program printed flagged (see
    ``domain.record_rules.flag_text``); a plain run in the body's text would pass for part
    of it. Returns how many flags were marked.
    """
    marked = 0
    for run in list(document.element.body.iter(qn("w:r"))):
        texts = run.findall(qn("w:t"))
        if len(texts) != 1 or len(run) > 2 or not _FLAG.search(texts[0].text or ""):
            continue
        text = texts[0].text or ""
        pieces: list[tuple[str, bool]] = []
        at = 0
        for found in _FLAG.finditer(text):
            pieces += [(text[at : found.start()], False), (found.group(), True)]
            at = found.end()
        pieces.append((text[at:], False))
        for piece, flagged in (p for p in pieces if p[0]):
            new = _copy_run(run, piece)
            if flagged:
                _flag_look(new)
                marked += 1
            run.addprevious(new)
        run.getparent().remove(run)
    return marked


def flag_problems(document: Document, problems: Sequence[str]) -> None:
    """Name above everything the bad stored values a document was written from.

    Each is flagged where its record prints, when it prints: a task's words may print from
    its section's text, a decision prints no task. Lines above the header name them all,
    highlighted, so the copy cannot pass for clean and the clerk knows what to fix.
    """
    lines = [
        f"văn bản này được in từ dữ liệu có {len(problems)} chỗ sai; hãy chạy Kiểm tra dữ "
        "liệu, sửa rồi xuất lại trước khi in, ký",
        *problems[:SHOWN_PROBLEMS],
    ]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"… và {len(problems) - SHOWN_PROBLEMS} chỗ khác")
    for line in reversed(lines):
        paragraph = document.add_paragraph()
        _flag_look(paragraph.add_run(flag_text([line]))._r)
        document.element.body.insert(0, paragraph._p)


def _copy_run(run: BaseOxmlElement, text: str) -> BaseOxmlElement:
    new = OxmlElement("w:r")
    properties = run.find(qn("w:rPr"))
    if properties is not None:
        new.append(deepcopy(properties))
    piece = OxmlElement("w:t")
    piece.text = text
    piece.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    new.append(piece)
    return new


# The order the schema gives a run's properties (CT_RPr): Word rejects any other.
_RUN_PROPERTY_ORDER = tuple(
    qn(f"w:{tag}")
    for tag in [
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ]
)


def _flag_look(run: BaseOxmlElement) -> None:
    """Bold, dark red, highlighted yellow, each property where the schema orders it."""
    properties = run.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run.insert(0, properties)
    for tag, value in (("w:b", None), ("w:color", "C00000"), ("w:highlight", "yellow")):
        for old in properties.findall(qn(tag)):
            properties.remove(old)
        element = OxmlElement(tag)
        if value is not None:
            element.set(qn("w:val"), value)
        rank = _RUN_PROPERTY_ORDER.index(qn(tag))
        later = [
            child
            for child in properties
            if child.tag in _RUN_PROPERTY_ORDER and _RUN_PROPERTY_ORDER.index(child.tag) > rank
        ]
        if later:
            later[0].addprevious(element)
        else:
            properties.append(element)


def style_run(run: Run, *, size: float, bold: bool = False, italic: bool = False) -> Run:
    """Give a run its size and weight; the font comes from the Normal style."""
    run.font.size = Pt(size)
    run.font.bold = True if bold else None
    run.font.italic = True if italic else None
    return run


def _sized_run(paragraph: Paragraph, text: str, size: float) -> Run:
    return style_run(paragraph.add_run(text), size=size)


def format_paragraph(
    paragraph: Paragraph,
    *,
    align: WD_ALIGN_PARAGRAPH = CENTER,
    space_before: float = 0,
    space_after: float = 0,
    keep_with_next: bool = False,
) -> Paragraph:
    """Alignment, spacing in points, single line spacing."""
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    fmt.line_spacing = 1.0
    if keep_with_next:
        fmt.keep_with_next = True
    return paragraph


def add_text(
    container: ParagraphContainer,
    text: str,
    *,
    size: float = SIZE_BODY,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = CENTER,
    space_before: float = 0,
    space_after: float = 0,
    keep_with_next: bool = False,
) -> Paragraph:
    """Append one paragraph holding ``text`` in a single run."""
    paragraph = container.add_paragraph()
    if text:
        style_run(paragraph.add_run(nfc(text)), size=size, bold=bold, italic=italic)
    format_paragraph(
        paragraph,
        align=align,
        space_before=space_before,
        space_after=space_after,
        keep_with_next=keep_with_next,
    )
    return paragraph


def cell_paragraph(
    cell: _Cell,
    text: str,
    *,
    size: float = SIZE_BODY,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = CENTER,
    space_before: float = 0,
    space_after: float = 0,
    keep_with_next: bool = False,
) -> Paragraph:
    """Write ``text`` as the next paragraph of a table cell.

    A new cell already holds one empty paragraph; the first call fills it instead of leaving
    an empty line above the text.
    """
    paragraphs = cell.paragraphs
    blank = len(paragraphs) == 1 and not paragraphs[0].runs and not paragraphs[0].text
    paragraph: Paragraph = paragraphs[0] if blank else cell.add_paragraph()
    if text:
        style_run(paragraph.add_run(nfc(text)), size=size, bold=bold, italic=italic)
    format_paragraph(
        paragraph,
        align=align,
        space_before=space_before,
        space_after=space_after,
        keep_with_next=keep_with_next,
    )
    return paragraph


def estimated_text_width(text: str, size: float, *, bold: bool = False) -> Length:
    """How wide ``text`` prints on one line in Times New Roman (italic counted as upright)."""
    return Emu(round(Pt(text_width_pt(nfc(text), size, bold=bold))))


def rule_paragraph(
    container: ParagraphContainer,
    *,
    available: Length,
    length: Length,
    space_after: float = 6,
    space_before: float = 0,
) -> Paragraph:
    """An empty paragraph drawn as a centred solid line ``length`` long.

    The line is the paragraph's bottom border; the paragraph's indents shrink it to
    ``length`` inside ``available`` (the width of the cell or page it sits in). Its line
    height is an exact 3 pt: at 1 pt the line printed through the next line.
    """
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    side = Emu(max(0, (available - length) // 2))
    fmt.left_indent = side
    fmt.right_indent = side
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    fmt.line_spacing = Pt(3)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", str(_RULE_WEIGHT)), ("space", "1")):
        bottom.set(qn(f"w:{key}"), value)
    bottom.set(qn("w:color"), "auto")
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_PPR_AFTER_PBDR)
    return paragraph


# --- tables --------------------------------------------------------------------------------


def set_table_borders(table: Table, *, size: int | None = 4) -> None:
    """Solid borders ``size`` eighths of a point wide on every edge, or none when None."""
    properties = table._tbl.tblPr
    old = properties.find(qn("w:tblBorders"))
    if old is not None:
        properties.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        if size is None:
            line.set(qn("w:val"), "nil")
        else:
            for key, value in (("val", "single"), ("sz", str(size)), ("space", "0")):
                line.set(qn(f"w:{key}"), value)
            line.set(qn("w:color"), "auto")
        borders.append(line)
    properties.insert_element_before(borders, *_TBLPR_AFTER_BORDERS)


def set_cell_margins(table: Table, *, left: Length, right: Length) -> None:
    """The left and right padding inside every cell of the table."""
    properties = table._tbl.tblPr
    old = properties.find(qn("w:tblCellMar"))
    if old is not None:
        properties.remove(old)
    margins = OxmlElement("w:tblCellMar")
    for edge, width in (("left", left), ("right", right)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(width.twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties.insert_element_before(margins, *_TBLPR_AFTER_CELL_MARGINS)


def set_column_widths(table: Table, widths: Sequence[Length]) -> None:
    """Fixed column widths, written both where LibreOffice and where Word read them.

    LibreOffice reads ``w:gridCol`` and Word ``w:tcW``; with only one of them the other
    program drew equal columns.
    """
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    total = table._tbl.tblPr.find(qn("w:tblW"))
    if total is not None:
        total.set(qn("w:type"), "dxa")
        total.set(qn("w:w"), str(Emu(sum(widths)).twips))


def _row_flag(row: _Row, tag: str, successors: tuple[str, ...]) -> None:
    properties = row._tr.get_or_add_trPr()
    if properties.find(qn(tag)) is None:
        properties.insert_element_before(OxmlElement(tag), *successors)


def merge_vertically(cells: Sequence[_Cell]) -> _Cell:
    """Merge one column's cells of consecutive rows (top first); return the top cell.

    Write into the top cell; the others should be left empty, their content is hidden.
    Cheaper than ``_Cell.merge``, which rebuilds the whole table grid on every call.
    """
    if len(cells) > 1:
        cells[0]._tc.vMerge = "restart"
        for cell in cells[1:]:
            cell._tc.vMerge = "continue"
    return cells[0]


def repeat_as_header_row(row: _Row) -> None:
    """Print this row again at the top of every page the table continues on (w:tblHeader)."""
    _row_flag(row, "w:tblHeader", _TRPR_AFTER_TBL_HEADER)


def keep_row_on_one_page(row: _Row) -> None:
    """Never break this row across two pages (w:cantSplit)."""
    _row_flag(row, "w:cantSplit", _TRPR_AFTER_CANT_SPLIT)


def gap_after_table(document: Document, points: float = 1, *, keep_with_next: bool = False) -> None:
    """An empty paragraph ``points`` high when the body ends with a table.

    Two tables with nothing between them are read as one (LibreOffice joined the schedule
    table and the signature block); a paragraph keeps them apart. ``keep_with_next`` ties
    it to what follows (the signature block), so a table kept with it stays too.
    """
    last = document.element.body[-1]
    if last.tag == qn("w:sectPr"):
        last = last.getprevious()
    if last is not None and last.tag == qn("w:tbl"):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(0)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = Pt(points)
        if keep_with_next:
            paragraph.paragraph_format.keep_with_next = True


def _plain_table(document: Document, rows: int, widths: Sequence[Length]) -> Table:
    table: Table = document.add_table(rows=rows, cols=len(widths))
    set_table_borders(table, size=None)
    set_cell_margins(table, left=Emu(0), right=Emu(0))
    set_column_widths(table, widths)
    for row in table.rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    return table


# --- header, title, signature --------------------------------------------------------------


def _two_columns(document: Document, left_needs: Length, right_needs: Length) -> tuple[Emu, Emu]:
    """Left and right widths: the left at least 40 % of the line, the right fits its title."""
    total = text_width(document.sections[-1])
    left = max(left_needs + Mm(4), round(total * 0.4))
    left = min(left, total - right_needs - Mm(4))
    return Emu(left), Emu(total - left)


def official_header(  # noqa: PLR0917  # the header's parts, in the order they print
    document: Document,
    guide: Guide,
    issuer: str,
    parent: str,
    number_line: str,
    place_date: str,
) -> Table:
    """The state header (Quốc hiệu) under NĐ 30, the Party one ("*") under HD 36 and HD 05."""
    if guide is Guide.ND30:
        return state_header(document, issuer, parent, number_line, place_date)
    return party_header(document, GUIDE_RULES[guide], issuer, parent, number_line, place_date)


def state_header(
    document: Document, issuer: str, parent: str, number_line: str, place_date: str
) -> Table:
    """The header of a state document: a borderless two-column table.

    Left: the parent body (upper case, regular; left out when empty), the issuing body
    (upper case, bold), a centred rule 40 % of the issuing body's line, then the "Số:" line.
    Right: Quốc hiệu (bold), tiêu ngữ (bold) with a rule as long as itself, then the place
    and date in italics, level with the "Số:" line.

    Args:
        document: the document; the table goes at its end.
        issuer: "ỦY BAN NHÂN DÂN XÃ PHÚ LẠC" (printed in upper case).
        parent: the body above it, or "" (communes have no district above them since 2025).
        number_line: "Số: 12/KH-UBND" (see ``plans.document_number_line``).
        place_date: "Phú Lạc, ngày 02 tháng 12 năm 2025" (see ``plans.place_date_line``).
    """
    rules = STATE
    issuer, parent = nfc(issuer).upper(), nfc(parent).upper()
    issuer_width = estimated_text_width(issuer, rules.body_name, bold=True)
    left_needs = max(
        issuer_width,
        estimated_text_width(parent, rules.body_name),
        estimated_text_width(number_line, rules.number),
    )
    right_needs = estimated_text_width(NATIONAL_NAME, rules.header_name, bold=True)
    left_width, right_width = _two_columns(document, left_needs, right_needs)
    table = _plain_table(document, 2, (left_width, right_width))
    names, national = table.cell(0, 0), table.cell(0, 1)
    if parent.strip():
        cell_paragraph(names, parent, size=rules.body_name)
    cell_paragraph(names, issuer, size=rules.body_name, bold=True)
    issuer_line = min(issuer_width, left_width)
    rule_paragraph(names, available=left_width, length=Emu(round(issuer_line * 0.4)))
    cell_paragraph(national, NATIONAL_NAME, size=rules.header_name, bold=True)
    cell_paragraph(national, MOTTO, size=rules.motto, bold=True)
    motto_width = estimated_text_width(MOTTO, rules.motto, bold=True)
    rule_paragraph(national, available=right_width, length=motto_width)
    cell_paragraph(table.cell(1, 0), number_line, size=rules.number)
    cell_paragraph(table.cell(1, 1), place_date, size=rules.place_date, italic=True)
    return table


def party_header(  # noqa: PLR0917  # the header's parts, in the order they print
    document: Document,
    rules: GuideRules,
    issuer: str,
    parent: str,
    number_line: str,
    place_date: str,
) -> Table:
    """The header of a Party document: a borderless two-column table.

    Left: the body above ("ĐẢNG BỘ TỈNH X", upper case, regular; left out when empty), the
    issuing body ("ĐẢNG ỦY XÃ Y", upper case, bold), a star under it, then "Số 12-KH/ĐU".
    Right: "ĐẢNG CỘNG SẢN VIỆT NAM" (bold) with a rule as long as itself, then the place and
    date in italics, level with the "Số" line. A long name wraps in its cell.
    """
    issuer, parent = nfc(issuer).upper(), nfc(parent).upper()
    left_needs = max(
        estimated_text_width(issuer, rules.body_name, bold=True),
        estimated_text_width(parent, rules.body_name),
        estimated_text_width(number_line, rules.number),
    )
    total = text_width(document.sections[-1])
    right_needs = estimated_text_width(PARTY_NAME, rules.header_name, bold=True) + Mm(4)
    left_width = Emu(min(max(left_needs + Mm(4), round(total * 0.45)), total - right_needs))
    right_width = Emu(total - left_width)
    table = _plain_table(document, 2, (left_width, right_width))
    names, party = table.cell(0, 0), table.cell(0, 1)
    if parent.strip():
        cell_paragraph(names, parent, size=rules.body_name)
    cell_paragraph(names, issuer, size=rules.body_name, bold=True)
    cell_paragraph(names, "*", size=rules.body_name)
    cell_paragraph(party, PARTY_NAME, size=rules.header_name, bold=True)
    name_width = estimated_text_width(PARTY_NAME, rules.header_name, bold=True)
    rule_paragraph(party, available=right_width, length=min(name_width, right_width))
    cell_paragraph(table.cell(1, 0), number_line, size=rules.number)
    cell_paragraph(table.cell(1, 1), place_date, size=rules.place_date, italic=True)
    return table


def subject_separator(
    document: Document, rules: GuideRules, longest_line: Length, *, space_after: float = 12
) -> None:
    """What closes the title: a rule, or five hyphens.

    The rule is 40 % of the subject's longest line (NĐ 30, II.5); the hyphens are "-----"
    (HD 05, 5.2.1; the Party plans issued under HD 36 print them too).
    """
    match rules.subject_rule:
        case SubjectRule.DASHES:
            add_text(document, "-----", size=rules.subject, space_after=space_after)
        case SubjectRule.LINE:
            available = text_width(document.sections[-1])
            length = Emu(round(min(longest_line, available) * 0.4))
            rule_paragraph(
                document, available=available, length=length, space_before=4,
                space_after=space_after,
            )  # fmt: skip
        case unknown:
            assert_never(unknown)


def document_title(
    document: Document,
    kind: str,
    subject_lines: Sequence[str],
    *,
    rules: GuideRules = STATE,
    space_before: float = 12,
) -> None:
    """The document type ("KẾ HOẠCH", bold, upper case), its subject lines, the separator."""
    add_text(
        document,
        nfc(kind).upper(),
        size=rules.kind,
        bold=True,
        space_before=space_before,
        keep_with_next=True,
    )
    for line in subject_lines:
        add_text(document, line, size=rules.subject, bold=True, keep_with_next=True)
    longest = max(
        (estimated_text_width(line, rules.subject, bold=True) for line in subject_lines),
        default=estimated_text_width(kind.upper(), rules.kind, bold=True),
    )
    subject_separator(document, rules, longest)


def signature_block(
    document: Document,
    recipients: Sequence[str],
    authority: str,
    position: str,
    signer: str,
    *,
    space_before: float = 12,
    rules: GuideRules = STATE,
    copies: Sequence[str] = (),
) -> Table:
    """The bottom block: "Nơi nhận:" and its list at left, the signature at right.

    The guide sets the look: state "Nơi nhận:" bold italic 12 with 11 pt lines; Party
    "Nơi nhận:" underlined 14 with 12 pt lines. Each line starts "- " (added when missing);
    the caller writes the closing ";", "," or "." and the archive line. ``copies`` go under
    "Đồng kính gửi:" after the list. At right the authority ("TM. ỦY BAN NHÂN DÂN", bold)
    and position ("CHỦ TỊCH"; not bold under HD 05) in upper case, room for the signature
    and seal, then the signer's name in bold. Empty parts are left out; the room for the
    signature is kept. The block never splits from itself across pages.
    """
    total = text_width(document.sections[-1])
    left_width = Emu(round(total * 0.45))
    gap_after_table(document, keep_with_next=True)
    table = _plain_table(document, 1, (left_width, Emu(total - left_width)))
    keep_row_on_one_page(table.rows[0])
    sent, signed = table.cell(0, 0), table.cell(0, 1)
    for head, lines, before in (
        (RECIPIENTS_HEAD, recipients, space_before),
        (COPIES_HEAD, copies, 6),
    ):
        if not lines:
            continue
        paragraph = cell_paragraph(sent, "", align=LEFT, space_before=before)
        run = style_run(
            paragraph.add_run(head),
            size=rules.recipients_head,
            bold=rules.recipients_head_bold,
            italic=rules.recipients_head_italic,
        )
        if rules.recipients_head_underline:
            run.font.underline = True
        for recipient in lines:
            line = recipient.strip()
            line = line if line.startswith("-") else f"- {line}"
            cell_paragraph(sent, line, size=rules.recipients, align=LEFT)
    heads = [
        (text, bold)
        for text, bold in ((authority, rules.authority_bold), (position, rules.position_bold))
        if text.strip()
    ]
    for index, (text, bold) in enumerate(heads):
        cell_paragraph(
            signed,
            nfc(text).upper(),
            size=rules.signature,
            bold=bold,
            space_before=space_before if index == 0 else 0,
        )
    cell_paragraph(
        signed,
        signer,
        size=rules.signature,
        bold=rules.name_bold,
        space_before=_SIGNATURE_SPACE.pt + (0 if heads else space_before),
    )
    return table
