"""Commands of exchange and safety: pack, merge, backup, restore, check-db."""

import argparse
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from desktop_app.cli.common import EXIT_PROBLEMS, Handler, Subparsers, print_json
from desktop_app.domain.errors import UserError
from desktop_app.domain.record_changes import table_label
from desktop_app.domain.registry import Registry
from desktop_app.paths import device_id
from desktop_app.storage.backups import BackupReason
from desktop_app.storage.errors import DamagedFileError
from desktop_app.storage.merge_items import MergeItem
from desktop_app.storage.merge_plan import ITEM_KIND_LABELS, ItemKey, ItemKind, Side
from desktop_app.workspace import Workspace
from desktop_app.workspace.workspace_files import rescue_damaged, restore_damaged

# Conflicts merge lists without --verbose; more are counted.
_LISTED_CONFLICTS = 50
# What a conflict keeps, in the line the merge prints under it.
KEPT_SIDE_WORDS = Registry(
    Side, {Side.LOCAL: "bản trên máy này", Side.INCOMING: "bản trong gói"}, "kept side words"
)


def add_parsers(sub: Subparsers) -> None:
    p = sub.add_parser("pack", help="xuất gói dữ liệu (.skh) để chép sang máy khác")
    p.add_argument("--out", type=Path, required=True, help="tệp gói cần ghi (.skh)")
    p.add_argument(
        "--plan",
        action="append",
        default=[],
        help="chỉ kế hoạch này và những gì nó dùng (lặp lại để chọn nhiều)",
    )
    p.add_argument(
        "--changes-for",
        metavar="MÁY",
        default="",
        help="gói thay đổi: chỉ những gì máy này (tên hoặc mã, xem lệnh peers) chưa có, theo "
        "gói gần nhất của máy đó đã nhập ở đây",
    )
    p = sub.add_parser(
        "peers", help="liệt kê các máy đã gửi gói sang đây (để làm gói thay đổi cho máy đó)"
    )
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p = sub.add_parser("merge", help="nhập (gộp) gói dữ liệu từ máy khác")
    p.add_argument("file", metavar="F", type=Path, help="tệp gói .skh (hoặc tệp dữ liệu .sqlite)")
    p.add_argument("--dry-run", action="store_true", help="chỉ xem thay đổi, không lưu gì")
    p.add_argument(
        "--conflicts",
        choices=("newer", "mine", "theirs"),
        default="newer",
        help="khi hai máy cùng sửa: newer = bản sửa sau (mặc định), mine = giữ bản máy này, "
        "theirs = lấy bản trong gói",
    )
    p.add_argument(
        "--verbose", action="store_true", help="liệt kê từng bản ghi (mặc định: chỉ số lượng)"
    )
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p = sub.add_parser("backup", help="sao lưu ngay (hoặc liệt kê các bản sao lưu)")
    p.add_argument("--list", action="store_true", help="chỉ liệt kê các bản sao lưu")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p = sub.add_parser("restore", help="khôi phục dữ liệu từ một bản sao lưu")
    p.add_argument(
        "file",
        metavar="F",
        type=Path,
        nargs="?",
        help="tệp sao lưu (.sqlite); bỏ trống: bản sao lưu tốt gần nhất",
    )
    p = sub.add_parser(
        "rescue", help="cứu những gì còn đọc được của một tệp dữ liệu hỏng sang tệp mới"
    )
    p.add_argument("--out", type=Path, required=True, help="tệp dữ liệu mới (.sqlite)")
    p = sub.add_parser("check-db", help="kiểm tra tính toàn vẹn của dữ liệu")
    p.add_argument("--repair", action="store_true", help="sửa các lỗi sửa được (không xóa gì)")
    p.add_argument("--json", action="store_true", help="in dạng JSON")


