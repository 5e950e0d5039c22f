"""The reader's confidence in each task: general signs, each on a short made-up example."""

from desktop_app.domain.deadlines import Deadline, DeadlineKind
from desktop_app.domain.ids import TaskId, UnitId
from desktop_app.domain.plans import Task, UnitRef
from desktop_app.imports.document_reader import read_text
from desktop_app.imports.plan_reader import understand_plan
from desktop_app.imports.task_confidence import (
    TaskConfidence,
    TaskDoubt,
    TaskOrigin,
    assess_task,
    looks_like_background,
    looks_like_heading,
)

LEAD = (UnitRef(UnitId(""), "Công an xã"),)
DATED = Deadline(DeadlineKind.YEAR, "năm 2026", year=2026)


def task(text: str, *, lead: tuple[UnitRef, ...] = LEAD, deadline: Deadline = DATED) -> Task:
    return Task(TaskId("t"), text, lead=lead, deadline=deadline)


def test_a_complete_numbered_duty_is_sure() -> None:
    found = assess_task(task("Tuần tra bảo đảm an ninh trật tự dịp Tết."), TaskOrigin.ITEM)
    assert found == TaskConfidence(1.0, (), TaskOrigin.ITEM)
    assert not found.doubtful


def test_no_lead_is_a_doubt() -> None:
    found = assess_task(task("Tuần tra bảo đảm an ninh trật tự.", lead=()), TaskOrigin.TABLE)
    assert found.doubts == (TaskDoubt.NO_LEAD,)
    assert found.score < 1
    assert found.reasons == ("không thấy đơn vị chủ trì",)


def test_a_deadline_kept_verbatim_is_a_doubt_but_no_deadline_at_all_is_not() -> None:
    unread = Deadline(DeadlineKind.NONE, "khi có hướng dẫn của cấp trên")
    found = assess_task(task("Rà soát hộ nghèo trên địa bàn.", deadline=unread), TaskOrigin.ITEM)
    assert found.doubts == (TaskDoubt.DEADLINE_NOT_UNDERSTOOD,)
    none = assess_task(task("Rà soát hộ nghèo trên địa bàn.", deadline=Deadline()), TaskOrigin.ITEM)
    assert none.doubts == ()


def test_heading_like_text_is_a_doubt() -> None:
    assert looks_like_heading("Công tác tuyên truyền")
    assert looks_like_heading("NHIỆM VỤ TRỌNG TÂM")
    assert looks_like_heading("Các nhiệm vụ cụ thể như sau:")
    assert not looks_like_heading("Tổ chức hội nghị sơ kết.")
    assert not looks_like_heading("Tổ chức hội nghị sơ kết công tác năm")
    found = assess_task(task("Công tác tuyên truyền"), TaskOrigin.ITEM)
    assert found.doubts == (TaskDoubt.LOOKS_LIKE_HEADING,)
    assert found.doubtful


def test_background_sentences_are_a_doubt() -> None:
    assert looks_like_background("Năm qua, tỷ lệ hộ nghèo đã giảm còn 3%.")
    assert looks_like_background("Nhằm nâng cao chất lượng phục vụ Nhân dân.")
    assert looks_like_background("Phong trào đã đạt nhiều kết quả quan trọng.")
    assert looks_like_background("Để bảo đảm an toàn cho Nhân dân trong mùa mưa bão.")
    assert not looks_like_background("Tuyên truyền phòng chống ma túy trong trường học.")
    # "Đề nghị", "Đề xuất" ask for work; "đã được" deep in a duty is one of its clauses.
    assert not looks_like_background("Đề nghị Hội Nông dân xã vận động hội viên tham gia.")
    assert not looks_like_background(
        "Phối hợp với Phòng Kinh tế triển khai các nội dung Kế hoạch đã được phê duyệt."
    )
    found = assess_task(
        task("Trong thời gian qua, công tác cải cách hành chính có chuyển biến."), TaskOrigin.ITEM
    )
    assert found.doubts == (TaskDoubt.BACKGROUND,)
    assert found.doubtful


def test_prose_is_a_weaker_shape_and_signs_add_up() -> None:
    prose = assess_task(task("Tuần tra bảo đảm an ninh trật tự dịp Tết."), TaskOrigin.PROSE)
    assert prose.doubts == (TaskDoubt.FROM_PROSE,)
    worse = assess_task(task("Tuần tra bảo đảm an ninh trật tự.", lead=()), TaskOrigin.PROSE)
    assert worse.score < prose.score
    assert worse.doubtful


HEAD = "ỦY BAN NHÂN DÂN\nXÃ AN BÌNH\nSố: 5/KH-UBND\nAn Bình, ngày 2 tháng 3 năm 2026\n\nKẾ HOẠCH\n"
TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nLê Văn Tám\n"


def test_the_reader_gives_each_task_its_confidence_from_its_shape() -> None:
    text = (
        HEAD
        + "Phòng chống thiên tai năm 2026\nI. MỤC ĐÍCH\nBảo vệ Nhân dân.\nII. TỔ CHỨC THỰC HIỆN\n"
        + "1. Công an xã\n- Bảo vệ an ninh trật tự vùng bị ảnh hưởng, hoàn thành trong năm 2026.\n"
        + "Giao Trạm Y tế xã chủ trì cấp phát thuốc cho Nhân dân vùng lũ trong tháng 9/2026.\n"
        + TAIL
    )
    understood = understand_plan(read_text(text, "thu.txt"))
    first, second = understood.plan.tasks
    assert understood.confidence[first.id].doubts == ()
    assert understood.confidence[second.id].doubts == (TaskDoubt.FROM_PROSE,)


def test_table_rows_are_table_shaped() -> None:
    text = (
        HEAD
        + "Chuyển đổi số năm 2026\nI. MỤC ĐÍCH\nPhục vụ người dân.\nII. NHIỆM VỤ\n"
        + "STT | Nội dung | Cơ quan chủ trì | Thời gian hoàn thành\n"
        + "1 | Tập huấn kỹ năng số cho cán bộ | Văn phòng UBND xã | Quý III/2026\n"
        + "2 | Số hóa hồ sơ hộ tịch | | Quý IV/2026\n"
        + TAIL
    )
    understood = understand_plan(read_text(text, "thu.txt"))
    first, second = understood.plan.tasks
    assert understood.confidence[first.id].doubts == ()
    assert understood.confidence[second.id].doubts == (TaskDoubt.NO_LEAD,)
