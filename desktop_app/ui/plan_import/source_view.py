"""The document as read, its bold lines bold, the lines of the chosen row marked in yellow."""

from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from desktop_app.imports.plan_reader import SourceSpan
from desktop_app.workspace.plan_import import PlanImport

HIGHLIGHT = "#ffe98a"
LINES_ABOVE = 2  # lines of the document shown above the marked ones


class SourceView(QPlainTextEdit):
    def __init__(self, imported: PlanImport) -> None:
        super().__init__()
        source = imported.source
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setPlainText(source.text)
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        for number, line in enumerate(source.lines):
            if line.bold:
                cursor = QTextCursor(self.document().findBlockByNumber(number))
                cursor.movePosition(
                    QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
                )
                cursor.mergeCharFormat(bold)

    def mark_lines(self, span: SourceSpan) -> SourceSpan:
        """Mark lines ``span.first`` to ``span.last`` and scroll to them; the lines marked."""
        document = self.document()
        count = document.blockCount()
        first_number = max(0, min(span.first, count - 1))
        last_number = max(first_number, min(span.last, count - 1))
        first = document.findBlockByNumber(first_number)
        last = document.findBlockByNumber(last_number)
        cursor = QTextCursor(first)
        # Up to the start of the next line, so that the last line is marked full width too.
        end = last.position() + last.length() - (0 if last.next().isValid() else 1)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        mark = QTextEdit.ExtraSelection()
        mark.cursor = cursor
        mark_format = QTextCharFormat()
        mark_format.setBackground(QColor(HIGHLIGHT))
        mark_format.setProperty(QTextCharFormat.Property.FullWidthSelection, True)
        mark.format = mark_format
        self.setExtraSelections([mark])
        self.setTextCursor(QTextCursor(first))
        top = document.findBlockByNumber(max(0, first_number - LINES_ABOVE))
        self.verticalScrollBar().setValue(top.firstLineNumber())
        return SourceSpan(first_number, last_number)
