"""What the progress tests share: the measures, closing a message, finding a task's row."""

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.domain.plans import Plan
from desktop_app.domain.progress import TaskRow
from desktop_app.workspace import Workspace
from tests.ui.conftest import TODAY, when_modal

MEASURES = ("Đường được vệ sinh (km)", "Cây xanh trồng mới (cây)")


def close_message(texts: list[str]) -> None:
    """Note the text of the next message box and close it."""

    def act(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox)
        texts.append(widget.text())
        widget.accept()

    when_modal(act)


def task_row(ws: Workspace, plan: Plan, number: str) -> TaskRow:
    return next(r for r in ws.progress.board(plan, TODAY).tasks if r.number == number)
