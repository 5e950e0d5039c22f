"""Every keyboard shortcut of the program, in one table: the menus and the "Phím tắt" window.

``WINDOW`` holds the main window's commands: it builds one QAction per entry (window-wide,
so a key works wherever the focus is in the window: a search box, a list, another tab) and
puts it in the menu the entry names. ``LOCAL`` holds keys that mean "this list" or "this
window" (Insert, Enter, Page Up in the calendar, Ctrl+S in the plan editor); the widgets that
own them read their keys from here too. The "Phím tắt" window lists both tables, so the
list cannot drift from what the keys do.
"""

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLayout,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.common.screen import fit_to_screen


@dataclass(frozen=True)
class Command:
    """A command of the main window: its menu text (with the Alt letter), keys and purpose."""

    label: str
    keys: tuple[str, ...]
    what: str


@dataclass(frozen=True)
class LocalKey:
    """A key that works in one place only (``where``), not from anywhere in the window."""

    keys: tuple[str, ...]
    what: str
    where: str


# The menus of the main window, in order: (menu title, command names; None is a separator).
MENUS: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    (
        "&Tệp",
        (
            "save",
            "print",
            "export",
            "office_sheet",
            None,
            "export_package",
            "import_package",
            "import_document",
            None,
            "backups",
            "check_data",
            "history",
            None,
            "office",
            "samples",
            None,
            "quit",
        ),
    ),
    ("&Sửa", ("new", "delete", None, "find")),
    (
        "&Xem",
        (
            "tab_1",
            "tab_2",
            "tab_3",
            "tab_4",
            "tab_5",
            None,
            "next_tab",
            "previous_tab",
            None,
            "refresh",
        ),
    ),
    (
        "&Lịch",
        (
            "export_ics",
            "month_sheet",
            "print_month",
            "weekly_schedule",
            "party_weekly_schedule",
            "print_week",
            None,
            "days_off",
        ),
    ),
    ("Trợ &giúp", ("help", "shortcuts", "about")),
)

WINDOW: dict[str, Command] = {
    "save": Command(
        "Lư&u",
        ("Ctrl+S",),
        "Lưu: dữ liệu được ghi ngay sau mỗi thay đổi; phím này sao lưu thêm một bản nếu có gì mới",
    ),
    "print": Command("&In…", ("Ctrl+P",), "In phần đang xem"),
    "export": Command(
        "Xuất &Word, Excel…",
        ("Ctrl+E",),
        "Xuất phần đang xem: kế hoạch đã chọn ra Word, lịch tháng ra Excel",
    ),
    "office_sheet": Command(
        "&Bảng tiến độ toàn cơ quan (Excel)…",
        (),
        "Tiến độ các nhiệm vụ của mọi kế hoạch, trong một tệp Excel",
    ),
    "export_package": Command(
        "&Xuất gói dữ liệu…", ("Ctrl+Shift+E",), "Xuất gói dữ liệu để chép sang máy khác"
    ),
    "import_package": Command(
        "Nhập &gói dữ liệu…", ("Ctrl+Shift+I",), "Nhập gói dữ liệu từ máy khác"
    ),
    "import_document": Command(
        "Nhập kế hoạch từ &văn bản…",
        ("Ctrl+Shift+O",),
        "Đọc kế hoạch từ tệp Word, PDF hoặc văn bản",
    ),
    "backups": Command("&Sao lưu và khôi phục…", (), "Sao lưu, khôi phục dữ liệu"),
    "check_data": Command("&Kiểm tra dữ liệu…", (), "Kiểm tra và sửa tệp dữ liệu"),
    "history": Command("&Lịch sử thay đổi…", ("Ctrl+H",), "Xem và lấy lại các bản cũ"),
    "office": Command(
        "Thông tin &cơ quan…", (), "Tỉnh, xã, các cơ quan ban hành, nhiệm kỳ cấp ủy, cách in"
    ),
    "samples": Command("&Nạp dữ liệu mẫu", (), "Nạp năm kế hoạch mẫu"),
    "quit": Command("&Thoát", ("Ctrl+Q",), "Đóng chương trình"),
    "new": Command("Thêm &mới…", ("Ctrl+N",), "Thêm kế hoạch, đơn vị hoặc xóm (theo tab đang xem)"),
    "delete": Command(
        "&Xóa…", ("Delete",), "Xóa mục đang chọn của tab đang xem (có hỏi lại trước khi xóa)"
    ),
    "find": Command("&Tìm", ("Ctrl+F",), "Đưa con trỏ vào ô tìm kiếm của tab đang xem"),
    "tab_1": Command("&Kế hoạch", ("Ctrl+1",), "Sang tab Kế hoạch"),
    "tab_2": Command("Đơn &vị", ("Ctrl+2",), "Sang tab Đơn vị"),
    "tab_3": Command("&Xóm và phân công", ("Ctrl+3",), "Sang tab Xóm và phân công"),
    "tab_4": Command("&Lịch", ("Ctrl+4",), "Sang tab Lịch"),
    "tab_5": Command("Tổng &quan", ("Ctrl+5",), "Sang tab Tổng quan (cho cuộc họp giao ban)"),
    "next_tab": Command("Tab &sau", ("Ctrl+Tab",), "Sang tab bên phải"),
    "previous_tab": Command("Tab &trước", ("Ctrl+Shift+Tab",), "Sang tab bên trái"),
    "refresh": Command("Làm &mới", ("F5",), "Đọc lại dữ liệu và vẽ lại mọi tab"),
    "export_ics": Command(
        "Xuất lịch cho đ&iện thoại (.ics)…", (), "Xuất lịch để nạp vào điện thoại"
    ),
    "month_sheet": Command("Lịch &tháng (Excel)…", (), "Lịch tháng đang xem, ra tệp Excel"),
    "weekly_schedule": Command(
        "Lịch công tác t&uần (Word)…", ("Ctrl+L",), "Lịch công tác tuần, ra tệp Word"
    ),
    "party_weekly_schedule": Command(
        "Lịch công tác tuần của Đảng ủ&y (Word)…",
        ("Ctrl+Shift+L",),
        "Lịch công tác tuần do Đảng ủy ban hành, theo thể thức văn bản của Đảng",
    ),
    "print_month": Command("In lịch t&háng", (), "In lịch tháng đang xem"),
    "print_week": Command("In lịch &công tác tuần", (), "In lịch công tác tuần đang chọn"),
    "days_off": Command("&Ngày nghỉ, ngày làm bù…", (), "Sửa ngày nghỉ, ngày làm bù của cơ quan"),
    "help": Command("&Hướng dẫn sử dụng", ("F1",), "Hướng dẫn sử dụng, có hình minh họa"),
    "shortcuts": Command("&Phím tắt", (), "Danh sách này"),
    "about": Command("&Giới thiệu", (), "Phiên bản, nơi lưu dữ liệu"),
}

