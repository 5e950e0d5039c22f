"""The five sample plans as Word documents, checked against the layout rules.

Each rule of the checklist in ``shared/reference/document-format.md`` that a .docx can show
is read back with python-docx; the PDF LibreOffice renders is checked for what only a
rendering shows (pages, page numbers, fonts). Every paragraph of each seed's body must be
found in the document, in order.
"""

import dataclasses
import datetime as dt
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import AppendixId, RecipientId, SectionId, TaskId, UnitId
from desktop_app.domain.plans import (
    Appendix,
    AppendixKind,
    Issuer,
    Plan,
    Recipient,
    Section,
    Signature,
    System,
    Task,
    UnitRef,
    attached_line,
)
from desktop_app.exports.docx_layout import (
    FONT_NAME,
    MOTTO,
    NATIONAL_NAME,
    PARTY_NAME,
    TEMPLATE,
    build_template,
    estimated_text_width,
)
from desktop_app.exports.plan_document import build_appendices, build_plan, save
from desktop_app.workspace import Workspace
from tests.conftest import DEVICE, SAMPLE_TITLES, SEEDS, needs_seeds, sample_plan_id

SEED_FILES = {
    "nhu_khe": "000_39bd67904559043a.txt",
    "phu_lac": "001_5e32054a1d37738b.txt",
    "kon_tum": "002_cce30597f5e13edf.txt",
    "tan_ky": "003_3606d0f2ab83f33b.txt",
    "huyen_uy": "004_44347e61f19fdfda.txt",
}
SAMPLES = list(SAMPLE_TITLES)
# Each sample as it is held, re-dated before 27/5/2026 (Party: Hướng dẫn 36-HD/VPTW) and
# from that day (Party: Hướng dẫn 05-HD/VPTW); state plans follow NĐ 30 on any date.
REDATED = {"@2025": dt.date(2025, 12, 1), "@2026": dt.date(2026, 6, 15)}
KEYS = SAMPLES + [f"{key}{when}" for when in REDATED for key in SAMPLES]
A4 = (11906, 16838)  # twips
HD05_FROM = dt.date(2026, 5, 27)


@dataclasses.dataclass
class Exported:
    plan: Plan
    path: Path
    document: Document

    @property
    def guide(self) -> str:
        """Which checklist of document-format.md section 6 the document must pass."""
        if self.plan.system is System.STATE:
            return "nd30"
        return "hd36" if self.plan.date is not None and self.plan.date < HD05_FROM else "hd05"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Exported]:
    folder = tmp_path_factory.mktemp("word")
    ws = Workspace.open(folder / "ws.sqlite", device=DEVICE)
    ws.plan_import.load_samples()
    result = {}
    for key in KEYS:
        sample, _, when = key.partition("@")
        plan = ws.plans.get(sample_plan_id(ws, sample))
        if when:
            plan = dataclasses.replace(plan, date=REDATED[f"@{when}"])
        path = save(build_plan(plan), folder / f"{key.replace('@', '-')}.docx")
        result[key] = Exported(plan, path, docx.Document(str(path)))
    ws.close()
    return result


def _twips(length: Length | None) -> int:
    assert length is not None
    return int(length.twips)


def _styles(paragraph: Paragraph) -> Iterator[Any]:
    style = paragraph.style
    while style is not None:
        yield style
        style = style.base_style


def _format(paragraph: Paragraph, name: str) -> Any:
    """A paragraph setting as Word applies it: direct, else from its style chain."""
    direct = getattr(paragraph.paragraph_format, name)
    if direct is not None:
        return direct
    for style in _styles(paragraph):
        value = getattr(style.paragraph_format, name)
        if value is not None:
            return value
    return None


def _size(paragraph: Paragraph, run: Run) -> float | None:
    if run.font.size is not None:
        return float(run.font.size.pt)
    for style in _styles(paragraph):
        if style.font.size is not None:
            return float(style.font.size.pt)
    return None


