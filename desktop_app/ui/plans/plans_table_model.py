"""The plan list of the Kế hoạch tab."""

import datetime as dt

from desktop_app.domain.plans import (
    PLAN_STATUS_LABELS,
    SYSTEM_LABELS,
    PlanSummary,
    number_or_blank,
)
from desktop_app.domain.text import vn_sort_bytes
from desktop_app.ui.common.formatting import date_text
from desktop_app.ui.common.table_model import Column, RowsTableModel


class PlansTableModel(RowsTableModel[PlanSummary]):
    COL_REFERENCE, COL_DATE, COL_TITLE, COL_ISSUER, COL_SYSTEM, COL_STATUS, COL_TASKS = range(7)
    COLUMNS = (
        Column[PlanSummary]("Số, ký hiệu", number_or_blank, width=110),
        Column[PlanSummary](
            "Ngày", lambda p: date_text(p.date), sort=lambda p: p.date or dt.date.min, width=90
        ),
        Column[PlanSummary]("Trích yếu", lambda p: p.title, sort=lambda p: vn_sort_bytes(p.title)),
        Column[PlanSummary]("Cơ quan ban hành", lambda p: p.issuer_name, width=200),
        Column[PlanSummary]("Hệ thống", lambda p: SYSTEM_LABELS[p.system], width=100),
        Column[PlanSummary]("Trạng thái", lambda p: PLAN_STATUS_LABELS[p.status], width=120),
        Column[PlanSummary](
            "Nhiệm vụ",
            lambda p: str(p.task_count),
            sort=lambda p: p.task_count,
            align_center=True,
            width=80,
        ),
    )