PLANS_LIST = "Danh sách kế hoạch"
CALENDAR = "Tab Lịch"
EDITOR = "Cửa sổ soạn kế hoạch"
IMPORT = "Cửa sổ Nhập từ văn bản"

LOCAL: dict[str, LocalKey] = {
    "plans.edit": LocalKey(("F2", "Return"), "Sửa kế hoạch đã chọn", PLANS_LIST),
    "plans.check": LocalKey(("F7",), "Kiểm tra kế hoạch đã chọn", PLANS_LIST),
    "plans.word": LocalKey(("Ctrl+Shift+W",), "Xuất kế hoạch ra Word", PLANS_LIST),
    "plans.report": LocalKey(("Ctrl+Shift+B",), "Báo cáo kết quả thực hiện", PLANS_LIST),
    "plans.progress": LocalKey(("Ctrl+Shift+T",), "Tiến độ thực hiện, phiếu Excel", PLANS_LIST),
    "units.edit": LocalKey(("Return",), "Sửa đơn vị đã chọn", "Danh sách đơn vị"),
    "hamlets.add_row": LocalKey(("Insert",), "Thêm dòng phân công", "Bảng phân công xóm"),
    "calendar.previous": LocalKey(("PgUp",), "Tháng trước", CALENDAR),
    "calendar.next": LocalKey(("PgDown",), "Tháng sau", CALENDAR),
    "calendar.today": LocalKey(("Home",), "Về hôm nay", CALENDAR),
    "calendar.pick_month": LocalKey(
        ("Ctrl+G",), "Chọn tháng, năm (hoặc bấm vào tên tháng)", CALENDAR
    ),
    "calendar.done": LocalKey(("Ctrl+D",), "Đánh dấu việc đã xong / chưa xong", CALENDAR),
    "calendar.move": LocalKey(("Ctrl+M",), "Dời ngày sự kiện", CALENDAR),
    "calendar.open": LocalKey(("Return",), "Mở kế hoạch của việc đã chọn", CALENDAR),
    "editor.save": LocalKey(("Ctrl+S",), "Lưu kế hoạch", EDITOR),
    "editor.undo": LocalKey(("Ctrl+Z",), "Hoàn tác", EDITOR),
    "editor.check": LocalKey(("F7",), "Kiểm tra kế hoạch", EDITOR),
    "editor.add_task": LocalKey(("Insert",), "Thêm nhiệm vụ", f"{EDITOR}, danh sách nhiệm vụ"),
    "editor.edit_task": LocalKey(("Return",), "Sửa nhiệm vụ", f"{EDITOR}, danh sách nhiệm vụ"),
    "editor.delete_task": LocalKey(("Delete",), "Xóa nhiệm vụ", f"{EDITOR}, danh sách nhiệm vụ"),
    "import.split": LocalKey(
        ("Ctrl+T",),
        "Tách nhiệm vụ làm hai: tại con trỏ trong ô nội dung, hoặc tại dòng có con trỏ trong "
        "văn bản gốc",
        IMPORT,
    ),
    "import.join_next": LocalKey(
        ("Ctrl+G",), "Gộp nhiệm vụ với nhiệm vụ liền sau trong văn bản", IMPORT
    ),
    "import.join_previous": LocalKey(
        ("Ctrl+Shift+G",), "Gộp nhiệm vụ với nhiệm vụ liền trước trong văn bản", IMPORT
    ),
    "import.undo": LocalKey(
        ("Ctrl+Z",), "Hoàn tác lần tách, gộp vừa làm (trong ô chữ: hoàn tác chữ vừa gõ)", IMPORT
    ),
    "import.order": LocalKey(
        ("Ctrl+D",),
        "Xếp nhiệm vụ: đáng ngờ lên trước, hoặc theo thứ tự trong văn bản",
        IMPORT,
    ),
    "progress.print": LocalKey(("Ctrl+P",), "In bảng tiến độ (Excel)", "Cửa sổ tiến độ"),
    "progress.record": LocalKey(
        ("Ctrl+Return", "Ctrl+Enter", "Ctrl+R"), "Ghi báo cáo của dòng đã chọn", "Cửa sổ tiến độ"
    ),
}


