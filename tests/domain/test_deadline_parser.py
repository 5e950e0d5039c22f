"""The deadline parser on every wording of the five seeds, and on wordings it must refuse."""

import datetime as dt
import json
from pathlib import Path

import pytest

from desktop_app.domain.deadline_parser import (
    DeadlineNotUnderstoodError,
    find_deadline,
    parse_deadline,
    read_deadline,
)
from desktop_app.domain.deadlines import Deadline, DeadlineKind, describe

D = dt.date
SAMPLES = Path(__file__).parents[2] / "resources" / "samples"
RECURRING = DeadlineKind.RECURRING


def _fields(d: Deadline) -> tuple[object, ...]:
    return (d.kind, d.on, d.before, d.year, d.month, d.quarter, d.rrule)


# Each wording as the seeds write it (seed file in the comment) and what it means.
SEED_WORDINGS = [
    # 000 Như Khê
    (
        "hoàn thành trước ngày 25/5/2026",
        Deadline(DeadlineKind.DATE, on=D(2026, 5, 25), before=True),
    ),
    ("trước ngày 25/6/2026", Deadline(DeadlineKind.DATE, on=D(2026, 6, 25), before=True)),
    ("trước ngày 15/6/2026", Deadline(DeadlineKind.DATE, on=D(2026, 6, 15), before=True)),
    ("định kỳ hằng tuần", Deadline(RECURRING, rrule="FREQ=WEEKLY")),
    ("định kỳ hằng tuần hoặc đột xuất", Deadline(RECURRING, rrule="FREQ=WEEKLY")),
    ("định kỳ hoặc đột xuất", Deadline(DeadlineKind.ONGOING)),
    ("thường xuyên", Deadline(DeadlineKind.ONGOING)),
    # 001 Phú Lạc
    (
        "trước ngày 05 hàng tháng",
        Deadline(RECURRING, rrule="FREQ=MONTHLY;BYMONTHDAY=5", before=True),
    ),
    (
        "trước ngày 10 hàng tháng",
        Deadline(RECURRING, rrule="FREQ=MONTHLY;BYMONTHDAY=10", before=True),
    ),
    (
        "trước ngày 29 hàng tháng",
        Deadline(RECURRING, rrule="FREQ=MONTHLY;BYMONTHDAY=28,29;BYSETPOS=-1", before=True),
    ),
    # 002 Kon Tum
    ("hoàn thành trong quý II-2023", Deadline(DeadlineKind.QUARTER, year=2023, quarter=2)),
    (
        "định kỳ trước ngày 25-12 hằng năm",
        Deadline(RECURRING, rrule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25", before=True),
    ),
    ("định kỳ", Deadline(DeadlineKind.ONGOING)),
    # 003 Tân Kỳ
    ("trong năm 2025", Deadline(DeadlineKind.YEAR, year=2025)),
    # 004 Huyện ủy
    ("hoàn thành trong tháng 6/2024", Deadline(DeadlineKind.MONTH, year=2024, month=6)),
    ("trước ngày 03/7/2024", Deadline(DeadlineKind.DATE, on=D(2024, 7, 3), before=True)),
    ("ngày 11/6/2024", Deadline(DeadlineKind.DATE, on=D(2024, 6, 11))),
    # the issue's own list
    ("trong tháng 6/2024", Deadline(DeadlineKind.MONTH, year=2024, month=6)),
    (
        "trước ngày 05 hằng tháng",
        Deadline(RECURRING, rrule="FREQ=MONTHLY;BYMONTHDAY=5", before=True),
    ),
]


@pytest.mark.parametrize(("wording", "meaning"), SEED_WORDINGS, ids=[w for w, _ in SEED_WORDINGS])
def test_each_seed_wording_parses_to_its_deadline(wording: str, meaning: Deadline) -> None:
    parsed = parse_deadline(wording)
    assert _fields(parsed) == _fields(meaning)
    assert parsed.text == wording


@pytest.mark.parametrize(("wording", "meaning"), SEED_WORDINGS, ids=[w for w, _ in SEED_WORDINGS])
def test_the_written_wording_reads_back_to_the_same_deadline(
    wording: str, meaning: Deadline
) -> None:
    written = describe(meaning)
    assert written
    assert _fields(parse_deadline(written)) == _fields(meaning)


def _sample_deadlines() -> list[dict[str, object]]:
    found = []
    for path in sorted(SAMPLES.glob("*.json")):
        plan = json.loads(path.read_text(encoding="utf-8"))["plan"]
        for task in plan["tasks"]:
            if task["deadline"]["text"]:
                found.append(task["deadline"])
    return found


def test_every_deadline_stored_in_the_samples_is_what_the_parser_reads() -> None:
    checked = 0
    for stored in _sample_deadlines():
        text = str(stored["text"])
        try:
            parsed = parse_deadline(text)
        except DeadlineNotUnderstoodError:
            # "Hoàn thành việc học tập, quán triệt trong tháng 6/2024": a whole sentence;
            # the importer looks for the wording inside it.
            hit = find_deadline(text)
            assert hit is not None, text
            parsed = hit.deadline
        assert parsed.kind.value == stored["kind"], text
        if "date" in stored:
            assert parsed.on == D.fromisoformat(str(stored["date"]))
        if "month" in stored:
            assert f"{parsed.year}-{parsed.month:02d}" == stored["month"]
        if "quarter" in stored:
            assert f"{parsed.year}-Q{parsed.quarter}" == stored["quarter"]
        if "rrule" in stored:
            # The samples add the plan's own end (UNTIL), which no wording carries.
            rule = ";".join(p for p in str(stored["rrule"]).split(";") if not p.startswith("UNTIL"))
            assert parsed.rrule == rule
        assert parsed.before == bool(stored.get("before", False)), text
        checked += 1
    assert checked == 25


@pytest.mark.parametrize(
    ("sentence", "wording", "kind"),
    [
        (
            "Hoàn thành việc học tập, quán triệt trong tháng 6/2024.",
            "trong tháng 6/2024",
            DeadlineKind.MONTH,
        ),
        (
            "- Định kỳ tổng hợp báo cáo UBND xã kết quả ra quân trên địa bàn xã, trước ngày 10"
            " hàng tháng.",
            "trước ngày 10 hàng tháng",
            RECURRING,
        ),
        (
            "báo cáo kết quả về Ban Thường vụ Đảng ủy (qua Ban Xây dựng Đảng tổng hợp) trước"
            " ngày 15/6/2026.",
            "trước ngày 15/6/2026",
            DeadlineKind.DATE,
        ),
        (
            "các huyện ủy, thành ủy lãnh đạo triển khai thực hiện thường xuyên.",
            "thường xuyên",
            DeadlineKind.ONGOING,
        ),
    ],
)
def test_a_deadline_is_found_inside_a_task_sentence(
    sentence: str, wording: str, kind: DeadlineKind
) -> None:
    hit = find_deadline(sentence)
    assert hit is not None
    assert hit.deadline.text == wording
    assert hit.deadline.kind is kind
    assert sentence[hit.start : hit.end].strip(" .") == wording


def test_a_sentence_without_a_deadline_finds_none() -> None:
    assert find_deadline("Tuyên truyền sâu rộng trong cán bộ, đảng viên và Nhân dân.") is None
    assert find_deadline("Số lượng 15/6 hộ gia đình") is None


@pytest.mark.parametrize(
    "wording",
    [
        "trước ngày 32/6/2026",
        "trước ngày 29/2/2025",
        "trước ngày 31/02/2026",
        "trong tháng 13/2024",
        "trong quý V-2023",
        "trước ngày 25/6",
        "trong tháng 6",
        "trong quý II",
        "sau ngày 25/6/2026",
        "khoảng tháng 6/2024",
        "đầu tháng 6/2024",
        "cuối năm 2024",
        "trước Tết Nguyên đán",
        "sớm nhất có thể",
        "kịp thời",
        "trong tuần",
        "trước ngày 25/6/2026 và 30/6/2026",
        "từ ngày 01/6/2026 đến ngày 15/6/2026",
        "năm 20245",
        "trong năm học 2024-2025",
        "trước ngày 35 hằng tháng",
        "trước ngày 30-02 hằng năm",
        "hằng ngày",
        "25/6/2026 hoặc sớm hơn",
    ],
)
def test_near_misses_are_not_understood(wording: str) -> None:
    with pytest.raises(DeadlineNotUnderstoodError) as err:
        parse_deadline(wording)
    message = err.value.message
    assert any(m in message for m in ("Chưa hiểu", "không có", "thiếu năm", "không hợp lệ"))


@pytest.mark.parametrize(
    ("wording", "meaning"),
    [
        ("Trước ngày 25.6.2026.", Deadline(DeadlineKind.DATE, on=D(2026, 6, 25), before=True)),
        ("chậm nhất ngày 25/6/2026", Deadline(DeadlineKind.DATE, on=D(2026, 6, 25))),
        ("ngày 25 tháng 6 năm 2026", Deadline(DeadlineKind.DATE, on=D(2026, 6, 25))),
        ("Quý IV/2023", Deadline(DeadlineKind.QUARTER, year=2023, quarter=4)),
        ("trong quí 3 năm 2023", Deadline(DeadlineKind.QUARTER, year=2023, quarter=3)),
        ("tháng 06 năm 2024", Deadline(DeadlineKind.MONTH, year=2024, month=6)),
        ("Thời hạn: thường xuyên, liên tục", Deadline(DeadlineKind.ONGOING)),
        (
            "trước ngày 31 hằng tháng",
            Deadline(
                RECURRING, rrule="FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", before=True
            ),
        ),
        ("vào ngày 20 hằng tháng", Deadline(RECURRING, rrule="FREQ=MONTHLY;BYMONTHDAY=20")),
        (
            "trước ngày 29/02 hằng năm",
            Deadline(
                RECURRING, rrule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1", before=True
            ),
        ),
        ("chiều thứ Sáu hằng tuần", Deadline(RECURRING, rrule="FREQ=WEEKLY;BYDAY=FR")),
        ("trước thứ 6 hàng tuần", Deadline(RECURRING, rrule="FREQ=WEEKLY;BYDAY=FR", before=True)),
        (
            "định kỳ hằng quý",
            Deadline(RECURRING, rrule="FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1"),
        ),
        ("hằng tháng", Deadline(RECURRING, rrule="FREQ=MONTHLY;BYMONTHDAY=-1")),
        ("hằng năm", Deadline(RECURRING, rrule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31")),
        ("", Deadline(DeadlineKind.NONE)),
    ],
)
def test_other_common_wordings(wording: str, meaning: Deadline) -> None:
    parsed = parse_deadline(wording)
    assert _fields(parsed) == _fields(meaning)
    assert _fields(parse_deadline(describe(parsed))) == _fields(meaning)


def test_a_wording_without_its_year_takes_the_plan_year_when_given() -> None:
    parsed = parse_deadline("trước ngày 25/6", default_year=2026)
    assert parsed.on == D(2026, 6, 25)
    assert parse_deadline("trong quý II", default_year=2023).quarter == 2


def test_each_occurrence_of_a_monthly_report_is_its_own_date() -> None:
    deadline = parse_deadline("trước ngày 29 hàng tháng")
    dates = deadline.occurrences(D(2026, 1, 1), (D(2026, 1, 1), D(2026, 12, 31)))
    assert len(dates) == 12
    assert dates[1] == D(2026, 2, 28)  # February has no 29th in 2026
    assert dates[0] == D(2026, 1, 29)


def test_the_written_date_follows_the_leading_zero_rule() -> None:
    assert describe(Deadline(DeadlineKind.DATE, on=D(2026, 2, 5), before=True)) == (
        "trước ngày 05/02/2026"
    )
    assert describe(Deadline(DeadlineKind.DATE, on=D(2026, 11, 5))) == "ngày 05/11/2026"


@pytest.mark.parametrize(
    "sentence",
    [
        "gắn với việc thực hiện Nghị quyết số 18-NQ/TW, ngày 25-10-2017 của Ban Chấp hành",
        "Tổ chức mỗi tháng ít nhất 01 ngày tổng vệ sinh khuôn viên cơ quan.",
    ],
)
def test_a_cited_date_or_a_bare_every_month_is_not_a_deadline(sentence: str) -> None:
    assert find_deadline(sentence) is None


def test_the_deadline_after_a_bare_every_month_is_found() -> None:
    hit = find_deadline("Tổng hợp kết quả ra quân hàng tháng, báo cáo trước ngày 05 hàng tháng")
    assert hit is not None
    assert hit.deadline.text == "trước ngày 05 hàng tháng"


def test_a_wording_of_no_known_shape_is_kept_as_written_and_names_no_day() -> None:
    deadline = read_deadline("  khi có hướng dẫn của cấp trên ")
    assert deadline.kind is DeadlineKind.UNDATED
    assert deadline.text == "khi có hướng dẫn của cấp trên"
    assert deadline.summary() == "khi có hướng dẫn của cấp trên"
    assert deadline.due_date() is None
    assert deadline.occurrences(D(2026, 1, 1)) == []


def test_a_known_shape_with_a_day_that_does_not_exist_is_still_refused() -> None:
    with pytest.raises(DeadlineNotUnderstoodError):
        read_deadline("trước ngày 31/02/2026")
    assert read_deadline("trước ngày 25/6/2026").kind is DeadlineKind.DATE


@pytest.mark.parametrize(
    ("wording", "month", "year"),
    [
        ("6 tháng đầu năm 2026", 6, 2026),
        ("Trong 6 tháng cuối năm 2025", 12, 2025),
        ("6 tháng đầu năm", 6, 2027),  # the plan's year
    ],
)
def test_a_half_year_is_due_at_its_last_month(wording: str, month: int, year: int) -> None:
    # Typed in the editor or read from a plan alike: the parser owns the wording.
    assert parse_deadline(wording, default_year=2027) == Deadline(
        DeadlineKind.MONTH, text=wording, year=year, month=month
    )
    found = find_deadline(f"Tổng kết sơ bộ {wording.lower()}.", default_year=2027)
    assert found is not None
    assert (found.deadline.kind, found.deadline.month, found.deadline.year) == (
        DeadlineKind.MONTH,
        month,
        year,
    )
