import json
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.errors import UserError
from desktop_app.imports.plan_json import plan_from_json, read_sample

GOOD: dict[str, Any] = {
    "system": "state",
    "issuer": {"name": "ỦY BAN NHÂN DÂN XÃ A"},
    "title": "Kế hoạch thử",
    "symbol": "KH-UBND",
}


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"system": "kingdom"}, "hệ thống"),
        ({"title": ""}, "trích yếu"),
        ({"date": "2026-02-31"}, "Ngày không hợp lệ"),
        ({"number": -3}, "số nguyên dương"),
        ({"tasks": [{"text": "x", "deadline": {"kind": "month", "month": "2024-13"}}]}, "Tháng"),
        ({"tasks": [{"text": "x", "section": "IX/9"}]}, "không có trong kế hoạch"),
        ({"events": [{"label": "Đợt 1"}]}, "chưa có ngày"),
        ({"bases": "Căn cứ"}, "danh sách"),
    ],
)
def test_malformed_plan_json_gives_a_vietnamese_message(
    patch: dict[str, Any], message: str
) -> None:
    with pytest.raises(UserError, match=message):
        plan_from_json({**GOOD, **patch}, "p1")


def test_reading_twice_gives_the_same_ids() -> None:
    data = {**GOOD, "tasks": [{"text": "Nhiệm vụ", "lead": ["Công an xã"]}]}
    assert plan_from_json(data, "p1") == plan_from_json(data, "p1")


@pytest.mark.parametrize(
    "content", [b"", b"\xff\xfe\x00garbage", b"[1, 2]", json.dumps({"format": "other"}).encode()]
)
def test_broken_sample_files_are_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(UserError, match=r"x\.json"):
        read_sample(path)


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"date": "9999-01-01"}, "date"),
        (
            {"tasks": [{"text": "x"}, {"text": "y", "deadline": {"date": "1850-05-01"}}]},
            "tasks[1].deadline.date",
        ),
        (
            {"tasks": [{"text": "x", "deadline": {"kind": "month", "month": "2999-05"}}]},
            "tasks[0].deadline.month",
        ),
        (
            {"tasks": [{"text": "x", "deadline": {"kind": "year", "year": 1200}}]},
            "tasks[0].deadline.year",
        ),
        ({"events": [{"label": "Đợt 1", "date": "2101-01-01"}]}, "events[0].date"),
    ],
)
def test_a_year_outside_1900_2100_is_refused_when_read_naming_the_field(
    patch: dict[str, Any], field: str
) -> None:
    """Issue 22: refused where it is read, not first when the plan is saved."""
    with pytest.raises(UserError, match="1900–2100") as refused:
        plan_from_json({**GOOD, **patch}, "p1")
    assert f"“{field}”" in refused.value.message
