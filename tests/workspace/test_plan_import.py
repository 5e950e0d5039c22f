"""Importing a plan from a document through the workspace and the command line."""

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain.errors import UserError
from desktop_app.domain.plans import PlanStatus, UnitRef
from desktop_app.imports.document_reader import read_text
from desktop_app.workspace import Workspace
from desktop_app.workspace.plan_import import PlanImportService, replace_unit
from tests.conftest import SEEDS, needs_seeds

PHU_LAC = SEEDS / "001_5e32054a1d37738b.txt"


SMALL = """ỦY BAN NHÂN DÂN
XÃ AN HÒA
Số: 07/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
An Hòa, ngày 3 tháng 3 năm 2026

KẾ HOẠCH
Tổng vệ sinh môi trường năm 2026

Căn cứ tình hình thực tế của địa phương;

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Giữ gìn vệ sinh môi trường.
II. TỔ CHỨC THỰC HIỆN
1. Cong an xa
Chủ trì, phối hợp với Uy ban Mat tran To quoc xa bảo đảm an ninh, hoàn thành trước ngày 15/3/2026.
2. Trường Mầm non Hoa Sen
Tổ chức cho các cháu tham gia vào ngày 20/3/2026, Thứ Hai, ngày 23/3/2026.

Nơi nhận:
- Công an xã;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Trần Văn Bình
"""


def test_names_match_the_office_list_ignoring_tones_accents_and_case(samples: Workspace) -> None:
    imported = samples.plan_import.understand(read_text(SMALL, "an-hoa.txt"))
    plan = imported.plan
    assert plan.issuer.name == "ỦY BAN NHÂN DÂN XÃ AN HÒA"
    assert (plan.number, plan.symbol, plan.place) == (7, "KH-UBND", "An Hòa")
    assert plan.status is PlanStatus.DRAFT
    first, second = plan.tasks
    # "Cong an xa" and "Uy ban Mat tran To quoc xa" are the office's own units.
    assert [r.name for r in first.lead] == ["Công an xã"]
    assert first.lead[0].id
    assert [r.name for r in first.support] == ["Ủy ban Mặt trận tổ quốc xã"]
    assert first.deadline.on is not None
    assert first.deadline.on.isoformat() == "2026-03-15"
    # A body the office does not know is proposed, not created.
    assert [u.name for u in imported.new_units] == ["Trường Mầm non Hoa Sen"]
    assert not second.lead[0].id
    assert samples.store.units.find_by_name("Trường Mầm non Hoa Sen") is None
    assert any(m.known == "Công an xã" for m in imported.matched)


def test_saving_adds_a_draft_and_the_agreed_new_units(samples: Workspace) -> None:
    imported = samples.plan_import.understand(read_text(SMALL, "an-hoa.txt"))
    before = samples.plans.count()
    saved = samples.plan_import.save(imported.plan, imported.new_units, imported.new_hamlets)
    assert samples.plans.count() == before + 1
    assert saved.status is PlanStatus.DRAFT
    assert all(r.id for t in saved.tasks for r in t.lead)
    assert samples.store.units.find_by_name("Trường Mầm non Hoa Sen") is not None


def test_a_new_name_mapped_to_an_existing_unit_is_not_added(samples: Workspace) -> None:
    imported = samples.plan_import.understand(read_text(SMALL, "an-hoa.txt"))
    police = samples.store.units.find_by_name("Công an xã")
    assert police is not None
    plan = replace_unit(imported.plan, "Trường Mầm non Hoa Sen", UnitRef(police.id, police.name))
    saved = samples.plan_import.save(plan)
    assert [r.name for r in saved.tasks[1].lead] == ["Công an xã"]
    assert samples.store.units.find_by_name("Trường Mầm non Hoa Sen") is None


def test_a_name_neither_known_nor_agreed_saves_nothing(samples: Workspace) -> None:
    imported = samples.plan_import.understand(read_text(SMALL, "an-hoa.txt"))
    before = samples.plans.count()
    with pytest.raises(UserError, match="Trường Mầm non Hoa Sen"):
        samples.plan_import.save(imported.plan)
    assert samples.plans.count() == before


