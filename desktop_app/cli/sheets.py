"""The progress sheets on the command line: ``export-xlsx`` and ``import-xlsx``."""

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli.common import (
    EXIT_USER_ERROR,
    PLAN_REF_HELP,
    Handler,
    Subparsers,
    print_json,
    warn_flagged,
)
from desktop_app.domain.sheet_changes import RowChange, SheetPreview
from desktop_app.workspace import Workspace
from desktop_app.workspace.progress_sheets import WHOLE_PLAN


def add_parsers(sub: Subparsers) -> None:
    p = sub.add_parser("export-xlsx", help="xuất phiếu tiến độ Excel của một kế hoạch")
    p.add_argument("plan", metavar="PLAN", help=PLAN_REF_HELP)
    p.add_argument("--out", type=Path, required=True, help="tệp .xlsx cần ghi")
    p.add_argument("--unit", help="chỉ các dòng của một đơn vị hoặc một xóm (tên hoặc mã)")
    p = sub.add_parser(
        "export-office-xlsx", help="xuất bảng tiến độ Excel của mọi kế hoạch trong cơ quan"
    )
    p.add_argument("--out", type=Path, required=True, help="tệp .xlsx cần ghi")
    p.add_argument(
        "--campaigns", action="store_true", help="thêm trang các đợt ra quân của từng xóm"
    )
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


def _cmd_export_xlsx(ws: Workspace, args: argparse.Namespace) -> int:
    plan = ws.plans.find(args.plan, for_file=True)
    scope = ws.progress.unit_scope(args.unit) if args.unit else WHOLE_PLAN
    path = ws.progress.export_xlsx([plan], args.out, scope)
    print(f"Đã ghi phiếu tiến độ {plan.name} ({scope.label}): {path}")
    warn_flagged(ws.progress.last_flags)
    return 0


def _cmd_export_office_xlsx(ws: Workspace, args: argparse.Namespace) -> int:
    path = ws.progress.export_office_xlsx(args.out, with_campaigns=args.campaigns)
    print(f"Đã ghi bảng tiến độ toàn cơ quan ({len(ws.plans.summaries())} kế hoạch): {path}")
    warn_flagged(ws.progress.last_flags)
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
        _print_import(preview, args.dry_run, set(chosen), done, applied)
    if preview.problems:
        return EXIT_USER_ERROR
    return 0


def _print_import(
    preview: SheetPreview, dry_run: bool, chosen: set[int], done: set[int], applied: int
) -> None:
    print(f"{preview.file_name} ({preview.identity.scope.label}): {preview.summary()}")
    for problem in preview.problems:
        print(f"  Lỗi: {problem}")
    for i, change in enumerate(preview.changes):
        mark = "✓" if i in done else ("·" if dry_run and i in chosen else "✗")
        fields = "; ".join(f"{f.label}: {f.old} → {f.new}" for f in change.fields)
        print(f"  {mark} Trang {change.sheet}, dòng {change.row}: {change.label[:70]}")
        print(f"      {fields} (ngày {change.reported_on:%d/%m/%Y})")
        for warning in change.warnings:
            print(f"      ! {warning}")
    for note in preview.notes:
        print(f"  {note}")
    if dry_run:
        print("Chạy thử (--dry-run): chưa lưu gì.")
    elif applied:
        print(f"Đã cập nhật {applied} dòng.")


HANDLERS: dict[str, Handler] = {
    "export-xlsx": _cmd_export_xlsx,
    "export-office-xlsx": _cmd_export_office_xlsx,
    "import-xlsx": _cmd_import_xlsx,
}
