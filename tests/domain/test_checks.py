import datetime as dt
from dataclasses import replace
from pathlib import Path

from desktop_app.domain.checks import Severity, days_off_findings, plan_texts, weekday_findings
from desktop_app.domain.event_rules import generate_events, parse_event_rule
from desktop_app.domain.holidays import OfficeDay, OfficeDayKind, days_off
from desktop_app.domain.ids import EventRuleId, PlanId
from desktop_app.domain.plans import EventRule, Issuer, Plan, System
from desktop_app.imports.plan_json import read_sample
from desktop_app.workspace.plan_import import PlanImportService

D = dt.date


def _plan_with_rule(text: str) -> Plan:
    spec = parse_event_rule(text)
    rule = EventRule(EventRuleId("r"), text, spec.rrule, spec.start, "Đợt {n}")
    return Plan(
        id=PlanId("p"),
        system=System.STATE,
        issuer=Issuer("ỦY BAN NHÂN DÂN XÃ PHÚ LẠC"),
        title="Thử",
        date=D(2026, 1, 2),
        event_rules=(rule,),
        events=generate_events(rule, ()),
    )


def test_a_rule_that_hits_national_day_is_flagged() -> None:
    plan = _plan_with_rule("ngày 02 hằng tháng, từ tháng 8/2026 đến hết tháng 10/2026")
    found = days_off_findings(plan, days_off(D(2026, 1, 1), D(2026, 12, 31)))
    assert len(found) == 1
    assert "02/9/2026" in found[0].message or "02/09/2026" in found[0].message
    assert "Quốc khánh" in found[0].message
    assert found[0].severity is Severity.WARNING


def test_a_rule_that_hits_tet_is_flagged() -> None:
    plan = _plan_with_rule("ngày 17 hằng tháng, từ tháng 1/2026 đến hết tháng 3/2026")
    found = days_off_findings(plan, days_off(D(2026, 1, 1), D(2026, 12, 31)))
    assert [f.message for f in found] == [
        "Đợt 2 (Thứ Ba, 17/02/2026) trùng ngày nghỉ “Tết Nguyên Đán”: nên dời sang ngày khác."
    ]


def test_phu_lac_campaign_days_miss_every_holiday() -> None:
    plan = read_sample(_sample("phu-lac")).plan
    found = days_off_findings(plan, days_off(D(2025, 1, 1), D(2027, 12, 31)))
    assert not [f for f in found if f.severity is Severity.WARNING]


def test_the_office_days_off_and_make_up_days_change_what_is_off() -> None:
    office = [
        OfficeDay("a", D(2026, 2, 21), OfficeDayKind.OFF, "Nghỉ bù Tết"),
        OfficeDay("b", D(2026, 4, 27), OfficeDayKind.WORKDAY, "Làm bù"),
    ]
    off = days_off(D(2026, 1, 1), D(2026, 12, 31), office)
    assert off[D(2026, 2, 21)] == "Nghỉ bù Tết"
    assert D(2026, 4, 27) not in off
    assert off[D(2026, 9, 2)] == "Quốc khánh"


def test_a_weekday_that_does_not_match_its_date_is_flagged_once() -> None:
    plan = read_sample(_sample("phu-lac")).plan
    found = weekday_findings(plan_texts(plan))
    assert [f.message for f in found] == [
        "Văn bản ghi “Thứ Bảy, ngày 01/11/2026” nhưng 01/11/2026 là Chủ nhật."
    ]
    assert weekday_findings(["Thứ 7, ngày 06/12/2025", "thứ bảy 05-12-2026"]) == []
    assert weekday_findings(["Chủ nhật, ngày 31/02/2026"])[0].severity is Severity.ERROR


def test_a_deadline_on_a_holiday_is_noted() -> None:
    plan = read_sample(_sample("phu-lac")).plan
    moved = replace(plan, events=())
    found = days_off_findings(moved, days_off(D(2025, 1, 1), D(2027, 12, 31)))
    # "trước ngày 05 hàng tháng" and Tết: none in 2026, so only info-level ones if any.
    assert all(f.severity is Severity.INFO for f in found)


def _sample(prefix: str) -> Path:
    return next(p for p in PlanImportService.sample_files() if p.name.startswith(prefix))
