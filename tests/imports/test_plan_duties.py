"""Duties by body: headings that name a body, wherever they stand, and broken item labels."""

from desktop_app.imports.document_reader import read_text
from desktop_app.imports.plan_blocks import NUMBER
from desktop_app.imports.plan_reader import UnderstoodPlan, understand_plan

HEAD = "ỦY BAN NHÂN DÂN\nXÃ AN BÌNH\nSố: 5/KH-UBND\nAn Bình, ngày 2 tháng 3 năm 2026\n\nKẾ HOẠCH\n"
TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nLê Văn Tám\n"


def read(text: str) -> UnderstoodPlan:
    return understand_plan(read_text(text, "thu.txt"))


def test_a_number_is_a_label_only_with_a_dot_or_before_a_capital() -> None:
    assert NUMBER.match("04 xã: Tân An, Tân Bình") is None
    assert NUMBER.match("15 tuổi trở lên") is None
    label = NUMBER.match("2.1 Nội dung")
    assert label is not None
    assert label["label"] == "2.1"


def test_body_headings_under_any_section_head_their_duties() -> None:
    text = (
        HEAD
        + "Phòng chống dịch\nI. MỤC ĐÍCH\nBảo vệ sức khỏe Nhân dân.\nII. NỘI DUNG THỰC HIỆN\n"
        + "1. Trạm Y tế xã\n- Theo dõi ca bệnh hằng ngày.\n- Phun thuốc tại ổ dịch.\n"
        + "2. Hội nghị sơ kết\nTổ chức vào cuối năm.\n"
        + TAIL
    )
    tasks = read(text).plan.tasks
    assert [(t.text, t.lead[0].name) for t in tasks[:2]] == [
        ("Theo dõi ca bệnh hằng ngày.", "Trạm Y tế xã"),
        ("Phun thuốc tại ổ dịch.", "Trạm Y tế xã"),
    ]
    assert all("Hội nghị" not in r.name for t in tasks for r in t.lead)


def test_specific_duties_section_and_a_label_on_its_own_line() -> None:
    text = (
        HEAD
        + "Kinh tế biển\nI. MỤC TIÊU\nPhát triển bền vững.\nII. NHIỆM VỤ CỤ THỂ\n**1.\n"
        + "Công an xã**\n- Tuần tra vùng biển, phối hợp với Ủy ban nhân dân\n"
        + "04 xã: Tân An, Tân Bình bảo vệ ngư dân.\n"
        + TAIL
    )
    (task,) = read(text).plan.tasks
    assert task.lead[0].name == "Công an xã"
    assert task.text.endswith("04 xã: Tân An, Tân Bình bảo vệ ngư dân.")


def test_structured_blocks_one_task_each() -> None:
    text = (
        HEAD
        + "Chuyển đổi số\nI. MỤC ĐÍCH\nPhục vụ người dân.\nII. NỘI DUNG\n"
        + "1. Tập huấn kỹ năng số cho\nNhân dân các thôn\n"
        + "- Cơ quan chủ trì: Văn phòng UBND xã.\n- Cơ quan phối hợp: Đoàn Thanh niên xã.\n"
        + "- Thời gian thực hiện: Quý III/2026.\n- Sản phẩm: Lớp tập huấn.\n"
        + "2. Ban hành văn bản\n- Quy chế quản lý dữ liệu\n"
        + "+ Nội dung: quy định việc khai thác dữ liệu.\n"
        + "+ Cơ quan chủ trì: Công an xã.\n+ Thời hạn ban hành: trước ngày 30/9/2026.\n"
        + "- Quy chế an toàn thông tin\n+ Cơ quan chủ trì: Văn phòng UBND xã.\n"
        + "3. Rà soát thủ tục\na) Nhiệm vụ: Rà soát các thủ tục hành chính.\n"
        + "b) Cơ quan thực hiện: Bộ phận một cửa.\nc) Thời gian: tháng 10/2026.\n"
        + TAIL
    )
    tasks = read(text).plan.tasks
    assert [(t.text, t.lead[0].name) for t in tasks] == [
        ("Tập huấn kỹ năng số cho Nhân dân các thôn", "Văn phòng UBND xã"),
        ("Quy chế quản lý dữ liệu", "Công an xã"),
        ("Quy chế an toàn thông tin", "Văn phòng UBND xã"),
        ("Rà soát các thủ tục hành chính.", "Bộ phận một cửa"),
    ]
    assert [s.name for s in tasks[0].support] == ["Đoàn Thanh niên xã"]
    assert (tasks[0].deadline.quarter, tasks[0].output) == (3, "Lớp tập huấn.")
    assert tasks[1].note == "quy định việc khai thác dữ liệu."
    assert tasks[1].deadline.on is not None
    assert tasks[3].deadline.month == 10


