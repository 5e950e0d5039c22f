"""What a page of the plan editor needs from the editor: the plan, and the way to change it."""

from typing import Protocol

from PySide6.QtWidgets import QLabel

from desktop_app.domain.plans import Plan
from desktop_app.domain.text import clean


class PlanHost(Protocol):
    """The plan editor as its pages see it.

    ``loading`` is true while the editor fills its fields from the plan: the signals that
    filling sends must not be read back as edits.
    """

    plan: Plan
    loading: bool
    status_label: QLabel

    def apply(self, plan: Plan) -> None: ...

    def commit_fields(self) -> bool: ...


def lines(text: str) -> tuple[str, ...]:
    """The non-empty lines of a text box, each cleaned: paragraphs, bases."""
    return tuple(c for line in text.splitlines() if (c := clean(line)))
