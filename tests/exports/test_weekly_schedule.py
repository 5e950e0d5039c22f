import datetime as dt
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table

from desktop_app.domain.calendar import CalendarItem, ItemKind, ItemState
from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import PlanId
from desktop_app.domain.plans import System, document_number_line
from desktop_app.domain.schedule import WeeklySchedule, weekly_schedule
from desktop_app.exports.docx_layout import (
    FONT_NAME,
    MOTTO,
    NATIONAL_NAME,
    estimated_text_width,
    new_document,
    rule_paragraph,
)
from desktop_app.exports.weekly_schedule import display_time, write_weekly_schedule

PLAN = PlanId("plan-1")
ISSUER = "Ủy ban nhân dân xã Phú Lạc"
SIGNATURE = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An")
RECIPIENTS = ("Thường trực Đảng ủy xã (b/c);", "- Các xóm;", "Lưu: VT, VP.")
COLUMN_TITLES = [
    "Thứ/ngày",
    "Buổi",
    "Thời gian",
    "Nội dung công việc",
    "Địa điểm",
    "Chủ trì",
    "Thành phần tham gia",
]


def item(
    day: dt.date,
    kind: ItemKind,
    label: str,
    *,
    reference: str = "",
    time: str | None = None,
    place: str = "",
    who: str = "",
    participants: str = "",
) -> CalendarItem:
    return CalendarItem(
        day=day,
        kind=kind,
        label=label,
        plan_id=PLAN,
        plan_reference=reference,
        state=ItemState.DUE,
        who=who,
        time=time,
        place=place,
        participants=participants,
    )


def week() -> WeeklySchedule:
    items = [
        item(
            dt.date(2026, 12, 5),
            ItemKind.EVENT,
            "Đợt 13 ra quân xây dựng nông thôn mới",
            reference="12/KH-UBND",
            place="Các xóm trên địa bàn xã",
            who="UBND xã",
        ),
        item(
            dt.date(2026, 11, 30),
            ItemKind.EVENT,
            "Giao ban UBND xã",
            time="07:30",
            place="Hội trường UBND xã",
            who="UBND xã",
            participants="Thành viên UBND xã",
        ),
        item(
            dt.date(2026, 12, 3),
            ItemKind.EVENT,
            "Họp Ban chỉ đạo",
            time="14:00",
            place="Phòng họp số 2",
            who="Phó Chủ tịch UBND xã",
        ),
        item(
            dt.date(2026, 12, 5),
            ItemKind.DEADLINE,
            "Báo cáo kết quả ra quân",
            reference="12/KH-UBND",
            who="Phòng Kinh tế",
        ),
    ]
    return weekly_schedule(items, dt.date(2026, 12, 2))


def write(
    tmp_path: Path,
    *,
    parent: str = "",
    signature: tuple[str, str, str] | None = SIGNATURE,
    recipients: tuple[str, ...] = RECIPIENTS,
) -> Path:
    return write_weekly_schedule(
        week(),
        tmp_path / "lich.docx",
        issuer=ISSUER,
        parent=parent,
        place="Phú Lạc",
        issued_on=dt.date(2026, 11, 27),
        signature=signature,
        recipients=recipients,
    )


@pytest.fixture
def document(tmp_path: Path) -> Document:
    return docx.Document(str(write(tmp_path)))


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def schedule_rows(document: Document) -> list[list[str]]:
    """The schedule's rows; with a signature its last day is a table of its own."""
    tables = document.tables[1:-1] if len(document.tables) > 3 else document.tables[1:2]
    return [row for table in tables for row in texts(table)]


def test_the_file_is_written_atomically(tmp_path: Path) -> None:
    path = write(tmp_path)
    assert path == tmp_path / "lich.docx"
    assert [p.name for p in tmp_path.iterdir()] == ["lich.docx"]


