"""Push buttons that never act as a dialog's default, and the rows they stand in."""

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


def plain_button(text: str, slot: Callable[[], object]) -> QPushButton:
    """A button that Enter in a field of the dialog must not press."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.clicked.connect(slot)
    return button


def button_row(*specs: tuple[str, Callable[[], object]]) -> QHBoxLayout:
    """Plain buttons, each with its action, left-aligned: every toolbar of the tabs."""
    row = QHBoxLayout()
    for text, slot in specs:
        row.addWidget(plain_button(text, slot))
    row.addStretch(1)
    return row


def field_row(label: str, field: QWidget, *buttons: QPushButton) -> QHBoxLayout:
    """A label, the field as wide as it can be, then the buttons: a file or folder to choose."""
    row = QHBoxLayout()
    row.addWidget(QLabel(label))
    row.addWidget(field, 1)
    for button in buttons:
        row.addWidget(button)
    return row
