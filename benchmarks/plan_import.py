"""Time the plan reader on a long Word plan, and on one ten times longer (issue 20).

    python -m benchmarks.plan_import [--pages 40]

Writes a synthetic plan of about ``pages`` A4 pages (numbered sections, agency headings with
bullets, a task table in the appendix) and one ten times as long, reads each with
``read_document`` + ``understand_plan``, and prints the times. Budget: under 2 s for 40 pages,
and the ten-times-longer plan under twelve times as long (the cost stays linear).
"""

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

import docx

from desktop_app.imports.document_reader import read_document
from desktop_app.imports.plan_reader import understand_plan

PARAGRAPHS_PER_PAGE = 14
"""A page of a plan in 13-14 pt Times holds about 14 paragraphs of two or three lines."""
BUDGET_SECONDS = 2.0
GROWTH_BUDGET = 12.0

_UNITS = (
    "Công an xã",
    "Văn phòng UBND xã",
    "Trạm Y tế xã",
    "Đoàn Thanh niên xã",
    "Hội Nông dân xã",
)


def write_plan(path: Path, pages: int) -> int:
    """A plan of about ``pages`` pages; returns the number of task-table rows written."""
    document = docx.Document()
    for line in (
        "ỦY BAN NHÂN DÂN",
        "XÃ AN BÌNH",
        "Số: 12/KH-UBND",
        "An Bình, ngày 2 tháng 3 năm 2026",
        "KẾ HOẠCH",
        "Thực hiện các nhiệm vụ trọng tâm năm 2026",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Bảo đảm các nhiệm vụ được giao rõ người, rõ việc, rõ thời gian.",
        "II. TỔ CHỨC THỰC HIỆN",
    ):
        document.add_paragraph(line)
    paragraphs = pages * PARAGRAPHS_PER_PAGE
    body = paragraphs * 2 // 3
    section = 0
    for k in range(body):
        if k % 12 == 0:
            section += 1
            document.add_paragraph(f"{section}. {_UNITS[section % len(_UNITS)]}")
        document.add_paragraph(
            f"- Chủ trì, phối hợp với các thôn rà soát, tổng hợp số liệu phần việc {k + 1}, "
            f"báo cáo kết quả trước ngày {k % 28 + 1}/{k % 12 + 1}/2026 để tổng hợp chung."
        )
    for line in ("Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn Tám"):
        document.add_paragraph(line)
    document.add_paragraph("PHỤ LỤC")
    rows = paragraphs - body
    table = document.add_table(rows=rows + 1, cols=5)
    for cell, text in zip(
        table.rows[0].cells, ("TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian"), strict=True
    ):
        cell.text = text
    for index, row in enumerate(table.rows[1:], start=1):
        values = (
            str(index),
            f"Kiểm tra, đôn đốc việc thực hiện phần việc số {index} tại các thôn",
            _UNITS[index % len(_UNITS)],
            _UNITS[(index + 1) % len(_UNITS)],
            f"Quý {index % 4 + 1}/2026",
        )
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return rows


def read_seconds(path: Path, repeat: int = 3) -> tuple[float, int]:
    """The best time of ``repeat`` readings, and the number of tasks read."""
    best, tasks = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        plan = understand_plan(read_document(path)).plan
        best = min(best, time.perf_counter() - start)
        tasks = len(plan.tasks)
    return best, tasks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        small, large = Path(folder) / "small.docx", Path(folder) / "large.docx"
        write_plan(small, args.pages)
        write_plan(large, args.pages * 10)
        read_seconds(small, repeat=1)  # warm up: imports, caches
        small_time, small_tasks = read_seconds(small)
        large_time, large_tasks = read_seconds(large, repeat=1)
    growth = large_time / small_time
    print(
        f"{args.pages} pages: {small_time:.2f} s ({small_tasks} tasks), budget {BUDGET_SECONDS} s"
    )
    print(
        f"{args.pages * 10} pages: {large_time:.2f} s ({large_tasks} tasks), "
        f"{growth:.1f} times as long, budget {GROWTH_BUDGET:.0f} times"
    )
    return 0 if small_time < BUDGET_SECONDS and growth < GROWTH_BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