def _runs_style(paragraph: Paragraph) -> tuple[float, bool, bool]:
    runs = [r for r in paragraph.runs if r.text.strip()]
    assert runs, paragraph.text
    sizes = {_size(paragraph, r) for r in runs}
    assert len(sizes) == 1, paragraph.text
    size = sizes.pop()
    assert size is not None
    return size, all(r.font.bold for r in runs), all(r.font.italic for r in runs)


def _cell_paragraphs(table: Table, row: int, column: int) -> list[Paragraph]:
    return list(table.cell(row, column).paragraphs)


def _has_rule(paragraph: Paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(qn("w:pBdr")) is not None


def _rule_length(paragraph: Paragraph, available: int) -> int:
    fmt = paragraph.paragraph_format
    return available - _twips(fmt.left_indent) - _twips(fmt.right_indent)


def _body_paragraphs(document: Document) -> list[Paragraph]:
    """Paragraphs of the main body: after the title, before the signature table."""
    return [p for p in document.paragraphs if p.text.strip()]


# --- page and fonts ------------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_page_is_a4_portrait_with_the_guides_margins(
    exported: dict[str, Exported], key: str
) -> None:
    section = exported[key].document.sections[0]
    assert (_twips(section.page_width), _twips(section.page_height)) == A4
    assert section.orientation == WD_ORIENT.PORTRAIT
    margins = [
        _twips(m)
        for m in (section.top_margin, section.bottom_margin, section.left_margin,
                  section.right_margin)
    ]  # fmt: skip
    if exported[key].guide == "hd05":  # fixed 20 / 20 / 30 / 15 mm (IV.4.1), +-0.5 mm
        for margin, wanted in zip(margins, (1134, 1134, 1701, 850), strict=True):
            assert abs(margin - wanted) <= 28
        assert abs(_twips(section.header_distance) - 567) <= 28  # page number 10 mm down
    else:
        top, bottom, left, right = margins
        assert 1134 <= top <= 1417
        assert 1134 <= bottom <= 1417
        assert 1701 <= left <= 1984
        assert 850 <= right <= 1134


@pytest.mark.parametrize("key", KEYS)
def test_every_run_is_times_new_roman_in_black(exported: dict[str, Exported], key: str) -> None:
    document = exported[key].document
    styles = document.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert fonts.get(qn(f"w:{slot}")) == FONT_NAME
        assert fonts.get(qn("w:asciiTheme")) is None
    body = document.element.body
    for fonts in body.iter(qn("w:rFonts")):  # nothing overrides the styles' font
        assert fonts.get(qn("w:ascii")) in (None, FONT_NAME)
    for colour in body.iter(qn("w:color")):
        assert colour.get(qn("w:val")) in ("auto", "000000")


# --- header --------------------------------------------------------------------------------


def _state_header(document: Document) -> Table:
    header = document.tables[0]
    assert not document.paragraphs[0].text.strip() or header._tbl is document.element.body[0]
    return header


@pytest.mark.parametrize("key", [k for k in KEYS if k.startswith(("phu_lac", "tan_ky"))])
def test_state_header(exported: dict[str, Exported], key: str) -> None:
    plan, document = exported[key].plan, exported[key].document
    header = _state_header(document)
    left = [p for p in _cell_paragraphs(header, 0, 0)]
    right = [p for p in _cell_paragraphs(header, 0, 1)]
    national, motto, motto_rule = right
    assert national.text == NATIONAL_NAME
    assert _runs_style(national) == (12, True, False)
    assert motto.text == MOTTO
    assert _runs_style(motto) == (13, True, False)
    assert _has_rule(motto_rule)
    assert not motto_rule.text
    width = header.columns[1].width
    motto_width = estimated_text_width(MOTTO, 13, bold=True).twips
    assert abs(_rule_length(motto_rule, _twips(width)) - motto_width) <= 30
    *names, issuer, issuer_rule = left
    assert issuer.text == plan.issuer.name.upper()
    assert _runs_style(issuer) == (12, True, False)
    for name in names:  # the body above, if any: caps, not bold
        assert name.text == name.text.upper()
        assert _runs_style(name) == (12, False, False)
    issuer_width = estimated_text_width(issuer.text, 12, bold=True).twips
    ratio = _rule_length(issuer_rule, _twips(header.columns[0].width)) / issuer_width
    assert 1 / 3 <= ratio <= 1 / 2
    number = header.cell(1, 0).paragraphs[0]
    assert re.fullmatch(r"Số: (\d{2,}| +)/KH-UBND", number.text)
    assert _runs_style(number) == (13, False, False)
    date = header.cell(1, 1).paragraphs[0]
    assert _runs_style(date) == (13, False, True)
    if plan.date:
        month = f"{plan.date.month:02d}" if plan.date.month < 3 else str(plan.date.month)
        assert (
            date.text
            == f"{plan.place}, ngày {plan.date.day:02d} tháng {month} năm {plan.date.year}"
        )
    assert date.alignment == WD_ALIGN_PARAGRAPH.CENTER


