"""Command line over the workspace: ``python -m desktop_app [--db FILE] [COMMAND]``.

With no command the window opens. Errors a user can fix go to stderr in Vietnamese with
exit code 2, never as a traceback.
"""

import argparse
import contextlib
import datetime as dt
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop_app import APP_NAME, __version__, cli_exchange, cli_import
from desktop_app.cli_exchange import print_json
from desktop_app.domain.calendar import (
    ITEM_STATE_LABELS,
    WEEKDAY_NAMES,
    CalendarFilter,
    CalendarItem,
    ItemKind,
    item_order,
)
from desktop_app.domain.checks import Severity
from desktop_app.domain.deadlines import parse_day
from desktop_app.domain.errors import UserError
from desktop_app.domain.lunar import lunar_or_none
from desktop_app.domain.plans import PLAN_STATUS_LABELS, SYSTEM_LABELS
from desktop_app.domain.sheet_changes import RowChange
from desktop_app.workspace import Workspace
from desktop_app.workspace.documents import DOCUMENT_KIND_LABELS, DocumentKind
from desktop_app.workspace.exchange import safe_workspace_path
from desktop_app.workspace.progress import WHOLE_PLAN

TABS = ("plans", "units", "hamlets", "calendar")
EXIT_USER_ERROR = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own messages are English
        self.print_usage(sys.stderr)
        print(f"Lỗi cú pháp lệnh: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USER_ERROR)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m desktop_app",
        description=f"{APP_NAME} {__version__}: theo dõi kế hoạch của xã, không cần mạng.",
    )
    parser.add_argument(
        "--db", type=Path, help="tệp dữ liệu (mặc định: thư mục dữ liệu của người dùng)"
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--smoke", action="store_true", help="tự kiểm tra bản cài đặt rồi thoát")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")

    sub.add_parser("demo", help="nạp năm kế hoạch mẫu")
    p = sub.add_parser("plans", help="liệt kê kế hoạch")
    p.add_argument("--search", default="", help="lọc (không phân biệt dấu)")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p = sub.add_parser("show", help="xem một kế hoạch")
    p.add_argument("plan", metavar="PLAN", help="mã, tiền tố mã hoặc số/ký hiệu (vd. 95-KH/TU)")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p = sub.add_parser("agenda", help="các việc và sự kiện trong một khoảng ngày")
    p.add_argument("--from", dest="start", help="từ ngày (dd/mm/yyyy; mặc định: hôm nay)")
    p.add_argument("--to", dest="end", help="đến ngày (dd/mm/yyyy; mặc định: 30 ngày sau)")
    p.add_argument("--plan", help="chỉ một kế hoạch")
    p.add_argument("--today", help="tính quá hạn theo ngày này (mặc định: hôm nay)")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.add_argument("--ics", type=Path, help="ghi thêm tệp lịch .ics (cho điện thoại)")
    p = sub.add_parser("check", help="kiểm tra một kế hoạch hoặc một tệp văn bản: thiếu sót")
    p.add_argument(
        "plan",
        metavar="PLAN|F",
        help="mã, tiền tố mã hoặc số/ký hiệu (vd. 95-KH/TU), hoặc tệp .docx/.pdf/.txt",
    )
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p = sub.add_parser("export-docx", help="xuất văn bản Word: kế hoạch, phụ lục hoặc báo cáo")
    p.add_argument("plan", metavar="PLAN", help="mã, tiền tố mã hoặc số/ký hiệu (vd. 95-KH/TU)")
    p.add_argument("--out", type=Path, required=True, help="tệp .docx cần ghi")
    p.add_argument(
        "--what",
        choices=[k.value for k in DocumentKind],
        default=DocumentKind.PLAN.value,
        help="plan: kế hoạch kèm phụ lục; appendix: chỉ các phụ lục; report: báo cáo kết quả",
    )
    p.add_argument(
        "--date", help="ngày của báo cáo (dd/mm/yyyy; mặc định: báo cáo đã lưu gần nhất)"
    )
    p = sub.add_parser("export-xlsx", help="xuất phiếu tiến độ Excel của một kế hoạch")
    p.add_argument("plan", metavar="PLAN", help="mã, tiền tố mã hoặc số/ký hiệu (vd. 95-KH/TU)")
    p.add_argument("--out", type=Path, required=True, help="tệp .xlsx cần ghi")
    p.add_argument("--unit", help="chỉ các dòng của một đơn vị hoặc một xóm (tên hoặc mã)")
    p = sub.add_parser("import-xlsx", help="nhập phiếu tiến độ Excel đã điền")
    p.add_argument("file", metavar="F", type=Path, help="tệp .xlsx do đơn vị gửi lại")
    p.add_argument("--plan", help="chỉ nhận phiếu của kế hoạch này")
    p.add_argument("--dry-run", action="store_true", help="chỉ xem thay đổi, không lưu gì")
    p.add_argument(
        "--include-flagged",
        action="store_true",
        help="áp dụng cả các thay đổi cần xem lại (cũ hơn dữ liệu hiện có, dòng thêm mới)",
    )
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    cli_exchange.add_parsers(sub)
    cli_import.add_parsers(sub)
    p = sub.add_parser("screenshot", help="chụp ảnh một thẻ của cửa sổ")
    p.add_argument("--tab", choices=TABS, required=True)
    p.add_argument("--out", type=Path, required=True, help="tệp PNG")
    p.add_argument("--plan", help="kế hoạch được chọn (mặc định: kế hoạch đầu tiên)")
    p.add_argument("--month", help="tháng của lịch, dạng MM/YYYY")
    p.add_argument("--size", default="1366x768", help="kích thước cửa sổ, vd. 1366x768")
    return parser


