"""Nơi nhận and signature: the usual notes, the archive line, the authority prefixes.

State documents (Nghị định 30/2020) end the list with "Lưu: VT, KT" (the clerk's office and
the abbreviations of the drafting units); Party documents (Hướng dẫn 36) with
"Lưu Văn phòng Đảng ủy".
"""

from collections.abc import Sequence

from desktop_app.domain.plans import Issuer, System
from desktop_app.domain.registry import Registry
from desktop_app.domain.units import Unit

RECIPIENT_NOTES = ("", "(b/c)", "(t/h)", "(p/h)", "(để b/c)", "(để t/h)")

# Lines people write instead of naming units one by one.
COMMON_RECIPIENTS = (
    "Như Mục IV",
    "Như trên",
    "Các cơ quan, đơn vị liên quan",
    "Các ông/bà trưởng xóm",
)

AUTHORITY_PREFIXES: Registry[System, tuple[str, ...]] = Registry(
    System,
    {
        System.STATE: ("TM.", "KT.", "Q.", "TL.", "TUQ."),
        System.PARTY: ("T/M", "K/T"),
    },
    "authority prefixes",
)

POSITIONS: Registry[System, tuple[str, ...]] = Registry(
    System,
    {
        System.STATE: ("CHỦ TỊCH", "PHÓ CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "TRƯỞNG PHÒNG"),
        System.PARTY: ("BÍ THƯ", "PHÓ BÍ THƯ", "CHÁNH VĂN PHÒNG"),
    },
    "positions",
)


def authority_choices(system: System, issuer: Issuer) -> list[str]:
    """The authority lines to offer: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "T/M BAN THƯỜNG VỤ"."""
    body = _collective_name(system, issuer.name)
    if system is System.STATE:
        return [f"TM. {body}", "KT. CHỦ TỊCH", "Q. CHỦ TỊCH", "TL. CHỦ TỊCH", "TUQ. CHỦ TỊCH"]
    return [f"T/M {body}", "K/T BÍ THƯ"]


def _collective_name(system: System, issuer_name: str) -> str:
    """The body an authority line names: "TM. ỦY BAN NHÂN DÂN", "T/M BAN THƯỜNG VỤ"."""
    upper = issuer_name.upper()
    if system is System.PARTY:
        return "BAN THƯỜNG VỤ"
    for body in ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN"):
        if body in upper:
            return body
    return upper.strip() or "ỦY BAN NHÂN DÂN"


def archive_line(system: System, units: Sequence[Unit], office: str = "") -> str:
    """The last recipient line.

    State: "Lưu: VT, KT, VHXH" from the abbreviations of the units given (the drafting
    units), VT (văn thư) first. Party: "Lưu Văn phòng ..." with ``office`` (the Party
    office's name, "Văn phòng Đảng ủy" when not given).
    """
    if system is System.PARTY:
        return f"Lưu {office or 'Văn phòng Đảng ủy'}"
    codes = ["VT"]
    for unit in units:
        code = unit.abbreviation.strip()
        if code and code not in codes:
            codes.append(code)
    return "Lưu: " + ", ".join(codes)
