"""The Nơi nhận lines of the plan being edited."""

from desktop_app.domain.plans import RECIPIENT_ROLE_LABELS, Recipient
from desktop_app.ui.common.table_model import Column, RowsTableModel


class RecipientsTableModel(RowsTableModel[Recipient]):
    COL_TEXT, COL_NOTE, COL_ROLE = range(3)
    COLUMNS = (
        Column[Recipient]("Nơi nhận", lambda r: r.text),
        Column[Recipient]("Ghi chú", lambda r: r.note, width=90),
        Column[Recipient]("Loại", lambda r: RECIPIENT_ROLE_LABELS[r.role], width=120),
    )
