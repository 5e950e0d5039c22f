"""Old Word 97-2003 files: converted by LibreOffice when it is installed, else a clear message."""

import io
import subprocess
from pathlib import Path

import docx
import pytest

from desktop_app.domain.errors import UserError
from desktop_app.imports import document_doc
from desktop_app.imports.document_reader import read_document

needs_libreoffice = pytest.mark.skipif(
    document_doc.find_soffice() is None, reason="LibreOffice is not installed on this machine"
)


def _word_97_file(folder: Path) -> Path:
    """A .doc made the way offices make them: a Word document saved as Word 97-2003."""
    document = docx.Document()
    for line in ("ỦY BAN NHÂN DÂN", "XÃ AN BÌNH", "KẾ HOẠCH", "Diệt chuột", "I. NHIỆM VỤ"):
        document.add_paragraph(line)
    document.add_paragraph("Công an xã chủ trì, phối hợp với Đoàn Thanh niên đặt bẫy chuột.")
    buffer = io.BytesIO()
    document.save(buffer)
    source = folder / "ke-hoach.docx"
    source.write_bytes(buffer.getvalue())
    program = document_doc.find_soffice()
    assert program is not None
    subprocess.run(  # our own arguments
        [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "doc:MS Word 97",
            "--outdir",
            str(folder / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / "out" / "ke-hoach.doc"


@needs_libreoffice
def test_doc_is_read_through_libreoffice(tmp_path: Path) -> None:
    path = _word_97_file(tmp_path)
    assert path.read_bytes().startswith(b"\xd0\xcf\x11\xe0")
    texts = [line.text for line in read_document(path).lines]
    assert "ỦY BAN NHÂN DÂN" in texts
    assert "Công an xã chủ trì, phối hợp với Đoàn Thanh niên đặt bẫy chuột." in texts


def test_without_libreoffice_the_clerk_is_asked_to_save_as_docx(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(document_doc, "find_soffice", lambda: None)
    with pytest.raises(UserError) as caught:
        document_doc.read_doc(b"\xd0\xcf\x11\xe0", "cu.doc")
    assert "chưa cài LibreOffice" in str(caught.value)
    assert "Lưu thành (Save As)" in str(caught.value)


def test_a_conversion_that_fails_says_so(tmp_path: Path) -> None:
    failing = tmp_path / "soffice"
    failing.write_text("#!/bin/sh\nexit 1\n")
    failing.chmod(0o755)
    with pytest.raises(UserError) as caught:
        document_doc.read_doc(b"\xd0\xcf\x11\xe0", "hong.doc", soffice=str(failing))
    assert "không chuyển được" in str(caught.value)
