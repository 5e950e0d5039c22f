"""The selected plan read as a document: header, title, bases, sections, Nơi nhận, signature."""

import html

from desktop_app.domain.plans import (
    Plan,
    RecipientRole,
    Section,
    System,
    document_number_line,
    place_date_line,
)


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _section_html(section: Section, depth: int) -> str:
    heading = f"{section.label} {section.title}".strip()
    out = []
    paragraphs = list(section.paragraphs)
    if section.run_in and paragraphs:
        lead = f"<b>{_e(heading)}</b>" if section.title else _e(section.label)
        sep = " " if not section.title or section.title.endswith(":") else ": "
        out.append(f"<p class='body'>{lead}{sep}{_e(paragraphs.pop(0))}</p>")
    elif heading:
        out.append(f"<p class='h{min(depth, 3)}'>{_e(heading)}</p>")
    out += [f"<p class='body'>{_e(p)}</p>" for p in paragraphs]
    out += [_section_html(c, depth + 1) for c in section.children]
    return "\n".join(out)


def plan_html(plan: Plan) -> str:
    """An HTML rendering for on-screen reading (the official layout is the Word export's job)."""
    party = plan.system is System.PARTY
    left = [f"<div>{_e(plan.issuer.parent)}</div>"] if plan.issuer.parent else []
    left.append(f"<div><b>{_e(plan.issuer.name)}</b></div>")
    left.append("<div>*</div>" if party else "<div>———</div>")
    left.append(f"<div>{_e(document_number_line(plan.system, plan.number, plan.symbol))}</div>")
    motto = (
        "<div><b><u>ĐẢNG CỘNG SẢN VIỆT NAM</u></b></div>"
        if party
        else "<div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></div>"
        "<div><b><u>Độc lập - Tự do - Hạnh phúc</u></b></div>"
    )
    right = f"{motto}<div><i>{_e(place_date_line(plan.place, plan.date))}</i></div>"
    parts = [
        "<style>p{margin:4px 0} .body{text-align:justify; text-indent:24px}"
        " .h1{font-weight:bold; margin-top:10px} .h2{font-weight:bold}"
        " .h3{font-weight:bold; font-style:italic} td{vertical-align:top}</style>",
        "<table width='100%'><tr>"
        f"<td width='42%' align='center'>{''.join(left)}</td>"
        f"<td width='58%' align='center'>{right}</td></tr></table>",
        "<p align='center' style='margin-top:14px'><b>KẾ HOẠCH</b></p>",
    ]
    if plan.type_line:
        parts.append(f"<p align='center'><b>{_e(plan.type_line)}</b></p>")
    parts.append(f"<p align='center'><b>{_e(plan.title)}</b></p>")
    parts += [f"<p class='body'><i>{_e(b)}</i></p>" for b in plan.bases]
    parts += [f"<p class='body'>{_e(p)}</p>" for p in plan.preamble]
    parts += [_section_html(s, 1) for s in plan.sections]
    parts += [f"<p class='body'>{_e(p)}</p>" for p in plan.closing]
    recipients = [r for r in plan.recipients if r.role is not RecipientRole.CC]
    cc = [r for r in plan.recipients if r.role is RecipientRole.CC]
    lines = "".join(
        f"<div>- {_e(r.text)}{' ' + _e(r.note) if r.note else ''}</div>" for r in recipients
    )
    if cc:
        lines += "<div><i>Đồng kính gửi:</i></div>"
        lines += "".join(f"<div>- {_e(r.text)}</div>" for r in cc)
    sig = plan.signature
    parts.append(
        "<table width='100%' style='margin-top:14px'><tr>"
        f"<td width='50%'><div><b><i>Nơi nhận:</i></b></div>{lines}</td>"
        f"<td width='50%' align='center'><div><b>{_e(sig.authority)}</b></div>"
        f"<div><b>{_e(sig.position)}</b></div><br><br><br>"
        f"<div><b>{_e(sig.signer)}</b></div></td></tr></table>"
    )
    for appendix in plan.appendices:
        parts.append("<hr>")
        parts.append(f"<p align='center'><b>{_e(appendix.title)}</b></p>")
        if appendix.attached_line:
            parts.append(f"<p align='center'><i>{_e(appendix.attached_line)}</i></p>")
        parts += [f"<p class='body'>{_e(p)}</p>" for p in appendix.paragraphs]
        if appendix.kind.value == "assignment" and plan.assignments:
            rows = "".join(
                f"<tr><td align='center'>{i}</td><td>{_e((a.prefix + ' ' + a.unit.name).strip())}"
                f"</td><td>{_e(', '.join(h.name for h in a.hamlets) or a.note)}</td></tr>"
                for i, a in enumerate(plan.assignments, 1)
            )
            parts.append(
                "<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
                "<tr><th>TT</th><th>Tên cơ quan, đơn vị</th><th>Phụ trách xóm</th></tr>"
                f"{rows}</table>"
            )
    if plan.notes:
        parts.append(f"<hr><p><i>Ghi chú: {_e(plan.notes)}</i></p>")
    return "\n".join(parts)
