"""Reading plan documents: Word, PDF and text files come out as the same kind of lines."""

import codecs
import re
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml import parse_xml
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.plans import Plan
from desktop_app.exports.plan_document import build_plan, save
from desktop_app.imports.document_reader import (
    DocumentReadError,
    SourceDocument,
    SourceLine,
    read_document,
    read_text,
)
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PDF_FIXTURE = FIXTURES / "plan_huyen_uy.pdf"  # the huyen_uy sample, exported, by LibreOffice

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT_BOX = f"""
<w:r xmlns:w="{W_NS}"
     xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
     xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
     xmlns:v="urn:schemas-microsoft-com:vml">
  <mc:AlternateContent>
    <mc:Choice Requires="wps">
      <w:drawing><wps:wsp><wps:txbx><w:txbxContent>
        <w:p><w:r><w:rPr><w:b/></w:rPr><w:t>ĐẢNG BỘ XÃ PHÚ LẠC</w:t></w:r></w:p>
        <w:p><w:r><w:t>Chi bộ Xóm 1</w:t></w:r></w:p>
      </w:txbxContent></wps:txbx></wps:wsp></w:drawing>
    </mc:Choice>
    <mc:Fallback>
      <w:pict><v:shape><v:textbox><w:txbxContent>
        <w:p><w:r><w:t>ĐẢNG BỘ XÃ PHÚ LẠC</w:t></w:r></w:p>
        <w:p><w:r><w:t>Chi bộ Xóm 1</w:t></w:r></w:p>
      </w:txbxContent></v:textbox></v:shape></w:pict>
    </mc:Fallback>
  </mc:AlternateContent>
</w:r>
"""
REVISIONS = f"""
<w:p xmlns:w="{W_NS}">
  <w:r><w:t xml:space="preserve">Giao Công an xã</w:t></w:r>
  <w:r><w:rPr><w:vanish/></w:rPr><w:t> (ghi chú ẩn)</w:t></w:r>
  <w:del w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z">
    <w:r><w:delText> và Quân sự</w:delText></w:r>
  </w:del>
  <w:ins w:id="2" w:author="A" w:date="2026-01-01T00:00:00Z">
    <w:r><w:t xml:space="preserve"> chủ trì</w:t></w:r>
  </w:ins>
  <w:hyperlink><w:r><w:t>, thực hiện</w:t></w:r></w:hyperlink>
</w:p>
"""
CONTENT_CONTROL = f"""
<w:sdt xmlns:w="{W_NS}"><w:sdtPr><w:alias w:val="Ghi chú"/></w:sdtPr><w:sdtContent>
  <w:p><w:r><w:t>Trong ô nhập liệu</w:t></w:r></w:p>
</w:sdtContent></w:sdt>
"""


def _before_section_properties(document: Document, xml: str) -> None:
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(xml))


def build_test_docx(path: Path) -> Path:
    """A small plan with everything the reader must handle; see test_word_document."""
    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).paragraphs[0].add_run("ỦY BAN NHÂN DÂN XÃ PHÚ LẠC").bold = True
    header.cell(1, 0).paragraphs[0].add_run("Số: 12/KH-UBND")
    header.cell(0, 1).paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    header.cell(0, 1).add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    header.cell(1, 1).paragraphs[0].add_run("Phú Lạc, ngày 02 tháng 12 năm 2025")

    title = document.add_paragraph()
    first = title.add_run("KẾ HOẠCH")
    first.bold = True
    first.add_break()  # a soft line break: two lines
    title.add_run("Ra quân xây dựng nông thôn mới").bold = True
    anchor = document.add_paragraph("Đoạn có khung chữ")
    anchor._p.append(parse_xml(TEXT_BOX))
    document.add_heading("I. MỤC ĐÍCH, YÊU CẦU", level=1)  # bold through its style
    mixed = document.add_paragraph()
    mixed.add_run("1. Mục đích: ").bold = True
    mixed.add_run("huy động cả hệ thống chính trị.")
    _before_section_properties(document, REVISIONS)
    _before_section_properties(document, CONTENT_CONTROL)

    table = document.add_table(rows=5, cols=3)
    for row, values in enumerate(
        [
            ("TT", "Tên cơ quan, đơn vị", "Phụ trách xóm"),
            ("1", "Trạm y tế xã", "Xóm Soi"),
            ("2", "", "Xóm 6"),
            ("Khối trường học", "", ""),
            ("3", "Trường THCS\nTân Linh", "Xóm 13, 10"),
        ]
    ):
        for column, text in enumerate(values):
            if text:
                table.cell(row, column).text = text
    for cell in table.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True
    table.cell(1, 1).merge(table.cell(2, 1))  # "Trạm y tế xã" covers rows 1 and 2
    table.cell(3, 0).merge(table.cell(3, 2))  # a group heading across the table

    closing = document.add_table(rows=1, cols=2)
    left, right = closing.cell(0, 0), closing.cell(0, 1)
    left.paragraphs[0].add_run("Nơi nhận:").bold = True
    left.add_paragraph("- Như trên;")
    left.add_paragraph("- Lưu: VT.")
    right.paragraphs[0].add_run("TM. ỦY BAN NHÂN DÂN").bold = True
    right.add_paragraph("CHỦ TỊCH")
    right.add_table(rows=1, cols=1).cell(0, 0).text = "(Đã ký)"
    right.add_paragraph("Nguyễn Văn Thắng")
    document.add_paragraph("Hết.")
    document.sections[0].header.paragraphs[0].text = "Đầu trang: không đọc"
    document.sections[0].footer.paragraphs[0].text = "Chân trang: không đọc"
    document.save(str(path))
    return path


