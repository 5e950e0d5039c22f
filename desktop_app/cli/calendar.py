"""The calendar on the command line: ``agenda`` (and its .ics file)."""

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop_app.cli.common import Handler, Subparsers, print_json, warn_flagged
from desktop_app.domain.calendar import (
    ITEM_STATE_LABELS,
    WEEKDAY_NAMES,
    CalendarFilter,
    CalendarItem,
    ItemKind,
    item_order,
)
from desktop_app.domain.deadlines import parse_day
from desktop_app.domain.errors import UserError
from desktop_app.domain.lunar import lunar_or_none
from desktop_app.workspace import Workspace

MAX_AGENDA_DAYS = 3660  # about ten years: enough for any plan, short enough to print


def add_parsers(sub: Subparsers) -> None:
    p = sub.add_parser("agenda", help="các việc và sự kiện trong một khoảng ngày")
    p.add_argument("--from", dest="start", help="từ ngày (dd/mm/yyyy; mặc định: hôm nay)")
    p.add_argument("--to", dest="end", help="đến ngày (dd/mm/yyyy; mặc định: 30 ngày sau)")
    p.add_argument("--plan", help="chỉ một kế hoạch")
    p.add_argument("--today", help="tính quá hạn theo ngày này (mặc định: hôm nay)")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.add_argument("--ics", type=Path, help="ghi thêm tệp lịch .ics (cho điện thoại)")


def _agenda_days(args: argparse.Namespace) -> tuple[dt.date, dt.date, dt.date]:
    """Today, the first and the last day asked for, checked."""
    today = parse_day(args.today, "hôm nay") if args.today else dt.date.today()
    start = parse_day(args.start, "bắt đầu") if args.start else today
    end = parse_day(args.end, "kết thúc") if args.end else start + dt.timedelta(days=30)
    if end < start:
        raise UserError("Ngày kết thúc (--to) đứng trước ngày bắt đầu (--from).")
    if (end - start).days > MAX_AGENDA_DAYS:
        raise UserError("Khoảng ngày quá dài: hãy chọn tối đa 10 năm.")
    return today, start, end


def _cmd_agenda(ws: Workspace, args: argparse.Namespace) -> int:
    today, start, end = _agenda_days(args)
    plan_id = ws.plans.find(args.plan).id if args.plan else None
    items = sorted(ws.calendar.items(start, end, today, plan_id), key=item_order)
    off = ws.calendar.days_off(start, end)
    if args.ics:
        ws.documents.export_ics(start, end, args.ics, today, CalendarFilter(plan_id=plan_id))
    if args.json:
        print_json(
            {
                "from": start.isoformat(),
                "to": end.isoformat(),
                "items": [calendar_item_json(i) for i in items],
                "days_off": [{"date": d.isoformat(), "name": n} for d, n in off.items()],
            }
        )
    else:
        _print_agenda(items, off, start, end)
    if args.ics:
        print(f"Đã ghi lịch {args.ics}", file=sys.stderr if args.json else sys.stdout)
        warn_flagged(ws.documents.last_flags)
    return 0


def calendar_item_json(item: CalendarItem) -> dict[str, Any]:
    return {
        "date": item.day.isoformat(),
        "kind": item.kind.value,
        "label": item.label,
        "plan_id": item.plan_id,
        "plan": item.plan_reference,
        "state": item.state.value,
        "deadline": item.detail if item.kind is ItemKind.DEADLINE else "",
        "who": item.who,
        "time": item.time,
        "place": item.place,
        "task_id": item.object_id if item.kind is ItemKind.DEADLINE else None,
        "event_id": item.object_id if item.kind is ItemKind.EVENT else None,
        "occurrence_id": item.occurrence_id or None,
    }


def _print_agenda(
    items: Sequence[CalendarItem], off: dict[dt.date, str], start: dt.date, end: dt.date
) -> None:
    print(f"Lịch từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}: {len(items)} mục")
    days = sorted({i.day for i in items} | set(off))
    for day in days:
        lunar = lunar_or_none(day)
        lunar_text = f" (âm lịch {lunar.short()})" if lunar else ""
        holiday = f"  — {off[day]}" if day in off else ""
        print(f"\n{WEEKDAY_NAMES[day.weekday()]}, {day:%d/%m/%Y}{lunar_text}{holiday}")
        for i in (i for i in items if i.day == day):
            print(_agenda_line(i))


def _agenda_line(item: CalendarItem) -> str:
    if item.kind is ItemKind.EVENT:
        when = f"{item.time} " if item.time else ""
        where = f" tại {item.place}" if item.place else ""
        return f"  • {when}{item.label} ({item.plan_reference or 'chưa số'}){where}"
    state = ITEM_STATE_LABELS[item.state]
    lead = f" — Chủ trì: {item.who}" if item.who else ""
    return f"  ◦ Hạn {item.detail or ''}: {item.label[:90]}{lead} [{state}]"


HANDLERS: dict[str, Handler] = {"agenda": _cmd_agenda}