@pytest.mark.parametrize(
    "key", [k for k in KEYS if k.startswith(("kon_tum", "nhu_khe", "huyen_uy"))]
)
def test_party_header(exported: dict[str, Exported], key: str) -> None:
    plan, document = exported[key].plan, exported[key].document
    header = document.tables[0]
    party, rule = _cell_paragraphs(header, 0, 1)
    assert party.text == PARTY_NAME
    assert _runs_style(party) == (15, True, False)
    assert _has_rule(rule)
    party_width = estimated_text_width(PARTY_NAME, 15, bold=True).twips
    assert abs(_rule_length(rule, _twips(header.columns[1].width)) - party_width) <= 30
    *names, issuer, star = _cell_paragraphs(header, 0, 0)
    assert issuer.text == plan.issuer.name.upper()
    assert _runs_style(issuer) == (14, True, False)
    assert star.text == "*"
    for name in names:
        assert _runs_style(name) == (14, False, False)
    number = header.cell(1, 0).paragraphs[0]
    assert re.fullmatch(r"Số (\d{2,}| +)-KH/[A-ZĐ]+", number.text), number.text
    assert ":" not in number.text
    assert _runs_style(number) == (14, False, False)
    date = header.cell(1, 1).paragraphs[0]
    assert _runs_style(date) == (14, False, True)
    if plan.number == 95 and plan.date == dt.date(2023, 5, 22):
        assert number.text == "Số 95-KH/TU"
        assert date.text == "Kon Tum, ngày 22 tháng 5 năm 2023"


# --- title and body ------------------------------------------------------------------------


def _title_paragraphs(document: Document) -> list[Paragraph]:
    kind = next(i for i, p in enumerate(document.paragraphs) if p.text == "KẾ HOẠCH")
    return document.paragraphs[kind:]


@pytest.mark.parametrize("key", KEYS)
def test_title_and_subject(exported: dict[str, Exported], key: str) -> None:
    plan, document = exported[key].plan, exported[key].document
    kind, *rest = _title_paragraphs(document)
    party = plan.system is System.PARTY
    assert _runs_style(kind) == ((16 if party else 14), True, False)
    assert kind.alignment == WD_ALIGN_PARAGRAPH.CENTER
    if plan.type_line:
        type_line, *rest = rest
        assert type_line.text == plan.type_line.upper()
    subject, after = rest[0], rest[1]
    assert " ".join(subject.text.split()) == " ".join(plan.title.split())
    assert _runs_style(subject) == (14, True, False)
    assert subject.alignment == WD_ALIGN_PARAGRAPH.CENTER
    if party:
        assert after.text == "-----"
    else:
        available = _twips(document.sections[0].page_width) - 1701 - 850
        longest = min(  # Word wraps the title: its longest line is at most the text width
            available,
            max(
                estimated_text_width(line, 14, bold=True).twips for line in subject.text.split("\n")
            ),
        )
        assert _has_rule(after)
        assert 1 / 3 <= _rule_length(after, available) / longest <= 1 / 2


