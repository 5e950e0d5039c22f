"""A unit's duty under "Tổ chức thực hiện" that repeats a task of the body joins that task."""

from desktop_app.imports.document_reader import read_text
from desktop_app.imports.plan_reader import UnderstoodPlan, understand_plan
from desktop_app.imports.task_matching import same_work, work_words

HEAD = "ỦY BAN NHÂN DÂN\nXÃ AN BÌNH\nSố: 5/KH-UBND\nAn Bình, ngày 2 tháng 3 năm 2026\n\nKẾ HOẠCH\n"
TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nLê Văn Tám\n"
BODY = (
    HEAD
    + "Phòng chống dịch bệnh gia súc năm 2026\nI. MỤC ĐÍCH\nBảo vệ đàn gia súc.\nII. NỘI DUNG\n"
    + "1. Tổ chức tiêm phòng vắc xin lở mồm long móng cho đàn trâu bò, hoàn thành trước "
    + "ngày 30/4/2026.\n"
    + "2. Tuyên truyền trên loa truyền thanh về các biện pháp phòng dịch, hoàn thành trong "
    + "tháng 5/2026.\n"
    + "III. TỔ CHỨC THỰC HIỆN\n"
)


def read(text: str) -> UnderstoodPlan:
    return understand_plan(read_text(text, "thu.txt"))


def test_role_words_and_deadline_tails_are_not_the_work() -> None:
    assert work_words(
        "- Chủ trì, phối hợp với Công an xã tổ chức tiêm phòng, hoàn thành trước ngày 5/6"
    ) == ["to", "chuc", "tiem", "phong"]
    assert same_work(
        "Tổ chức tiêm phòng vắc xin lở mồm long móng cho đàn trâu bò.",
        "Chủ trì tổ chức tiêm phòng vắc xin lở mồm long móng cho đàn trâu bò trên địa bàn.",
    )
    assert not same_work(
        "Tổ chức tiêm phòng vắc xin lở mồm long móng cho đàn trâu bò.",
        "Tổ chức tiêm phòng vắc xin dại cho đàn chó mèo của các hộ gia đình.",
    )
    # Too short to tell: many duties read "Tổng hợp, báo cáo kết quả".
    assert not same_work("Tổng hợp, báo cáo.", "Tổng hợp, báo cáo.")


def test_a_leading_duty_becomes_the_lead_of_the_body_task() -> None:
    plan = read(
        BODY
        + "1. Phòng Kinh tế:\n- Chủ trì tổ chức tiêm phòng vắc xin lở mồm long móng cho đàn "
        + "trâu bò trên địa bàn xã.\n- Tổng hợp kết quả, báo cáo Ủy ban nhân dân xã trước "
        + "ngày 15/5/2026.\n"
        + TAIL
    ).plan
    texts = [t.text for t in plan.tasks]
    assert sum("tiêm phòng" in t for t in texts) == 1
    understood = read(
        BODY
        + "1. Phòng Kinh tế:\n- Chủ trì tổ chức tiêm phòng vắc xin lở mồm long móng cho đàn "
        + "trâu bò trên địa bàn xã.\n"
        + TAIL
    )
    vaccination = next(t for t in understood.plan.tasks if "tiêm phòng" in t.text)
    assert [r.name for r in vaccination.lead] == ["Phòng Kinh tế"]
    # The task shows its own line; its lead, the line of the unit's paragraph.
    lines = understood.spans
    assert lines[f"{vaccination.id}.lead"].first > lines[vaccination.id].last
    vaccination = next(t for t in plan.tasks if "tiêm phòng" in t.text)
    assert [r.name for r in vaccination.lead] == ["Phòng Kinh tế"]
    assert vaccination.deadline.text == "trước ngày 30/4/2026"
    assert any(t.startswith("Tổng hợp kết quả") for t in texts)


def test_a_supporting_duty_makes_the_unit_support_and_keeps_the_lead() -> None:
    plan = read(
        BODY
        + "1. Phòng Văn hóa - Xã hội:\n- Chủ trì tuyên truyền trên loa truyền thanh về các "
        + "biện pháp phòng dịch.\n"
        + "2. Trung tâm Văn hóa - Thể thao xã:\n- Phối hợp tuyên truyền trên loa truyền thanh "
        + "về các biện pháp phòng dịch.\n"
        + TAIL
    ).plan
    campaign = [t for t in plan.tasks if "loa truyền thanh" in t.text]
    assert len(campaign) == 1
    assert [r.name for r in campaign[0].lead] == ["Phòng Văn hóa - Xã hội"]
    assert [r.name for r in campaign[0].support] == ["Trung tâm Văn hóa - Thể thao xã"]


def test_a_different_duty_of_a_unit_stays_its_own_task() -> None:
    plan = read(
        BODY + "1. Công an xã:\n- Chủ trì kiểm tra việc vận chuyển gia súc qua địa bàn xã.\n" + TAIL
    ).plan
    check = [t for t in plan.tasks if "vận chuyển" in t.text]
    assert len(check) == 1
    assert [r.name for r in check[0].lead] == ["Công an xã"]
    assert sum("tiêm phòng" in t.text for t in plan.tasks) == 1
