"""Reading a zip that came from outside (a USB stick, an e-mail) without trusting it.

A package, an .xlsx and a .docx are all zips, and each may have been built to harm: a zip
bomb (a few kilobytes that unpack to gigabytes), a directory that lies about the sizes,
names that climb out of a folder (``../``, ``/etc``, ``C:``), two entries of one name (the
checked one and the parsed one differ), or a million entries. :class:`SafeZip` refuses all
of these before the caller parses anything, within the limits the caller gives.

The checks run twice. When the zip is opened, on what its directory *declares*: the number
of entries, every name, every size and ratio and their total. Then on what *actually*
comes out, counted chunk by chunk while an entry is read, so the reading stops at the
first byte over a limit, whatever the directory said. (Python's zipfile also stops at the
declared size, and a lie then fails the CRC check; the count does not rely on it.)

Every refusal is a :class:`ZipRefusedError` carrying a :class:`Refusal` reason: the caller
turns it into its own message for the clerk. A damaged zip is a refusal too, whatever
the zipfile module raised. Every file this module opens is closed on every path, a
refusal included: on Windows an open handle keeps the file from being replaced or deleted.

This module imports nothing of the program's own: storage/ and imports/ both use it.
"""

import enum
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Self, TypeVar

CHUNK_BYTES = 256 * 1024
MAX_NAME_LENGTH = 255
MAX_NAME_DEPTH = 12
"""Folders within folders; the deepest part of an Office file is four levels down."""


class Refusal(enum.StrEnum):
    """Why a zip was refused."""

    DAMAGED = "damaged"
    """Not a zip, truncated, a bad CRC, an unknown compression: zipfile could not read it."""
    TOO_MANY_ENTRIES = "too-many-entries"
    UNSAFE_NAME = "unsafe-name"
    """Absolute, climbing out (``..``), a drive or backslash, control characters, too deep."""
    DUPLICATE_NAME = "duplicate-name"
    ENCRYPTED = "encrypted"
    ENTRY_TOO_BIG = "entry-too-big"
    ENTRY_RATIO = "entry-ratio"
    """One entry unpacks to too many times its packed size."""
    TOTAL_TOO_BIG = "total-too-big"
    ARCHIVE_RATIO = "archive-ratio"
    """All entries together unpack to too many times the size of the file."""


class ZipRefusedError(Exception):
    """The zip is not read further.

    Attributes:
        reason: why.
        entry: the entry concerned, or "" when it is the whole zip.
        size: the bytes (or, for too many entries, the entries) that broke the limit:
            the entry's size, or the total for the whole-zip limits.
        detail: what zipfile said, for a damaged zip (the original error is the cause).
    """

    def __init__(self, reason: Refusal, *, entry: str = "", size: int = 0, detail: str = ""):
        super().__init__(f"{reason}: {entry or detail or size}")
        self.reason = reason
        self.entry = entry
        self.size = size
        self.detail = detail


@dataclass(frozen=True)
class ZipLimits:
    """What a caller accepts. Sizes are unpacked bytes.

    Attributes:
        max_entry_ratio: the most one entry may unpack to, in times its packed size;
            None: no limit per entry.
        max_archive_ratio: the most all entries together may unpack to, in times the
            size of the zip file; None: no such limit.
        ratio_floor: sizes up to this are never held to a ratio (a small part of
            repeated bytes compresses a thousand times and harms nobody).
    """

    max_entries: int
    max_entry_bytes: int
    max_total_bytes: int
    max_entry_ratio: int | None = None
    max_archive_ratio: int | None = None
    ratio_floor: int = 0


def unsafe_name(name: str) -> bool:
    """True for a name that could escape a folder, or that no Office file or package has."""
    if not name or len(name) > MAX_NAME_LENGTH:
        return True
    if name.startswith("/") or "\\" in name or ":" in name:
        return True
    if any(ord(c) < 0x20 or c == "\x7f" for c in name):
        return True
    segments = name.removesuffix("/").split("/")  # a folder entry ends in "/"
    if len(segments) > MAX_NAME_DEPTH:
        return True
    return any(segment in ("", ".", "..") for segment in segments)


_T = TypeVar("_T")
Source = Path | bytes | IO[bytes]
Sink = Callable[[bytes], object]


