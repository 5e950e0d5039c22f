"""A list of calendar items: a day's events and deadlines, or the agenda."""

from desktop_app.domain.calendar import ITEM_STATE_LABELS, CalendarItem, ItemKind, ItemState
from desktop_app.ui.models.base import Column, RowsTableModel
from desktop_app.ui.models.formatting import date_text

STATE_COLOURS = {ItemState.OVERDUE: "#b00020", ItemState.DONE: "#1b7f3b", ItemState.DUE: None}


class CalendarItemsTableModel(RowsTableModel[CalendarItem]):
    COLUMNS = (
        Column[CalendarItem]("Ngày", lambda i: date_text(i.day), sort=lambda i: i.day, width=85),
        Column[CalendarItem](
            "Loại", lambda i: "Sự kiện" if i.kind is ItemKind.EVENT else "Hạn", width=65
        ),
        Column[CalendarItem](
            "Nội dung", lambda i: i.label, tooltip=lambda i: f"{i.label}\n{i.detail}".strip()
        ),
        Column[CalendarItem]("Kế hoạch", lambda i: i.plan_reference or "(chưa số)", width=95),
        Column[CalendarItem](
            "Tình trạng",
            lambda i: ITEM_STATE_LABELS[i.state],
            foreground=lambda i: STATE_COLOURS[i.state],
            width=95,
        ),
    )