def _basis_key(text: str) -> str:
    return text.lstrip("- ")[:60]


@pytest.mark.parametrize("key", KEYS)
def test_bases_and_body_paragraphs(exported: dict[str, Exported], key: str) -> None:
    item = exported[key]
    plan, document, guide = item.plan, item.document, item.guide
    paragraphs = document.paragraphs
    wanted = {_basis_key(b) for b in plan.bases}
    bases = [p for p in paragraphs if p.text.strip() and _basis_key(p.text) in wanted]
    assert len(bases) == len(plan.bases)
    for basis in bases:
        size, bold, italic = _runs_style(basis)
        assert size == 14
        assert not bold
        assert italic is (guide == "nd30")  # NĐ 30 II.6; the Party ones are upright
        if guide == "hd05":  # HD 05 6.2.3: "-" before each căn cứ
            assert basis.text.startswith("- ")
    for basis in bases[:-1]:
        assert basis.text.endswith(";")
    if bases:
        assert not bases[-1].text.endswith(";")
    appendix = next((i for i, p in enumerate(paragraphs) if p.text.startswith("Phụ lục")), None)
    main = paragraphs[:appendix]
    body = [p for p in main if _format(p, "first_line_indent") is not None and p.text.strip()]
    assert len(body) > 10
    for paragraph in body:
        assert _format(paragraph, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
        indent = _format(paragraph, "first_line_indent").twips
        assert _format(paragraph, "space_after") >= Pt(6)
        spacing = _format(paragraph, "line_spacing")
        rule = _format(paragraph, "line_spacing_rule")
        if guide == "hd05":  # HD 05 6.2.2: about 10 mm; Exactly 18-22 pt
            assert 510 <= indent <= 624
            assert rule == WD_LINE_SPACING.EXACTLY
            assert Pt(18) <= spacing <= Pt(22)
        else:  # NĐ 30 II.6: 1 or 1.27 cm; single to 1.5 lines
            assert indent in (567, 720)
            assert isinstance(spacing, float)
            assert 1.0 <= spacing <= 1.5
        assert {_size(paragraph, r) for r in paragraph.runs if r.text.strip()} == {14}
    if guide == "nd30":
        assert body[-1].text.endswith("./.")
    else:  # HD 05 6.2.2, and the Party plans issued under HD 36 end with "."
        assert body[-1].text.endswith(".")
        assert not body[-1].text.endswith("./.")


@pytest.mark.parametrize("key", KEYS)
def test_headings(exported: dict[str, Exported], key: str) -> None:
    plan, document = exported[key].plan, exported[key].document
    by_text = {" ".join(p.text.split()): p for p in document.paragraphs}
    for section in plan.sections:  # mục: Roman numeral and an upper-case title, bold
        text = " ".join(f"{section.label} {section.title}".split())
        paragraph = by_text[text]
        assert re.match(r"[IVX]+\s*[.\-]", text)
        assert section.title == section.title.upper()
        assert _runs_style(paragraph)[1]
        for child in section.children:  # khoản: bold only when it has a title
            if child.run_in or not child.title:
                continue
            heading = by_text[" ".join(f"{child.label} {child.title}".split())]
            assert _runs_style(heading)[1]


# --- Nơi nhận and signature ----------------------------------------------------------------


def _signature_table(document: Document) -> Table:
    return next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")


@pytest.mark.parametrize("key", KEYS)
def test_recipients_and_signature(exported: dict[str, Exported], key: str) -> None:
    item = exported[key]
    plan, document, guide = item.plan, item.document, item.guide
    party = plan.system is System.PARTY
    table = _signature_table(document)
    head, *lines = table.cell(0, 0).paragraphs
    run = head.runs[0]
    if party:  # "Nơi nhận:" 14, upright, underlined, not bold
        assert (run.font.size.pt, bool(run.font.underline), bool(run.font.italic)) == (
            14,
            True,
            False,
        )
        assert not run.font.bold
    else:
        assert (run.font.size.pt, run.font.bold, run.font.italic) == (12, True, True)
        assert not run.font.underline
    assert head.alignment == WD_ALIGN_PARAGRAPH.LEFT
    copies_at = next((i for i, p in enumerate(lines) if p.text == "Đồng kính gửi:"), len(lines))
    sent, copies = lines[:copies_at], lines[copies_at + 1 :]
    separator = "," if guide == "hd36" else ";"  # HD 05 9.2.5: ";" after each recipient
    for group in (sent, copies):
        for index, line in enumerate(group):
            assert line.text.startswith("- ")
            assert line.text.endswith("." if index == len(group) - 1 else separator), line.text
            assert _runs_style(line) == ((12 if party else 11), False, False)
    archive = sent[-1].text
    if party:
        assert archive.startswith("- Lưu ")
        assert ":" not in archive
    else:
        assert archive.startswith("- Lưu: VT, ")
    assert len(sent) + len(copies) == len(plan.recipients)
    signed = [p for p in table.cell(0, 1).paragraphs if p.text.strip()]
    authority, position, name = signed
    prefixes = ("T/M ", "K/T ") if party else ("TM. ", "KT. ", "Q. ", "TL. ", "TUQ. ")
    assert authority.text.startswith(prefixes)
    if guide == "hd05":  # mục 7.1.1: a cấp ủy signs T/M, never K/T
        assert not authority.text.startswith("K/T")
    for line in (authority, position):
        assert line.text == line.text.upper()
        assert line.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert _runs_style(authority) == (14, True, False)
    # HD 05 Phụ lục 2 row 7: the position line is not bold; NĐ 30 and HD 36 bold it.
    assert _runs_style(position) == (14, guide != "hd05", False)
    assert name.text == plan.signature.signer
    assert _runs_style(name) == (14, True, False)
    assert not re.match(r"(TS|ThS|GS|PGS)\.", name.text)
    assert name.paragraph_format.space_before >= Pt(48)  # room to sign
    first_line = authority.paragraph_format.space_before
    assert head.paragraph_format.space_before == first_line  # "Nơi nhận:" level with TM.


@pytest.mark.parametrize("key", KEYS)
def test_page_number_from_page_two(exported: dict[str, Exported], key: str) -> None:
    section = exported[key].document.sections[0]
    assert section.different_first_page_header_footer
    instructions = [t.text for t in section.header._element.iter(qn("w:instrText"))]
    assert [i.strip() for i in instructions] == ["PAGE"]
    header = section.header.paragraphs[0]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {r.font.size.pt for r in header.runs if r.font.size} == {14}
    first = section.first_page_header._element
    assert not list(first.iter(qn("w:instrText")))


# --- every paragraph of the seed -----------------------------------------------------------


def _squash(text: str) -> str:
    text = text.replace("**", "").replace("*", "")
    return " ".join(text.split())


def seed_body_lines(seed: str, first: str) -> list[str]:
    """The seed's lines from its first basis (or preamble) to the line before "Nơi nhận"."""
    lines = [_squash(line) for line in seed.splitlines()]
    start = next(i for i, line in enumerate(lines) if line and first.startswith(line[:40]))
    end = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận"))
    return [line for line in lines[start:end] if line]


@needs_seeds
@pytest.mark.parametrize("key", KEYS)
def test_every_paragraph_of_the_seed_is_in_the_document_in_order(
    exported: dict[str, Exported], key: str
) -> None:
    plan, document = exported[key].plan, exported[key].document
    seed = (SEEDS / SEED_FILES[key.partition("@")[0]]).read_text(encoding="utf-8")
    first = (plan.bases or plan.preamble)[0]
    text = _squash(" ".join(p.text for p in document.paragraphs))
    position = 0
    lines = seed_body_lines(seed, first)
    assert len(lines) > 20
    for line in lines:
        wanted = line.rstrip(";,.: ")  # the decree's "." may close the last basis
        found = text.find(wanted, position)
        assert found >= 0, f"{key}: not found after position {position}: {line!r}"
        position = found + len(wanted)


# --- appendices ----------------------------------------------------------------------------


def test_appendix_starts_its_own_section_with_its_own_page_numbers(
    exported: dict[str, Exported],
) -> None:
    plan, document = exported["phu_lac"].plan, exported["phu_lac"].document
    assert len(document.sections) == 2
    section = document.sections[1]
    assert section.orientation == WD_ORIENT.PORTRAIT
    numbering = section._sectPr.find(qn("w:pgNumType"))
    assert numbering is not None
    assert numbering.get(qn("w:start")) == "1"
    assert section.different_first_page_header_footer
    assert [t.text.strip() for t in section.header._element.iter(qn("w:instrText"))] == ["PAGE"]
    texts = [" ".join(p.text.split()) for p in document.paragraphs]  # balanced lines joined
    heading = texts.index("Phụ lục")
    assert texts[heading + 1] == plan.appendices[0].title.upper()
    line = document.paragraphs[heading + 2]
    assert texts[heading + 2] == " ".join(attached_line(plan).split())
    assert line.text.startswith("(Kèm theo Kế hoạch số ")
    assert "số       /KH-UBND" in line.text  # room for the number, written by hand
    assert "ngày 02 tháng 12 năm 2025 của Ủy ban nhân dân xã Phú Lạc" in texts[heading + 2]
    assert _runs_style(line) == (14, False, True)
    assert _runs_style(document.paragraphs[heading]) == (14, True, False)


def test_assignment_table_holds_the_whole_phu_lac_table(exported: dict[str, Exported]) -> None:
    plan, document = exported["phu_lac"].plan, exported["phu_lac"].document
    table = document.tables[-1]
    titles = [c.text for c in table.rows[0].cells]
    assert titles == ["TT", "Tên cơ quan, đơn vị", "Phụ trách xóm"]
    for index, row in enumerate(table.rows):
        properties = row._tr.trPr
        assert properties is not None
        assert properties.find(qn("w:cantSplit")) is not None
        assert (properties.find(qn("w:tblHeader")) is not None) is (index == 0)
    assert len(table.rows) == 1 + len(plan.assignments) == 24
    for row, assignment in zip(table.rows[1:], plan.assignments, strict=True):
        assert assignment.unit.name in row.cells[1].text
        for hamlet in assignment.hamlets:  # every hamlet, written compactly
            number = re.sub(r"^(Xóm|Khu|Thôn)\s+", "", hamlet.name)
            assert number in row.cells[2].text


def _task_plan() -> Plan:
    section = Section(SectionId("s1"), "III.", "NHIỆM VỤ, GIẢI PHÁP", ("Các nhiệm vụ cụ thể:",))
    tasks = tuple(
        Task(
            TaskId(f"t{n}"),
            f'Nhiệm vụ số {n} & <kiểm tra> "trích dẫn"',
            lead=(UnitRef(UnitId("u1"), "Phòng Văn hóa - Xã hội"),),
            support=(UnitRef(UnitId("u2"), "Công an xã"),),
            output="Báo cáo",
            section_id=section.id,
        )
        for n in range(1, 41)
    )
    return Plan(
        id="p",  # type: ignore[arg-type]
        system=System.STATE,
        issuer=Issuer("ỦY BAN NHÂN DÂN XÃ TÂN KỲ"),
        title="Thực hiện Nghị quyết",
        symbol="KH-UBND",
        number=7,
        place="Tân Kỳ",
        date=dt.date(2026, 2, 3),
        sections=(section,),
        tasks=tasks,
        appendices=(
            Appendix(AppendixId("a1"), AppendixKind.TASKS, "Nhiệm vụ cụ thể"),
            Appendix(AppendixId("a2"), AppendixKind.TEXT, "Ghi chú", paragraphs=("Một đoạn.",)),
        ),
    )


def test_task_table_is_landscape_and_numbered_appendices_use_roman_numerals(tmp_path: Path) -> None:
    plan = _task_plan()
    path = save(build_appendices(plan), tmp_path / "phu-luc.docx")
    document = docx.Document(str(path))
    first, second = document.sections
    assert first.orientation == WD_ORIENT.LANDSCAPE
    assert (_twips(first.page_width), _twips(first.page_height)) == A4[::-1]
    assert second.orientation == WD_ORIENT.PORTRAIT
    for section in (first, second):
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    texts = [" ".join(p.text.split()) for p in document.paragraphs]
    assert "Phụ lục I" in texts
    assert "Phụ lục II" in texts
    assert (
        texts.count(
            "(Kèm theo Kế hoạch số 07/KH-UBND ngày 03 tháng 02 năm 2026"
            " của Ủy ban nhân dân xã Tân Kỳ)"
        )
        == 2
    )
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian hoàn thành", "Sản phẩm",
    ]  # fmt: skip
    assert table.rows[1].cells[0].text == "III. NHIỆM VỤ, GIẢI PHÁP"  # the group row
    assert table.rows[2].cells[1].text == 'Nhiệm vụ số 1 & <kiểm tra> "trích dẫn"'
    assert len(table.rows) == 2 + 40


