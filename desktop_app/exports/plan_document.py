"""The plan, its appendices and the progress report as official Word documents.

One writer prints all three by the rules the document's system and date call for
(``domain.guides``): Nghị định 30/2020/NĐ-CP for the state, Hướng dẫn 36-HD/VPTW for Party
documents dated before 27/5/2026, Hướng dẫn 05-HD/VPTW from that day and for undated
Party drafts. Header, "KẾ HOẠCH" or "BÁO CÁO" and the trích yếu, the legal bases, the body
from the section tree with every task and who does it by when, the guide's ending, then
Nơi nhận and the signature. Every value that differs between the guides is read from their
row of ``GUIDE_RULES``. Each appendix starts a section of its own, with its own page
numbers, in landscape when its table needs the width. Everything comes from the domain
objects; nothing is retyped.
"""

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import assert_never

from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section as DocxSection
from docx.shared import Cm, Length, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table

from desktop_app.domain.errors import UserError
from desktop_app.domain.guides import (
    GUIDE_RULES,
    Guide,
    GuideRules,
    SubjectRule,
    guide_for,
    signing_authority,
)
from desktop_app.domain.hamlet_lists import hamlet_list_text
from desktop_app.domain.ids import RecipientId, SectionId
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
    attached_line,
    document_number_line,
    place_date_line,
)
from desktop_app.domain.printed import (
    TASK_TABLE_COLUMNS,
    appendix_heading,
    heading_text,
    loose_task_lines,
    sections_with_tasks,
    task_table_rows,
)
from desktop_app.domain.recipients import archive_line
from desktop_app.domain.reports import (
    ProgressReport,
    ProgressSummary,
    report_closing,
    report_preamble,
    report_sections,
    report_symbol,
    report_title,
)
from desktop_app.exports.docx_layout import (
    CENTER,
    JUSTIFY,
    LEFT,
    ParagraphContainer,
    add_field,
    add_text,
    cell_paragraph,
    estimated_text_width,
    flag_problems,
    gap_after_table,
    highlight_flags,
    keep_row_on_one_page,
    new_document,
    nfc,
    official_header,
    page_numbers_from_second_page,
    repeat_as_header_row,
    set_column_widths,
    set_page,
    set_table_borders,
    signature_block,
    style_run,
    subject_separator,
    text_width,
)
from desktop_app.exports.files import write_atomically


@dataclass(frozen=True)
class OfficialDocument:
    """What an official document prints, in the order it prints it."""

    system: System
    date: dt.date | None  # the signing date: it chooses the guide
    issuer: Issuer
    number_line: str
    place_date: str
    kind: str  # "KẾ HOẠCH", "BÁO CÁO"
    type_line: str  # "CỦA BAN THƯỜNG VỤ TỈNH ỦY", or ""
    title: str
    bases: tuple[str, ...]
    preamble: tuple[str, ...]
    sections: tuple[Section, ...]
    closing: tuple[str, ...]
    recipients: tuple[Recipient, ...]
    signature: Signature
    loose: tuple[str, ...] = ()  # paragraphs after the sections: tasks of no section
    enacting: str = ""  # "QUYẾT ĐỊNH:" between a decision's bases and its articles
    two_sided: bool = False  # printed on both sides: mirror margins where the guide says

    @property
    def guide(self) -> Guide:
        return guide_for(self.system, self.date)

    @property
    def rules(self) -> GuideRules:
        return GUIDE_RULES[self.guide]


