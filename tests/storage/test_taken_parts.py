"""Parts taken before: a package part merged here once is known, byte for byte, unread.

Against real SQLite files, through the workspace service the window and the command line
use. The property test holds the shortcut to what reading every row gives.
"""

import json
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.errors import UserError
from desktop_app.storage import migrations, peers
from desktop_app.storage.backups import BackupReason
from desktop_app.storage.merge_plan import Side
from desktop_app.storage.package import HISTORY, PackageError, _RowReader, table_part
from desktop_app.storage.store import Store
from desktop_app.workspace import Workspace
from tests.storage.exchange_helpers import open_two_pcs, snapshot, versions
from tests.storage.test_merge_properties import OPS, _edit

UNIT = "Văn phòng HĐND và UBND xã"


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace, Path]]:
    """PC A made the data and packed it whole; PC B started empty and merged that package."""
    a = Workspace.open(tmp_path / "a" / "data.sqlite", device="pc-a")
    a.plan_import.load_samples()
    b = Workspace.open(tmp_path / "b" / "data.sqlite", device="pc-b")
    package = a.exchange.pack(tmp_path / "a-full").path
    b.exchange.merge(b.exchange.preview(package))
    yield a, b, package
    for ws in (a, b):
        if ws.is_open:
            ws.close()


