import dataclasses
import datetime as dt

from desktop_app.domain.ids import PlanId, SectionId
from desktop_app.domain.plans import (
    Issuer,
    Plan,
    Section,
    System,
    document_number_line,
    place_date_line,
    plan_in_text,
    plan_name,
    plan_reference,
    section_key,
    walk_sections,
)


def test_reference_follows_each_system() -> None:
    assert plan_reference(System.PARTY, 95, "KH/TU") == "95-KH/TU"
    assert plan_reference(System.STATE, 5, "KH-UBND") == "05/KH-UBND"
    assert plan_reference(System.STATE, None, "KH-UBND") == ""  # cited by title and date


def test_number_line_state_has_colon_party_has_none() -> None:
    assert document_number_line(System.STATE, 12, "KH-UBND") == "Số: 12/KH-UBND"
    assert document_number_line(System.STATE, None, "KH-UBND").startswith("Số:")
    assert document_number_line(System.STATE, None, "KH-UBND").endswith("/KH-UBND")
    assert document_number_line(System.PARTY, 95, "KH/TU") == "Số 95-KH/TU"


def test_place_and_date_leading_zeros() -> None:
    assert place_date_line("Phú Lạc", dt.date(2025, 12, 2)) == "Phú Lạc, ngày 02 tháng 12 năm 2025"
    assert place_date_line("Kon Tum", dt.date(2023, 5, 22)) == "Kon Tum, ngày 22 tháng 5 năm 2023"
    assert place_date_line("Hà Nội", dt.date(2026, 1, 9)) == "Hà Nội, ngày 09 tháng 01 năm 2026"


def test_section_paths_strip_label_punctuation() -> None:
    assert [section_key(x) for x in ("I.", "I -", "IV-", "3.1.", "a)")] == [
        "I",
        "I",
        "IV",
        "3.1",
        "a",
    ]
    tree = (
        Section(
            SectionId("a"),
            "III.",
            "TỔ CHỨC",
            children=(
                Section(
                    SectionId("b"), "3.", "", children=(Section(SectionId("c"), "3.1.", "Giao"),)
                ),
            ),
        ),
    )
    assert [p for p, _ in walk_sections(tree)] == ["III", "III/3", "III/3/3.1"]


def test_a_plan_without_a_number_is_named_by_its_title_and_date_never_its_bare_symbol() -> None:
    title = "Tổ chức thực hiện ra quân xây dựng Nông thôn mới trên địa bàn xã Phú Lạc năm 2026"
    name = plan_name(System.STATE, None, "KH-UBND", title, dt.date(2025, 12, 2))
    assert "/KH-UBND" not in name
    assert name.startswith("\u201cTổ chức thực hiện ra quân")
    assert name.endswith("…\u201d ngày 02/12/2025")
    assert plan_name(System.STATE, 12, "KH-UBND", title, None) == "12/KH-UBND"
    assert plan_name(System.PARTY, None, "KH/ĐU", "Học tập", None) == "\u201cHọc tập\u201d"
    assert plan_name(System.PARTY, None, "KH/ĐU", title, None, full_title=True) == (
        f"\u201c{title}\u201d"
    )
    plan = Plan(PlanId("p"), System.STATE, Issuer("UBND"), "Ra quân", "KH-UBND")
    assert plan.name == "\u201cRa quân\u201d"
    assert plan_in_text(plan) == "Kế hoạch \u201cRa quân\u201d"
    numbered = dataclasses.replace(plan, number=7)
    assert plan_in_text(numbered) == "Kế hoạch số 07/KH-UBND"
