"""The drop-down menus of the Kế hoạch tab's buttons, filled for the plan selected."""

from collections.abc import Callable

from PySide6.QtWidgets import QMenu

from desktop_app.domain.lifecycle import allowed_statuses
from desktop_app.domain.plans import PLAN_STATUS_LABELS, Plan, PlanStatus


def fill_status_menu(menu: QMenu, plan: Plan, set_status: Callable[[PlanStatus], object]) -> None:
    """The statuses the plan may move to, for the "Trạng thái" button."""
    for status in allowed_statuses(plan):
        action = menu.addAction(f"Chuyển sang \u201c{PLAN_STATUS_LABELS[status]}\u201d")
        action.triggered.connect(lambda _checked=False, s=status: set_status(s))
    if not allowed_statuses(plan):
        menu.addAction("(dự thảo: hãy ban hành trước)").setEnabled(False)


def fill_word_menu(
    menu: QMenu,
    plan: Plan,
    *,
    export_plan: Callable[[], object],
    export_appendix: Callable[[int], object],
    open_report: Callable[[], object],
    export_decision: Callable[[], object] | None = None,
) -> None:
    """The "Xuất Word" menu of a plan: the plan, each appendix, the decision, the report."""
    menu.addAction("Kế hoạch, kèm các phụ lục… (Ctrl+Shift+W)", export_plan)
    for index, appendix in enumerate(plan.appendices):
        title = appendix.title if len(appendix.title) <= 50 else appendix.title[:49]
        action = menu.addAction(f"Phụ lục: {title or '(chưa có tên)'}…")
        action.triggered.connect(lambda _checked=False, i=index: export_appendix(i))
    if not plan.appendices:
        menu.addAction("(kế hoạch chưa có phụ lục)").setEnabled(False)
    menu.addSeparator()
    if export_decision is not None:
        menu.addAction("Quyết định ban hành kế hoạch…", export_decision)
    menu.addAction("Báo cáo kết quả thực hiện… (Ctrl+Shift+B)", open_report)
