"""Progress reports: dated, append-only entries about a task, an occurrence or an event."""

import datetime as dt
from dataclasses import dataclass, field

from desktop_app.domain.ids import EventId, HamletId, PlanId, ProgressId, TaskId, UnitId
from desktop_app.domain.plans import TaskStatus


@dataclass(frozen=True)
class ProgressEntry:
    """What a unit or hamlet reported on a day. Entries are never edited, only added.

    Attributes:
        occurrence: the due date of the recurring deadline's occurrence this is about.
        figures: the plan's own measures ("km đường", "cây xanh") and their values.
        source: where it came from (the returned sheet's file name, "nhập tay").
    """

    id: ProgressId
    plan_id: PlanId
    reported_on: dt.date
    task_id: TaskId | None = None
    occurrence: dt.date | None = None
    event_id: EventId | None = None
    unit_id: UnitId | None = None
    hamlet_id: HamletId | None = None
    status: TaskStatus | None = None
    percent: int | None = None
    text: str = ""
    figures: dict[str, float] = field(default_factory=dict)
    source: str = ""
