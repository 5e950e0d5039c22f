"""Typing with Unikey or EVKey: each field ends with the word the clerk typed.

These keyboards type a Vietnamese letter by sending Backspace for what is already there and
then the replacement (Windows: SendInput, the letter as a Unicode packet). A field that
rewrote its text, moved the cursor or completed inline on each change would end garbled.
"""

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.plans.plan_dialogs import TaskDialog
from desktop_app.workspace import Workspace
from tests.ui.conftest import when_modal

pytestmark = pytest.mark.gui

BACKSPACE = "\b"
# What Unikey sends, key by key, for Telex "vieejt": the second e becomes Backspace + "ê",
# j becomes Backspace + "ệ".
VIET = ("v", "i", "e", BACKSPACE, "ê", BACKSPACE, "ệ", "t")
# Telex "hoaf" with the tone on the o (hòa): two Backspaces, then "òa" as two letters.
HOA = ("h", "o", "a", BACKSPACE, BACKSPACE, "ò", "a")
# EVKey in "send the whole word again" mode for "dduwowcj" (được): each step clears the word.
DUOC = (
    "d", BACKSPACE, "đ",
    "u", BACKSPACE, "ư",
    "o", BACKSPACE, "ơ",
    "c", BACKSPACE, BACKSPACE, BACKSPACE, BACKSPACE, "đ", "ư", "ợ", "c",
)  # fmt: skip
WORDS = [(VIET, "việt"), (HOA, "hòa"), (DUOC, "được")]


def _send(widget: QWidget, key: Qt.Key, text: str) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


def replay(widget: QWidget, keys: tuple[str, ...]) -> None:
    """Send ``keys`` as the keyboard program does: ASCII as keys, the rest as Unicode packets."""
    for key in keys:
        if key == BACKSPACE:
            _send(widget, Qt.Key.Key_Backspace, "")
        elif key.isascii():
            _send(widget, Qt.Key(ord(key.upper())), key)
        else:
            _send(widget, Qt.Key.Key_unknown, key)  # Windows' VK_PACKET
        QApplication.processEvents()


def typed(field: QLineEdit | QPlainTextEdit, keys: tuple[str, ...]) -> tuple[str, int]:
    """The text and the cursor position after typing ``keys`` into an emptied ``field``."""
    field.setFocus()
    if isinstance(field, QLineEdit):
        field.clear()
        replay(field, keys)
        return field.text(), field.cursorPosition()
    field.clear()
    replay(field, keys)
    return field.toPlainText(), field.textCursor().position()


def _check(field: QLineEdit | QPlainTextEdit) -> None:
    if isinstance(field, QLineEdit):
        assert field.inputMask() == "", "an input mask fights the Backspaces"
        completer: QCompleter | None = field.completer()
        inline = QCompleter.CompletionMode.InlineCompletion
        assert completer is None or completer.completionMode() != inline
    for keys, word in WORDS:
        assert typed(field, keys) == (word, len(word)), (field.objectName(), word)


def test_the_search_boxes_of_the_tabs(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    for name, field in (
        ("plans", window.plans_tab.search),
        ("units", window.units_tab.search),
        ("hamlets", window.hamlets_tab.search),
    ):
        window.show_tab(name)
        _check(field)
    # The search ran on the word as typed: the list shows what matches "được".
    assert window.hamlets_tab.search.text() == "được"


def test_the_task_dialog_fields(qtbot: QtBot, samples: Workspace) -> None:
    dialog = TaskDialog(samples.directory.units(), (), None)
    qtbot.addWidget(dialog)
    dialog.show()
    fields: list[QLineEdit | QPlainTextEdit] = [
        dialog.text,  # the task's text
        dialog.lead.filter,  # the unit picker: typing filters the list of units
        dialog.support.filter,
        dialog.deadline.text,  # read again at each change, never rewritten
        dialog.output,
        dialog.note,
    ]
    for field in fields:
        _check(field)


def test_the_unit_picker_finds_a_unit_typed_with_its_diacritics(
    qtbot: QtBot, samples: Workspace
) -> None:
    dialog = TaskDialog(samples.directory.units(), (), None)
    qtbot.addWidget(dialog)
    dialog.show()
    picker = dialog.lead
    picker.filter.setFocus()
    # "Công an": Telex "coong an", the second o sent as Backspace + "ô".
    replay(picker.filter, ("c", "o", BACKSPACE, "ô", "n", "g", " ", "a", "n"))
    assert picker.filter.text() == "công an"
    shown = [
        picker.model.text(r)
        for r in range(picker.model.rowCount())
        if not picker.list.isRowHidden(r)
    ]
    assert shown
    assert all("công an" in text.lower() for text in shown)


def test_a_table_cell_editor(qtbot: QtBot) -> None:
    # No table of the program is edited in place today; Qt's cell editor, which any such
    # table would get, keeps the word too.
    table = QTableWidget(1, 1)
    cell = QTableWidgetItem("")
    table.setItem(0, 0, cell)
    qtbot.addWidget(table)
    table.show()
    table.editItem(cell)
    editor = table.viewport().findChild(QLineEdit)
    assert isinstance(editor, QLineEdit)
    _check(editor)
    table.commitData(editor)
    assert cell.text() == "được"


def test_the_plan_editor_title(qtbot: QtBot, window: MainWindow) -> None:
    editor = window.plans_tab.new_plan()
    _check(editor.header_page.title)
    assert editor.commit_fields()
    assert editor.plan.title == "được"
    when_modal(
        lambda box: box.button(QMessageBox.StandardButton.Discard).click(),  # type: ignore[attr-defined]
        kind=QMessageBox,
    )
    editor.reject()
    assert not editor.isVisible()