def test_a_missing_folder_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Không có thư mục"):
        write_weekly_schedule(
            week(),
            tmp_path / "khong-co" / "lich.docx",
            issuer=ISSUER,
            parent="",
            place="Phú Lạc",
            issued_on=dt.date(2026, 11, 27),
        )


def test_the_page_is_a4_landscape_with_the_decree_margins(document: Document) -> None:
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width is not None
    assert section.page_height is not None
    assert section.page_width.mm == pytest.approx(297, abs=0.1)
    assert section.page_height.mm == pytest.approx(210, abs=0.1)
    margins = (section.top_margin, section.bottom_margin, section.left_margin)
    assert [m.mm if m is not None else None for m in margins] == pytest.approx(
        [20, 20, 30], abs=0.01
    )
    assert section.right_margin is not None
    assert section.right_margin.mm == pytest.approx(15, abs=0.01)


def test_times_new_roman_fills_every_font_slot_of_normal(document: Document) -> None:
    normal = document.styles["Normal"]
    assert normal.font.name == FONT_NAME
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(qn(f"w:{slot}")) == FONT_NAME
    styles_xml = document.styles.element.xml
    assert "asciiTheme" not in styles_xml
    assert 'w:val="vi-VN"' in styles_xml


def test_the_header_has_both_columns_and_the_blank_number(document: Document) -> None:
    header = document.tables[0]
    left, right = header.cell(0, 0), header.cell(0, 1)
    assert [p.text for p in left.paragraphs if p.text] == ["ỦY BAN NHÂN DÂN XÃ PHÚ LẠC"]
    assert left.paragraphs[0].runs[0].bold is True
    assert [p.text for p in right.paragraphs if p.text] == [NATIONAL_NAME, MOTTO]
    assert header.cell(1, 0).text == document_number_line(System.STATE, None, "LCT-UBND")
    assert header.cell(1, 0).text.startswith("Số: ")
    assert header.cell(1, 0).text.endswith(" /LCT-UBND")
    place_date = header.cell(1, 1).paragraphs[0]
    assert place_date.text == "Phú Lạc, ngày 27 tháng 11 năm 2026"
    assert place_date.runs[0].italic is True
    # one rule under the issuing body, one under the motto
    for cell in (left, right):
        assert len(cell._tc.xpath(".//w:pBdr/w:bottom")) == 1


def test_a_parent_body_prints_above_the_issuer_and_not_bold(tmp_path: Path) -> None:
    document = docx.Document(str(write(tmp_path, parent="Đảng bộ xã Phú Lạc")))
    left = document.tables[0].cell(0, 0)
    parent, issuer = (p for p in left.paragraphs if p.text)
    assert parent.text == "ĐẢNG BỘ XÃ PHÚ LẠC"
    assert not parent.runs[0].bold
    assert issuer.text == "ỦY BAN NHÂN DÂN XÃ PHÚ LẠC"


def test_the_title_names_the_week(document: Document) -> None:
    lines = [p.text for p in document.paragraphs if p.text]
    assert lines[:2] == ["LỊCH CÔNG TÁC TUẦN 49", "(Từ ngày 30/11/2026 đến ngày 06/12/2026)"]
    title = next(p for p in document.paragraphs if p.text == "LỊCH CÔNG TÁC TUẦN 49")
    assert title.runs[0].bold is True


