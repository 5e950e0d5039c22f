"""The progress sheet's layout: the one place its columns are defined."""

import pytest
from openpyxl.utils import get_column_letter

from desktop_app.domain.sheet_layout import (
    CAMPAIGN_SHEET,
    DATE,
    FIELD_LABELS,
    MEASURE_PREFIX,
    NOTE,
    PARTICIPANTS,
    STATUS,
    TASK_FIELDS,
    TASK_LAYOUT,
    MissingMeasuresEndError,
    ReadAs,
    SheetColumn,
    SheetLayout,
    campaign_layout,
    campaign_measures,
    column_letter,
)

# The task sheet as units know it: (header, width, hidden, fillable, read back as).
TASK_SHEET = [
    ("Mã", 4, True, False, ReadAs.KEY),
    ("TT", 6, False, False, None),
    ("Nội dung nhiệm vụ", 42, False, False, ReadAs.TEXT),
    ("Chủ trì", 16, False, False, None),
    ("Phối hợp", 16, False, False, None),
    ("Thời hạn", 12, False, False, None),
    ("Trạng thái", 15, False, True, ReadAs.STATUS),
    ("Tỷ lệ (%)", 7, False, True, ReadAs.PERCENT),
    ("Kết quả thực hiện", 28, False, True, ReadAs.TEXT),
    ("Văn bản báo cáo", 14, False, True, ReadAs.TEXT),
    ("Ngày cập nhật", 12, False, True, ReadAs.DATE),
    ("Ghi chú", 14, False, True, ReadAs.TEXT),
    ("Hạn (ngày)", 11, True, False, None),
    ("Mã chủ trì", 10, True, False, None),
    ("Dữ liệu gốc", 10, True, False, ReadAs.KEY),
]
MEASURES = ("Đường được vệ sinh (km)", "Cây xanh trồng mới (cây)")


def _described(layout: SheetLayout) -> list[tuple[str, float, bool, bool, ReadAs | None]]:
    return [(c.header, c.width, c.hidden, c.fillable, c.read) for c in layout.columns]


def test_the_task_sheet_has_its_columns_in_order() -> None:
    assert _described(TASK_LAYOUT) == TASK_SHEET
    assert TASK_LAYOUT.letter(STATUS) == "G"
    assert TASK_LAYOUT.letter(DATE) == "K"
    assert TASK_LAYOUT.printed_widths[0] == 0  # hidden: no room in a row's height sums
    assert [c.header for c in TASK_LAYOUT.through_last_shown][-1] == "Ghi chú"


def test_the_campaign_sheet_puts_a_column_per_measure_between_participants_and_note() -> None:
    layout = campaign_layout(MEASURES)
    assert layout.sheet == CAMPAIGN_SHEET
    assert layout.headers == [
        "Mã",
        "TT",
        "Xóm",
        "Đợt",
        "Ngày",
        "Đơn vị phụ trách",
        "Số người tham gia",
        *MEASURES,
        "Ghi chú",
        "Ngày cập nhật",
        "Mã đợt",
        "Đã báo cáo",
        "Dữ liệu gốc",
    ]
    measure = layout.column(MEASURE_PREFIX + MEASURES[0])
    assert (measure.width, measure.fillable, measure.read) == (13, True, ReadAs.NUMBER)
    assert layout.letter(PARTICIPANTS) == "G"
    assert layout.letter(NOTE) == "J"
    assert layout.measures == MEASURES
    assert campaign_layout(()).letter(NOTE) == "H"


def test_every_fillable_column_is_read_back_and_nothing_hidden_is_fillable() -> None:
    for layout in (TASK_LAYOUT, campaign_layout(MEASURES)):
        for column in layout.fillable:
            assert column.read is not None, column.key
            assert not column.hidden, column.key


def test_the_measures_are_read_back_from_the_header_row() -> None:
    headers = campaign_layout(MEASURES).headers
    assert campaign_measures(headers) == MEASURES
    assert campaign_measures([h.upper() for h in campaign_layout(()).headers]) == ()
    with pytest.raises(MissingMeasuresEndError):
        campaign_measures([h for h in headers if h != "Ghi chú"])


def test_a_field_is_named_after_its_column() -> None:
    assert FIELD_LABELS == {
        "status": "Trạng thái",
        "percent": "Tỷ lệ (%)",
        "text": "Kết quả thực hiện",
        "document": "Văn bản báo cáo",
        "date": "Ngày cập nhật",
        "note": "Ghi chú",
        "participants": "Số người tham gia",
    }
    assert TASK_FIELDS == ("status", "percent", "text", "document", "note")


def test_a_row_is_arranged_by_key_and_nothing_may_be_missing_or_extra() -> None:
    layout = SheetLayout("x", (SheetColumn("a", "A", 1), SheetColumn("b", "B", 1)))
    assert layout.arrange({"b": 2, "a": 1}) == [1, 2]
    with pytest.raises(KeyError, match="'b'"):
        layout.arrange({"a": 1})
    with pytest.raises(KeyError, match="'c'"):
        layout.arrange({"a": 1, "b": 2, "c": 3})
    with pytest.raises(KeyError, match="no column 'c'"):
        layout.position("c")


def test_two_columns_may_not_share_a_key() -> None:
    with pytest.raises(ValueError, match="share a key"):
        SheetLayout("x", (SheetColumn("a", "A", 1), SheetColumn("a", "B", 1)))


def test_column_letters_are_excels() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 702, 703)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert all(column_letter(n) == get_column_letter(n) for n in range(1, 2000))
