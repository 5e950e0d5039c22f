"""The keys work from anywhere in the window, the menus have Alt letters, "Phím tắt" lists all."""

import re
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.ui.common import printing
from desktop_app.ui.directory.directory_dialogs import UnitDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.plans.plan_editor import PlanEditor
from desktop_app.ui.shortcuts import LOCAL, MENUS, WINDOW, ShortcutsDialog, keys_text, plain_label
from desktop_app.workspace import Workspace
from tests.ui.conftest import activate, answer_file_dialog, close_message, when_modal

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def press(
    qtbot: QtBot,
    window: MainWindow,
    focus: QWidget,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Put the focus on ``focus`` (a field, a list, another tab's widget) and press the key."""
    activate(qtbot, window)
    focus.setFocus()
    qtbot.waitUntil(focus.hasFocus)
    qtbot.keyClick(focus, key, modifier)


def test_every_command_is_a_window_wide_action_with_its_table_keys(window: MainWindow) -> None:
    named = [name for _title, names in MENUS for name in names if name is not None]
    assert sorted(named) == sorted(WINDOW)  # each command in exactly one menu
    for name, command in WINDOW.items():
        action = window.actions_by_name[name]
        assert action.text() == command.label
        assert action.shortcuts() == [QKeySequence(k) for k in command.keys], name
        assert action.shortcutContext() == Qt.ShortcutContext.WindowShortcut
    wanted = {
        "new": "Ctrl+N",
        "find": "Ctrl+F",
        "save": "Ctrl+S",
        "print": "Ctrl+P",
        "export": "Ctrl+E",
        "refresh": "F5",
        "delete": "Del",
        "next_tab": "Ctrl+Tab",
        "previous_tab": "Ctrl+Shift+Tab",
    }
    for name, keys in wanted.items():
        assert window.actions_by_name[name].shortcut().toString() == keys
    assert window.print_action is window.actions_by_name["print"]


def test_no_key_is_given_twice_in_the_window(window: MainWindow) -> None:
    keys = [k.toString() for a in window.actions_by_name.values() for k in a.shortcuts()]
    assert len(keys) == len(set(keys))


def _mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def test_menus_and_their_items_have_distinct_ascii_alt_letters(window: MainWindow) -> None:
    menus = [a for a in window.menuBar().actions() if a.menu() is not None]
    letters = [_mnemonic(a.text()) for a in menus]
    assert None not in letters
    assert len(set(letters)) == len(letters)
    for menu_action in menus:
        menu = menu_action.menu()
        assert isinstance(menu, QMenu)
        items = [a for a in menu.actions() if not a.isSeparator()]
        letters = [_mnemonic(a.text()) for a in items]
        assert None not in letters, menu_action.text()
        assert all(letter is not None and letter.isascii() for letter in letters)
        assert len(set(letters)) == len(letters), (menu_action.text(), letters)


def test_the_shortcuts_window_lists_every_key_from_the_same_table(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.actions_by_name["shortcuts"].trigger()
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ShortcutsDialog)
    qtbot.addWidget(dialog)
    table = dialog.table
    cells = [[table.item(r, c) for c in (0, 1)] for r in range(table.rowCount())]
    listed = {(keys.text(), what.text()) for keys, what in cells if keys and what}
    for command in WINDOW.values():
        if command.keys:
            assert (keys_text(command.keys), command.what) in listed
    for local in LOCAL.values():
        assert (keys_text(local.keys), local.what) in listed
    assert ("Ctrl+N", WINDOW["new"].what) in listed
    assert plain_label(WINDOW["shortcuts"].label) == "Phím tắt"
    dialog.close()


def test_toolbar_buttons_tell_their_keys(window: MainWindow) -> None:
    tab = window.plans_tab
    assert tab.new_button.toolTip() == "Thêm kế hoạch mới (Ctrl+N)"
    assert "(F2, Enter)" in tab.edit_button.toolTip()
    assert tab.check_button.toolTip().endswith("(F7)")
    assert tab.word_button.toolTip().endswith("(Ctrl+E)")
    assert tab.delete_button.toolTip().endswith("(Del)")
    assert tab.progress_button.toolTip().endswith("(Ctrl+Shift+T)")
    for other in (window.units_tab, window.hamlets_tab, window.calendar_tab):
        buttons = other.findChildren(QPushButton)
        assert buttons
        untold = [b.text() for b in buttons if not b.toolTip() and b.isVisibleTo(other)]
        assert untold == [], type(other).__name__
    units = {b.text(): b.toolTip() for b in window.units_tab.findChildren(QPushButton)}
    assert units["Thêm (Ctrl+N)"].endswith("(Ctrl+N)")
    assert units["Xóa (Del)"].endswith("(Del)")


def test_ctrl_n_from_the_search_box_opens_a_new_plan(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, window.plans_tab.search, Qt.Key.Key_N, CTRL)
    editor = window.plans_tab.editor
    assert isinstance(editor, PlanEditor)
    assert editor.isVisible()
    assert editor.plan.title == ""  # a new one, not the plan selected in the list
    when_modal(
        lambda box: box.button(QMessageBox.StandardButton.Discard).click(),  # type: ignore[attr-defined]
        kind=QMessageBox,
    )
    editor.reject()
    assert not editor.isVisible()


def test_ctrl_n_on_the_units_tab_adds_a_unit_from_its_search_box(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_tab("units")
    press(qtbot, window, window.units_tab.search, Qt.Key.Key_N, CTRL)
    assert isinstance(window.units_tab.open_dialog, UnitDialog)
    assert window.units_tab.open_dialog.isVisible()
    window.units_tab.open_dialog.reject()


def test_ctrl_f_from_the_list_goes_to_the_search_box_of_the_tab_in_front(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.plans_tab.search.setText("khe")
    press(qtbot, window, window.plans_tab.plans_view, Qt.Key.Key_F, CTRL)
    assert window.plans_tab.search.hasFocus()
    assert window.plans_tab.search.selectedText() == "khe"
    window.show_tab("hamlets")
    press(qtbot, window, window.hamlets_tab.assignments_view, Qt.Key.Key_F, CTRL)
    assert window.hamlets_tab.search.hasFocus()


def test_ctrl_tab_moves_between_tabs_from_a_field_and_from_a_text_view(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_tab("plans")
    press(qtbot, window, window.plans_tab.search, Qt.Key.Key_Tab, CTRL)
    assert window.tabs.currentWidget() is window.units_tab
    press(qtbot, window, window.units_tab.search, Qt.Key.Key_Backtab, CTRL | SHIFT)
    assert window.tabs.currentWidget() is window.plans_tab
    press(qtbot, window, window.plans_tab.preview, Qt.Key.Key_Tab, CTRL)
    assert window.tabs.currentWidget() is window.units_tab
    window.show_tab("calendar")
    press(qtbot, window, window.calendar_tab.month_view, Qt.Key.Key_Tab, CTRL)
    assert window.tabs.currentWidget() is window.overview_tab
    press(qtbot, window, window.overview_tab, Qt.Key.Key_Tab, CTRL)
    assert window.tabs.currentWidget() is window.plans_tab  # round again


def test_f5_from_a_field_reads_the_data_again(
    qtbot: QtBot, window: MainWindow, samples: Workspace
) -> None:
    before = window.plans_tab.plans_model.rowCount()
    samples.plans.save(replace(samples.plans.new(), title="Kế hoạch thêm từ dòng lệnh"))
    assert window.plans_tab.plans_model.rowCount() == before
    press(qtbot, window, window.plans_tab.search, Qt.Key.Key_F5)
    assert window.plans_tab.plans_model.rowCount() == before + 1


def test_delete_in_a_text_field_deletes_a_letter_and_in_the_list_asks_first(
    qtbot: QtBot, window: MainWindow
) -> None:
    search = window.plans_tab.search
    search.setText("xkhe")
    search.setCursorPosition(0)
    press(qtbot, window, search, Qt.Key.Key_Delete)  # a plan's deletion would ask: none may
    assert search.text() == "khe"
    search.clear()
    count = window.workspace.plans.count()
    asked: list[str] = []
    close_message(asked)  # accept() on a Yes/No box is neither: nothing is deleted
    press(qtbot, window, window.plans_tab.plans_view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(asked))
    assert "vào thùng rác" in asked[0]
    assert window.workspace.plans.count() == count


def test_ctrl_e_from_the_search_box_exports_the_selected_plan_to_word(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "ke-hoach.docx"
    asked = answer_file_dialog(monkeypatch, "getSaveFileName", target)
    press(qtbot, window, window.plans_tab.search, Qt.Key.Key_E, CTRL)
    assert len(asked) == 1
    assert target.is_file()
    done = QApplication.activeModalWidget()  # "Đã lưu", with Open and Print
    assert done is not None
    done.close()


def test_ctrl_s_says_the_data_is_saved(qtbot: QtBot, window: MainWindow) -> None:
    window.show_tab("hamlets")
    press(qtbot, window, window.hamlets_tab.search, Qt.Key.Key_S, CTRL)
    assert "Dữ liệu đã được lưu" in window.statusBar().currentMessage()


def test_ctrl_p_reaches_the_print_command_from_a_field(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    handed: list[Path] = []
    monkeypatch.setattr(printing, "hand_over", handed.append)
    press(qtbot, window, window.plans_tab.search, Qt.Key.Key_P, CTRL)
    assert [p.suffix for p in handed] == [".docx"]  # the selected plan, as Word