def test_aims_with_dates_are_no_duties_and_a_time_line_completes_the_duty_above() -> None:
    text = (
        HEAD
        + "Trồng cây\nI. MỤC TIÊU\n1. Chỉ tiêu\nĐến năm 2030 trồng được 5.000 cây xanh.\n"
        + "II. TỔ CHỨC THỰC HIỆN\n1. Hội Nông dân xã\n"
        + "a) Chủ trì, phối hợp với các chi hội\n- Vận động hội viên trồng cây,\n"
        + "Đoàn Thanh niên hỗ trợ cây giống.\n"
        + "Thời gian thực hiện: năm\n2026 và các năm tiếp theo.\n"
        + TAIL
    )
    (task,) = read(text).plan.tasks
    assert task.text == "Vận động hội viên trồng cây, Đoàn Thanh niên hỗ trợ cây giống."
    assert task.lead[0].name == "Hội Nông dân xã"
    assert task.deadline.text == "năm 2026 và các năm tiếp theo"


def test_dates_of_cited_documents_and_horizons_are_no_deadlines() -> None:
    text = (
        HEAD
        + "Dân số\nI. TỔ CHỨC THỰC HIỆN\n1. Trạm Y tế xã\n"
        + "- Thực hiện Thông tư số 02/2021/TT-BYT ngày 25 tháng 01 năm 2021 của Bộ Y tế.\n"
        + "- Triển khai Chiến lược dân số đến năm 2030, tầm nhìn đến năm 2045.\n"
        + "- Báo cáo kết quả trước ngày 15 tháng 12 năm 2026.\n"
        + TAIL
    )
    tasks = read(text).plan.tasks
    assert [t.deadline.text for t in tasks] == ["", "", "trước ngày 15 tháng 12 năm 2026"]


def test_funding_duties_count_and_closing_clauses_do_not() -> None:
    text = (
        HEAD
        + "Làm đường\nI. KINH PHÍ\n1. Kinh phí lấy từ ngân sách xã năm 2026.\n"
        + "2. Văn phòng UBND xã chủ trì lập dự toán, trình Chủ tịch UBND xã phê duyệt.\n"
        + "II. TỔ CHỨC THỰC HIỆN\n1. Công an xã bảo đảm an ninh khi thi công.\n"
        + "2. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị báo cáo "
        + "về Văn phòng UBND xã để tổng hợp.\n"
        + TAIL
    )
    tasks = read(text).plan.tasks
    assert [t.lead[0].name for t in tasks] == ["Văn phòng UBND xã", "Công an xã"]


def test_a_topic_heading_is_no_body_though_it_looks_like_one_without_accents() -> None:
    from desktop_app.imports.plan_bodies import is_body, subject  # noqa: PLC0415

    assert subject("Bảo vệ môi trường biển thực hiện")[0] == []
    assert subject("Số liệu thống kê thực hiện")[0] == []
    assert subject("Sở Y tế chủ trì kiểm tra")[0] == ["Sở Y tế"]
    assert is_body("Cong an xa Tan Phu")  # a copy typed without accents
    assert not is_body("Bảo tồn đa dạng sinh học")


def test_prose_assignments_giao_de_nghi_and_do_x_chu_tri() -> None:
    text = (
        HEAD
        + "Văn hóa\nI. NHIỆM VỤ\n"
        + "1. Giao Phòng Văn hóa - Xã hội chủ trì, phối hợp với Công an xã, Đoàn Thanh niên xã "
        + "tổ chức hội thi văn nghệ trong tháng 9/2026.\n"
        + "2. Đề nghị Ủy ban MTTQ xã tuyên truyền, vận động Nhân dân tham gia.\n"
        + "3. Việc bảo đảm an ninh trật tự tại hội thi do Công an xã chủ trì, phối hợp với "
        + "Ban Chỉ huy Quân sự xã thực hiện.\n"
        + TAIL
    )
    tasks = read(text).plan.tasks
    assert [([r.name for r in t.lead], [r.name for r in t.support]) for t in tasks] == [
        (["Phòng Văn hóa - Xã hội"], ["Công an xã", "Đoàn Thanh niên xã"]),
        (["Ủy ban MTTQ xã"], []),
        (["Công an xã"], ["Ban Chỉ huy Quân sự xã"]),
    ]
    assert (tasks[0].deadline.year, tasks[0].deadline.month) == (2026, 9)


def test_each_units_paragraph_in_the_implementation_section() -> None:
    text = (
        HEAD
        + "An ninh\nI. TỔ CHỨC THỰC HIỆN\n"
        + "1. Văn phòng UBND xã: Tham mưu tổng kết vào tháng 12/2026.\n"
        + "2. Công an xã:\n- Chủ trì tuần tra ban đêm.\n"
        + "- Phối hợp với Đoàn Thanh niên xã lập chốt.\n"
        + TAIL
    )
    tasks = read(text).plan.tasks
    assert [(t.text, t.lead[0].name) for t in tasks] == [
        ("Tham mưu tổng kết vào tháng 12/2026.", "Văn phòng UBND xã"),
        ("Chủ trì tuần tra ban đêm.", "Công an xã"),
        ("Phối hợp với Đoàn Thanh niên xã lập chốt.", "Công an xã"),
    ]
    assert [s.name for s in tasks[2].support] == ["Đoàn Thanh niên xã"]
