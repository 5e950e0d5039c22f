"""Hostile and broken files: each is refused quickly with a message, never a crash or a hang.

Every case ends in a :class:`DocumentReadError` (whose message the clerk reads) or, for a
file that is damaged but still readable, in a document. The zip bombs are built on the fly
(600 MB of zeros deflate to 0.6 MB) and nothing big is written to disk: the 200 MB PDF is a
sparse file.
"""

import contextlib
import io
import os
import socket
import struct
import sys
import time
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.imports import document_docx, document_pdf
from desktop_app.imports.document_reader import (
    DocumentReadError,
    SourceDocument,
    read_document,
)
from tests.imports.test_document_reader import ASCII_PAGES, ascii_pdf, build_test_docx

MB = 1024 * 1024
DOCUMENT_XML = "word/document.xml"


@pytest.fixture(scope="module")
def valid_docx(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return build_test_docx(tmp_path_factory.mktemp("valid") / "valid.docx").read_bytes()


@pytest.fixture(scope="module")
def valid_pdf() -> bytes:
    return ascii_pdf(ASCII_PAGES)


def _refused(path: Path, *words: str) -> str:
    with pytest.raises(DocumentReadError) as caught:
        read_document(path)
    message = str(caught.value)
    assert path.name in message or not path.name
    for word in words:
        assert word in message, message
    return message


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _entries(docx_bytes: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rezip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


# -- zip bombs -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zeros_600mb() -> tuple[bytes, int]:
    """600 MB of zeros as raw deflate data (about 0.6 MB), and their CRC-32.

    Each megabyte is compressed once and ended with a full flush, which makes the pieces
    independent: the same bytes repeated 600 times are a valid stream of 600 MB.
    """
    chunk = bytes(MB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(600):
        crc = zlib.crc32(chunk, crc)
    return piece * 600 + compressor.flush(), crc


def _raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of already deflated entries: (name, deflated data, declared size, CRC-32)."""
    local = bytearray()
    central = bytearray()
    for name, data, size, crc in entries:
        encoded = name.encode()
        offset = len(local)
        local += struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0
        )
        local += encoded + data
        central += struct.pack(
            "<4s6H3L5H2L",
            *(b"PK\x01\x02", 20, 20, 0, 8, 0, 0),
            *(crc, len(data), size),
            *(len(encoded), 0, 0, 0, 0),
            *(0, offset),
        )
        central += encoded
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(local), 0
    )
    return bytes(local + central + end)


def _deflated(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return name, compressor.compress(data) + compressor.flush(), len(data), zlib.crc32(data)


def _docx_with(valid_docx: bytes, extra: tuple[str, bytes, int, int]) -> bytes:
    entries = [_deflated(n, d) for n, d in _entries(valid_docx).items() if n != extra[0]]
    return _raw_zip([*entries, extra])


def test_the_raw_zip_helper_makes_a_readable_docx(tmp_path: Path, valid_docx: bytes) -> None:
    rebuilt = _raw_zip([_deflated(n, d) for n, d in _entries(valid_docx).items()])
    assert read_document(_write(tmp_path, "rebuilt.docx", rebuilt)).kind == "docx"


@pytest.mark.parametrize("part", [DOCUMENT_XML, "word/media/image1.png"])
def test_zip_bomb_is_refused_fast(
    tmp_path: Path, valid_docx: bytes, zeros_600mb: tuple[bytes, int], part: str
) -> None:
    data, crc = zeros_600mb
    path = _write(tmp_path, "bom.docx", _docx_with(valid_docx, (part, data, 600 * MB, crc)))
    started = time.monotonic()
    _refused(path, "nén bất thường")
    assert time.monotonic() - started < 1.0


def test_zip_bomb_that_lies_about_its_size_is_refused_fast(
    tmp_path: Path, valid_docx: bytes, zeros_600mb: tuple[bytes, int]
) -> None:
    data, crc = zeros_600mb
    lying = (DOCUMENT_XML, data, 50_000, crc)  # says 50 KB, holds 600 MB
    path = _write(tmp_path, "nói dối.docx", _docx_with(valid_docx, lying))
    started = time.monotonic()
    _refused(path, "bị hỏng")  # the unpacking stops at the declared size: a bad CRC
    assert time.monotonic() - started < 1.0


def test_a_modest_ratio_is_fine_but_a_high_one_is_not(tmp_path: Path, valid_docx: bytes) -> None:
    entries = _entries(valid_docx)
    entries["word/media/zeros.bin"] = bytes(3 * MB)  # 3 MB of zeros pack to 3 KB: ratio 1000
    _refused(_write(tmp_path, "tỉ lệ.docx", _rezip(entries)), "nén bất thường")


def test_too_many_entries(tmp_path: Path, valid_docx: bytes) -> None:
    entries = _entries(valid_docx)
    entries.update({f"word/media/{i}.bin": b"" for i in range(2_001)})
    _refused(_write(tmp_path, "nhiều.docx", _rezip(entries)), "nén bất thường")


# -- XML entities --------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE w:document [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>Kế hoạch &lol9;</w:t></w:r></w:p></w:body></w:document>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE w:document [
  <!ENTITY passwd SYSTEM "file:///etc/passwd">
  <!ENTITY remote SYSTEM "http://127.0.0.1:9/plan.xml">
  <!ENTITY % dtd SYSTEM "http://127.0.0.1:9/evil.dtd">
  %dtd;
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>Kế hoạch &passwd; &remote;</w:t></w:r></w:p></w:body></w:document>"""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(args)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield attempts
    assert attempts == []


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL], ids=["billion-laughs", "external"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_entities_are_refused(tmp_path: Path, valid_docx: bytes, xml: str, encoding: str) -> None:
    entries = _entries(valid_docx)
    declared = xml.replace('<?xml version="1.0"?>', f'<?xml version="1.0" encoding="{encoding}"?>')
    entries[DOCUMENT_XML] = declared.encode(encoding)
    started = time.monotonic()
    _refused(_write(tmp_path, "thực thể.docx", _rezip(entries)), "DOCTYPE")
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize(
    ("xml", "word"),
    [(BILLION_LAUGHS, "bị hỏng"), (EXTERNAL, "DOCTYPE")],
    ids=["billion-laughs", "external"],
)
@pytest.mark.usefixtures("no_network")  # which also checks nothing tried to connect
def test_entities_are_never_expanded_even_past_the_first_check(
    tmp_path: Path, valid_docx: bytes, xml: str, word: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(document_docx, "_DTD_MARKS", ())  # as if the byte scan missed it
    entries = _entries(valid_docx)
    entries[DOCUMENT_XML] = xml.encode()
    started = time.monotonic()
    # libxml2 stops the billion laughs itself; the parsed DOCTYPE is caught after parsing
    _refused(_write(tmp_path, "thực thể.docx", _rezip(entries)), word)
    assert time.monotonic() - started < 1.0
    if xml is EXTERNAL:  # python-docx's parser, as configured, neither expands nor fetches
        text = docx.Document(io.BytesIO(_rezip(entries))).paragraphs[0].text
        assert text.startswith("Kế hoạch")
        assert "root:" not in text


# -- sizes ---------------------------------------------------------------------------------


def test_a_200_mb_pdf_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "lớn.pdf"
    with path.open("wb") as stream:
        stream.write(b"%PDF-1.7\n")
        stream.truncate(200 * MB)  # sparse: costs no disk
    started = time.monotonic()
    _refused(path, "quá lớn", "200 MB")
    assert time.monotonic() - started < 0.5


def test_too_many_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, "dài.txt", b"Xom\n" * 250_000)
    _refused(path, "quá dài")


def test_too_many_pdf_pages(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter()
    for _ in range(501):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    _refused(_write(tmp_path, "dày.pdf", out.getvalue()), "501 trang")


def test_a_hostile_line_of_stars_is_read_in_linear_time(tmp_path: Path) -> None:
    path = _write(tmp_path, "sao.txt", b" *a" * 1_000_000)
    started = time.monotonic()
    document = read_document(path)
    assert time.monotonic() - started < 3.0
    assert len(document.lines) == 1


def test_deeply_nested_tables(tmp_path: Path, valid_docx: bytes) -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    cell = "<w:p><w:r><w:t>sâu</w:t></w:r></w:p>"
    for _ in range(60):
        cell = f"<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl><w:p/>"
    xml = f'<w:document xmlns:w="{w}"><w:body>{cell}</w:body></w:document>'
    entries = _entries(valid_docx)
    entries[DOCUMENT_XML] = xml.encode()
    _refused(_write(tmp_path, "lồng.docx", _rezip(entries)), "lồng vào nhau quá sâu")


def test_a_slow_pdf_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document_pdf, "MAX_SECONDS", -1.0)  # as if every page took forever
    _refused(_write(tmp_path, "chậm.pdf", ascii_pdf(ASCII_PAGES)), "đọc quá lâu")


def test_a_picture_may_have_a_doctype(tmp_path: Path, valid_docx: bytes) -> None:
    entries = _entries(valid_docx)
    entries["word/media/logo.svg"] = (
        b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><svg/>'
    )
    assert read_document(_write(tmp_path, "logo.docx", _rezip(entries))).kind == "docx"


# -- broken and foreign files -------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    _refused(_write(tmp_path, "rỗng.docx", b""), "trống (0 byte)")


def test_missing_file(tmp_path: Path) -> None:
    _refused(tmp_path / "không có.docx", "Không tìm thấy")


def test_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "thư mục.docx"
    folder.mkdir()
    _refused(folder, "là một thư mục")


def test_no_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "khóa.txt", b"Ke hoach")

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    _refused(path, "Không có quyền đọc", "đóng lại")


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_not_read(tmp_path: Path) -> None:
    pipe = tmp_path / "ống.txt"
    os.mkfifo(pipe)
    _refused(pipe, "không phải một tệp bình thường")


def test_truncated_docx(tmp_path: Path, valid_docx: bytes) -> None:
    half = valid_docx[: len(valid_docx) // 2]
    _refused(_write(tmp_path, "cụt.docx", half), "bị hỏng")


def test_truncated_pdf(tmp_path: Path, valid_pdf: bytes) -> None:
    path = _write(tmp_path, "cụt.pdf", valid_pdf[: len(valid_pdf) // 2])
    try:
        document = read_document(path)
    except DocumentReadError as error:
        message = str(error)
    else:  # pypdf rebuilt what it could: only text that was there
        message = ""
        whole = read_document(_write(tmp_path, "đủ.pdf", valid_pdf)).text
        assert all(line.text in whole for line in document.lines)
    assert not message or path.name in message


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("rác.txt", ["không phải văn bản"]),
        ("rác.docx", ["không phải tệp Word"]),
        ("rác.pdf", ["không phải tệp PDF"]),
        ("rác", ["không phải văn bản"]),
    ],
)
def test_random_junk(tmp_path: Path, name: str, words: list[str]) -> None:
    junk = bytes(range(256)) * 40
    _refused(_write(tmp_path, name, junk), *words)


def _ole(stream_name: str) -> bytes:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    return header + stream_name.encode("utf-16-le") + bytes(1000)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (_ole("WordDocument"), ["Word đời cũ (.doc", "Lưu thành", ".docx"]),
        (_ole("EncryptedPackage"), ["mật khẩu"]),
        (_ole("Workbook"), ["Excel"]),
        (b"{\\rtf1\\ansi Ke hoach}", ["RTF", "Lưu thành"]),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), ["ảnh", "OCR"]),
        (b"\xff\xd8\xff\xe0" + bytes(100), ["ảnh", "OCR"]),
        (b"Rar!\x1a\x07\x00" + bytes(100), ["giải nén"]),
    ],
    ids=["doc", "locked-docx", "xls", "rtf", "png", "jpeg", "rar"],
)
def test_foreign_files(tmp_path: Path, data: bytes, words: list[str]) -> None:
    _refused(_write(tmp_path, "kế hoạch.docx", data), *words)