def key_sequences(keys: tuple[str, ...]) -> list[QKeySequence]:
    return [QKeySequence(k) for k in keys]


def local_keys(name: str) -> list[QKeySequence]:
    """The keys of a LOCAL entry, for the widget that owns it."""
    return key_sequences(LOCAL[name].keys)


def keys_text(keys: tuple[str, ...]) -> str:
    """The keys as the person reads them on the keyboard ("Ctrl+N", "Del"), joined by commas.

    Qt calls the big key "Return"; the keyboards in the office say "Enter".
    """
    texts = (QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
    return ", ".join(text.replace("Return", "Enter") for text in texts)


def with_keys(text: str, name: str) -> str:
    """A tooltip: ``text`` and, in brackets, the keys of command or local key ``name``."""
    entry = WINDOW.get(name) or LOCAL[name]
    return f"{text} ({keys_text(entry.keys)})" if entry.keys else text


def plain_label(label: str) -> str:
    """A menu label without its Alt-letter marker."""
    return label.replace("&&", "\0").replace("&", "").replace("\0", "&")


def shortcut_rows() -> list[tuple[str, str, str]]:
    """(keys, what they do, where) for every shortcut: the window's, then the local ones."""
    rows = [(keys_text(c.keys), c.what, "Cả cửa sổ chính") for c in WINDOW.values() if c.keys]
    rows += [(keys_text(k.keys), k.what, k.where) for k in LOCAL.values()]
    return rows


class ShortcutsDialog(QDialog):
    """The "Phím tắt" window: every key of the program, from the tables above, by place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Phím tắt")
        groups: dict[str, list[tuple[str, str]]] = {}
        for keys, what, where in shortcut_rows():
            groups.setdefault(where, []).append((keys, what))
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["Phím", "Việc"])
        bold = QFont(self.font())
        bold.setBold(True)
        for where, rows in groups.items():
            heading = QTableWidgetItem(where)
            heading.setFont(bold)
            heading.setBackground(QColor("#eef5ff"))
            self.table.insertRow(self.table.rowCount())
            self.table.setItem(self.table.rowCount() - 1, 0, heading)
            self.table.setSpan(self.table.rowCount() - 1, 0, 1, 2)
            for keys, what in rows:
                row = self.table.rowCount()
                self.table.insertRow(row)
                self.table.setItem(row, 0, QTableWidgetItem(keys))
                self.table.setItem(row, 1, QTableWidgetItem(what))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, self.fontMetrics().horizontalAdvance("Ctrl+Shift+Tab") + 24)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Fifty rows, not thousands: each may be as tall as its wrapped text.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        note = QLabel(
            "Phím của \u201cCả cửa sổ chính\u201d dùng được ở mọi tab, kể cả khi con trỏ đang "
            "ở ô tìm kiếm (trừ Delete: trong ô chữ, Delete xóa chữ)."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.setMinimumSize(480, 360)
        fit_to_screen(self, 720, 620)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)


def bind_local(
    name: str,
    widget: QWidget,
    slot: Callable[[], object],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
) -> list[QShortcut]:
    """The shortcuts of LOCAL entry ``name`` on ``widget`` (by default: while it has the focus).

    Insert, Delete and Enter mean "this list"; a window-wide shortcut would also fire from a
    list of another tab or dialog.
    """
    shortcuts = []
    for keys in local_keys(name):
        shortcut = QShortcut(keys, widget, slot)
        shortcut.setContext(context)
        shortcuts.append(shortcut)
    return shortcuts


def set_tooltips(row: QLayout, *tips: str) -> None:
    """Give the buttons of a toolbar row (``button_row``) their tooltips, in order."""
    items = [row.itemAt(i) for i in range(row.count())]
    buttons = [
        widget
        for item in items
        if item is not None and isinstance(widget := item.widget(), QAbstractButton)
    ]
    if len(buttons) != len(tips):
        raise ValueError(f"{len(buttons)} buttons, {len(tips)} tooltips")
    for button, tip in zip(buttons, tips, strict=True):
        button.setToolTip(tip)
