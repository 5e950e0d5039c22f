"""What shows under the tree of "Nhập từ văn bản" for a task row, and for any other row."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop_app.ui.plan_import.header_form import HINT_STYLE
from desktop_app.ui.shortcuts import with_keys

DOUBTS_STYLE = "color: #b35900;"


class TaskPanel(QFrame):
    """One task: leave it out, correct its text, split it in two or join it to a neighbour."""

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.task_heading = QLabel()
        self.task_heading.setWordWrap(True)
        self.task_doubts = QLabel()
        self.task_doubts.setWordWrap(True)
        self.task_doubts.setStyleSheet(DOUBTS_STYLE)
        self.drop_check = QCheckBox("&Bỏ nhiệm vụ này (dòng này không phải một nhiệm vụ)")
        self.task_text = QPlainTextEdit()
        self.task_text.setTabChangesFocus(True)
        text_label = QLabel("Nội d&ung nhiệm vụ:")
        text_label.setBuddy(self.task_text)
        self.task_info = QLabel()
        self.task_info.setWordWrap(True)
        self.task_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel(
            "Đơn vị chủ trì, phối hợp và thời hạn sửa sau khi lưu, trong cửa sổ soạn kế hoạch."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        self.split_button = QPushButton("Tách làm hai")
        self.split_button.setToolTip(
            with_keys(
                "Tách nhiệm vụ tại con trỏ trong ô nội dung; hoặc bấm vào một dòng tô vàng của "
                "văn bản gốc rồi tách tại dòng đó",
                "import.split",
            )
        )
        self.join_previous_button = QPushButton("Gộp với nhiệm vụ trước")
        self.join_previous_button.setToolTip(
            with_keys("Gộp với nhiệm vụ liền trước trong văn bản", "import.join_previous")
        )
        self.join_next_button = QPushButton("Gộp với nhiệm vụ sau")
        self.join_next_button.setToolTip(
            with_keys("Gộp với nhiệm vụ liền sau trong văn bản", "import.join_next")
        )
        buttons = QHBoxLayout()
        for button in (self.split_button, self.join_previous_button, self.join_next_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 6, 8, 6)
        column.addWidget(self.task_heading)
        column.addWidget(self.task_doubts)
        column.addWidget(self.drop_check)
        column.addWidget(text_label)
        column.addWidget(self.task_text, 1)
        column.addLayout(buttons)
        column.addWidget(self.task_info)
        column.addWidget(hint)


class TextPanel(QFrame):
    """Any other row: its whole text, to read."""

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text_heading = QLabel()
        self.text_heading.setWordWrap(True)
        self.text_body = QPlainTextEdit()
        self.text_body.setReadOnly(True)
        self.text_body.setTabChangesFocus(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 6, 8, 6)
        column.addWidget(self.text_heading)
        column.addWidget(self.text_body, 1)
