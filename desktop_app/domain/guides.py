"""Which rules lay out a document, and the table of what each set of rules asks for.

Three sets of rules print the office's documents:

- Nghị định 30/2020/NĐ-CP, Phụ lục I, for the state (Ủy ban nhân dân);
- Hướng dẫn 36-HD/VPTW (03/4/2018) for Party documents dated before 27/5/2026;
- Hướng dẫn 05-HD/VPTW (27/5/2026), which replaced it, for Party documents dated from that
  day, and for undated Party drafts (they can only be signed from today on).

Every value that differs between them lives in one row of :data:`GUIDE_RULES`, so the Word
writer, the preview and the tests read the same table instead of testing the guide here and
there. Sizes are points, lengths millimetres; the writer turns them into Word units.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from desktop_app.domain.plans import System
from desktop_app.domain.registry import Registry

HD05_FROM = dt.date(2026, 5, 27)  # Hướng dẫn 05-HD/VPTW "có hiệu lực từ ngày ký"


class Guide(StrEnum):
    ND30 = "nd30"
    HD36 = "hd36"
    HD05 = "hd05"


GUIDE_LABELS: Registry[Guide, str] = Registry(
    Guide,
    {
        Guide.ND30: "Nghị định 30/2020/NĐ-CP",
        Guide.HD36: "Hướng dẫn 36-HD/VPTW",
        Guide.HD05: "Hướng dẫn 05-HD/VPTW",
    },
    "guide labels",
)


def guide_for(system: System, day: dt.date | None) -> Guide:
    """The rules a document of ``system`` signed on ``day`` follows (None: not dated yet).

    The document's own date decides, not the day it is printed: a re-print of a plan issued
    in 2025 looks as it was issued.
    """
    if system is System.STATE:
        return Guide.ND30
    if day is not None and day < HD05_FROM:
        return Guide.HD36
    return Guide.HD05


def guide_note(system: System, day: dt.date | None) -> str:
    """What the preview says about the rules: "Thể thức: Hướng dẫn 05-HD/VPTW (...)"."""
    guide = guide_for(system, day)
    why = {
        Guide.ND30: "văn bản của chính quyền",
        Guide.HD36: "văn bản của Đảng ký trước ngày 27/5/2026",
        Guide.HD05: (
            "văn bản của Đảng chưa ghi ngày ký"
            if day is None
            else "văn bản của Đảng ký từ ngày 27/5/2026"
        ),
    }[guide]
    return f"Thể thức: {GUIDE_LABELS[guide]} ({why})"


class SubjectRule(StrEnum):
    """What separates the trích yếu from the content."""

    LINE = "line"  # a solid rule, 1/3-1/2 of the subject's length (NĐ 30, II.5)
    DASHES = "dashes"  # five hyphens "-----" (HD 05, 5.2.1)


@dataclass(frozen=True)
class GuideRules:
    """Everything a set of rules fixes about how a document looks on paper."""

    # Page (mm). ``mirror`` puts the left margin on the binding side of a two-sided sheet.
    margin_top: float
    margin_bottom: float
    margin_left: float
    margin_right: float
    mirror_when_two_sided: bool
    header_distance: float | None  # from the top edge to the page number; None: Word's 12.5
    page_number: int
    # Header (points).
    header_name: int  # Quốc hiệu / "ĐẢNG CỘNG SẢN VIỆT NAM"
    motto: int  # tiêu ngữ (state only)
    body_name: int  # the issuing body and the body above it
    number: int
    number_colon: bool  # "Số: 12/KH-UBND" / "Số 12-KH/ĐU"
    place_date: int
    # Title.
    kind: int  # "KẾ HOẠCH"
    subject: int  # the trích yếu
    subject_rule: SubjectRule
    # Content.
    body: int
    first_line_indent: float  # mm
    space_after: float  # points between paragraphs
    line_exact: float | None  # "Exactly" line spacing in points, else ``line_multiple``
    line_multiple: float
    bases_italic: bool
    basis_prefix: str  # written before each căn cứ
    ending: str  # after the content's last words
    appendix_arabic: bool  # "Phụ lục 1" (Party) or "Phụ lục I" (state)
    # Signature.
    signature: int
    authority_bold: bool
    position_bold: bool
    name_bold: bool
    deputy_for_committee: bool  # may a cấp ủy document be signed "K/T"?
    # Nơi nhận.
    recipients_head: int
    recipients_head_bold: bool
    recipients_head_italic: bool
    recipients_head_underline: bool
    recipients: int
    recipient_separator: str  # after each line but the last (which ends ".")
    table: int  # text in the appendices' tables


GUIDE_RULES: Registry[Guide, GuideRules] = Registry(
    Guide,
    {
        # Phụ lục I of the decree; sizes from its own example column (mục V).
        Guide.ND30: GuideRules(
            margin_top=20,
            margin_bottom=20,
            margin_left=30,
            margin_right=15,
            mirror_when_two_sided=False,
            header_distance=None,
            page_number=14,
            header_name=12,
            motto=13,
            body_name=12,
            number=13,
            number_colon=True,
            place_date=13,
            kind=14,
            subject=14,
            subject_rule=SubjectRule.LINE,
            body=14,
            first_line_indent=12.7,
            space_after=6,
            line_exact=None,
            line_multiple=1.1,
            bases_italic=True,
            basis_prefix="",
            ending="./.",
            appendix_arabic=False,
            signature=14,
            authority_bold=True,
            position_bold=True,
            name_bold=True,
            deputy_for_committee=True,
            recipients_head=12,
            recipients_head_bold=True,
            recipients_head_italic=True,
            recipients_head_underline=False,
            recipients=11,
            recipient_separator=";",
            table=13,
        ),
        # What ../shared/reference/document-format.md states of HD 36 is cited row by row
        # (§3.8 "what it said where HD 05 differs", §6 "[HD36]" checklist). The rest, which
        # the reference marks UNCONFIRMED or "not read", is how the Party plans issued under
        # HD 36 look (the seeds), so that a re-print of one matches the paper.
        Guide.HD36: GuideRules(
            # §3.8 Margins: not read (20/20/30/15 or 25/25/35/15, UNCONFIRMED; the checker does
            # not enforce them): the seeds' and HD 05's 20/20/30/15, not mirrored.
            margin_top=20,
            margin_bottom=20,
            margin_left=30,
            margin_right=15,
            mirror_when_two_sided=False,
            header_distance=None,  # §3.8 Page numbers: not read
            page_number=14,  # §3.8 Page numbers: not read (UNCONFIRMED)
            header_name=15,  # §3.8 row 1 / §6 [HD36]: "ĐẢNG CỘNG SẢN VIỆT NAM" 15 bold
            motto=15,  # a Party document has no tiêu ngữ: not printed
            body_name=14,  # §3.8 row 1 / §6 [HD36]: issuing body 14 bold, superior 14
            number=14,  # §6 [HD36]: number line 14 upright
            number_colon=False,  # §6 [HD36]: "Số 95-KH/TU", no colon (HD36-1.3)
            place_date=14,  # §3.8 row 1 / §6 [HD36]: date line 14 italic
            kind=16,  # §3.8 row 1 / §6 [HD36]: tên loại 15-16 bold
            subject=14,  # §3.8 row 1 / §6 [HD36]: trích yếu 14-15 bold
            subject_rule=SubjectRule.DASHES,  # §3.8 Separator: not read; practice "-----"
            body=14,  # §3.8 row 1 / §6 [HD36]: body 14-15
            # §3.8 Paragraphs: not read (third-party material copies NĐ 30): the seeds' layout.
            first_line_indent=12.7,
            space_after=6,
            line_exact=None,
            line_multiple=1.1,
            bases_italic=False,  # §3.8 Căn cứ punctuation: not read; the seeds are upright
            basis_prefix="",
            ending=".",  # §3.8 End of content: the HD 36-era seeds end with "." (EXAMPLE)
            appendix_arabic=True,  # §3.8 Appendices: Arabic (UNCONFIRMED, Bình Thuận handbook)
            # §3.8 Signature sizes: not read (third-party: 14, all bold).
            signature=14,
            authority_bold=True,
            position_bold=True,
            name_bold=True,
            # §3.8 (HD36-1.7, CONFIRMED) and §6 [HD36]: a cấp ủy, ban thường vụ or ủy ban
            # kiểm tra signs "T/M"; "K/T" is only for deputies of advisory or assisting bodies,
            # ban chỉ đạo and tiểu ban, unchanged in HD 05.
            deputy_for_committee=False,
            # §3.8 Nơi nhận: not read; practice (UNCONFIRMED) is "Nơi nhận:" underlined 14,
            # the list about 12, last "- Lưu Văn phòng ...". The seeds separate with ",".
            recipients_head=14,
            recipients_head_bold=False,
            recipients_head_italic=False,
            recipients_head_underline=True,
            recipients=12,
            recipient_separator=",",
            table=13,  # not stated for HD 36
        ),
        # HD 05 Phần IV (page), Phụ lục 2 (sizes), mục 5-9 (content, signature, Nơi nhận).
        Guide.HD05: GuideRules(
            margin_top=20,
            margin_bottom=20,
            margin_left=30,
            margin_right=15,
            mirror_when_two_sided=True,
            header_distance=10,
            page_number=14,
            header_name=15,
            motto=15,
            body_name=14,
            number=14,
            number_colon=False,
            place_date=14,
            kind=16,
            subject=14,
            subject_rule=SubjectRule.DASHES,
            body=14,
            first_line_indent=10,
            space_after=6,
            line_exact=20,
            line_multiple=1.0,
            bases_italic=False,
            basis_prefix="- ",
            ending=".",
            appendix_arabic=True,
            signature=14,
            authority_bold=True,
            position_bold=False,
            name_bold=True,
            deputy_for_committee=False,
            recipients_head=14,
            recipients_head_bold=False,
            recipients_head_italic=False,
            recipients_head_underline=True,
            recipients=12,
            recipient_separator=";",
            table=13,
        ),
    },
    "guide rules",
)


def rules_for(system: System, day: dt.date | None) -> GuideRules:
    return GUIDE_RULES[guide_for(system, day)]


_COMMITTEE_WORDS = ("ĐẢNG ỦY", "ĐẢNG UỶ", "TỈNH ỦY", "TỈNH UỶ", "THÀNH ỦY", "THÀNH UỶ", "CHI BỘ")


def signing_authority(guide: Guide, authority: str, issuer: str) -> str:
    """The authority line as the guide writes it.

    Under HD 05 (mục 7.1.1), as under HD 36 (point 1.7; document-format.md §3.8), a cấp ủy
    signs collectively, never "K/T": a phó bí thư signs
    "T/M ĐẢNG ỦY" (or T/M BAN THƯỜNG VỤ, T/M CHI BỘ) over "PHÓ BÍ THƯ". A "K/T BÍ THƯ"
    typed for a committee is printed as the committee's T/M; other bodies keep their K/T.
    """
    text = " ".join(authority.split())
    if GUIDE_RULES[guide].deputy_for_committee or not text.upper().startswith("K/T"):
        return text
    body = " ".join(issuer.upper().split())
    if not any(word in body for word in _COMMITTEE_WORDS):
        return text
    if "CHI BỘ" in body:
        return "T/M CHI BỘ"
    return "T/M ĐẢNG ỦY" if "ĐẢNG" in body else "T/M BAN THƯỜNG VỤ"