def test_the_document_s_own_inconsistencies_are_findings(samples: Workspace) -> None:
    imported = samples.plan_import.understand(read_text(SMALL, "an-hoa.txt"))
    messages = " ".join(f.message for f in imported.findings)
    assert "23/3/2026 là Thứ Hai" not in messages  # it is a Monday: no finding
    shifted = SMALL.replace("Thứ Hai, ngày 23/3/2026", "Thứ Ba, ngày 23/3/2026")
    shifted = shifted.replace("trước ngày 15/3/2026", "trước ngày 15/02/2026")
    found = samples.plan_import.understand(read_text(shifted, "x.txt")).findings
    text = " ".join(f.message for f in found)
    assert "Thứ Ba" in text
    assert "Thứ Hai" in text
    assert "15/02/2026" in text  # a deadline before the plan's date


def test_text_without_a_plan_is_refused(workspace: Workspace) -> None:
    with pytest.raises(UserError, match="Không nhận ra kế hoạch"):
        workspace.plan_import.understand(read_text("hello\nworld\n", "x.txt"))


@needs_seeds
def test_cli_parse_plan_prints_the_plan_json_with_findings(
    samples_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(samples_path), "parse-plan", str(PHU_LAC), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"].startswith("Tổ chức thực hiện ra quân")
    assert len(data["events"]) == 13
    assert len(data["assignments"]) == 23
    assert any("02/11/2025" in f["message"] for f in data["findings"])


@needs_seeds
def test_cli_check_accepts_a_file(samples_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The appendix's "Kèm theo ... ngày 02/11/2025" disagrees with the plan: an error.
    assert main(["--db", str(samples_path), "check", str(PHU_LAC)]) == 1
    out = capsys.readouterr().out
    assert "02/11/2025" in out
    assert "Chủ nhật" in out


@needs_seeds
def test_cli_import_plan_adds_a_draft(
    samples_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(samples_path), "import-plan", str(PHU_LAC)]) == 0
    assert "Đã nhập kế hoạch (dự thảo)" in capsys.readouterr().out
    ws = Workspace.open(samples_path)
    try:
        drafts = [p for p in ws.plans.summaries() if p.status is PlanStatus.DRAFT]
        assert any(p.title.startswith("Tổ chức thực hiện ra quân") for p in drafts)
    finally:
        ws.close()


def test_cli_junk_file_is_a_clear_error(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "rac.txt"
    junk.write_bytes(bytes(range(256)) * 40)
    assert main(["--db", str(db_path), "parse-plan", str(junk)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: ")
    assert "Traceback" not in err


def test_editing_the_understood_plan_keeps_it_a_draft(samples: Workspace) -> None:
    imported = samples.plan_import.understand(read_text(SMALL, "an-hoa.txt"))
    edited = replace(imported.plan, title="Tổng vệ sinh", status=PlanStatus.ISSUED)
    saved = samples.plan_import.save(edited, imported.new_units)
    assert (saved.title, saved.status) == ("Tổng vệ sinh", PlanStatus.DRAFT)


def test_the_same_file_imported_twice_gives_two_whole_plans(samples: Workspace) -> None:
    """Regression: the parts' ids came from the file name, so a second import took over the
    first plan's tasks and recipients."""
    first = samples.plan_import.understand(read_text(SMALL, "an-hoa.txt"))
    saved_first = samples.plan_import.save(first.plan, first.new_units)
    second = samples.plan_import.understand(read_text(SMALL, "an-hoa.txt"))
    saved_second = samples.plan_import.save(second.plan)
    assert saved_first.id != saved_second.id
    again = samples.plans.get(saved_first.id)
    assert len(again.tasks) == 2
    assert len(again.recipients) == 2
    assert len(saved_second.tasks) == 2


def test_an_empty_title_or_task_text_is_refused_and_nothing_is_saved(samples: Workspace) -> None:
    imported = samples.plan_import.understand(read_text(SMALL, "an-hoa.txt"))
    before = samples.plans.count()
    with pytest.raises(UserError, match="Trích yếu"):
        samples.plan_import.save(replace(imported.plan, title=" "), imported.new_units)
    blank_task = replace(imported.plan.tasks[0], text="")
    with pytest.raises(UserError, match="chưa có nội dung"):
        samples.plan_import.save(
            replace(imported.plan, tasks=(blank_task, *imported.plan.tasks[1:])),
            imported.new_units,
        )
    assert samples.plans.count() == before
    assert samples.store.units.find_by_name("Trường Mầm non Hoa Sen") is None


def test_a_deadline_before_the_plan_date_is_saved_as_a_finding(samples: Workspace) -> None:
    early = SMALL.replace("trước ngày 15/3/2026", "trước ngày 15/02/2026")
    imported = samples.plan_import.understand(read_text(early, "x.txt"))
    assert any("15/02/2026" in f.message for f in imported.findings)
    saved = samples.plan_import.save(imported.plan, imported.new_units)
    assert saved.status is PlanStatus.DRAFT


@needs_seeds
def test_every_recipient_and_assignment_row_points_at_its_source_lines(
    samples: Workspace,
) -> None:
    imported = samples.plan_import.read_file(PHU_LAC)
    lines = imported.source.lines
    for recipient in imported.plan.recipients:
        span = imported.spans[recipient.id]
        assert recipient.text.split()[0] in lines[span.first].text
    for row in imported.plan.assignments:
        span = imported.spans[row.id]
        assert row.unit.name.split()[-1] in lines[span.first].text


def test_a_finding_is_not_told_twice(samples: Workspace) -> None:
    no_lead = SMALL.replace("1. Cong an xa\n", "1. Nhiệm vụ chung\n")
    findings = samples.plan_import.understand(read_text(no_lead, "x.txt")).findings
    about_leads = [f for f in findings if "chủ trì" in f.message]
    assert len(about_leads) == 1, [f.message for f in about_leads]


def test_a_number_and_a_blank_place_and_date_on_one_line_as_pdfs_give_them(
    workspace: Workspace,
) -> None:
    """Regression: the PDF copy of a two-column header put "Số ... -KH/HU ……, ngày ..."
    on one line and the number was read as the place."""
    header = "HUYỆN ỦY\n*\nĐẢNG CỘNG SẢN VIỆT NAM\nSố      -KH/HU ……, ngày      tháng      năm\n"
    body = SMALL[SMALL.index("KẾ HOẠCH") :]
    plan = workspace.plan_import.understand(read_text(header + body, "x.txt")).plan
    assert (plan.symbol, plan.number, plan.place, plan.date) == ("KH/HU", None, "", None)
    dated = header.replace("……, ngày      tháng      năm", "Bình Xuyên, ngày 5 tháng 6 năm 2024")
    plan = workspace.plan_import.understand(read_text(dated + body, "y.txt")).plan
    assert (plan.place, str(plan.date)) == ("Bình Xuyên", "2024-06-05")


def test_a_short_numbered_duty_with_its_own_subject_is_a_task(workspace: Workspace) -> None:
    """Found by the window's helper: a one-line "1. X chủ trì ..." read as a heading."""
    text = SMALL.replace(
        "1. Cong an xa\n",
        "1. Văn phòng HĐND và UBND xã chủ trì tổng hợp kết quả, trước ngày 20/3/2026.\n"
        "3. Trạm Y tế xã bảo đảm vệ sinh môi trường trong ngày ra quân.\n"
        "4. Cong an xa\n",
    )
    plan = workspace.plan_import.understand(read_text(text, "x.txt")).plan
    leads = [[r.name for r in t.lead] for t in plan.tasks]
    assert ["Văn phòng HĐND và UBND xã"] in leads
    assert ["Trạm Y tế xã"] in leads


def test_loading_the_samples_twice_changes_nothing(samples: Workspace) -> None:
    before = [samples.plans.get(p.id) for p in samples.plans.summaries()]
    samples.plan_import.load_samples()
    assert [samples.plans.get(p.id) for p in samples.plans.summaries()] == before
    conn = sqlite3.connect(samples.path)
    assert conn.execute("SELECT count(*) FROM history").fetchone()[0] == 0
    conn.close()


def test_a_broken_sample_file_loads_nothing(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "zz-broken.json"
    broken.write_text(
        '{"format": "so-ke-hoach/sample-1", "plan": {"system": "state"}}', encoding="utf-8"
    )
    good = PlanImportService.sample_files()
    monkeypatch.setattr(PlanImportService, "sample_files", staticmethod(lambda: [*good, broken]))
    with pytest.raises(UserError, match="trích yếu"):
        workspace.plan_import.load_samples()
    assert workspace.plans.count() == 0
    assert workspace.directory.units() == []