def _restore(db: Path, args: argparse.Namespace) -> int:
    try:
        ws = Workspace.open(db)
    except DamagedFileError:
        # Too damaged to open: the backup goes in its place, the damaged file aside.
        backup, aside = restore_damaged(db, args.file)
        print(f"Đã khôi phục từ {backup}. Tệp hỏng được giữ lại ở {aside}.")
        return 0
    try:
        file = args.file
        if file is None:
            good = ws.exchange.newest_good_backup()
            if good is None:
                raise UserError("Chưa có bản sao lưu tốt nào: hãy chỉ ra tệp sao lưu.")
            file = good
        before = ws.exchange.restore_backup(file)
    finally:
        ws.close()
    print(f"Đã khôi phục từ {file}. Dữ liệu ngay trước đó được sao lưu ở {before}.")
    return 0


def _rescue(db: Path, args: argparse.Namespace) -> int:
    report = rescue_damaged(db, args.out, device_id())
    print(report.summary_text())
    return 0 if report.lost == 0 else EXIT_PROBLEMS


def _pack(ws: Workspace, args: argparse.Namespace) -> int:
    plan_ids = [ws.plans.find(ref).id for ref in args.plan]
    result = ws.exchange.pack(args.out, plan_ids, changes_for=args.changes_for)
    print(result.message())
    return 0


def _peers(ws: Workspace, args: argparse.Namespace) -> int:
    known = ws.exchange.known_pcs()
    if args.json:
        print_json(
            [
                {
                    "device_id": p.device_id,
                    "name": p.device_name,
                    "package_at": p.package_at,
                    "merged_at": p.merged_at,
                    "holds": dict(p.holds),
                }
                for p in known
            ]
        )
        return 0
    if not known:
        print("Chưa nhập gói nào từ máy khác: chưa làm được gói thay đổi (hãy xuất gói đầy đủ).")
        return 0
    print(f"{len(known)} máy đã gửi gói sang đây (gói thay đổi: pack --changes-for <tên máy>):")
    for p in known:
        when = p.package_made_text() or "?"
        print(f"  {p.device_name:<24} mã {p.device_id[:8]}  gói gần nhất tạo lúc {when}")
    return 0


def _item_json(item: MergeItem) -> dict[str, Any]:
    return {
        "table": item.table,
        "id": item.row_id,
        "kind": item.kind.value,
        "what": item.what,
        "label": item.label,
        "plan": item.plan,
        "default": item.default.value,
        "fields": [
            {"column": f.column, "label": f.label, "local": f.local, "incoming": f.incoming}
            for f in item.fields
        ],
    }


def _print_item(item: MergeItem, choices: Mapping[ItemKey, Side]) -> None:
    where = f" [{item.plan}]" if item.plan and item.table != "plans" else ""
    print(f"  {ITEM_KIND_LABELS[item.kind]:<9} {item.what}: {item.label}{where}")
    for f in item.fields if item.kind in (ItemKind.CHANGE, ItemKind.CONFLICT) else ():
        print(f"      {f.label}: “{f.local}” → “{f.incoming}”")
    if item.kind is ItemKind.CONFLICT:
        print(f"      → giữ {KEPT_SIDE_WORDS[choices.get(item.key, item.default)]}")


def _merge(ws: Workspace, args: argparse.Namespace) -> int:
    """The merge, then its backup's copy waited for: merged but not backed up exits 1."""
    try:
        code = _merge_and_report(ws, args)
    finally:
        failure = ws.exchange.finish_merge_backup()
        if failure:
            print(f"Chú ý: {failure}", file=sys.stderr)
    return 1 if failure else code