def _pairs(document: SourceDocument) -> list[tuple[str, bool]]:
    return [(line.text, line.bold) for line in document.lines]


def test_word_document(tmp_path: Path) -> None:
    document = read_document(build_test_docx(tmp_path / "kế hoạch.docx"))
    assert document.kind == "docx"
    assert document.name == "kế hoạch.docx"
    assert _pairs(document) == [
        # the header table, column by column
        ("ỦY BAN NHÂN DÂN XÃ PHÚ LẠC", True),
        ("Số: 12/KH-UBND", False),
        ("", False),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        ("Độc lập - Tự do - Hạnh phúc", True),
        ("Phú Lạc, ngày 02 tháng 12 năm 2025", False),
        ("KẾ HOẠCH", True),
        ("Ra quân xây dựng nông thôn mới", True),
        ("Đoạn có khung chữ", False),
        # the text box, once, after its paragraph
        ("ĐẢNG BỘ XÃ PHÚ LẠC", True),
        ("Chi bộ Xóm 1", False),
        ("I. MỤC ĐÍCH, YÊU CẦU", True),
        ("1. Mục đích: huy động cả hệ thống chính trị.", False),
        ("Giao Công an xã chủ trì, thực hiện", False),
        ("Trong ô nhập liệu", False),
        ("TT\tTên cơ quan, đơn vị\tPhụ trách xóm", True),
        ("1\tTrạm y tế xã\tXóm Soi", False),
        ("2\tTrạm y tế xã\tXóm 6", False),
        ("Khối trường học", False),
        ("3\tTrường THCS Tân Linh\tXóm 13, 10", False),
        # Nơi nhận, then the signature column with its nested table
        ("Nơi nhận:", True),
        ("- Như trên;", False),
        ("- Lưu: VT.", False),
        ("", False),
        ("TM. ỦY BAN NHÂN DÂN", True),
        ("CHỦ TỊCH", False),
        ("(Đã ký)", False),
        ("", False),  # python-docx ends a cell with a paragraph after a nested table
        ("Nguyễn Văn Thắng", False),
        ("Hết.", False),
    ]
    rows = [line.cells for line in document.lines if line.cells]
    assert rows == [
        ("TT", "Tên cơ quan, đơn vị", "Phụ trách xóm"),
        ("1", "Trạm y tế xã", "Xóm Soi"),
        ("2", "Trạm y tế xã", "Xóm 6"),
        ("Khối trường học",),  # merged across: one cell, not three
        ("3", "Trường THCS Tân Linh", "Xóm 13, 10"),
    ]


