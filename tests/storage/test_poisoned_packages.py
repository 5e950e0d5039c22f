"""Packages whose rows have the right types but impossible values (issue 22).

Before the record rules, each of these passed the package reader and was merged; then the
export, the agenda and the calendar crashed, ``check-db`` said the data was clean, and
``pack`` carried the poison on. Now the package is refused whole, naming the records and
fields, and the workspace file stays byte-identical. The dry run runs the merge's own code
in a transaction it rolls back, so its verdict is the merge's.
"""

import hashlib
import json
import shutil
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.errors import UserError
from desktop_app.storage.package import PackageError
from desktop_app.workspace import Workspace
from tests.storage.exchange_helpers import rezipped


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _lines(package: Path, table: str) -> list[dict[str, Any]]:
    with zipfile.ZipFile(package) as z:
        return [json.loads(line) for line in z.read(f"data/{table}.jsonl").splitlines()]


# A value in tampered()'s edits that takes the column out of the line.
DROP = object()


def tampered(good: Path, out: Path, edits: Mapping[str, Mapping[int, Mapping[str, Any]]]) -> Path:
    """``good`` with rows changed (table -> row index -> values), checksums made to fit."""
    with zipfile.ZipFile(good) as z:
        manifest = json.loads(z.read("manifest.json"))
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    for table, rows in edits.items():
        lines = parts[f"data/{table}.jsonl"].decode().splitlines()
        for index, values in rows.items():
            row = {
                k: v for k, v in (json.loads(lines[index]) | dict(values)).items() if v is not DROP
            }
            lines[index] = json.dumps(row, ensure_ascii=False)
        parts[f"data/{table}.jsonl"] = ("\n".join(lines) + "\n").encode()
    return rezipped(parts, manifest, out)


@pytest.fixture
def two_pcs(samples_path: Path, tmp_path: Path) -> Iterator[tuple[Workspace, Path, Path]]:
    """PC A with the samples and a package of them; PC B's file (closed), a copy of A's."""
    b_path = tmp_path / "pc-b" / "data.sqlite"
    b_path.parent.mkdir()
    shutil.copy2(samples_path, b_path)
    Workspace.open(b_path, device="pc-b").close()  # as B's file is after its first use
    a = Workspace.open(samples_path, device="pc-a")
    good = a.exchange.pack(tmp_path / "good").path
    yield a, good, b_path
    a.close()


# A version after every one in the samples, so the merge takes the row.
LATER = "2030-01-01T00:00:00.000000Z"


def task_under_another_plans_section(good: Path, out: Path) -> Path:
    """``good`` with a live task filed under a section of another plan, as a later version."""
    tasks, sections = _lines(good, "tasks"), _lines(good, "sections")
    index, task = next((i, t) for i, t in enumerate(tasks) if t["deleted_at"] is None)
    other = next(s for s in sections if s["plan_id"] != task["plan_id"])
    return tampered(good, out, {"tasks": {index: {"section_id": other["id"], "updated_at": LATER}}})


IMPOSSIBLE: dict[str, tuple[str, dict[str, Any], str]] = {
    "unknown status": ("plans", {"status": "bi_mat"}, "Trạng thái"),
    "deadline of the wrong shape": (
        "tasks",
        {"deadline_kind": "month", "deadline_year": None, "deadline_month": 14},
        "Tháng hạn",
    ),
    "year 9999": ("events", {"event_date": "9999-01-01"}, "9999"),
    "negative number": ("hamlets", {"households": -5}, "Số hộ"),
    "control character": ("units", {"note": "a\x00b"}, "ký tự điều khiển"),
    "bad JSON shape": ("plans", {"bases": '{"x": 1}'}, "danh sách"),
    "unknown role": ("task_units", {"role": "boss"}, "không thuộc"),
}


@pytest.mark.parametrize("case", sorted(IMPOSSIBLE))
def test_a_package_with_an_impossible_value_is_refused_whole(
    two_pcs: tuple[Workspace, Path, Path], tmp_path: Path, case: str
) -> None:
    _a, good, b_path = two_pcs
    table, values, named = IMPOSSIBLE[case]
    # A change somewhere else too, so the package would have something to merge.
    edits: dict[str, dict[int, Mapping[str, Any]]] = {"units": {1: {"note": "x"}}}
    edits.setdefault(table, {})[0] = values
    bad = tampered(good, tmp_path / "bad.skh", edits)
    before = _digest(b_path)
    b = Workspace.open(b_path, device="pc-b")
    with pytest.raises(PackageError) as refused:
        b.exchange.preview(bad)
    b.close()
    message = str(refused.value)
    assert "không nhập gì" in message
    assert named in message
    assert "(mã " in message  # the record is named by its id
    assert _digest(b_path) == before
    assert not list(b_path.parent.glob("sao-luu/*"))


