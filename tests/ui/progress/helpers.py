"""What the progress tests share: the measures, closing a message, finding a task's row."""

from desktop_app.domain.plans import Plan
from desktop_app.domain.progress import TaskRow
from desktop_app.workspace import Workspace
from tests.ui.conftest import TODAY

MEASURES = ("Đường được vệ sinh (km)", "Cây xanh trồng mới (cây)")


def task_row(ws: Workspace, plan: Plan, number: str) -> TaskRow:
    return next(r for r in ws.progress.board(plan, TODAY).tasks if r.number == number)
