"""Word export from the Kế hoạch tab, and the progress report window."""

import datetime as dt
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.plans.word_export import ExportDoneDialog, ReportDialog
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id
from tests.ui.conftest import answer_file_dialog, close_message, type_text, when_modal


def _done_dialogs() -> list[ExportDoneDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, ExportDoneDialog)]


def test_export_asks_in_the_remembered_folder_and_offers_to_open_the_file(
    qtbot: QtBot,
    window: MainWindow,
    samples: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tab = window.plans_tab
    tab.select_plan(sample_plan_id(samples, "kon_tum"))
    target = tmp_path / "chosen" / "ke-hoach"  # no suffix typed: .docx is added
    target.parent.mkdir()
    asked = answer_file_dialog(monkeypatch, "getSaveFileName", target)
    default = samples.documents.export_folder()
    assert default == tmp_path / "documents" / "Sổ theo dõi Kế hoạch"
    written = tab.export_plan_docx()
    assert written == target.with_suffix(".docx")
    assert Path(asked[0][0]).name == "ke-hoach-95-kh-tu-2023-05-22.docx"
    assert Path(asked[0][0]).parent == default
    assert default.is_dir()  # made so the dialog opens in it
    assert docx.Document(str(written)).tables[0].cell(1, 0).text == "Số 95-KH/TU"
    assert samples.documents.export_folder() == target.parent  # remembered for next time
    [done] = _done_dialogs()
    assert done.path == written
    assert done.isVisible()
    done.accept()
    tab.export_plan_docx()
    assert Path(asked[1][0]).parent == target.parent


def test_the_word_menu_lists_the_plan_each_appendix_and_the_report(
    qtbot: QtBot, window: MainWindow, samples: Workspace, tmp_path: Path
) -> None:
    tab = window.plans_tab
    tab.select_plan(sample_plan_id(samples, "phu_lac"))
    menu = tab.word_button.menu()
    menu.aboutToShow.emit()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[0].startswith("Kế hoạch, kèm các phụ lục")
    assert texts[1].startswith("Phụ lục: DANH SÁCH PHÂN CÔNG")
    assert texts[2].startswith("Quyết định ban hành kế hoạch")
    assert texts[3].startswith("Báo cáo kết quả thực hiện")
    written = tab.export_appendix_docx(0, path=tmp_path / "pl.docx")
    assert written is not None
    paragraphs = [p.text for p in docx.Document(str(written)).paragraphs]
    assert paragraphs[0] == "Phụ lục"
    decision = tab.export_decision_docx(path=tmp_path / "qd.docx")
    assert decision is not None
    assert "QUYẾT ĐỊNH:" in [p.text for p in docx.Document(str(decision)).paragraphs]
    for dialog in _done_dialogs():
        dialog.accept()


def test_a_write_error_is_a_message_not_a_traceback(
    qtbot: QtBot, window: MainWindow, samples: Workspace, tmp_path: Path
) -> None:
    tab = window.plans_tab
    tab.select_plan(sample_plan_id(samples, "kon_tum"))
    seen: list[str] = []
    close_message(seen)
    assert tab.export_plan_docx(path=tmp_path / "gone" / "x.docx") is None
    assert seen
    assert "Không có thư mục" in seen[0]
    assert not _done_dialogs()


def test_the_report_window_writes_keeps_and_exports_a_report(
    qtbot: QtBot, window: MainWindow, samples: Workspace, tmp_path: Path
) -> None:
    tab = window.plans_tab
    plan_id = sample_plan_id(samples, "phu_lac")
    tab.select_plan(plan_id)
    dialog = tab.open_report()
    assert isinstance(dialog, ReportDialog)
    qtbot.addWidget(dialog)
    assert dialog.choice.currentText() == "Báo cáo mới"
    assert dialog.signer.text() == "Nguyễn Văn Thắng"
    assert "Lưu: VT, KT" in dialog.recipients.toPlainText()
    dialog.date.setDate(QDate(2026, 11, 23))
    # Left blank, the number comes from the register when the report is saved.
    assert dialog.number.placeholderText() == "để trống: lấy số tiếp theo của sổ (01)"
    assert dialog.summary.text().startswith("13 nhiệm vụ:")
    assert "Đợt ra quân đã qua: 12" in dialog.summary.text()
    dialog.difficulties.setFocus()
    type_text(dialog.difficulties, "Một số xóm gửi kế hoạch muộn.")
    type_text(dialog.proposals, "Đề nghị bổ sung kinh phí.")
    written = dialog.export(path=tmp_path / "bc.docx")
    assert written is not None
    [saved] = samples.documents.reports(plan_id)
    assert saved.date == dt.date(2026, 11, 23)
    assert saved.number == 1
    assert dialog.number.text() == "1"
    assert saved.difficulties == "Một số xóm gửi kế hoạch muộn."
    assert dialog.choice.currentText() == "Báo cáo ngày 23/11/2026"
    text = "\n".join(p.text for p in docx.Document(str(written)).paragraphs)
    assert "Một số xóm gửi kế hoạch muộn." in text
    assert "Đề nghị bổ sung kinh phí." in text
    for done in _done_dialogs():
        done.accept()

    for bad in ("mười", "²", "99999999999999999999"):
        seen: list[str] = []
        dialog.number.setText(bad)
        close_message(seen)
        assert dialog.save() is None
        assert "phải là số nguyên" in seen[0]
    dialog.number.setText("")
    dialog.recipients.setPlainText("Thường trực Đảng ủy (b/c)\nLưu ý: gửi bản mềm\nLưu: VT, KT")
    roles = [r.role.value for r in dialog.report().recipients]
    assert roles == ["to", "to", "archive"]
    dialog.number.setText("7")
    assert dialog.save() is not None
    assert samples.documents.reports(plan_id)[0].number == 7
    assert len(samples.documents.reports(plan_id)) == 1  # the same report, edited

    def confirm(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox)
        widget.button(QMessageBox.StandardButton.Yes).click()

    when_modal(confirm)
    dialog.delete()
    assert samples.documents.reports(plan_id) == []
    dialog.reject()
