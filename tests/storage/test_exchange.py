"""Packages and merges between two PCs that share one workspace, against real SQLite files."""

import hashlib
import io
import json
import shutil
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import UnitId, new_id
from desktop_app.domain.plans import PlanStatus
from desktop_app.domain.units import UNIT_KIND_LABELS, Unit, UnitKind
from desktop_app.storage import package as package_module
from desktop_app.storage.errors import StorageError
from desktop_app.storage.merge_plan import ItemKind, Side
from desktop_app.storage.package import PackageError
from desktop_app.workspace import Workspace
from desktop_app.workspace.workspace_files import safe_workspace_path
from tests.conftest import DEVICE, sample_plan_id
from tests.storage.exchange_helpers import disk_fills_at, pack_is_refused_leaving_nothing, snapshot


@pytest.fixture
def pcs(samples_path: Path, tmp_path: Path) -> Iterator[tuple[Workspace, Workspace]]:
    """Two office PCs that started from the same workspace file."""
    a_path, b_path = tmp_path / "pc-a" / "data.sqlite", tmp_path / "pc-b" / "data.sqlite"
    for path in (a_path, b_path):
        path.parent.mkdir()
        shutil.copy2(samples_path, path)
    a, b = Workspace.open(a_path, device="pc-a"), Workspace.open(b_path, device="pc-b")
    yield a, b
    for ws in (a, b):
        if ws.is_open:
            ws.close()


def _unit(ws: Workspace, name: str) -> Unit:
    return next(u for u in ws.directory.units() if u.name == name)


UNIT = "Văn phòng HĐND và UBND xã"


def _edit_unit(ws: Workspace, **changes: object) -> None:
    ws.directory.save_unit(replace(_unit(ws, UNIT), **changes))  # type: ignore[arg-type]


def _merge(into: Workspace, source: Workspace, tmp_path: Path, name: str) -> None:
    result = source.exchange.pack(tmp_path / name)
    into.exchange.merge(into.exchange.preview(result.path))


