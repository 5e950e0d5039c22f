"""The selected plan read as a document: header, title, bases, sections, Nơi nhận, signature.

It prints what the Word export prints (the tasks with their units and deadlines, or the
line sending the reader to the task table) and says which rules lay the document out.
"""

import html

from desktop_app.domain.guides import guide_for, guide_note, rules_for, signing_authority
from desktop_app.domain.plans import (
    Plan,
    RecipientRole,
    Section,
    System,
    document_number_line,
    place_date_line,
)
from desktop_app.domain.printed import (
    TASK_TABLE_COLUMNS,
    appendix_heading,
    loose_task_lines,
    sections_with_tasks,
    task_table_rows,
)


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _section_html(section: Section, depth: int) -> str:
    heading = f"{section.label} {section.title}".strip()
    out = []
    paragraphs = list(section.paragraphs)
    if paragraphs and (section.run_in or not section.title.strip()):
        lead = f"<b>{_e(heading)}</b>" if section.title else _e(section.label)
        sep = " " if not section.title or section.title.endswith(":") else ": "
        out.append(f"<p class='body'>{lead}{sep}{_e(paragraphs.pop(0))}</p>")
    elif heading:
        out.append(f"<p class='h{min(depth, 3)}'>{_e(heading)}</p>")
    out += [f"<p class='body'>{_e(p)}</p>" for p in paragraphs]
    out += [_section_html(c, depth + 1) for c in section.children]
    return "\n".join(out)


def _task_table_html(plan: Plan) -> str:
    head = "".join(f"<th>{_e(title)}</th>" for title in TASK_TABLE_COLUMNS)
    rows = []
    for row in task_table_rows(plan):
        if isinstance(row, str):
            rows.append(f"<tr><td colspan='{len(TASK_TABLE_COLUMNS)}'><b>{_e(row)}</b></td></tr>")
        else:
            rows.append("<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in row) + "</tr>")
    return (
        "<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
        f"<tr>{head}</tr>{''.join(rows)}</table>"
    )


def plan_html(plan: Plan) -> str:
    """An HTML rendering for on-screen reading (the official layout is the Word export's job)."""
    party = plan.system is System.PARTY
    rules = rules_for(plan.system, plan.date)
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
        " .h3{font-weight:bold; font-style:italic} td{vertical-align:top}"
        " .guide{color:#555; font-size:small}</style>",
        f"<p class='guide'>{_e(guide_note(plan.system, plan.date))}</p>",
        "<table width='100%'><tr>"
        f"<td width='42%' align='center'>{''.join(left)}</td>"
        f"<td width='58%' align='center'>{right}</td></tr></table>",
        "<p align='center' style='margin-top:14px'><b>KẾ HOẠCH</b></p>",
    ]
    if plan.type_line:
        parts.append(f"<p align='center'><b>{_e(plan.type_line)}</b></p>")
    parts.append(f"<p align='center'><b>{_e(plan.title)}</b></p>")
    basis = "<p class='body'><i>{}</i></p>" if rules.bases_italic else "<p class='body'>{}</p>"
    parts += [
        basis.format(_e(b if b.startswith("-") else rules.basis_prefix + b)) for b in plan.bases
    ]
    parts += [f"<p class='body'>{_e(p)}</p>" for p in plan.preamble]
    parts += [_section_html(s, 1) for s in sections_with_tasks(plan)]
    parts += [f"<p class='body'>{_e(p)}</p>" for p in loose_task_lines(plan)]
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
    authority = signing_authority(
        guide_for(plan.system, plan.date), sig.authority, plan.issuer.name
    )
    position = f"<b>{_e(sig.position)}</b>" if rules.position_bold else _e(sig.position)
    parts.append(
        "<table width='100%' style='margin-top:14px'><tr>"
        f"<td width='50%'><div><b><i>Nơi nhận:</i></b></div>{lines}</td>"
        f"<td width='50%' align='center'><div><b>{_e(authority)}</b></div>"
        f"<div>{position}</div><br><br><br>"
        f"<div><b>{_e(sig.signer)}</b></div></td></tr></table>"
    )
    for appendix in plan.appendices:
        parts.append("<hr>")
        parts.append(f"<p align='center'><b>{_e(appendix_heading(plan, appendix, rules))}</b></p>")
        parts.append(f"<p align='center'><b>{_e(appendix.title.upper())}</b></p>")
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
        if appendix.kind.value == "tasks" and plan.tasks:
            parts.append(_task_table_html(plan))
    if plan.notes:
        parts.append(f"<hr><p><i>Ghi chú: {_e(plan.notes)}</i></p>")
    return "\n".join(parts)
