"""Identifiers: random UUID text ids, typed so a unit id cannot pass as a plan id."""

import uuid
from typing import NewType

PlanId = NewType("PlanId", str)
SectionId = NewType("SectionId", str)
TaskId = NewType("TaskId", str)
UnitId = NewType("UnitId", str)
HamletId = NewType("HamletId", str)
EventId = NewType("EventId", str)
EventRuleId = NewType("EventRuleId", str)
AssignmentId = NewType("AssignmentId", str)
RecipientId = NewType("RecipientId", str)
AppendixId = NewType("AppendixId", str)
ProgressId = NewType("ProgressId", str)
ReportId = NewType("ReportId", str)


def new_id() -> str:
    """A fresh random id (UUID4, 32 hex digits), unique across every PC of the office."""
    return uuid.uuid4().hex


def derived_id(*parts: str) -> str:
    """A stable id computed from its parts, so two PCs derive the same row independently."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "so-ke-hoach:" + "/".join(parts)).hex
