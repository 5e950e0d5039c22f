"""A row of push buttons, each with its action, left-aligned: every toolbar of the tabs."""

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton


def button_row(*specs: tuple[str, Callable[[], object]]) -> QHBoxLayout:
    """Buttons that never act as a dialog's default (Enter in a field must not press them)."""
    row = QHBoxLayout()
    for text, slot in specs:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        row.addWidget(button)
    row.addStretch(1)
    return row
