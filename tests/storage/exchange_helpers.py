"""What two workspaces must agree on after merging, and a package written to a full disk."""

import errno
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from desktop_app.storage import package as package_module
from desktop_app.storage.package import TABLES, PackageError
from desktop_app.workspace import Workspace

Snapshot = dict[str, list[tuple[Any, ...]]]


def open_two_pcs(source: Path, folder: Path) -> tuple[Workspace, Workspace]:
    """PC A and PC B, each with its own copy of ``source`` (``folder``/a and /b); close both."""
    for name in ("a", "b"):
        (folder / name).mkdir()
        shutil.copy2(source, folder / name / "data.sqlite")
    return (
        Workspace.open(folder / "a" / "data.sqlite", device="pc-a"),
        Workspace.open(folder / "b" / "data.sqlite", device="pc-b"),
    )


def snapshot(ws: Workspace) -> Snapshot:
    """Every row of every synced table, stamps included; settings by key (ids are per PC)."""
    out: Snapshot = {}
    conn = ws.store.conn
    for table in TABLES:
        cur = conn.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        if table == "settings":
            out[table] = sorted(
                (r["key"], r["value"], r["updated_at"], r["device_id"], r["deleted_at"])
                for r in rows
            )
        else:
            out[table] = sorted(tuple(r[n] for n in names) for r in rows)
    return out


def versions(ws: Workspace) -> set[tuple[str, str, str, str]]:
    """Every version a workspace knows: (table, id, updated_at, device), current or history."""
    conn = ws.store.conn
    out = set()
    for table in TABLES:
        if table == "settings":
            continue
        for row_id, stamp, device in conn.execute(f"SELECT id, updated_at, device_id FROM {table}"):
            out.add((table, row_id, stamp, device))
    for table, row_id, stamp, device in conn.execute(
        "SELECT table_name, row_id, json_extract(row_json, '$.updated_at'),"
        " json_extract(row_json, '$.device_id') FROM history WHERE table_name != 'settings'"
    ):
        out.add((table, row_id, stamp, device))
    return out


def disk_fills_at(monkeypatch: pytest.MonkeyPatch, method: str, call: int) -> None:
    """The disk is full when ``package._Member.<method>`` is called the ``call``-th time."""
    real = getattr(package_module._Member, method)
    calls = 0

    def fills_up(member: Any, *args: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == call:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(member, *args)

    monkeypatch.setattr(package_module._Member, method, fills_up)


def pack_is_refused_leaving_nothing(ws: Workspace, usb: Path, opened_files: list[Any]) -> None:
    """Packing onto ``usb`` fails with the full disk said, no file open, nothing left there."""
    usb.mkdir()
    with pytest.raises(PackageError, match="đã đầy"):
        ws.exchange.pack(usb / "goi")
    # On Windows a file still open can be neither deleted nor written again.
    assert [f.name for f in opened_files if not f.closed] == []
    assert list(usb.iterdir()) == []


def rezipped(parts: dict[str, bytes], manifest: dict[str, Any], out: Path) -> Path:
    """A package of ``parts`` (name -> bytes), the data parts' checksums fitted in ``manifest``."""
    for name, data in parts.items():
        if name.startswith("data/"):
            manifest["parts"][name] = {
                "sha256": hashlib.sha256(data).hexdigest(),
                "bytes": len(data),
            }
    parts["manifest.json"] = json.dumps(manifest).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    out.write_bytes(buffer.getvalue())
    return out
