"""Qt's own words in Vietnamese: message-box buttons, text fields' right-click menu, file dialog.

Qt ships no Vietnamese catalogue, so ``resources/i18n/qt_vi.ts`` holds ours (Qt Linguist's
format, the source of truth). The frozen program carries it compiled (``qt_vi.qm``, made by
``build.spec`` with PySide6's lrelease) and loads that; a checkout has no compiled file and
reads the .ts itself, so the window speaks Vietnamese without a build step and the two cannot
disagree (tests/ui/test_translations.py compiles the .ts and compares).

On Windows the file dialogs are the system's own, which speak Windows's language.
"""

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from typing_extensions import override

from desktop_app.paths import resource_path

TS_FILE = resource_path("i18n", "qt_vi.ts")
QM_FILE = resource_path("i18n", "qt_vi.qm")


def read_ts(path: Path) -> dict[tuple[str, str], str]:
    """(context, source text) -> translation, for every finished message of a .ts file."""
    messages: dict[tuple[str, str], str] = {}
    for context in ET.parse(path).getroot().iter("context"):  # our own file
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete"):
                continue
            messages[(name, message.findtext("source", ""))] = translation.text or ""
    return messages


class TsTranslator(QTranslator):
    """A translator read straight from a .ts file, for when no compiled .qm is at hand."""

    def __init__(self, messages: dict[tuple[str, str], str]) -> None:
        super().__init__()
        self.messages = messages

    @override
    def translate(
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        # None (a null QString) tells Qt "not here": it then keeps the source text. An empty
        # string would be taken as the translation and blank every other Qt word ("Ctrl").
        return self.messages.get((context, source_text))  # type: ignore[return-value]

    @override
    def isEmpty(self) -> bool:
        return not self.messages


def qt_translator(qm: Path = QM_FILE, ts: Path = TS_FILE) -> QTranslator | None:
    """The compiled catalogue when there is one, else the .ts read; None if neither loads."""
    if qm.is_file():
        compiled = QTranslator()
        if compiled.load(str(qm)):
            return compiled
    if ts.is_file():
        try:
            return TsTranslator(read_ts(ts))
        except (OSError, ET.ParseError):
            return None
    return None


_installed: list[QTranslator] = []  # QCoreApplication does not own what it is given


def install_qt_vietnamese() -> bool:
    """Install the Vietnamese catalogue of Qt's strings on the running application, once."""
    if _installed:
        return True
    translator = qt_translator()
    if translator is None or not QCoreApplication.installTranslator(translator):
        return False
    _installed.append(translator)
    return True
