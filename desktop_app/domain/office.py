"""The office after the two-level local government reform (1/7/2025): who issues what.

There are no districts any more: 34 provinces and centrally run cities, and below them about
3,300 communes, wards and special zones. A commune's documents therefore carry no district
line:

- state: "ỦY BAN NHÂN DÂN / XÃ Y" (Nghị định 30/2020, no body above it);
- Party: "ĐẢNG BỘ TỈNH X / ĐẢNG ỦY XÃ Y / *" (Hướng dẫn 05-HD/VPTW, mục 2.1);
- Front: "ỦY BAN MTTQ VIỆT NAM / XÃ Y".

The first-run set-up asks for the province and the commune and fills the bodies the office
issues documents as, with their headers, symbols and signatures; the clerk edits them after.
"""

import json
from dataclasses import asdict, dataclass, replace
from enum import StrEnum

from desktop_app.domain.errors import UserError
from desktop_app.domain.plans import Issuer, Signature, System
from desktop_app.domain.registry import Registry
from desktop_app.domain.text import clean, fold, vn_sort_key

# Nghị quyết 202/2025/QH15: the six cities first, then the 28 provinces, north to south.
CITIES = ("Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ")
PROVINCES = (
    "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Cao Bằng", "Tuyên Quang", "Lào Cai",
    "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Ninh Bình", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng",
    "Đắk Lắk", "Đồng Nai", "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
)  # fmt: skip
PROVINCE_NAMES = tuple(sorted((*CITIES, *PROVINCES), key=vn_sort_key))

OFFICE_SETTING = "office_bodies"  # the JSON of :class:`Office`
# "1" while the office is the sample data's (set when the samples were loaded): the clerk's
# own office is then still to be set up.
OFFICE_FROM_SAMPLES_SETTING = "office_from_samples"


class UnitKind(StrEnum):
    """The kind of grassroots unit the office runs."""

    COMMUNE = "xa"
    WARD = "phuong"
    SPECIAL_ZONE = "dac_khu"


UNIT_KIND_LABELS: Registry[UnitKind, str] = Registry(
    UnitKind,
    {UnitKind.COMMUNE: "Xã", UnitKind.WARD: "Phường", UnitKind.SPECIAL_ZONE: "Đặc khu"},
    "unit kind labels",
)


def province_heading(province: str) -> str:
    """The line above a commune's đảng ủy: "TỈNH THÁI NGUYÊN", "THÀNH PHỐ HÀ NỘI"."""
    kind = "THÀNH PHỐ" if province in CITIES else "TỈNH"
    return f"{kind} {province.upper()}"


@dataclass(frozen=True)
class IssuingBody:
    """One body the office issues documents as, as its header prints it."""

    system: System
    label: str  # what the clerk picks from: "Ủy ban nhân dân", "Đảng ủy", "Mặt trận"
    issuer: Issuer
    symbol: str  # of a plan: "KH-UBND", "KH/ĐU"
    signature: Signature


@dataclass(frozen=True)
class Office:
    province: str
    unit_kind: UnitKind
    unit_name: str  # "Phú Lạc"
    bodies: tuple[IssuingBody, ...]

    @property
    def place(self) -> str:
        """The date line's place: the unit's own name (HD 05 4.1; NĐ 30 II.4)."""
        return self.unit_name

    def body_for(self, system: System) -> IssuingBody | None:
        return next((b for b in self.bodies if b.system is system), None)


def default_bodies(province: str, unit_kind: UnitKind, unit_name: str) -> tuple[IssuingBody, ...]:
    """The bodies a commune's office issues as, named after the reform."""
    unit = f"{UNIT_KIND_LABELS[unit_kind].upper()} {unit_name.upper()}"
    return (
        IssuingBody(
            System.STATE,
            "Ủy ban nhân dân",
            Issuer(f"ỦY BAN NHÂN DÂN {unit}"),
            "KH-UBND",
            Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", ""),
        ),
        IssuingBody(
            System.PARTY,
            "Đảng ủy",
            Issuer(f"ĐẢNG ỦY {unit}", parent=f"ĐẢNG BỘ {province_heading(province)}"),
            "KH/ĐU",
            Signature("T/M ĐẢNG ỦY", "BÍ THƯ", ""),
        ),
        IssuingBody(
            System.STATE,
            "Ủy ban Mặt trận Tổ quốc",
            Issuer(f"ỦY BAN MTTQ VIỆT NAM {unit}"),
            "KH-MTTQ",
            Signature("TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH", ""),
        ),
    )


def new_office(province: str, unit_kind: UnitKind, unit_name: str) -> Office:
    """The office set up from the province and the commune's name.

    Raises:
        UserError: a province that is not one of the 34, or an empty name.
    """
    province = clean(province)
    name = clean(unit_name)
    for prefix in ("xã ", "phường ", "đặc khu "):
        if name.lower().startswith(prefix):
            name = name[len(prefix) :].strip()
    if province not in PROVINCE_NAMES:
        raise UserError(
            f"\u201c{province}\u201d không phải một trong 34 tỉnh, thành phố; "
            "hãy chọn trong danh sách."
        )
    if not name:
        raise UserError("Hãy nhập tên xã, phường hoặc đặc khu.")
    return Office(province, unit_kind, name, default_bodies(province, unit_kind, name))


def province_named(text: str) -> str:
    """One of the 34 as typed, with or without diacritics or "tỉnh"/"thành phố" before it.

    Raises:
        UserError: no province or city of that name.
    """
    wanted = fold(clean(text)).lower()
    for prefix in ("tinh ", "thanh pho ", "tp. ", "tp "):
        wanted = wanted.removeprefix(prefix)
    for name in PROVINCE_NAMES:
        if fold(name).lower() == wanted:
            return name
    raise UserError(
        f"\u201c{clean(text)}\u201d không phải một trong 34 tỉnh, thành phố. "
        f"Các tên hợp lệ: {', '.join(PROVINCE_NAMES)}."
    )


def keep_signers(office: Office, before: Office | None) -> Office:
    """``office`` with the signers the same bodies had ``before`` (a renamed commune)."""
    if before is None:
        return office
    old = {(b.system, b.label): b.signature for b in before.bodies}
    return replace(
        office,
        bodies=tuple(
            replace(b, signature=old.get((b.system, b.label), b.signature)) for b in office.bodies
        ),
    )


def office_to_json(office: Office) -> str:
    return json.dumps(asdict(office), ensure_ascii=False)


def office_from_json(text: str) -> Office | None:
    """The office kept in the settings; None when not set up (or unreadable)."""
    if not text.strip():
        return None
    try:
        data = json.loads(text)
        bodies = tuple(
            IssuingBody(
                System(b["system"]),
                b["label"],
                Issuer(**b["issuer"]),
                b["symbol"],
                Signature(**b["signature"]),
            )
            for b in data["bodies"]
        )
        return Office(data["province"], UnitKind(data["unit_kind"]), data["unit_name"], bodies)
    except (ValueError, KeyError, TypeError):
        return None