def _cmd_demo(ws: Workspace) -> int:
    ids = ws.plan_import.load_samples()
    print(f"Đã nạp {len(ids)} kế hoạch mẫu vào {ws.path}")
    return 0


def _cmd_plans(ws: Workspace, args: argparse.Namespace) -> int:
    plans = ws.plans.summaries(args.search)
    if args.json:
        print_json(
            [
                {
                    "id": p.id,
                    "system": p.system.value,
                    "reference": p.reference,
                    "number": p.number,
                    "symbol": p.symbol,
                    "issuer": p.issuer_name,
                    "date": p.date.isoformat() if p.date else None,
                    "title": p.title,
                    "status": p.status.value,
                    "tasks": p.task_count,
                }
                for p in plans
            ]
        )
        return 0
    if not plans:
        print("Chưa có kế hoạch nào. Chạy lệnh \u201cdemo\u201d để nạp dữ liệu mẫu.")
    for p in plans:
        date = p.date.strftime("%d/%m/%Y") if p.date else "--/--/----"
        print(
            f"{p.id[:8]}  {p.reference or '(chưa số)':<14} {date}  "
            f"{SYSTEM_LABELS[p.system]:<11} {PLAN_STATUS_LABELS[p.status]:<15} {p.title[:70]}"
        )
    return 0


def _cmd_show(ws: Workspace, args: argparse.Namespace) -> int:
    plan = ws.plans.find(args.plan)
    if args.json:
        print_json(ws.plans.to_json(plan))
        return 0
    date = plan.date.strftime("%d/%m/%Y") if plan.date else "(chưa có ngày)"
    print(f"{plan.issuer.name} — {plan.reference or '(chưa số)'} — {plan.place} {date}")
    print(f"KẾ HOẠCH {plan.type_line}".strip())
    print(plan.title)
    print(f"Trạng thái: {PLAN_STATUS_LABELS[plan.status]}")
    print(
        f"Nhiệm vụ: {len(plan.tasks)}   Sự kiện: {len(plan.events)}   "
        f"Phân công: {len(plan.assignments)}   Nơi nhận: {len(plan.recipients)}"
    )
    for i, t in enumerate(plan.tasks, 1):
        lead = ", ".join(u.name for u in t.lead) or "(chưa có chủ trì)"
        print(f"  {i:>3}. [{lead}] {t.text[:80]}  — {t.deadline.summary()}")
    s = plan.signature
    print(f"Ký: {s.authority} / {s.position} / {s.signer}")
    return 0


