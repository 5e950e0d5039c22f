"""The overview for the weekly meeting ("Tổng quan"): every plan in force at a glance.

Per lead unit, its tasks done, in progress, overdue and not started; per hamlet, its campaign
days reported, coming and passed without a report; the overdue tasks with who leads them; and
what falls in the coming week. Counted from the plans' progress boards and the calendar: the
window draws it, the Word export prints it, neither counts anything itself.
"""

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from desktop_app.domain.calendar import CalendarItem, ItemKind, ItemState, item_order
from desktop_app.domain.plans import PlanStatus
from desktop_app.domain.progress import CampaignState, ProgressBoard, TaskState
from desktop_app.domain.record_rules import FLAG_MARK
from desktop_app.domain.text import fold

WEEK_DAYS = 7
# Plans in force: issued, or being carried out. A draft is not yet anybody's work; a plan
# done or archived is no longer on the meeting's table.
IN_FORCE = (PlanStatus.ISSUED, PlanStatus.IN_PROGRESS)


@dataclass(frozen=True)
class Tally:
    """One bar: a unit's tasks (or a hamlet's campaign days) by how they stand.

    For a hamlet, ``done`` is campaign days reported, ``in_progress`` days still to come,
    ``overdue`` days passed with no report; ``not_started`` stays 0.
    """

    name: str
    done: int = 0
    in_progress: int = 0
    overdue: int = 0
    not_started: int = 0

    @property
    def total(self) -> int:
        return self.done + self.in_progress + self.overdue + self.not_started


@dataclass(frozen=True)
class OverdueTask:
    plan: str  # the plan's name (number, or title and date)
    text: str
    due: dt.date
    leads: str


@dataclass(frozen=True)
class Overview:
    """The meeting's page, as of ``day``."""

    day: dt.date
    plan_count: int
    units: tuple[Tally, ...]
    hamlets: tuple[Tally, ...]
    overdue: tuple[OverdueTask, ...]
    coming: tuple[CalendarItem, ...]
    undated: int = 0
    totals: Tally = field(default_factory=lambda: Tally("Tất cả"))
    # Plans counted whose stored rows break the rules: their bad values show flagged.
    flagged: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()  # plans whose status cannot be read: in force or not?

    def flagged_text(self) -> str:
        """The sentences naming the plans with bad stored rows, or "" when none has any."""
        said = []
        if self.flagged:
            said.append(
                f"{len(self.flagged)} kế hoạch có dữ liệu sai, đã tính, chỗ sai được đánh "
                f"dấu: {_first_names(self.flagged)}."
            )
        if self.left_out:
            said.append(
                f"{len(self.left_out)} kế hoạch không đọc được trạng thái nên chưa tính: "
                f"{_first_names(self.left_out)}."
            )
        if not said:
            return ""
        return f"{FLAG_MARK} " + " ".join(said)

    @property
    def week_end(self) -> dt.date:
        return self.day + dt.timedelta(days=WEEK_DAYS - 1)


# Names a sentence of the one-page overview lists; the window's check lists them all.
NAMED_PLANS = 3


def _first_names(names: Sequence[str]) -> str:
    shown = "; ".join(names[:NAMED_PLANS])
    more = len(names) - NAMED_PLANS
    return shown + (f" và {more} kế hoạch khác" if more > 0 else "")


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Order names as people count: "Xóm 2" before "Xóm 10"."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, fold(part))
        for part in re.split(r"(\d+)", name)
        if part
    )


def build_overview(
    boards: Sequence[ProgressBoard],
    coming: Iterable[CalendarItem],
    day: dt.date,
    *,
    flagged: Sequence[str] = (),
    left_out: Sequence[str] = (),
) -> Overview:
    """The overview of the plans whose boards are given (the plans in force), on ``day``.

    Args:
        boards: each plan's progress board on ``day``.
        coming: the calendar's items of the coming week (events and deadlines).
        day: the meeting's day.
        flagged: the names of the plans counted whose stored rows break the rules.
        left_out: the names of the plans whose status could not be read.
    """
    units: dict[str, dict[TaskState, int]] = {}
    names: dict[str, str] = {}
    hamlets: dict[str, dict[CampaignState, int]] = {}
    hamlet_names: dict[str, str] = {}
    overdue: list[OverdueTask] = []
    totals = dict.fromkeys(TaskState, 0)
    undated = 0
    for board in boards:
        undated += len(board.undated())
        for row in board.tasks:
            totals[row.state] += 1
            for unit in row.task.lead:
                names.setdefault(unit.id, unit.name)
                units.setdefault(unit.id, dict.fromkeys(TaskState, 0))[row.state] += 1
            if row.state is TaskState.OVERDUE and row.due is not None:
                leads = ", ".join(u.name for u in row.task.lead) or "(chưa giao đơn vị)"
                overdue.append(OverdueTask(board.plan.name, row.label, row.due, leads))
        for campaign in board.campaigns:
            hamlet_names.setdefault(campaign.hamlet.id, campaign.hamlet.name)
            counts = hamlets.setdefault(campaign.hamlet.id, dict.fromkeys(CampaignState, 0))
            counts[campaign.state] += 1
    unit_tallies = [
        Tally(
            names[unit_id],
            done=c[TaskState.DONE],
            in_progress=c[TaskState.IN_PROGRESS],
            overdue=c[TaskState.OVERDUE],
            not_started=c[TaskState.NOT_STARTED],
        )
        for unit_id, c in units.items()
    ]
    hamlet_tallies = [
        Tally(
            hamlet_names[hamlet_id],
            done=c[CampaignState.REPORTED],
            in_progress=c[CampaignState.COMING],
            overdue=c[CampaignState.MISSING],
        )
        for hamlet_id, c in hamlets.items()
    ]
    # The most overdue first: that is what the meeting asks about.
    unit_tallies.sort(key=lambda t: (-t.overdue, -t.total, natural_key(t.name)))
    hamlet_tallies.sort(key=lambda t: (-t.overdue, -t.total, natural_key(t.name)))
    week_end = day + dt.timedelta(days=WEEK_DAYS - 1)
    ahead = sorted(
        (
            i
            for i in coming
            if day <= i.day <= week_end
            and i.state is not ItemState.DONE
            and (i.kind is ItemKind.EVENT or i.state is not ItemState.OVERDUE)
        ),
        key=item_order,
    )
    return Overview(
        day=day,
        plan_count=len(boards),
        units=tuple(unit_tallies),
        hamlets=tuple(hamlet_tallies),
        overdue=tuple(sorted(overdue, key=lambda o: (o.due, o.plan, o.text))),
        coming=tuple(ahead),
        undated=undated,
        flagged=tuple(flagged),
        left_out=tuple(left_out),
        totals=Tally(
            "Tất cả",
            done=totals[TaskState.DONE],
            in_progress=totals[TaskState.IN_PROGRESS],
            overdue=totals[TaskState.OVERDUE],
            not_started=totals[TaskState.NOT_STARTED],
        ),
    )
