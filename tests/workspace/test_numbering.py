"""Every numbered document takes its number from its register (issue 21).

State registers run per issuing body per calendar year (NĐ 30/2020, Điều 15): a plan, its
report, its decision and the weekly schedule share one run. Party registers run per type per
committee term (HD 05 mục 3): KH, BC, QĐ and LCT each have their own. Numbers once given stay
with their document and are never given again.
"""

import dataclasses
import datetime as dt
from pathlib import Path

import docx
import pytest

from desktop_app.domain.errors import UserError
from desktop_app.domain.office import UnitKind, new_office
from desktop_app.domain.plans import Issuer, Plan, System
from desktop_app.domain.registers import decision_number_id
from desktop_app.workspace import Workspace
from desktop_app.workspace.documents import DocumentKind

TERM = dt.date(2025, 10, 15)


def _plan(ws: Workspace, system: System, day: dt.date) -> Plan:
    party = system is System.PARTY
    draft = dataclasses.replace(
        ws.plans.new(system),
        issuer=Issuer("ĐẢNG ỦY XÃ THỬ", parent="ĐẢNG BỘ TỈNH THÁI NGUYÊN")
        if party
        else Issuer("ỦY BAN NHÂN DÂN XÃ THỬ"),
        symbol="KH/ĐU" if party else "KH-UBND",
        place="Thử",
        title="Kế hoạch thử",
    )
    saved = ws.plans.save_edited(draft, None)
    return ws.plans.issue(saved.id, day)


def _report(ws: Workspace, plan: Plan, day: dt.date, number: int | None = None) -> int:
    report = dataclasses.replace(ws.documents.new_report(plan, day), number=number)
    saved = ws.documents.save_report(report).number
    assert saved is not None
    return saved


def _number_line(path: Path) -> str:
    return str(docx.Document(str(path)).tables[0].cell(1, 0).text)


@pytest.fixture
def office(workspace: Workspace) -> Workspace:
    workspace.plans.set_office(new_office("Thái Nguyên", UnitKind.COMMUNE, "Thử"))
    return workspace


def test_state_documents_share_the_bodys_yearly_run(office: Workspace, tmp_path: Path) -> None:
    ws = office
    plan = _plan(ws, System.STATE, dt.date(2026, 1, 5))
    assert plan.number == 1
    path = ws.documents.export_docx(plan, tmp_path / "qd.docx", DocumentKind.DECISION)
    assert _number_line(path) == "Số: 02/QĐ-UBND"
    assert _report(ws, plan, dt.date(2026, 3, 31)) == 3
    week = ws.documents.export_weekly_schedule(
        dt.date(2026, 4, 8), tmp_path / "lct.docx", today=dt.date(2026, 4, 6)
    )
    assert _number_line(week) == "Số: 04/LCT-UBND"
    assert _plan(ws, System.STATE, dt.date(2026, 4, 7)).number == 5
    # A new year restarts the run at 01, for every type.
    assert _report(ws, plan, dt.date(2027, 1, 11)) == 1
    assert _plan(ws, System.STATE, dt.date(2027, 1, 12)).number == 2


def test_party_documents_run_per_type_in_the_term(office: Workspace, tmp_path: Path) -> None:
    ws = office
    ws.plans.set_party_term_start(TERM)
    first = _plan(ws, System.PARTY, dt.date(2026, 6, 1))
    second = _plan(ws, System.PARTY, dt.date(2026, 6, 2))
    assert (first.number, second.number) == (1, 2)
    # Two reports in the term: consecutive in the BC run, which starts its own at 01.
    assert _report(ws, first, dt.date(2026, 6, 30)) == 1
    assert _report(ws, second, dt.date(2027, 1, 4)) == 2  # 1 January does not restart it
    # Decisions have their own QĐ run; each plan's decision keeps the number it was given.
    one = ws.documents.export_docx(first, tmp_path / "qd1.docx", DocumentKind.DECISION)
    two = ws.documents.export_docx(second, tmp_path / "qd2.docx", DocumentKind.DECISION)
    again = ws.documents.export_docx(first, tmp_path / "qd1b.docx", DocumentKind.DECISION)
    assert [_number_line(p) for p in (one, two, again)] == [
        "Số 01-QĐ/ĐU",
        "Số 02-QĐ/ĐU",
        "Số 01-QĐ/ĐU",
    ]
    # The weekly schedule of the Đảng ủy: its LCT run; the same week printed again keeps
    # its number and date.
    weeks = [
        ws.documents.export_weekly_schedule(
            monday, tmp_path / f"lct{i}.docx", today=monday, system=System.PARTY
        )
        for i, monday in enumerate((dt.date(2026, 6, 8), dt.date(2026, 6, 15), dt.date(2026, 6, 8)))
    ]
    assert [_number_line(p) for p in weeks] == ["Số 01-LCT/ĐU", "Số 02-LCT/ĐU", "Số 01-LCT/ĐU"]
    assert _plan(ws, System.PARTY, dt.date(2026, 7, 1)).number == 3


