"""A list of calendar items: a day's events and deadlines, or the agenda."""

from desktop_app.domain.calendar import ITEM_KIND_LABELS, ITEM_STATE_LABELS, CalendarItem, ItemState
from desktop_app.ui.calendar.month_table_model import STATE_COLOURS
from desktop_app.ui.common.formatting import date_text
from desktop_app.ui.common.table_model import Column, RowsTableModel


class CalendarItemsTableModel(RowsTableModel[CalendarItem]):
    COLUMNS = (
        Column[CalendarItem]("Ngày", lambda i: date_text(i.day), sort=lambda i: i.day, width=85),
        Column[CalendarItem]("Loại", lambda i: ITEM_KIND_LABELS[i.kind], width=70),
        Column[CalendarItem](
            "Nội dung", lambda i: i.label, tooltip=lambda i: f"{i.label}\n{i.detail}".strip()
        ),
        # A plan without a number is named by its title and date: the whole name on hover.
        Column[CalendarItem](
            "Kế hoạch", lambda i: i.plan_reference, tooltip=lambda i: i.plan_reference, width=95
        ),
        Column[CalendarItem](
            "Tình trạng",
            lambda i: ITEM_STATE_LABELS[i.state],
            # Due items keep the table's own text colour; the others as in the month.
            foreground=lambda i: None if i.state is ItemState.DUE else STATE_COLOURS[i.state],
            width=95,
        ),
    )
