"""Each check of plan_findings fires on a plan with the mistake and stays quiet without it."""

import dataclasses
import datetime as dt
from typing import Any

import pytest

from desktop_app.domain.checks import (
    CheckContext,
    Finding,
    Place,
    Severity,
    plan_findings,
)
from desktop_app.domain.deadline_parser import parse_deadline, read_deadline
from desktop_app.domain.ids import (
    AppendixId,
    AssignmentId,
    EventId,
    EventRuleId,
    HamletId,
    PlanId,
    RecipientId,
    SectionId,
    TaskId,
    UnitId,
)
from desktop_app.domain.plans import (
    Appendix,
    AppendixKind,
    Assignment,
    Event,
    EventRule,
    HamletRef,
    Issuer,
    Plan,
    PlanStatus,
    Recipient,
    RecipientRole,
    Section,
    Signature,
    System,
    Task,
    UnitRef,
    attached_line,
)
from desktop_app.domain.units import Hamlet, Unit, UnitKind

ECONOMY = Unit(UnitId("kt"), "Phòng Kinh tế", UnitKind.GOVERNMENT, abbreviation="KT")
POLICE = Unit(UnitId("ca"), "Công an xã", UnitKind.ARMED)
HAMLETS = [Hamlet(HamletId(f"h{i}"), f"Xóm {i}") for i in (1, 2, 3)]
CONTEXT = CheckContext(units=[ECONOMY, POLICE], hamlets=HAMLETS)

GOOD = Plan(
    id=PlanId("p"),
    system=System.STATE,
    issuer=Issuer("ỦY BAN NHÂN DÂN XÃ PHÚ LẠC"),
    title="Kế hoạch ra quân xây dựng nông thôn mới năm 2026",
    symbol="KH-UBND",
    number=12,
    place="Phú Lạc",
    date=dt.date(2025, 12, 2),
    status=PlanStatus.ISSUED,
    signature=Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Thắng"),
    sections=(Section(SectionId("s1"), "I.", "MỤC ĐÍCH", ("Phòng Kinh tế tham mưu.",)),),
    tasks=(
        Task(
            TaskId("t1"),
            "Tổng hợp kết quả ra quân",
            lead=(UnitRef(ECONOMY.id, ECONOMY.name),),
            support=(UnitRef(POLICE.id, POLICE.name),),
            deadline=parse_deadline("trước ngày 25/6/2026"),
        ),
    ),
    event_rules=(
        EventRule(
            EventRuleId("r"), "thứ Bảy đầu tiên", "FREQ=MONTHLY;BYDAY=1SA", dt.date(2025, 12, 1)
        ),
    ),
    events=(Event(EventId("e1"), "Đợt 1", dt.date(2025, 12, 6), rule_id=EventRuleId("r")),),
    assignments=(
        Assignment(
            AssignmentId("a1"),
            UnitRef(ECONOMY.id, ECONOMY.name),
            (HamletRef(HamletId("h1"), "Xóm 1"), HamletRef(HamletId("h2"), "Xóm 2")),
        ),
        Assignment(
            AssignmentId("a2"),
            UnitRef(POLICE.id, POLICE.name),
            (HamletRef(HamletId("h3"), "Xóm 3"),),
        ),
    ),
    recipients=(
        Recipient(RecipientId("r1"), "Phòng Kinh tế"),
        Recipient(RecipientId("r2"), "Công an xã"),
        Recipient(RecipientId("r3"), "Lưu: VT, KT", role=RecipientRole.ARCHIVE),
    ),
    appendices=(
        Appendix(
            AppendixId("x"),
            AppendixKind.ASSIGNMENT,
            "PHÂN CÔNG",
            "(Kèm theo Kế hoạch số 12/KH-UBND ngày 02/12/2025 của UBND xã)",
        ),
    ),
)


def test_a_sound_plan_gives_no_findings() -> None:
    assert plan_findings(GOOD, CONTEXT) == []


def _messages(plan: Plan, context: CheckContext = CONTEXT) -> list[Finding]:
    return plan_findings(plan, context)


def _task(**changes: Any) -> Plan:
    return dataclasses.replace(GOOD, tasks=(dataclasses.replace(GOOD.tasks[0], **changes),))


