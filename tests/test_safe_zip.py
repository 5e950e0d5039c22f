"""The guarded zip reader, on zips built here byte by byte: every hostile kind is refused
with its reason, and nothing it opened is left open."""

import ast
import random
import struct
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from desktop_app import safe_zip
from desktop_app.safe_zip import Refusal, SafeZip, ZipLimits, ZipRefusedError, unsafe_name

MB = 1024 * 1024
LIMITS = ZipLimits(
    max_entries=50,
    max_entry_bytes=20 * MB,
    max_total_bytes=30 * MB,
    max_entry_ratio=100,
    ratio_floor=64 * 1024,
)


@dataclass
class Entry:
    """One entry of a zip built by :func:`build`; the declared values may lie."""

    name: str
    data: bytes
    deflate: bool = True
    declared_size: int | None = None
    declared_packed: int | None = None
    crc: int | None = None
    flags: int = 0
    method: int | None = None


def build(*entries: Entry) -> bytes:
    """A zip of ``entries``, written by hand so that names and sizes can be anything."""
    local = bytearray()
    central = bytearray()
    for entry in entries:
        name = entry.name.encode()
        if entry.deflate:
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            packed = compressor.compress(entry.data) + compressor.flush()
        else:
            packed = entry.data
        method = (8 if entry.deflate else 0) if entry.method is None else entry.method
        crc = zlib.crc32(entry.data) if entry.crc is None else entry.crc
        size = len(entry.data) if entry.declared_size is None else entry.declared_size
        packed_size = len(packed) if entry.declared_packed is None else entry.declared_packed
        offset = len(local)
        local += struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, entry.flags, method, 0, 0, crc, len(packed),
            size, len(name), 0,
        )  # fmt: skip
        local += name + packed
        central += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, entry.flags, method, 0, 0, crc,
            packed_size, size, len(name), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += name
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(local), 0
    )
    return bytes(local + central + end)


def plain(count: int = 3) -> list[Entry]:
    return [Entry(f"part/{i}.xml", f"<p>{i}</p>".encode() * 50) for i in range(count)]


def refused(source: Path | bytes, limits: ZipLimits = LIMITS) -> ZipRefusedError:
    """The refusal of ``source``, whether at opening or while reading every entry."""
    with pytest.raises(ZipRefusedError) as caught, SafeZip(source, limits) as archive:
        archive.scan_all()
    return caught.value


# ---- a sound zip ---------------------------------------------------------------------------


def test_a_sound_zip_is_read_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "sound.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/", b"")
        archive.writestr("word/document.xml", b"<w:document/>" * 1000)
        archive.writestr("[Content_Types].xml", b"<Types/>")
    with SafeZip(path, LIMITS) as archive:
        assert archive.names == {"word/", "word/document.xml", "[Content_Types].xml"}
        assert archive.read("word/document.xml") == b"<w:document/>" * 1000
        chunks: list[bytes] = []
        assert archive.scan("[Content_Types].xml", chunks.append) == 8
        assert b"".join(chunks) == b"<Types/>"
        archive.scan_all()
        with pytest.raises(KeyError):
            archive.read("missing.xml")


def test_reading_an_entry_twice_counts_it_once() -> None:
    data = build(Entry("a.bin", bytes(6 * MB)), Entry("b.bin", bytes(6 * MB)))
    limits = ZipLimits(max_entries=5, max_entry_bytes=10 * MB, max_total_bytes=13 * MB)
    with SafeZip(data, limits) as archive:
        for _ in range(3):
            archive.scan("a.bin")
        archive.scan("b.bin")


@pytest.mark.parametrize(
    "name",
    [
        "word/document.xml",
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/worksheets/_rels/sheet1.xml.rels",
        "data/units.jsonl",
        "word/",
        "Tài liệu/ảnh 1.png",
    ],
)
def test_names_of_real_files_are_safe(name: str) -> None:
    assert not unsafe_name(name)


# ---- refused, with the reason -------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../evil.txt",
        "word/../../evil.txt",
        "/etc/passwd",
        "\\windows\\evil.dll",
        "..\\evil.txt",
        "C:/evil.txt",
        "C:evil.txt",
        "word//document.xml",
        "./word/document.xml",
        "word/./document.xml",
        "word/document.xml\x00.png",
        "a\nb",
        "/".join(["deep"] * 13),
        "x" * 300,
        "",
    ],
    ids=repr,
)
def test_unsafe_names_are_refused(name: str) -> None:
    refusal = refused(build(*plain(), Entry(name, b"x")))
    assert refusal.reason is Refusal.UNSAFE_NAME


