"""The events (campaign days, conferences) of the selected plan."""

from desktop_app.domain.calendar import WEEKDAY_NAMES
from desktop_app.domain.plans import Event
from desktop_app.ui.common.formatting import date_text
from desktop_app.ui.common.table_model import Column, RowsTableModel


class EventsTableModel(RowsTableModel[Event]):
    COLUMNS = (
        Column[Event]("Sự kiện", lambda e: e.label, width=120),
        Column[Event]("Thứ", lambda e: WEEKDAY_NAMES[e.date.weekday()], width=80),
        Column[Event]("Ngày", lambda e: date_text(e.date), sort=lambda e: e.date, width=90),
        Column[Event]("Giờ", lambda e: e.time or "", width=60),
        Column[Event]("Địa điểm", lambda e: e.place),
        Column[Event](
            "Ghi chú", lambda e: e.note, foreground=lambda e: "#b00020" if e.note else None
        ),
    )
