"""Change packages ("gói thay đổi"): only what the other PC lacks, refused where its base is not.

Against real SQLite files, through the workspace service the window and the command line use.
"""

import hashlib
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.errors import UserError
from desktop_app.storage import merge as merge_module
from desktop_app.storage.merge import _broken_link
from desktop_app.storage.package import PackageError, read_package
from desktop_app.workspace import Workspace
from tests.storage.exchange_helpers import snapshot, versions
from tests.storage.test_merge_properties import OPS, _edit


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _carried(path: Path) -> set[tuple[str, str]]:
    """(table, id) of every row a package carries."""
    package = read_package(path, None)
    return {(t, r["id"]) for t, rows in package.rows.items() for r in rows}


def _send(source: Workspace, into: Workspace, out: Path, **how: Any) -> Path:
    packed = source.exchange.pack(out, **how).path
    into.exchange.merge(into.exchange.preview(packed))
    return packed


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace]]:
    """PC A made the data; PC B started empty and took A's whole package, then sent one back."""
    a = Workspace.open(tmp_path / "a" / "data.sqlite", device="pc-a")
    a.plan_import.load_samples()
    b = Workspace.open(tmp_path / "b" / "data.sqlite", device="pc-b")
    _send(a, b, tmp_path / "a-b-full")
    _send(b, a, tmp_path / "b-a-full")
    yield a, b
    for ws in (a, b):
        if ws.is_open:
            ws.close()


UNIT = "Văn phòng HĐND và UBND xã"


def _edit_unit(ws: Workspace, name: str, note: str) -> None:
    unit = next(u for u in ws.directory.units() if u.name == name)
    ws.directory.save_unit(replace(unit, note=note))


def test_a_pc_is_known_by_the_package_it_sent(office: tuple[Workspace, Workspace]) -> None:
    a, b = office
    [known] = a.exchange.known_pcs()
    assert known.device_id == "pc-b"
    assert known.holds["pc-b"]
    assert known.holds["pc-a"]
    assert a.exchange.find_pc("pc-b") == known
    assert a.exchange.find_pc(known.device_name) == known
    with pytest.raises(UserError, match="Không có máy nào"):
        a.exchange.find_pc("máy lạ")
    assert [p.device_id for p in b.exchange.known_pcs()] == ["pc-a"]


def test_a_pc_that_never_sent_a_package_gets_a_whole_one(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "data.sqlite", device="pc-a")
    try:
        with pytest.raises(UserError, match="chưa nhập gói nào"):
            ws.exchange.pack(tmp_path / "x", changes_for="pc-b")
    finally:
        ws.close()