def test_a_name_twice_is_refused() -> None:
    data = build(Entry("word/document.xml", b"<a/>"), Entry("word/document.xml", b"<b/>"))
    refusal = refused(data)
    assert (refusal.reason, refusal.entry) == (Refusal.DUPLICATE_NAME, "word/document.xml")


def test_too_many_entries_are_refused() -> None:
    assert refused(build(*plain(51))).reason is Refusal.TOO_MANY_ENTRIES
    with SafeZip(build(*plain(50)), LIMITS) as archive:
        archive.scan_all()


def test_a_zip_bomb_is_refused_by_its_ratio_before_it_is_unpacked() -> None:
    bomb = build(*plain(), Entry("part/zeros.xml", bytes(15 * MB)))  # packs to about 15 KB
    started = time.monotonic()
    refusal = refused(bomb)
    assert time.monotonic() - started < 0.5
    assert (refusal.reason, refusal.entry, refusal.size) == (
        Refusal.ENTRY_RATIO,
        "part/zeros.xml",
        15 * MB,
    )


def test_small_parts_are_not_held_to_the_ratio() -> None:
    with SafeZip(build(Entry("zeros.xml", bytes(60 * 1024))), LIMITS) as archive:
        assert archive.read("zeros.xml") == bytes(60 * 1024)


def test_the_whole_zip_may_be_held_to_a_ratio() -> None:
    limits = ZipLimits(max_entries=50, max_entry_bytes=MB, max_total_bytes=MB, max_archive_ratio=10)
    refusal = refused(build(Entry("a.xml", b"a" * 4000), Entry("b.xml", b"b" * 4000)), limits)
    assert (refusal.reason, refusal.size) == (Refusal.ARCHIVE_RATIO, 8000)


def test_an_entry_and_the_total_too_big_are_refused() -> None:
    limits = ZipLimits(max_entries=5, max_entry_bytes=MB, max_total_bytes=MB + MB // 2)
    noise = random.Random(19).randbytes(MB + 1)  # does not compress
    refusal = refused(build(Entry("big.bin", noise)), limits)
    assert (refusal.reason, refusal.size) == (Refusal.ENTRY_TOO_BIG, MB + 1)
    two = [Entry(f"{i}.bin", noise[: MB - i]) for i in range(2)]
    refusal = refused(build(*two), limits)
    assert (refusal.reason, refusal.size) == (Refusal.TOTAL_TOO_BIG, 2 * MB - 1)


def test_a_directory_that_says_less_than_the_entry_holds_is_caught_while_reading() -> None:
    lying = build(*plain(), Entry("part/zeros.xml", bytes(50 * MB), declared_size=10_000))
    started = time.monotonic()
    refusal = refused(lying)
    assert time.monotonic() - started < 1.0
    # The unpacking stopped at the declared size, and the CRC of what came out is wrong.
    assert (refusal.reason, refusal.entry) == (Refusal.DAMAGED, "part/zeros.xml")
    assert "CRC" in refusal.detail


def test_a_directory_that_says_more_packed_bytes_than_the_file_has_is_caught() -> None:
    # A huge declared packed size would make any ratio look fine: the file's own size caps it.
    lying = Entry("part/zeros.xml", bytes(15 * MB), declared_packed=2**31)
    refusal = refused(build(*plain(), lying))
    assert (refusal.reason, refusal.entry) == (Refusal.ENTRY_RATIO, "part/zeros.xml")


def test_the_count_while_reading_stops_at_the_first_chunk_past_the_limit() -> None:
    # What the directory check would miss (a zip reader that trusts a lying header), the
    # count of what actually comes out still stops: here the limit shrinks after opening.
    roomy = ZipLimits(max_entries=5, max_entry_bytes=10 * MB, max_total_bytes=10 * MB)
    with SafeZip(build(Entry("zeros.xml", bytes(5 * MB))), roomy) as archive:
        archive.limits = ZipLimits(max_entries=5, max_entry_bytes=MB, max_total_bytes=MB)
        seen: list[int] = []
        with pytest.raises(ZipRefusedError) as caught:
            archive.scan("zeros.xml", lambda chunk: seen.append(len(chunk)))
    assert caught.value.reason is Refusal.ENTRY_TOO_BIG
    assert sum(seen) <= MB  # the chunk over the limit never reached the caller


def test_an_encrypted_entry_is_refused() -> None:
    refusal = refused(build(*plain(), Entry("secret.xml", b"<a/>", flags=0x1)))
    assert (refusal.reason, refusal.entry) == (Refusal.ENCRYPTED, "secret.xml")


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # copied half-way
        lambda data: data.replace(b"PK\x01\x02", b"PK\x09\x09", 1),  # broken central directory
        lambda data: data[:-22] + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 9, 9, 999, 7, 0),
        lambda data: bytes(range(256)) * 10,  # not a zip at all
        lambda data: b"",
    ],
    ids=["truncated", "central-signature", "central-offset", "junk", "empty"],
)
def test_a_damaged_zip_is_refused(damage: Callable[[bytes], bytes]) -> None:
    refusal = refused(damage(build(*plain())))
    assert refusal.reason is Refusal.DAMAGED
    assert isinstance(refusal.__cause__, zipfile.BadZipFile)


