"""Word's automatic numbering: the numbers Word shows are read as part of the text."""

import io
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph

from desktop_app.imports.document_reader import read_document
from desktop_app.imports.docx_numbering import format_number
from desktop_app.imports.plan_reader import understand_plan

NUMBERING = """<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="7">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>
<w:lvlText w:val="%3)"/></w:lvl>
</w:abstractNum>
<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
</w:numbering>"""


def test_number_formats() -> None:
    assert [format_number(n, "lowerLetter") for n in (1, 4, 27)] == ["a", "d", "aa"]
    assert format_number(14, "upperRoman") == "XIV"
    assert format_number(7, "decimalZero") == "07"


def _numbered(paragraph: Paragraph, level: int) -> None:
    properties = paragraph._p.get_or_add_pPr()  # python-docx has no API for it
    num_pr = properties.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = 3


def test_auto_numbered_sections_and_items_are_seen_as_numbered(tmp_path: Path) -> None:
    document = docx.Document()
    # The numbering definitions Word writes for an outline "I. / 1. / a)".
    document.part.numbering_part._element = parse_xml(NUMBERING)
    for line in ("ỦY BAN NHÂN DÂN", "XÃ AN BÌNH", "KẾ HOẠCH", "Phòng chống lụt bão"):
        document.add_paragraph(line)
    outline = [
        ("MỤC ĐÍCH", 0),
        ("Bảo vệ Nhân dân.", 1),
        ("TỔ CHỨC THỰC HIỆN", 0),
        ("Công an xã", 1),
        ("Trực ban 24/24 giờ trong mùa mưa bão.", 2),
        ("Sơ tán dân khỏi vùng trũng.", 2),
        ("Đoàn Thanh niên xã", 1),
        ("Khơi thông cống rãnh trước ngày 15/8/2026.", 2),
    ]
    for text, level in outline:
        _numbered(document.add_paragraph(text), level)
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "so.docx"
    path.write_bytes(buffer.getvalue())
    texts = [line.text for line in read_document(path).lines if line.text]
    assert texts[4:] == [
        "I. MỤC ĐÍCH",
        "1. Bảo vệ Nhân dân.",
        "II. TỔ CHỨC THỰC HIỆN",
        "1. Công an xã",
        "a) Trực ban 24/24 giờ trong mùa mưa bão.",
        "b) Sơ tán dân khỏi vùng trũng.",
        "2. Đoàn Thanh niên xã",
        "a) Khơi thông cống rãnh trước ngày 15/8/2026.",
    ]
    tasks = understand_plan(read_document(path)).plan.tasks
    assert [t.lead[0].name for t in tasks] == ["Công an xã", "Công an xã", "Đoàn Thanh niên xã"]
