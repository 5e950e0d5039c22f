"""A year's public holidays and the office's own days off and make-up days, by date."""

import datetime as dt
from dataclasses import dataclass

from desktop_app.domain.calendar import WEEKDAY_NAMES
from desktop_app.ui.common.table_model import Column, RowsTableModel


@dataclass(frozen=True, order=True)
class DayOffRow:
    day: dt.date
    kind: str  # "Ngày lễ", or the label of the office day's kind
    name: str
    office_id: str = ""  # empty for a public holiday, which cannot be removed


class DaysOffTableModel(RowsTableModel[DayOffRow]):
    COL_DAY, COL_WEEKDAY, COL_KIND, COL_NAME = range(4)
    COLUMNS = (
        Column[DayOffRow]("Ngày", lambda r: f"{r.day:%d/%m/%Y}", sort=lambda r: r.day),
        Column[DayOffRow]("Thứ", lambda r: WEEKDAY_NAMES[r.day.weekday()]),
        Column[DayOffRow]("Loại", lambda r: r.kind),
        Column[DayOffRow]("Tên / lý do", lambda r: r.name),
    )
