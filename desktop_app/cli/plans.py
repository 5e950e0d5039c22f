"""Commands on the plans themselves: demo, plans, show, check."""

import argparse
from pathlib import Path

from desktop_app.cli.common import PLAN_REF_HELP, Handler, Subparsers, print_json, warn_flagged
from desktop_app.cli.plan_import import check_file, findings_json, print_findings
from desktop_app.domain.checks import Severity
from desktop_app.domain.plans import PLAN_STATUS_LABELS, SYSTEM_LABELS, number_or_blank
from desktop_app.workspace import Workspace


def add_parsers(sub: Subparsers) -> None:
    sub.add_parser("demo", help="nạp năm kế hoạch mẫu")
    p = sub.add_parser("plans", help="liệt kê kế hoạch")
    p.add_argument("--search", default="", help="lọc (không phân biệt dấu)")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p = sub.add_parser("show", help="xem một kế hoạch")
    p.add_argument("plan", metavar="PLAN", help=PLAN_REF_HELP)
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p = sub.add_parser("check", help="kiểm tra một kế hoạch hoặc một tệp văn bản: thiếu sót")
    p.add_argument("plan", metavar="PLAN|F", help=f"{PLAN_REF_HELP}, hoặc tệp .docx/.pdf/.txt")
    p.add_argument("--json", action="store_true", help="in dạng JSON")


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
                    "name": p.name,  # how the window names it: title and date while unnumbered
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
            f"{p.id[:8]}  {number_or_blank(p):<14} {date}  "
            f"{SYSTEM_LABELS[p.system]:<11} {PLAN_STATUS_LABELS[p.status]:<15} {p.title[:70]}"
        )
    return 0


def _cmd_show(ws: Workspace, args: argparse.Namespace) -> int:
    # Shown as a file prints it: a bad stored value flagged in place, and named on stderr.
    plan = ws.plans.find(args.plan, for_file=True)
    if args.json:
        print_json(ws.plans.to_json(plan))
        warn_flagged(plan.problems)
        return 0
    date = plan.date.strftime("%d/%m/%Y") if plan.date else "(chưa có ngày)"
    print(f"{plan.issuer.name} — {number_or_blank(plan)} — {plan.place} {date}")
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
    warn_flagged(plan.problems)
    return 0


def _cmd_check(ws: Workspace, args: argparse.Namespace) -> int:
    """Print the findings; exit 1 when any is an error, so a script can stop on it."""
    if Path(args.plan).is_file():
        return check_file(ws, Path(args.plan), args.json)
    plan = ws.plans.find(args.plan)
    findings = ws.plans.check(plan)
    if args.json:
        print_json(
            {
                "plan": plan.id,
                "reference": plan.reference,
                "name": plan.name,
                "title": plan.title,
                "findings": findings_json(findings),
            }
        )
    else:
        print(f"{number_or_blank(plan)}  {plan.title}")
        print_findings(findings)
    return 1 if any(f.severity is Severity.ERROR for f in findings) else 0


HANDLERS: dict[str, Handler] = {
    "demo": lambda ws, _args: _cmd_demo(ws),
    "plans": _cmd_plans,
    "show": _cmd_show,
    "check": _cmd_check,
}
