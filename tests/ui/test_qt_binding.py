"""The Qt binding itself must be sound on the Python we ship."""

import sys

from PySide6.QtCore import QRect


def test_calling_qt_methods_does_not_eat_references_to_none() -> None:
    # PySide6 6.12.0 returned None from every void method without taking a reference. On
    # Python 3.11, where None is not immortal, a few thousand calls (one busy month view)
    # then freed None and killed the program ("none_dealloc"). 6.11.3 is sound.
    rect = QRect()
    before = sys.getrefcount(None)
    for _ in range(1000):
        rect.setWidth(3)
    assert sys.getrefcount(None) >= before - 10
