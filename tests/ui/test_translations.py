"""Qt's own words are Vietnamese: message boxes, text fields' menus, Qt's file dialog."""

import subprocess
import sys
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QTreeView,
)
from pytestqt.qtbot import QtBot

import desktop_app
from desktop_app.ui import translations
from desktop_app.ui.translations import (
    TS_FILE,
    TsTranslator,
    install_qt_vietnamese,
    qt_translator,
    read_ts,
)

pytestmark = pytest.mark.gui

B = QMessageBox.StandardButton
LRELEASE = Path(PySide6.__file__).parent / (
    "lrelease.exe" if sys.platform == "win32" else "lrelease"
)


def _menu_texts(menu: QMenu) -> list[str]:
    """The items of a menu without their keys ("&Dán\\tCtrl+V" -> "&Dán")."""
    return [a.text().split("\t")[0] for a in menu.actions() if not a.isSeparator()]


def test_message_box_buttons(qtbot: QtBot) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Câu hỏi",
        "Lưu?",
        B.Yes | B.No | B.Ok | B.Cancel | B.Save | B.Discard | B.Close | B.Retry | B.Ignore,
    )
    qtbot.addWidget(box)
    texts = {button: box.button(button).text() for button in (B.Yes, B.No, B.Ok, B.Cancel)}
    assert texts == {B.Yes: "&Có", B.No: "&Không", B.Ok: "Đồng ý", B.Cancel: "Hủy"}
    assert box.button(B.Yes).text().replace("&", "") == "Có"
    assert box.button(B.Save).text() == "Lưu"
    assert box.button(B.Discard).text() == "Không lưu"
    assert box.button(B.Close).text() == "Đóng"
    assert box.button(B.Retry).text() == "Thử lại"
    assert box.button(B.Ignore).text() == "Bỏ qua"
    box.setDetailedText("chi tiết")
    labels = [b.text() for b in box.buttons()]
    assert "Xem chi tiết..." in labels


def test_dialog_button_box(qtbot: QtBot) -> None:
    D = QDialogButtonBox.StandardButton  # noqa: N806
    box = QDialogButtonBox(D.Ok | D.Cancel | D.Apply | D.Help)
    qtbot.addWidget(box)
    assert [box.button(b).text() for b in (D.Ok, D.Cancel, D.Apply, D.Help)] == [
        "Đồng ý",
        "Hủy",
        "Áp dụng",
        "Trợ giúp",
    ]


@pytest.mark.parametrize("kind", [QLineEdit, QPlainTextEdit, QTextEdit])
def test_right_click_menu_of_text_fields(
    qtbot: QtBot, kind: type[QLineEdit | QPlainTextEdit | QTextEdit]
) -> None:
    field = kind()
    qtbot.addWidget(field)
    menu = field.createStandardContextMenu()
    assert menu is not None
    texts = _menu_texts(menu)
    for wanted in ("&Hoàn tác", "&Làm lại", "&Cắt", "Sa&o chép", "&Dán", "Xóa", "Chọn tất cả"):
        assert wanted in texts, (kind.__name__, texts)
    keys = [a.text().split("\t")[1] for a in menu.actions() if "\t" in a.text()]
    assert "Ctrl+V" in keys  # Qt's other words (the key names) are left as they were


def test_qt_file_dialog_as_linux_shows_it(qtbot: QtBot) -> None:
    # Windows shows its own dialog, in its own language; Linux gets Qt's.
    dialog = QFileDialog(None, "Mở kế hoạch")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    qtbot.addWidget(dialog)
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    assert labels["lookInLabel"] == "&Xem trong:"
    assert labels["fileNameLabel"] == "Tê&n tệp:"
    assert labels["fileTypeLabel"] == "Loại &tệp:"
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    assert {b.text() for b in buttons.buttons()} == {"&Mở", "Hủy"}
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    assert "&Lưu" in {b.text() for b in buttons.buttons()}
    tree = dialog.findChild(QTreeView)
    assert tree is not None
    header = tree.model().headerData(0, PySide6.QtCore.Qt.Orientation.Horizontal)
    assert header == "Tên"


def test_the_program_never_forces_qt_dialogs_over_the_system_ones() -> None:
    source = Path(desktop_app.__file__).parent
    offenders = [
        p.name for p in source.rglob("*.py") if "DontUseNativeDialog" in p.read_text("utf-8")
    ]
    assert offenders == []


def test_every_source_text_is_qts_own() -> None:
    """A message whose context or source text Qt does not use would never show: Qt's German
    catalogue, which has them all, must know each one."""
    german = QTranslator()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not german.load("qtbase_de", folder):
        pytest.skip("Qt's qtbase_de.qm is not installed with PySide6")
    unknown = [key for key in read_ts(TS_FILE) if not german.translate(*key)]
    assert unknown == []


def test_the_compiled_catalogue_says_the_same_as_the_source(tmp_path: Path) -> None:
    if not LRELEASE.is_file():
        pytest.skip("PySide6's lrelease is not installed")
    qm = tmp_path / "qt_vi.qm"
    result = subprocess.run(
        [str(LRELEASE), str(TS_FILE), "-qm", str(qm)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "0 unfinished" in result.stdout
    compiled = qt_translator(qm=qm)
    assert compiled is not None
    assert not isinstance(compiled, TsTranslator)
    messages = read_ts(TS_FILE)
    assert len(messages) > 100
    for (context, source), text in messages.items():
        assert compiled.translate(context, source) == text, (context, source)


def test_without_a_compiled_catalogue_the_source_is_read(tmp_path: Path) -> None:
    translator = qt_translator(qm=tmp_path / "none.qm")
    assert isinstance(translator, TsTranslator)
    assert translator.translate("QPlatformTheme", "&No") == "&Không"
    assert qt_translator(qm=tmp_path / "none.qm", ts=tmp_path / "none.ts") is None


def test_untranslated_words_stay_as_qt_wrote_them() -> None:
    assert install_qt_vietnamese()  # tests/ui/conftest.py did, as the program does
    assert translations._installed
    assert QCoreApplication.translate("QShortcut", "Ctrl") == "Ctrl"
    assert QCoreApplication.translate("NoSuchContext", "Anything") == "Anything"