def test_each_day_has_a_morning_and_an_afternoon_row(document: Document) -> None:
    rows = schedule_rows(document)
    assert rows[0] == COLUMN_TITLES
    empty = ["-"] * 5
    assert rows[1:] == [
        [
            "Thứ Hai\n30/11",
            "Sáng",
            "07h30",
            "Giao ban UBND xã",
            "Hội trường UBND xã",
            "UBND xã",
            "Thành viên UBND xã",
        ],
        ["Thứ Hai\n30/11", "Chiều", *empty],
        ["Thứ Ba\n01/12", "Sáng", *empty],
        ["Thứ Ba\n01/12", "Chiều", *empty],
        ["Thứ Tư\n02/12", "Sáng", *empty],
        ["Thứ Tư\n02/12", "Chiều", *empty],
        ["Thứ Năm\n03/12", "Sáng", *empty],
        [
            "Thứ Năm\n03/12",
            "Chiều",
            "14h00",
            "Họp Ban chỉ đạo",
            "Phòng họp số 2",
            "Phó Chủ tịch UBND xã",
            "-",
        ],
        ["Thứ Sáu\n04/12", "Sáng", *empty],
        ["Thứ Sáu\n04/12", "Chiều", *empty],
        [
            "Thứ Bảy\n05/12",
            "Sáng",
            "-",
            "Đợt 13 ra quân xây dựng nông thôn mới (12/KH-UBND)",
            "Các xóm trên địa bàn xã",
            "UBND xã",
            "-",
        ],
        [
            "Thứ Bảy\n05/12",
            "Sáng",
            "-",
            "Hạn: Báo cáo kết quả ra quân (12/KH-UBND)",
            "-",
            "Phòng Kinh tế",
            "-",
        ],
        ["Thứ Bảy\n05/12", "Chiều", *empty],
        ["Chủ nhật\n06/12", "Sáng", *empty],
        ["Chủ nhật\n06/12", "Chiều", *empty],
    ]


def test_day_and_half_day_cells_are_merged_vertically(document: Document) -> None:
    table = document.tables[1]
    # rows 11-13: Thứ Bảy, two morning entries and the afternoon
    day_cells = [table.cell(row, 0)._tc for row in (11, 12, 13)]
    assert all(tc is day_cells[0] for tc in day_cells)
    assert table.cell(10, 0)._tc is not day_cells[0]
    assert table.cell(11, 1)._tc is table.cell(12, 1)._tc
    assert table.cell(12, 1)._tc is not table.cell(13, 1)._tc
    assert table.cell(13, 1).text == "Chiều"
    assert table.cell(11, 0).paragraphs[0].runs[0].bold is True
    last_day = document.tables[2]  # detached to stay with the signature
    assert last_day.cell(0, 0)._tc is last_day.cell(1, 0)._tc
    assert last_day.cell(0, 0).text == "Chủ nhật\n06/12"


def test_the_column_titles_repeat_and_no_row_splits(document: Document) -> None:
    rows = [*document.tables[1].rows, *document.tables[2].rows]
    flags = [{child.tag for child in row._tr.xpath("./w:trPr/*")} for row in rows]
    assert qn("w:tblHeader") in flags[0]
    assert all(qn("w:tblHeader") not in row_flags for row_flags in flags[1:])
    assert all(qn("w:cantSplit") in row_flags for row_flags in flags)


def test_pages_are_numbered_from_page_two(document: Document) -> None:
    section = document.sections[0]
    assert section.different_first_page_header_footer is True
    assert " PAGE " in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_the_signature_block_closes_the_document(document: Document) -> None:
    block = document.tables[-1]
    sent, signed = block.cell(0, 0), block.cell(0, 1)
    assert [p.text for p in sent.paragraphs] == [
        "Nơi nhận:",
        "- Thường trực Đảng ủy xã (b/c);",
        "- Các xóm;",
        "- Lưu: VT, VP.",
    ]
    head = sent.paragraphs[0].runs[0]
    assert head.bold is True
    assert head.italic is True
    assert [p.text for p in signed.paragraphs] == list(SIGNATURE)
    assert all(p.runs[0].bold for p in signed.paragraphs)


def test_without_signature_or_recipients_there_is_no_bottom_block(tmp_path: Path) -> None:
    document = docx.Document(str(write(tmp_path, signature=None, recipients=())))
    assert len(document.tables) == 2


def test_display_time() -> None:
    assert display_time("07:30") == "07h30"
    assert display_time("7:05") == "07h05"
    assert display_time(None) == ""
    assert display_time("cả ngày") == "cả ngày"