class SafeZip:
    """A zip opened for reading, its directory checked against ``limits``.

    ``source`` is a path (opened here, and closed by :meth:`close`), the bytes of the
    file, or a binary file the caller opened (and closes). Use it as a context manager.

    Raises:
        ZipRefusedError: from the constructor, when the zip or its directory is refused; from
            :meth:`read` and :meth:`scan`, when an entry is damaged or unpacks past a
            limit. Nothing is left open after a refusal from the constructor.
    """

    def __init__(self, source: Source, limits: ZipLimits) -> None:
        self.limits = limits
        self._owned: IO[bytes] | None = None
        self._counted: dict[str, int] = {}
        try:
            stream = self._stream(source)
            self.file_bytes = _length(stream)
            self._zip = zipfile.ZipFile(stream)
        except Exception as exc:  # zipfile raises several kinds on a broken directory
            self._close_owned()
            if isinstance(exc, MemoryError):
                raise
            raise ZipRefusedError(Refusal.DAMAGED, detail=str(exc)) from exc
        try:
            self.entries: tuple[zipfile.ZipInfo, ...] = tuple(self._zip.infolist())
            self._check_directory()
        except BaseException:
            self.close()
            raise
        self.names = frozenset(info.filename for info in self.entries)

    def _stream(self, source: Source) -> IO[bytes]:
        if isinstance(source, bytes):
            return io.BytesIO(source)
        if isinstance(source, Path):
            self._owned = source.open("rb")
            return self._owned
        return source

    def _close_owned(self) -> None:
        if self._owned is not None:
            self._owned.close()
            self._owned = None

    def close(self) -> None:
        try:
            self._zip.close()
        finally:
            self._close_owned()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # ---- what the directory declares ------------------------------------------------------

    def _check_directory(self) -> None:
        limits = self.limits
        if len(self.entries) > limits.max_entries:
            raise ZipRefusedError(Refusal.TOO_MANY_ENTRIES, size=len(self.entries))
        seen: set[str] = set()
        for info in self.entries:
            name = info.filename
            if unsafe_name(name) or unsafe_name(info.orig_filename):
                raise ZipRefusedError(Refusal.UNSAFE_NAME, entry=name)
            if name in seen:
                raise ZipRefusedError(Refusal.DUPLICATE_NAME, entry=name)
            seen.add(name)
            if info.flag_bits & 0x1:
                raise ZipRefusedError(Refusal.ENCRYPTED, entry=name)
            self._check_entry(info, info.file_size)
        self._check_total(sum(info.file_size for info in self.entries))

    def _check_entry(self, info: zipfile.ZipInfo, size: int) -> None:
        if size > self.limits.max_entry_bytes:
            raise ZipRefusedError(Refusal.ENTRY_TOO_BIG, entry=info.filename, size=size)
        ratio = self.limits.max_entry_ratio
        if ratio is not None:
            # A directory may also lie about the packed size: no entry holds more than the file.
            packed = max(min(info.compress_size, self.file_bytes), 1)
            if size > max(ratio * packed, self.limits.ratio_floor):
                raise ZipRefusedError(Refusal.ENTRY_RATIO, entry=info.filename, size=size)

    def _check_total(self, total: int, entry: str = "") -> None:
        if total > self.limits.max_total_bytes:
            raise ZipRefusedError(Refusal.TOTAL_TOO_BIG, entry=entry, size=total)
        ratio = self.limits.max_archive_ratio
        if ratio is not None and total > max(
            ratio * max(self.file_bytes, 1), self.limits.ratio_floor
        ):
            raise ZipRefusedError(Refusal.ARCHIVE_RATIO, entry=entry, size=total)

    # ---- what actually comes out ----------------------------------------------------------

    def info(self, entry: str | zipfile.ZipInfo) -> zipfile.ZipInfo:
        """The directory's record of an entry (KeyError: no entry of that name)."""
        return entry if isinstance(entry, zipfile.ZipInfo) else self._zip.getinfo(entry)

    def scan(self, entry: str | zipfile.ZipInfo, sink: Sink | None = None) -> int:
        """Read one entry to its end (which checks its CRC), chunk by chunk; its size.

        Each chunk goes to ``sink`` once counted. An error ``sink`` raises goes through
        untouched, and the entry is closed.

        Raises:
            KeyError: no entry of that name.
            ZipRefusedError: the entry is damaged or unpacks past a limit.
        """
        info = self.info(entry)
        name = info.filename
        others = sum(self._counted.values()) - self._counted.get(name, 0)
        size = 0
        member = self._guarded(name, lambda: self._zip.open(info))
        with member:
            while chunk := self._guarded(name, lambda: member.read(CHUNK_BYTES)):
                size += len(chunk)
                self._check_entry(info, size)
                self._check_total(others + size, name)
                if sink is not None:
                    sink(chunk)
        self._counted[name] = max(size, self._counted.get(name, 0))
        return size

    def read(self, entry: str | zipfile.ZipInfo) -> bytes:
        """The whole of one entry, counted as :meth:`scan` counts it."""
        data = bytearray()
        self.scan(entry, data.extend)
        return bytes(data)

    def scan_all(self) -> None:
        """Read every entry once to its end: the real sizes counted, every CRC checked."""
        for info in self.entries:
            if not info.is_dir():
                self.scan(info)

    def _guarded(self, name: str, action: Callable[[], _T]) -> _T:
        try:
            return action()
        except Exception as exc:  # bad CRC, unknown compression, truncated data, zlib, ...
            if isinstance(exc, MemoryError):
                raise
            raise ZipRefusedError(Refusal.DAMAGED, entry=name, detail=str(exc)) from exc


def _length(stream: IO[bytes]) -> int:
    """The size of the zip file, from the stream itself rather than from anything it says."""
    start = stream.tell()
    end = stream.seek(0, io.SEEK_END)
    stream.seek(start)
    return end


__all__ = [
    "CHUNK_BYTES",
    "Refusal",
    "SafeZip",
    "ZipLimits",
    "ZipRefusedError",
    "unsafe_name",
]
