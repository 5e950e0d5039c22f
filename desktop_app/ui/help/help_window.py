"""The user guide ("Hướng dẫn sử dụng", F1) and the about box ("Giới thiệu").

The guide is an HTML page with screenshots of the program itself, made by
``python -m scripts.make_help`` into ``resources/help/``; it is shown in a QTextBrowser (no
network, no web engine).
"""

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from desktop_app import APP_NAME, __version__
from desktop_app.paths import resource_path

GUIDE_FILE = "huong-dan.html"


def help_folder() -> Path:
    return resource_path("help")


class HelpWindow(QDialog):
    """The guide beside the main window (not modal: the clerk follows it while working)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Hướng dẫn sử dụng — {APP_NAME}")
        self.setModal(False)
        self.resize(900, 680)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(True)  # a web address opens in the browser
        self.browser.setSearchPaths([str(help_folder())])
        guide = help_folder() / GUIDE_FILE
        if guide.is_file():
            self.browser.setSource(QUrl.fromLocalFile(str(guide)))
        else:
            self.browser.setHtml(
                "<h2>Chưa có tệp hướng dẫn</h2><p>Bản cài đặt này thiếu thư mục "
                f"<code>{help_folder()}</code>. Hãy cài lại chương trình.</p>"
            )
        back = QPushButton("◀ Quay lại")
        home = QPushButton("Mục lục")
        close = QPushButton("Đóng")
        back.clicked.connect(self.browser.backward)
        home.clicked.connect(self.browser.home)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addWidget(home)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)


def about_html(data_file: Path, backup_folder: Path) -> str:
    """The "Giới thiệu" text: version, the data file's folder and the backup folder."""
    return (
        f"<h3>{APP_NAME}</h3>"
        f"<p>Phiên bản <b>{__version__}</b></p>"
        "<p>Theo dõi kế hoạch, nhiệm vụ, lịch ra quân và phân công xóm của xã; mọi dữ liệu "
        "nằm trên máy này, không cần mạng.</p>"
        f"<p><b>Thư mục dữ liệu:</b><br>{data_file.parent}<br>"
        f"<small>(tệp {data_file.name})</small></p>"
        f"<p><b>Thư mục sao lưu:</b><br>{backup_folder}</p>"
        "<p>Bấm F1 để mở Hướng dẫn sử dụng.</p>"
    )
