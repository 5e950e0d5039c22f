"""The weekly meeting's overview counted from the data, and its one-page Word document."""

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from desktop_app.domain.deadlines import Deadline, DeadlineKind
from desktop_app.domain.ids import AssignmentId, EventId, HamletId, PlanId, TaskId, UnitId
from desktop_app.domain.overview import Tally, natural_key
from desktop_app.domain.plans import (
    Assignment,
    Event,
    HamletRef,
    Issuer,
    Plan,
    PlanStatus,
    System,
    Task,
    TaskStatus,
    UnitRef,
)
from desktop_app.domain.progress import ProgressKey, Report
from desktop_app.domain.units import Hamlet, Unit
from desktop_app.workspace import Workspace

D = dt.date
TODAY = D(2026, 11, 23)  # a Monday
KINH_TE = UnitRef(UnitId("kt"), "Phòng Kinh tế")
CONG_AN = UnitRef(UnitId("ca"), "Công an xã")
XOM_2 = HamletRef(HamletId("x2"), "Xóm 2")
XOM_10 = HamletRef(HamletId("x10"), "Xóm 10")


def _on(day: D, *, before: bool = False) -> Deadline:
    return Deadline(DeadlineKind.DATE, text=f"ngày {day:%d/%m/%Y}", on=day, before=before)


def _task(key: str, lead: UnitRef, deadline: Deadline, status: TaskStatus) -> Task:
    return Task(TaskId(key), f"Việc {key}", lead=(lead,), deadline=deadline, status=status)


def _office(ws: Workspace) -> None:
    ws.directory.save(
        [Unit(KINH_TE.id, KINH_TE.name), Unit(CONG_AN.id, CONG_AN.name, position=1)],
        [Hamlet(XOM_2.id, XOM_2.name), Hamlet(XOM_10.id, XOM_10.name)],
    )


def _plans(ws: Workspace) -> Plan:
    in_force = Plan(
        id=PlanId("p1"),
        system=System.STATE,
        issuer=Issuer("ỦY BAN NHÂN DÂN XÃ PHÚ LẠC"),
        title="Ra quân làm đường",
        symbol="KH-UBND",
        number=12,
        date=D(2026, 10, 1),
        status=PlanStatus.IN_PROGRESS,
        tasks=(
            _task("done", KINH_TE, _on(D(2026, 11, 1)), TaskStatus.DONE),
            _task("late", KINH_TE, _on(D(2026, 11, 20)), TaskStatus.NOT_STARTED),
            _task("late2", CONG_AN, _on(D(2026, 11, 22), before=True), TaskStatus.IN_PROGRESS),
            _task("going", CONG_AN, _on(D(2026, 11, 26)), TaskStatus.IN_PROGRESS),
            _task("later", CONG_AN, _on(D(2026, 12, 20)), TaskStatus.NOT_STARTED),
        ),
        events=(
            Event(EventId("e1"), "Đợt 1", D(2026, 11, 7), all_hamlets=True),
            Event(EventId("e2"), "Đợt 2", D(2026, 11, 28), time="07:30", all_hamlets=True),
        ),
        assignments=(Assignment(AssignmentId("a1"), KINH_TE, (XOM_2, XOM_10)),),
    )
    draft = dataclasses.replace(
        in_force,
        id=PlanId("p2"),
        number=None,
        status=PlanStatus.DRAFT,
        tasks=(_task("draft", KINH_TE, _on(D(2026, 11, 2)), TaskStatus.NOT_STARTED),),
        events=(),
        assignments=(),
    )
    ws.plans.save(draft)
    return ws.plans.save(in_force)


def test_the_overview_counts_the_plans_in_force_by_unit_and_hamlet(workspace: Workspace) -> None:
    _office(workspace)
    plan = _plans(workspace)
    workspace.progress.record(
        plan,
        ProgressKey(event_id=EventId("e1"), hamlet_id=XOM_2.id),
        Report(participants=40),
        D(2026, 11, 8),
        today=TODAY,
    )
    overview = workspace.progress.overview(TODAY)
    assert overview.plan_count == 1  # the draft is not on the meeting's table
    assert overview.units == (
        Tally("Công an xã", done=0, in_progress=1, overdue=1, not_started=1),
        Tally("Phòng Kinh tế", done=1, in_progress=0, overdue=1, not_started=0),
    )
    # Campaign days: Xóm 2 reported Đợt 1, Xóm 10 did not; Đợt 2 is still to come for both.
    assert overview.hamlets == (
        Tally("Xóm 10", done=0, in_progress=1, overdue=1),
        Tally("Xóm 2", done=1, in_progress=1, overdue=0),
    )
    assert [(o.text, o.due, o.leads) for o in overview.overdue] == [
        ("Việc late", D(2026, 11, 20), "Phòng Kinh tế"),
        ("Việc late2", D(2026, 11, 22), "Công an xã"),
    ]
    assert all(o.plan == "12/KH-UBND" for o in overview.overdue)
    # The coming week: the deadline on the 26th and the campaign day on the 28th, not the
    # draft's nor the one past the week.
    assert [(i.day, i.label) for i in overview.coming] == [
        (D(2026, 11, 26), "Việc going"),
        (D(2026, 11, 28), "Đợt 2"),
    ]
    assert overview.totals == Tally("Tất cả", done=1, in_progress=1, overdue=2, not_started=1)


def test_names_are_ordered_as_people_count() -> None:
    names = ["Xóm 10", "Xóm 2", "Xóm 11A", "xóm 1"]
    assert sorted(names, key=natural_key) == ["xóm 1", "Xóm 2", "Xóm 10", "Xóm 11A"]


def test_the_overview_prints_on_one_a4_page(samples: Workspace, tmp_path: Path) -> None:
    overview = samples.progress.overview(TODAY)
    out = samples.documents.export_overview(overview, tmp_path / "tong-quan.docx")
    document = Document(str(out))
    section = document.sections[0]
    width, height = section.page_width, section.page_height
    assert width is not None
    assert height is not None
    assert width > height  # landscape A4
    text = "\n".join(p.text for p in document.paragraphs)
    assert "TỔNG QUAN THỰC HIỆN CÁC KẾ HOẠCH" in text
    assert f"quá hạn {overview.totals.overdue}" in text
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed: the page count is not checked")
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = (tmp_path / "tong-quan.pdf").read_bytes()
    # The page tree's /Count: one page (no outline in a converted .docx counts otherwise).
    counts = [int(n) for n in re.findall(rb"/Count (\d+)", pdf)]
    assert counts
    assert max(counts) == 1
