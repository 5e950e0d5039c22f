"""Starting Qt: the window, offscreen screenshots, and the installed program's self-test."""

import contextlib
import datetime as dt
import gc
import os
import sys
import tempfile
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop_app import APP_NAME, __version__
from desktop_app.domain.errors import UserError
from desktop_app.domain.holidays import public_holidays
from desktop_app.paths import data_dir, default_db_path, device_id, resource_path
from desktop_app.ui.common.dialogs import show_error, show_info
from desktop_app.ui.common.screen import restore_main_geometry
from desktop_app.ui.common.settings import main_window_geometry
from desktop_app.ui.main_window import TAB_NAMES, MainWindow
from desktop_app.ui.single_instance import SingleInstance
from desktop_app.ui.translations import install_qt_vietnamese
from desktop_app.workspace import Workspace
from desktop_app.workspace.errors import DamagedFileError, as_user_error
from desktop_app.workspace.workspace_files import (
    rescue_damaged,
    restore_damaged,
    safe_workspace_path,
)


def program_icon() -> QIcon:
    """The program's icon (scripts/make_icon.py), also the .exe's and the installer's."""
    return QIcon(str(resource_path("icons", "SoTheoDoiKeHoach.ico")))


def application() -> QApplication:
    """The one QApplication, created on first use with the program's name and font."""
    existing = QCoreApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("SoTheoDoiKeHoach")
    # Title bars and the taskbar: on Windows the .exe's own icon does not reach Qt's windows.
    app.setWindowIcon(program_icon())
    install_qt_vietnamese()  # Qt's own buttons and menus: Có, Không, Hủy, Sao chép...
    families = set(QFontDatabase.families())
    for family in ("Segoe UI", "Liberation Sans", "DejaVu Sans", "Arial"):
        if family in families:
            app.setFont(QFont(family, 10))
            break
    return app


def open_window(workspace: Workspace, size: tuple[int, int] | None = None) -> MainWindow:
    """The main window, shown and painted, with what start-up made set aside for good.

    Without ``size`` it opens where it was last closed (or centred, sized to the screen), and
    remembers its place when closed.

    The tens of thousands of objects the start-up creates (modules, the plan list, the
    search index) live as long as the window. Python's full garbage collection would walk
    them all again now and then, a pause of 40-50 ms on an old PC that lands in the middle
    of a month switch or a keystroke; ``gc.freeze`` moves them out of its way.
    """
    window = MainWindow(workspace)
    window.setWindowIcon(program_icon())
    if size is None:
        restore_main_geometry(window, main_window_geometry())
        window.remembers_geometry = True
    else:
        window.resize(*size)
    window.show()
    QApplication.processEvents()
    gc.freeze()  # no gc.collect() first: on the 20-year office it alone took 0.3 s
    return window