def test_a_plan_without_appendices_refuses_an_appendix_export(
    exported: dict[str, Exported],
) -> None:
    with pytest.raises(UserError, match="chưa có phụ lục"):
        build_appendices(exported["kon_tum"].plan)


# --- hostile and empty input ---------------------------------------------------------------


def test_hostile_text_long_names_and_empty_fields_export(tmp_path: Path) -> None:
    long_name = (
        "Ban Chỉ đạo " + "thực hiện phong trào toàn dân đoàn kết xây dựng đời sống văn hóa " * 6
    )
    plan = Plan(
        id="p",  # type: ignore[arg-type]
        system=System.STATE,
        issuer=Issuer('ỦY BAN NHÂN DÂN XÃ "A & B" <C>', parent=long_name.upper()),
        title="Về việc <script>&amp; \"đặc biệt\" 'nháy' \x0b\x00 ký tự",
        bases=("Căn cứ Luật & Nghị định <số 30>;",),
        sections=(Section(SectionId("s"), "I.", "NỘI DUNG & <GHI CHÚ>", ("=SUM(A1) & <b>",)),),
        recipients=(Recipient(RecipientId("r"), long_name),),
        signature=Signature(signer=long_name),
    )
    path = save(build_plan(plan), tmp_path / "x.docx")
    text = " ".join(" ".join(p.text for p in docx.Document(str(path)).paragraphs).split())
    assert "Về việc <script>&amp; \"đặc biệt\" 'nháy' ký tự" in text
    assert "=SUM(A1) & <b>" in text
    empty = Plan(id="e", system=System.PARTY, issuer=Issuer(""), title="")  # type: ignore[arg-type]
    for build in (build_plan,):
        path = save(build(empty), tmp_path / "empty.docx")
        assert docx.Document(str(path)).paragraphs