@pytest.mark.parametrize(
    ("plan", "severity", "place", "words"),
    [
        (_task(lead=()), Severity.WARNING, Place.TASKS, "chưa có đơn vị chủ trì"),
        (
            _task(deadline=parse_deadline("trước ngày 25/11/2025")),
            Severity.ERROR,
            Place.TASKS,
            "trước ngày kế hoạch",
        ),
        (
            _task(deadline=parse_deadline("trong quý II-2027")),
            Severity.WARNING,
            Place.TASKS,
            "sau khi kế hoạch kết thúc",
        ),
        (
            _task(deadline=parse_deadline("trước ngày 05 hằng tháng")),
            Severity.INFO,
            Place.TASKS,
            "không có ngày kết thúc",
        ),
        (dataclasses.replace(GOOD, number=None), Severity.ERROR, Place.HEADER, "chưa có số"),
        (dataclasses.replace(GOOD, title=""), Severity.ERROR, Place.HEADER, "trích yếu"),
        (
            dataclasses.replace(GOOD, recipients=GOOD.recipients[1:]),
            Severity.WARNING,
            Place.RECIPIENTS,
            "“Phòng Kinh tế” có nhiệm vụ",
        ),
        (
            dataclasses.replace(GOOD, assignments=GOOD.assignments[:1]),
            Severity.WARNING,
            Place.ASSIGNMENTS,
            "1 xóm chưa có đơn vị phụ trách: Xóm 3",
        ),
        (
            dataclasses.replace(
                GOOD,
                assignments=(
                    *GOOD.assignments,
                    Assignment(
                        AssignmentId("a3"),
                        UnitRef(POLICE.id, POLICE.name),
                        (HamletRef(HamletId("h1"), "Xóm 1"),),
                    ),
                ),
            ),
            Severity.WARNING,
            Place.ASSIGNMENTS,
            "Xóm 1 do 2 đơn vị cùng phụ trách",
        ),
        (
            dataclasses.replace(
                GOOD,
                event_rules=(
                    dataclasses.replace(GOOD.event_rules[0], rrule="FREQ=MONTHLY;BYDAY=1MO"),
                ),
            ),
            Severity.WARNING,
            Place.EVENTS,
            "ngày cuối tuần",
        ),
        (
            dataclasses.replace(
                GOOD,
                sections=(
                    Section(
                        SectionId("s"), "1.", "Thời gian", ("Đợt 12: Thứ Bảy, ngày 01/11/2026;",)
                    ),
                ),
            ),
            Severity.WARNING,
            Place.SECTIONS,
            "01/11/2026 là Chủ nhật",
        ),
        (
            dataclasses.replace(
                GOOD,
                appendices=(
                    dataclasses.replace(
                        GOOD.appendices[0],
                        attached_line="(Kèm theo Kế hoạch số /KH-UBND, ngày 02/11/2025)",
                    ),
                ),
            ),
            Severity.ERROR,
            Place.APPENDICES,
            "nhưng kế hoạch ghi ngày 02/12/2025",
        ),
        (
            dataclasses.replace(
                GOOD,
                appendices=(
                    dataclasses.replace(
                        GOOD.appendices[0],
                        attached_line="(Kèm theo Kế hoạch số 11/KH-UBND ngày 02/12/2025)",
                    ),
                ),
            ),
            Severity.ERROR,
            Place.APPENDICES,
            "nhưng kế hoạch mang số 12/KH-UBND",
        ),
    ],
)
def test_each_check_fires(plan: Plan, severity: Severity, place: Place, words: str) -> None:
    findings = _messages(plan)
    assert [(f.severity, f.place) for f in findings if words in f.message] == [(severity, place)], (
        findings
    )


def test_an_event_on_a_public_holiday_is_flagged() -> None:
    context = dataclasses.replace(CONTEXT, days_off={dt.date(2025, 12, 6): "Ngày nghỉ bù"})
    [finding] = _messages(GOOD, context)
    assert finding.place is Place.EVENTS
    assert "Ngày nghỉ bù" in finding.message


def test_a_covering_line_keeps_the_recipient_check_quiet() -> None:
    lines = (Recipient(RecipientId("r"), "Như Mục IV", "(t/h)"), GOOD.recipients[-1])
    assert _messages(dataclasses.replace(GOOD, recipients=lines)) == []
    by_kind = (
        Recipient(RecipientId("r"), "Các cơ quan thuộc UBND xã"),
        Recipient(RecipientId("s"), "Công an xã"),
    )
    assert _messages(dataclasses.replace(GOOD, recipients=by_kind)) == []


def test_a_deadline_kept_as_written_is_noted_as_not_dated() -> None:
    task = dataclasses.replace(GOOD.tasks[0], deadline=read_deadline("khi có hướng dẫn"))
    plan = dataclasses.replace(GOOD, tasks=(task, *GOOD.tasks[1:]))
    notes = [f for f in _messages(plan) if "chưa xác định ngày" in f.message]
    assert [(f.severity, f.place, f.item_id) for f in notes] == [
        (Severity.INFO, Place.TASKS, task.id)
    ]


def test_a_draft_may_have_no_number_yet() -> None:
    assert (
        _messages(dataclasses.replace(GOOD, status=PlanStatus.DRAFT, number=None, appendices=()))
        == []
    )


def test_a_recurring_deadline_with_an_end_is_quiet() -> None:
    bounded = parse_deadline("trước ngày 05 hằng tháng")
    bounded = dataclasses.replace(bounded, rrule=f"{bounded.rrule};UNTIL=20261231")
    assert _messages(_task(deadline=bounded)) == []


def test_the_attached_line_written_from_the_plan_passes_its_check() -> None:
    line = attached_line(GOOD)
    assert line == (
        "(Kèm theo Kế hoạch số 12/KH-UBND ngày 02 tháng 12 năm 2025 của Ủy ban nhân dân xã Phú Lạc)"
    )
    fixed = dataclasses.replace(
        GOOD, appendices=(dataclasses.replace(GOOD.appendices[0], attached_line=line),)
    )
    assert _messages(fixed) == []


def test_ordinals_are_not_weekdays_and_the_issuer_needs_no_recipient_line() -> None:
    texts = (
        "Căn cứ Nghị quyết kỳ họp thứ 5, ngày 10/12/2025 của HĐND xã;",
        "Hội nghị lần thứ năm, ngày 20/10/2025;",
    )
    council = Unit(UnitId("ub"), "Ủy ban nhân dân xã", UnitKind.GOVERNMENT)
    plan = dataclasses.replace(
        GOOD,
        bases=texts,
        sections=(Section(SectionId("s"), "I.", "MỤC ĐÍCH", ("Ủy ban nhân dân xã ban hành.",)),),
    )
    assert _messages(plan, dataclasses.replace(CONTEXT, units=[ECONOMY, POLICE, council])) == []
