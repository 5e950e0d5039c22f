import datetime as dt

from desktop_app.domain.ids import SectionId
from desktop_app.domain.plans import (
    Section,
    System,
    document_number_line,
    place_date_line,
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