def test_save_refuses_a_name_without_docx(tmp_path: Path) -> None:
    plan = Plan(id="e", system=System.STATE, issuer=Issuer("X"), title="T")  # type: ignore[arg-type]
    with pytest.raises(UserError, match=r"\.docx"):
        save(build_plan(plan), tmp_path / "ke-hoach.pdf")


def test_a_file_open_in_word_gives_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = Plan(id="e", system=System.STATE, issuer=Issuer("X"), title="T")  # type: ignore[arg-type]
    target = tmp_path / "ke-hoach.docx"
    target.write_bytes(b"old")

    def locked(*_: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(UserError, match="đang mở trong Word"):
        save(build_plan(plan), target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["ke-hoach.docx"]


# --- rendered by LibreOffice ---------------------------------------------------------------


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def pdfs(
    exported: dict[str, Exported], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    office = _office()
    if office is None or shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice and poppler-utils are needed (scripts/test.sh installs them)")
        pytest.skip("LibreOffice or poppler-utils is not installed")
    folder = tmp_path_factory.mktemp("pdf")
    profile = folder / "profile"
    subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *(str(e.path) for e in exported.values()),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {key: folder / f"{key.replace('@', '-')}.pdf" for key in exported}


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        encoding="utf-8",
    ).stdout
    return text.split("\f")[:-1]


@pytest.mark.parametrize("key", KEYS)
def test_rendered_pages(exported: dict[str, Exported], pdfs: dict[str, Path], key: str) -> None:
    plan = exported[key].plan
    pages = _pages(pdfs[key])
    assert len(pages) >= 2
    info = subprocess.run(
        ["pdfinfo", str(pdfs[key])], check=True, capture_output=True, encoding="utf-8"
    ).stdout
    assert re.search(r"Page size:\s+595\.\d* x 841\.\d*", info) or re.search(
        r"Page size:\s+595(\.\d+)? x 842", info
    )
    first_lines = [line.strip() for line in pages[0].splitlines() if line.strip()]
    assert not re.fullmatch(r"\d+", first_lines[0])  # no number on page 1
    heading = PARTY_NAME if plan.system is System.PARTY else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert heading in pages[0]
    assert "KẾ HOẠCH" in pages[0]
    main_pages = next((i for i, p in enumerate(pages) if "Kèm theo Kế hoạch số" in p), len(pages))
    for number in range(2, main_pages + 1):  # "2", "3", ... at the top of each later page
        top = next(line.strip() for line in pages[number - 1].splitlines() if line.strip())
        assert top == str(number)
    signer_page = next(p for p in pages if plan.signature.signer in p)
    assert "Nơi nhận:" in signer_page
    fonts = subprocess.run(
        ["pdffonts", str(pdfs[key])], check=True, capture_output=True, encoding="utf-8"
    ).stdout
    names = {line.split()[0] for line in fonts.splitlines()[2:]}
    assert names
    assert all(re.search("TimesNewRoman|LiberationSerif|Times", n) for n in names), names


def test_rendered_appendix_restarts_its_page_numbers(
    exported: dict[str, Exported], pdfs: dict[str, Path]
) -> None:
    pages = _pages(pdfs["phu_lac"])
    appendix = next(i for i, p in enumerate(pages) if "DANH SÁCH PHÂN CÔNG" in p)
    top = next(line.strip() for line in pages[appendix].splitlines() if line.strip())
    assert top == "Phụ lục"  # its first page shows no number
    assert "Kèm theo Kế hoạch số" in pages[appendix]


def test_the_committed_template_is_what_build_template_makes(tmp_path: Path) -> None:
    fresh = tmp_path / "template.docx"
    build_template(fresh)
    with zipfile.ZipFile(TEMPLATE) as committed, zipfile.ZipFile(fresh) as built:
        for part in ("word/styles.xml", "word/document.xml", "word/settings.xml"):
            assert committed.read(part) == built.read(part), part


def test_tasks_of_no_section_are_printed_and_the_title_never_ends_the_body(tmp_path: Path) -> None:
    task = Task(TaskId("t"), "Làm 5 km đường\nbê tông", section_id=SectionId("gone"))
    bare = Plan(
        id="p",  # type: ignore[arg-type]
        system=System.PARTY,
        issuer=Issuer("ĐẢNG ỦY XÃ A"),
        title="Ra quân làm đường",
        tasks=(task,),
        closing=("   ",),
    )
    texts = [
        p.text for p in docx.Document(str(save(build_plan(bare), tmp_path / "a.docx"))).paragraphs
    ]
    assert "Ra quân làm đường" in texts  # the title keeps its own words
    assert "- Làm 5 km đường bê tông." in texts  # an undated Party draft: HD 05 ends with "."
    empty = dataclasses.replace(bare, tasks=())
    texts = [
        p.text for p in docx.Document(str(save(build_plan(empty), tmp_path / "b.docx"))).paragraphs
    ]
    assert not any(t.endswith("./.") for t in texts)
    assert "-----" in texts
