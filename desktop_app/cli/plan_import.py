"""Commands that read a plan from a document: ``parse-plan F``, ``import-plan F``, ``check F``.

(``check`` is registered with the plans; it reads a file through :func:`check_file`.)
"""

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop_app.cli.common import Handler, Subparsers, print_json
from desktop_app.domain.checks import PLACE_LABELS, SEVERITY_LABELS, Finding, Severity
from desktop_app.domain.plans import number_or_blank
from desktop_app.workspace import Workspace
from desktop_app.workspace.plan_import import PlanImport


def add_parsers(sub: Subparsers) -> None:
    p = sub.add_parser("parse-plan", help="đọc thử một kế hoạch từ tệp Word, PDF hoặc văn bản")
    p.add_argument("file", metavar="F", type=Path, help="tệp .docx, .pdf hoặc .txt")
    p.add_argument("--json", action="store_true", help="in dạng JSON (kèm findings)")
    p = sub.add_parser(
        "import-plan",
        help="nhập kế hoạch từ tệp Word, PDF, văn bản (dự thảo) hoặc JSON của show --json",
    )
    p.add_argument("file", metavar="F", type=Path, help="tệp .docx, .pdf, .txt hoặc .json")
    p.add_argument("--json", action="store_true", help="in dạng JSON")


def findings_json(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    return [
        {
            "severity": f.severity.value,
            "message": f.message,
            "place": f.place.value,
            "item": f.item_id or None,
        }
        for f in findings
    ]


def print_findings(findings: Sequence[Finding]) -> None:
    if not findings:
        print("Không thấy thiếu sót nào.")
    for f in findings:
        print(f"[{SEVERITY_LABELS[f.severity]}] ({PLACE_LABELS[f.place]}) {f.message}")
    counts = Counter(f.severity for f in findings)
    if findings:
        print(
            f"Tổng: {counts[Severity.ERROR]} lỗi, {counts[Severity.WARNING]} cảnh báo, "
            f"{counts[Severity.INFO]} lưu ý."
        )


def _summary(imported: PlanImport) -> None:
    plan = imported.plan
    date = plan.date.strftime("%d/%m/%Y") if plan.date else "(chưa có ngày)"
    print(
        f"{plan.issuer.name or '(chưa rõ cơ quan)'} — {number_or_blank(plan)} — {plan.place} {date}"
    )
    print(plan.title)
    print(
        f"Mục: {len(plan.sections)}   Nhiệm vụ: {len(plan.tasks)}   Sự kiện: {len(plan.events)}"
        f"   Phân công: {len(plan.assignments)}   Nơi nhận: {len(plan.recipients)}"
    )
    paths = plan.section_paths()
    for i, t in enumerate(plan.tasks, 1):
        lead = ", ".join(u.name for u in t.lead) or "(chưa rõ chủ trì)"
        support = f" / phối hợp: {', '.join(u.name for u in t.support)}" if t.support else ""
        where = paths.get(t.section_id, "") if t.section_id else ""
        print(f"  {i:>3}. [{where}] [{lead}{support}] {t.text[:70]} — {t.deadline.summary()}")
    s = plan.signature
    authority = " / ".join(s.authority.splitlines())  # "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH"
    print(f"Ký: {authority} / {s.position} / {s.signer}")
    if imported.new_units:
        print("Đơn vị chưa có trong danh sách: " + "; ".join(u.name for u in imported.new_units))
    if imported.new_hamlets:
        print("Xóm chưa có trong danh sách: " + "; ".join(h.name for h in imported.new_hamlets))


def _cmd_parse_plan(ws: Workspace, args: argparse.Namespace) -> int:
    imported = ws.plan_import.read_file(args.file)
    if args.json:
        data = ws.plans.to_json(imported.plan)
        data["findings"] = findings_json(imported.findings)
        data["new_units"] = [u.name for u in imported.new_units]
        data["new_hamlets"] = [h.name for h in imported.new_hamlets]
        print_json(data)
        return 0
    _summary(imported)
    print_findings(imported.findings)
    return 0


def _cmd_import_plan(ws: Workspace, args: argparse.Namespace) -> int:
    if args.file.suffix.lower() == ".json":
        plan = ws.plan_import.import_json(args.file)
        if args.json:
            print_json({"plan": plan.id, "title": plan.title})
        else:
            print(f"Đã nhập kế hoạch {plan.id[:8]} từ JSON: {plan.title}")
        return 0
    imported = ws.plan_import.read_file(args.file)
    saved = ws.plan_import.save(imported.plan, imported.new_units, imported.new_hamlets)
    if args.json:
        print_json(
            {
                "plan": saved.id,
                "title": saved.title,
                "new_units": [u.name for u in imported.new_units],
                "new_hamlets": [h.name for h in imported.new_hamlets],
                "findings": findings_json(imported.findings),
            }
        )
        return 0
    print(f"Đã nhập kế hoạch (dự thảo) {saved.id[:8]}: {saved.title}")
    if imported.new_units:
        print(f"Đã thêm {len(imported.new_units)} đơn vị mới vào danh sách.")
    if imported.new_hamlets:
        print(f"Đã thêm {len(imported.new_hamlets)} xóm mới vào danh sách.")
    if imported.findings:
        print(f"Có {len(imported.findings)} điểm cần xem lại: chạy “check {saved.id[:8]}”.")
    return 0


def check_file(ws: Workspace, path: Path, as_json: bool) -> int:
    """``check F``: the same checks as ``check PLAN``, on a document not yet imported."""
    imported = ws.plan_import.read_file(path)
    if as_json:
        print_json(
            {
                "file": str(path),
                "reference": imported.plan.reference,
                "title": imported.plan.title,
                "findings": findings_json(imported.findings),
            }
        )
    else:
        print(f"{path.name}: {number_or_blank(imported.plan)}  {imported.plan.title}")
        print_findings(imported.findings)
    return 1 if any(f.severity is Severity.ERROR for f in imported.findings) else 0


HANDLERS: dict[str, Handler] = {
    "parse-plan": _cmd_parse_plan,
    "import-plan": _cmd_import_plan,
}