def test_an_edit_on_one_pc_arrives_on_the_other_and_twice_changes_nothing(
    pcs: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, b = pcs
    _edit_unit(a, note="Sửa trên máy A")
    packed = a.exchange.pack(tmp_path / "goi-a")
    assert packed.path.name == "goi-a.skh"
    assert "Có thể rút USB ra" in packed.message()

    preview = b.exchange.preview(packed.path)
    assert [(i.kind, i.what, i.label) for i in preview.merge.items] == [
        (ItemKind.CHANGE, "Đơn vị", UNIT)
    ]
    change = preview.merge.items[0].fields
    assert [(f.label, f.local, f.incoming) for f in change] == [("Ghi chú", "", "Sửa trên máy A")]
    result = b.exchange.merge(preview)
    assert (result.changed, result.conflicts) == (1, 0)
    assert _unit(b, UNIT).note == "Sửa trên máy A"

    before = snapshot(b)
    again = b.exchange.preview(packed.path)
    assert again.merge.items == ()
    b.exchange.merge(again)
    assert snapshot(b) == before


def test_a_conflict_defaults_to_the_later_edit_and_keeps_the_other_in_history(
    pcs: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, b = pcs
    _edit_unit(b, note="Sửa trên máy B (trước)")
    _edit_unit(a, note="Sửa trên máy A (sau)")
    preview = b.exchange.preview(a.exchange.pack(tmp_path / "a").path)
    (conflict,) = preview.merge.conflicts
    assert conflict.default is Side.INCOMING
    assert conflict.when(Side.LOCAL)
    assert conflict.when(Side.INCOMING)
    b.exchange.merge(preview)
    assert _unit(b, UNIT).note == "Sửa trên máy A (sau)"
    notes = [h.values["note"] for h in b.exchange.history(table="units")]
    assert "Sửa trên máy B (trước)" in notes

    # Back to A: B now holds A's version, which A already has: nothing to do.
    back = a.exchange.preview(b.exchange.pack(tmp_path / "b").path)
    assert back.merge.items == ()


def test_choosing_the_other_side_sticks_and_travels_back(
    pcs: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, b = pcs
    _edit_unit(b, note="Bản của B")
    _edit_unit(a, note="Bản của A")
    preview = b.exchange.preview(a.exchange.pack(tmp_path / "a").path)
    (conflict,) = preview.merge.conflicts
    b.exchange.merge(preview, {conflict.key: Side.LOCAL})
    assert _unit(b, UNIT).note == "Bản của B"
    assert "Bản của A" in [h.values["note"] for h in b.exchange.history(table="units")]

    # A sees B's choice as a plain change (B had seen A's version), not a new conflict.
    back = a.exchange.preview(b.exchange.pack(tmp_path / "b").path)
    assert [(i.kind, i.label) for i in back.merge.items] == [(ItemKind.CHANGE, UNIT)]
    a.exchange.merge(back)
    assert _unit(a, UNIT).note == "Bản của B"


def test_both_ways_give_the_same_data(pcs: tuple[Workspace, Workspace], tmp_path: Path) -> None:
    a, b = pcs
    _edit_unit(a, note="A")
    _edit_unit(b, note="B", short_name="VP")
    plan = a.plans.get(sample_plan_id(a, "kon_tum"))
    a.plans.save(replace(plan, tasks=plan.tasks[1:]))
    b.directory.save_unit(Unit(id=UnitId(new_id()), name="Tổ công nghệ số cộng đồng"))
    pack_a, pack_b = a.exchange.pack(tmp_path / "a").path, b.exchange.pack(tmp_path / "b").path
    a.exchange.merge(a.exchange.preview(pack_b))
    b.exchange.merge(b.exchange.preview(pack_a))
    assert snapshot(a) == snapshot(b)


def test_a_deleted_plan_is_deleted_on_the_other_pc_and_can_be_restored(
    pcs: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, b = pcs
    plan_id = sample_plan_id(a, "tan_ky")
    a.plans.delete(plan_id)
    preview = b.exchange.preview(a.exchange.pack(tmp_path / "a").path)
    assert [(i.kind, i.what) for i in preview.merge.items] == [(ItemKind.DELETE, "Kế hoạch")]
    b.exchange.merge(preview)
    assert plan_id not in [p.id for p in b.plans.summaries()]
    assert [t.id for t in b.plans.trash() if t.id == plan_id]
    assert not b.plans.summaries("268/NQ-CP")  # the search index follows the merge


def test_a_plan_package_carries_the_units_and_hamlets_it_names(
    samples: Workspace, tmp_path: Path
) -> None:
    plan_id = sample_plan_id(samples, "phu_lac")
    packed = samples.exchange.pack(tmp_path / "phu-lac", [plan_id])
    assert packed.manifest.plans[0].id == plan_id
    assert packed.manifest.counts["hamlets"] >= 48
    assert packed.manifest.counts["plans"] == 1

    fresh = Workspace.open(tmp_path / "fresh.sqlite", device="pc-c")
    preview = fresh.exchange.preview(packed.path)
    assert preview.merge.adopt_workspace
    fresh.exchange.merge(preview)
    assert fresh.store.workspace_id == samples.store.workspace_id
    assert fresh.plans.get(plan_id) == samples.plans.get(plan_id)
    assert fresh.plans.summaries("phu lac")
    assert fresh.exchange.check_db().ok
    fresh.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rewrite(source: Path, out: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of the package with some members replaced (None: removed)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in change:
                continue
            zout.writestr(info.filename, zin.read(info.filename))
        for name, data in change.items():
            if data is not None:
                zout.writestr(name, data)
    return out


def _manifest(source: Path) -> dict[str, object]:
    with zipfile.ZipFile(source) as z:
        data: dict[str, object] = json.loads(z.read("manifest.json"))
    return data


def _bad_packages(good: Path, tmp_path: Path) -> dict[str, tuple[Path, str]]:
    data = good.read_bytes()
    truncated = tmp_path / "cut.skh"
    truncated.write_bytes(data[: len(data) // 2])
    junk = tmp_path / "junk.skh"
    junk.write_bytes(bytes(range(256)) * 40)
    units = zipfile.ZipFile(good).read("data/units.jsonl")
    corrupted = _rewrite(
        good, tmp_path / "corrupt.skh", {"data/units.jsonl": units.replace(b"x", b"y", 1)}
    )
    bomb = tmp_path / "bomb.skh"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", zipfile.ZipFile(good).read("manifest.json"))
        with z.open("data/units.jsonl", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(600):
                member.write(block)
    escape = _rewrite(good, tmp_path / "escape.skh", {"../../evil.txt": b"x"})
    newer = _manifest(good) | {"format_version": 99}
    wrong_version = _rewrite(
        good, tmp_path / "newer.skh", {"manifest.json": json.dumps(newer).encode()}
    )
    schema = _manifest(good) | {"schema": 99}
    newer_schema = _rewrite(
        good, tmp_path / "schema.skh", {"manifest.json": json.dumps(schema).encode()}
    )
    foreign = _manifest(good) | {"workspace_id": "another-office"}
    foreign_pkg = _rewrite(
        good, tmp_path / "foreign.skh", {"manifest.json": json.dumps(foreign).encode()}
    )
    missing = _rewrite(good, tmp_path / "missing.skh", {"data/tasks.jsonl": None})
    return {
        "truncated": (truncated, "hỏng hay chép thiếu"),
        "junk": (junk, "không phải một gói dữ liệu"),
        "corrupted": (corrupted, "không đúng mã kiểm tra"),
        "zip bomb": (bomb, "bom nén"),
        "path escape": (escape, "đường dẫn nguy hiểm"),
        "newer format": (wrong_version, "phiên bản mới hơn"),
        "newer schema": (newer_schema, "cập nhật chương trình"),
        "foreign": (foreign_pkg, "bộ dữ liệu khác"),
        "missing part": (missing, "thiếu phần data/tasks.jsonl"),
    }


def test_broken_and_hostile_packages_are_refused_and_change_nothing(
    pcs: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, b = pcs
    _edit_unit(a, note="A")
    good = a.exchange.pack(tmp_path / "good").path
    b_path = b.path
    b.close()
    before = _digest(b_path)
    for name, (path, message) in _bad_packages(good, tmp_path).items():
        ws = Workspace.open(b_path, device="pc-b")
        with pytest.raises(PackageError, match=message):
            ws.exchange.merge(ws.exchange.preview(path))
        ws.close()
        assert _digest(b_path) == before, name
        assert not list(b_path.parent.glob("sao-luu/*")), name


def test_an_oversized_package_is_refused_before_it_is_opened(
    samples: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = samples.exchange.pack(tmp_path / "good").path
    monkeypatch.setattr(package_module, "MAX_PACKAGE_BYTES", good.stat().st_size - 1)
    with pytest.raises(PackageError, match="quá giới hạn"):
        samples.exchange.preview(good)


def test_rows_that_do_not_fit_the_schema_or_point_nowhere_are_refused(
    samples: Workspace, tmp_path: Path
) -> None:
    good = samples.exchange.pack(tmp_path / "good").path
    fresh = Workspace.open(tmp_path / "fresh.sqlite", device="pc-c")

    def tampered(name: str, table: str, edit: dict[str, object]) -> Path:
        with zipfile.ZipFile(good) as z:
            lines = z.read(f"data/{table}.jsonl").decode().splitlines()
            manifest = json.loads(z.read("manifest.json"))
        row = json.loads(lines[0]) | edit
        lines[0] = json.dumps(row, ensure_ascii=False)
        data = ("\n".join(lines) + "\n").encode()
        manifest["parts"][f"data/{table}.jsonl"] = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
        }
        return _rewrite(
            good,
            tmp_path / name,
            {f"data/{table}.jsonl": data, "manifest.json": json.dumps(manifest).encode()},
        )

    cases = {
        "dangling": (tampered("d.skh", "task_units", {"unit_id": "nowhere"}), "không có"),
        "type": (tampered("t.skh", "tasks", {"position": "một"}), "sai kiểu"),
        "column": (tampered("c.skh", "units", {"password": "x"}), "cột lạ"),
        "stamp": (tampered("s.skh", "units", {"updated_at": "hôm qua"}), "thời điểm sửa"),
        "required": (tampered("r.skh", "plans", {"title": None}), "thiếu giá trị"),
    }
    for name, (path, message) in cases.items():
        with pytest.raises(PackageError, match=message):
            fresh.exchange.preview(path)
        assert fresh.plans.count() == 0, name
    fresh.close()


def test_a_package_that_cannot_be_written_leaves_no_file(
    samples: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("desktop_app.storage.package.os.replace", full_disk)
    with pytest.raises(PackageError, match="đã đầy"):
        samples.exchange.pack(tmp_path / "usb" / "goi")
    assert list((tmp_path / "usb").iterdir()) == []


def test_a_pc_whose_clock_is_days_behind_still_wins_with_a_later_edit(
    pcs: tuple[Workspace, Workspace], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = pcs
    _edit_unit(a, note="A, đồng hồ đúng")
    b.exchange.merge(b.exchange.preview(a.exchange.pack(tmp_path / "a").path))
    # B's clock is three days behind; the clerk on B edits after receiving A's version.
    with monkeypatch.context() as clock:
        clock.setattr("desktop_app.storage.rows.now_iso", lambda: "2026-01-01T00:00:00.000000Z")
        _edit_unit(b, note="B, đồng hồ chậm, sửa sau")
    stamp_a = a.store.conn.execute("SELECT max(updated_at) FROM units").fetchone()[0]
    stamp_b = b.store.conn.execute(
        "SELECT updated_at FROM units WHERE id = ?", (_unit(b, UNIT).id,)
    ).fetchone()[0]
    assert stamp_b > stamp_a  # the hybrid clock kept the order

    back = a.exchange.preview(b.exchange.pack(tmp_path / "b").path)
    assert [i.kind for i in back.merge.items] == [ItemKind.CHANGE]
    a.exchange.merge(back)
    assert _unit(a, UNIT).note == "B, đồng hồ chậm, sửa sau"


def test_a_pc_whose_clock_runs_ahead_is_pointed_out(
    pcs: tuple[Workspace, Workspace], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = pcs
    with monkeypatch.context() as clock:
        clock.setattr("desktop_app.storage.rows.now_iso", lambda: "2099-01-01T00:00:00.000000Z")
        _edit_unit(a, note="tương lai")
    preview = b.exchange.preview(a.exchange.pack(tmp_path / "a").path)
    assert "nhanh hơn máy này" in preview.merge.warnings[0]


def test_the_same_name_added_on_both_pcs_ends_the_same_on_both(
    pcs: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, b = pcs
    a.directory.save_unit(Unit(id=UnitId(new_id()), name="Tổ dân vận"))
    b.directory.save_unit(Unit(id=UnitId(new_id()), name="Tổ Dân vận"))
    a.store.set_setting("office.commune", "Xã A")
    b.store.set_setting("office.commune", "Xã B")
    pack_a, pack_b = a.exchange.pack(tmp_path / "a").path, b.exchange.pack(tmp_path / "b").path
    a.exchange.merge(a.exchange.preview(pack_b))
    b.exchange.merge(b.exchange.preview(pack_a))
    assert snapshot(a) == snapshot(b)
    names = sorted(u.name for u in a.directory.units() if "ân vận" in u.name)
    assert len(names) == 2
    assert any("(trùng tên)" in n for n in names)
    assert a.store.get_setting("office.commune") == b.store.get_setting("office.commune")


def test_a_foreign_workspace_is_refused_but_an_empty_one_joins(
    samples: Workspace, tmp_path: Path
) -> None:
    packed = samples.exchange.pack(tmp_path / "goi").path
    other = Workspace.open(tmp_path / "other.sqlite", device="pc-x")
    other.directory.save_unit(Unit(id=UnitId(new_id()), name="Đơn vị riêng"))
    with pytest.raises(PackageError, match="bộ dữ liệu khác"):
        other.exchange.preview(packed)
    other.close()
    empty = Workspace.open(tmp_path / "empty.sqlite", device="pc-y")
    empty.exchange.merge(empty.exchange.preview(packed))
    assert empty.plans.count() == samples.plans.count()
    assert snapshot(empty) == snapshot(samples)
    empty.close()


def test_the_data_changing_after_the_preview_stops_the_merge(
    pcs: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, b = pcs
    _edit_unit(a, note="A")
    preview = b.exchange.preview(a.exchange.pack(tmp_path / "a").path)
    _edit_unit(b, note="B, trong lúc xem trước")
    with pytest.raises(UserError, match="xem trước lại"):
        b.exchange.merge(preview)
    assert _unit(b, UNIT).note == "B, trong lúc xem trước"


def test_an_earlier_version_can_be_restored_from_history(
    pcs: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, b = pcs
    _edit_unit(b, note="Bản B")
    _edit_unit(a, note="Bản A")
    b.exchange.merge(b.exchange.preview(a.exchange.pack(tmp_path / "a").path))
    entry = next(h for h in b.exchange.history(table="units") if h.values["note"] == "Bản B")
    assert entry.reason_text == "Xung đột khi nhập gói"
    assert [(d.label, d.local, d.incoming) for d in entry.differences] == [
        ("Ghi chú", "Bản A", "Bản B")
    ]
    b.exchange.restore_version(entry.seq)
    assert _unit(b, UNIT).note == "Bản B"


def test_a_workspace_file_from_a_stick_is_copied_in_or_merged(
    pcs: tuple[Workspace, Workspace], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = pcs
    _edit_unit(a, note="Trên USB")
    stick = tmp_path / "usb"
    stick.mkdir()
    a.close()
    on_stick = stick / "data.sqlite"
    shutil.copy2(a.path, on_stick)
    monkeypatch.setenv("SO_KE_HOACH_REMOVABLE", str(stick))

    opened, message = safe_workspace_path(on_stick)
    assert opened != on_stick
    assert not opened.is_relative_to(stick)
    assert "nằm trên USB" in message
    assert _digest(opened) == _digest(on_stick)
    assert safe_workspace_path(b.path) == (b.path, "")

    # Or merged: the stick's workspace file is read like a package.
    preview = b.exchange.preview(on_stick)
    assert [i.label for i in preview.merge.items] == [UNIT]
    b.exchange.merge(preview)
    assert _unit(b, UNIT).note == "Trên USB"


def test_package_contents_are_plain_json_lines_with_a_manifest(
    samples: Workspace, tmp_path: Path
) -> None:
    packed = samples.exchange.pack(tmp_path / "goi").path
    with zipfile.ZipFile(packed) as z:
        manifest = json.loads(z.read("manifest.json"))
        names = set(z.namelist())
        first = z.read("data/plans.jsonl").decode().splitlines()[0]
    assert manifest["format"] == "so-ke-hoach/goi-du-lieu"
    assert manifest["workspace_id"] == samples.store.workspace_id
    assert manifest["counts"]["plans"] == 5
    assert set(manifest["parts"]) | {"manifest.json"} == names
    assert json.loads(first)["id"]
    assert io.BytesIO(packed.read_bytes()).read(2) == b"PK"


def test_a_setting_made_on_both_pcs_under_different_ids_converges(
    pcs: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, b = pcs
    # Workspaces made before setting ids came from their key gave each PC its own id.
    for ws, value in ((a, "một"), (b, "Hai")):
        with ws.store.transaction():
            ws.store.writer.put(
                "settings", {"id": new_id(), "key": "office.commune", "value": value}
            )
    pack_a, pack_b = a.exchange.pack(tmp_path / "a").path, b.exchange.pack(tmp_path / "b").path
    a.exchange.merge(a.exchange.preview(pack_b))
    b.exchange.merge(b.exchange.preview(pack_a))
    assert snapshot(a) == snapshot(b)
    assert a.exchange.preview(pack_b).merge.items == ()
    assert b.exchange.preview(pack_a).merge.items == ()


def test_the_preview_and_history_speak_the_clerks_words(
    pcs: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, b = pcs
    plan_id = sample_plan_id(a, "tan_ky")
    a.plans.set_status(plan_id, PlanStatus.DONE)
    before = _unit(a, UNIT)
    _edit_unit(a, kind=UnitKind.OTHER, short_name="VP")
    preview = b.exchange.preview(a.exchange.pack(tmp_path / "a").path)
    fields = {(i.what, f.label, f.local, f.incoming) for i in preview.merge.items for f in i.fields}
    assert ("Kế hoạch", "Trạng thái", "Đã ban hành", "Hoàn thành") in fields
    assert ("Đơn vị", "Tên viết gọn", before.short_name, "VP") in fields
    kinds = (UNIT_KIND_LABELS[before.kind], UNIT_KIND_LABELS[UnitKind.OTHER])
    assert ("Đơn vị", "Loại", *kinds) in fields
    assert all(not f.label.endswith("_id") for i in preview.merge.items for f in i.fields)
    b.exchange.merge(preview)
    # The version A replaced came along, named by the PC that replaced it.
    assert b.exchange.history(table="units")[0].device_text == "máy pc-a"
    _edit_unit(b, note="sửa ở đây")
    assert b.exchange.history(table="units")[0].device_text == "máy này"


def test_a_folder_of_this_pc_does_not_travel_in_a_package(
    pcs: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, b = pcs
    a.documents.remember_export_folder(tmp_path)
    a.store.set_setting("export_folder", "C:/Users/VanThu/Documents/Xuat")  # an older file
    preview = b.exchange.preview(a.exchange.pack(tmp_path / "a").path)
    assert preview.merge.items == ()
    assert a.documents.export_folder() == tmp_path


def test_no_backup_is_started_inside_a_write(samples: Workspace) -> None:
    with samples.store.transaction():
        samples.store.conn.execute("INSERT INTO meta (key, value) VALUES ('thu', '1')")
        assert samples.exchange.busy
        assert samples.exchange.auto_backup() is None
        with pytest.raises(StorageError, match="Đang ghi dữ liệu"):
            samples.exchange.backup_now()
    assert not samples.exchange.busy


def _repack(good: Path, out: Path, table: str, edit: Callable[[list[str]], list[str]]) -> Path:
    """A copy of the package with one part rewritten and its checksum made to match."""
    with zipfile.ZipFile(good) as z:
        lines = z.read(table).decode().splitlines()
        manifest = json.loads(z.read("manifest.json"))
    data = ("\n".join(edit(lines)) + "\n").encode()
    manifest["parts"][table] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    if table.startswith("data/"):
        manifest["counts"][table[5:-6]] = len(edit(lines))
    return _rewrite(good, out, {table: data, "manifest.json": json.dumps(manifest).encode()})


def test_crafted_settings_and_history_are_refused_before_anything_is_written(
    pcs: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, b = pcs
    a.store.set_setting("office.commune", "Xã A")
    a.store.set_setting("office.signer", "Nguyễn Văn A")
    b.store.set_setting("office.commune", "Xã A")
    b.store.set_setting("office.signer", "Nguyễn Văn A")
    good = a.exchange.pack(tmp_path / "good").path

    def swap_keys(lines: list[str]) -> list[str]:
        rows = [json.loads(line) for line in lines]
        rows[0]["key"], rows[1]["key"] = rows[1]["key"], rows[0]["key"]
        return [json.dumps(r, ensure_ascii=False) for r in rows]

    def bad_stamp(lines: list[str]) -> list[str]:
        row = {
            "table_name": "units",
            "row_id": "x",
            "row_json": json.dumps({"updated_at": 5, "device_id": [1]}),
            "replaced_at": "2026-01-01T00:00:00.000000Z",
            "device_id": "pc-a",
            "reason": "edit",
        }
        return [*lines, json.dumps(row)]

    cases = {
        "keys": (_repack(good, tmp_path / "k.skh", "data/settings.jsonl", swap_keys), "thiết lập"),
        "stamp": (_repack(good, tmp_path / "s.skh", "history.jsonl", bad_stamp), "lịch sử"),
    }
    manifest = _manifest(good)
    parts = dict(manifest["parts"])  # type: ignore[call-overload]
    parts["history.jsonl"] = {"sha256": "0", "bytes": 1e400}
    huge = _rewrite(
        good,
        tmp_path / "h.skh",
        {"manifest.json": json.dumps(manifest | {"parts": parts}).encode()},
    )
    cases["overflow"] = (huge, "danh mục")
    for name, (path, message) in cases.items():
        with pytest.raises(PackageError, match=message):
            b.exchange.preview(path)
        assert b.exchange.backups() == [], name


def test_a_package_with_nothing_new_takes_no_backup(
    pcs: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    a, b = pcs
    preview = b.exchange.preview(a.exchange.pack(tmp_path / "a").path)
    result = b.exchange.merge(preview)
    assert "Không có gì thay đổi" in result.summary_text()
    assert b.exchange.backups() == []


def test_a_restore_is_refused_while_another_window_has_the_file_open(
    samples: Workspace,
) -> None:
    backup = samples.exchange.backup_now()
    other = Workspace.open(samples.path, device=DEVICE)
    try:
        with pytest.raises(StorageError, match="đang mở"):
            samples.exchange.restore_backup(backup)
        assert samples.plans.count() == 5
    finally:
        other.close()
    samples.exchange.restore_backup(backup)
    assert samples.plans.count() == 5


def test_the_clock_never_goes_back_across_a_restart(
    samples: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _edit_unit(samples, note="trước")
    path = samples.path
    samples.close()
    with monkeypatch.context() as clock:
        clock.setattr("desktop_app.storage.rows.now_iso", lambda: "2020-01-01T00:00:00.000000Z")
        ws = Workspace.open(path, device=DEVICE)
        _edit_unit(ws, note="sau, đồng hồ bị lùi")
        stamps = [
            h.values["updated_at"]
            for h in ws.exchange.history(table="units", row_id=_unit(ws, UNIT).id)
        ]
        now = ws.store.conn.execute(
            "SELECT updated_at FROM units WHERE id = ?", (_unit(ws, UNIT).id,)
        ).fetchone()[0]
        ws.close()
    assert now > max(stamps)


def test_a_disk_that_fills_while_a_part_is_written_leaves_no_file_open_or_behind(
    samples: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened_files: list[Any]
) -> None:
    disk_fills_at(monkeypatch, "write", 3)
    pack_is_refused_leaving_nothing(samples, tmp_path / "usb", opened_files)