def test_the_first_problems_are_listed_by_kind_id_and_field(
    two_pcs: tuple[Workspace, Path, Path], tmp_path: Path
) -> None:
    _a, good, b_path = two_pcs
    tasks = _lines(good, "tasks")
    edits = {"tasks": {i: {"status": "???"} for i in range(min(len(tasks), 15))}}
    bad = tampered(good, tmp_path / "many.skh", edits)
    b = Workspace.open(b_path, device="pc-b")
    with pytest.raises(PackageError) as refused:
        b.exchange.preview(bad)
    b.close()
    lines = str(refused.value).splitlines()
    listed = [line for line in lines if line.startswith("- Nhiệm vụ (mã ")]
    assert len(listed) == 10
    assert all("“Trạng thái”" in line for line in listed)
    assert lines[-1] == "- … và 5 lỗi khác."


def test_a_link_to_a_row_of_another_plan_is_refused_by_the_dry_run_as_by_the_merge(
    two_pcs: tuple[Workspace, Path, Path], tmp_path: Path
) -> None:
    _a, good, b_path = two_pcs
    bad = task_under_another_plans_section(good, tmp_path / "link.skh")
    before = _digest(b_path)
    b = Workspace.open(b_path, device="pc-b")
    with pytest.raises(PackageError, match="của một kế hoạch khác"):
        b.exchange.preview(bad, trial=True)
    with pytest.raises(PackageError, match="của một kế hoạch khác"):
        b.exchange.merge(b.exchange.preview(bad))
    b.close()
    assert _digest(b_path) == before


def test_the_agenda_export_and_check_db_after_a_good_merge_are_clean(
    two_pcs: tuple[Workspace, Path, Path],
) -> None:
    _a, good, b_path = two_pcs
    b = Workspace.open(b_path, device="pc-b")
    b.exchange.merge(b.exchange.preview(good))
    assert b.exchange.check_db().ok
    b.close()


# ---- the dry run's verdict is the merge's --------------------------------------------------