def test_a_bad_crc_and_bad_deflate_data_are_damage() -> None:
    refusal = refused(build(*plain(), Entry("bad.xml", b"<a/>" * 100, crc=1)))
    assert (refusal.reason, refusal.entry) == (Refusal.DAMAGED, "bad.xml")
    garbage = Entry("bad.xml", b"\xff" * 300, deflate=False, method=8)  # not deflate data
    assert refused(build(*plain(), garbage)).reason is Refusal.DAMAGED
    unknown = Entry("odd.xml", b"<a/>", deflate=False, method=99)  # no such compression
    assert refused(build(*plain(), unknown)).reason is Refusal.DAMAGED


# ---- nothing is left open -----------------------------------------------------------------

HOSTILE = {
    "unsafe-name": build(*plain(), Entry("../evil.txt", b"x")),
    "duplicate": build(Entry("a.xml", b"<a/>"), Entry("a.xml", b"<b/>")),
    "too-many": build(*plain(51)),
    "bomb": build(Entry("zeros.xml", bytes(15 * MB))),
    "lying-size": build(Entry("zeros.xml", bytes(5 * MB), declared_size=10_000)),
    "encrypted": build(Entry("secret.xml", b"<a/>", flags=0x1)),
    "broken-directory": build(*plain()).replace(b"PK\x01\x02", b"PK\x09\x09", 1),
    "truncated": build(*plain())[:100],
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_refused_file_is_closed_at_once(
    tmp_path: Path, opened_files: list[Any], kind: str
) -> None:
    path = tmp_path / f"{kind}.zip"
    path.write_bytes(HOSTILE[kind])
    opened_files.clear()
    refused(path)
    assert opened_files
    assert [f for f in opened_files if not f.closed] == []
    path.unlink()  # refused on Windows while a handle is open


def test_an_error_of_the_callers_own_goes_through_and_the_file_is_closed(
    tmp_path: Path, opened_files: list[Any]
) -> None:
    path = tmp_path / "sound.zip"
    path.write_bytes(build(*plain()))

    def stop(_chunk: bytes) -> None:
        raise LookupError("the caller's own reason")

    with pytest.raises(LookupError, match="own reason"), SafeZip(path, LIMITS) as archive:
        archive.scan("part/1.xml", stop)
    assert opened_files
    assert [f for f in opened_files if not f.closed] == []


def test_a_file_the_caller_opened_stays_open_for_the_caller(tmp_path: Path) -> None:
    path = tmp_path / "sound.zip"
    path.write_bytes(build(*plain()))
    with path.open("rb") as handle:
        with SafeZip(handle, LIMITS) as archive:
            archive.scan_all()
        assert not handle.closed
        with pytest.raises(ZipRefusedError):
            SafeZip(handle, ZipLimits(max_entries=1, max_entry_bytes=MB, max_total_bytes=MB))
        assert not handle.closed


def test_the_reader_imports_nothing_of_the_program() -> None:
    # storage/ and imports/ both use it: importing either would tie the two together.
    tree = ast.parse(Path(safe_zip.__file__).read_text(encoding="utf-8"))
    modules = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    modules |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert modules
    assert not [m for m in modules if m.split(".")[0] == "desktop_app"]