def _cmd_check(ws: Workspace, args: argparse.Namespace) -> int:
    """Print the findings; exit 1 when any is an error, so a script can stop on it."""
    if Path(args.plan).is_file():
        return cli_import.check_file(ws, Path(args.plan), args.json)
    plan = ws.plans.find(args.plan)
    findings = ws.plans.check(plan)
    if args.json:
        print_json(
            {
                "plan": plan.id,
                "reference": plan.reference,
                "title": plan.title,
                "findings": cli_import.findings_json(findings),
            }
        )
    else:
        print(f"{plan.reference or '(chưa số)'}  {plan.title}")
        cli_import.print_findings(findings)
    return 1 if any(f.severity is Severity.ERROR for f in findings) else 0


def _cmd_export_docx(ws: Workspace, args: argparse.Namespace) -> int:
    plan = ws.plans.find(args.plan)
    kind = DocumentKind(args.what)
    if args.date and kind is not DocumentKind.REPORT:
        raise UserError("--date chỉ dùng với --what report.")
    report = None
    if kind is DocumentKind.REPORT:
        report = ws.documents.report_for(
            plan, parse_day(args.date, "báo cáo") if args.date else None
        )
    path = ws.documents.export_docx(plan, args.out, kind, report=report)
    print(
        f"Đã ghi {DOCUMENT_KIND_LABELS[kind].lower()} {plan.reference or plan.title[:40]}: {path}"
    )
    return 0


def _cmd_export_xlsx(ws: Workspace, args: argparse.Namespace) -> int:
    plan = ws.plans.find(args.plan)
    scope = ws.progress.unit_scope(args.unit) if args.unit else WHOLE_PLAN
    path = ws.progress.export_xlsx([plan], args.out, scope)
    print(f"Đã ghi phiếu tiến độ {plan.reference or plan.title[:40]} ({scope.label}): {path}")
    return 0


def _change_json(change: RowChange, applied: bool) -> dict[str, Any]:
    return {
        "sheet": change.sheet,
        "row": change.row,
        "label": change.label,
        "key": change.key.token() if change.key else None,
        "reported_on": change.reported_on.isoformat(),
        "fields": [
            {"field": f.name, "label": f.label, "old": f.old, "new": f.new, "conflict": f.conflict}
            for f in change.fields
        ],
        "warnings": list(change.warnings),
        "new_task": change.new_task or None,
        "applied": applied,
    }


def _cmd_import_xlsx(ws: Workspace, args: argparse.Namespace) -> int:
    plan = ws.plans.find(args.plan) if args.plan else None
    preview = ws.progress.preview_xlsx(args.file, plan)
    chosen = [
        i for i, c in enumerate(preview.changes) if c.ticked or (args.include_flagged and c.fields)
    ]
    applied = 0
    if not args.dry_run and not preview.problems:
        applied = ws.progress.apply_xlsx(
            preview, {i: {f.name for f in preview.changes[i].fields} for i in chosen}
        )
    done = set(chosen) if applied else set()
    if args.json:
        print_json(
            {
                "file": preview.file_name,
                "plans": list(preview.identity.plan_refs),
                "scope": preview.identity.scope.label,
                "dry_run": args.dry_run,
                "changes": [_change_json(c, i in done) for i, c in enumerate(preview.changes)],
                "problems": list(preview.problems),
                "notes": list(preview.notes),
                "applied": applied,
            }
        )
    else:
        print(f"{preview.file_name} ({preview.identity.scope.label}): {preview.summary()}")
        for problem in preview.problems:
            print(f"  Lỗi: {problem}")
        for i, change in enumerate(preview.changes):
            mark = "✓" if i in done else ("·" if args.dry_run and i in chosen else "✗")
            fields = "; ".join(f"{f.label}: {f.old} → {f.new}" for f in change.fields)
            print(f"  {mark} Trang {change.sheet}, dòng {change.row}: {change.label[:70]}")
            print(f"      {fields} (ngày {change.reported_on:%d/%m/%Y})")
            for warning in change.warnings:
                print(f"      ! {warning}")
        for note in preview.notes:
            print(f"  {note}")
        if args.dry_run:
            print("Chạy thử (--dry-run): chưa lưu gì.")
        elif applied:
            print(f"Đã cập nhật {applied} dòng.")
    if preview.problems:
        return EXIT_USER_ERROR
    return 0


