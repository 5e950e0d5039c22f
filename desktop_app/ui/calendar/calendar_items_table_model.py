"""A list of calendar items: a day's events and deadlines, or the agenda."""

from desktop_app.domain.calendar import ITEM_KIND_LABELS, ITEM_STATE_LABELS, CalendarItem, ItemState
from desktop_app.ui.calendar.month_table_model import ITEM_MARKS, STATE_COLOURS
from desktop_app.ui.common.formatting import date_text
from desktop_app.ui.common.table_model import Column, RowsTableModel


class CalendarItemsTableModel(RowsTableModel[CalendarItem]):
    COLUMNS = (
        Column[CalendarItem]("Ngày", lambda i: date_text(i.day), sort=lambda i: i.day, width=85),
        # The kind is the month's mark (● event, ◆ deadline), not a column of its own: the lists
        # sit in a narrow pane where every column taken from the text made it unreadable.
        Column[CalendarItem](
            "Nội dung",
            lambda i: f"{ITEM_MARKS[i.kind]} {i.label}",
            tooltip=lambda i: f"{ITEM_KIND_LABELS[i.kind]}: {i.label}\n{i.detail}".strip(),
        ),
        Column[CalendarItem](
            "Kế hoạch",
            lambda i: i.plan_reference or "(chưa số)",
            tooltip=lambda i: i.plan_reference,
            width=95,
            max_width=95,
        ),
        Column[CalendarItem](
            "Tình trạng",
            lambda i: ITEM_STATE_LABELS[i.state],
            # Due items keep the table's own text colour; the others as in the month.
            foreground=lambda i: None if i.state is ItemState.DUE else STATE_COLOURS[i.state],
            width=95,
        ),
    )