def test_macro_enabled_documents_and_templates_are_word_too(tmp_path: Path) -> None:
    source = build_test_docx(tmp_path / "plain.docx")
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    main = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        main, b"application/vnd.ms-word.document.macroEnabled.main+xml"
    )
    with zipfile.ZipFile(tmp_path / "macro.docm", "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert read_document(tmp_path / "macro.docm").lines == read_document(source).lines


def test_a_two_column_table_headed_tt_is_data(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    for row, values in enumerate([("STT", "Xóm"), ("1", "Xóm Soi"), ("2", "Xóm 6")]):
        for column, text in enumerate(values):
            table.cell(row, column).text = text
    document.save(str(tmp_path / "bang.docx"))
    lines = read_document(tmp_path / "bang.docx").lines
    assert [line.cells for line in lines] == [("STT", "Xóm"), ("1", "Xóm Soi"), ("2", "Xóm 6")]


def test_word_content_is_nfc(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(unicodedata.normalize("NFD", "Ủy ban nhân dân xã Phú Lạc"))
    document.save(str(tmp_path / "nfd.docx"))
    assert read_document(tmp_path / "nfd.docx").text == "Ủy ban nhân dân xã Phú Lạc"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Plan, SourceDocument]]:
    folder = tmp_path_factory.mktemp("exported")
    ws = Workspace.open(folder / "ws.sqlite", device="test")
    try:
        ws.plan_import.load_samples()
        result = {}
        for key in ("phu_lac", "kon_tum"):
            plan = ws.plans.get(sample_plan_id(ws, key))
            path = save(build_plan(plan), folder / f"{key}.docx")
            result[key] = (plan, read_document(path))
    finally:
        ws.close()
    return result


def test_exported_state_plan(exported: dict[str, tuple[Plan, SourceDocument]]) -> None:
    plan, document = exported["phu_lac"]
    texts = [line.text for line in document.lines]
    assert texts[:8] == [
        "ỦY BAN NHÂN DÂN XÃ PHÚ LẠC",
        "",  # the short rule under the issuer is an empty paragraph
        "Số:       /KH-UBND",
        "",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "",
        "Phú Lạc, ngày 02 tháng 12 năm 2025",
    ]
    assert document.lines[0].bold
    assert "KẾ HOẠCH" in texts
    rows = [line.cells for line in document.lines if line.cells]
    assert rows[0] == ("TT", "Tên cơ quan, đơn vị", "Phụ trách xóm")
    assert [row[1] for row in rows[1:]] == [
        " ".join(f"{a.prefix} {a.unit.name}".split()) for a in plan.assignments
    ]
    receivers = texts.index("Nơi nhận:")
    signature = texts.index("TM. ỦY BAN NHÂN DÂN")
    assert receivers < signature < texts.index(rows[0][0] + "\t" + "\t".join(rows[0][1:]))
    assert texts[signature + 1 : signature + 3] == ["CHỦ TỊCH", plan.signature.signer]


def test_exported_party_plan(exported: dict[str, tuple[Plan, SourceDocument]]) -> None:
    plan, document = exported["kon_tum"]
    texts = [line.text for line in document.lines]
    assert texts[:7] == [
        "TỈNH ỦY KON TUM",
        "*",
        "Số 95-KH/TU",
        "",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "",
        "Kon Tum, ngày 22 tháng 5 năm 2023",
    ]
    body = document.text
    for task in plan.tasks:
        assert " ".join(task.text.split())[:60] in " ".join(body.split())


def test_pdf_fixture() -> None:
    document = read_document(PDF_FIXTURE)
    assert document.kind == "pdf"
    texts = [line.text for line in document.lines]
    assert texts[:5] == [
        "HUYỆN ỦY",
        "*",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số      -KH/HU ……, ngày      tháng      năm",
        "KẾ HOẠCH",
    ]
    assert "I. MỤC ĐÍCH, YÊU CẦU" in texts
    assert "- Lưu Văn phòng Huyện ủy." in texts or any("Lưu" in t for t in texts)
    # pages are separated by one blank line, and their numbers are gone
    pages = document.text.split("\n\n")
    assert len(pages) == 4
    for page in pages[1:]:
        assert not re.fullmatch(r"\d+", page.split("\n")[0].strip())
    assert all(unicodedata.is_normalized("NFC", text) for text in texts)


def ascii_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with one Helvetica text line per string, built by hand (ASCII only)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the pages are numbered
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for lines in pages:
        shown = "".join(f"({escape(line)}) Tj T* " for line in lines)
        stream = f"BT /F1 11 Tf 14 TL 72 780 Td {shown}ET".encode("ascii")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % len(objects)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        start,
    )
    return bytes(out)


