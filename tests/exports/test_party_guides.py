"""A plan typed in by the clerk, printed by the guide of its date.

The Party plan below is dated from 27/5/2026 (Hướng dẫn 05-HD/VPTW), before it (Hướng dẫn
36-HD/VPTW) and not at all (an undated draft: HD 05), and printed both ways the clerk can
choose for its tasks. Each rule of the checklist in document-format.md section 6 that a .docx
shows is read back with python-docx, style inheritance resolved.
"""

import dataclasses
import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from desktop_app import APP_NAME
from desktop_app.domain.deadlines import Deadline, DeadlineKind
from desktop_app.domain.guides import Guide, guide_for, guide_note, signing_authority
from desktop_app.domain.ids import AppendixId, RecipientId, SectionId, TaskId, UnitId
from desktop_app.domain.plans import (
    Appendix,
    AppendixKind,
    Issuer,
    Plan,
    Recipient,
    RecipientRole,
    Section,
    Signature,
    System,
    Task,
    UnitRef,
)
from desktop_app.domain.progress import ProgressEntry
from desktop_app.domain.reports import ProgressReport, progress_summary
from desktop_app.exports.plan_document import (
    build_appendices,
    build_decision,
    build_plan,
    build_report,
    decision_document,
    save,
)

UNITS = {
    "ca": UnitRef(UnitId("ca"), "Công an xã"),
    "vh": UnitRef(UnitId("vh"), "Phòng Văn hóa - Xã hội"),
    "dt": UnitRef(UnitId("dt"), "Đoàn Thanh niên xã"),
    "mt": UnitRef(UnitId("mt"), "Ủy ban MTTQ Việt Nam xã"),
}
DEADLINES = (
    Deadline(DeadlineKind.DATE, on=dt.date(2026, 7, 15), before=True),
    Deadline(DeadlineKind.MONTH, year=2026, month=9),
    Deadline(DeadlineKind.RECURRING, rrule="FREQ=MONTHLY;BYMONTHDAY=25"),
    Deadline(DeadlineKind.QUARTER, year=2026, quarter=4),
    Deadline(DeadlineKind.ONGOING, text="Thường xuyên"),
)


def typed_plan(day: dt.date | None, *, table: bool = False) -> Plan:
    """Five tasks typed in the editor: no body text about them."""
    tasks_section = Section(SectionId("s2"), "II.", "NHIỆM VỤ, GIẢI PHÁP", ())
    untitled = Section(SectionId("s3"), "1.", "", ("Các việc trọng tâm:",))
    tasks_section = dataclasses.replace(tasks_section, children=(untitled,))
    tasks = tuple(
        Task(
            TaskId(f"t{n}"),
            f"Nhiệm vụ thứ {n} về chuyển đổi số",
            lead=(UNITS["ca"] if n % 2 else UNITS["vh"],),
            support=(UNITS["dt"], UNITS["mt"]) if n != 3 else (),
            deadline=DEADLINES[n - 1],
            output="Báo cáo" if n == 1 else "",
            section_id=untitled.id if n <= 3 else tasks_section.id,
        )
        for n in range(1, 6)
    )
    appendices = (Appendix(AppendixId("a"), AppendixKind.TASKS, "Danh mục nhiệm vụ"),)
    return Plan(
        id="typed",  # type: ignore[arg-type]
        system=System.PARTY,
        issuer=Issuer("ĐẢNG ỦY XÃ PHÚ LẠC", parent="ĐẢNG BỘ TỈNH THÁI NGUYÊN"),
        title="Triển khai chuyển đổi số năm 2026",
        symbol="KH/ĐU",
        number=12 if day else None,
        place="Phú Lạc",
        date=day,
        bases=("Căn cứ Điều lệ Đảng;", "Căn cứ Quy định số 399-QĐ/TW;"),
        sections=(
            Section(SectionId("s1"), "I.", "MỤC ĐÍCH, YÊU CẦU", ("Nâng cao nhận thức.",)),
            tasks_section,
        ),
        tasks=tasks,
        closing=("Đề nghị các chi bộ, cơ quan, đơn vị thực hiện./.",),
        recipients=(
            Recipient(RecipientId("r1"), "Ban Thường vụ Tỉnh ủy", "(b/c)"),
            Recipient(RecipientId("r2"), "Các chi bộ trực thuộc"),
            Recipient(RecipientId("r3"), "Lưu Văn phòng Đảng ủy", role=RecipientRole.ARCHIVE),
        ),
        signature=Signature("K/T BÍ THƯ", "PHÓ BÍ THƯ", "Nguyễn Văn An"),
        appendices=appendices if table else (),
    )


