"""Splitting and joining the tasks of an imported plan before it is saved, with undo."""

import pytest

from desktop_app.imports.document_reader import read_text
from desktop_app.imports.task_confidence import TaskDoubt
from desktop_app.workspace import Workspace
from desktop_app.workspace.import_review import ImportReview, ReviewError, confidence_label

PLAN = """ỦY BAN NHÂN DÂN
XÃ AN BÌNH
Số: 5/KH-UBND
An Bình, ngày 2 tháng 3 năm 2026

KẾ HOẠCH
Phòng chống thiên tai năm 2026

I. MỤC ĐÍCH
Bảo vệ Nhân dân.
II. TỔ CHỨC THỰC HIỆN
1. Công an xã
- Tuần tra bảo đảm an ninh trật tự vùng bị ảnh hưởng,
hoàn thành trong năm 2026.
- Kiểm tra các điểm sạt lở trên địa bàn trong tháng 9/2026.
2. Trạm Y tế xã
- Cấp phát thuốc cho Nhân dân vùng lũ trong tháng 9/2026; phun thuốc khử trùng tại các
khu dân cư sau lũ trong tháng 10/2026.
Giao Hội Nông dân xã vận động hội viên gia cố chuồng trại trong tháng 8/2026.

Nơi nhận:
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Lê Văn Tám
"""


@pytest.fixture
def review(workspace: Workspace) -> ImportReview:
    return ImportReview(workspace.plan_import.understand(read_text(PLAN, "thu.txt")))


def texts(review: ImportReview) -> list[str]:
    return [review.text(t.id) for t in review.tasks]


def test_the_plan_reads_four_tasks(review: ImportReview) -> None:
    assert len(review.tasks) == 4
    assert texts(review)[1] == "Kiểm tra các điểm sạt lở trên địa bàn trong tháng 9/2026."


def test_split_at_a_point_of_the_text_makes_two_tasks_in_place(review: ImportReview) -> None:
    medicine = review.tasks[2]
    text = review.text(medicine.id)
    first_id, second_id = review.split(medicine.id, text.index("phun thuốc"))
    assert texts(review)[2:4] == [
        "Cấp phát thuốc cho Nhân dân vùng lũ trong tháng 9/2026",
        "Phun thuốc khử trùng tại các khu dân cư sau lũ trong tháng 10/2026.",
    ]
    first, second = review.task(first_id), review.task(second_id)
    assert first.id == medicine.id
    assert second.lead == medicine.lead
    assert second.section_id == medicine.section_id
    # The second part starts inside the first line: both keep it; the second runs on.
    assert review.state.spans[first_id].first == review.state.spans[second_id].first
    assert review.number(second_id) == 4


def test_split_at_a_source_line_shares_out_the_lines(review: ImportReview) -> None:
    patrol = review.tasks[0]
    span = review.state.spans[patrol.id]
    assert span.last == span.first + 1
    first_id, second_id = review.split_at_line(patrol.id, span.last)
    assert texts(review)[:2] == [
        "Tuần tra bảo đảm an ninh trật tự vùng bị ảnh hưởng",
        "Hoàn thành trong năm 2026.",
    ]
    assert review.state.spans[first_id].last == span.first
    assert review.state.spans[second_id].first == span.last


def test_a_split_that_leaves_a_part_empty_or_a_line_outside_is_refused(
    review: ImportReview,
) -> None:
    patrol = review.tasks[0]
    with pytest.raises(ReviewError, match="con trỏ"):
        review.split(patrol.id, 0)
    with pytest.raises(ReviewError, match="con trỏ"):
        review.split(patrol.id, len(review.text(patrol.id)))
    span = review.state.spans[patrol.id]
    with pytest.raises(ReviewError, match="tô vàng"):
        review.split_at_line(patrol.id, span.first)
    with pytest.raises(ReviewError, match="tô vàng"):
        review.split_at_line(patrol.id, span.last + 5)
    assert len(review.tasks) == 4
    assert not review.can_undo


def test_join_two_neighbours_keeps_both_units_and_the_first_deadline(
    review: ImportReview,
) -> None:
    checking, medicine = review.tasks[1], review.tasks[2]
    joined_id = review.join(checking.id, medicine.id)
    assert len(review.tasks) == 3
    joined = review.task(joined_id)
    assert joined.text == f"{checking.text} {medicine.text}"
    assert [r.name for r in joined.lead] == ["Công an xã", "Trạm Y tế xã"]
    assert joined.deadline == checking.deadline
    spans = review.state.spans
    assert spans[joined_id].first < spans[joined_id].last
    assert medicine.id not in spans


def test_join_runs_on_a_lower_case_continuation_and_refuses_non_neighbours(
    review: ImportReview,
) -> None:
    patrol = review.tasks[0]
    review.split_at_line(patrol.id, review.state.spans[patrol.id].last)
    first, second = review.tasks[0], review.tasks[1]
    review.set_text(second.id, "hoàn thành trong năm 2026.")
    review.join(first.id, second.id)
    assert texts(review)[0] == (
        "Tuần tra bảo đảm an ninh trật tự vùng bị ảnh hưởng hoàn thành trong năm 2026."
    )
    with pytest.raises(ReviewError, match="liền nhau"):
        review.join(review.tasks[0].id, review.tasks[2].id)


def test_undo_takes_back_each_change_in_turn(review: ImportReview) -> None:
    before = texts(review)
    review.set_text(review.tasks[1].id, "Kiểm tra các điểm sạt lở.")
    typed = texts(review)
    medicine = review.tasks[2]
    review.split(medicine.id, review.text(medicine.id).index("phun"))
    review.join(review.tasks[0].id, review.tasks[1].id)
    assert len(texts(review)) == 4
    assert review.undo()
    assert len(texts(review)) == 5
    assert review.undo()
    assert texts(review) == typed
    assert not review.undo()
    assert typed != before


def test_doubtful_tasks_come_first_and_the_document_order_stays(review: ImportReview) -> None:
    prose = review.tasks[3]
    assert review.confidence(prose.id).doubts == (TaskDoubt.FROM_PROSE,)
    assert confidence_label(review.confidence(prose.id)) == "Vừa"
    heading = review.split(review.tasks[0].id, review.text(review.tasks[0].id).index("an ninh"))[0]
    assert TaskDoubt.LOOKS_LIKE_HEADING in review.confidence(heading).doubts
    assert confidence_label(review.confidence(heading)) == "Thấp"
    shown = review.ordered(doubtful_first=True)
    assert shown[0].id == heading
    assert shown[1].id == prose.id
    sure = [t for t in review.tasks if t.id not in (heading, prose.id)]
    assert shown[2:] == sure
    assert review.ordered(doubtful_first=False) == list(review.tasks)


def test_a_dropped_task_joined_is_kept(review: ImportReview) -> None:
    first, second = review.tasks[0], review.tasks[1]
    review.set_kept(second.id, False)
    assert not review.is_kept(second.id)
    joined = review.join(first.id, second.id)
    assert review.is_kept(joined)
