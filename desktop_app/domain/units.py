"""Units (cơ quan, đơn vị) and hamlets (xóm, thôn, tổ dân phố) of the commune."""

from dataclasses import dataclass
from enum import StrEnum

from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import HamletId, UnitId
from desktop_app.domain.registry import Registry
from desktop_app.domain.text import clean


class UnitKind(StrEnum):
    PARTY = "party"
    GOVERNMENT = "government"
    FRONT = "front"
    ARMED = "armed"
    SCHOOL = "school"
    HEALTH = "health"
    BUSINESS = "business"
    HAMLET_HEAD = "hamlet_head"
    GROUP = "group"
    OTHER = "other"


UNIT_KIND_LABELS: Registry[UnitKind, str] = Registry(
    UnitKind,
    {
        UnitKind.PARTY: "Đảng",
        UnitKind.GOVERNMENT: "Chính quyền",
        UnitKind.FRONT: "Mặt trận, đoàn thể",
        UnitKind.ARMED: "Công an, quân sự",
        UnitKind.SCHOOL: "Trường học",
        UnitKind.HEALTH: "Y tế",
        UnitKind.BUSINESS: "Doanh nghiệp, HTX",
        UnitKind.HAMLET_HEAD: "Trưởng xóm, thôn",
        UnitKind.GROUP: "Nhóm, tập thể",
        UnitKind.OTHER: "Khác",
    },
    "unit kind labels",
)


class HamletKind(StrEnum):
    XOM = "xom"
    THON = "thon"
    TO_DAN_PHO = "to_dan_pho"


HAMLET_KIND_LABELS: Registry[HamletKind, str] = Registry(
    HamletKind,
    {
        HamletKind.XOM: "Xóm",
        HamletKind.THON: "Thôn",
        HamletKind.TO_DAN_PHO: "Tổ dân phố",
    },
    "hamlet kind labels",
)


def require_name(name: str, what: str) -> str:
    """The cleaned name, or a Vietnamese error when it is empty or absurdly long."""
    cleaned = clean(name)
    if not cleaned:
        raise UserError(f"Tên {what} không được để trống.")
    if len(cleaned) > 300:
        raise UserError(f"Tên {what} quá dài (tối đa 300 ký tự).")
    return cleaned


@dataclass(frozen=True)
class Unit:
    """A body that leads, supports or is assigned work.

    Attributes:
        abbreviation: what the "Lưu: VT, KT" line of a state document uses for it.
        position: the office's own order for lists and documents.
        active: False once deactivated; a unit used by a plan is never deleted.
    """

    id: UnitId
    name: str
    kind: UnitKind = UnitKind.OTHER
    short_name: str = ""
    abbreviation: str = ""
    position: int = 0
    active: bool = True
    note: str = ""
    flagged: bool = False  # read from a stored row that breaks the rules (check-db fixes it)


@dataclass(frozen=True)
class Hamlet:
    """A xóm, thôn or tổ dân phố.

    Attributes:
        former_commune: the commune it belonged to before a merger of communes.
        merged_into: the hamlet it became part of ("sắp xếp thôn"); it stays findable.
    """

    id: HamletId
    name: str
    kind: HamletKind = HamletKind.XOM
    households: int | None = None
    population: int | None = None
    former_commune: str = ""
    merged_into: HamletId | None = None
    active: bool = True
    note: str = ""
    flagged: bool = False  # read from a stored row that breaks the rules (check-db fixes it)