@pytest.mark.parametrize(
    ("entries", "words"),
    [
        (
            {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<a/>"},
            [".odt"],
        ),
        ({"[Content_Types].xml": b"<a/>", "xl/workbook.xml": b"<a/>"}, ["Excel"]),
        ({"[Content_Types].xml": b"<a/>", "ppt/presentation.xml": b"<a/>"}, ["PowerPoint"]),
        ({"ke-hoach.docx": b"PK"}, ["tệp nén (.zip)", "giải nén"]),
    ],
    ids=["odt", "xlsx", "pptx", "zip"],
)
def test_other_zips(tmp_path: Path, entries: dict[str, bytes], words: list[str]) -> None:
    _refused(_write(tmp_path, "kế hoạch.docx", _rezip(entries)), *words)


def test_a_docx_without_its_parts(tmp_path: Path, valid_docx: bytes) -> None:
    entries = _entries(valid_docx)
    del entries["[Content_Types].xml"]
    _refused(_write(tmp_path, "thiếu.docx", _rezip(entries)), "bị hỏng")


def test_a_password_protected_zip_entry(tmp_path: Path, valid_docx: bytes) -> None:
    data = bytearray(_rezip(_entries(valid_docx)))
    central = data.find(b"PK\x01\x02")
    while central != -1:
        data[central + 8] |= 0x1  # the "encrypted" flag of every central entry
        central = data.find(b"PK\x01\x02", central + 4)
    _refused(_write(tmp_path, "khóa.docx", bytes(data)), "mật khẩu")


def _encrypted_pdf(user_password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(ascii_pdf(ASCII_PAGES))))
    writer.encrypt(user_password=user_password, owner_password="chủ", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_with_a_password(tmp_path: Path) -> None:
    _refused(_write(tmp_path, "mật.pdf", _encrypted_pdf("bí mật")), "mật khẩu")


def test_pdf_that_only_forbids_editing_is_read(tmp_path: Path) -> None:
    document = read_document(_write(tmp_path, "chỉ đọc.pdf", _encrypted_pdf("")))
    assert document.lines[0].text == "PLAN No. 12"


def test_pdf_encrypted_with_aes_but_no_aes_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(*args: Any, **kwargs: Any) -> None:
        raise pypdf.errors.DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(pypdf.PdfReader, "decrypt", missing)
    _refused(_write(tmp_path, "aes.pdf", _encrypted_pdf("")), "mã hóa (AES)")


def test_scanned_pdf(tmp_path: Path) -> None:
    scan = ascii_pdf([["Scan 1"], [""], ["- 3 -"]])  # a few letters, as a scanner's stamp
    _refused(_write(tmp_path, "bản quét.pdf", scan), "bản quét", "OCR", "Word (.docx)")


def test_pdf_without_pages(tmp_path: Path) -> None:
    _refused(_write(tmp_path, "trống.pdf", ascii_pdf([])), "bị hỏng")


def test_a_word_file_with_only_a_picture(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("")
    document.save(str(tmp_path / "ảnh.docx"))
    _refused(tmp_path / "ảnh.docx", "không có chữ nào", "OCR")


def test_pypdf_says_nothing(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    broken = ascii_pdf(ASCII_PAGES).replace(b"xref", b"xruf").replace(b"/Length", b"/Lngth")
    with contextlib.suppress(DocumentReadError):
        read_document(_write(tmp_path, "lỗi.pdf", broken))
    captured = capfd.readouterr()
    assert captured.err == ""
    assert captured.out == ""


# -- fuzzing -------------------------------------------------------------------------------

SUFFIXES = st.sampled_from([".docx", ".pdf", ".txt", "", ".doc"])


def _read_anything(folder: Path, data: bytes, suffix: str) -> None:
    path = folder / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        result: SourceDocument | DocumentReadError = read_document(path)
    except DocumentReadError as error:
        result = error
    if isinstance(result, DocumentReadError):
        assert result.message.strip()
    else:
        assert isinstance(result, SourceDocument)
        assert result.kind in {"docx", "pdf", "txt"}


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


FUZZ = settings(
    max_examples=60,
    deadline=5_000,
    suppress_health_check=[HealthCheck.too_slow],
)


@FUZZ
@given(data=st.binary(max_size=4_000), suffix=SUFFIXES)
def test_fuzz_random_bytes(fuzz_dir: Path, data: bytes, suffix: str) -> None:
    _read_anything(fuzz_dir, data, suffix)


def _mutate(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "splice"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 2_000))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        else:
            data[at : at + 8] = draw(st.sampled_from([b"<!DOCTYPE", b"\x00" * 8, b"obj", b"<w:p>"]))
    return bytes(data)


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    return _mutate(draw, original)


@FUZZ
@given(choice=st.data(), suffix=SUFFIXES)
def test_fuzz_mutated_docx(
    fuzz_dir: Path, valid_docx: bytes, choice: st.DataObject, suffix: str
) -> None:
    data = choice.draw(mutated(valid_docx))
    _read_anything(fuzz_dir, data, suffix)


@FUZZ
@given(choice=st.data())
def test_fuzz_mutated_document_xml(
    fuzz_dir: Path, valid_docx: bytes, choice: st.DataObject
) -> None:
    entries = _entries(valid_docx)
    entries[DOCUMENT_XML] = choice.draw(mutated(entries[DOCUMENT_XML]))
    _read_anything(fuzz_dir, _rezip(entries), ".docx")


@FUZZ
@given(choice=st.data(), suffix=SUFFIXES)
def test_fuzz_mutated_pdf(
    fuzz_dir: Path, valid_pdf: bytes, choice: st.DataObject, suffix: str
) -> None:
    data = choice.draw(mutated(valid_pdf))
    _read_anything(fuzz_dir, data, suffix)