def _cmd_agenda(ws: Workspace, args: argparse.Namespace) -> int:
    today = parse_day(args.today, "hôm nay") if args.today else dt.date.today()
    start = parse_day(args.start, "bắt đầu") if args.start else today
    end = parse_day(args.end, "kết thúc") if args.end else start + dt.timedelta(days=30)
    if end < start:
        raise UserError("Ngày kết thúc (--to) đứng trước ngày bắt đầu (--from).")
    if (end - start).days > 3660:
        raise UserError("Khoảng ngày quá dài: hãy chọn tối đa 10 năm.")
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
            if i.kind is ItemKind.EVENT:
                when = f"{i.time} " if i.time else ""
                where = f" tại {i.place}" if i.place else ""
                print(f"  • {when}{i.label} ({i.plan_reference or 'chưa số'}){where}")
            else:
                state = ITEM_STATE_LABELS[i.state]
                lead = f" — Chủ trì: {i.who}" if i.who else ""
                print(f"  ◦ Hạn {i.detail or ''}: {i.label[:90]}{lead} [{state}]")


def _run_gui(args: argparse.Namespace) -> int:
    from desktop_app.ui.app import run_gui  # noqa: PLC0415  # Qt only loads for the window

    return run_gui(args.db)


def _run_screenshot(args: argparse.Namespace) -> int:
    from desktop_app.ui.app import screenshot  # noqa: PLC0415  # Qt only loads when asked

    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError as exc:
        raise UserError("Kích thước phải có dạng RỘNGxCAO, vd. 1366x768.") from exc
    screenshot(
        args.db, args.tab, args.out, size=(width, height), plan_ref=args.plan, month=args.month
    )
    print(f"Đã lưu ảnh {args.out}")
    return 0


def _run_smoke() -> int:
    from desktop_app.ui.app import smoke_test  # noqa: PLC0415  # Qt only loads when asked

    return smoke_test()


def _utf8_output() -> None:
    # Vietnamese must survive a redirected Windows console (cp1252) and the console script.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")


_HANDLERS: dict[str, cli_exchange.Handler] = {
    "demo": lambda ws, _args: _cmd_demo(ws),
    "plans": _cmd_plans,
    "show": _cmd_show,
    "agenda": _cmd_agenda,
    "check": _cmd_check,
    "export-docx": _cmd_export_docx,
    "export-xlsx": _cmd_export_xlsx,
    "import-xlsx": _cmd_import_xlsx,
    **cli_exchange.HANDLERS,
    **cli_import.HANDLERS,
}


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_output()
    args = build_parser().parse_args(argv)
    try:
        if args.smoke:
            return _run_smoke()
        if args.command is None:
            return _run_gui(args)
        if args.command == "screenshot":
            return _run_screenshot(args)
        db = args.db
        if db is not None:
            db, moved = safe_workspace_path(db)
            if moved:
                print(moved, file=sys.stderr)
        ws = Workspace.open(db)
        try:
            return _HANDLERS[args.command](ws, args)
        finally:
            ws.close()
    except UserError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # "agenda | head": the reader left. Stop quietly, and point stdout at nothing so the
        # flush at exit does not print a traceback either (the Python docs' recipe).
        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
            target = sys.stdout.fileno()
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, target)
            os.close(devnull)
        return 0