def _read(document: Document, tmp_path: Path, name: str) -> Document:
    return docx.Document(str(save(document, tmp_path / name)))


def _styles(paragraph: Paragraph) -> Iterator[Any]:
    style = paragraph.style
    while style is not None:
        yield style
        style = style.base_style


def _effective(paragraph: Paragraph, name: str) -> Any:
    direct = getattr(paragraph.paragraph_format, name)
    if direct is not None:
        return direct
    return next(
        (v for s in _styles(paragraph) if (v := getattr(s.paragraph_format, name)) is not None),
        None,
    )


def _run_size(paragraph: Paragraph) -> set[float]:
    sizes = set()
    for run in paragraph.runs:
        if not run.text.strip():
            continue
        size = run.font.size or next((s.font.size for s in _styles(paragraph) if s.font.size), None)
        assert size is not None
        sizes.add(size.pt)
    return sizes


def _body(document: Document) -> list[Paragraph]:
    return [
        p
        for p in document.paragraphs
        if p.text.strip() and _effective(p, "first_line_indent") is not None
    ]


# --- which guide ---------------------------------------------------------------------------


def test_the_guide_follows_the_documents_date() -> None:
    assert guide_for(System.STATE, dt.date(2026, 6, 1)) is Guide.ND30
    assert guide_for(System.PARTY, dt.date(2026, 5, 26)) is Guide.HD36
    assert guide_for(System.PARTY, dt.date(2026, 5, 27)) is Guide.HD05
    assert guide_for(System.PARTY, None) is Guide.HD05  # an undated draft is signed later
    assert "05-HD/VPTW" in guide_note(System.PARTY, None)
    assert "chưa ghi ngày" in guide_note(System.PARTY, None)
    assert "36-HD/VPTW" in guide_note(System.PARTY, dt.date(2025, 1, 2))
    assert "30/2020" in guide_note(System.STATE, None)


def test_a_committee_never_signs_k_t_under_either_party_guide() -> None:
    assert signing_authority(Guide.HD05, "K/T BÍ THƯ", "ĐẢNG ỦY XÃ A") == "T/M ĐẢNG ỦY"
    assert signing_authority(Guide.HD05, "K/T BÍ THƯ", "CHI BỘ THÔN 3") == "T/M CHI BỘ"
    assert signing_authority(Guide.HD05, "K/T TRƯỞNG BAN", "BAN TỔ CHỨC") == "K/T TRƯỞNG BAN"
    # HD 36 point 1.7 said the same (document-format.md §3.8, §6 [HD36]).
    assert signing_authority(Guide.HD36, "K/T BÍ THƯ", "ĐẢNG ỦY XÃ A") == "T/M ĐẢNG ỦY"
    assert signing_authority(Guide.HD36, "K/T TRƯỞNG BAN", "BAN TỔ CHỨC") == "K/T TRƯỞNG BAN"
    assert signing_authority(Guide.HD05, "T/M BAN THƯỜNG VỤ", "ĐẢNG ỦY XÃ A") == (
        "T/M BAN THƯỜNG VỤ"
    )


# --- HD 05 on a typed-in plan --------------------------------------------------------------


@pytest.fixture(params=[dt.date(2026, 6, 1), None], ids=["dated", "undated"])
def hd05(request: pytest.FixtureRequest, tmp_path: Path) -> Document:
    return _read(build_plan(typed_plan(request.param)), tmp_path, "hd05.docx")


def test_hd05_page_margins_and_page_number(hd05: Document) -> None:
    section = hd05.sections[0]
    twips = [
        m.twips
        for m in (section.top_margin, section.bottom_margin, section.left_margin,
                  section.right_margin, section.header_distance)
        if m is not None
    ]  # fmt: skip
    for value, wanted in zip(twips, (1134, 1134, 1701, 850, 567), strict=True):
        assert abs(value - wanted) <= 28
    assert section.different_first_page_header_footer
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))
    header = section.header.paragraphs[0]
    assert [t.text.strip() for t in header._p.iter(qn("w:instrText"))] == ["PAGE"]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {r.font.size.pt for r in header.runs if r.font.size} == {14}
    assert not any(r.font.bold or r.font.italic for r in header.runs)