def test_round_trip_carries_only_what_the_other_pc_lacks(
    office: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, b = office
    nothing = a.exchange.pack(tmp_path / "nothing", changes_for="pc-b")
    assert nothing.manifest.is_change
    assert sum(nothing.manifest.counts.values()) == 0
    assert "gói thay đổi" in nothing.message()

    _edit_unit(a, UNIT, "Lần sửa thứ nhất")
    first = a.exchange.pack(tmp_path / "first", changes_for="pc-b")
    assert {t for t, _ in _carried(first.path)} == {"units"}
    preview = b.exchange.preview(first.path)
    assert [(i.kind.value, i.label) for i in preview.merge.items] == [("change", UNIT)]
    b.exchange.merge(preview)
    assert next(u for u in b.directory.units() if u.name == UNIT).note == "Lần sửa thứ nhất"

    # Until B confirms, A keeps sending the first edit too (its package may have been lost).
    other = next(u.name for u in a.directory.units() if u.name != UNIT)
    _edit_unit(a, other, "Lần sửa thứ hai")
    unconfirmed = _carried(a.exchange.pack(tmp_path / "second", changes_for="pc-b").path)
    assert len(unconfirmed) == 2

    _send(b, a, tmp_path / "b-confirms", changes_for="pc-a")
    confirmed = a.exchange.pack(tmp_path / "third", changes_for="pc-b")
    assert len(_carried(confirmed.path)) == 1 < len(unconfirmed)
    b.exchange.merge(b.exchange.preview(confirmed.path))
    assert snapshot(a) == snapshot(b)


def test_a_change_package_without_its_base_is_refused_and_nothing_changes(
    office: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, _b = office
    _edit_unit(a, UNIT, "Sửa sau lần trao đổi")
    packed = a.exchange.pack(tmp_path / "changes", changes_for="pc-b").path

    stranger_path = tmp_path / "c" / "data.sqlite"
    for _ in range(2):  # its first opening settles the new file
        Workspace.open(stranger_path, device="pc-c").close()
    before = _sha(stranger_path)
    stranger = Workspace.open(stranger_path, device="pc-c")
    try:
        with pytest.raises(PackageError, match="gói đầy đủ") as refused:
            stranger.exchange.preview(packed)
        assert "pc-a" not in refused.value.message  # the PC by its name, not its id
        assert "Dữ liệu của bạn không bị thay đổi" in refused.value.message
    finally:
        stranger.close()
    assert _sha(stranger_path) == before


def test_a_change_package_is_not_taken_for_a_whole_one_by_an_older_program(
    office: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, _b = office
    packed = a.exchange.pack(tmp_path / "changes", changes_for="pc-b").path
    with zipfile.ZipFile(packed) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format_version"] == 2
    assert set(manifest["base"]) == {"pc-a", "pc-b"}
    full = a.exchange.pack(tmp_path / "full").path
    with zipfile.ZipFile(full) as archive:
        assert json.loads(archive.read("manifest.json"))["format_version"] == 1


def test_a_change_package_cannot_be_for_chosen_plans(
    office: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, _b = office
    plan = a.plans.summaries()[0].id
    with pytest.raises(UserError, match="không chọn riêng kế hoạch"):
        a.exchange.pack(tmp_path / "x", [plan], changes_for="pc-b")


@pytest.fixture(scope="module")
def shared_start(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A and B after a whole package each way (A made the data)."""
    folder = tmp_path_factory.mktemp("start")
    a = Workspace.open(folder / "a.sqlite", device="pc-a")
    a.plan_import.load_samples()
    b = Workspace.open(folder / "b.sqlite", device="pc-b")
    _send(a, b, folder / "a-b")
    _send(b, a, folder / "b-a")
    a.close()
    b.close()
    return folder / "a.sqlite", folder / "b.sqlite"


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ops_a=st.lists(OPS, max_size=6),
    ops_b=st.lists(OPS, max_size=6),
    skew_days=st.sampled_from([0, 0, -3, 5]),
)
def test_a_change_package_ends_where_the_whole_package_does(
    shared_start: tuple[Path, Path],
    ops_a: list[tuple[Any, ...]],
    ops_b: list[tuple[Any, ...]],
    skew_days: int,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy2(shared_start[0], folder / "a.sqlite")
        shutil.copy2(shared_start[1], folder / "b.sqlite")
        b = Workspace.open(folder / "b.sqlite", device="pc-b")
        _edit(b, ops_b, skew_days)
        b.close()
        # Two copies of the same PC B, to take the whole package on one, the changes on the other.
        for name in ("b1", "b2"):
            shutil.copy2(folder / "b.sqlite", folder / f"{name}.sqlite")
        a = Workspace.open(folder / "a.sqlite", device="pc-a")
        b1 = Workspace.open(folder / "b1.sqlite", device="pc-b")
        b2 = Workspace.open(folder / "b2.sqlite", device="pc-b")
        try:
            _edit(a, ops_a, 0)
            full = a.exchange.pack(folder / "full")
            changes = a.exchange.pack(folder / "changes", changes_for="pc-b")
            assert sum(changes.manifest.counts.values()) <= sum(full.manifest.counts.values())

            b1.exchange.merge(b1.exchange.preview(full.path))
            b2.exchange.merge(b2.exchange.preview(changes.path))

            assert snapshot(b2) == snapshot(b1)
            assert versions(b2) == versions(b1)
        finally:
            for ws in (a, b1, b2):
                ws.close()


def test_a_pc_of_the_same_office_that_lacks_the_base_is_refused_too(
    office: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    """B's data as it was before it took A's whole package (an old backup put back)."""
    a, b = office
    b.close()
    empty_b = tmp_path / "b-old" / "data.sqlite"
    for _ in range(2):
        Workspace.open(empty_b, device="pc-b").close()
    _edit_unit(a, UNIT, "Sửa sau lần trao đổi")
    packed = a.exchange.pack(tmp_path / "changes", changes_for="pc-b").path
    before = _sha(empty_b)
    old = Workspace.open(empty_b, device="pc-b")
    try:
        with pytest.raises(PackageError, match="gói đầy đủ"):
            old.exchange.preview(packed)
    finally:
        old.close()
    assert _sha(empty_b) == before


# ---- what a small merge does not redo ----------------------------------------------------


def test_a_new_note_on_a_unit_reindexes_no_plan_and_a_new_name_reindexes_its_plans(
    office: tuple[Workspace, Workspace], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = office
    reindexed: list[set[str]] = []
    original = b.store.plans.reindex

    def spy(plan_ids: Iterable[str]) -> None:
        reindexed.append(set(plan_ids))
        original(plan_ids)

    monkeypatch.setattr(b.store.plans, "reindex", spy)
    used = next(u for u in a.directory.units() if a.store.plans.live_ids_using([u.id], []))
    _edit_unit(a, used.name, "Chỉ thêm ghi chú")
    _send(a, b, tmp_path / "note", changes_for="pc-b")
    assert reindexed == [set()]

    a.directory.save_unit(replace(used, name="Ban Chuyển đổi số xã"))
    _send(a, b, tmp_path / "name", changes_for="pc-b")
    assert reindexed[-1] == b.store.plans.live_ids_using([used.id], [])
    assert reindexed[-1]
    assert b.plans.summaries("chuyen doi so")


def test_a_row_written_by_a_merge_that_points_nowhere_is_found(
    office: tuple[Workspace, Workspace],
) -> None:
    _a, b = office
    conn = b.store.conn
    task = conn.execute("SELECT id FROM tasks LIMIT 1").fetchone()[0]
    assert _broken_link(conn, {"tasks": {task}}) == ""
    conn.execute("BEGIN")
    try:
        conn.execute("UPDATE tasks SET plan_id = 'khong-co' WHERE id = ?", (task,))
        assert _broken_link(conn, {"tasks": {task}}) == "tasks"
        assert _broken_link(conn, {"units": set()}) == ""  # only the rows written are looked at
        # The whole file at once, the rows written told apart from those broken before.
        many = {str(i) for i in range(merge_module._CHECK_ALL_LINKS + 1)}
        assert _broken_link(conn, {"units": many, "tasks": {task}}) == "tasks"
        assert _broken_link(conn, {"units": many}) == ""
        assert _broken_link(conn, {}, every_row_of={"tasks"}) == "tasks"
    finally:
        conn.execute("ROLLBACK")


def test_a_link_broken_before_a_big_merge_is_not_blamed_on_the_package(
    office: tuple[Workspace, Workspace], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A merge of many rows checks every link of the file at the end; its own are its own."""
    a, b = office
    conn = b.store.conn
    task = conn.execute("SELECT id FROM tasks LIMIT 1").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")  # damage of the file's own, from before
    with b.store.transaction():
        conn.execute("UPDATE tasks SET plan_id = 'khong-co' WHERE id = ?", (task,))
    conn.execute("PRAGMA foreign_keys = ON")
    monkeypatch.setattr(merge_module, "_CHECK_ALL_LINKS", 0)
    _edit_unit(a, UNIT, "Sửa khi máy B có chỗ hỏng")
    packed = a.exchange.pack(tmp_path / "week", changes_for="pc-b").path
    preview = b.exchange.preview(packed)
    assert preview.merge.links_checked_at_end
    b.exchange.merge(preview)
    assert next(u for u in b.directory.units() if u.name == UNIT).note == (
        "Sửa khi máy B có chỗ hỏng"
    )
    # The damage is still there for check-db to find and mend; the merge did not hide it.
    assert not b.exchange.check_db().ok


def test_what_a_third_pc_sent_after_the_confirmation_travels_on(
    office: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    """C's edit made before B confirmed, merged on A after: A's change package for B has it."""
    a, b = office
    c = Workspace.open(tmp_path / "c" / "data.sqlite", device="pc-c")
    try:
        _send(a, c, tmp_path / "a-c")
        _edit_unit(c, UNIT, "Sửa trên máy C")
        from_c = c.exchange.pack(tmp_path / "c-a").path
    finally:
        c.close()
    _send(b, a, tmp_path / "b-confirms", changes_for="pc-a")
    a.exchange.merge(a.exchange.preview(from_c))
    changes = a.exchange.pack(tmp_path / "for-b", changes_for="pc-b")
    unit_id = next(u.id for u in a.directory.units() if u.name == UNIT)
    assert ("units", unit_id) in _carried(changes.path)
    b.exchange.merge(b.exchange.preview(changes.path))
    assert snapshot(a) == snapshot(b)
