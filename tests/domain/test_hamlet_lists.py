import pytest

from desktop_app.domain.hamlet_lists import hamlet_list_text, match_hamlet_list, split_hamlet_list
from desktop_app.domain.ids import HamletId
from desktop_app.domain.units import Hamlet


@pytest.mark.parametrize(
    ("text", "names"),
    [  # the Phú Lạc appendix, as printed
        ("Xóm 1, 2, 3", ["Xóm 1", "Xóm 2", "Xóm 3"]),
        (
            "Xóm Khu 1, Khu 2, Xóm Đồng Vòng, 11 và xóm 11A",
            ["Xóm Khu 1", "Xóm Khu 2", "Xóm Đồng Vòng", "Xóm 11", "Xóm 11A"],
        ),
        (
            "Xóm Na Hoàn, Xóm Đoàn Kết, Trại Mới và Na Thúc",
            ["Xóm Na Hoàn", "Xóm Đoàn Kết", "Xóm Trại Mới", "Xóm Na Thúc"],
        ),
        ("Xóm Soi,", ["Xóm Soi"]),
        ("Xóm 13, 10.", ["Xóm 13", "Xóm 10"]),
        ("Khuôn 1", ["Xóm Khuôn 1"]),
        ("Thôn 1, 2; Tổ dân phố 3", ["Thôn 1", "Thôn 2", "Tổ dân phố 3"]),
        ("Xóm 1, 1, 2", ["Xóm 1", "Xóm 2"]),
        ("  ", []),
    ],
)
def test_compact_lists_expand_to_full_names(text: str, names: list[str]) -> None:
    assert split_hamlet_list(text) == names


def _hamlets(*names: str) -> list[Hamlet]:
    return [Hamlet(HamletId(f"h{i}"), n) for i, n in enumerate(names)]


def test_matching_ignores_diacritics_and_reports_unknown_names() -> None:
    hamlets = _hamlets("Xóm Đồng Vòng", "Xóm 11", "Xóm 11A", "Khu 1")
    found = match_hamlet_list("xom dong vong, 11 và 11a, Khu 1, Xóm 99", hamlets)
    assert [h.name for h in found.found] == ["Xóm Đồng Vòng", "Xóm 11", "Xóm 11A", "Khu 1"]
    assert found.unknown == ("Xóm 99",)


def test_a_merged_hamlet_is_matched_to_the_one_it_became() -> None:
    new = Hamlet(HamletId("c"), "Thôn Mới")
    old = Hamlet(HamletId("a"), "Thôn Cũ", merged_into=new.id, active=False)
    assert match_hamlet_list("Thôn Cũ, Mới", [old, new]).found == (new,)


def test_written_back_compactly_and_read_the_same() -> None:
    names = ["Xóm Khu 1", "Xóm Khu 2", "Xóm Đồng Vòng", "Xóm 11", "Thôn Mới"]
    text = hamlet_list_text(names)
    assert text == "Xóm Khu 1, Khu 2, Đồng Vòng, 11, Thôn Mới"
    assert split_hamlet_list(text) == names
