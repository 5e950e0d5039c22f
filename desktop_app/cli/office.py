"""The office on the command line: ``office show`` and ``office set``.

The same workspace services as the Thông tin cơ quan window: the province and the commune
fill the issuing bodies (post-reform headers), the committee term starts the Party's runs of
numbers, and the office may print on both sides of the sheet.
"""

import argparse
from typing import Any

from desktop_app.cli.common import Handler, Subparsers, print_json
from desktop_app.domain.deadlines import parse_day
from desktop_app.domain.errors import UserError
from desktop_app.domain.office import (
    UNIT_KIND_LABELS,
    Office,
    UnitKind,
    keep_signers,
    new_office,
    province_named,
)
from desktop_app.domain.plans import SYSTEM_LABELS
from desktop_app.workspace import Workspace

_NO_TERM = ("", "khong", "không", "none")


def add_parsers(sub: Subparsers) -> None:
    p = sub.add_parser(
        "office",
        help="xem hoặc khai báo thông tin cơ quan (tỉnh, xã, nhiệm kỳ cấp ủy)",
        description=(
            "office show: thông tin cơ quan đã khai báo. office set: khai báo tỉnh, xã "
            "(điền lại các cơ quan ban hành, giữ tên người ký), ngày bắt đầu nhiệm kỳ cấp ủy "
            "(số văn bản của Đảng chạy theo nhiệm kỳ), in hai mặt."
        ),
    )
    p.add_argument("action", nargs="?", choices=("show", "set"), default="show")
    p.add_argument("--province", help='tỉnh, thành phố (một trong 34; vd. "Thái Nguyên")')
    p.add_argument(
        "--kind",
        choices=[k.value for k in UnitKind],
        help="xa: xã (mặc định), phuong: phường, dac_khu: đặc khu",
    )
    p.add_argument("--commune", help='tên xã, phường hoặc đặc khu (vd. "Phú Lạc")')
    p.add_argument(
        "--term-start",
        help='ngày bắt đầu nhiệm kỳ cấp ủy (dd/mm/yyyy); "khong" để bỏ',
    )
    p.add_argument("--two-sided", choices=("co", "khong"), help="in hai mặt giấy: co / khong")
    p.add_argument("--json", action="store_true", help="in dạng JSON (với show)")


def _office_json(ws: Workspace, office: Office | None) -> dict[str, Any]:
    term = ws.numbering.party_term_start()
    return {
        "set_up": ws.plans.office_set_up(),
        "province": office.province if office else None,
        "unit_kind": office.unit_kind.value if office else None,
        "unit_name": office.unit_name if office else None,
        "bodies": [
            {
                "label": b.label,
                "system": b.system.value,
                "parent": b.issuer.parent,
                "name": b.issuer.name,
                "symbol": b.symbol,
                "authority": b.signature.authority,
                "position": b.signature.position,
                "signer": b.signature.signer,
            }
            for b in (office.bodies if office else ())
        ],
        "party_term_start": term.isoformat() if term else None,
        "two_sided": ws.documents.two_sided(),
    }


def _show(ws: Workspace, as_json: bool) -> int:
    office = ws.plans.office()
    if as_json:
        print_json(_office_json(ws, office))
        return 0
    if office is None:
        print("Chưa khai báo cơ quan. Khai báo: office set --province TỈNH --commune TÊN_XÃ")
    else:
        if not ws.plans.office_set_up():
            print("Đang dùng cơ quan của dữ liệu mẫu: hãy khai báo cơ quan của mình (office set).")
        kind = UNIT_KIND_LABELS[office.unit_kind]
        print(f"{kind} {office.unit_name}, {office.province}")
        for body in office.bodies:
            sign = " / ".join(
                x
                for x in (body.signature.authority, body.signature.position, body.signature.signer)
                if x
            )
            above = f"{body.issuer.parent} / " if body.issuer.parent else ""
            system = SYSTEM_LABELS[body.system].lower()
            signed = sign or "chưa có người ký"
            print(
                f"  {body.label} ({system}): {above}{body.issuer.name} — {body.symbol} — {signed}"
            )
    term = ws.numbering.party_term_start()
    print(
        "Nhiệm kỳ cấp ủy: "
        + (f"từ ngày {term:%d/%m/%Y}" if term else "chưa khai báo (số của Đảng chạy theo năm)")
    )
    print(f"In hai mặt giấy: {'có' if ws.documents.two_sided() else 'không'}")
    return 0


def _set(ws: Workspace, args: argparse.Namespace) -> int:
    wants_office = any(v is not None for v in (args.province, args.kind, args.commune))
    if not wants_office and args.term_start is None and args.two_sided is None:
        raise UserError(
            "office set cần ít nhất một trong: --province và --commune, --term-start, --two-sided."
        )
    before = ws.plans.office()
    office = None
    if wants_office:
        # What is not given is kept from the office already set up.
        province = args.province or (before.province if before else None)
        commune = args.commune or (before.unit_name if before else None)
        if not province or not commune:
            raise UserError("Lần khai báo đầu tiên cần cả --province và --commune.")
        kind = (
            UnitKind(args.kind) if args.kind else (before.unit_kind if before else UnitKind.COMMUNE)
        )
        office = keep_signers(new_office(province_named(province), kind, commune), before)
    term = None
    if args.term_start is not None and args.term_start.strip().lower() not in _NO_TERM:
        term = parse_day(args.term_start, "bắt đầu nhiệm kỳ")
    ws.numbering.check_term_start(term)  # everything is checked before anything is saved
    if office is not None:
        ws.plans.set_office(office)
    if args.term_start is not None:
        ws.numbering.set_party_term_start(term)
    if args.two_sided is not None:
        ws.documents.set_two_sided(args.two_sided == "co")
    print("Đã lưu thông tin cơ quan.")
    return _show(ws, as_json=False)


def _cmd_office(ws: Workspace, args: argparse.Namespace) -> int:
    if args.action == "show":
        if any(
            v is not None
            for v in (args.province, args.kind, args.commune, args.term_start, args.two_sided)
        ):
            raise UserError("Để khai báo, dùng: office set --province … --commune … .")
        return _show(ws, args.json)
    return _set(ws, args)


HANDLERS: dict[str, Handler] = {"office": _cmd_office}
