"""Task tables (Word tables and text rows) and broken lines, each on a made-up example."""

import io
from pathlib import Path

import docx

from desktop_app.domain.deadlines import DeadlineKind
from desktop_app.imports.document_reader import read_document, read_text
from desktop_app.imports.plan_reader import UnderstoodPlan, understand_plan
from desktop_app.imports.plan_tables import cell_deadline, cell_units, other_deadline, task_columns

HEAD = "ỦY BAN NHÂN DÂN\nXÃ AN BÌNH\nSố: 5/KH-UBND\nAn Bình, ngày 2 tháng 3 năm 2026\n\nKẾ HOẠCH\n"
TAIL = "\nNơi nhận:\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nLê Văn Tám\n"


def read(text: str) -> UnderstoodPlan:
    return understand_plan(read_text(text, "thu.txt"))


def test_columns_in_any_order_and_under_any_name() -> None:
    columns = task_columns(("Thời hạn", "STT", "Cơ quan phối hợp", "Nhiệm vụ", "Đơn vị chủ trì"))
    assert columns is not None
    assert (columns.time, columns.number, columns.support, columns.content, columns.lead) == (
        0,
        1,
        2,
        3,
        4,
    )
    assert task_columns(("TT", "Tên cơ quan, đơn vị", "Phụ trách xóm")) is None


def test_time_column_wordings() -> None:
    month = cell_deadline("Tháng 7-12/2026", 2026)
    assert (month.kind, month.year, month.month) == (DeadlineKind.MONTH, 2026, 12)
    years = cell_deadline("Giai đoạn 2026 - 2030", 2026)
    assert (years.kind, years.year) == (DeadlineKind.YEAR, 2030)
    assert cell_deadline("Hằng năm", 2026).kind is DeadlineKind.ONGOING
    assert cell_deadline("30/6/2026", 2026).on is not None
    quarter = cell_deadline("Quý III", 2026)
    assert (quarter.kind, quarter.year, quarter.quarter) == (DeadlineKind.QUARTER, 2026, 3)
    unknown = cell_deadline("Theo kế hoạch riêng", 2026)
    assert (unknown.kind, unknown.text) == (DeadlineKind.NONE, "Theo kế hoạch riêng")


def test_unit_cells_split_on_semicolons_and_new_names() -> None:
    assert cell_units("Sở Tài chính; UBND các xã, phường") == [
        "Sở Tài chính",
        "UBND các xã, phường",
    ]
    assert cell_units("Ban Quản lý dự án, Sở Xây dựng") == ["Ban Quản lý dự án", "Sở Xây dựng"]


def test_text_table_with_bars_section_rows_and_a_repeated_header() -> None:
    text = (
        HEAD
        + "Phòng chống dịch\nI. MỤC ĐÍCH\nBảo vệ sức khỏe.\nII. NHIỆM VỤ\n"
        + "TT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành\n"
        + "I | TUYÊN TRUYỀN | | |\n"
        + "1 | Treo băng rôn tại các thôn | Văn phòng UBND xã | Đoàn Thanh niên | Tháng 4/2026\n"
        + "TT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành\n"
        + "2 | Phun thuốc khử khuẩn | Trạm Y tế xã | Công an xã; Hội Phụ nữ xã | Quý II\n"
        + TAIL
    )
    tasks = read(text).plan.tasks
    assert [t.text for t in tasks] == ["Treo băng rôn tại các thôn", "Phun thuốc khử khuẩn"]
    assert [t.lead[0].name for t in tasks] == ["Văn phòng UBND xã", "Trạm Y tế xã"]
    assert [s.name for s in tasks[1].support] == ["Công an xã", "Hội Phụ nữ xã"]
    assert (tasks[0].deadline.year, tasks[0].deadline.month) == (2026, 4)
    assert (tasks[1].deadline.year, tasks[1].deadline.quarter) == (2026, 2)
    assert tasks[0].section_id is not None


def test_web_copy_table_in_an_appendix() -> None:
    table = (
        "|\nSTT\n|\nNhiệm vụ\n|\nCơ quan chủ trì\n|\nThời gian\n|\n|\n1\n|\nRà soát hộ\nnghèo\n"
        "|\nCông an xã\n|\nThường xuyên\n|\n"
    )
    text = (
        HEAD
        + "Giảm nghèo\nI. MỤC ĐÍCH\nGiảm nghèo.\n"
        + TAIL
        + "\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n\n"
        + table
    )
    (task,) = read(text).plan.tasks
    assert (task.text, task.lead[0].name) == ("Rà soát hộ nghèo", "Công an xã")
    assert task.deadline.kind is DeadlineKind.ONGOING
    assert task.section_id is None