def test_a_new_term_restarts_every_party_run_and_keeps_what_was_given(
    office: Workspace,
) -> None:
    ws = office
    ws.plans.set_party_term_start(TERM)
    plan = _plan(ws, System.PARTY, dt.date(2026, 6, 1))
    assert [_report(ws, plan, dt.date(2026, 6, d)) for d in (10, 20)] == [1, 2]
    new_term = dt.date(2026, 9, 1)
    ws.plans.set_party_term_start(new_term)
    assert _report(ws, plan, dt.date(2026, 9, 15)) == 1
    assert _plan(ws, System.PARTY, dt.date(2026, 9, 16)).number == 1
    kept = sorted(r.number or 0 for r in ws.documents.reports(plan.id))
    assert kept == [1, 1, 2]  # the old term's numbers stayed on their reports
    assert ws.plans.get(plan.id).number == 1


def test_given_numbers_are_never_given_again(office: Workspace) -> None:
    ws = office
    plan = _plan(ws, System.STATE, dt.date(2026, 2, 2))
    assert _report(ws, plan, dt.date(2026, 2, 10)) == 2
    third = ws.documents.reports(plan.id)[0]
    assert _report(ws, plan, dt.date(2026, 2, 20)) == 3
    ws.documents.delete_report(third.id)
    assert _report(ws, plan, dt.date(2026, 2, 27)) == 4  # a deleted report's number stays given
    with pytest.raises(UserError, match=r"Số 01 \(năm 2026\) đã cấp .* Số tiếp theo là 05"):
        _report(ws, plan, dt.date(2026, 3, 1), number=1)
    # A saved report keeps its number when saved again, and a free number typed by hand is
    # accepted.
    latest = ws.documents.reports(plan.id)[0]
    assert ws.documents.save_report(dataclasses.replace(latest, proposals="x")).number == 4
    assert _report(ws, plan, dt.date(2026, 3, 2), number=9) == 9
    assert _plan(ws, System.STATE, dt.date(2026, 3, 3)).number == 10


def test_a_draft_plans_decision_prints_without_a_number(office: Workspace, tmp_path: Path) -> None:
    ws = office
    draft = ws.plans.save_edited(
        dataclasses.replace(ws.plans.new(System.STATE), title="Kế hoạch chưa ban hành"), None
    )
    path = ws.documents.export_docx(draft, tmp_path / "qd.docx", DocumentKind.DECISION)
    assert _number_line(path).startswith("Số:       /QĐ-")
    assert ws.numbering.issued(decision_number_id(draft.id)) is None


def test_a_report_exported_before_it_was_saved_is_numbered_and_kept(
    office: Workspace, tmp_path: Path
) -> None:
    ws = office
    plan = _plan(ws, System.STATE, dt.date(2026, 5, 4))
    report = ws.documents.new_report(plan, dt.date(2026, 6, 1))
    path = ws.documents.export_docx(plan, tmp_path / "bc.docx", DocumentKind.REPORT, report=report)
    assert _number_line(path) == "Số: 02/BC-UBND"
    assert [r.number for r in ws.documents.reports(plan.id)] == [2]
