import datetime as dt

import pytest

from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import PlanId, UnitId
from desktop_app.domain.lifecycle import header_locked, issue, move_to, next_number, reopen
from desktop_app.domain.plans import Issuer, Plan, PlanStatus, System
from desktop_app.domain.recipients import archive_line, authority_choices
from desktop_app.domain.units import Unit

DRAFT = Plan(
    PlanId("p"),
    System.STATE,
    Issuer("ỦY BAN NHÂN DÂN XÃ PHÚ LẠC"),
    "Kế hoạch ra quân",
    symbol="KH-UBND",
)


def test_the_register_restarts_at_one_and_counts_on() -> None:
    assert next_number([]) == 1
    assert next_number([1, 2, 7]) == 8


def test_issuing_fixes_number_and_date_and_locks_the_header() -> None:
    assert not header_locked(DRAFT)
    issued = issue(DRAFT, 12, dt.date(2025, 12, 2))
    assert (issued.status, issued.number, issued.date) == (
        PlanStatus.ISSUED,
        12,
        dt.date(2025, 12, 2),
    )
    assert header_locked(issued)
    assert issued.reference == "12/KH-UBND"
    with pytest.raises(UserError, match="chỉ dự thảo"):
        issue(issued, 13, dt.date(2025, 12, 3))
    reopened = reopen(issued)
    assert reopened.status is PlanStatus.DRAFT
    assert reopened.number == 12


def test_an_untitled_draft_is_not_issued() -> None:
    with pytest.raises(UserError, match="trích yếu"):
        issue(Plan(PlanId("p"), System.STATE, Issuer("UBND"), " "), 1, dt.date(2026, 1, 5))


def test_status_moves_follow_the_lifecycle() -> None:
    issued = issue(DRAFT, 1, dt.date(2026, 1, 5))
    assert move_to(issued, PlanStatus.IN_PROGRESS).status is PlanStatus.IN_PROGRESS
    with pytest.raises(UserError, match="Không chuyển được"):
        move_to(DRAFT, PlanStatus.DONE)
    archived = move_to(issued, PlanStatus.ARCHIVED)
    assert move_to(archived, PlanStatus.DONE).status is PlanStatus.DONE


def test_archive_line_follows_the_system() -> None:
    units = [
        Unit(UnitId("a"), "Phòng Kinh tế", abbreviation="KT"),
        Unit(UnitId("b"), "Phòng Văn hóa - Xã hội", abbreviation="VHXH"),
        Unit(UnitId("c"), "Trưởng các xóm"),
    ]
    assert archive_line(System.STATE, units) == "Lưu: VT, KT, VHXH"
    assert archive_line(System.PARTY, units) == "Lưu Văn phòng Đảng ủy"
    assert archive_line(System.PARTY, units, "Văn phòng Tỉnh ủy") == "Lưu Văn phòng Tỉnh ủy"


def test_authority_lines_are_offered_by_system() -> None:
    assert authority_choices(System.STATE, DRAFT.issuer)[:2] == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
    ]
    assert authority_choices(System.PARTY, Issuer("ĐẢNG ỦY XÃ NHỮ KHÊ")) == [
        "T/M BAN THƯỜNG VỤ",
        "K/T BÍ THƯ",
    ]