def _merge_and_report(ws: Workspace, args: argparse.Namespace) -> int:
    preview = ws.exchange.preview(args.file)
    merge = preview.merge
    choices = {}
    if args.conflicts != "newer":
        side = Side.LOCAL if args.conflicts == "mine" else Side.INCOMING
        choices = {item.key: side for item in merge.conflicts}
    # The dry run is the merge itself, rolled back: a package it passes, the merge takes.
    # Without --dry-run the merge alone decides (it writes nothing when it refuses).
    trial = ws.exchange.dry_run(preview, choices) if args.dry_run else None
    result = None if args.dry_run else ws.exchange.merge(preview, choices)
    manifest = merge.manifest
    if args.json:
        print_json(
            {
                "package": {
                    "device": manifest.device_name,
                    "created_at": manifest.created_at,
                    "scope": manifest.scope_text(),
                    "program_version": manifest.program_version,
                },
                "totals": {k.value: n for k, n in merge.totals().items()},
                "counts": {
                    t: {k.value: n for k, n in c.items()} for t, c in merge.counts().items()
                },
                "unchanged": merge.unchanged,
                "older": merge.older,
                "already_taken": merge.already_taken,
                "warnings": list(merge.warnings),
                "items": [_item_json(i) for i in merge.items],
                "applied": result is not None,
                "result": None if result is None else result.__dict__,
                "dry_run": None if trial is None else trial.__dict__,
            }
        )
        return 0
    print(
        f"Gói {args.file.name}: {manifest.scope_text()}, từ máy “{manifest.device_name}”, "
        f"tạo lúc {manifest.created_local():%d/%m/%Y %H:%M}."
    )
    for warning in merge.warnings:
        print(f"Chú ý: {warning}")
    print(merge.summary_text())
    for table, counts in merge.counts().items():
        parts = [f"{n} {ITEM_KIND_LABELS[k].lower()}" for k, n in counts.items() if n]
        print(f"  {table_label(table)}: {', '.join(parts)}")
    # A whole office is 900,000 rows: the conflicts are listed (they need the clerk), the
    # rest only when asked for.
    shown = merge.items if args.verbose else merge.conflicts
    for item in sorted(shown, key=lambda i: (i.kind is not ItemKind.CONFLICT, i.table))[
        : None if args.verbose else _LISTED_CONFLICTS
    ]:
        _print_item(item, choices)
    hidden = len(shown) - _LISTED_CONFLICTS if not args.verbose else 0
    if hidden > 0:
        print(f"  … và {hidden} xung đột khác (thêm --verbose để xem tất cả).")
    if result is None:
        print("Chỉ xem trước (--dry-run): đã chạy thử việc gộp rồi hoàn lại, chưa lưu gì.")
    else:
        print(result.summary_text())
    return 0


def _backup(ws: Workspace, args: argparse.Namespace) -> int:
    if not args.list:
        path = ws.exchange.backup_now(BackupReason.MANUAL)
        print(f"Đã sao lưu vào {path}")
    backups = ws.exchange.backups()
    if args.json:
        print_json(
            [
                {
                    "path": str(b.path),
                    "taken_at": b.taken_at.isoformat(),
                    "reason": b.reason_text,
                    "bytes": b.size,
                }
                for b in backups
            ]
        )
    elif args.list:
        print(f"Thư mục sao lưu: {ws.exchange.backup_dir} ({len(backups)} bản)")
        for b in backups:
            print(f"  {b.taken_at:%d/%m/%Y %H:%M:%S}  {b.reason_text:<22} {b.path.name}")
    return 0


def _check_db(ws: Workspace, args: argparse.Namespace) -> int:
    report = ws.exchange.check_db()
    done: list[str] = []
    if args.repair and not report.ok:
        if not report.sqlite_ok:
            raise UserError(report.summary_text())
        done = ws.exchange.repair_db()
        report = ws.exchange.check_db()
    if args.json:
        print_json(
            {
                "ok": report.ok,
                "sqlite_ok": report.sqlite_ok,
                "problems": [{"what": p.what, "repair": p.repair} for p in report.problems],
                "repaired": done,
            }
        )
    else:
        for line in done:
            print(f"Đã sửa: {line}")
        print(report.summary_text())
        for p in report.problems:
            fix = f" (sửa được: {p.repair})" if p.repair else ""
            print(f"  - {p.what}{fix}", file=sys.stdout)
    return 0 if report.ok else EXIT_PROBLEMS


HANDLERS: dict[str, Handler] = {
    "pack": _pack,
    "peers": _peers,
    "merge": _merge,
    "backup": _backup,
    "check-db": _check_db,
}
# Commands that work on a workspace file that may be too damaged to open.
FILE_HANDLERS: dict[str, Callable[[Path, argparse.Namespace], int]] = {
    "restore": _restore,
    "rescue": _rescue,
}
