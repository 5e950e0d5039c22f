"""Writing a package: the lines SQLite builds, the compressing thread, the read-back check."""

import contextlib
import json
import sqlite3
import struct
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from desktop_app.storage import package as package_module
from desktop_app.storage.package import TABLES, PackageError, read_package
from desktop_app.storage.rows import select_rows
from desktop_app.workspace import Workspace
from tests.storage.exchange_helpers import disk_fills_at, pack_is_refused_leaving_nothing

# Text a clerk may paste from anywhere: quotes, backslashes, line breaks, control
# characters, Vietnamese, a character outside the basic plane, and a line separator.
AWKWARD = 'Ô "ngoặc" \\ gạch\nxuống dòng\r\ttab \x01\x1f\x7f \u2028 😀 Đường'


def test_the_lines_sqlite_builds_read_as_the_rows_python_wrote() -> None:
    """json_object in the query stands for json.dumps of each row: same values, same types."""
    # Closed here: Windows' Python warns of a connection left to the collector.
    with contextlib.closing(sqlite3.connect(":memory:")) as conn:
        conn.execute("CREATE TABLE t (id TEXT, name TEXT, sort_key BLOB, n INTEGER, odd TEXT)")
        conn.executemany(
            "INSERT INTO t VALUES (?, ?, ?, ?, ?)",
            [
                ("a", AWKWARD, b"\x00\xffAb", 0, None),
                ("b", "", None, -(2**62), b"\x10bytes in a text column"),
                ("c", None, b"", 2**62, 7),
            ],
        )
        columns = ["id", "name", "sort_key", "n", "odd"]
        sql = f"SELECT {package_module._json_line_sql(columns)} FROM t ORDER BY id"
        built = [line for (line,) in conn.execute(sql)]
        assert all(line.endswith(b"\n") and line.count(b"\n") == 1 for line in built)
        python = [
            package_module._json_line(r) for r in select_rows(conn, "SELECT * FROM t ORDER BY id")
        ]
        assert [json.loads(line) for line in built] == [json.loads(line) for line in python]
        assert json.loads(built[0])["sort_key"] == "00ff4162"  # lowercase hex, as jsonable writes


def test_a_whole_package_carries_every_row_as_the_database_holds_it(
    samples: Workspace, tmp_path: Path
) -> None:
    conn = samples.store.conn
    unit = samples.directory.units()[0]
    samples.directory.save_unit(replace(unit, note='Ghi chú "mới" \\ 😀'))  # kept in history
    conn.execute(
        "UPDATE units SET note = ? WHERE rowid = (SELECT min(rowid) FROM units)", (AWKWARD,)
    )
    packed = samples.exchange.pack(tmp_path / "goi")
    package = read_package(packed.path, None)  # the format, not the record rules
    for table in TABLES:
        here = {
            r["id"]: package_module._json_line(r)
            for r in select_rows(conn, f"SELECT * {package_module._WHOLE_TABLE[table]}")
        }
        carried = {row["id"]: row for row in package.rows[table]}
        assert carried == {k: json.loads(v) for k, v in here.items()}, table
    assert any(r.get("note") == AWKWARD for r in package.rows["units"])
    history = select_rows(conn, "SELECT * FROM history ORDER BY seq")
    kept = [(h["table_name"], h["row_id"], h["row_json"], h["reason"]) for h in history]
    assert kept  # the edit kept the unit's earlier version
    assert [(h.table, h.row_id, h.row_json, h.reason) for h in package.history] == kept


def test_a_disk_that_fills_while_the_thread_compresses_leaves_no_file_open_or_behind(
    samples: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened_files: list[Any]
) -> None:
    disk_fills_at(monkeypatch, "_store", 2)
    pack_is_refused_leaving_nothing(samples, tmp_path / "usb", opened_files)


def _data_span(path: Path, name: str) -> tuple[int, int]:
    """Where the compressed bytes of part ``name`` lie in the file."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    with path.open("rb") as raw:
        raw.seek(info.header_offset + 26)
        name_length, extra_length = struct.unpack("<HH", raw.read(4))
    start = info.header_offset + 30 + name_length + extra_length
    return start, info.compress_size


# Not the very last byte: some of its bits may be the stream's padding, which nothing reads.
@pytest.mark.parametrize("where", [0.0, 0.001, 0.1, 0.5, 0.9])
def test_a_package_that_does_not_read_back_the_same_is_refused_with_a_message(
    samples: Workspace, tmp_path: Path, where: float
) -> None:
    """What the read-back check is for: a byte the disk or the stick changed is caught."""
    packed = samples.exchange.pack(tmp_path / "goi")
    name = max(packed.manifest.parts, key=lambda n: packed.manifest.parts[n][1])
    start, size = _data_span(packed.path, name)
    data = bytearray(packed.path.read_bytes())
    data[start + int(size * where)] ^= 0x5A
    packed.path.write_bytes(bytes(data))
    with pytest.raises(PackageError, match="không đọc lại được"):
        package_module._verify(packed.path, packed.manifest)


def test_a_part_whose_checksum_differs_from_what_was_written_is_refused(
    samples: Workspace, tmp_path: Path
) -> None:
    packed = samples.exchange.pack(tmp_path / "goi")
    _digest, size = packed.manifest.parts["data/units.jsonl"]
    wrong = dict(packed.manifest.parts) | {"data/units.jsonl": ("0" * 64, size)}
    manifest = package_module.Manifest(
        **{**packed.manifest.__dict__, "parts": wrong},
    )
    with pytest.raises(PackageError, match="không đọc lại được"):
        package_module._verify(packed.path, manifest)


def test_text_that_is_not_utf8_stops_the_pack_with_a_message_and_leaves_no_file(
    samples: Workspace, tmp_path: Path
) -> None:
    """A damaged page SQLite still reads: its text goes into no package."""
    samples.store.conn.execute(
        "UPDATE units SET note = CAST(x'41ff42' AS TEXT)"
        " WHERE rowid = (SELECT min(rowid) FROM units)"
    )
    usb = tmp_path / "usb"
    usb.mkdir()
    with pytest.raises(PackageError, match="Kiểm tra dữ liệu"):
        samples.exchange.pack(usb / "goi")
    assert list(usb.iterdir()) == []
