"""Header, signature and decision shapes of NĐ 30/2020 documents, each on a made-up example."""

from desktop_app.domain.plans import System
from desktop_app.imports.document_reader import read_text
from desktop_app.imports.plan_header import strip_motto, symbol_type, type_code
from desktop_app.imports.plan_reader import UnderstoodPlan, understand_plan

BODY = """
I. MỤC ĐÍCH, YÊU CẦU
Bảo đảm an toàn.
II. NHIỆM VỤ
1. Công an xã chủ trì, phối hợp với Đoàn Thanh niên tuần tra ban đêm.
"""

CLOSING = """
Nơi nhận:
- UBND huyện (b/c);
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Lê Văn Tám
"""


def read(text: str) -> UnderstoodPlan:
    return understand_plan(read_text(text, "thu.txt"))


def test_motto_pieces_are_never_the_issuer() -> None:
    assert strip_motto("CHỦ NGHĨA VIỆT NAM") == ("", False)
    assert strip_motto("CỘNG HÒA XÃ") == ("", True)
    assert strip_motto("VIỆT NAM", after_motto=True) == ("", False)
    assert strip_motto("ỦY BAN MTTQ VIỆT NAM") == ("ỦY BAN MTTQ VIỆT NAM", False)
    assert strip_motto("XÃ AN BÌNH Độc lập - Tự do - Hạnh phúc")[0] == "XÃ AN BÌNH"


def test_type_line_and_symbol_give_the_document_type() -> None:
    assert type_code("QUYẾT ĐỊNH") == "QĐ"
    assert type_code("Kế hoạch") == ""  # only the printed capitals are the type line
    assert type_code("QUYẾT ĐỊNH:") == ""  # the decision's operative line
    assert symbol_type("KH/ĐU") == "KH"
    assert symbol_type("UBND-VP") == "CV"


def test_header_in_table_cells_with_the_motto_split_over_lines() -> None:
    text = (
        "|\n**ỦY BAN NHÂN\nDÂN**\nTỈNH HÒA BÌNH\n-----\n|\n**CỘNG HÒA XÃ\n"
        "HỘI CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n|\n|\nSố:\n45/KH-UBND\n|\n"
        "*Hòa\nBình, ngày 3\ntháng 2 năm 2026*\n|\n"
        "\nKẾ HOẠCH\nTUẦN TRA\nBAN ĐÊM\n" + BODY + CLOSING
    )
    plan = read(text).plan
    assert plan.issuer.name == "ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH"
    assert (plan.number, plan.symbol, plan.doc_type) == (45, "KH-UBND", "KH")
    assert (plan.place, plan.date.isoformat() if plan.date else "") == ("Hòa Bình", "2026-02-03")
    assert plan.title == "TUẦN TRA BAN ĐÊM"
    assert plan.system is System.STATE


def test_header_columns_interleaved_line_by_line() -> None:
    text = (
        "UBND HUYỆN ĐÔNG SƠN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "ỦY BAN NHÂN DÂN XÃ AN BÌNH Độc lập - Tự do - Hạnh phúc\n"
        "Số: 7/KH-UBND An Bình, ngày 9 tháng 3 năm 2026\n\nKẾ HOẠCH\nDiệt chuột\n" + BODY + CLOSING
    )
    plan = read(text).plan
    assert plan.issuer.name == "ỦY BAN NHÂN DÂN XÃ AN BÌNH"
    assert plan.issuer.parent == "UBND HUYỆN ĐÔNG SƠN"
    assert (plan.number, plan.place) == (7, "An Bình")


def test_notes_before_the_document_are_not_its_header() -> None:
    text = (
        "TRANG THÔNG TIN VĂN BẢN\nBản sao này được đăng lại để tra cứu, không có giá trị pháp lý.\n"
        "ỦY BAN NHÂN DÂN\nXÃ HÒA AN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 3/KH-UBND\n"
        "Hòa An, ngày 1 tháng 4 năm 2026\nKẾ HOẠCH\nPhòng chống bão\n" + BODY + CLOSING
    )
    assert read(text).plan.issuer.name == "ỦY BAN NHÂN DÂN XÃ HÒA AN"


def test_party_header_with_its_star_and_number_form() -> None:
    text = (
        "ĐẢNG BỘ HUYỆN YÊN THÀNH\nĐẢNG ỦY XÃ HÙNG THÀNH\n*\nSố 12-KH/ĐU\n"
        "ĐẢNG CỘNG SẢN\nVIỆT NAM\nHùng Thành, ngày 5 tháng 1 năm 2026\n\nKẾ HOẠCH\n"
        "Học tập nghị quyết\n" + BODY + "\nNơi nhận:\n- Các chi bộ,\n- Lưu VP.\n\n"
        "T/M ĐẢNG ỦY\nBÍ THƯ\n\nNguyễn Văn Hùng\n"
    )
    plan = read(text).plan
    assert plan.system is System.PARTY
    assert (plan.issuer.name, plan.issuer.parent) == (
        "ĐẢNG ỦY XÃ HÙNG THÀNH",
        "ĐẢNG BỘ HUYỆN YÊN THÀNH",
    )
    assert (plan.number, plan.symbol) == (12, "KH/ĐU")
    assert (plan.signature.authority, plan.signature.position) == ("T/M ĐẢNG ỦY", "BÍ THƯ")


