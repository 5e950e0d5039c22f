import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.text import (
    clean,
    fold,
    name_key,
    natural_sort_bytes,
    normalize_tone,
    roman,
    vn_sort_bytes,
)


def test_fold_drops_diacritics_and_stroke() -> None:
    assert fold("  Xóm  Đồng VÒNG ") == "xom dong vong"
    assert "dong vong" in fold("Xóm Đồng Vòng")


def test_fold_handles_decomposed_input() -> None:
    nfd = unicodedata.normalize("NFD", "Phòng Kinh tế")
    assert fold(nfd) == "phong kinh te"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("hòa", "hoà"),
        ("ủy", "uỷ"),
        ("thủy", "thuỷ"),
        ("khỏe", "khoẻ"),
        ("Hòa Bình", "Hoà Bình"),
        ("Đảng ủy", "Đảng uỷ"),
    ],
)
def test_tone_placement_is_normalised(a: str, b: str) -> None:
    assert normalize_tone(a) == normalize_tone(b)
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("word", ["quý", "hoàng", "giữa", "người", "khuya", "của", "gìn", "tuổi"])
def test_tone_normaliser_leaves_regular_words(word: str) -> None:
    assert normalize_tone(word) == word


def test_name_key_ignores_case_and_spacing_but_keeps_diacritics() -> None:
    assert name_key("Đảng uỷ  xã") == name_key("đảng ủy Xã")
    assert name_key("Đồng") != name_key("Dong")


def test_clean_normalises_to_nfc_and_strips_control_characters() -> None:
    text = clean(unicodedata.normalize("NFD", " Ủy\u0000 ban\t\tnhân dân "))
    assert text == "Ủy ban nhân dân"
    assert unicodedata.is_normalized("NFC", text)


def test_vietnamese_alphabetical_order() -> None:
    words = ["Đà", "da", "Dương", "dạ", "đa"]
    assert sorted(words, key=vn_sort_bytes) == ["da", "dạ", "Dương", "đa", "Đà"]
    assert sorted(["ăn", "anh", "ánh", "ành"], key=vn_sort_bytes) == ["anh", "ành", "ánh", "ăn"]


def test_natural_order_compares_numbers_by_value() -> None:
    names = ["Xóm 10", "Xóm 2", "Xóm 11A", "Xóm 1"]
    assert sorted(names, key=natural_sort_bytes) == ["Xóm 1", "Xóm 2", "Xóm 10", "Xóm 11A"]


def test_roman_numerals() -> None:
    assert [roman(n) for n in (1, 2, 4, 9, 14, 40, 1990)] == [
        "I", "II", "IV", "IX", "XIV", "XL", "MCMXC",
    ]  # fmt: skip


def _fold_slowly(text: str) -> str:
    """The definition the fast fold must keep: decompose, drop the marks, case-fold."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(bare.casefold().split())


@given(st.text())
def test_fold_is_the_decomposition_without_marks(text: str) -> None:
    assert fold(text) == _fold_slowly(text)


@given(
    st.text(
        alphabet=st.sampled_from(
            "aăâeêioôơuưyđAĂÂĐOÔƠ\u0300\u0301\u0303\u0309\u0323 ẞİ“”ﬁ한\U0001f600\u2fd0"
            # Marks outside the combining block: Hebrew, for symbols, half marks, a
            # variation selector of plane 14.
            "\u0591\u20d0\ufe20\U000e0100"
        )
    )
)
def test_fold_of_vietnamese_and_marks_is_the_decomposition(text: str) -> None:
    assert fold(text) == _fold_slowly(text)
