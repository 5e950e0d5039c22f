"""Unlucky storage (issue 22): a full disk, a 0-byte or foreign file, damaged pages."""

import dataclasses
import shutil
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest

from desktop_app.domain.errors import UserError
from desktop_app.storage.errors import StorageError
from desktop_app.storage.package import PackageError
from desktop_app.workspace import Workspace
from tests.conftest import DEVICE, sample_plan_id


def test_a_full_disk_is_reported_as_a_full_disk_not_cannot_rollback(samples: Workspace) -> None:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    conn = samples.store.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk fills at the next page
    long_notes = "Ghi chú rất dài. " * 10_000
    with pytest.raises(StorageError) as full:
        samples.plans.save(dataclasses.replace(plan, notes=long_notes))
    assert "Ổ đĩa đã đầy" in str(full.value)
    assert "rollback" not in str(full.value)
    conn.execute(f"PRAGMA max_page_count = {pages * 100}")
    assert samples.plans.get(plan.id).notes == plan.notes  # nothing half saved


def test_a_disk_that_fills_mid_transaction_is_not_masked_by_the_rollback(tmp_path: Path) -> None:
    from desktop_app.storage.db import transaction, translate  # noqa: PLC0415

    conn = sqlite3.connect(tmp_path / "w.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("PRAGMA max_page_count = 20")

    # SQLite rolls the whole transaction back by itself on this error.
    def fill() -> None:
        with transaction(conn):
            for _ in range(1000):
                conn.execute("INSERT INTO t VALUES (?)", ("x" * 2000,))

    with pytest.raises(sqlite3.OperationalError) as full:
        fill()
    assert "full" in str(full.value)
    assert "Ổ đĩa đã đầy" in str(translate(full.value))
    conn.close()


def test_a_zero_byte_file_is_refused_not_made_a_new_workspace(tmp_path: Path) -> None:
    empty = tmp_path / "du-lieu.sqlite"
    empty.write_bytes(b"")
    with pytest.raises(StorageError, match="trống"):
        Workspace.open(empty, device=DEVICE)
    assert empty.read_bytes() == b""
    assert not list(tmp_path.glob("du-lieu.sqlite-*"))


def test_a_foreign_sqlite_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    foreign = tmp_path / "khac.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE customers (name TEXT)")
    conn.commit()
    conn.close()
    before = foreign.read_bytes()
    with pytest.raises(StorageError, match="chương trình khác"):
        Workspace.open(foreign, device=DEVICE)
    assert foreign.read_bytes() == before


def _damage_pages(source: Path, target: Path, pages: range) -> None:
    shutil.copy2(source, target)
    data = bytearray(target.read_bytes())
    size = 4096
    for page in pages:
        start = page * size
        data[start : start + size] = bytes(size)
    target.write_bytes(bytes(data))


def test_a_damaged_page_is_found_at_open_with_a_message(samples_path: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "hong.sqlite"
    _damage_pages(samples_path, damaged, range(5, 7))
    with pytest.raises(UserError, match="bị hỏng") as refused:
        Workspace.open(damaged, device=DEVICE)
    assert "restore" in str(refused.value)


def test_check_db_reports_damage_it_meets_instead_of_raising(samples: Workspace) -> None:
    conn = samples.store.conn

    class Failing:
        def execute(self, sql: str, params: Sequence[object] = ()) -> object:
            if "integrity_check" in sql:
                raise sqlite3.DatabaseError("database disk image is malformed")
            return conn.execute(sql, params)

    from desktop_app.storage import integrity  # noqa: PLC0415

    report = integrity.check(Failing())  # type: ignore[arg-type]
    assert not report.sqlite_ok
    assert "khôi phục" in report.summary_text()


@pytest.mark.parametrize("failure", ["damaged page", "verify"])
def test_pack_leaves_no_temporary_or_half_file_on_any_failure(
    samples: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    from desktop_app.storage import package  # noqa: PLC0415

    if failure == "damaged page":
        written = 0

        def write(self: object, lines: object) -> None:
            nonlocal written
            written += 1
            if written > 2:  # the third batch of rows, a few tables in
                raise sqlite3.DatabaseError("database disk image is malformed")

        monkeypatch.setattr(package._Member, "write", write)
    else:

        def verify(out: Path, _manifest: object, **_shown: object) -> None:
            raise PackageError(f"Tệp gói {out} ghi ra không đọc lại được.")

        monkeypatch.setattr(package, "_verify", verify)
    usb = tmp_path / "usb"
    with pytest.raises(UserError):
        samples.exchange.pack(usb / "goi")
    assert list(usb.iterdir()) == []


def _package_with_many_rows(good: Path, out: Path, copies: int) -> tuple[Path, int]:
    """``good`` with its tasks copied ``copies`` times under new ids."""
    import hashlib  # noqa: PLC0415
    import json  # noqa: PLC0415
    import zipfile  # noqa: PLC0415

    with zipfile.ZipFile(good) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    manifest = json.loads(parts["manifest.json"])
    name = "data/tasks.jsonl"
    rows = [json.loads(line) for line in parts[name].splitlines()]
    lines = [
        json.dumps({**row, "id": f"{row['id'][:40]}-{n}"}, ensure_ascii=False)
        for n in range(copies)
        for row in rows
    ]
    data = ("\n".join(lines) + "\n").encode()
    parts[name] = data
    manifest["parts"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    manifest["counts"]["tasks"] = len(lines)
    parts["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for part, content in parts.items():
            z.writestr(part, content)
    return out, len(data)


def test_a_big_package_is_read_as_a_stream_and_held_compressed(
    samples: Workspace, tmp_path: Path
) -> None:
    import tracemalloc  # noqa: PLC0415

    from desktop_app.storage.package import read_package  # noqa: PLC0415

    good = samples.exchange.pack(tmp_path / "good").path
    big, uncompressed = _package_with_many_rows(good, tmp_path / "big.skh", 200)
    tracemalloc.start()
    package = read_package(big, None)
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(package.rows["tasks"]) > 10_000
    # Before: the part's bytes, its text, its lines and every row as a dict (about 7 times
    # the JSON). Now a chunk at a time, and the rows kept compressed.
    assert peak < uncompressed / 2, (peak, uncompressed)
    assert package.rows["tasks"][-1]["id"].endswith("-199")


def test_a_package_over_the_row_cap_is_refused(
    samples: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.storage import package  # noqa: PLC0415

    good = samples.exchange.pack(tmp_path / "good").path
    monkeypatch.setattr(package, "MAX_ROWS", 100)
    with pytest.raises(PackageError, match="quá giới hạn"):
        samples.exchange.preview(good)