FILLER = "The commune committee plans the monthly campaign in every hamlet"
ASCII_PAGES = [
    ["PLAN No. 12", FILLER, "Article 1 (purpose)"],
    ["- 2 -", FILLER, "3", "Article 2 (duties)"],
    ["Trang 3", FILLER, "Article 3 (time)", "3"],
    ["4", FILLER, "Article 4 (tasks)", "12"],
]


def test_pdf_page_numbers_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(ascii_pdf(ASCII_PAGES))
    document = read_document(path)
    assert [line.text for line in document.lines] == [
        "PLAN No. 12",
        FILLER,
        "Article 1 (purpose)",
        "",
        FILLER,
        "3",  # a "3" inside the page is text
        "Article 2 (duties)",
        "",
        FILLER,
        "Article 3 (time)",
        "",
        FILLER,
        "Article 4 (tasks)",
        "12",  # not this page's number
    ]
    assert all(not line.bold and not line.cells for line in document.lines)


def test_content_wins_over_the_name(tmp_path: Path) -> None:
    pdf = tmp_path / "ke-hoach.txt"
    pdf.write_bytes(ascii_pdf(ASCII_PAGES[:1]))
    assert read_document(pdf).kind == "pdf"
    text = tmp_path / "ke-hoach.docx"
    text.write_text("KẾ HOẠCH\nTổ chức ra quân", encoding="utf-8")
    assert read_document(text).kind == "txt"
    word = tmp_path / "ke-hoach.pdf"
    word.write_bytes(build_test_docx(tmp_path / "real.docx").read_bytes())
    assert read_document(word).kind == "docx"


PLAIN = "**KẾ HOẠCH**\nTổ chức *ra quân* xây dựng\nTT\tĐơn vị\tXóm\n1\tCông an xã\tXóm Soi"


def _cp1258(text: str) -> bytes:
    """Windows-1258 bytes: base letters with their hat or horn, then a combining tone mark."""
    out = bytearray()
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += (base + tones).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),  # with its BOM
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        lambda text: text.replace("\n", "\r\n").encode("utf-16-le"),  # Notepad, no BOM
        lambda text: unicodedata.normalize("NFD", text).encode("utf-8"),
        _cp1258,
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-be", "utf16-no-bom", "nfd", "cp1258"],
)
def test_text_files(tmp_path: Path, encode: Callable[[str], bytes]) -> None:
    path = tmp_path / "kế hoạch.txt"
    path.write_bytes(encode(PLAIN))
    document = read_document(path)
    assert document.kind == "txt"
    assert document.lines == (
        SourceLine("KẾ HOẠCH", bold=True),
        SourceLine("Tổ chức ra quân xây dựng"),
        SourceLine("TT\tĐơn vị\tXóm", cells=("TT", "Đơn vị", "Xóm")),
        SourceLine("1\tCông an xã\tXóm Soi", cells=("1", "Công an xã", "Xóm Soi")),
    )


def test_a_text_file_of_blanks_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "trắng.txt"
    path.write_text(" \n\t\n", encoding="utf-8")
    with pytest.raises(DocumentReadError, match="không có chữ nào"):
        read_document(path)


# read_text's italics rule as it was first written, a regular expression; the reader now
# uses a linear-time scan that must give the same result.
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="*a _,.ếĐ(\u00a0", max_size=24))
def test_italics_are_removed_as_the_pattern_says(line: str) -> None:
    (read,) = read_text(line).lines
    assert read.text == _ITALIC.sub(r"\1", "".join(line.split("**"))).rstrip()


def test_pdf_running_heads_and_foots_are_dropped(tmp_path: Path) -> None:
    head, foot = "Ke hoach so 12/KH-UBND", "UBND xa An Binh - trang {n}"
    pages = [[head, f"Article {n}.", FILLER, FILLER, foot.format(n=n)] for n in range(1, 5)]
    path = tmp_path / "plan.pdf"
    path.write_bytes(ascii_pdf(pages))
    texts = [line.text for line in read_document(path).lines if line.text]
    assert texts == [t for n in range(1, 5) for t in (f"Article {n}.", FILLER, FILLER)]
