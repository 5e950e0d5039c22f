"""The package reader takes a chunk's lines together, and ends exactly where one at a time does.

A chunk's lines are parsed and framed column by column (``_RowReader.batch``); a chunk with
any line that breaks a rule is read again a line at a time, to refuse it with that line's
number. Whatever a package holds (good rows, a hostile line anywhere, blank lines, rows
this PC holds), the two ways must give the same rows, versions and problems, or the same
refusal.
"""

import json
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.storage import package as reader
from desktop_app.storage.errors import StorageError
from desktop_app.storage.package import PackageRows, read_package
from desktop_app.workspace import Workspace
from tests.storage.exchange_helpers import rezipped

TABLES = ("tasks", "task_units", "sections", "plans")

# What a line becomes: each a rule of the frame, the record rules or the file broken, or a
# line that is fine.
EDITS: dict[str, Any] = {
    "no id": lambda row, _prev: {k: v for k, v in row.items() if k != "id"},
    "id a number": lambda row, _prev: row | {"id": 7},
    "id too long": lambda row, _prev: row | {"id": "x" * 65},
    "id empty": lambda row, _prev: row | {"id": ""},
    "id twice": lambda row, prev: row | {"id": prev.get("id")},
    "stamp wrong": lambda row, _prev: row | {"updated_at": "2026-13-01T00:00:00.000000Z"},
    "stamp a list": lambda row, _prev: row | {"updated_at": []},
    "device a number": lambda row, _prev: row | {"device_id": 3},
    "deleted wrong": lambda row, _prev: row | {"deleted_at": "hôm qua"},
    "deleted right": lambda row, _prev: row | {"deleted_at": "2026-05-01T08:00:00.000000Z"},
    "link a list": lambda row, _prev: row | {"plan_id": ["x"]},
    "link empty": lambda row, _prev: row | {"plan_id": ""},
    "control in text": lambda row, _prev: row | {"text": "a\x0bb", "title": "a\x0bb"},
    "text changed": lambda row, _prev: row | {"text": "Sửa lại", "title": "Sửa lại"},
    "stamp newer": lambda row, _prev: row | {"updated_at": "2030-01-01T00:00:00.000000Z"},
    "not a row": lambda _row, _prev: [1, 2],
    "not json": lambda _row, _prev: "{broken",
    "blank line": lambda _row, _prev: "",
}


def _rebuilt(good: Path, out: Path, edits: list[tuple[str, int, str]]) -> Path:
    """``good`` with lines replaced as ``edits`` say (table, line, edit), checksums fitted."""
    with zipfile.ZipFile(good) as z:
        manifest = json.loads(z.read("manifest.json"))
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    for table, index, edit in edits:
        name = f"data/{table}.jsonl"
        lines = parts[name].decode().splitlines()
        at = index % len(lines)
        try:
            row, prev = json.loads(lines[at]), json.loads(lines[at - 1])
        except json.JSONDecodeError:
            continue  # an edit before broke one of them
        if not isinstance(row, dict) or not isinstance(prev, dict):
            continue
        new = EDITS[edit](row, prev)
        lines[at] = new if isinstance(new, str) else json.dumps(new, ensure_ascii=False)
        parts[name] = ("\n".join(lines) + "\n").encode()
    return rezipped(parts, manifest, out)


def _outcome(path: Path, conn: sqlite3.Connection) -> object:
    """What reading gives: every table's rows and what the merge asks of them, or the refusal."""
    try:
        package = read_package(path, conn)
    except StorageError as refused:
        return ("refused", refused.message)
    return {
        table: (
            list(rows),
            list(rows.versions),
            bytes(rows.tombstones),
            bytes(rows.unchecked),
            rows.newest,
        )
        for table, rows in package.rows.items()
    } | {"history": package.history}


@pytest.fixture
def pcs(samples_path: Path, tmp_path: Path) -> Iterator[tuple[Path, sqlite3.Connection]]:
    """A package of the sample plans, and the connection of the PC that packed it."""
    ws = Workspace.open(samples_path, device="pc-a")
    good = ws.exchange.pack(tmp_path / "good.skh").path
    yield good, ws.store.conn
    ws.close()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(TABLES), st.integers(1, 10_000), st.sampled_from(sorted(EDITS))),
        max_size=3,
    ),
    read_together=st.sampled_from([1, 3, 64]),
    held_here=st.booleans(),
)
def test_lines_read_together_end_as_lines_read_one_at_a_time(  # noqa: PLR0917 - drawn
    pcs: tuple[Path, sqlite3.Connection],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    edits: list[tuple[str, int, str]],
    read_together: int,
    held_here: bool,
) -> None:
    good, conn = pcs
    package = _rebuilt(good, tmp_path / "edited.skh", edits)
    with monkeypatch.context() as m:
        # Small batches and blocks: a few hundred sample rows cross many of both.
        m.setattr(reader, "_READ_TOGETHER", read_together)
        m.setattr(PackageRows, "BLOCK", 5)
        if held_here:  # the rows this PC holds in that version are looked up whole
            m.setattr(reader, "LOOK_UP_BY_ID_BELOW", 0)
        together = _outcome(package, conn)
        m.setattr(reader._RowReader, "batch", lambda *_args: None)
        one_at_a_time = _outcome(package, conn)
    assert together == one_at_a_time


def test_a_package_read_together_is_the_package(pcs: tuple[Path, sqlite3.Connection]) -> None:
    good, conn = pcs
    outcome = _outcome(good, conn)
    assert isinstance(outcome, dict)
    [tasks] = conn.execute("SELECT count(*) FROM tasks").fetchone()
    assert len(outcome["tasks"][0]) == tasks > 50  # the sample plans' tasks, all read
