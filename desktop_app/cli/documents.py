"""Word documents on the command line: ``export-docx``."""

import argparse
from pathlib import Path

from desktop_app.cli.common import PLAN_REF_HELP, Handler, Subparsers, warn_flagged
from desktop_app.domain.deadlines import parse_day
from desktop_app.domain.errors import UserError
from desktop_app.workspace import Workspace
from desktop_app.workspace.documents import DOCUMENT_KIND_LABELS, DocumentKind


def add_parsers(sub: Subparsers) -> None:
    p = sub.add_parser(
        "export-docx", help="xuất văn bản Word: kế hoạch, phụ lục, báo cáo hoặc quyết định ban hành"
    )
    p.add_argument("plan", metavar="PLAN", help=PLAN_REF_HELP)
    p.add_argument("--out", type=Path, required=True, help="tệp .docx cần ghi")
    p.add_argument(
        "--what",
        choices=[k.value for k in DocumentKind],
        default=DocumentKind.PLAN.value,
        help=(
            "plan: kế hoạch kèm phụ lục; appendix: chỉ các phụ lục; report: báo cáo kết quả "
            "(lấy số tiếp theo của sổ nếu chưa có); decision: quyết định ban hành kế hoạch "
            "(lấy số khi kế hoạch đã có ngày)"
        ),
    )
    p.add_argument(
        "--date", help="ngày của báo cáo (dd/mm/yyyy; mặc định: báo cáo đã lưu gần nhất)"
    )


def _cmd_export_docx(ws: Workspace, args: argparse.Namespace) -> int:
    plan = ws.plans.find(args.plan, for_file=True)
    kind = DocumentKind(args.what)
    if args.date and kind is not DocumentKind.REPORT:
        raise UserError("--date chỉ dùng với --what report.")
    report = None
    if kind is DocumentKind.REPORT:
        report = ws.documents.report_for(
            plan, parse_day(args.date, "báo cáo") if args.date else None, for_file=True
        )
    path = ws.documents.export_docx(plan, args.out, kind, report=report)
    print(f"Đã ghi {DOCUMENT_KIND_LABELS[kind].lower()} {plan.name}: {path}")
    warn_flagged(ws.documents.last_flags)
    return 0


HANDLERS: dict[str, Handler] = {"export-docx": _cmd_export_docx}