@pytest.fixture
def tables_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The tables whose rows the package reader reads one by one, from now on."""
    read: list[str] = []
    original = _RowReader.table

    def spy(self: _RowReader, archive: Any, table: str, *args: Any) -> Any:
        read.append(table)
        return original(self, archive, table, *args)

    monkeypatch.setattr(_RowReader, "table", spy)
    return read


def _rows_of(package: Path) -> int:
    with zipfile.ZipFile(package) as z:
        return sum(json.loads(z.read("manifest.json"))["counts"].values())


def _forget_taken(path: Path) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM exchange_taken_parts")
    conn.close()


def test_a_package_merged_again_is_known_without_reading_a_row(
    office: tuple[Workspace, Workspace, Path], tables_read: list[str]
) -> None:
    _a, b, package = office
    before = snapshot(b)
    again = b.exchange.preview(package)
    assert tables_read == []
    assert again.package.row_count() == 0
    assert again.package.history == []
    assert table_part("units") in again.package.already_taken
    assert HISTORY in again.package.already_taken
    merge = again.merge
    assert merge.items == ()
    assert merge.nothing_to_do
    assert merge.already_taken == _rows_of(package)
    assert (merge.unchanged, merge.older) == (0, 0)
    assert f"{merge.already_taken} bản ghi đã có từ lần nhập trước" in merge.unchanged_text()
    b.exchange.merge(again)
    assert snapshot(b) == before


def test_only_the_parts_that_changed_are_read(
    office: tuple[Workspace, Workspace, Path], tmp_path: Path, tables_read: list[str]
) -> None:
    a, b, _package = office
    unit = next(u for u in a.directory.units() if u.name == UNIT)
    a.directory.save_unit(replace(unit, note="Sửa sau lần gửi trước"))
    second = a.exchange.pack(tmp_path / "a-full-2").path
    preview = b.exchange.preview(second)
    assert tables_read == ["units"]
    assert [(i.kind.value, i.label) for i in preview.merge.items] == [("change", UNIT)]
    b.exchange.merge(preview)
    assert snapshot(a) == snapshot(b)


def test_a_file_brought_back_from_before_the_merge_reads_the_package_anew(
    tmp_path: Path,
) -> None:
    a = Workspace.open(tmp_path / "a" / "data.sqlite", device="pc-a")
    a.plan_import.load_samples()
    b = Workspace.open(tmp_path / "b" / "data.sqlite", device="pc-b")
    try:
        package = a.exchange.pack(tmp_path / "a-full").path
        empty = b.exchange.backup_now(BackupReason.MANUAL)
        b.exchange.merge(b.exchange.preview(package))
        b.exchange.restore_backup(empty)
        preview = b.exchange.preview(package)
        assert preview.merge.already_taken == 0
        assert preview.merge.items  # all of it is new again
        b.exchange.merge(preview)
        assert snapshot(a) == snapshot(b)
    finally:
        a.close()
        b.close()


def test_what_was_taken_forgotten_after_the_preview_makes_the_merge_refuse(
    office: tuple[Workspace, Workspace, Path],
) -> None:
    _a, b, package = office
    again = b.exchange.preview(package)
    assert again.merge.already_taken
    with b.store.transaction():
        b.store.conn.execute("DELETE FROM exchange_taken_parts")
    before = snapshot(b)
    with pytest.raises(UserError, match="xem trước lại"):
        b.exchange.merge(again)
    assert snapshot(b) == before


def test_a_manifest_that_miscounts_a_taken_part_is_refused(
    office: tuple[Workspace, Workspace, Path], tmp_path: Path
) -> None:
    _a, b, package = office
    with zipfile.ZipFile(package) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    manifest = json.loads(parts["manifest.json"])
    manifest["counts"]["units"] += 1
    parts["manifest.json"] = json.dumps(manifest).encode()
    lying = tmp_path / "lying.skh"
    with zipfile.ZipFile(lying, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    before = snapshot(b)
    with pytest.raises(PackageError, match="bảng units có"):
        b.exchange.preview(lying)
    assert snapshot(b) == before


def test_a_migration_forgets_the_parts_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data.sqlite"
    store = Store(path, "dev")
    with store.transaction():
        store.conn.execute(
            "INSERT INTO exchange_taken_parts VALUES ('data/units.jsonl', 'ab', 3, '2026')"
        )
    store.close()

    def later_step(db: Any) -> None:
        db.execute("CREATE TABLE later_step (x)")

    monkeypatch.setattr(migrations, "STEPS", (*migrations.STEPS, later_step))
    monkeypatch.setattr(migrations, "LATEST", len(migrations.STEPS))
    store = Store(path, "dev")
    try:
        assert store.conn.execute("SELECT count(*) FROM exchange_taken_parts").fetchone() == (0,)
    finally:
        store.close()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ops_a=st.lists(OPS, max_size=5),
    ops_b=st.lists(OPS, max_size=5),
    ops_b_after=st.lists(OPS, max_size=5),
    side=st.sampled_from([None, Side.LOCAL, Side.INCOMING]),
    skew_days=st.sampled_from([0, -3, 5]),
)
def test_a_package_known_by_its_parts_merges_as_reading_every_row_would(  # noqa: PLR0917
    samples_file: Path,
    ops_a: list[tuple[Any, ...]],
    ops_b: list[tuple[Any, ...]],
    ops_b_after: list[tuple[Any, ...]],
    side: Side | None,
    skew_days: int,
) -> None:
    """Whatever B did since it took A's package (with any choice on its conflicts)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        a, b = open_two_pcs(samples_file, folder)
        try:
            _edit(a, ops_a, 0)
            _edit(b, ops_b, skew_days)
            package = a.exchange.pack(folder / "a.skh").path
            first = b.exchange.preview(package)
            choices = {} if side is None else {i.key: side for i in first.merge.conflicts}
            b.exchange.merge(first, choices)
            _edit(b, ops_b_after, skew_days)
            b.close()
            # The same file, once knowing the parts it took and once not.
            read_all = folder / "b-read-all.sqlite"
            shutil.copy2(folder / "b" / "data.sqlite", read_all)
            _forget_taken(read_all)
            b = Workspace.open(folder / "b" / "data.sqlite", device="pc-b")
            full = Workspace.open(read_all, device="pc-b")
            try:
                known = b.exchange.preview(package)
                read = full.exchange.preview(package)
                assert known.merge.already_taken == _rows_of(package)
                assert known.merge.items == read.merge.items == ()
                b.exchange.merge(known)
                full.exchange.merge(read)
                # The same rows, and the same versions kept in history (reading finds a
                # version already there again and keeps it once).
                assert snapshot(b) == snapshot(full)
                assert versions(b) == versions(full)
            finally:
                full.close()
        finally:
            a.close()
            if b.is_open:
                b.close()


def test_parts_taken_by_another_version_of_the_program_are_read_again(
    office: tuple[Workspace, Workspace, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newer program may decide a merge otherwise without a change of schema."""
    _a, b, package = office
    assert b.exchange.preview(package).merge.already_taken
    monkeypatch.setattr(peers, "__version__", "99.0")
    again = b.exchange.preview(package)
    assert again.merge.already_taken == 0
    assert again.package.row_count() > 0  # read again, row by row
    b.exchange.merge(again)  # nothing new: its parts are known from now on, to this version
    assert b.exchange.preview(package).merge.already_taken == _rows_of(package)