def plan_document(plan: Plan, *, two_sided: bool = False) -> OfficialDocument:
    """The plan as an official document.

    Tasks the body does not mention (a plan typed in the editor) are printed in the section
    they belong to with their units and deadline, or, when the plan has a task-table
    appendix, listed there and referred to once from the body. An imported plan's body
    already says all of it and is printed as written.
    """
    return OfficialDocument(
        system=plan.system,
        date=plan.date,
        issuer=plan.issuer,
        number_line=document_number_line(plan.system, plan.number, plan.symbol),
        place_date=_place_date(plan.place, plan.date),
        kind=_kind_name(plan.doc_type),
        type_line=plan.type_line,
        title=plan.title,
        bases=plan.bases,
        preamble=plan.preamble,
        sections=sections_with_tasks(plan),
        closing=plan.closing,
        recipients=plan.recipients,
        signature=plan.signature,
        loose=loose_task_lines(plan),
        two_sided=two_sided,
    )


def report_document(
    plan: Plan, report: ProgressReport, summary: ProgressSummary, *, two_sided: bool = False
) -> OfficialDocument:
    """The progress report on ``plan``, from the same issuing body, by its own date's rules."""
    return OfficialDocument(
        system=plan.system,
        date=report.date,
        issuer=plan.issuer,
        number_line=document_number_line(plan.system, report.number, report_symbol(plan)),
        place_date=_place_date(plan.place, report.date),
        kind="BÁO CÁO",
        type_line="",
        title=report_title(plan),
        bases=(),
        preamble=(report_preamble(plan, report),),
        sections=report_sections(plan, report, summary),
        closing=(report_closing(plan),),
        recipients=report.recipients,
        signature=report.signature,
        two_sided=two_sided,
    )


def decision_symbol(plan: Plan) -> str:
    """The decision's symbol from its plan's: "KH-UBND" -> "QĐ-UBND", "KH/ĐU" -> "QĐ/ĐU"."""
    symbol = plan.symbol or ("KH-UBND" if plan.system is System.STATE else "KH/ĐU")
    return re.sub(r"^[^/\-]+", "QĐ", symbol, count=1)


def decision_document(
    plan: Plan, number: int | None = None, *, two_sided: bool = False
) -> OfficialDocument:
    """The decision issuing the plan (Quyết định ban hành Kế hoạch), dated as the plan.

    Its bases are the plan's; Điều 1 issues the plan, Điều 2 sets when it takes effect,
    Điều 3 names who carries it out; it goes to them ("Như Điều 3"), to the plan's readers
    above the office and to the archive. ``number`` is the one its register gave (QĐ);
    None leaves it blank, for a draft.
    """
    subject = " ".join(plan.title.split())
    # A title typed as "Kế hoạch tổ chức ..." names the kind itself: not "Kế hoạch kế hoạch".
    subject = re.sub(r"^kế hoạch\s+", "", subject, flags=re.IGNORECASE)
    if len(subject) > 1 and subject[0].isupper() and subject[1].islower():
        subject = subject[0].lower() + subject[1:]
    named = f"Kế hoạch {subject}".strip()
    articles = (
        ("Điều 1.", f"Ban hành kèm theo Quyết định này {named}."),
        ("Điều 2.", "Quyết định này có hiệu lực kể từ ngày ký."),
        (
            "Điều 3.",
            "Các cơ quan, đơn vị, cá nhân có tên trong Kế hoạch và các cơ quan, đơn vị có "
            "liên quan chịu trách nhiệm thi hành Quyết định này.",
        ),
    )
    sections = tuple(
        Section(SectionId(f"decision-{n}"), label, "", (text,))
        for n, (label, text) in enumerate(articles, start=1)
    )
    readers = [r for r in plan.recipients if r.role is RecipientRole.TO and "b/c" in r.note]
    archive = [r for r in plan.recipients if r.role is RecipientRole.ARCHIVE] or [
        # Nơi nhận always ends with the archive (NĐ 30 II.9; HD 05 mục 9), even before the
        # plan has its own list.
        Recipient(
            RecipientId("decision-archive"),
            archive_line(plan.system, ()),
            role=RecipientRole.ARCHIVE,
        )
    ]
    recipients = (
        Recipient(RecipientId("decision-as-article-3"), "Như Điều 3"),
        *readers,
        *archive,
    )
    return OfficialDocument(
        system=plan.system,
        date=plan.date,
        issuer=plan.issuer,
        number_line=document_number_line(plan.system, number, decision_symbol(plan)),
        place_date=_place_date(plan.place, plan.date),
        kind="QUYẾT ĐỊNH",
        type_line="",
        # Party trích yếu are written in lower case (HD 05 Phụ lục 2 row 5a).
        title=f"{'về' if plan.system is System.PARTY else 'Về'} việc ban hành {named}",
        bases=plan.bases,
        preamble=(),
        sections=sections,
        closing=(),
        recipients=recipients,
        signature=plan.signature,
        enacting="QUYẾT ĐỊNH:",
        two_sided=two_sided,
    )