def test_front_header_keeps_its_standing_committee() -> None:
    text = (
        "ỦY BAN MTTQ VIỆT NAM\nXÃ TÂN PHÚ\nBAN THƯỜNG TRỰC\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 05/KH-MTTQ-BTT\nTân Phú, ngày 2 tháng 3 năm 2026\nKẾ HOẠCH\nNgày hội đại đoàn kết\n"
        + BODY
    )
    plan = read(text).plan
    assert plan.issuer.name == "BAN THƯỜNG TRỰC"
    assert plan.issuer.parent == "ỦY BAN MTTQ VIỆT NAM XÃ TÂN PHÚ"


def test_signature_with_two_authority_lines_and_a_wrapped_body_name() -> None:
    closing = (
        "\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN\nDÂN\nKT. CHỦ TỊCH\n"
        "PHÓ CHỦ TỊCH\n\n(Đã ký)\n\nTrần Thị Mai\n"
    )
    text = "ỦY BAN NHÂN DÂN\nXÃ AN BÌNH\n\nKẾ HOẠCH\nDiệt chuột\n" + BODY + closing
    signature = read(text).plan.signature
    assert signature.authority == "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"
    assert (signature.position, signature.signer) == ("PHÓ CHỦ TỊCH", "Trần Thị Mai")


def test_head_signing_in_own_right_prints_only_a_title() -> None:
    closing = "\nNơi nhận:\n- Các bộ, ngành;\n- Lưu: VT.\n\nCHỦ TỊCH\n\nHoàng Văn Nam\n"
    text = "ỦY BAN NHÂN DÂN\nXÃ AN BÌNH\n\nKẾ HOẠCH\nDiệt chuột\n" + BODY + closing
    plan = read(text).plan
    assert (plan.signature.authority, plan.signature.signer) == ("CHỦ TỊCH", "Hoàng Văn Nam")
    assert len(plan.recipients) == 2


def test_decision_that_issues_a_plan_is_one_plan() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nXÃ AN BÌNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 88/QĐ-UBND\n"
        "An Bình, ngày 10 tháng 3 năm 2026\n\nQUYẾT ĐỊNH\nVề việc ban hành Kế hoạch diệt chuột\n"
        "ỦY BAN NHÂN DÂN XÃ AN BÌNH\nCăn cứ Luật Tổ chức chính quyền địa phương;\n"
        "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch diệt chuột.\n"
        "Điều 2. Quyết định có hiệu lực từ ngày ký.\n\nNơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n\n"
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nLê Văn Tám\n\nKẾ HOẠCH\nDiệt chuột năm 2026\n"
        "(Kèm theo Quyết định số 88/QĐ-UBND ngày 10/3/2026)\n" + BODY
    )
    understood = read(text)
    plan = understood.plan
    assert (plan.doc_type, plan.number, plan.symbol) == ("QĐ", 88, "QĐ-UBND")
    assert plan.title == "Về việc ban hành Kế hoạch diệt chuột"
    assert [s.label for s in plan.sections] == ["I.", "II."]
    assert [t.lead[0].name for t in plan.tasks] == ["Công an xã"]
    assert plan.signature.signer == "Lê Văn Tám"
    assert len(plan.recipients) == 2
    assert "Căn cứ Luật Tổ chức chính quyền địa phương;" in plan.bases
    assert "decision" in understood.spans


def test_cong_van_has_no_type_line_and_its_subject_is_the_title() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nXÃ AN BÌNH\nSố: 15/UBND-VP\nV/v báo cáo kết quả thu hoạch lúa\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "An Bình, ngày tháng 6 năm 2026\nKính gửi: Các thôn trên địa bàn xã.\n"
        "Để tổng hợp báo cáo huyện, UBND xã đề nghị các thôn báo cáo kết quả.\n"
        "\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Văn Tám\n"
    )
    plan = read(text).plan
    assert (plan.doc_type, plan.symbol, plan.number) == ("CV", "UBND-VP", 15)
    assert plan.title == "V/v báo cáo kết quả thu hoạch lúa"
    assert (plan.issuer.name, plan.place, plan.date) == (
        "ỦY BAN NHÂN DÂN XÃ AN BÌNH",
        "An Bình",
        None,
    )
    assert (plan.signature.authority, plan.signature.signer) == ("KT. CHỦ TỊCH", "Lê Văn Tám")
