"""Reading an old Word 97-2003 (.doc) file: LibreOffice converts it to .docx first.

Offices still send .doc files. Nothing in Python reads them well, but LibreOffice, when it is
installed, converts one faithfully (tables included) without a window: ``soffice --headless
--convert-to docx``. The conversion runs in a temporary folder with its own LibreOffice
profile (so an open LibreOffice window neither blocks it nor is disturbed), under a time
limit; the .docx it writes is then read like any other. Without LibreOffice the clerk is
asked to save the file as .docx in Word.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from desktop_app.imports.document_reader import DocumentReadError, SourceDocument

CONVERT_SECONDS = 120
"""A plan converts in a few seconds; LibreOffice's first start may take half a minute."""

_OPEN_IN_WORD = (
    "Hãy mở tệp bằng Word, chọn Tệp > Lưu thành (Save As), chọn kiểu \u201cWord Document "
    "(*.docx)\u201d, lưu lại rồi chọn tệp .docx vừa lưu."
)


def find_soffice() -> str | None:
    """The LibreOffice program, from PATH or its usual places; None when not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    places: list[Path] = []
    if sys.platform == "win32":
        for root in (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)")):
            if root:
                places.append(Path(root) / "LibreOffice" / "program" / "soffice.exe")
    elif sys.platform == "darwin":
        places.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    return next((str(p) for p in places if p.is_file()), None)


def read_doc(data: bytes, name: str, soffice: str | None = None) -> SourceDocument:
    """Read a Word 97-2003 document by converting it to .docx with LibreOffice.

    Raises:
        DocumentReadError: LibreOffice is not installed, or the conversion failed or took
            too long; the message asks the clerk to save the file as .docx in Word.
    """
    from desktop_app.imports.document_docx import read_docx  # noqa: PLC0415  # slow import

    program = soffice or find_soffice()
    if program is None:
        raise DocumentReadError(
            f"Tệp \u201c{name}\u201d là tệp Word đời cũ (.doc, Word 97-2003). Máy này chưa cài "
            "LibreOffice nên chương trình không tự chuyển được. " + _OPEN_IN_WORD
        )
    with tempfile.TemporaryDirectory(prefix="so-ke-hoach-doc-") as folder:
        work = Path(folder)
        source = work / "van-ban.doc"
        source.write_bytes(data)
        profile = (work / "profile").as_uri()
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        try:
            subprocess.run(  # our own arguments, no shell
                command,
                check=False,
                capture_output=True,
                timeout=CONVERT_SECONDS,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired):
            raise _not_converted(name) from None
        converted = work / "out" / "van-ban.docx"
        if not converted.is_file() or converted.stat().st_size == 0:
            raise _not_converted(name)
        document = read_docx(converted.read_bytes(), name)
    return document


def _not_converted(name: str) -> DocumentReadError:
    return DocumentReadError(
        f"Tệp \u201c{name}\u201d là tệp Word đời cũ (.doc, Word 97-2003) và LibreOffice không "
        "chuyển được tệp này sang .docx (tệp có thể bị hỏng hoặc đặt mật khẩu). " + _OPEN_IN_WORD
    )
