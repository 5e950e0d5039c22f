"""The tasks of the selected plan."""

from desktop_app.domain.plans import TASK_STATUS_LABELS, Task, TaskStatus
from desktop_app.ui.common.table_model import Column, RowsTableModel


def _names(task: Task, lead: bool) -> str:
    return ", ".join(u.name for u in (task.lead if lead else task.support))


class TasksTableModel(RowsTableModel[Task]):
    COLUMNS = (
        Column[Task]("Nội dung nhiệm vụ", lambda t: t.text),
        Column[Task](
            "Chủ trì",
            lambda t: _names(t, True) or "(chưa có)",
            foreground=lambda t: None if t.lead else "#b00020",
            width=200,
        ),
        Column[Task]("Phối hợp", lambda t: _names(t, False), width=180),
        Column[Task]("Thời hạn", lambda t: t.deadline.summary(), width=170),
        Column[Task]("Sản phẩm", lambda t: t.output, width=140),
        Column[Task](
            "Trạng thái",
            lambda t: TASK_STATUS_LABELS[t.status],
            foreground=lambda t: "#1b7f3b" if t.status is TaskStatus.DONE else None,
            width=110,
        ),
    )