def test_hd05_header_title_and_dashes(hd05: Document) -> None:
    table = hd05.tables[0]
    parent, issuer, star = table.cell(0, 0).paragraphs
    assert parent.text == "ĐẢNG BỘ TỈNH THÁI NGUYÊN"
    assert not any(r.font.bold for r in parent.runs)
    assert issuer.text == "ĐẢNG ỦY XÃ PHÚ LẠC"
    assert all(r.font.bold for r in issuer.runs)
    assert star.text == "*"
    number = table.cell(1, 0).paragraphs[0].text
    assert re.fullmatch(r"Số (12| +)-KH/ĐU", number)
    texts = [p.text for p in hd05.paragraphs]
    kind = texts.index("KẾ HOẠCH")
    assert texts[kind + 1] == "Triển khai chuyển đổi số năm 2026"
    assert texts[kind + 2] == "-----"  # HD 05 5.2.1


def test_hd05_content_paragraphs(hd05: Document) -> None:
    body = _body(hd05)
    for paragraph in body:
        assert _effective(paragraph, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert 510 <= _effective(paragraph, "first_line_indent").twips <= 624  # about 10 mm
        assert _effective(paragraph, "space_after") >= Pt(6)
        assert _effective(paragraph, "line_spacing_rule") == WD_LINE_SPACING.EXACTLY
        assert Pt(18) <= _effective(paragraph, "line_spacing") <= Pt(22)
        assert _run_size(paragraph) <= {14, 15}
    bases = [p.text for p in body if "Căn cứ" in p.text]
    assert bases == ["- Căn cứ Điều lệ Đảng;", "- Căn cứ Quy định số 399-QĐ/TW."]
    assert body[-1].text.endswith("thực hiện.")  # "." and not "./."


def test_hd05_recipients_and_signature(hd05: Document) -> None:
    table = next(t for t in hd05.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    head, *lines = table.cell(0, 0).paragraphs
    run = head.runs[0]
    assert (run.font.size.pt, bool(run.font.underline)) == (14, True)
    assert not run.font.bold
    assert not run.font.italic
    assert [p.text for p in lines] == [
        "- Ban Thường vụ Tỉnh ủy (b/c);",
        "- Các chi bộ trực thuộc;",
        "- Lưu Văn phòng Đảng ủy.",
    ]
    assert all(r.font.size.pt == 12 for p in lines for r in p.runs)
    authority, position, name = [p for p in table.cell(0, 1).paragraphs if p.text.strip()]
    assert authority.text == "T/M ĐẢNG ỦY"  # typed "K/T BÍ THƯ": a cấp ủy signs T/M
    assert all(r.font.bold for r in authority.runs)
    assert position.text == "PHÓ BÍ THƯ"
    assert not any(r.font.bold for r in position.runs)
    assert name.text == "Nguyễn Văn An"
    assert all(r.font.bold for r in name.runs)


def test_before_27_5_2026_the_same_plan_keeps_the_hd36_layout(tmp_path: Path) -> None:
    document = _read(build_plan(typed_plan(dt.date(2026, 5, 26))), tmp_path, "hd36.docx")
    section = document.sections[0]
    assert section.header_distance is None or abs(section.header_distance.twips - 567) > 28
    body = _body(document)
    assert all(_effective(p, "first_line_indent").twips == 720 for p in body)
    assert all(_effective(p, "line_spacing_rule") != WD_LINE_SPACING.EXACTLY for p in body)
    table = next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    _, position = [p for p in table.cell(0, 1).paragraphs if p.text.strip()][:2]
    assert all(r.font.bold for r in position.runs)
    assert table.cell(0, 0).paragraphs[1].text.endswith(",")


# --- the tasks, both ways ------------------------------------------------------------------


def test_a_typed_plan_prints_every_task_with_its_units_and_deadline(tmp_path: Path) -> None:
    document = _read(build_plan(typed_plan(dt.date(2026, 6, 1))), tmp_path, "inline.docx")
    texts = [p.text for p in document.paragraphs]
    assert (
        "- Nhiệm vụ thứ 1 về chuyển đổi số. Cơ quan chủ trì: Công an xã; phối hợp: Đoàn "
        "Thanh niên xã, Ủy ban MTTQ Việt Nam xã; thời gian: trước ngày 15/7/2026." in texts
    )
    assert any(
        t.startswith("- Nhiệm vụ thứ 2") and "thời gian: trong tháng 9/2026" in t for t in texts
    )
    assert (
        "- Nhiệm vụ thứ 3 về chuyển đổi số. Cơ quan chủ trì: Công an xã; thời gian: "
        "ngày 25 hằng tháng." in texts
    )
    assert any(t.startswith("- Nhiệm vụ thứ 4") and "quý IV" in t for t in texts)
    assert any(t.endswith("thời gian: Thường xuyên.") for t in texts)
    # an untitled "1." leads its paragraph; each task follows its section's own text
    assert "1." not in texts
    assert texts.index("1. Các việc trọng tâm:") < next(
        i for i, t in enumerate(texts) if t.startswith("- Nhiệm vụ thứ 1")
    )


def test_a_plan_with_a_task_table_lists_its_tasks_there(tmp_path: Path) -> None:
    plan = typed_plan(dt.date(2026, 6, 1), table=True)
    document = _read(build_plan(plan), tmp_path, "table.docx")
    texts = [p.text for p in document.paragraphs]
    assert not any(t.startswith("- Nhiệm vụ thứ") for t in texts)
    reference = [t for t in texts if "tại Phụ lục kèm theo Kế hoạch này" in t]
    assert len(reference) == 1
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian hoàn thành", "Sản phẩm",
    ]  # fmt: skip
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    # the untitled "1." joins the titled section above it: no bare "1." group row
    assert rows[0][0] == "II. NHIỆM VỤ, GIẢI PHÁP"
    assert not any(row[0] == "1." for row in rows)
    tasks = [row for row in rows if row[0].isdigit()]
    assert len(tasks) == 5
    assert tasks[0] == [
        "1",
        "Nhiệm vụ thứ 1 về chuyển đổi số",
        "Công an xã",
        "Đoàn Thanh niên xã, Ủy ban MTTQ Việt Nam xã",
        "trước ngày 15/7/2026",
        "Báo cáo",
    ]
    for row in table.rows[1:]:  # no row splits; a group row stays with the row under it
        properties = row._tr.trPr
        assert properties is not None
        assert properties.find(qn("w:cantSplit")) is not None
        if not row.cells[0].text.isdigit():
            assert all(p.paragraph_format.keep_with_next for p in row.cells[0].paragraphs)


def test_party_appendices_are_numbered_in_arabic_digits(tmp_path: Path) -> None:
    plan = typed_plan(dt.date(2026, 6, 1), table=True)
    plan = dataclasses.replace(
        plan,
        appendices=(
            *plan.appendices,
            Appendix(AppendixId("b"), AppendixKind.TEXT, "Ghi chú", paragraphs=("Một đoạn.",)),
        ),
    )
    document = _read(build_appendices(plan), tmp_path, "appendices.docx")
    texts = [p.text for p in document.paragraphs]
    assert "Phụ lục 1" in texts
    assert "Phụ lục 2" in texts
    for section in document.sections:  # page numbers restart in each appendix
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


def test_the_party_report_follows_its_own_date(tmp_path: Path) -> None:
    plan = typed_plan(dt.date(2026, 6, 1))
    report = ProgressReport(
        id="r",  # type: ignore[arg-type]
        plan_id=plan.id,
        date=dt.date(2026, 10, 1),
        number=3,
        signature=plan.signature,
        recipients=plan.recipients,
    )
    entries: list[ProgressEntry] = []
    summary = progress_summary(plan, entries, {}, {}, report.date)
    document = _read(build_report(plan, report, summary), tmp_path, "report.docx")
    assert document.tables[0].cell(1, 0).paragraphs[0].text == "Số 03-BC/ĐU"
    assert all(
        _effective(p, "line_spacing_rule") == WD_LINE_SPACING.EXACTLY for p in _body(document)
    )
    table = next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    assert table.cell(0, 1).paragraphs[0].text == "T/M ĐẢNG ỦY"


# --- the file itself -----------------------------------------------------------------------


def test_two_sided_printing_mirrors_the_margins(tmp_path: Path) -> None:
    plan = typed_plan(dt.date(2026, 6, 1))
    mirrored = _read(build_plan(plan, two_sided=True), tmp_path, "two.docx")
    assert mirrored.settings.element.find(qn("w:mirrorMargins")) is not None
    single = _read(build_plan(plan), tmp_path, "one.docx")
    assert single.settings.element.find(qn("w:mirrorMargins")) is None


def test_the_file_opens_without_compatibility_mode_and_names_this_program(
    tmp_path: Path,
) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    path = save(build_plan(typed_plan(None)), tmp_path / "file.docx")
    document = docx.Document(str(path))
    modes = [
        s.get(qn("w:val"))
        for s in document.settings.element.iter(qn("w:compatSetting"))
        if s.get(qn("w:name")) == "compatibilityMode"
    ]
    assert modes == ["15"]
    properties = document.core_properties
    assert properties.created is not None
    assert properties.created.replace(tzinfo=None) >= before - dt.timedelta(seconds=1)
    assert properties.modified == properties.created
    with zipfile.ZipFile(path) as package:
        app = package.read("docProps/app.xml").decode("utf-8")
    assert f"<Application>{APP_NAME} " in app
    assert "Microsoft" not in app


# --- the decision issuing a plan -----------------------------------------------------------


@pytest.mark.parametrize("system", [System.PARTY, System.STATE])
def test_the_decision_issuing_a_plan_follows_the_same_guide(tmp_path: Path, system: System) -> None:
    plan = typed_plan(dt.date(2026, 6, 1))
    if system is System.STATE:
        plan = dataclasses.replace(
            plan,
            system=System.STATE,
            issuer=Issuer("ỦY BAN NHÂN DÂN XÃ PHÚ LẠC"),
            symbol="KH-UBND",
            signature=Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"),
        )
    document = _read(build_decision(plan), tmp_path, "qd.docx")
    number = document.tables[0].cell(1, 0).paragraphs[0].text
    texts = [p.text for p in document.paragraphs]
    assert "QUYẾT ĐỊNH" in texts
    assert "QUYẾT ĐỊNH:" in texts
    subject = "việc ban hành Kế hoạch triển khai chuyển đổi số năm 2026"
    assert ("về " if system is System.PARTY else "Về ") + subject in texts
    article = next(p for p in document.paragraphs if p.text.startswith("Điều 1."))
    assert "Ban hành kèm theo Quyết định này Kế hoạch triển khai chuyển đổi số" in article.text
    assert article.runs[0].text.startswith("Điều 1.")
    assert article.runs[0].bold
    body = _body(document)
    table = next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    lines = [p.text for p in table.cell(0, 0).paragraphs[1:]]
    assert lines[0].startswith("- Như Điều 3")
    assert lines[-1].startswith("- Lưu")
    if system is System.PARTY:  # HD 05: "Số   -QĐ/ĐU", "-" căn cứ, ".", T/M, Exactly
        assert re.fullmatch(r"Số +-QĐ/ĐU", number)
        assert body[0].text.startswith("- Căn cứ")
        assert body[-1].text.endswith("Quyết định này.")
        assert all(_effective(p, "line_spacing_rule") == WD_LINE_SPACING.EXACTLY for p in body)
        assert table.cell(0, 1).paragraphs[0].text == "T/M ĐẢNG ỦY"
        assert lines[0] == "- Như Điều 3;"
    else:  # NĐ 30: "Số:   /QĐ-UBND", italic căn cứ, "./."
        assert re.fullmatch(r"Số: +/QĐ-UBND", number)
        assert all(r.font.italic for r in body[0].runs if r.text.strip())
        assert body[-1].text.endswith("Quyết định này./.")
        assert table.cell(0, 1).paragraphs[0].text == "TM. ỦY BAN NHÂN DÂN"


@pytest.mark.parametrize("system", [System.PARTY, System.STATE])
def test_a_decision_names_the_plan_once_and_always_ends_with_the_archive_line(
    system: System,
) -> None:
    # A plan typed in with its title starting "Kế hoạch ..." and no Nơi nhận yet.
    plan = dataclasses.replace(
        typed_plan(dt.date(2026, 6, 1)),
        system=system,
        symbol="KH/ĐU" if system is System.PARTY else "KH-UBND",
        title="Kế hoạch tổ chức Tháng hành động vì môi trường năm 2026",
        recipients=(),
    )
    decision = decision_document(plan, 3)
    assert decision.title.endswith(
        "ban hành Kế hoạch tổ chức Tháng hành động vì môi trường năm 2026"
    )
    article = decision.sections[0].paragraphs[0]
    assert "Kế hoạch kế hoạch" not in article
    lines = [r.text for r in decision.recipients]
    assert lines[0] == "Như Điều 3"
    assert lines[-1] == ("Lưu Văn phòng Đảng ủy" if system is System.PARTY else "Lưu: VT")
    assert decision.number_line == ("Số 03-QĐ/ĐU" if system is System.PARTY else "Số: 03/QĐ-UBND")
