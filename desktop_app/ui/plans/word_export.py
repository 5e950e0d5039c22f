"""Word export in the window: pick where to write, then open, show or print the file.

Also the progress report window, where the clerk writes the difficulties and proposals,
the report's Nơi nhận and signature, and sees the numbers the report will print.
"""

import contextlib
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QDate, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.deadlines import FIRST_YEAR, LAST_YEAR
from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import RecipientId, new_id
from desktop_app.domain.plans import Plan, Recipient, RecipientRole, Signature, plan_in_text
from desktop_app.domain.reports import ProgressReport
from desktop_app.ui.common.buttons import button_row
from desktop_app.ui.common.dialogs import (
    ask_yes_no,
    flag_banner,
    show_error,
    show_flag_banner,
    warn_flagged,
)
from desktop_app.ui.common.printing import print_file
from desktop_app.ui.common.screen import fit_to_screen
from desktop_app.ui.common.tables import key_shortcut
from desktop_app.ui.office.office_dialog import office_first
from desktop_app.workspace import Workspace
from desktop_app.workspace.documents import DocumentKind

AskPath = Callable[[QWidget, str, Path], Path | None]


def ask_docx_path(parent: QWidget, title: str, suggested: Path) -> Path | None:
    """The system's save dialog, in the remembered folder, with a proposed name."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), "Văn bản Word (*.docx)")
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".docx" else path.with_name(path.name + ".docx")


def export_word(
    parent: QWidget,
    ws: Workspace,
    plan: Plan,
    kind: DocumentKind,
    *,
    appendix_index: int | None = None,
    report: ProgressReport | None = None,
    path: Path | None = None,
    ask: AskPath = ask_docx_path,
    office_asked: bool = False,
) -> Path | None:
    """Ask where (unless ``path`` is given), write, then offer to open, show or print it.

    The folder chosen is remembered for next time. A mistake (a file open in Word, a
    folder gone, a full disk) is shown as a message; nothing half-written is left. On the
    first run the office is set up first (its header and registers); the export then goes
    on by itself, and this returns None.
    """
    appendix = None if appendix_index is None else plan.appendices[appendix_index]
    if path is None and not office_asked and not ws.plans.office_set_up():
        office_first(
            parent,
            ws,
            lambda: export_word(
                parent,
                ws,
                plan,
                kind,
                appendix_index=appendix_index,
                report=report,
                ask=ask,
                office_asked=True,
            ),
        )
        return None
    if path is None:
        folder = ws.documents.export_folder()
        with contextlib.suppress(OSError):  # a read-only Documents: the dialog still opens
            folder.mkdir(parents=True, exist_ok=True)
        name = ws.documents.file_name(plan, kind, appendix)
        path = ask(parent, "Xuất văn bản Word", folder / name)
        if path is None:
            return None
    try:
        written = ws.documents.export_docx(
            plan,
            path,
            kind,
            appendices=None if appendix is None else [appendix],
            report=report,
        )
        ws.documents.remember_export_folder(written.parent)
    except UserError as exc:
        show_error(parent, exc.message)
        return None
    warn_flagged(parent, ws.documents.last_flags)
    ExportDoneDialog(written, parent).open()
    return written


class ExportDoneDialog(QDialog):
    """Says where the file went, with buttons to open it, show its folder or print it."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle("Đã xuất văn bản Word")
        layout = QVBoxLayout(self)
        label = QLabel(f"Đã ghi tệp:\n{path}")
        label.setWordWrap(True)
        layout.addWidget(label)
        row = button_row(
            ("Mở tệp", self.open_file),
            ("Mở thư mục", self.open_folder),
            ("In", self.print_file),
            ("Đóng", self.accept),
        )
        layout.addLayout(row)

    def open_file(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))

    def print_file(self) -> None:
        """The file just written, handed to the printer as "In" everywhere does."""
        print_file(self, lambda p: p, self.path)


def _recipient_lines(recipients: tuple[Recipient, ...]) -> str:
    return "\n".join(" ".join(f"{r.text} {r.note}".split()) for r in recipients)


_ARCHIVE = re.compile(r"Lưu(\s*:|\s+VT\b|\s+Văn phòng|\s+VP)")