_MUTATIONS = st.sampled_from(
    [
        None,  # a valid package
        ("plans", "status", "bi_mat"),
        ("plans", "plan_date", "9999-12-31"),
        ("tasks", "deadline_month", 13),
        ("tasks", "position", -1),
        ("events", "event_time", "9" * 100),
        ("hamlets", "population", -1),
        ("units", "kind", "alien"),
        ("tasks", "section_id", "<other plan>"),
        ("units", "note", "đã sửa"),
        ("plans", "title", "Tên mới"),
    ]
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(mutations=st.lists(st.tuples(_MUTATIONS, st.integers(0, 40)), max_size=3))
def test_the_dry_run_and_the_merge_agree(
    two_pcs: tuple[Workspace, Path, Path],
    tmp_path: Path,
    mutations: list[tuple[tuple[str, str, Any] | None, int]],
) -> None:
    _a, good, b_path = two_pcs
    edits: dict[str, dict[int, dict[str, Any]]] = {}
    for mutation, index in mutations:
        if mutation is None:
            continue
        table, column, value = mutation
        rows = _lines(good, table)
        row = index % len(rows)
        if value == "<other plan>":
            sections = _lines(good, "sections")
            value = next((s["id"] for s in sections if s["plan_id"] != rows[row]["plan_id"]), None)
        edits.setdefault(table, {}).setdefault(row, {}).update({column: value, "updated_at": LATER})
    package = tampered(good, tmp_path / "gen.skh", edits)
    work = tmp_path / "gen.sqlite"
    shutil.copy2(b_path, work)
    before = _digest(work)
    ws = Workspace.open(work, device="pc-b")
    try:
        ws.exchange.preview(package, trial=True)
    except UserError:
        verdict_dry = False
    else:
        verdict_dry = True
    ws.close()
    assert _digest(work) == before  # the dry run wrote nothing
    ws = Workspace.open(work, device="pc-b")
    try:
        if verdict_dry:
            ws.exchange.merge(ws.exchange.preview(package))
        else:
            with pytest.raises(UserError):
                # The merge itself, without the preview's check, refuses it as well.
                _merge_without_preview_check(ws, package)
        if verdict_dry:
            assert ws.exchange.check_db().ok
    finally:
        ws.close()
    if not verdict_dry:
        assert _digest(work) == before
    work.unlink()


def _merge_without_preview_check(ws: Workspace, package: Path) -> None:
    from desktop_app.storage.merge import preview_merge  # noqa: PLC0415
    from desktop_app.storage.package import read_package  # noqa: PLC0415
    from desktop_app.workspace.exchange import PackagePreview  # noqa: PLC0415

    read = read_package(package, ws.store.conn)
    merge = preview_merge(ws.store.conn, read, ws.store.workspace_id)
    ws.exchange.merge(PackagePreview(read, merge))


def test_a_workspace_repaired_by_check_db_sends_a_package_the_other_pc_takes(
    samples_path: Path, tmp_path: Path
) -> None:
    # check-db --repair sets a bad row aside as a tombstone that keeps its stored values; the
    # schema's checks and check-db pass over tombstones, and so must the other PC's reader,
    # or a repaired office could never send a whole package again.
    from tests.workspace.test_flagged_exports import write_bad_row  # noqa: PLC0415

    a = Workspace.open(samples_path, device="pc-a")
    plan_id = a.plans.summaries()[0].id
    write_bad_row(
        a,
        "UPDATE tasks SET status = 'bi_mat' WHERE id = (SELECT id FROM tasks"
        " WHERE plan_id = :plan AND deleted_at IS NULL ORDER BY position LIMIT 1)",
        plan_id,
    )
    a.exchange.repair_db()
    assert a.exchange.check_db().ok
    package = a.exchange.pack(tmp_path / "repaired").path
    a.close()
    b = Workspace.open(tmp_path / "b.sqlite", device="pc-b")
    try:
        b.exchange.merge(b.exchange.preview(package))
        assert b.exchange.check_db().ok
        assert b.plans.get(plan_id).id == plan_id
    finally:
        b.close()


@pytest.fixture
def whole_tables_by_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every table read as a whole office's is: this PC's versions read once, not by id."""
    monkeypatch.setattr("desktop_app.storage.package.LOOK_UP_BY_ID_BELOW", 0)


@pytest.mark.usefixtures("whole_tables_by_version")
def test_a_row_held_here_in_that_version_is_neither_checked_nor_written(
    two_pcs: tuple[Workspace, Path, Path], tmp_path: Path
) -> None:
    # Merging the same package again checked every row of it: a third of the reading.
    # A row this PC holds in the same version is not written, so it is not checked either.
    _a, good, b_path = two_pcs
    bad = tampered(good, tmp_path / "same-version.skh", {"plans": {0: {"status": "bi_mat"}}})
    b = Workspace.open(b_path, device="pc-b")
    try:
        before = b.store.conn.execute("SELECT status FROM plans ORDER BY id").fetchall()
        preview = b.exchange.preview(bad)
        assert preview.merge.nothing_to_do
        b.exchange.merge(preview)
        assert b.store.conn.execute("SELECT status FROM plans ORDER BY id").fetchall() == before
    finally:
        b.close()


@pytest.mark.usefixtures("whole_tables_by_version")
def test_a_row_left_unchecked_is_checked_when_the_merge_would_now_write_it(
    two_pcs: tuple[Workspace, Path, Path], tmp_path: Path
) -> None:
    # The workspace changed between the preview and the merge (here: a row gone, as after
    # bringing back an older file): the merge plans again, and the row it would now write
    # is put to the rules first.
    _a, good, b_path = two_pcs
    row = _lines(good, "plans")[0]
    edits = {0: {"status": "bi_mat"}, 1: {"title": "Tên mới", "updated_at": LATER}}
    bad = tampered(good, tmp_path / "same-version.skh", {"plans": edits})
    b = Workspace.open(b_path, device="pc-b")
    try:
        preview = b.exchange.preview(bad)
        assert not preview.merge.nothing_to_do
        b.store.conn.execute("PRAGMA foreign_keys = OFF")
        b.store.conn.execute("DELETE FROM plans WHERE id = ?", (row["id"],))
        b.store.conn.execute("PRAGMA foreign_keys = ON")
        plans = "SELECT * FROM plans ORDER BY id"
        before = b.store.conn.execute(plans).fetchall()
        with pytest.raises(PackageError, match="Trạng thái"):
            b.exchange.merge(preview)
        assert b.store.conn.execute(plans).fetchall() == before
    finally:
        b.close()
