"""Parts taken before, in the cases a second reading found where knowing them could differ
from reading every row: a history part not kept, a workspace file read as a package, a row
the file lost and check-db mended.

Each test compares a workspace that knows the parts it took with a copy of the same file
that has forgotten them (so it reads every row), as test_taken_parts.py's property test does.
"""

import contextlib
import json
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import UnitId, new_id
from desktop_app.domain.units import Unit
from desktop_app.storage.backups import BackupReason
from desktop_app.storage.package import HISTORY
from desktop_app.workspace import Workspace
from desktop_app.workspace.exchange import PackagePreview
from tests.storage.exchange_helpers import snapshot, versions

UNIT = "Văn phòng HĐND và UBND xã"


@pytest.fixture
def three(samples_file: Path, tmp_path: Path) -> Iterator[tuple[Workspace, Workspace, Workspace]]:
    """Three PCs of one office, each from a copy of the same start."""
    out = []
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        shutil.copy2(samples_file, tmp_path / name / "data.sqlite")
        out.append(Workspace.open(tmp_path / name / "data.sqlite", device=f"pc-{name}"))
    yield out[0], out[1], out[2]
    for ws in out:
        if ws.is_open:
            ws.close()


def _note(ws: Workspace, note: str) -> None:
    unit = next(u for u in ws.directory.units() if u.name == UNIT)
    ws.directory.save_unit(replace(unit, note=note))


def _parts(package: Path) -> dict[str, str]:
    with zipfile.ZipFile(package) as z:
        manifest = json.loads(z.read("manifest.json"))
    return {name: part["sha256"] for name, part in manifest["parts"].items()}


def _shown(preview: PackagePreview) -> list[tuple[str, str, str]]:
    return [(i.kind.value, i.label, i.default.value) for i in preview.merge.items]


def _forgetting_copy(ws: Workspace, to: Path) -> Workspace:
    """A copy of ``ws``'s file with no part known: it reads every row of every package."""
    ws.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy2(ws.store.path, to)
    conn = sqlite3.connect(to)
    with conn:
        conn.execute("DELETE FROM exchange_taken_parts")
    conn.close()
    return Workspace.open(to, device="pc-b")


def test_a_history_part_found_with_nothing_to_do_is_not_taken(
    three: tuple[Workspace, Workspace, Workspace], tmp_path: Path
) -> None:
    """A package with nothing to write is not merged, so its history is not kept here; yet
    merge() records its history part as taken, and the next package carrying the same
    history part skips it. Reading every row would keep that history and know C's version."""
    a, b, c = three
    _note(c, "Sửa ở máy C")  # earlier stamp
    _note(a, "Sửa ở máy A")  # later stamp: A's wins by default
    b.exchange.merge(b.exchange.preview(a.exchange.pack(tmp_path / "p1").path))
    from_c = c.exchange.pack(tmp_path / "pc").path
    a_takes_c = a.exchange.preview(from_c)
    assert [i.kind.value for i in a_takes_c.merge.items] == ["conflict"]
    a.exchange.merge(a_takes_c)  # A keeps its own; C's version goes to A's history only
    p2 = a.exchange.pack(tmp_path / "p2").path
    p1_parts, p2_parts = _parts(tmp_path / "p1.skh"), _parts(p2)
    assert {n for n in p2_parts if p2_parts[n] != p1_parts[n]} == {HISTORY}
    second = b.exchange.preview(p2)
    assert second.merge.nothing_to_do
    b.exchange.merge(second)  # records p2's history part as taken, keeps none of it
    a.directory.save_unit(Unit(id=UnitId(new_id()), name="Tổ công tác mới"))  # no history
    p3 = a.exchange.pack(tmp_path / "p3").path
    assert _parts(p3)[HISTORY] == p2_parts[HISTORY]
    full = _forgetting_copy(b, tmp_path / "b-full.sqlite")
    try:
        b.exchange.merge(b.exchange.preview(p3))
        full.exchange.merge(full.exchange.preview(p3))
        assert snapshot(b) == snapshot(full)
        # C's own package, later: the file that read every row knows C's version (A had
        # kept it in its history) and has nothing to do; the shortcut's shows a conflict.
        from_c_on_b = [i.kind.value for i in b.exchange.preview(from_c).merge.items]
        from_c_on_full = [i.kind.value for i in full.exchange.preview(from_c).merge.items]
        assert from_c_on_b == from_c_on_full, (from_c_on_b, from_c_on_full)
        assert versions(full) == versions(b)
    finally:
        full.close()


def test_a_workspace_file_read_as_a_package_keeps_its_parts_taken_guard(
    three: tuple[Workspace, Workspace, Workspace], tmp_path: Path
) -> None:
    """A .sqlite file is read through a package; preview() rebuilds the Package without
    already_taken, so the guard against a restore after the preview (_still_taken) is off:
    the merge writes nothing of the parts it skipped and records them as taken."""
    a, _b, _c = three
    empty_path = tmp_path / "e" / "data.sqlite"
    b = Workspace.open(empty_path, device="pc-e")
    try:
        before_any = b.exchange.backup_now(BackupReason.MANUAL)
        a.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        a_file = a.store.path
        b.exchange.merge(b.exchange.preview(a_file))
        again = b.exchange.preview(a_file)
        assert again.package.row_count() == 0  # every part skipped, as taken
        b.exchange.restore_backup(before_any)  # nothing of A here any more
        with contextlib.suppress(UserError):  # what _still_taken is for: it should refuse
            b.exchange.merge(again)
        # Whatever that merge did, reading A's file now must bring A's data here.
        b.exchange.merge(b.exchange.preview(a_file))
        assert snapshot(b) == snapshot(a)
    finally:
        b.close()


def test_a_workspace_file_read_again_says_its_rows_are_already_taken(
    three: tuple[Workspace, Workspace, Workspace],
) -> None:
    """The preview of a .sqlite file read again counts no row at all (0 unchanged, 0 older,
    0 already taken): the clerk is told the file holds nothing."""
    a, b, _c = three
    a.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    b.exchange.merge(b.exchange.preview(a.store.path))
    again = b.exchange.preview(a.store.path)
    assert again.package.row_count() == 0
    assert again.merge.already_taken == sum(again.package.manifest.counts.values())


def test_after_check_db_recreates_a_lost_row_the_package_offers_the_real_one_again(
    three: tuple[Workspace, Workspace, Workspace], tmp_path: Path
) -> None:
    """check-db mends a lost row with a placeholder ("khôi phục"); reading every row of the
    sender's package then shows the real row against it (a conflict the clerk may settle);
    the shortcut shows nothing, and the placeholder stays for good."""
    a, b, _c = three
    _note(a, "Sửa ở máy A")
    package = a.exchange.pack(tmp_path / "p1").path
    b.exchange.merge(b.exchange.preview(package))
    conn = b.store.conn
    conn.execute("PRAGMA foreign_keys = OFF")
    with b.store.transaction():
        conn.execute("DELETE FROM units WHERE name = ?", (UNIT,))
    conn.execute("PRAGMA foreign_keys = ON")
    assert b.exchange.repair_db()
    full = _forgetting_copy(b, tmp_path / "b-full.sqlite")
    try:
        read = full.exchange.preview(package)
        assert [i.kind.value for i in read.merge.items] == ["conflict"]
        assert _shown(b.exchange.preview(package)) == _shown(read)
    finally:
        full.close()