def _recipients(text: str) -> tuple[Recipient, ...]:
    result = []
    for raw in text.splitlines():
        line = " ".join(raw.split()).strip("-; ")
        if not line:
            continue
        role = RecipientRole.ARCHIVE if _ARCHIVE.match(line) else RecipientRole.TO
        result.append(Recipient(RecipientId(new_id()), line, role=role))
    return tuple(result)


class ReportDialog(QDialog):
    """The progress report on one plan: write it, keep it, export it to Word."""

    saved = Signal()

    def __init__(
        self,
        workspace: Workspace,
        plan: Plan,
        parent: QWidget | None = None,
        *,
        ask: AskPath = ask_docx_path,
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.plan = plan
        self._ask = ask
        self.setWindowTitle(f"Báo cáo kết quả thực hiện {plan_in_text(plan)}")
        fit_to_screen(self, 760, 640)
        self.choice = QComboBox()
        self.date = QDateEdit()
        self.date.setDateRange(QDate(FIRST_YEAR, 1, 1), QDate(LAST_YEAR, 12, 31))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.number = QLineEdit()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.difficulties = QPlainTextEdit()
        self.difficulties.setPlaceholderText("Mỗi dòng một đoạn; để trống thì báo cáo bỏ mục này.")
        self.proposals = QPlainTextEdit()
        self.proposals.setPlaceholderText("Mỗi dòng một đoạn; để trống thì báo cáo bỏ mục này.")
        self.recipients = QPlainTextEdit()
        self.recipients.setPlaceholderText("Mỗi dòng một nơi nhận; dòng “Lưu: VT, …” để cuối.")
        self.authority = QLineEdit()
        self.position = QLineEdit()
        self.signer = QLineEdit()
        form = QFormLayout()
        form.addRow("Báo cáo:", self.choice)
        form.addRow("Ngày báo cáo:", self.date)
        form.addRow("Số:", self.number)
        form.addRow("Số liệu đến ngày này:", self.summary)
        form.addRow("Khó khăn, vướng mắc:", self.difficulties)
        form.addRow("Đề xuất, kiến nghị:", self.proposals)
        form.addRow("Nơi nhận:", self.recipients)
        form.addRow("Thẩm quyền ký:", self.authority)
        form.addRow("Chức vụ:", self.position)
        form.addRow("Người ký:", self.signer)
        self.flag_banner = flag_banner()
        show_flag_banner(
            self.flag_banner,
            plan.problems,
            "Báo cáo vẫn soạn, lưu và xuất được; các chỗ sai được in kèm dấu để sửa trước "
            "khi trình ký.",
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.flag_banner)
        layout.addLayout(form)
        layout.addLayout(self._build_buttons())
        key_shortcut(QKeySequence.StandardKey.Save, self, self.save)
        key_shortcut(QKeySequence.StandardKey.Print, self, self.print_report)

        self._fill_choices()
        self.choice.currentIndexChanged.connect(self._on_choice)
        self.date.dateChanged.connect(self._show_summary)
        self.date.dateChanged.connect(self._show_next_number)
        self.choice.setCurrentIndex(1 if self.reports else 0)
        self._on_choice(self.choice.currentIndex())

    def _build_buttons(self) -> QHBoxLayout:
        bottom = QHBoxLayout()
        self.save_button = QPushButton("Lưu (Ctrl+S)")
        self.export_button = QPushButton("Lưu và xuất Word…")
        self.print_button = QPushButton("Lưu và in (Ctrl+P)")
        self.delete_button = QPushButton("Xóa báo cáo này")
        close = QPushButton("Đóng")
        for button, slot in (
            (self.save_button, self.save),
            (self.export_button, self.export),
            (self.print_button, self.print_report),
            (self.delete_button, self.delete),
            (close, self.reject),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            bottom.addWidget(button)
        bottom.insertStretch(4, 1)
        return bottom

    def _fill_choices(self) -> None:
        """The plan's saved reports, newest first, after "Báo cáo mới"."""
        self.reports = self._ws.documents.reports(self.plan.id)
        self.choice.clear()
        self.choice.addItem("Báo cáo mới")
        for report in self.reports:
            self.choice.addItem(f"Báo cáo ngày {report.date:%d/%m/%Y}")

    def _current(self) -> ProgressReport:
        index = self.choice.currentIndex()
        if index > 0:
            return self.reports[index - 1]
        return self._ws.documents.new_report(self.plan)

    def _on_choice(self, _index: int) -> None:
        report = self._current()
        self.date.setDate(QDate(report.date.year, report.date.month, report.date.day))
        self.number.setText("" if report.number is None else str(report.number))
        self.difficulties.setPlainText(report.difficulties)
        self.proposals.setPlainText(report.proposals)
        self.recipients.setPlainText(_recipient_lines(report.recipients))
        self.authority.setText(report.signature.authority)
        self.position.setText(report.signature.position)
        self.signer.setText(report.signature.signer)
        self.delete_button.setEnabled(self.choice.currentIndex() > 0)
        self._show_summary()
        self._show_next_number()

    def _show_next_number(self) -> None:
        # A report is numbered from the register when it is saved (per year for the state,
        # per committee term for the Party's BC run): say which number it will take.
        number = self._ws.documents.next_report_number(self.plan, self._day(), self._current().id)
        self.number.setPlaceholderText(f"để trống: lấy số tiếp theo của sổ ({number:02d})")

    def _day(self) -> dt.date:
        date = self.date.date()
        return dt.date(date.year(), date.month(), date.day())

    def _show_summary(self) -> None:
        summary = self._ws.progress.summary(self.plan, self._day())
        reported = sum(1 for e in summary.events if e.hamlets)
        self.summary.setText(
            f"{len(summary.tasks)} nhiệm vụ: {summary.counts_text()}. "
            f"Đợt ra quân đã qua: {len(summary.events)}, có báo cáo: {reported}."
        )

    def report(self) -> ProgressReport:
        """The report as the fields now say.

        Raises:
            UserError: the number is not a whole number.
        """
        text = self.number.text().strip()
        if text and not re.fullmatch(r"[0-9]{1,6}", text):
            raise UserError(
                f"Số của báo cáo “{text}” phải là số nguyên (tối đa 6 chữ số); hoặc để trống."
            )
        return replace(
            self._current(),
            date=self._day(),
            number=int(text) if text else None,
            difficulties=self.difficulties.toPlainText(),
            proposals=self.proposals.toPlainText(),
            recipients=_recipients(self.recipients.toPlainText()),
            signature=Signature(
                self.authority.text().strip(),
                self.position.text().strip(),
                self.signer.text().strip(),
            ),
        )

    def save(self) -> ProgressReport | None:
        try:
            saved = self._ws.documents.save_report(self.report())
        except UserError as exc:
            show_error(self, exc.message)
            return None
        self.choice.blockSignals(True)
        self._fill_choices()
        index = next(i for i, r in enumerate(self.reports) if r.id == saved.id) + 1
        self.choice.setCurrentIndex(index)
        self.choice.blockSignals(False)
        self.number.setText("" if saved.number is None else str(saved.number))  # as given
        self.delete_button.setEnabled(True)
        self.saved.emit()
        return saved

    def export(self, *, path: Path | None = None) -> Path | None:
        saved = self.save()
        if saved is None:
            return None
        return export_word(
            self, self._ws, self.plan, DocumentKind.REPORT, report=saved, path=path, ask=self._ask
        )

    def print_report(self) -> Path | None:
        """Save the report, write it to the print folder and hand it to the printer."""
        saved = self.save()
        if saved is None:
            return None
        ws, plan = self._ws, self.plan
        path = ws.documents.print_path(ws.documents.file_name(plan, DocumentKind.REPORT))
        return print_file(
            self,
            lambda p: ws.documents.export_docx(plan, p, DocumentKind.REPORT, report=saved),
            path,
            lambda: ws.documents.last_flags,
        )

    def delete(self) -> None:
        index = self.choice.currentIndex()
        if index <= 0:
            return
        report = self.reports[index - 1]
        if not ask_yes_no(self, f"Xóa báo cáo ngày {report.date:%d/%m/%Y}?", yes="Xóa"):
            return
        self._ws.documents.delete_report(report.id)
        self.reports = self._ws.documents.reports(self.plan.id)
        self.choice.removeItem(index)
        self.choice.setCurrentIndex(0)