def test_word_table_with_a_merged_two_row_header(tmp_path: Path) -> None:
    document = docx.Document()
    for line in [*HEAD.strip().split("\n"), "Làm đường", "I. NHIỆM VỤ"]:
        document.add_paragraph(line)
    table = document.add_table(rows=4, cols=5)
    top = table.rows[0].cells
    top[0].text, top[1].text, top[4].text = "TT", "Nội dung", "Thời gian thực hiện"
    merged = top[2].merge(top[3])
    merged.text = "Đơn vị thực hiện"
    second = table.rows[1].cells
    second[2].text, second[3].text = "Chủ trì", "Phối hợp"
    for row, values in zip(
        table.rows[2:],
        (
            ("1", "Đổ bê tông đường thôn Đông", "Ban Quản lý dự án xã", "Thôn Đông", "Quý III"),
            ("2", "Nghiệm thu công trình", "Ủy ban nhân dân xã", "Ban Giám sát", "12/2026"),
        ),
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    for line in TAIL.strip().split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "bang.docx"
    path.write_bytes(buffer.getvalue())
    tasks = understand_plan(read_document(path)).plan.tasks
    assert [(t.text, t.lead[0].name, t.support[0].name) for t in tasks] == [
        ("Đổ bê tông đường thôn Đông", "Ban Quản lý dự án xã", "Thôn Đông"),
        ("Nghiệm thu công trình", "Ủy ban nhân dân xã", "Ban Giám sát"),
    ]
    assert tasks[0].deadline.quarter == 3


def test_lines_broken_early_go_on_in_lower_case() -> None:
    text = (
        HEAD
        + "Chuyển đổi số\nI. TỔ CHỨC\nTHỰC HIỆN\n**1. Văn phòng Ủy ban\nnhân dân xã**\n"
        + "a) Là cơ quan đầu mối, chủ\ntrì, phối hợp với Công an xã theo dõi việc thực hiện.\n"
        + TAIL
    )
    plan = read(text).plan
    (task,) = plan.tasks
    assert task.text.startswith("a) Là cơ quan đầu mối, chủ trì, phối hợp")
    assert task.lead[0].name == "Văn phòng Ủy ban nhân dân xã"


def test_a_year_alone_and_every_year_from_then_on() -> None:
    year = cell_deadline("2025", 2025)
    assert (year.kind, year.year) == (DeadlineKind.YEAR, 2025)
    assert cell_deadline("Năm 2025 và các năm tiếp theo.", 2025).kind is DeadlineKind.ONGOING


def test_a_table_cut_by_a_page_foot_goes_on_without_its_header() -> None:
    text = (
        HEAD
        + "Phòng cháy\nI. NHIỆM VỤ\n"
        + "TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian\n"
        + "1 | Kiểm tra bình chữa cháy | Công an xã | Các thôn | Tháng 5/2026\n"
        + "Trang 2\n"
        + "2 | Diễn tập chữa cháy | Ban Chỉ huy Quân sự xã | Công an xã | Tháng 6/2026\n"
        + TAIL
    )
    tasks = read(text).plan.tasks
    assert [(t.text, t.lead[0].name) for t in tasks] == [
        ("Kiểm tra bình chữa cháy", "Công an xã"),
        ("Diễn tập chữa cháy", "Ban Chỉ huy Quân sự xã"),
    ]


def test_a_web_copy_breaks_the_first_line_of_each_paragraph_short() -> None:
    text = (
        HEAD
        + "Mạng 5G\n\nI. TỔ CHỨC THỰC HIỆN\n\n1. Văn phòng UBND xã\n\n"
        + "- Phối hợp chặt chẽ với các nhà mạng (Viettel\n"
        + "An Bình, VNPT An Bình) để lắp trạm phát sóng tại các thôn trong năm 2026, bảo đảm\n"
        + "phủ sóng khắp các thôn, xóm và khu dân cư tập trung của xã, nhất là các thôn\n"
        + "vùng cao còn nhiều khó khăn về hạ tầng viễn thông và đường truyền.\n\n"
        + "- Báo cáo kết quả về\n"
        + "Ủy ban nhân dân huyện trước ngày 30 tháng 11 năm 2026 để tổng hợp chung trong\n"
        + "báo cáo năm của huyện, kèm theo danh sách các trạm đã lắp và các thôn còn lõm\n"
        + "sóng cần tiếp tục đầu tư trong những năm tiếp theo.\n\n"
        + "2. Công an xã\n\n- Bảo vệ các trạm phát sóng trên địa bàn.\n"
        + TAIL
    )
    tasks = read(text).plan.tasks
    assert [t.text.split(" (")[0][:24] for t in tasks] == [
        "Phối hợp chặt chẽ với cá",
        "Báo cáo kết quả về Ủy ba",
        "Bảo vệ các trạm phát són",
    ]
    assert "An Bình, VNPT An Bình)" in tasks[0].text


def test_wordings_the_deadline_parser_leaves() -> None:
    # A half year is the parser's own (the editor reads it too); a time column still gives it.
    assert other_deadline("Hoàn thành trong 6 tháng đầu năm", 2026) is None
    half = cell_deadline("6 tháng đầu năm", 2026)
    assert (half.kind, half.year, half.month) == (DeadlineKind.MONTH, 2026, 6)
    assert other_deadline("Thực hiện đề án giai đoạn 2026 - 2030", 2026) is None
    period = cell_deadline("Giai đoạn 2026–2030", 2026)
    assert (period.kind, period.year) == (DeadlineKind.YEAR, 2030)
    for wording in (
        "trong vòng 10 ngày kể từ ngày nhận được văn bản",
        "sau khi Quy chế được ban hành",
    ):
        kept = other_deadline(f"Báo cáo kết quả {wording}.", 2026)
        assert kept is not None
        assert (kept.kind, kept.text) == (DeadlineKind.NONE, wording)


def test_a_dash_inside_one_body_s_name_does_not_split_it() -> None:
    # "Văn hóa - Thể thao", "Tư pháp - Hộ tịch": one body; "Sở Y tế - Sở Nội vụ": two.
    assert cell_units("Trung tâm Văn hóa - Thể thao xã") == ["Trung tâm Văn hóa - Thể thao xã"]
    assert cell_units("Công chức Tư pháp - Hộ tịch; Công an xã") == [
        "Công chức Tư pháp - Hộ tịch",
        "Công an xã",
    ]
    assert cell_units("Sở Y tế - Sở Nội vụ") == ["Sở Y tế", "Sở Nội vụ"]