def test_the_motto_rule_is_as_long_as_the_motto() -> None:
    width = estimated_text_width(MOTTO, 13, bold=True)
    assert width.cm == pytest.approx(5.61, abs=0.05)
    # Vietnamese letters measure like their base letters
    assert estimated_text_width("Ấ", 13, bold=True) == estimated_text_width("A", 13, bold=True)


def test_a_rule_paragraph_is_a_centred_bottom_border() -> None:
    document = new_document()
    paragraph = rule_paragraph(document, available=Mm(100), length=Mm(40))
    fmt = paragraph.paragraph_format
    assert fmt.left_indent is not None
    assert fmt.right_indent is not None
    assert fmt.left_indent.mm == pytest.approx(30, abs=0.01)
    assert fmt.right_indent.mm == pytest.approx(30, abs=0.01)
    (border,) = paragraph._p.xpath("./w:pPr/w:pBdr/w:bottom")
    assert border.get(qn("w:val")) == "single"


def test_the_last_row_keeps_with_the_signature_block(document: Document) -> None:
    last_day = document.tables[2]  # the last day, a table of its own
    for row in last_day.rows:
        assert all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
    gap = last_day._tbl.getnext()
    assert gap is not None
    assert gap.pPr is not None
    assert gap.pPr.keepNext is not None  # the paragraph between the two tables keeps too


def _busy_week() -> WeeklySchedule:
    """A week like the sample's: two long deadlines on Monday, a campaign day, a deadline."""
    long = (
        "Chủ trì, phối hợp với các cơ quan, đơn vị (được phân công phụ trách xóm) thống nhất "
        "nội dung kế hoạch ra quân từng tháng. Kế hoạch phải cụ thể về nội dung công việc, "
        "thời gian, lực lượng tham gia, vật tư và phân công nhiệm vụ rõ ràng cho từng nhóm"
    )
    who = "Các cơ quan chuyên môn, đơn vị sự nghiệp, các Công ty, Doanh nghiệp trên địa bàn xã"
    monday, saturday, sunday = (dt.date(2026, 11, 30) + dt.timedelta(days=d) for d in (0, 5, 6))
    items = [
        item(
            monday,
            ItemKind.DEADLINE,
            long,
            reference="Kế hoạch “Tổ chức ra quân” ngày 02/12/2025",
            who=who,
        ),
        item(monday, ItemKind.DEADLINE, long + " 2", who=who),
        item(saturday, ItemKind.EVENT, "Đợt 8 ra quân", place="Các xóm trên địa bàn xã"),
        item(sunday, ItemKind.DEADLINE, long[:200], who=who),
    ]
    return weekly_schedule(items, dt.date(2026, 12, 2))


@pytest.mark.parametrize("system", [System.STATE, System.PARTY])
def test_rendered_the_signature_never_stands_alone_and_page_one_holds_rows(
    tmp_path: Path, system: System
) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or poppler-utils is not installed")
    path = write_weekly_schedule(
        _busy_week(),
        tmp_path / "tuan.docx",
        issuer="ĐẢNG ỦY XÃ PHÚ LẠC" if system is System.PARTY else ISSUER,
        parent="ĐẢNG BỘ TỈNH THÁI NGUYÊN" if system is System.PARTY else "",
        place="Phú Lạc",
        issued_on=dt.date(2026, 11, 27),
        signature=SIGNATURE,
        recipients=RECIPIENTS,
        system=system,
    )
    subprocess.run(
        [office, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "tuan.pdf"), "-"],
        check=True, capture_output=True, encoding="utf-8",
    ).stdout  # fmt: skip
    pages = text.split("\f")
    assert "Thứ Hai" in pages[0]  # the first day starts under the header
    signed = next(p for p in pages if "Nơi nhận:" in p)
    assert "Chủ nhật" in signed  # the table's end is on the signature's page
