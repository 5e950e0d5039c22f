"""Text typed in the old TCVN3 fonts (.VnTime, .VnTimeH) is read as Unicode, and said so."""

import io
from pathlib import Path

import docx

from desktop_app.imports.document_reader import read_document
from desktop_app.imports.legacy_encodings import from_tcvn3, from_vni, is_tcvn3
from desktop_app.imports.plan_reader import understand_plan

# What a plan typed in .VnTime looks like when its bytes are read as Latin-1.
TCVN3_PLAN = """Uû ban nh©n d©n
x· an b×nh
Sè: 7/KH-UBND
Céng hoµ x· héi chñ nghÜa ViÖt Nam
§éc lËp - Tù do - H¹nh phóc
An B×nh, ngµy 9 th¸ng 3 n¨m 2026
KÕ HO¹CH
DiÖt chuét b¶o vÖ mïa mµng
I. Tæ chøc thùc hiÖn
1. C«ng an x· chñ tr×, phèi hîp víi §oµn Thanh niªn ®Æt bÉy chuét.
"""


def test_strings_convert_letter_by_letter() -> None:
    assert from_tcvn3("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert from_tcvn3("§éc lËp - Tù do - H¹nh phóc") == "Độc lập - Tự do - Hạnh phúc"
    assert from_tcvn3("KÕ HO¹CH") == "KẾ HOẠCH"  # .VnTimeH draws capitals
    assert not is_tcvn3("Cộng hòa xã hội chủ nghĩa Việt Nam © 2026")


def test_a_tcvn3_text_file_is_converted_and_the_review_says_so(tmp_path: Path) -> None:
    path = tmp_path / "cu.txt"
    path.write_bytes(TCVN3_PLAN.encode("latin-1"))
    document = read_document(path)
    assert document.converted_from == "TCVN3"
    understood = understand_plan(document)
    plan = understood.plan
    assert plan.title == "Diệt chuột bảo vệ mùa màng"
    assert plan.tasks[0].lead[0].name == "Công an xã"
    assert any("TCVN3" in d.message for d in understood.doubts)


def test_a_word_file_typed_in_vntime_is_converted(tmp_path: Path) -> None:
    document = docx.Document()
    for line in TCVN3_PLAN.strip().split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "cu.docx"
    path.write_bytes(buffer.getvalue())
    texts = [line.text for line in read_document(path).lines]
    assert "Độc lập - Tự do - Hạnh phúc" in texts


def test_unicode_text_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "moi.txt"
    path.write_text("Cộng hòa xã hội chủ nghĩa Việt Nam\n© 2026, giá 5° – «trích»\n", "utf-8")
    assert read_document(path).converted_from == ""


VNI_PLAN = """UÛy ban nhaân daân
xaõ An Bình
Soá: 7/KH-UBND
Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam
Ñoäc laäp - Töï do - Haïnh phuùc
An Bình, ngaøy 9 thaùng 3 naêm 2026
KEÁ HOAÏCH
Dieät chuoät baûo veä muøa maøng
I. Toå chöùc thöïc hieän
1. Coâng an xaõ chuû trì, phoái hôïp vôùi Ñoaøn Thanh nieân ñaët baãy chuoät.
"""


def test_vni_strings_convert_pair_by_pair() -> None:
    assert from_vni("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam") == (
        "Cộng hòa xã hội chủ nghĩa Việt Nam"
    )
    assert from_vni("Ñoäc laäp - Töï do - Haïnh phuùc") == "Độc lập - Tự do - Hạnh phúc"
    assert from_vni("KEÁ HOAÏCH") == "KẾ HOẠCH"
    assert from_vni("Chuû tòch UÛy ban, Tröôøng Maàm non") == "Chủ tịch Ủy ban, Trường Mầm non"


def test_a_vni_text_file_is_converted_and_the_review_says_so(tmp_path: Path) -> None:
    path = tmp_path / "vni.txt"
    path.write_bytes(VNI_PLAN.encode("latin-1"))
    document = read_document(path)
    assert document.converted_from == "VNI"
    understood = understand_plan(document)
    assert understood.plan.title == "Diệt chuột bảo vệ mùa màng"
    assert understood.plan.tasks[0].lead[0].name == "Công an xã"
    assert any("VNI" in d.message for d in understood.doubts)