def _place_date(place: str, day: dt.date | None) -> str:
    """The date line; with neither place nor date, dots and gaps to fill in by hand."""
    return place_date_line(place, day) or "……, ngày      tháng      năm      "


_KIND_NAMES = {
    "KH": "KẾ HOẠCH",
    "BC": "BÁO CÁO",
    "CTr": "CHƯƠNG TRÌNH",
    "HD": "HƯỚNG DẪN",
    "TB": "THÔNG BÁO",
    "PA": "PHƯƠNG ÁN",
}


def _kind_name(doc_type: str) -> str:
    return _KIND_NAMES.get(doc_type.strip(), "KẾ HOẠCH")


# --- writing ---------------------------------------------------------------------------------


def _new_official(doc: OfficialDocument) -> Document:
    document = new_document(rules=doc.rules, two_sided=doc.two_sided)
    page_numbers_from_second_page(document.sections[0], doc.rules)
    return document


def _header(document: Document, doc: OfficialDocument) -> None:
    official_header(
        document, doc.guide, doc.issuer.name, doc.issuer.parent, doc.number_line, doc.place_date
    )


def _title(document: Document, doc: OfficialDocument) -> None:
    rules = doc.rules
    add_text(document, doc.kind, size=rules.kind, bold=True, space_before=18, keep_with_next=True)
    if doc.type_line.strip():
        add_text(
            document, doc.type_line.strip().upper(), size=rules.subject, bold=True,
            keep_with_next=True,
        )  # fmt: skip
    lines = centred_lines(document, doc.title, rules.subject, bold=True)
    longest = max(
        (estimated_text_width(line, rules.subject, bold=True) for line in lines),
        default=estimated_text_width(doc.kind, rules.kind, bold=True),
    )
    subject_separator(document, rules, Length(min(longest, text_width(document.sections[-1]))))


@dataclass(frozen=True)
class BodyStyles:
    """The paragraph styles of the body: one style reference per paragraph.

    Direct formatting costs python-docx about a millisecond a paragraph, and a 30-page plan
    then missed its half-second budget. The clerk sees the styles in Word as "Nội dung văn
    bản", ready to reuse.
    """

    body: ParagraphStyle
    keep: ParagraphStyle  # a heading or the closing: stays on the page of what follows