def _report_unexpected(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """What escaped a slot: a clear message in a box, never a traceback on the clerk's screen.

    A damaged page, a full disk or a corrupt file met anywhere gets its own message; a fault
    of the program is written to ``loi.txt`` in the data folder for whoever supports the
    office.
    """
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    known = as_user_error(error)
    if known is not None:
        text = known.message
    else:
        log = data_dir() / "loi.txt"
        with contextlib.suppress(OSError):
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as out:
                out.write(f"--- {dt.datetime.now():%Y-%m-%d %H:%M:%S} {__version__}\n")
                out.write("".join(traceback.format_exception(kind, error, trace)))
        text = (
            "Chương trình gặp lỗi không mong đợi; việc vừa làm có thể chưa xong. Dữ liệu đã lưu "
            f"không bị ảnh hưởng. Chi tiết được ghi vào {log} để gửi người hỗ trợ."
        )
    show_error(QApplication.activeWindow(), text)


def run_gui(db: Path | None, *, package: Path | None = None) -> int:
    """The window on ``db`` until the clerk closes it; with ``package``, its merge preview."""
    app = application()
    previous_hook, sys.excepthook = sys.excepthook, _report_unexpected
    try:
        return _run(app, db, package)
    finally:
        sys.excepthook = previous_hook


def _run(app: QApplication, db: Path | None, package: Path | None) -> int:
    moved = ""
    try:
        if db is not None:
            db, moved = safe_workspace_path(db)
        db = db or default_db_path()
        guard = SingleInstance(db)
        held = guard.acquire()
        if not held:
            if guard.wake_other() or not _ask_read_only():
                return 0
            workspace: Workspace | None = Workspace.open(db, read_only=True)
        else:
            workspace = _open_or_recover(db)
    except UserError as exc:
        show_error(None, exc.message, "Không mở được dữ liệu")
        return 2
    if workspace is None:
        return 2
    window = open_window(workspace)  # kept referenced: the window lives while this runs
    if held:
        guard.woken.connect(lambda: _to_front(window))
    if moved:
        show_info(window, moved, "Tệp dữ liệu ở USB hoặc ổ mạng")
    if package is not None:
        window.import_package(package)  # a bad package gets its message, the window stays
    code = app.exec()
    window.close()
    if held:  # the lock and the wake file are the other program's otherwise
        guard.release()
    return code


def _ask_read_only() -> bool:
    """The first program could not be brought forward: open only to look, if the clerk wants."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "Đang mở ở cửa sổ khác",
        "Tệp dữ liệu này đang mở ở một cửa sổ khác của chương trình, nhưng không gọi được "
        "cửa sổ đó lên trước. Hai cửa sổ cùng sửa một tệp dễ làm mất việc của nhau, nên ở "
        "đây chỉ mở để xem: mọi thay đổi hãy làm ở cửa sổ kia.",
    )
    look = box.addButton("Mở chỉ để xem", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Đóng", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(look)
    box.exec()
    return box.clickedButton() is look


def _to_front(window: MainWindow) -> None:
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()


def _open_or_recover(db: Path) -> Workspace | None:
    """Open ``db``; a file too damaged to open gets a restore or a rescue, if the clerk wants."""
    try:
        return Workspace.open(db)
    except DamagedFileError as damaged:
        box = QMessageBox(QMessageBox.Icon.Critical, "Tệp dữ liệu bị hỏng", damaged.message)
        restore = box.addButton(
            "Khôi phục bản sao lưu tốt gần nhất", QMessageBox.ButtonRole.AcceptRole
        )
        rescue = box.addButton("Cứu dữ liệu sang tệp mới…", QMessageBox.ButtonRole.ActionRole)
        box.addButton("Đóng", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is restore:
            backup, aside = restore_damaged(db)
            show_info(
                None,
                f"Đã khôi phục từ {backup.name}. Tệp hỏng được giữ lại ở {aside}.",
                "Đã khôi phục",
            )
            return Workspace.open(db)
        if box.clickedButton() is rescue:
            out, _filter = QFileDialog.getSaveFileName(
                None,
                "Lưu dữ liệu cứu được vào",
                str(db.with_name(f"{db.stem}-cuu.sqlite")),
                "Tệp dữ liệu (*.sqlite)",
            )
            if not out:
                return None
            report = rescue_damaged(db, Path(out), device_id())
            show_info(None, report.summary_text(), "Đã cứu dữ liệu")
            return Workspace.open(Path(out))
        return None


def _headless() -> None:
    if (
        not os.environ.get("QT_QPA_PLATFORM")
        and sys.platform.startswith("linux")
        and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def screenshot(
    db: Path | None,
    tab: str,
    out: Path,
    *,
    size: tuple[int, int],
    plan_ref: str | None = None,
    month: str | None = None,
) -> None:
    """Render the real window with one tab shown and save it as a PNG."""
    _headless()
    app = application()
    workspace = Workspace.open(db)
    window = MainWindow(workspace)
    try:
        window.resize(*size)
        window.show_tab(tab)
        if plan_ref:
            window.plans_tab.select_plan(workspace.plans.find(plan_ref).id)
        if month:
            try:
                month_number, year = (int(v) for v in month.split("/"))
                dt.date(year, month_number, 1)
            except ValueError as exc:
                raise UserError("Tháng phải có dạng MM/YYYY, vd. 12/2025.") from exc
            window.calendar_tab.show_month(year, month_number)
        window.show()
        app.processEvents()
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"Không lưu được ảnh vào {out}: không tạo được thư mục.") from exc
        if not window.grab().save(str(out), "PNG"):
            raise UserError(f"Không lưu được ảnh vào {out}.")
    finally:
        window.close()


SMOKE_LOG_NAME = "smoke.log"  # also written by desktop_app/__main__.py when Qt cannot load


def _smoke_report(text: str, *, failed: bool) -> None:
    """Show the self-test result and keep it in ``smoke.log`` in the data folder.

    The windowed Windows build has no console, so the file is the one place a person (or a
    build script) can always read the result. ``print()`` does nothing when the stream is None.
    """
    print(text, file=sys.stderr if failed else sys.stdout)
    path = data_dir() / SMOKE_LOG_NAME
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    frozen = getattr(sys, "frozen", False)
    program = sys.executable if frozen else f"{sys.executable} -m desktop_app"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{stamp} {APP_NAME} {__version__} ({program})\n{text}\n", encoding="utf-8")
    except OSError as exc:
        print(f"smoke: could not write {path}: {exc}", file=sys.stderr)  # noqa: T201


def smoke_test() -> int:
    """Check an installed copy: resources, storage, samples, every tab painted, the writers.

    The result goes to stdout (stderr on failure) and to ``smoke.log`` in the data folder.
    """
    try:
        _headless()
        import docx  # noqa: PLC0415  # only to prove the bundle carries them
        import openpyxl  # noqa: PLC0415

        app = application()
        # ignore_cleanup_errors: on Windows a file still open cannot be deleted; the result
        # matters here, not the temporary folder.
        with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as folder:
            workspace = Workspace.open(Path(folder) / "smoke.sqlite", device="smoke")
            try:
                ids = workspace.plan_import.load_samples()
                window = MainWindow(workspace)
                try:
                    for name in TAB_NAMES:
                        window.show_tab(name)
                        app.processEvents()
                        if window.grab().isNull():
                            _smoke_report(f"smoke: FAIL painting {name}", failed=True)
                            return 1
                finally:
                    window.close()
            finally:
                workspace.close()  # before the folder goes: Windows cannot delete an open file
            docx.Document()
            openpyxl.Workbook()
        if "Quốc khánh" not in public_holidays(2026).values():
            _smoke_report("smoke: FAIL holiday names are not in Vietnamese", failed=True)
            return 1
        if QCoreApplication.translate("QPlatformTheme", "&Yes") != "&Có":
            _smoke_report("smoke: FAIL Qt's buttons are not in Vietnamese (qt_vi)", failed=True)
            return 1
        if program_icon().isNull():  # the .ico or Qt's ico plugin left out of the bundle
            _smoke_report("smoke: FAIL the program's icon does not load", failed=True)
            return 1
        _smoke_report(f"smoke: OK ({len(ids)} plans, {len(TAB_NAMES)} tabs)", failed=False)
        return 0
    except Exception:
        _smoke_report(f"smoke: FAIL\n{traceback.format_exc().rstrip()}", failed=True)
        return 1
