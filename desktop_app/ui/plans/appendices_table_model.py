"""The appendices of the plan being edited, one line each."""

from desktop_app.domain.plans import Appendix
from desktop_app.ui.common.table_model import Column, RowsTableModel


class AppendicesTableModel(RowsTableModel[Appendix]):
    COLUMNS = (Column[Appendix]("Phụ lục", lambda a: a.title or "(phụ lục chưa có tiêu đề)"),)