def body_styles(document: Document, rules: GuideRules) -> BodyStyles:
    """Add (or find) the body styles: justified, the guide's indent, spacing and line height."""
    styles = document.styles
    names = ("Nội dung văn bản", "Nội dung văn bản (giữ với đoạn sau)")
    found = {s.name: s for s in styles if isinstance(s, ParagraphStyle) and s.name in names}
    if len(found) == len(names):
        return BodyStyles(found[names[0]], found[names[1]])
    body = styles.add_style(names[0], WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(body, ParagraphStyle)
    body.base_style = styles["Normal"]
    body.font.size = Pt(rules.body)
    fmt = body.paragraph_format
    fmt.alignment = JUSTIFY
    fmt.first_line_indent = Mm(rules.first_line_indent)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(rules.space_after)
    if rules.line_exact is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(rules.line_exact)
    else:
        fmt.line_spacing = rules.line_multiple
    fmt.widow_control = True
    keep = styles.add_style(names[1], WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(keep, ParagraphStyle)
    keep.base_style = body
    keep.paragraph_format.keep_with_next = True
    return BodyStyles(body, keep)


def centred_lines(
    document: Document,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    space_after: float = 0,
) -> list[str]:
    """One centred paragraph of ``text``; returns its lines as the source broke them.

    For titles and the "Kèm theo" line. Word wraps the text; a line break is written only
    where the source had one. Nothing is written for empty text.
    """
    # Spaces inside a line stay: "số       /KH-UBND" leaves room to write the number in.
    lines = [line.strip() for line in nfc(text).strip().splitlines()]
    lines = [line for line in lines if line]
    if lines:
        paragraph = add_text(
            document, "", size=size, keep_with_next=not space_after, space_after=space_after
        )
        for index, line in enumerate(lines):
            run = style_run(paragraph.add_run(line), size=size, bold=bold, italic=italic)
            if index < len(lines) - 1:
                run.add_break()
    return lines


def body_paragraph(
    container: ParagraphContainer,
    parts: Sequence[tuple[str, bool, bool]],
    style: ParagraphStyle,
) -> None:
    """A body paragraph in ``style``, of (text, bold, italic) runs written as raw runs."""
    paragraph = container.add_paragraph()
    paragraph._p.style = style.style_id  # python-docx's setter scans every style each time
    for raw, bold, italic in parts:
        text = nfc(raw)
        if not text:
            continue
        run = OxmlElement("w:r")
        if bold or italic:
            properties = OxmlElement("w:rPr")
            for flag, tag in ((bold, "w:b"), (italic, "w:i")):
                if flag:
                    properties.append(OxmlElement(tag))
            run.append(properties)
        element = OxmlElement("w:t")
        element.set(qn("xml:space"), "preserve")
        element.text = text
        run.append(element)
        paragraph._p.append(run)


def _heading_style(section: Section, depth: int) -> tuple[bool, bool]:
    """A heading's (bold, italic) (Phụ lục I, II.6 and mục V row 6b).

    Roman parts and titled khoản are bold, "3.1." bold italic; a point "a)" and an untitled
    "1." regular.
    """
    if section.label.strip().startswith("Điều"):
        return True, False  # "Điều 1." bold (NĐ 30 II.6; HD 05 Phụ lục 2 row 6)
    if not section.title.strip():
        return False, False
    if section.label.strip().rstrip(")").isalpha() and depth > 0:
        return False, True
    return True, depth >= 2


def _section(document: Document, section: Section, depth: int, styles: BodyStyles) -> None:
    """Write one section: its heading (run in or on its own line), paragraphs, children."""
    bold, italic = _heading_style(section, depth)
    heading = heading_text(section)
    paragraphs = list(section.paragraphs)
    # A label without a title ("1.") leads its first paragraph instead of standing alone.
    if paragraphs and (section.run_in or not section.title.strip()):
        first = paragraphs.pop(0)
        joint = "" if not section.title.strip() or heading.endswith(":") else ":"
        head = f"{heading}{joint} " if heading else ""
        body_paragraph(document, [(head, bold, italic), (first, False, False)], styles.body)
    elif heading:
        body_paragraph(document, [(heading, bold, italic)], styles.keep)
    for text in paragraphs:
        body_paragraph(document, [(text, False, False)], styles.body)
    for child in section.children:
        _section(document, child, depth + 1, styles)


def _ended(text: str, ending: str) -> str:
    """The content's last words followed by the guide's ending ("./." or ".")."""
    stripped = text.rstrip()
    if (stripped.endswith(ending) and not stripped.endswith("./.")) or (
        stripped.endswith("./.") and ending == "./."
    ):
        return stripped
    return stripped.removesuffix("./.").rstrip(".;:,") + ending


def _basis_text(doc: OfficialDocument, index: int) -> str:
    """Bases end ";" and the last one "." (NĐ 30 II.6; HD 05 6.2.3 also puts "-" first).

    A last basis that runs on into the preamble ("...,") is left as written.
    """
    text = doc.bases[index].strip()
    if index == len(doc.bases) - 1 and text.endswith(";"):
        text = text[:-1] + "."
    prefix = doc.rules.basis_prefix
    if prefix and not text.startswith(prefix.strip()):
        text = prefix + text
    return text


def _body(document: Document, doc: OfficialDocument) -> None:
    rules = doc.rules
    styles = body_styles(document, rules)
    for index in range(len(doc.bases)):
        body_paragraph(
            document, [(_basis_text(doc, index), False, rules.bases_italic)], styles.body
        )
    for text in doc.preamble:
        body_paragraph(document, [(text, False, False)], styles.body)
    if doc.enacting:
        add_text(
            document, doc.enacting, size=rules.body, bold=True, space_before=6, space_after=6,
            keep_with_next=True,
        )  # fmt: skip
    for section in doc.sections:
        _section(document, section, 0, styles)
    for text in doc.loose:
        body_paragraph(document, [(text, False, False)], styles.body)
    closing = [text for text in doc.closing if text.strip()]
    if closing:
        closing[-1] = _ended(closing[-1], rules.ending)
        for text in closing:  # never leave the signature alone on the last page
            body_paragraph(document, [(text, False, False)], styles.keep)
    else:
        _end_body(document, rules.ending)


def _end_body(document: Document, ending: str) -> None:
    """Put the ending after the body's last words (never on the title: it ends the body)."""
    body_style_ids = {s.style_id for s in document.styles if s.name.startswith("Nội dung văn bản")}
    for paragraph in reversed(document.paragraphs):
        if paragraph._p.style not in body_style_ids:
            return  # back at the title: the document has no body
        texts = list(paragraph._p.iter(qn("w:t")))
        if texts and paragraph.text.strip():
            texts[-1].text = _ended(texts[-1].text or "", ending)
            return


def recipient_lines(
    rules: GuideRules, recipients: Sequence[Recipient]
) -> tuple[list[str], list[str]]:
    """The Nơi nhận lines and the "Đồng kính gửi" lines, punctuated as the guide says.

    Each line ends with the guide's separator (";" for NĐ 30 and HD 05, "," as the Party
    plans issued under HD 36 print it), the last line of each list with "."; the archive
    line comes last.
    """
    ordered = [r for r in recipients if r.role is RecipientRole.TO]
    ordered += [r for r in recipients if r.role is RecipientRole.ARCHIVE]
    copies = [r for r in recipients if r.role is RecipientRole.CC]
    separator = rules.recipient_separator

    def lines(items: Sequence[Recipient]) -> list[str]:
        texts = [" ".join(f"{r.text.strip()} {r.note.strip()}".split()) for r in items]
        texts = [t.rstrip(" ;,.") for t in texts if t.strip(" ;,.-")]
        return [
            f"- {t.lstrip('- ')}{'.' if i == len(texts) - 1 else separator}"
            for i, t in enumerate(texts)
        ]

    return lines(ordered), lines(copies)


def _closing_block(document: Document, doc: OfficialDocument) -> None:
    sent, copies = recipient_lines(doc.rules, doc.recipients)
    signature = doc.signature
    signature_block(
        document,
        sent,
        signing_authority(doc.guide, signature.authority, doc.issuer.name),
        signature.position,
        signature.signer,
        rules=doc.rules,
        copies=copies,
    )


def build_document(doc: OfficialDocument) -> Document:
    """The whole main document: header, title, body, Nơi nhận and signature."""
    document = _new_official(doc)
    _header(document, doc)
    _title(document, doc)
    _body(document, doc)
    _closing_block(document, doc)
    return document


# --- appendices ----------------------------------------------------------------------------


def needs_landscape(appendix: Appendix) -> bool:
    """The task table's six columns need the width of a landscape page."""
    return appendix.kind is AppendixKind.TASKS


def _start_section(
    document: Document, rules: GuideRules, *, landscape: bool, first: bool
) -> DocxSection:
    """A new section on a new page, numbered from 1, its number hidden on its first page."""
    if first:
        section = document.sections[-1]
        set_page(section, rules, landscape=landscape)
    else:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        set_page(section, rules, landscape=landscape)
        # Unlinked headers start empty: the appendix gets its own page number field.
        section.header.is_linked_to_previous = False
        section.first_page_header.is_linked_to_previous = False
    return section


def _restart_numbering(section: DocxSection, size: int) -> None:
    properties = section._sectPr
    old = properties.find(qn("w:pgNumType"))
    if old is not None:
        properties.remove(old)
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    # w:pgNumType comes after w:pgMar/w:paperSrc/w:pgBorders/w:lnNumType in CT_SectPr.
    properties.insert_element_before(
        numbering,
        "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
        "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
    )  # fmt: skip
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    if not header.runs:
        header.alignment = CENTER
        add_field(header, "PAGE", size=size)


def _grid_table(
    document: Document,
    titles: Sequence[str],
    widths: Sequence[Length],
    rows: Sequence[Sequence[str] | str],
    size: int,
) -> Table:
    """A bordered table: bold header row repeated on every page, no row split across pages.

    A row given as a plain string is a group heading across all columns, in bold, kept on
    the page of the row under it.
    """
    table: Table = document.add_table(rows=1 + len(rows), cols=len(titles))
    set_table_borders(table, size=4)
    set_column_widths(table, widths)
    header = table.rows[0]
    repeat_as_header_row(header)
    keep_row_on_one_page(header)
    for column, title in enumerate(titles):
        cell = header.cells[column]
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        cell_paragraph(cell, title, size=size, bold=True, space_before=3, space_after=3)
    for index, values in enumerate(rows, start=1):
        row = table.rows[index]
        keep_row_on_one_page(row)
        if isinstance(values, str):
            merged = row.cells[0].merge(row.cells[-1])
            cell_paragraph(
                merged, values, size=size, bold=True, align=LEFT, space_before=2, space_after=2,
                keep_with_next=True,
            )  # fmt: skip
            continue
        for column, text in enumerate(values):
            cell = row.cells[column]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            align = CENTER if column == 0 or (len(values) > 3 and column == 4) else LEFT
            for line in text.split("\n") or [""]:
                cell_paragraph(cell, line, size=size, align=align, space_before=2, space_after=2)
    # A taller paragraph after a table that fills its page spilled onto a blank last page.
    gap_after_table(document, 1)
    return table


def _assignment_rows(plan: Plan) -> list[Sequence[str]]:
    rows: list[Sequence[str]] = []
    for index, assignment in enumerate(plan.assignments, start=1):
        name = " ".join(f"{assignment.prefix} {assignment.unit.name}".split())
        hamlets = hamlet_list_text([h.name for h in assignment.hamlets])
        if assignment.note.strip():
            hamlets = f"{hamlets}\n({assignment.note.strip()})" if hamlets else assignment.note
        rows.append((str(index), name, hamlets))
    return rows


def _appendix(document: Document, plan: Plan, appendix: Appendix, rules: GuideRules) -> None:
    add_text(
        document,
        appendix_heading(plan, appendix, rules),
        size=rules.body,
        bold=True,
        keep_with_next=True,
    )
    centred_lines(document, appendix.title.upper(), rules.body, bold=True)
    attached = attached_line(plan)
    if rules.subject_rule is SubjectRule.DASHES:  # HD 05's own appendices close with "-----"
        centred_lines(document, attached, rules.body, italic=True)
        subject_separator(document, rules, Length(0))
    else:
        centred_lines(document, attached, rules.body, italic=True, space_after=12)
    for text in appendix.paragraphs:
        body_paragraph(document, [(text, False, False)], body_styles(document, rules).body)
    available = text_width(document.sections[-1])
    match appendix.kind:
        case AppendixKind.ASSIGNMENT:
            widths = _share(available, (1.2, 7.0))
            _grid_table(
                document,
                ("TT", "Tên cơ quan, đơn vị", "Phụ trách xóm"),
                widths,
                _assignment_rows(plan),
                rules.table,
            )
        case AppendixKind.TASKS:
            widths = _share(available, (1.1, 9.4, 3.8, 4.2, 3.4))
            _grid_table(
                document,
                TASK_TABLE_COLUMNS,
                widths,
                task_table_rows(plan),
                rules.table,
            )
        case AppendixKind.TEXT:
            pass  # its paragraphs are all it has
        case unknown:
            assert_never(unknown)


def _share(available: Length, fixed_cm: Sequence[float]) -> list[Length]:
    """Column widths: the given ones in cm, the last column takes what is left."""
    widths: list[Length] = [Cm(w) for w in fixed_cm]
    rest = available - sum(widths)
    if rest < Cm(2.5):  # a narrow page: scale everything to fit
        scale = available / (sum(widths) + Cm(2.5))
        widths = [Length(round(w * scale)) for w in widths]
        rest = available - sum(widths)
    return [*widths, Length(rest)]


def _add_appendices(
    document: Document, plan: Plan, appendices: Sequence[Appendix], *, fresh: bool
) -> None:
    rules = GUIDE_RULES[guide_for(plan.system, plan.date)]
    for index, appendix in enumerate(appendices):
        section = _start_section(
            document, rules, landscape=needs_landscape(appendix), first=fresh and index == 0
        )
        _restart_numbering(section, rules.page_number)
        _appendix(document, plan, appendix, rules)


def build_plan(plan: Plan, *, with_appendices: bool = True, two_sided: bool = False) -> Document:
    """The plan, followed by its appendices unless ``with_appendices`` is False."""
    document = build_document(plan_document(plan, two_sided=two_sided))
    if with_appendices and plan.appendices:
        _add_appendices(document, plan, plan.appendices, fresh=False)
    return document


def build_appendices(
    plan: Plan, appendices: Sequence[Appendix] | None = None, *, two_sided: bool = False
) -> Document:
    """The plan's appendices alone (or the ones given), each numbered from its own page 1.

    Raises:
        UserError: the plan has no appendix.
    """
    chosen = list(plan.appendices if appendices is None else appendices)
    if not chosen:
        raise UserError("Kế hoạch này chưa có phụ lục nào để xuất.")
    rules = GUIDE_RULES[guide_for(plan.system, plan.date)]
    document = new_document(rules=rules, two_sided=two_sided)
    _add_appendices(document, plan, chosen, fresh=True)
    return document


def build_decision(plan: Plan, number: int | None = None, *, two_sided: bool = False) -> Document:
    """The decision issuing ``plan``, in the layout of its system and date, numbered."""
    return build_document(decision_document(plan, number, two_sided=two_sided))


def build_report(
    plan: Plan, report: ProgressReport, summary: ProgressSummary, *, two_sided: bool = False
) -> Document:
    return build_document(report_document(plan, report, summary, two_sided=two_sided))


def save(document: Document, path: Path, *, problems: Sequence[str] = ()) -> Path:
    """Write through a temporary file renamed into place (see ``files.write_atomically``).

    ``problems``: the bad stored values the document was written from; each printed flag
    is highlighted, and lines above the header name them all.
    """
    if path.suffix.lower() != ".docx":
        raise UserError(f"Tệp Word phải có đuôi .docx: {path.name}")
    highlight_flags(document)
    if problems:
        flag_problems(document, problems)
    return write_atomically(path, lambda target: document.save(str(target)))
