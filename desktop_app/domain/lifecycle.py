"""A plan's life: draft, issued, in progress, done, archived; its number in the register.

Also what a plan must satisfy to be saved at all (:func:`validate_plan`).

Issuing gives a plan the next number of its issuing body's register for the year (state
documents restart at 01 every calendar year, Nghị định 30/2020 article 15; Party plans are
numbered the same way here) and fixes its date. From then on its header is locked until the
clerk reopens it, which puts it back to draft and keeps the number it was given.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from desktop_app.domain.deadlines import Deadline, date_text
from desktop_app.domain.errors import UserError
from desktop_app.domain.plans import PLAN_STATUS_LABELS, Plan, PlanStatus
from desktop_app.domain.registry import Registry
from desktop_app.domain.text import clean

# Which status each status may move to by the clerk's hand; issuing and reopening have
# their own functions because they also change the number and the date.
_NEXT: Registry[PlanStatus, tuple[PlanStatus, ...]] = Registry(
    PlanStatus,
    {
        PlanStatus.DRAFT: (PlanStatus.ARCHIVED,),
        PlanStatus.ISSUED: (PlanStatus.IN_PROGRESS, PlanStatus.DONE, PlanStatus.ARCHIVED),
        PlanStatus.IN_PROGRESS: (PlanStatus.DONE, PlanStatus.ARCHIVED),
        PlanStatus.DONE: (PlanStatus.IN_PROGRESS, PlanStatus.ARCHIVED),
        PlanStatus.ARCHIVED: (PlanStatus.IN_PROGRESS, PlanStatus.DONE),
    },
    "plan status moves",
)


def header_locked(plan: Plan) -> bool:
    """Once issued, the header (number, date, issuer, title, signature) is not edited."""
    return plan.status is not PlanStatus.DRAFT


def allowed_statuses(plan: Plan) -> tuple[PlanStatus, ...]:
    """The statuses the clerk may move the plan to from where it is."""
    if plan.status is PlanStatus.ARCHIVED and plan.number is None and plan.date is None:
        return ()  # archived while a draft: it was never issued
    return _NEXT[plan.status]


def next_number(used: Iterable[int]) -> int:
    """The register's next number: one past the highest used this year, 1 for the first."""
    return max(used, default=0) + 1


def issue(plan: Plan, number: int, day: dt.date) -> Plan:
    """The plan issued with ``number`` on ``day``.

    Raises:
        UserError: the plan is not a draft, or its title or issuer is empty.
    """
    if plan.status is not PlanStatus.DRAFT:
        raise UserError(
            f"Kế hoạch đang ở trạng thái \u201c{PLAN_STATUS_LABELS[plan.status]}\u201d, "
            "chỉ dự thảo mới ban hành được."
        )
    if not plan.title.strip():
        raise UserError("Chưa có trích yếu (tên kế hoạch): hãy nhập trước khi ban hành.")
    if not plan.issuer.name.strip():
        raise UserError("Chưa có cơ quan ban hành: hãy nhập trước khi ban hành.")
    if number < 1:
        raise UserError("Số văn bản phải từ 1 trở lên.")
    return replace(plan, status=PlanStatus.ISSUED, number=number, date=day)


def reopen(plan: Plan) -> Plan:
    """Back to draft so the header can be edited; the number it was given stays."""
    if plan.status is PlanStatus.DRAFT:
        return plan
    return replace(plan, status=PlanStatus.DRAFT)


def move_to(plan: Plan, status: PlanStatus) -> Plan:
    """The plan with a new status among :func:`allowed_statuses`.

    Raises:
        UserError: that move is not allowed (saying which moves are).
    """
    if status is plan.status:
        return plan
    if plan.status is PlanStatus.ARCHIVED and plan.number is None and plan.date is None:
        raise UserError(
            "Kế hoạch này được lưu trữ khi còn là dự thảo: hãy ban hành trước khi theo dõi."
        )
    if status not in _NEXT[plan.status]:
        allowed = ", ".join(PLAN_STATUS_LABELS[s] for s in _NEXT[plan.status]) or "không có"
        raise UserError(
            f"Không chuyển được từ \u201c{PLAN_STATUS_LABELS[plan.status]}\u201d sang "
            f"\u201c{PLAN_STATUS_LABELS[status]}\u201d (chuyển được sang: {allowed})."
        )
    return replace(plan, status=status)


def validate_plan(plan: Plan, *, deadlines: bool = True) -> None:
    """Refuse a plan that must not be saved.

    Args:
        plan: the plan.
        deadlines: also refuse a deadline before the plan's date. A plan read from a
            document keeps the document's own mistake as a finding, to be fixed in the editor.

    Raises:
        UserError: an empty title or issuer, a task with no text, or a deadline before the
            plan's date; the message says which and what to fix.
    """
    if not clean(plan.title):
        raise UserError("Trích yếu (tên kế hoạch) không được để trống.")
    if not clean(plan.issuer.name):
        raise UserError("Tên cơ quan ban hành không được để trống.")
    for number, task in enumerate(plan.tasks, 1):
        if not clean(task.text):
            raise UserError(f"Nhiệm vụ thứ {number} chưa có nội dung.")
        if deadlines:
            check_deadline(task.deadline, plan.date, f"Nhiệm vụ thứ {number}")


def check_deadline(deadline: Deadline, plan_date: dt.date | None, what: str = "Thời hạn") -> None:
    """Refuse a dated deadline that ends before the plan's date."""
    due = deadline.due_date()
    if due is not None and plan_date is not None and due < plan_date:
        raise UserError(
            f"{what}: thời hạn \u201c{deadline.summary()}\u201d trước ngày kế hoạch "
            f"({date_text(plan_date)}). Hãy sửa thời hạn hoặc ngày kế hoạch."
        )
